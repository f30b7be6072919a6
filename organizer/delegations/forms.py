from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, EmailField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError
from wtforms.fields.choices import SelectChoice

from ..i18n.fields import MultiCheckboxField, TranslatedField
from ..i18n.formatting import format_date, format_list
from ..i18n.registry import country_choices, language_choices, language_codes
from ..i18n.zones import LocalDateTimeField, set_zone
from ..convenings.models import working_languages_of
from ..organizations.models import ORGANIZATION_KINDS
from .labels import KIND_LABELS, PROMOTION_LABELS, QUESTION_LABELS, QUESTION_MODE_LABELS
from .models import QUESTIONS


def options(pairs) -> list[SelectChoice]:
    """Choices as WTForms wants them (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


def values(field) -> set:
    return {choice.value for choice in field.choices}


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class DelegationForm(FlaskForm):
    name = TranslatedField(_l("Name of the delegation"), required="one", max_length=200,
                           description=_l("For example: California labor delegation. One language is enough."))
    organizations = MultiCheckboxField(_l("Organizations in the delegation"), coerce=int, validate_choice=False)
    org_query = StringField(_l("Find an organization"), validators=[Optional(), Length(max=100)])
    new_org_name = StringField(_l("Name of the organization"), validators=[Optional(), Length(max=200)])
    new_org_acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=40)])
    new_org_country = SelectField(_l("Country of the organization"), validate_choice=False)
    new_org_kind = SelectField(_l("Kind of organization"), validate_choice=False)
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40)])
    notes = TextAreaField(_l("Notes for the organizers"), validators=[Optional(), Length(max=4000)])

    def __init__(self, *args, organization_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations.choices = options(organization_choices)
        self.new_org_country.choices = options([("", "—")] + country_choices(unknown=True))
        self.new_org_kind.choices = options((k, KIND_LABELS.get(k, k)) for k in ORGANIZATION_KINDS)

    def validate_new_org_country(self, field):
        if not (self.new_org_name.data or "").strip():
            return
        if not field.data or field.data not in values(field):
            raise ValidationError(_l("Choose the country of the new organization."))

    def validate_new_org_kind(self, field):
        if (self.new_org_name.data or "").strip() and field.data not in values(field):
            raise ValidationError(_l("Choose from the list."))

    def validate(self, extra_validators=None):
        from .questions import validate_answers

        ok = super().validate(extra_validators)
        return validate_answers(self) and ok

    def answers(self) -> dict | None:
        """The answers to the convening's questions asked per delegation (None: none is asked)."""
        from .questions import answers_from

        return answers_from(self) if getattr(self, "custom_questions", None) else None

    def validate_organizations(self, field):
        known = values(field)
        if any(value not in known for value in field.data or []):
            raise ValidationError(_l("Choose organizations from the list."))
        if not field.data and not (self.new_org_name.data or "").strip():
            raise ValidationError(_l("Choose at least one organization, or propose a new one below."))


