"""Registration's writes, split by purpose (``core``: shared rules, errors, notices, emails;
``members``: delegations and their members; ``places``: capacity, decisions, the waiting list).
Reads live in ``..queries``. Everything is re-exported here: callers write ``services.submit``."""
from ..models import RegistrationSettings  # noqa: F401  (views and tests reach it here)
from ..queries import *  # noqa: F401,F403
from ..queries import delegation_organizations, find_duplicate, find_organizations, lead_delegation  # noqa: F401
from ..queries import load_delegation, places_left, places_used, room_left, waitlist_positions  # noqa: F401
from ...database import utcnow  # noqa: F401
from .core import *  # noqa: F401,F403
from .core import _apply, _notices, log  # noqa: F401
from .members import *  # noqa: F401,F403
from .places import *  # noqa: F401,F403
from . import checkin  # noqa: F401,E402
from .checkin import arrivals, check_in, code_for, token_for  # noqa: F401,E402
from . import receivers  # noqa: F401,E402
from . import emails  # noqa: F401,E402
from . import questions  # noqa: F401,E402
