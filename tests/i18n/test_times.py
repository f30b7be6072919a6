"""Every moment a person sees is in the convening's zone (or the reader's), labelled with it; local
wall times that do not exist are refused, repeated ones are asked about."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask_babel import force_locale

from organizer.i18n.formatting import DEFAULT_ZONES, format_local_datetime, reader_zone, zone_label
from organizer.i18n.zones import AMBIGUOUS, EXACT, NONEXISTENT, classify, zone_choices, zone_display

MX = "America/Mexico_City"
LA = "America/Los_Angeles"


def _fmt(app, value, tz, lang="es", fmt="medium"):
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return format_local_datetime(value, tz, fmt)


def test_a_deadline_at_23_00_in_mexico_city_stays_23_00_with_its_zone(app):
    deadline = datetime(2027, 2, 22, 5, 0, tzinfo=timezone.utc)  # stored: 23:00 CST on Feb 21
    text = _fmt(app, deadline, MX)
    assert text == "21 feb 2027, 23:00 (hora de Ciudad de México, GMT-06:00)"
    assert "5:00" not in text
    english = _fmt(app, deadline, MX, "en")
    assert english == "Feb 21, 2027, 11:00\u202fPM (Mexico City time, GMT-06:00)"


def test_a_deadline_at_23_59_pacific_stays_on_the_15th(app):
    deadline = datetime(2027, 10, 16, 6, 59, tzinfo=timezone.utc)  # 23:59 PDT on Oct 15
    assert _fmt(app, deadline, LA) == "15 oct 2027, 23:59 (hora de Los Ángeles, GMT-07:00)"


def test_submitted_at_noon_local_is_not_shown_in_utc(app):
    submitted = datetime(2027, 3, 1, 20, 33, tzinfo=timezone.utc)
    assert _fmt(app, submitted, LA, "en", "short").startswith("3/1/27, 12:33\u202fPM (Los Angeles time")


def test_a_naive_value_is_utc_and_none_is_empty(app):
    assert _fmt(app, datetime(2027, 2, 22, 5, 0), MX).startswith("21 feb 2027, 23:00")
    assert _fmt(app, None, MX) == ""


def test_the_label_follows_daylight_time_per_moment(app):
    with app.test_request_context("/en/"), force_locale("en"):
        assert zone_label(LA, datetime(2027, 11, 6, 12, tzinfo=timezone.utc)).endswith("GMT-07:00")
        assert zone_label(LA, datetime(2027, 11, 8, 12, tzinfo=timezone.utc)).endswith("GMT-08:00")
        assert zone_label("UTC") == "UTC"


def test_things_tied_to_no_convening_use_the_readers_zone(app):
    with app.test_request_context("/es/"), force_locale("es"):
        assert reader_zone() == DEFAULT_ZONES["es"] == MX
        assert "hora de Ciudad de México" in format_local_datetime(datetime(2027, 1, 1, 18, tzinfo=timezone.utc))
    with app.test_request_context("/en/"), force_locale("en"):
        assert reader_zone() == DEFAULT_ZONES["en"]


def test_the_profile_sets_the_readers_zone(app, client):
    from organizer.accounts import services as accounts
    from organizer.extensions import db

    from ..conftest import login

    with app.app_context():
        accounts.create_user("tz@example.org", "Tz", "correct horse battery", "es", confirmed=True)
        db.session.commit()
    login(client, "tz@example.org", "correct horse battery")
    response = client.get("/es/account/")
    page = response.get_data(as_text=True)
    assert "Ciudad de México (México)" in page
    form = {"name": "Tz", "preferred_language": "es", "timezone": "America/Toronto"}
    client.post("/es/account/", data=form)
    with app.app_context():
        from organizer.accounts.models import User

        assert db.session.scalar(db.select(User.timezone).where(User.email == "tz@example.org")) == "America/Toronto"
    client.post("/es/account/", data={**form, "timezone": "Mars/Olympus"})
    with app.app_context():
        assert db.session.scalar(db.select(User.timezone).where(User.email == "tz@example.org")) == "America/Toronto"


# ---------------------------------------------------------------- item 3: wall times

def test_classify_wall_times():
    la = ZoneInfo(LA)
    assert classify(datetime(2027, 3, 14, 2, 30), la) == NONEXISTENT
    assert classify(datetime(2027, 11, 7, 1, 30), la) == AMBIGUOUS
    assert classify(datetime(2027, 11, 7, 3, 30), la) == EXACT


# ---------------------------------------------------------------- item 4: pickers

def test_zone_pickers_name_city_and_country_in_the_readers_language(app):
    with app.test_request_context("/es/"), force_locale("es"):
        choices = dict(zone_choices())
        assert choices[MX] == "Ciudad de México (México) · hora central"
        assert choices[LA] == "Los Ángeles (Estados Unidos) · hora del Pacífico"
        assert zone_display("Europe/Brussels") == "Bruselas (Bélgica) · hora de Europa central"
        assert not any("_" in label or label.startswith("America/") for label in choices.values())
    with app.test_request_context("/en/"), force_locale("en"):
        assert dict(zone_choices())[MX] == "Mexico City (Mexico) · Central Time"


def test_a_picker_keeps_a_real_stored_zone_and_refuses_an_invented_one(app):
    with app.test_request_context("/es/"), force_locale("es"):
        assert ("US/Pacific", "US/Pacific") in zone_choices("US/Pacific")
        assert "Mars/Olympus" not in dict(zone_choices("Mars/Olympus"))
        assert "../../etc/passwd" not in dict(zone_choices("../../etc/passwd"))
