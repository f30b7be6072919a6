"""The route-by-role table: ONE entry per endpoint of the app (``static`` aside).

An entry is ``E(endpoint, url, methods, expect, ...)``:

- ``url``: a template formatted with the world's ids and slugs (``{convening}``, ``{declaration}``,
  ``{room}``...; see tests/security/world.py) and ``{lang}``.
- ``expect``: seven letters, one per role in ``ROLES`` order — anonymous, delegate, other_lead,
  other_organizer, lead, organizer, admin — each ``O`` (ok: 2xx or a redirect that is not to the
  login page), ``L`` (redirected to log in) or ``D`` (denied: 403 or 404).
- GET entries are requested by every role and compared. POST entries are posted (empty form) by
  every role the table refuses, and nothing in the database may change; allowed roles are not
  exercised for POST-only actions (the post would change things; reason in ``NOT_EXERCISED``). Form
  pages (GET,POST) are posted empty by the allowed roles too: the form re-renders with its errors
  (2xx or 400) and nothing changes — unless the entry says ``safe_post=False`` (an empty post acts).
- ``token=True``: the URL carries a forged token; every role must be refused — denied, or sent to
  ``token_refused_to`` — and nothing may change.

Adding a route: add one line here (and, if it needs rows, a builder to world.EXTENSIONS).
"""
from __future__ import annotations

from dataclasses import dataclass

ALL_OK = "OOOOOOO"
SIGNED_IN = "LOOOOOO"
#: Organizers of this convening and site admins.
ORGANIZES = "LDDDDOO"
#: Site admins and organizers of any convening.
ORGANIZES_ANY = "LDDODOO"
#: The drafting committee only (the organizer is on it; admins are not, and have no edit rights).
COMMITTEE = "LDDDDOD"
#: Committee, organizers, and the convening's proposers (the lead; the delegate via a constituency group).
FOLLOWS = "LODDOOO"

NOT_EXERCISED = "the allowed roles' post would change the world; their permission is the GET's or is covered by the domain's tests"


@dataclass(frozen=True)
class E:
    endpoint: str
    url: str
    methods: str  # "GET", "POST" or "GET,POST"
    expect: str
    safe_post: bool | None = None  # default: True for form pages (GET,POST), False for POST-only actions
    token: bool = False
    token_refused_to: str | None = None  # a path prefix the forged token is sent to, else denied
    token_form: tuple = ()
    post: str | None = None  # when the POST's answers differ from the GET's

    def __post_init__(self):
        for letters in (self.expect, self.post or self.expect):
            assert len(letters) == 7 and set(letters) <= set("OLD"), self

    @property
    def exercise_allowed(self) -> bool:
        return self.safe_post if self.safe_post is not None else self.methods == "GET,POST"

    @property
    def post_expect(self) -> str:
        return self.post or self.expect


C = "/{lang}/convenings/{convening}"
A = C + "/agenda"
M = A + "/manage"
DD = "/{lang}/declarations/{declaration}"
DA = "/{lang}/declarations/{adopted}"
R = "/{lang}/registration"
API = "/api/v1"
RD = R + "/d/{delegation}"
#: The lead of this delegation only (organizers review it but do not edit it).
LEADS = "LDDDODD"
#: Reviewers of this delegation: its convening's organizers and site admins.
REVIEWS = "LDDDDOO"
#: Those who change a delegation: its lead (until the deadline) and its reviewers (at any time).
CHANGES = "LDDDOOO"

