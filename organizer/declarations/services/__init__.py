"""Business rules of declarations (writes): services check the rules, change rows, flush and raise
``DeclarationError``; the request commits once. Split by purpose: ``drafting``, ``proposals``,
``plenary``, ``signon``. Reads live in ``declarations/queries.py``; they are re-exported here so
that ``services.clauses_of(...)`` keeps working for callers written before the split."""
from __future__ import annotations

from ..queries import *  # noqa: F401,F403
from ..queries import _hash  # noqa: F401
from ._base import DeclarationError, _check_base, _check_draft, _save, check_draft, languages, slugify, unique_slug  # noqa: F401
from .drafting import *  # noqa: F401,F403
from .drafting import _insert, _renumber  # noqa: F401
from .plenary import *  # noqa: F401,F403
from .proposals import *  # noqa: F401,F403
from .proposals import _written_in  # noqa: F401
from .signon import *  # noqa: F401,F403
from .votes import *  # noqa: F401,F403
