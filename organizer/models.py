"""Imports every domain's models so that the metadata (and Alembic) sees all tables."""
from .accounts.models import LoginAttempt, User  # noqa: F401
from .convenings.models import (Convening, ConveningGoal, ConveningOrganization,  # noqa: F401
                                ConveningOrganizer, ConveningPerson, ConveningSource, Source)
from .mail.models import OutboxMessage  # noqa: F401
from .organizations.models import Affiliation, Organization, OrganizationSector, Person  # noqa: F401