TABLE: list[E] = [
    # accounts
    E("accounts.change_password", "/{lang}/account/password", "GET,POST", SIGNED_IN),
    E("accounts.confirm_email", "/{lang}/account/confirm/forged-token", "GET,POST", ALL_OK, token=True,
      token_refused_to="/{lang}/account/confirm", token_form=(("password", "correct horse battery"),)),
    E("accounts.end_other_sessions", "/{lang}/account/sessions/end-others", "POST", SIGNED_IN),
    E("accounts.forgot_password", "/{lang}/account/forgot", "GET,POST", ALL_OK),
    E("accounts.login", "/{lang}/account/login", "GET,POST", ALL_OK),
    E("accounts.logout", "/{lang}/account/logout", "POST", "OOOOOOO"),
    E("accounts.profile", "/{lang}/account/", "GET,POST", SIGNED_IN),
    E("accounts.resend_confirmation", "/{lang}/account/confirm", "GET,POST", ALL_OK),
    E("accounts.reset_password", "/{lang}/account/reset/forged-token", "GET,POST", ALL_OK, token=True,
      token_refused_to="/{lang}/account/forgot",
      token_form=(("password", "a brand new password 42"), ("confirm", "a brand new password 42"))),
    E("accounts.signup", "/{lang}/account/signup", "GET,POST", ALL_OK),
    # mail
    E("mail.undeliverable", "/{lang}/mail/undeliverable", "GET", ORGANIZES_ANY),
    # agenda: public pages
    E("agenda.changes", A + "/changes/", "GET", ALL_OK),
    E("agenda.frab", A + "/schedule.xml", "GET", ALL_OK),
    E("agenda.ical", A + "/agenda.ics", "GET", ALL_OK),
    E("agenda.index", A + "/", "GET", ALL_OK),
    E("agenda.json_export", A + "/agenda.json", "GET", ALL_OK),
    E("agenda.printable", A + "/print/", "GET", ALL_OK),
    E("agenda.session_ical", A + "/sessions/{session_guid}.ics", "GET", ALL_OK),
    E("agenda.session_page", A + "/sessions/{session_guid}/", "GET", ALL_OK),
    E("agenda.version", A + "/v/{release}/", "GET", ALL_OK),
    # the embeddable agenda (the one page any site may frame), its colors, and the snippets to copy
    E("agenda.embed", A + "/embed", "GET", ALL_OK),
    E("agenda.embed_theme", A + "/embed/theme.css", "GET", ALL_OK),
    E("agenda.embed_code", A + "/share", "GET", ALL_OK),
    # agenda: a delegate's own agenda (marks, my agenda, her private calendar address)
    E("agenda.star", A + "/sessions/{session_guid}/star", "POST", SIGNED_IN),
    E("agenda.mine", A + "/mine/", "GET", SIGNED_IN),
    E("agenda.new_feed", A + "/mine/feed", "POST", SIGNED_IN),
    E("agenda.revoke_feed", A + "/mine/feed/revoke", "POST", SIGNED_IN),
    E("agenda.my_feed", A + "/feed/forged-token.ics", "GET", "DDDDDDD", token=True),
    # agenda: organizer tools
    E("agenda.manage", M + "/", "GET", ORGANIZES),
    E("agenda.manage_day", M + "/day/{day}/", "GET", ORGANIZES),
    E("agenda.rooms", M + "/rooms/", "GET", ORGANIZES),
    E("agenda.new_room", M + "/rooms/new", "GET,POST", ORGANIZES),
    E("agenda.edit_room", M + "/rooms/{room}/edit", "GET,POST", ORGANIZES),
    E("agenda.delete_room", M + "/rooms/{room}/delete", "GET,POST", ORGANIZES, safe_post=False),
    E("agenda.tracks", M + "/tracks/", "GET,POST", ORGANIZES),
    E("agenda.edit_track", M + "/tracks/{track}/edit", "GET,POST", ORGANIZES),
    E("agenda.delete_track", M + "/tracks/{track}/delete", "GET,POST", ORGANIZES, safe_post=False),
    E("agenda.new_session", M + "/sessions/new", "GET,POST", ORGANIZES),
    E("agenda.edit_session", M + "/sessions/{session}/edit", "GET,POST", ORGANIZES),
    E("agenda.delete_session", M + "/sessions/{session}/delete", "GET,POST", ORGANIZES, safe_post=False),
    E("agenda.duplicate_session", M + "/sessions/{session}/duplicate", "POST", ORGANIZES),
    E("agenda.move_session", M + "/sessions/{session}/move", "GET,POST", ORGANIZES),
    E("agenda.release", M + "/release", "POST", ORGANIZES),
    # convenings
    E("convenings.index", "/{lang}/convenings/", "GET", ALL_OK),
    E("convenings.show", C + "/", "GET", ALL_OK),
    E("convenings.participants", C + "/participants", "GET", ORGANIZES),
    E("convenings.create", "/{lang}/convenings/new", "GET,POST", ORGANIZES_ANY),
    E("convenings.edit", C + "/edit", "GET,POST", ORGANIZES),
    # Copying a public convening into a new one: anyone who may create convenings (the source is untouched).
    E("convenings.copy", C + "/copy", "GET,POST", ORGANIZES_ANY),
    # Organizers see who organizes; only site admins name or remove them.
    E("convenings.organizers", C + "/organizers", "GET,POST", ORGANIZES, post="LDDDDDO"),
    E("convenings.remove_organizer", C + "/organizers/{organizer_user}/remove", "POST", "LDDDDDO"),
    E("convenings.add_organization", C + "/participants/organizations", "POST", ORGANIZES),
    E("convenings.remove_organization", C + "/participants/organizations/{participant_organization}/remove", "POST",
      ORGANIZES),
    E("convenings.add_person", C + "/participants/people", "POST", ORGANIZES),
    E("convenings.remove_person", C + "/participants/people/{participant_person}/remove", "POST", ORGANIZES),
    # core
    E("core.choose_language", "/", "GET", ALL_OK),
    E("core.favicon", "/favicon.ico", "GET", ALL_OK),
    E("core.health", "/healthz", "GET", ALL_OK),
    E("core.home", "/{lang}/", "GET", ALL_OK),
    E("search.search", "/{lang}/search/?q=union", "GET", ALL_OK),
    # declarations
    E("declarations.index", "/{lang}/declarations/", "GET", ALL_OK),
    E("declarations.new", "/{lang}/declarations/new/{convening}", "GET,POST", ORGANIZES),
    E("declarations.show", DD, "GET", FOLLOWS),
    E("declarations.print_view", DD + "/print", "GET", FOLLOWS),
    E("declarations.pdf", "/{lang}/declarations/{adopted}.pdf", "GET", ALL_OK),
    E("declarations.versions", DD + "/versions", "GET", FOLLOWS),
    E("declarations.compare", DD + "/compare", "GET", FOLLOWS),
    E("declarations.proposals", DD + "/proposals", "GET", FOLLOWS),
    E("declarations.manage", DD + "/manage", "GET,POST", ORGANIZES),
    E("declarations.edit_title", DD + "/title", "GET,POST", COMMITTEE),
    E("declarations.clause_new", DD + "/clauses/new", "GET,POST", COMMITTEE),
    E("declarations.clause_edit", DD + "/clauses/{clause}/edit", "GET,POST", COMMITTEE),
    E("declarations.clause_move", DD + "/clauses/{clause}/move", "POST", COMMITTEE),
    # Asks first: an unconfirmed post shows the question again and removes nothing.
    E("declarations.clause_remove", DD + "/clauses/{clause}/remove", "GET,POST", COMMITTEE),
    E("declarations.committee_remove", DD + "/committee/{organizer_user}/remove", "POST", ORGANIZES),
    E("declarations.set_status", DD + "/status", "POST", ORGANIZES),
    E("declarations.propose", DD + "/propose", "GET,POST", "LODDODD"),
    # A proposal is seen by its proposer, the committee and the organizers; decided by the committee.
    E("declarations.proposal", DD + "/proposals/{proposal}", "GET,POST", "LDDDOOO", post="LDDDDOD"),
    E("declarations.proposal_withdraw", DD + "/proposals/{proposal}/withdraw", "POST", "LDDDODD"),
    E("declarations.merge", DD + "/proposals/merge", "GET,POST", COMMITTEE),
    E("declarations.adoption", DD + "/adoption", "GET", ORGANIZES),
    E("declarations.record_position", DD + "/adoption/position", "POST", ORGANIZES),
    E("declarations.resolve_block", DD + "/adoption/resolve", "POST", ORGANIZES),
    E("declarations.adopt", DD + "/adoption/adopt", "POST", ORGANIZES),
    E("declarations.correction", DA + "/correction", "GET,POST", ORGANIZES),
    E("declarations.correction_decide", DA + "/corrections/{correction}/approve", "POST", ORGANIZES),
    E("declarations.translation_reviewed", DA + "/clauses/{adopted_clause}/reviewed/es", "POST", ORGANIZES),
    E("declarations.close_proposal", DD + "/adoption/close", "POST", ORGANIZES),
    # The plenary: parties give positions and ballots; the chair (committee, organizers) runs it.
    E("declarations.plenary", DD + "/plenary", "GET", FOLLOWS),
    E("declarations.give_position", DD + "/plenary/position", "POST", FOLLOWS),
    E("declarations.name_voice", DD + "/plenary/voice/{delegation}", "POST", "LDDDODD"),
    E("declarations.plenary_rules", DD + "/plenary/rules", "POST", ORGANIZES),
    E("declarations.open_vote", DD + "/votes", "POST", ORGANIZES),
    E("declarations.close_vote", DD + "/votes/{vote}/close", "POST", ORGANIZES),
    E("declarations.cast_ballot", DD + "/ballot", "POST", FOLLOWS),
    E("declarations.live", DD + "/live", "GET", FOLLOWS),
    E("declarations.live_json", DD + "/live.json", "GET", FOLLOWS),
    E("declarations.live_chair", DD + "/live/chair", "GET,POST", ORGANIZES, safe_post=False),
    E("declarations.groups", "/{lang}/declarations/groups/{convening}", "GET,POST", ORGANIZES),
    E("declarations.group_member_add", "/{lang}/declarations/groups/{convening}/{group}/members", "POST", ORGANIZES),
    E("declarations.group_member_remove",
      "/{lang}/declarations/groups/{convening}/{group}/members/{delegate_user}/remove", "POST", ORGANIZES),
    E("declarations.sign", DA + "/sign", "GET,POST", ALL_OK),
    E("declarations.signatories_review", DA + "/signatories", "GET", ORGANIZES),
    E("declarations.signon_toggle", DA + "/signon", "GET,POST", ORGANIZES),
    E("declarations.signatory_decide", DA + "/signatories/{signatory}/verify", "POST", ORGANIZES),
    E("declarations.withdraw_mine", DA + "/signatures/{signatory}/withdraw", "POST", "LDDDODD"),
    E("declarations.withdraw_by_token", DA + "/withdraw/forged-token", "GET,POST", ALL_OK, token=True),
    # delegation registration (the delegate is a member of A's delegation, not its lead)
    E("delegations.start", R + "/{convening}/", "GET,POST", ALL_OK, post="LOOOOOO"),
    E("delegations.overview", RD + "/", "GET", "LODDOOO"),  # members see their delegation
    E("delegations.edit", RD + "/edit", "GET,POST", CHANGES),
    E("delegations.add_member", RD + "/members/new", "GET,POST", CHANGES),
    E("delegations.edit_member", RD + "/members/{member}/edit", "GET,POST", CHANGES),
    E("delegations.invite_member", RD + "/members/{member}/invite", "POST", CHANGES),
    E("delegations.import_members", RD + "/import", "GET,POST", CHANGES),
    E("delegations.import_template", RD + "/import/template.csv", "GET", CHANGES),
    E("delegations.review", RD + "/review", "GET", LEADS),
    E("delegations.submit", RD + "/submit", "POST", LEADS),
    E("delegations.answer_offer", RD + "/offer", "POST", LEADS),
    E("delegations.withdraw", RD + "/withdraw", "GET,POST", CHANGES),  # an unconfirmed post only asks
    E("delegations.withdraw_member", RD + "/members/{member}/withdraw", "GET,POST", CHANGES),
    E("delegations.reinstate_member", RD + "/members/{member}/reinstate", "POST", REVIEWS),
    E("delegations.move_member", RD + "/members/{member}/move", "GET,POST", REVIEWS),
    E("delegations.decide", RD + "/decide", "POST", REVIEWS, safe_post=True),  # an unconfirmed post previews
    E("delegations.letter", RD + "/members/{member}/letter", "GET", CHANGES),
    E("delegations.letters", RD + "/letters", "GET", CHANGES),
    E("delegations.settings", R + "/{convening}/settings", "GET,POST", ORGANIZES),
    E("delegations.dashboard", R + "/{convening}/dashboard", "GET", ORGANIZES),
    E("delegations.delegations", R + "/{convening}/delegations", "GET", ORGANIZES),
    E("delegations.decide_bulk", R + "/{convening}/delegations/decide", "POST", ORGANIZES, safe_post=True),
    E("delegations.export", R + "/{convening}/export.csv", "GET", ORGANIZES),
    E("delegations.roster", R + "/{convening}/roster", "GET", ORGANIZES),
    E("delegations.badges", R + "/{convening}/badges", "GET", ORGANIZES),
    E("delegations.checkin", R + "/{convening}/checkin", "GET", ORGANIZES),
    E("delegations.check_in", R + "/{convening}/checkin/{member}", "POST", ORGANIZES),
    E("delegations.receivers", R + "/{convening}/receivers", "GET,POST", ORGANIZES),
    E("delegations.emails", R + "/{convening}/emails", "GET,POST", ORGANIZES),
    E("delegations.hand_out_receiver", R + "/{convening}/receivers/out/{member}", "POST", ORGANIZES),
    E("delegations.take_back_receiver", R + "/{convening}/receivers/1/back", "POST", ORGANIZES),
    E("delegations.organizations", R + "/{convening}/organizations", "GET,POST", ORGANIZES,
      safe_post=False),  # its POST verifies one listed organization (a button per row), not a form
    E("delegations.questions", R + "/{convening}/questions", "GET,POST", ORGANIZES),
    E("delegations.edit_question", R + "/{convening}/questions/{question}/edit", "GET,POST", ORGANIZES),
    E("delegations.move_question", R + "/{convening}/questions/{question}/move", "POST", ORGANIZES),
    E("delegations.delete_question", R + "/{convening}/questions/{question}/delete", "GET,POST", ORGANIZES),
    E("delegations.invitation", R + "/invitation/forged-token", "GET,POST", ALL_OK, token=True),
    # organizations and people
    E("organizations.directory", "/{lang}/organizations/", "GET", ALL_OK),
    E("organizations.show", "/{lang}/organizations/{organization}/", "GET", ALL_OK),
    E("organizations.create", "/{lang}/organizations/new", "GET,POST", ORGANIZES_ANY),
    E("organizations.edit", "/{lang}/organizations/{organization}/edit", "GET,POST", ORGANIZES_ANY),
    E("people.person", "/{lang}/people/{person}/", "GET", ALL_OK),
    E("people.create_person", "/{lang}/people/new", "GET,POST", ORGANIZES_ANY),
    E("people.edit_person", "/{lang}/people/{person}/edit", "GET,POST", ORGANIZES_ANY),
    # the open read-only API (issue 15): public data only, the same for everyone
    E("api.docs", "/{lang}/api/", "GET", ALL_OK),
    E("api.index", API + "/", "GET", ALL_OK),
    E("api.openapi", API + "/openapi.json", "GET", ALL_OK),
    E("api.convenings", API + "/convenings", "GET", ALL_OK),
    E("api.convening", API + "/convenings/{convening}", "GET", ALL_OK),
    E("api.agendas", API + "/convenings/{convening}/agendas", "GET", ALL_OK),
    E("api.agenda", API + "/convenings/{convening}/agendas/{release}", "GET", ALL_OK),
    E("api.sessions", API + "/convenings/{convening}/sessions", "GET", ALL_OK),
    E("api.session", API + "/convenings/{convening}/sessions/{session_guid}", "GET", ALL_OK),
    E("api.rooms", API + "/convenings/{convening}/rooms", "GET", ALL_OK),
    E("api.speakers", API + "/convenings/{convening}/speakers", "GET", ALL_OK),
    E("api.organizations", API + "/organizations", "GET", ALL_OK),
    E("api.organization", API + "/organizations/{organization}", "GET", ALL_OK),
    E("api.declarations", API + "/declarations", "GET", ALL_OK),
    E("api.declaration", API + "/declarations/{adopted}", "GET", ALL_OK),
]

