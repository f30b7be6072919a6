"""The archive's forms: an organization and a person named in the record, edited by organizers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from ..i18n.fields import MultiCheckboxField, TranslatedField
from ..i18n.formatting import PartialDate
from ..i18n.registry import country_choices
from ..organizations.labels import KIND_LABELS, SECTOR_LABELS, organization_name


class NameLabel:
    """An organization's name and acronym in the reader's language, resolved when rendered."""

    def __init__(self, org):
        self.org = org

    def __str__(self) -> str:
        return organization_name(self.org)

    def __html__(self) -> str:
        return str(escape(str(self)))


class OrganizationForm(FlaskForm):
    name = TranslatedField(_l("Name"), required="one", max_length=300,
                           description=_l("In each language where it differs, as the organization writes it."))
    acronym = TranslatedField(_l("Acronym"), max_length=40)
    country = SelectField(_l("Country"), validators=[DataRequired(_l("Please choose a country."))])
    kind = SelectField(_l("Kind of organization"), validators=[DataRequired(_l("Please choose a kind."))])
    sectors = MultiCheckboxField(_l("Sectors"))
    parent_slug = StringField(_l("Parent organization or affiliation"), validators=[Optional(), Length(max=120)],
                         description=_l("The short name in its address (for example fat for the Authentic Labor Front). Leave empty if none."))
    member_of = MultiCheckboxField(_l("Trinational networks it belongs to"), coerce=int)
    website = StringField(_l("Website"), validators=[Optional(), Length(max=500),
                                                     URL(require_tld=True, message=_l("Please enter a full web address, starting with https://."))])
    description = TranslatedField(_l("Description"), multiline=True, max_length=2000)

    def __init__(self, *args, networks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", _l("Choose…"))] + country_choices(unknown=True)
        self.kind.choices = [("", _l("Choose…"))] + [(k, v) for k, v in KIND_LABELS.items()]
        self.sectors.choices = list(SECTOR_LABELS.items())
        self.member_of.choices = [(n.id, NameLabel(n)) for n in networks]

    def validate_website(self, field):
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError(_l("Please enter a full web address, starting with https://."))


class PersonForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Please enter the name.")), Length(max=200)])
    country = SelectField(_l("Country"), validators=[Optional()])
    is_public = BooleanField(_l("Named in a public source: show a public page"),
                             description=_l("Leave unchecked for people who are not named publicly. Contact data is never shown."))
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=300)],
                               description=_l("The organization the person belongs to, by its name or acronym, "
                                              "for example SEIU 721 or Frente Auténtico del Trabajo."))
    title = TranslatedField(_l("Title or position in it"), max_length=300)
    as_of = StringField(_l("As of"), validators=[Optional(), Length(max=10)],
                        description=_l("YYYY, YYYY-MM or YYYY-MM-DD: when the title was held."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "—")] + country_choices(unknown=True)

    def validate_as_of(self, field):
        if field.data:
            try:
                field.data = PartialDate.parse(field.data).iso()
            except ValueError:
                raise ValidationError(_l("Write the date as YYYY, YYYY-MM or YYYY-MM-DD (for example 2024-02).")) from None