class MemberForm(FlaskForm):
    """Built for one convening's questions and one delegation's organizations (``configure``)."""

    name = StringField(_l("Full name"), validators=[DataRequired(_l("Please enter the member's name.")), Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(_l("Please enter a valid email address.")), Length(max=254)])
    organization_id = SelectField(_l("Organization"), coerce=_int_or_none, validate_choice=False)
    position = StringField(_l("Position in the organization"), validators=[Optional(), Length(max=200)])
    country = SelectField(_l("Country"), validate_choice=False)
    languages = MultiCheckboxField(_l("Languages spoken"), validate_choice=False)
    listen_language = SelectField(_l("Listens in"), validate_choice=False,
                                  description=_l("The language this member needs to hear the sessions in."))
    speak_language = SelectField(_l("Speaks in"), validate_choice=False,
                                 description=_l("The language this member will speak in."))
    accessibility_needs = TextAreaField(_l("Accessibility needs"), validators=[Optional(), Length(max=2000)])
    dietary_needs = StringField(_l("Dietary needs"), validators=[Optional(), Length(max=300)],
                                description=_l("For example: vegetarian, no pork, allergic to peanuts."))
    arrival_date = DateField(_l("Arrival"), validators=[Optional()])
    departure_date = DateField(_l("Departure"), validators=[Optional()])
    lodging_needed = BooleanField(_l("Needs lodging"))
    visa_letter = BooleanField(_l("Needs a visa invitation letter"))
    passport_name = StringField(_l("Name as in passport"), validators=[Optional(), Length(max=200)])
    nationality = SelectField(_l("Nationality"), validate_choice=False)
    passport_number = StringField(_l("Passport number"), validators=[Optional(), Length(max=40)])
    public_listing = BooleanField(_l("May be named on the convening's public page"))

    #: question -> the fields it asks
    QUESTION_FIELDS = {
        "organization": ("organization_id",), "position": ("position",), "country": ("country",),
        "languages": ("languages",), "interpretation": ("listen_language", "speak_language"),
        "accessibility": ("accessibility_needs",), "dietary": ("dietary_needs",),
        "travel_dates": ("arrival_date", "departure_date"), "lodging": ("lodging_needed",),
        "visa_letter": ("visa_letter", "passport_name", "nationality", "passport_number"),
    }
    BOOLEAN_FIELDS = ("lodging_needed", "visa_letter", "public_listing")

    def configure(self, settings, organizations, *, with_email: bool = True, convening=None):
        self.settings = settings
        self.convening = convening
        self.organization_id.choices = options([("", "—")] + [(o.id, str(o.name)) for o in organizations])
        countries = options([("", "—")] + country_choices(international=False))
        self.country.choices = countries
        self.nationality.choices = countries
        # The convening's working languages first, in every list of languages the registration asks.
        working = working_languages_of(convening) if convening is not None else []
        every = language_choices()
        first = [pair for code in working for pair in every if pair[0] == code]
        self.languages.choices = options(first + [pair for pair in every if pair[0] not in working])
        offered = settings.interpretation_languages or working or ["en", "es"]
        ordered = [code for code in working if code in offered] + [code for code in offered if code not in working]
        interpretation = options([("", "—")] + language_choices(ordered))
        self.listen_language.choices = interpretation
        self.speak_language.choices = interpretation
        for question, fields in self.QUESTION_FIELDS.items():
            if not settings.asks(question):
                for name in fields:
                    delattr(self, name)
            elif settings.requires(question):
                for name in fields:
                    if name in ("visa_letter", "passport_name", "nationality", "passport_number") or name in self.BOOLEAN_FIELDS:
                        continue
                    self[name].flags.required = True
        if not with_email:
            delattr(self, "email")
        return self

    def asked_fields(self) -> list[str]:
        return [name for name in self._fields if name != "csrf_token" and not name.startswith("question_")]

    def validate(self, extra_validators=None):
        from .questions import validate_answers

        ok = super().validate(extra_validators)
        ok = validate_answers(self) and ok
        settings = self.settings
        required_message = _l("This is required.")
        for question, fields in self.QUESTION_FIELDS.items():
            if not settings.requires(question) or question == "visa_letter":
                continue
            for name in fields:
                if name in self._fields and name not in self.BOOLEAN_FIELDS and not self[name].data and not self[name].errors:
                    self[name].errors.append(required_message)
                    ok = False
        if "organization_id" in self._fields and self.organization_id.data is not None:
            known = values(self.organization_id)
            if self.organization_id.data not in known:
                self.organization_id.errors.append(_l("Choose one of the delegation's organizations."))
                ok = False
        for name in ("country", "nationality"):
            if name in self._fields and self[name].data and self[name].data not in values(self[name]):
                self[name].errors.append(_l("Choose a country from the list."))
                ok = False
        for name in ("listen_language", "speak_language"):
            if name in self._fields and self[name].data and self[name].data not in values(self[name]):
                self[name].errors.append(_l("Interpretation is offered in: %(languages)s.", languages=format_list(
                    str(c.label) for c in self[name].choices if c.value)))
                ok = False
        if "languages" in self._fields:
            if any(code not in language_codes() for code in self.languages.data or []):
                self.languages.errors.append(_l("Choose languages from the list."))
                ok = False
        if "arrival_date" in self._fields and self.arrival_date.data and self.departure_date.data \
                and self.departure_date.data < self.arrival_date.data:
            self.departure_date.errors.append(_l("The departure cannot be before the arrival."))
            ok = False
        ok = self._validate_travel_window() and ok
        if "visa_letter" in self._fields and self.visa_letter.data:
            for name, message in (("passport_name", _l("Needed for the visa letter: the name exactly as in the passport.")),
                                  ("nationality", _l("Needed for the visa letter: the nationality.")),
                                  ("passport_number", _l("Needed for the visa letter: the passport number."))):
                if not self[name].data:
                    self[name].errors.append(message)
                    ok = False
        return ok

    #: How long before and after the convening a member may travel (and still be its guest).
    TRAVEL_MARGIN_DAYS = 14

    def _validate_travel_window(self) -> bool:
        """Arrival and departure around the convening's dates (when the convening has them)."""
        from datetime import timedelta

        convening = getattr(self, "convening", None)
        if "arrival_date" not in self._fields or convening is None or convening.start_date is None:
            return True
        first = convening.start_date - timedelta(days=self.TRAVEL_MARGIN_DAYS)
        last = (convening.end_date or convening.start_date) + timedelta(days=self.TRAVEL_MARGIN_DAYS)
        ok = True
        for name in ("arrival_date", "departure_date"):
            value = self[name].data
            if value and not (first <= value <= last) and not self[name].errors:
                self[name].errors.append(_l("Choose a date from %(first)s to %(last)s: the convening's dates, give or "
                                            "take two weeks.", first=format_date(first, "medium"),
                                            last=format_date(last, "medium")))
                ok = False
        return ok

    def member_data(self) -> dict:
        data = {name: self[name].data for name in self.asked_fields()}
        if "languages" in data:
            data["languages"] = list(data["languages"] or [])
        for name in ("country", "nationality", "listen_language", "speak_language"):
            if name in data and not data[name]:
                data[name] = None
        if getattr(self, "custom_questions", None):
            from .questions import answers_from

            data["answers"] = answers_from(self)
        return data


