"""Registration's writes, split by purpose (``core``: shared rules, errors, notices, emails;
``members``: delegations and their members; ``places``: capacity, decisions, the waiting list;
``lead``: what a lead's page does, one call each, taking the registration lock itself; ``organizing``:
the same for organizers' pages; ``questions``:
organizers' own questions).
Reads live in ``..queries``. Everything is re-exported here: callers write ``services.submit``."""
from ..models import RegistrationSettings
from ..queries import *  # noqa: F403
from ..queries import delegation_organizations, find_duplicate, find_organizations, lead_delegation
from ..queries import load_delegation, places_left, places_used, room_left, waitlist_positions
from ...database import utcnow
from .core import *  # noqa: F403
from .members import *  # noqa: F403
from .places import *  # noqa: F403
from . import checkin  # noqa: E402
from .checkin import arrivals, check_in, code_for, token_for  # noqa: E402
from . import receivers  # noqa: E402
from . import emails  # noqa: E402
from . import questions  # noqa: E402
from . import lead  # noqa: E402
from . import organizing  # noqa: E402

#: Named re-exports (everything the star imports bring is reachable as ``services.name`` too).
__all__ = [
    "RegistrationSettings", "delegation_organizations", "find_duplicate", "find_organizations", "lead_delegation",
    "load_delegation", "places_left", "places_used", "room_left", "waitlist_positions", "utcnow", "checkin",
    "arrivals", "check_in", "code_for", "token_for", "receivers", "emails", "questions", "lead",
    "organizing",
]