#: A's addresses aimed at B's rows (``b_`` ids): the object does not belong to the convening or
#: declaration in the URL, so even A's organizer and the admin are refused, and nothing changes.
#: Every role posts (an empty form); nobody may succeed.
NOBODY = "LDDDDDD"
CROSS: list[E] = [
    E("agenda.edit_room", M + "/rooms/{b_room}/edit", "GET,POST", NOBODY),
    E("agenda.delete_room", M + "/rooms/{b_room}/delete", "GET,POST", NOBODY),
    E("agenda.edit_track", M + "/tracks/{b_track}/edit", "GET,POST", NOBODY),
    E("agenda.delete_track", M + "/tracks/{b_track}/delete", "GET,POST", NOBODY),
    E("agenda.edit_session", M + "/sessions/{b_session}/edit", "GET,POST", NOBODY),
    E("agenda.delete_session", M + "/sessions/{b_session}/delete", "GET,POST", NOBODY),
    E("agenda.duplicate_session", M + "/sessions/{b_session}/duplicate", "POST", NOBODY),
    E("agenda.move_session", M + "/sessions/{b_session}/move", "GET,POST", NOBODY),
    E("agenda.session_page", A + "/sessions/{b_session_guid}/", "GET", "DDDDDDD"),
    E("agenda.session_ical", A + "/sessions/{b_session_guid}.ics", "GET", "DDDDDDD"),
    E("api.session", API + "/convenings/{convening}/sessions/{b_session_guid}", "GET", "DDDDDDD"),
    E("api.declaration", API + "/declarations/{declaration}", "GET", "DDDDDDD"),  # a draft: not in the API
    E("convenings.remove_organization", C + "/participants/organizations/{b_participant_organization}/remove",
      "POST", NOBODY),
    E("convenings.remove_person", C + "/participants/people/{b_participant_person}/remove", "POST", NOBODY),
    E("declarations.clause_edit", DD + "/clauses/{b_clause}/edit", "GET,POST", NOBODY),
    E("declarations.clause_move", DD + "/clauses/{b_clause}/move", "POST", NOBODY),
    E("declarations.clause_remove", DD + "/clauses/{b_clause}/remove", "GET,POST", NOBODY),
    E("declarations.correction_decide", DA + "/corrections/{b_correction}/approve", "POST", NOBODY),
    E("declarations.close_vote", DD + "/votes/{b_vote}/close", "POST", NOBODY),
    E("declarations.name_voice", DD + "/plenary/voice/{other_delegation}", "POST", NOBODY),
    E("declarations.translation_reviewed", DA + "/clauses/{b_adopted_clause}/reviewed/es", "POST", NOBODY),
    E("declarations.proposal", DD + "/proposals/{b_proposal}", "GET,POST", NOBODY),
    E("declarations.proposal_withdraw", DD + "/proposals/{b_proposal}/withdraw", "POST", NOBODY),
    E("declarations.signatory_decide", DA + "/signatories/{b_signatory}/verify", "POST", NOBODY),
    E("declarations.withdraw_mine", DA + "/signatures/{b_signatory}/withdraw", "POST", NOBODY),
    E("declarations.group_member_add", "/{lang}/declarations/groups/{convening}/{b_group}/members", "POST", NOBODY),
    E("declarations.group_member_remove",
      "/{lang}/declarations/groups/{convening}/{b_group}/members/{b_delegate_user}/remove", "POST", NOBODY),
    E("delegations.edit_member", RD + "/members/{b_member}/edit", "GET,POST", NOBODY),
    E("delegations.invite_member", RD + "/members/{b_member}/invite", "POST", NOBODY),
    E("delegations.withdraw_member", RD + "/members/{b_member}/withdraw", "GET,POST", NOBODY),
    E("delegations.reinstate_member", RD + "/members/{b_member}/reinstate", "POST", NOBODY),
    E("delegations.move_member", RD + "/members/{b_member}/move", "GET,POST", NOBODY),
    E("delegations.letter", RD + "/members/{b_member}/letter", "GET", NOBODY),
    E("delegations.edit_question", R + "/{convening}/questions/{b_question}/edit", "GET,POST", NOBODY),
    E("delegations.move_question", R + "/{convening}/questions/{b_question}/move", "POST", NOBODY),
    E("delegations.delete_question", R + "/{convening}/questions/{b_question}/delete", "GET,POST", NOBODY),
]
