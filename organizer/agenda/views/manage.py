"""The organizers' editor: the draft by day, sessions, rooms, tracks, checks and releases."""
from __future__ import annotations

from datetime import date, datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...convenings.models import Convening
from ...i18n.formatting import translated_plain
from ...i18n.zones import set_zone
from ...platform.errors import form_error
from ...platform.loader import checked
from .. import services
from ..forms import NONE, MoveForm, ReleaseForm, RoomForm, SessionForm, TrackForm, options
from ..labels import MAIL_STATUS_LABELS
from ..models import DAY, EXACT
from ..notices import notices_by_release
from ..view import Agenda
from . import _editable, bp


@bp.route("/manage/")
def manage(slug: str):
    convening = _editable(slug)
    form = ReleaseForm()
    return _manage_page(convening, form)


def _manage_page(convening: Convening, form: ReleaseForm):
    """The draft and release page. A form with errors re-renders with 200, as every editor form here:
    browsers report a 4xx page as a failed load."""
    draft_rows = services.sessions(convening)
    room_rows = services.rooms(convening)
    warnings = services.check(convening, draft_rows, room_rows)
    draft = Agenda(services.snapshot(convening))
    latest = services.latest_release(convening)
    pending = services.changelog(latest.snapshot if latest else None, draft.snapshot)
    return render_template("agenda/manage/index.html", convening=convening, agenda=draft, days=draft.days(),
                           previous=Agenda.of_release(latest) if latest else None,
                           convening_days=_convening_days(convening),
                           undated=draft.undated(), warnings=warnings, form=form, latest=latest,
                           pending=pending, releases=services.releases(convening),
                           session_titles={s.id: s.title for s in draft_rows},
                           listen_languages=services.listen_languages(convening),
                           notices=notices_by_release(convening), MAIL_STATUS_LABELS=MAIL_STATUS_LABELS)


def _convening_days(convening: Convening) -> list[date]:
    """The convening's days, when its dates are known to the day (and it lasts under two months)."""
    start, end = convening.start, convening.end or convening.start
    if not start or start.precision != "day" or end.precision != "day" or not 0 <= (end.value - start.value).days < 60:
        return []
    from datetime import timedelta

    return [start.value + timedelta(days=i) for i in range((end.value - start.value).days + 1)]


@bp.route("/manage/day/<day>/")
def manage_day(slug: str, day: str):
    convening = _editable(slug)
    try:
        wanted = date.fromisoformat(day)
    except ValueError:
        abort(404)
    draft = Agenda(services.snapshot(convening))
    found = [d for d in draft.days() if d.date == wanted]
    warnings = services.check(convening)
    return render_template("agenda/manage/day.html", convening=convening, agenda=draft, day=wanted,
                           session_titles={s.id: s.title for s in draft.sessions},
                           convening_days=_convening_days(convening),
                           found=found[0] if found else None, warnings=warnings,
                           warned_ids={sid for w in warnings for sid in w.session_ids},
                           all_days=sorted(set(_convening_days(convening)) | {d.date for d in draft.days()}))


@bp.route("/manage/release", methods=["POST"])
def release(slug: str):
    convening = _editable(slug)
    form = ReleaseForm()
    if not form.validate_on_submit():
        return _manage_page(convening, form)
    try:
        row = services.publish(convening, form.name.data, form.note.data, current_user.id,
                               despite_warnings=bool(form.despite_warnings.data))
    except services.AgendaError as error:
        form_error(form, error)
        return _manage_page(convening, form)
    flash(_("Version “%(name)s” is released: the public agenda shows it now.", name=translated_plain(row.name)), "success")
    return redirect(url_for("agenda.manage", slug=slug))


def _session_form(convening: Convening, obj=None) -> SessionForm:
    form = SessionForm()
    if request.method == "GET" and obj is not None:
        _fill(form, convening, obj)
    extra = 3
    while len(form.people.entries) < max(3, len(obj.people) + extra if obj is not None else 3):
        form.people.append_entry()
    form.found = None
    form.added = None
    keep = form.chosen_people()
    if _adding_person():
        keep |= _add_person(form)
    if _searching_people():
        # Search, then choose (works without JavaScript): the rows offer the people found and
        # those already chosen; the session is not saved and everything typed stays.
        form.found = services.find_speakers(form.find_person.data or "")
        people = services.people_choices(convening, keep | form.found, only_keep=True)
        if not form.found and not form.added and not form.new_person_name.data:
            form.new_person_name.data = (form.find_person.data or "").strip()  # offered as the new person's name
    else:
        # Never the whole archive: this convening's people and those already chosen.
        people = services.people_choices(convening, keep)
    form.set_choices(services.rooms(convening), services.tracks(convening), people, services.organization_choices())
    set_zone(form, services.zone(convening))
    return form


def _searching_people() -> bool:
    return request.method == "POST" and ("search_people" in request.form or "add_person" in request.form)


def _adding_person() -> bool:
    return request.method == "POST" and "add_person" in request.form


