"""A memo that lives as long as the request (or the app context of a CLI command or a background
render): pure display helpers (an organization's name, a translated field) remember what they
computed for this reader, so a page naming the same organization 5,000 times resolves it once.

Outside any context it returns a fresh dict: nothing is remembered, nothing can leak."""
from __future__ import annotations

from flask import g, has_app_context


def request_memo(namespace: str) -> dict:
    if not has_app_context():
        return {}
    memos = g.get("_display_memos")
    if memos is None:
        memos = g._display_memos = {}
    memo = memos.get(namespace)
    if memo is None:
        memo = memos[namespace] = {}
    return memo
