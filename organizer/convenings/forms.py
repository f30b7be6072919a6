from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as pgettext  # lazy; named pgettext so that extraction reads the context
from flask_wtf import FlaskForm
from wtforms import Form, FormField, SelectField, StringField
from wtforms.fields import EmailField, FieldList
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from ..i18n.fields import MultiCheckboxField, TranslatedField
from ..i18n.formatting import PartialDate
from ..i18n.registry import FEATURED_COUNTRIES, content_language_choices, country_choices
from ..i18n.zones import zone_choices
from .labels import DATE_PRECISION_HINT, KIND_LABELS, ORGANIZATION_ROLE_LABELS, PERSON_ROLE_LABELS, STATUS_LABELS

EXTRA_GOAL_ROWS = 2


def timezone_choices(current: str | None = None) -> list[tuple[str, str]]:
    """By city and country in the reader's language; the stored value is the IANA id."""
    return zone_choices(current)


class PartialDateField(StringField):
    """A date typed as YYYY, YYYY-MM or YYYY-MM-DD; ``.partial`` holds the PartialDate."""

    partial: PartialDate | None = None

    def pre_validate(self, form):
        self.partial = None
        text = (self.data or "").strip()
        if not text:
            return
        try:
            self.partial = PartialDate.parse(text)
        except ValueError:
            raise ValidationError(_l("Write the date as YYYY, YYYY-MM or YYYY-MM-DD (for example 2024-02).")) from None

    def _value(self):
        if self.data is not None and not isinstance(self.data, str):
            return self.data.iso()
        return self.data or ""

    def process_data(self, value):
        self.data = value.iso() if isinstance(value, PartialDate) else value


class GoalForm(Form):
    text = TranslatedField(_l("Goal"), multiline=True, rows=3, max_length=1000)
    position = StringField(pgettext("order", "Position"), render_kw={"inputmode": "numeric", "size": 3}, validators=[Optional(), Regexp(r"^\s*(?:[1-9]|[1-9][0-9])\s*$", message=_l(
        "Give a number from 1 to 99."))])


class ConveningForm(FlaskForm):
    title = TranslatedField(_l("Title"), required="one", max_length=300)
    subtitle = TranslatedField(_l("Theme"), max_length=500)
    description = TranslatedField(_l("Description"), multiline=True, rows=5, max_length=5000)
    kind = SelectField(_l("Kind"), validators=[DataRequired(_l("Please choose a kind."))])
    status = SelectField(_l("Status"), validators=[DataRequired(_l("Please choose a status."))])
    countries = MultiCheckboxField(_l("Countries involved"))
    working_languages = MultiCheckboxField(
        _l("Working languages"),
        description=_l("The languages this convening works in: registration asks them first, declarations are "
                       "reviewed in each before adoption, interpretation into each is expected, and the public page "
                       "offers them first. None ticked: the site's default."))
    city = TranslatedField(_l("City"), max_length=200)
    venue = TranslatedField(_l("Venue"), max_length=300)
    country = SelectField(_l("Country of the venue"), validators=[Optional()])
    timezone = SelectField(_l("Time zone of the venue"), validators=[DataRequired(_l("Please choose a time zone."))])
    start = PartialDateField(_l("Start"), description=DATE_PRECISION_HINT)
    end = PartialDateField(_l("End"), description=DATE_PRECISION_HINT)
    goals = FieldList(FormField(GoalForm), min_entries=1)
    slug = StringField(_l("Web address"), validators=[Optional()], filters=[lambda v: (v or "").strip()],
                       description=_l("The last part of this convening's web address: lowercase letters, digits "
                                      "and hyphens. Old links keep working when you change it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("Choose…"))] + list(KIND_LABELS.items())
        self.status.choices = list(STATUS_LABELS.items())
        choices = country_choices(international=False)
        self.countries.choices = [(code, name) for code, name in choices if code in FEATURED_COUNTRIES]
        self.working_languages.choices = content_language_choices()
        self.country.choices = [("", "—")] + choices
        self.timezone.choices = timezone_choices(self.timezone.data)
        for _ in range(EXTRA_GOAL_ROWS):
            if len(self.goals.entries) < 30:
                self.goals.append_entry()
        for number, entry in enumerate(self.goals.entries, start=1):
            if not entry.form.position.data and not entry.form.position.raw_data:
                entry.form.position.data = str(number)

    def validate_end(self, field):
        start, end = self.start.partial, field.partial
        if end and not start:
            raise ValidationError(_l("Give the start date too."))
        if start and end and end.value < start.value:
            raise ValidationError(_l("The end is before the start."))

    def validate_status(self, field):
        if field.data != "draft" and not self.start.data:
            raise ValidationError(_l("Give at least the year of the start before publishing."))

    def goal_texts(self):
        """The goals in the order asked for: by their position number, else where they stand."""
        entries = [(int(entry.form.position.data) if (entry.form.position.data or "").strip() else number, number,
                    entry.form.text.data)
                   for number, entry in enumerate(self.goals.entries, start=1) if entry.form.text.data]
        return [text for _, _, text in sorted(entries, key=lambda e: (e[0], e[1]))]


class AddOrganizationForm(FlaskForm):
    organization = StringField(validators=[DataRequired(), Length(max=120)])
    role = SelectField(pgettext("organization", "Role"))
    note = TranslatedField(_l("Note"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = list(ORGANIZATION_ROLE_LABELS.items())


class AddPersonForm(FlaskForm):
    person = StringField(validators=[DataRequired(), Length(max=120)])
    role = SelectField(pgettext("person", "Role"))
    organization = StringField(_l("Took part for (organization short name)"), validators=[Optional(), Length(max=120)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = list(PERSON_ROLE_LABELS.items())


class OrganizerForm(FlaskForm):
    email = EmailField(_l("Email of the account"), validators=[
        DataRequired(_l("Please enter an email address.")), Email(_l("Please enter a valid email address.")),
        Length(max=254)])


SLUG_VALIDATOR = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Use lowercase letters, digits and hyphens."))
