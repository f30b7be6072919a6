"""Deprecated: the string hooks became blinker signals in ``organizer.platform.signals``.

Kept only so that code written against the old names keeps working while it is converted:
``hooks.add(app, name, fn)`` connects ``fn`` to the signal of that name (weakly, as blinker
does), ``hooks.call`` and ``hooks.sections`` send it, ``hooks.Section`` is ``signals.Section``. New code uses ``signals.<name>.connect(fn)``. Remove once nothing imports it.
"""
from __future__ import annotations

from typing import Callable

from flask import Flask

from .platform import signals
from .platform.signals import Section

_RENAMED = {"seed_convening": "convening_seeded"}


def _signal(name: str):
    return getattr(signals, _RENAMED.get(name, name))


def add(app: Flask, name: str, fn: Callable) -> None:
    _signal(name).connect(fn)


def call(name: str, sender=None, **kwargs) -> list:
    return signals.collect(_signal(name), sender, **kwargs)


def sections(name: str, sender=None, **kwargs) -> list[Section]:
    return signals.sections(_signal(name), sender, **kwargs)


__all__ = ["Section", "add", "call", "sections"]
