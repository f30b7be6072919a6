"""The cached public agenda is the anonymous visitor's page: it decides "anonymous" without loading
the user, so a signed-in person (by session or by remember-me cookie alone) must never get it."""
from __future__ import annotations

from organizer.platform import http_cache

from ..conftest import PASSWORD
from .conftest import local

PUBLIC = "/en/convenings/la-2013/agenda/"


def test_signed_in_people_never_get_the_anonymous_copy(app, client, world, add_session, do_release):
    add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10))
    do_release("v1")
    anonymous = app.test_client()
    for _ in range(2):
        page = anonymous.get(PUBLIC).get_data(as_text=True)
        assert "Political context" in page and "Log out" not in page
    assert http_cache.stats(app).hits >= 1

    # signed in: the session holds the user
    response = client.post("/en/account/login", data={"email": "visitor@example.org", "password": PASSWORD,
                                                      "remember": "y"})
    assert response.status_code == 302
    page = client.get(PUBLIC).get_data(as_text=True)
    assert "Political context" in page and "Log out" in page and "Visitor" in page

    # a new browser session with only the remember-me cookie: still that person, not the cached copy
    remember = client.get_cookie("remember_token")
    assert remember is not None
    returning = app.test_client()
    returning.set_cookie("remember_token", remember.value)
    page = returning.get(PUBLIC).get_data(as_text=True)
    assert "Political context" in page and "Log out" in page and "Visitor" in page

    # the anonymous visitor still gets the cached page, with the language headers and the cookie
    hits = http_cache.stats(app).hits
    response = app.test_client().get("/es/convenings/la-2013/agenda/")
    assert response.status_code == 200 and response.headers["Content-Language"] == "es"
    assert "Content-Security-Policy" in response.headers and "organizer_lang=es" in response.headers.get("Set-Cookie", "")
    response = app.test_client().get("/es/convenings/la-2013/agenda/")
    assert http_cache.stats(app).hits == hits + 1
    assert response.headers["Content-Language"] == "es" and "Content-Security-Policy" in response.headers
