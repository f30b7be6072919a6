from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..i18n.fields import TranslatedField
from .labels import KIND_LABELS, SECTOR_LABELS, country_choices


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


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
        self.country.choices = [("", _l("Choose…"))] + country_choices()
        self.kind.choices = [("", _l("Choose…"))] + [(k, v) for k, v in KIND_LABELS.items()]
        self.sectors.choices = list(SECTOR_LABELS.items())
        self.member_of.choices = [(n.id, n.acronym or n.name) for n in networks]

    def validate_website(self, field):
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError(_l("Please enter a full web address, starting with https://."))