def _add_person(form: SessionForm) -> set[int]:
    """The search step's "add a new person": recorded at once and put in the first empty row (with
    the organization given); the session itself is saved only by "Save session"."""
    if form.new_person_name.errors or form.new_person_organization.errors:
        return set()
    try:
        person, organization = services.add_speaker(form.new_person_name.data, form.new_person_organization.data,
                                                    bool(form.new_person_confirm.data))
    except services.AgendaError as error:
        form_error(form, error)
        return set()
    row = next((r for r in form.people if not r.form.person.data), None)
    if row is None:
        form.people.append_entry()
        row = form.people.entries[-1]
    row.form.person.data = person.id
    row.form.organization.data = organization.id if organization else NONE
    form.added = person
    form.new_person_name.data = form.new_person_organization.data = ""
    form.new_person_confirm.data = False
    return {person.id}


def _fill(form: SessionForm, convening: Convening, session) -> None:
    tz = services.zone(convening)
    form.title.process(None, session.title)
    form.description.process(None, session.description)
    form.kind.data = session.kind
    form.precision.data = session.precision
    form.day.data = session.day
    form.start.data = services.to_local(session.start, tz)
    form.end.data = services.to_local(session.end, tz)
    form.room.data = session.room_id or NONE
    form.track.data = session.track_id or NONE
    form.languages.data = list(session.languages or [])
    form.interpretation_mode.data = session.interpretation_mode
    form.interpretation_into.data = list(session.interpretation_into or [])
    form.interpretation_channel.data = session.interpretation_channel or ""
    form.parallel_allowed.data = session.parallel_allowed
    while len(form.people.entries):
        form.people.pop_entry()
    for p in session.people:
        form.people.append_entry({"person": p.person_id, "organization": p.organization_id or NONE, "role": p.role})


def _data(form: SessionForm, convening: Convening) -> services.SessionData:
    tz = services.zone(convening)
    return services.SessionData(
        title=form.title.data, description=form.description.data, kind=form.kind.data,
        precision=form.precision.data, start=services.to_utc(form.start.data, tz),
        end=services.to_utc(form.end.data, tz), day=form.day.data,
        room_id=form.room.data or None, track_id=form.track.data or None,
        languages=form.languages.data or [], interpretation_mode=form.interpretation_mode.data,
        interpretation_into=form.interpretation_into.data or [],
        interpretation_channel=(form.interpretation_channel.data or "").strip() or None,
        parallel_allowed=bool(form.parallel_allowed.data), people=form.people_data())


def _after_edit(convening: Convening, session) -> str:
    tz = services.zone(convening)
    if session.precision == EXACT and session.start:
        return url_for("agenda.manage_day", slug=convening.slug, day=session.start.astimezone(tz).date().isoformat())
    if session.precision == DAY and session.day:
        return url_for("agenda.manage_day", slug=convening.slug, day=session.day.isoformat())
    return url_for("agenda.manage", slug=convening.slug)


@bp.route("/manage/sessions/new", methods=["GET", "POST"])
def new_session(slug: str):
    convening = _editable(slug)
    form = _session_form(convening)
    if request.method == "GET":
        # Nothing ticked: the organizer says which language the session is held in (issue 15).
        day = request.args.get("day")
        if day:
            try:
                chosen = date.fromisoformat(day)
            except ValueError:
                chosen = None
            if chosen is not None:
                form.day.data = chosen
                form.start.data = datetime.combine(chosen, time(9))
                form.end.data = datetime.combine(chosen, time(10))
    if not _searching_people() and form.validate_on_submit():
        session = services.create_session(convening, _data(form, convening))
        flash(_("Session added to the draft."), "success")
        return redirect(_after_edit(convening, session))
    return render_template("agenda/manage/session_form.html", convening=convening, form=form, session=None)


def _session_or_404(convening: Convening, session_id: int):
    return checked(services.get_session(convening, session_id))


