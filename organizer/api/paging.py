"""``limit`` and ``cursor``: every list of the API is read page by page, with links to the next.

The cursor is opaque to clients (base64 of a position: the last id read for lists read from the
database, an offset for lists read from a frozen agenda). Bad values are a 400 naming the parameter,
never a 500."""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from flask import request, url_for

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BadParameter(Exception):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def encode(position: int) -> str:
    return base64.urlsafe_b64encode(f"p{position}".encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int:
    if cursor is None or cursor == "":
        return 0
    if len(cursor) > 40:
        raise BadParameter("cursor", "Invalid cursor.")
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadParameter("cursor", "Invalid cursor.") from None
    if not text.startswith("p") or not text[1:].isdigit() or len(text) > 11:
        raise BadParameter("cursor", "Invalid cursor.")
    value = int(text[1:])
    if value > 2**31 - 1:
        raise BadParameter("cursor", "Invalid cursor.")
    return value


@dataclass
class Page:
    limit: int
    position: int  # the last id read (keyset) or the offset (frozen lists)


def page() -> Page:
    raw = request.args.get("limit")
    if raw is None or raw == "":
        limit = DEFAULT_LIMIT
    elif raw.isascii() and raw.isdigit() and len(raw) <= 4 and 1 <= int(raw) <= MAX_LIMIT:
        limit = int(raw)
    else:
        raise BadParameter("limit", f"limit must be a whole number from 1 to {MAX_LIMIT}.")
    return Page(limit, decode(request.args.get("cursor")))


def links(endpoint: str, current: Page, next_position: int | None, params: dict | None = None, **values) -> dict:
    """``self`` and ``next`` (None on the last page), absolute. ``params``: the other query
    parameters the list was read with, already validated (never the raw query string)."""
    args = {k: v for k, v in (params or {}).items() if v is not None}
    if current.limit != DEFAULT_LIMIT:
        args["limit"] = current.limit
    here_args = dict(args, cursor=encode(current.position)) if current.position else args
    here = url_for(endpoint, _external=True, **values, **here_args)
    following = (url_for(endpoint, _external=True, **values, **args, cursor=encode(next_position))
                 if next_position is not None else None)
    return {"self": here, "next": following}


def slice_list(items: list, current: Page) -> tuple[list, int | None]:
    """A page of an in-memory list: (items, the next offset or None)."""
    start = current.position
    chunk = items[start:start + current.limit]
    following = start + current.limit if start + current.limit < len(items) else None
    return chunk, following