class ImportForm(FlaskForm):
    file = FileField(_l("Spreadsheet (CSV or XLSX)"))


class SettingsForm(FlaskForm):
    opens_at = LocalDateTimeField(_l("Registration opens"), validators=[Optional()])
    closes_at = LocalDateTimeField(_l("Registration closes"), validators=[Optional()])
    change_deadline = LocalDateTimeField(_l("Last moment for changes"), validators=[Optional()],
                                         description=_l("Leads can change their delegation until then."))
    capacity = IntegerField(_l("Capacity (people)"), validators=[Optional(), NumberRange(min=1, max=100000,
                            message=_l("Enter a number from %(min)s to %(max)s."))],
                            description=_l("Leave empty for no limit."))
    max_members = IntegerField(_l("Most members per delegation"), validators=[Optional(), NumberRange(
        min=1, max=10000, message=_l("Enter a number from %(min)s to %(max)s."))])
    review_required = BooleanField(_l("Organizers review each delegation before it is confirmed"))
    promotion = RadioField(_l("When a place frees up"), choices=options(PROMOTION_LABELS.items()), default="auto")
    offer_hours = IntegerField(_l("Hours to answer an offered place"), default=72, validators=[
        Optional(), NumberRange(min=1, max=720, message=_l("Enter a number from %(min)s to %(max)s."))],
        description=_l("Then the place goes to the next on the waiting list."))
    interpretation_languages = MultiCheckboxField(_l("Interpretation offered in"))
    reminder_days = IntegerField(_l("Remind leads this many days before the last moment for changes"),
                                 default=7, validators=[Optional(), NumberRange(min=0, max=90,
                                 message=_l("Enter a number from %(min)s to %(max)s."))])
    letter_template = TranslatedField(
        _l("Visa invitation letter"), multiline=True, rows=10,
        description=_l("Placeholders: {name}, {passport_name}, {nationality}, {passport_number}, {organization}, "
                       "{position}, {affiliation}, {convening}, {dates}, {city}, {arrival}, {departure}, {today}."))
    letter_signatory = StringField(_l("Letter signed by"), validators=[Optional(), Length(max=300)])
    contact_email = EmailField(_l("Organizers' contact email"), validators=[
        Optional(), Email(_l("Please enter a valid email address.")), Length(max=254)],
        description=_l("Shown on the registration pages and in every registration email. Empty: the first organizer's."))
    contact_phone = StringField(_l("Organizers' contact phone"), validators=[Optional(), Length(max=40)],
                                description=_l("Optional. With the country code, for example +52 55 1234 5678."))

    def __init__(self, *args, convening=None, tz: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.convening = convening
        self.tz = tz
        set_zone(self, tz)  # skipped or repeated wall times are refused or asked about in this zone
        working = working_languages_of(convening) if convening is not None else []
        every = language_choices()
        self.interpretation_languages.choices = options(
            [pair for code in working for pair in every if pair[0] == code] + [p for p in every if p[0] not in working])
        for key in QUESTIONS:
            field = self._fields.get(f"q_{key}")
            field.choices = options(QUESTION_MODE_LABELS.items())

    def _first_day(self):
        """The convening's first day (a naive local midnight, like the fields), or None."""
        from datetime import datetime, time

        if self.convening is None or self.convening.start_date is None:
            return None
        return datetime.combine(self.convening.start_date, time.min)

    def _day_after_end(self):
        from datetime import datetime, time, timedelta

        if self.convening is None or self.convening.start_date is None:
            return None
        return datetime.combine(self.convening.end_date or self.convening.start_date, time.min) + timedelta(days=1)

    def validate_opens_at(self, field):
        end = self._day_after_end()
        if field.data and end and field.data >= end:
            raise ValidationError(_l("Registration must open before the convening ends (%(date)s).",
                                     date=format_date(self.convening.end_date or self.convening.start_date)))

    def validate_closes_at(self, field):
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("Registration must close after it opens."))
        end = self._day_after_end()
        if field.data and end and field.data > end:
            raise ValidationError(_l("Registration must close by the end of the convening (%(date)s).",
                                     date=format_date(self.convening.end_date or self.convening.start_date)))

    def validate_change_deadline(self, field):
        first = self._first_day()
        if field.data and first and field.data > first:
            raise ValidationError(_l("The last moment for changes must come before the convening starts (%(date)s).",
                                     date=format_date(self.convening.start_date)))
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The last moment for changes must come after registration opens."))

    def validate_interpretation_languages(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one language."))


for _key in QUESTIONS:
    setattr(SettingsForm, f"q_{_key}", SelectField(QUESTION_LABELS[_key], default="optional"))


class DecisionForm(FlaskForm):
    action = RadioField(_l("Decision"), choices=options([("confirmed", _l("Confirm")), ("waitlisted", _l("Waiting list")),
                                                         ("declined", _l("Decline"))]),
                        validators=[DataRequired(_l("Choose a decision."))])
    reason = TextAreaField(_l("Reason (sent to the lead)"), validators=[Length(max=2000)])
    member_ids = MultiCheckboxField(_l("Members"), coerce=int, validate_choice=False)
    delegation_ids = MultiCheckboxField(_l("Delegations"), coerce=int, validate_choice=False)

    def validate_reason(self, field):
        if self.action.data == "declined" and not (field.data or "").strip():
            raise ValidationError(_l("Please give the reason for declining."))
