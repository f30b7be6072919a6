from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as pgettext  # lazy; named pgettext so that extraction reads the context
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FieldList, Form, FormField, IntegerField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..i18n.fields import MultiCheckboxField, TranslatedField
from ..i18n.formatting import translated_plain
from ..i18n.registry import language_choices
from ..i18n.zones import LocalDateTimeField
from .labels import INTERPRETATION_LABELS, KIND_LABELS, PRECISION_LABELS, ROLE_LABELS
from .models import DAY, EXACT, NO_INTERPRETATION

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
NONE = 0


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _language_choices():
    """Every language of the registry, signed and Indigenous ones included, named in the reader's
    language, in the one order."""
    return options(language_choices())


def _org_label(name, acronym) -> str:
    """"FAT · Authentic Labor Front": found by acronym or by name in the list."""
    name = translated_plain(name)
    acronym = translated_plain(acronym) if acronym else ""
    return f"{acronym} · {name}" if acronym and acronym != name else name


class PersonRowForm(Form):
    person = SelectField(_l("Person"), coerce=int, default=NONE, validate_choice=True)
    organization = SelectField(_l("Speaks for"), coerce=int, default=NONE, validate_choice=True)
    role = SelectField(pgettext("person", "Role"), choices=options(ROLE_LABELS.items()), default="speaker")

    def validate_organization(self, field):
        if field.data and not self.person.data:
            raise ValidationError(_l("Choose the person first."))


class SessionForm(FlaskForm):
    title = TranslatedField(_l("Title"), required="one", max_length=300)
    description = TranslatedField(_l("Description"), multiline=True, max_length=5000)
    kind = SelectField(_l("Kind of session"), choices=options(KIND_LABELS.items()), default="panel")
    find_person = StringField(_l("Find a person by name or organization"), validators=[Optional(), Length(max=100)],
                              description=_l("Then press “Find”: the rows below offer the people found."))
    new_person_name = StringField(_l("New person's name"), validators=[Optional(), Length(max=200)])
    new_person_organization = StringField(
        _l("Organization they speak for"), validators=[Optional(), Length(max=300)],
        description=_l("Its name or acronym, for example SEIU 721 or Frente Auténtico del Trabajo."))
    new_person_confirm = BooleanField(_l("Add them even though someone with this name is already recorded"))
    precision = RadioField(_l("How precisely is the time known?"), choices=options(PRECISION_LABELS.items()),
                           default=EXACT)
    day = DateField(_l("Day"), validators=[Optional()],
                    description=_l("Only when the day is known but not the time."))
    start = LocalDateTimeField(_l("Starts (venue time)"), validators=[Optional()])
    end = LocalDateTimeField(_l("Ends (venue time)"), validators=[Optional()])
    room = SelectField(_l("Room"), coerce=int, default=NONE)
    track = SelectField(_l("Track or constituency"), coerce=int, default=NONE)
    languages = MultiCheckboxField(_l("Languages spoken"), choices=[])
    interpretation_mode = SelectField(_l("Interpretation"), choices=options(INTERPRETATION_LABELS.items()),
                                      default=NO_INTERPRETATION)
    interpretation_into = MultiCheckboxField(_l("Interpreted into"), choices=[])
    interpretation_channel = StringField(_l("Interpretation channel"), validators=[Optional(), Length(max=40)],
                                         description=_l("For example: channel 2, or the radio frequency."))
    parallel_allowed = BooleanField(_l("Other sessions may run at the same time"), default=True)
    people = FieldList(FormField(PersonRowForm), label=_l("Speakers and moderators"), min_entries=3)

    def set_choices(self, rooms, tracks, people, organizations):
        self.room.choices = options([(NONE, _l("No room"))] + [(r.id, translated_plain(r.name)) for r in rooms])
        self.track.choices = options([(NONE, _l("No track"))] + [(t.id, translated_plain(t.name)) for t in tracks])
        self.languages.choices = _language_choices()
        self.interpretation_into.choices = _language_choices()
        person_choices = options([(NONE, _l("(nobody)"))] + list(people))
        org_choices = options([(NONE, _l("(no organization)"))] + [(i, _org_label(n, a)) for i, n, a in organizations])
        for row in self.people:
            row.form.person.choices = person_choices
            row.form.organization.choices = org_choices

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.precision.data == EXACT:
            if not self.start.data and not self.start.errors:
                self.start.errors.append(_l("Please give the start time."))
                ok = False
            if not self.end.data and not self.end.errors:
                self.end.errors.append(_l("Please give the end time."))
                ok = False
            if self.start.data and self.end.data and self.end.data <= self.start.data:
                self.end.errors.append(_l("The end must be after the start."))
                ok = False
        elif self.precision.data == DAY and not self.day.data and not self.day.errors:
            self.day.errors.append(_l("Please give the day."))
            ok = False
        if self.interpretation_mode.data != NO_INTERPRETATION and not self.interpretation_into.data:
            self.interpretation_into.errors.append(_l("Choose the languages the session is interpreted into."))
            ok = False
        if self.interpretation_mode.data == NO_INTERPRETATION and self.interpretation_into.data:
            self.interpretation_mode.errors.append(_l("Choose simultaneous or consecutive interpretation."))
            ok = False
        return ok

    def chosen_people(self) -> set[int]:
        return {row.form.person.data for row in self.people if isinstance(row.form.person.data, int) and row.form.person.data}

    def people_data(self) -> list[tuple[int, int | None, str]]:
        return [(row.form.person.data, row.form.organization.data or None, row.form.role.data)
                for row in self.people if row.form.person.data]


class WindowForm(Form):
    start = LocalDateTimeField(_l("Available from"), validators=[Optional()])
    end = LocalDateTimeField(_l("Available until"), validators=[Optional()])

    def validate_end(self, field):
        if bool(self.start.data) != bool(field.data):
            raise ValidationError(_l("Give both the start and the end of the window."))
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError(_l("The end must be after the start."))


class RoomForm(FlaskForm):
    name = TranslatedField(_l("Name"), required="one", max_length=200)
    capacity = IntegerField(_l("Capacity (people)"), validators=[
        Optional(), NumberRange(min=1, max=100000, message=_l("Enter a number of people from 1 to 100,000."))])
    windows = FieldList(FormField(WindowForm), label=_l("Hours the room is available (venue time)"), min_entries=3)


class TrackForm(FlaskForm):
    name = TranslatedField(_l("Name"), required="one", max_length=200)


class MoveForm(FlaskForm):
    start = LocalDateTimeField(_l("New start (venue time)"),
                               validators=[DataRequired(_l("Please give the new start time."))])
    room = SelectField(_l("Room"), coerce=int, default=NONE)


class ReleaseForm(FlaskForm):
    name = TranslatedField(_l("Version name"), required="one", max_length=100,
                           description=_l("For example: “First draft for delegations” or “Final”."))
    note = TranslatedField(_l("Note to readers"), multiline=True, max_length=2000,
                           description=_l("What changed and why. Shown with the changelog."))
    despite_warnings = BooleanField(_l("Release despite the warnings listed above"))
