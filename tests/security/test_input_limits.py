"""The request guards: bodies over MAX_CONTENT_LENGTH refused unread (translated 413), NUL bytes in
paths, queries and forms, integers beyond the database's INTEGER in routes and query strings."""
from __future__ import annotations

import io

import pytest

from organizer import create_app
from organizer.database import INT_MAX, db_int
from organizer.extensions import db

from ..conftest import base_config


class CountingStream(io.RawIOBase):
    """A body that claims to be huge and counts what the server reads of it."""

    def __init__(self, size: int):
        self.size, self.position, self.read_bytes = size, 0, 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self.position

    def seek(self, offset, whence=0):
        self.position = {0: offset, 1: self.position + offset, 2: self.size + offset}[whence]
        return self.position

    def readinto(self, buffer):
        n = max(0, min(len(buffer), self.size - self.position))
        buffer[:n] = b"a" * n
        self.position += n
        self.read_bytes += n
        return n


@pytest.mark.backends("sqlite")
@pytest.mark.parametrize("lang, title", [("en", "What you sent is too large"), ("es", "Lo que enviaste es demasiado grande")])
def test_a_200_mb_post_is_refused_without_being_read(app, lang, title):
    body = CountingStream(200 * 1024 * 1024)
    response = app.test_client().post(f"/{lang}/account/login", input_stream=body,
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert title in response.get_data(as_text=True)
    assert body.read_bytes < 1024 * 1024, body.read_bytes


@pytest.mark.backends("sqlite")
def test_the_limit_is_a_setting(tmp_path, monkeypatch, sqlite_template):
    monkeypatch.setenv("ORGANIZER_MAX_CONTENT_LENGTH", "1048576")
    config = base_config(tmp_path, f"sqlite:///{sqlite_template}")
    app = create_app(config)
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    response = app.test_client().post("/en/account/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "at most 1 MB" in response.get_data(as_text=True)
    monkeypatch.delenv("ORGANIZER_MAX_CONTENT_LENGTH")
    assert create_app(config).config["MAX_CONTENT_LENGTH"] == 10 * 1024 * 1024  # the default


def test_db_int():
    assert db_int("42") == 42 and db_int(" 7 ") == 7 and db_int("-3") == -3
    assert db_int(str(INT_MAX)) == INT_MAX and db_int(str(INT_MAX + 1)) is None
    for hostile in ("99999999999999999999", "\u00b2", "\u0663", "1e3", "", None, "0x10", "9" * 5000, True):
        assert db_int(hostile) is None, hostile


def test_hostile_addresses_and_values(app, world, clients):
    """The issue's own examples, each with the answer it must get."""
    from organizer.accounts.models import User

    organizer, anonymous = clients["organizer"], clients["anonymous"]
    agenda = "/en/convenings/conv-a/agenda"
    assert anonymous.get("/en/search/?q=%00").status_code == 400
    assert anonymous.get("/en/search/?q=a%00b").status_code == 400
    assert anonymous.get("/en/convenings/%00/").status_code == 404
    assert anonymous.get(agenda + "/v/99999999999999999999/").status_code == 404
    assert anonymous.get(agenda + f"/v/{INT_MAX + 1}/").status_code == 404
    assert anonymous.get(agenda + "/v/\u0661/").status_code == 404  # an Arabic-Indic digit is no number here
    assert anonymous.get(agenda + f"/v/{world.ids['release']}/").status_code == 200
    # an unknown parameter is redirected to the canonical address (the cache key ignores it)
    assert anonymous.get(agenda + "/?version=99999999999999999999").status_code in (200, 302, 404)
    dashboard = "/en/registration/conv-a/dashboard?organization="
    assert organizer.get(dashboard + "9" * 30).status_code == 200
    assert organizer.get(dashboard + "-1").status_code == 200
    assert organizer.get("/en/registration/conv-a/roster?organization=" + "9" * 30).status_code == 200
    assert organizer.get("/en/organizations/?page=99999999999999999999").status_code == 200
    # A NUL typed into a profile name (PostgreSQL refuses NUL in text): saved without it.
    response = organizer.post("/en/account/", data={"name": "Orga\x00nizer", "preferred_language": "en"})
    assert response.status_code in (200, 302)
    with app.app_context():
        assert "\x00" not in db.session.get(User, world.users["organizer"]).name


def test_content_types_name_their_charset_once(app, world, clients):
    """The CSV export said ``text/csv; charset=utf-8; charset=utf-8``: every page the organizer may
    open says its charset at most once."""
    from .matrix import TABLE

    values = {**world.ids, **world.slugs, "lang": "en"}
    seen = {}
    for entry in TABLE:
        if "GET" not in entry.methods or entry.token or entry.expect[5] != "O":
            continue
        response = clients["organizer"].get(entry.url.format(**values))
        seen[entry.endpoint] = response.headers.get("Content-Type", "")
    assert seen["delegations.export"] == "text/csv; charset=utf-8"
    assert [(e, t) for e, t in seen.items() if t.lower().count("charset") > 1] == []
