"""Registration's pages, split by audience: ``lead`` (the lead, and organizers editing a delegation),
``review`` (organizers deciding), ``tools`` (dashboard, exports, print, hooks). One blueprint."""
from . import checkin, emails, lead, questions, receivers, review, tools  # noqa: F401  (their routes register on the blueprint)
from .common import bp  # noqa: F401
from .tools import init_app  # noqa: F401