@bp.route("/manage/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(slug: str, session_id: int):
    convening = _editable(slug)
    session = _session_or_404(convening, session_id)
    form = _session_form(convening, session)
    if not _searching_people() and form.validate_on_submit():
        services.update_session(session, _data(form, convening))
        flash(_("Session saved in the draft."), "success")
        return redirect(_after_edit(convening, session))
    return render_template("agenda/manage/session_form.html", convening=convening, form=form, session=session)


@bp.route("/manage/sessions/<int:session_id>/duplicate", methods=["POST"])
def duplicate_session(slug: str, session_id: int):
    convening = _editable(slug)
    copy = services.duplicate_session(_session_or_404(convening, session_id))
    flash(_("Session duplicated. Edit the copy below."), "success")
    return redirect(url_for("agenda.edit_session", slug=slug, session_id=copy.id))


@bp.route("/manage/sessions/<int:session_id>/move", methods=["GET", "POST"])
def move_session(slug: str, session_id: int):
    convening = _editable(slug)
    session = _session_or_404(convening, session_id)
    tz = services.zone(convening)
    form = MoveForm()
    set_zone(form, tz)
    form.room.choices = options([(NONE, _l("No room"))] + [(r.id, translated_plain(r.name))
                                                           for r in services.rooms(convening)])
    if request.method == "GET":
        form.start.data = services.to_local(session.start, tz)
        form.room.data = session.room_id or NONE
    if form.validate_on_submit():
        services.move_session(session, services.to_utc(form.start.data, tz), form.room.data or None)
        flash(_("Session moved."), "success")
        return redirect(_after_edit(convening, session))
    return render_template("agenda/manage/move.html", convening=convening, form=form, session=session)


@bp.route("/manage/sessions/<int:session_id>/delete", methods=["GET", "POST"])
def delete_session(slug: str, session_id: int):
    convening = _editable(slug)
    session = _session_or_404(convening, session_id)
    if request.method == "POST":
        target = _after_edit(convening, session)
        services.delete_session(session)
        flash(_("Session deleted from the draft. Released versions keep it until the next release."), "success")
        return redirect(target)
    return render_template("agenda/manage/delete.html", convening=convening, session=session)


# -- rooms

@bp.route("/manage/rooms/")
def rooms(slug: str):
    convening = _editable(slug)
    return render_template("agenda/manage/rooms.html", convening=convening, rooms=services.rooms(convening),
                           tz=services.zone(convening), to_local=services.to_local)


def _room_form(convening: Convening, room=None) -> RoomForm:
    form = RoomForm()
    if request.method == "GET" and room is not None:
        tz = services.zone(convening)
        form.name.process(None, room.name)
        form.capacity.data = room.capacity
        while len(form.windows.entries):
            form.windows.pop_entry()
        for w in room.availabilities:
            form.windows.append_entry({"start": services.to_local(w.start, tz), "end": services.to_local(w.end, tz)})
    while len(form.windows.entries) < (len(room.availabilities) + 2 if room is not None else 3):
        form.windows.append_entry()
    set_zone(form, services.zone(convening))
    return form


def _save_room(convening: Convening, room=None):
    form = _room_form(convening, room)
    if form.validate_on_submit():
        tz = services.zone(convening)
        windows = [(services.to_utc(w.form.start.data, tz), services.to_utc(w.form.end.data, tz))
                   for w in form.windows if w.form.start.data and w.form.end.data]
        services.save_room(convening, room, form.name.data, form.capacity.data, windows)
        flash(_("Room saved."), "success")
        return redirect(url_for("agenda.rooms", slug=convening.slug))
    return render_template("agenda/manage/room_form.html", convening=convening, form=form, room=room)


@bp.route("/manage/rooms/new", methods=["GET", "POST"])
def new_room(slug: str):
    return _save_room(_editable(slug))


@bp.route("/manage/rooms/<int:room_id>/edit", methods=["GET", "POST"])
def edit_room(slug: str, room_id: int):
    convening = _editable(slug)
    room = checked(services.get_room(convening, room_id))
    return _save_room(convening, room)


@bp.route("/manage/rooms/<int:room_id>/delete", methods=["GET", "POST"])
def delete_room(slug: str, room_id: int):
    """Asks first (GET: what will happen, which sessions lose their room), deletes on POST."""
    convening = _editable(slug)
    room = checked(services.get_room(convening, room_id))
    return _ask_then_delete(convening, "room", room, services.delete_room,
                            lambda: services.sessions_using(convening, room_id=room.id),
                            _("Room deleted. Its sessions now have no room."), url_for("agenda.rooms", slug=slug))


def _ask_then_delete(convening, what: str, place, delete, affected, done: str, back: str):
    """Deleting a room or a track: GET shows which sessions lose it and asks; POST deletes."""
    if request.method == "POST":
        delete(place)
        flash(done, "success")
        return redirect(back)
    return render_template("agenda/manage/delete_place.html", convening=convening, what=what, name=place.name,
                           affected=affected(), back=back)


# -- tracks

@bp.route("/manage/tracks/", methods=["GET", "POST"])
def tracks(slug: str):
    convening = _editable(slug)
    form = TrackForm()
    if form.validate_on_submit():
        services.save_track(convening, None, form.name.data)
        flash(_("Track added."), "success")
        return redirect(url_for("agenda.tracks", slug=slug))
    return render_template("agenda/manage/tracks.html", convening=convening, tracks=services.tracks(convening),
                           form=form)


@bp.route("/manage/tracks/<int:track_id>/edit", methods=["GET", "POST"])
def edit_track(slug: str, track_id: int):
    convening = _editable(slug)
    track = checked(services.get_track(convening, track_id))
    form = TrackForm()
    if request.method == "GET":
        form.name.process(None, track.name)
    if form.validate_on_submit():
        services.save_track(convening, track, form.name.data)
        flash(_("Track saved."), "success")
        return redirect(url_for("agenda.tracks", slug=slug))
    return render_template("agenda/manage/track_form.html", convening=convening, form=form, track=track)


@bp.route("/manage/tracks/<int:track_id>/delete", methods=["GET", "POST"])
def delete_track(slug: str, track_id: int):
    """Asks first (GET: which sessions lose their track), deletes on POST."""
    convening = _editable(slug)
    track = checked(services.get_track(convening, track_id))
    return _ask_then_delete(convening, "track", track, services.delete_track,
                            lambda: services.sessions_using(convening, track_id=track.id),
                            _("Track deleted. Its sessions now have no track."), url_for("agenda.tracks", slug=slug))
