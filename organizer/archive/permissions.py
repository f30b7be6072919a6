"""Who may edit the shared directory of organizations: site admins and convening organizers."""
from __future__ import annotations

from ..accounts.permissions import site_admin
from ..convenings.permissions import organizes_any

#: Create and edit organizations and people (and see unverified organizations, private people).
edits_organizations = site_admin | organizes_any
