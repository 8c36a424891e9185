"""The trace of finished events: recording which rule changed which field of an Event.

The passes that decide one event record into a ``rules.Trace`` (extract/draft.py); the passes
that rewrite finished events (merging follow-ups, naming sides, front lines) use these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter
from typing import Any

from .. import rules
from ..records import Event

COUNT_FIELDS = ("fatalities", "injured", "displaced", "arrested")


def decisions(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``decided_by`` from (field, rule) pairs: each field once, its rules in order."""
    out: dict[str, list[str]] = {}
    for key, name in pairs:
        names = out.setdefault(key, [])
        if name not in names:
            names.append(name)
    return tuple((k, tuple(v)) for k, v in out.items())


def with_decision(event: Event, name: str, *keys: str) -> Event:
    """``event`` with rule ``name`` added to the decisions of ``keys`` (for the passes that
    work on finished events: merging, naming sides, front lines); the caller counts the
    rule as fired (``rules.apply`` / ``rules.fired``)."""
    pairs = [(k, n) for k, names in event.decided_by for n in names]
    pairs += [(k, name) for k in keys]
    return replace(event, decided_by=decisions(tuple(pairs)))


def with_sides(event: Event, values: dict[str, Any], name: str) -> Event:
    """``event`` with the sides of ``values`` ("actor1"/"actor2" -> Actor) replaced, each
    also where it heads its side's list (``actors1``/``actors2``), and rule ``name`` recorded
    for them; the caller counts the rule as fired."""
    lists: dict[str, Any] = {}
    for key, fresh in values.items():  # the main actor heads its side's list
        side_key = key.replace("actor", "actors")
        side = getattr(event, side_key)
        if side:
            old = getattr(event, key)
            lists[side_key] = tuple(fresh if a is old else a for a in side)
    return with_decision(replace(event, **values, **lists), name, *values)


# event fields as ``decided_by`` names them, and how to read each from an Event
_FIELD_VALUES: dict[str, Callable[[Event], Any]] = {
    "plover": lambda e: (e.plover_type, e.plover_mode),
    "acled": lambda e: (e.acled_event_type, e.acled_sub_event_type),
    "cameo": lambda e: e.cameo,
    "actor1": lambda e: e.actor1,
    "actor2": lambda e: e.actor2,
    "location": lambda e: e.location,
    "date": lambda e: e.date,
    **{k: attrgetter(k) for k in COUNT_FIELDS},
    "confidence": lambda e: e.confidence,
}


def changed_fields(before: Event, after: Event) -> list[str]:
    return [k for k, read in _FIELD_VALUES.items() if read(before) != read(after)]


def if_changed(rule: str, before: Event, after: Event) -> Event:
    """``after``, with ``rule`` recorded for the fields it changed from ``before``."""
    keys = changed_fields(before, after)
    if not keys:
        return after
    rules.fired(rule)
    return with_decision(after, rule, *keys)
