"""Registration's pages, split by audience: ``lead`` (the lead, and organizers editing a delegation),
``review`` (organizers deciding), ``questions`` (organizers' own questions), ``tools`` (dashboard,
exports, print, hooks). One blueprint; importing a module registers its routes on it."""
from . import checkin, emails, lead, questions, receivers, review, tools
from .common import bp
from .tools import init_app

__all__ = ["bp", "init_app", "checkin", "emails", "lead", "questions", "receivers", "review", "tools"]
