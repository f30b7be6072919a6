"""Who may edit the shared directory of organizations: site admins and convening organizers."""
from __future__ import annotations

from ..accounts.permissions import site_admin
from ..convenings.permissions import _organizes_any

#: Create and edit organizations (and see unverified ones).
edits_organizations = site_admin | _organizes_any
