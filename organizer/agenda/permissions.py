"""Who may do what with an agenda."""
from __future__ import annotations

from ..accounts.permissions import Rule
from ..convenings.permissions import can_view, organizes

#: Build, check and release a convening's agenda: that convening's organizers and site admins.
edits_agenda = organizes


def _reads(user, convening) -> bool:
    return convening is not None and can_view(user, convening)


#: Read a convening's released agenda: anyone, when the convening is public; else its organizers.
reads_agenda = Rule(_reads, "reads_agenda")
