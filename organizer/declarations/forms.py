from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as pgettext  # lazy; named pgettext so that extraction reads the context
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DateTimeLocalField, EmailField, HiddenField, IntegerField, RadioField, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.fields.choices import SelectChoice

from ..i18n import registry
from ..i18n.fields import MultiCheckboxField, TranslatedField
from ..i18n.registry import country_name, language_label, language_name  # noqa: F401 (views import country_name here)
from .labels import (ACTION_LABELS, CHOICE_LABELS, KIND_LABELS, MAJORITY_LABELS, METHOD_CHOICE_LABELS, POSITION_LABELS,
                     SECTOR_LABELS, VOTE_UNIT_LABELS)
from .models import CHOICES, CLAUSE_KINDS, CONSENSUS, MAJORITIES, POSITIONS, PROPOSAL_ACTIONS, VOTE, VOTE_UNITS


def sc(pairs) -> list[SelectChoice]:
    """Choices as WTForms wants them, labels translated now (in the request's language)."""
    return [SelectChoice(str(value), str(label)) for value, label in pairs]


def language_choices():
    """Languages of the texts, in the site's order, named in the reader's language ("Inglés")."""
    return [(lang, language_label(lang)) for lang in current_app.config["LANGUAGES"]]


def language_picker_choices() -> list[SelectChoice]:
    """A language to be addressed in: each named in itself, marked with its language."""
    return [SelectChoice(lang, language_name(lang), render_kw={"lang": lang}) for lang in current_app.config["LANGUAGES"]]


def kind_choices():
    return [(k, KIND_LABELS[k]) for k in CLAUSE_KINDS]


def country_choices():
    return [("", _l("Choose a country"))] + registry.country_choices()


class DeclarationForm(FlaskForm):
    title = TranslatedField(_l("Title"), required="one", max_length=300)
    base_version = HiddenField()

    def for_languages(self, working) -> "DeclarationForm":
        self.title.for_languages(working)
        return self


class ClauseForm(FlaskForm):
    kind = SelectField(_l("Kind of clause"), validators=[InputRequired()])
    original_language = SelectField(_l("Written in"), validators=[InputRequired()])
    text = TranslatedField(_l("Text"), required="one", multiline=True, rows=6, max_length=5000)
    reviewed = MultiCheckboxField(
        _l("Translation reviewed"),
        description=_l("Tick a language once its text has been checked against the other language."))
    base_version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = sc(kind_choices())
        self.original_language.choices = sc(language_choices())
        self.reviewed.choices = sc(language_choices())

    def for_languages(self, working) -> "ClauseForm":
        """The convening's working languages side by side (and any other the clause is written in)."""
        self.text.for_languages(working)
        shown = self.text.languages
        self.original_language.choices = sc((lang, language_label(lang)) for lang in shown)
        self.reviewed.choices = sc((lang, language_label(lang)) for lang in shown)
        return self


class EmailForm(FlaskForm):
    email = EmailField(_l("Email of their Organizer account"), validators=[
        DataRequired(_l("Please enter an email address.")), Email(_l("Please enter a valid email address.")),
        Length(max=254)])


class GroupForm(FlaskForm):
    name = TranslatedField(_l("Name of the constituency group"), required="all", max_length=200)


class ProposalForm(FlaskForm):
    on_behalf = SelectField(_l("On behalf of"), validators=[InputRequired()])
    action = RadioField(_l("What do you propose?"), validators=[InputRequired(_l("Please choose what you propose."))])
    clause = SelectField(_l("Clause"), validators=[Optional()],
                         description=_l("The clause to change or remove; for a new clause, the one it should follow."))
    kind = SelectField(_l("Kind of clause"), validators=[Optional()])
    text = TranslatedField(_l("Proposed text"), multiline=True, rows=6, max_length=5000,
                           description=_l("In either language or both. Leave empty to remove a clause."))
    original_language = SelectField(_l("Written in"), validators=[Optional()],
                                    description=_l("The language you wrote the text in, if you give both."))
    reason = TranslatedField(_l("Reason"), required="one", multiline=True, rows=3, max_length=3000)

    def __init__(self, *args, on_behalf_choices=(), clause_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.original_language.choices = sc(language_choices())
        self.on_behalf.choices = sc(list(on_behalf_choices))
        self.action.choices = sc([(a, ACTION_LABELS[a]) for a in PROPOSAL_ACTIONS])
        self.clause.choices = sc([("", _l("(none: at the end)"))] + list(clause_choices))
        self.kind.choices = sc(kind_choices())


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), validators=[InputRequired(_l("Please choose a decision."))])
    kind = SelectField(_l("Kind of clause"), validators=[Optional()])
    text = TranslatedField(_l("Text to merge"), multiline=True, rows=6, max_length=5000,
                           description=_l("Edit the proposed text before merging it, if needed."))
    reviewed = MultiCheckboxField(_l("Translation reviewed"))
    reason = TranslatedField(_l("Note to the proposer"), multiline=True, rows=3, max_length=3000,
                             description=_l("Required when declining."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = sc([("accept", _l("Accept (merge into the draft)")), ("decline", _l("Decline"))])
        self.kind.choices = sc(kind_choices())
        self.reviewed.choices = sc(language_choices())


class MergeForm(FlaskForm):
    proposals = MultiCheckboxField(_l("Proposals to merge"))
    into = SelectField(_l("Into"))
    kind = SelectField(_l("Kind of clause"), validators=[InputRequired()])
    original_language = SelectField(_l("Written in"), validators=[InputRequired()])
    text = TranslatedField(_l("Reconciled text"), required="one", multiline=True, rows=6, max_length=5000)
    reviewed = MultiCheckboxField(_l("Translation reviewed"))
    reason = TranslatedField(_l("Note to the proposers"), multiline=True, rows=3, max_length=3000)

    def __init__(self, *args, proposal_choices=(), clause_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals.choices = sc(list(proposal_choices))
        self.into.choices = sc([("", _l("A new clause at the end"))] + list(clause_choices))
        self.kind.choices = sc(kind_choices())
        self.original_language.choices = sc(language_choices())
        self.reviewed.choices = sc(language_choices())


class PositionForm(FlaskForm):
    delegation = HiddenField(validators=[InputRequired()])
    position = RadioField(pgettext("consensus", "Position"), validators=[InputRequired(_l("Please choose a position."))])
    note = TranslatedField(_l("Note"), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.position.choices = sc([(p, POSITION_LABELS[p]) for p in POSITIONS])


class ResolveForm(FlaskForm):
    position_id = HiddenField(validators=[InputRequired()])
    resolution = TranslatedField(_l("How the block was resolved"), required="one", multiline=True, rows=3,
                                 max_length=3000)


class AdoptForm(FlaskForm):
    method = RadioField(_l("How the plenary decided"),
                        validators=[InputRequired(_l("Please choose how the plenary decided."))])
    adopted_on = DateField(_l("Date of adoption"), validators=[InputRequired(_l("Please give the date."))])
    vote = SelectField(_l("The plenary's vote"), validate_choice=False,
                       description=_l("Its frozen result is the record: for, against and abstaining as counted."))
    votes_for = IntegerField(_l("Votes for"), validators=[Optional(), NumberRange(min=0)])
    votes_against = IntegerField(_l("Votes against"), validators=[Optional(), NumberRange(min=0)])
    votes_abstain = IntegerField(_l("Abstentions"), validators=[Optional(), NumberRange(min=0)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.method.choices = sc([(CONSENSUS, METHOD_CHOICE_LABELS[CONSENSUS]), (VOTE, METHOD_CHOICE_LABELS[VOTE])])
        self.vote.choices = []

    def offer_votes(self, votes) -> "AdoptForm":
        """The closed votes on the current text, each with its frozen count."""
        from flask_babel import gettext

        self.vote.choices = sc((v.id, gettext("Vote %(number)s: for %(yes)s, against %(no)s, abstaining %(abstain)s",
                                              number=v.id, yes=v.yes, no=v.no, abstain=v.abstain)) for v in votes)
        if votes and not self.vote.data:
            self.vote.data = str(votes[0].id)
        return self


class CloseProposalForm(FlaskForm):
    proposal_id = HiddenField(validators=[InputRequired()])
    reason = TranslatedField(_l("Why it is closed without a decision"), required="one", multiline=True, rows=2,
                             max_length=3000)


class CorrectionForm(FlaskForm):
    clause = SelectField(_l("Clause"), validators=[InputRequired()])
    language = SelectField(_l("Language"), validators=[InputRequired()])
    new_text = TextAreaField(_l("Corrected text"), validators=[
        DataRequired(_l("Please write the corrected text.")), Length(max=5000)])
    reason = TranslatedField(_l("Reason for the correction"), required="one", multiline=True, rows=3,
                             max_length=2000)

    def __init__(self, *args, clause_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.clause.choices = sc(list(clause_choices))
        self.language.choices = sc(language_choices())


class SignOnForm(FlaskForm):
    organization = SelectField(_l("Your organization, if it is listed"), validators=[Optional()])
    new_organization = StringField(_l("Or the name of your organization"), validators=[Length(max=300)])
    country = SelectField(_l("Country"), validators=[InputRequired(_l("Please choose the country."))])
    sector = SelectField(_l("Sector"), validators=[Optional()])
    authorized_by = StringField(_l("Person who authorizes the signature"), validators=[
        DataRequired(_l("Please give the name of the person who authorizes it.")), Length(max=200)])
    authorizer_title = StringField(_l("Their position in the organization"), validators=[Length(max=200)])
    contact_email = EmailField(_l("Contact email (never published)"), validators=[
        DataRequired(_l("Please enter an email address.")), Email(_l("Please enter a valid email address.")),
        Length(max=254)])
    contact_language = SelectField(_l("Language for emails"))
    confirm = BooleanField(_l("I confirm that this organization has authorized its signature."),
                           validators=[DataRequired(_l("Please confirm the organization authorized it."))])

    def __init__(self, *args, organization_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organization.choices = sc([("", _l("(not listed)"))] + list(organization_choices))
        self.country.choices = sc(country_choices())
        self.sector.choices = sc([("", _l("(none given)"))] + [(k, v) for k, v in SECTOR_LABELS.items()])
        self.contact_language.choices = language_picker_choices()

    def validate_country(self, field):
        if not field.data:
            raise ValidationError(_l("Please choose the country."))

    def validate_new_organization(self, field):
        chosen, typed = self.organization.data, (field.data or "").strip()
        if not chosen and not typed:
            raise ValidationError(_l("Choose your organization or give its name."))
        if chosen and typed:
            raise ValidationError(_l("Choose your organization from the list or give a new name, not both."))


class GivePositionForm(FlaskForm):
    """A delegation's (or a group's) own position on one version of the text."""
    party = HiddenField(validators=[InputRequired()])
    version = HiddenField(validators=[InputRequired()])
    position = RadioField(_l("Position"), validators=[InputRequired(_l("Please choose a position."))])
    note = TranslatedField(_l("Reason (optional)"), multiline=True, rows=2, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.position.choices = sc([(p, POSITION_LABELS[p]) for p in POSITIONS])


class PlenaryRulesForm(FlaskForm):
    positions_deadline = DateTimeLocalField(_l("Delegations give their positions until"), validators=[Optional()],
                                            format="%Y-%m-%dT%H:%M",
                                            description=_l("In the convening's time zone. Empty: until adoption."))
    groups_take_positions = BooleanField(_l("Constituency groups give positions too"))
    vote_unit = RadioField(_l("In votes, one ballot per"), validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote_unit.choices = sc([(u, VOTE_UNIT_LABELS[u]) for u in VOTE_UNITS])


class OpenVoteForm(FlaskForm):
    subject = SelectField(_l("Vote on"), validators=[Optional()])
    majority = RadioField(_l("Majority needed"), validators=[InputRequired(_l("Choose the majority the vote needs."))])
    quorum = IntegerField(_l("Quorum (fewest ballots for the result to count)"), default=0,
                          validators=[InputRequired(_l("Give the quorum (0 for none).")), NumberRange(min=0, max=100000)])
    secret = BooleanField(_l("Secret ballot (nobody's choice is stored)"))

    def __init__(self, *args, proposal_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.subject.choices = sc([("", _l("The whole text"))] + list(proposal_choices))
        self.majority.choices = sc([(m, MAJORITY_LABELS[m]) for m in MAJORITIES])


class BallotForm(FlaskForm):
    vote_id = HiddenField(validators=[InputRequired()])
    delegation = HiddenField()
    choice = RadioField(_l("Your ballot"), validators=[InputRequired(_l("Please choose yes, no or abstain."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choice.choices = sc([(c, CHOICE_LABELS[c]) for c in CHOICES])
