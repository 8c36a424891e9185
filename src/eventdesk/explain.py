"""Why an event was coded as it was: each field's value, its evidence and the rules that set it.

``explain(result)`` renders one article's events for ``eventdesk extract --explain``; the
rule descriptions come from the registry (rules.py). ``rule_table`` renders ``eventdesk
rules``: every registered rule in order, and how often each fired on the inputs given.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import Any

from . import rules
from .extract.coref import COREF_RULES
from .records import ArticleResult, Event

# the fields shown, in contract order, with the evidence key each one points at
_SHOWN = (
    ("plover", None),
    ("acled", None),
    ("cameo", None),
    ("actor1", "actor1"),
    ("actor2", "actor2"),
    ("location", "location"),
    ("date", "date"),
    ("time_precision", "date"),
    ("fatalities", "fatalities"),
    ("injured", "injured"),
    ("displaced", "displaced"),
    ("arrested", "arrested"),
    ("reported_by", None),
    ("negated", None),
    ("hypothetical", None),
    ("future", None),
    ("historical", None),
    ("confidence", None),
)


def field_value(event: Event, key: str) -> Any:
    """The value of event field ``key`` (as ``decided_by`` names it); None when unset."""
    if key == "plover":
        return event.plover_type + (f"/{event.plover_mode}" if event.plover_mode else "")
    if key == "acled":
        if event.acled_event_type is None:
            return None
        return f"{event.acled_event_type}/{event.acled_sub_event_type}"
    if key in {"actor1", "actor2"}:
        actor = getattr(event, key)
        if actor is None:
            return None
        inter = f", inter {actor.inter}" if actor.inter is not None else ""
        return f"{actor.name} ({actor.cameo or '-'}{inter})"
    if key == "location":
        place = event.location
        if place is None:
            return None
        return f"{place.name}, {place.country or '?'} ({place.feature or 'unresolved'})"
    if key == "reported_by":
        return ", ".join(event.reported_by) or None
    if key in {"negated", "hypothetical", "future", "historical"}:
        return getattr(event, key) or None  # False is the default, not a decision
    value = getattr(event, key)
    return round(value, 3) if isinstance(value, float) else value


def set_fields(event: Event) -> list[str]:
    """The event's fields that hold a value (the ones a decision must account for)."""
    return [key for key, _ in _SHOWN if field_value(event, key) is not None]


def explain(result: ArticleResult, width: int = 100) -> str:
    text = result.article.text
    title = result.article.title or result.article.source_path or result.article.article_id
    lines = [f"{title}: {len(result.events)} events"]
    decided_rules = rules.registry()
    for n, event in enumerate(result.events, 1):
        evidence = dict(event.evidence)
        decided = dict(event.decided_by)
        s, e = evidence.get("sentence", (0, 0))
        lines.append("")
        lines.append(f"[{n}] {event.event_id}")
        sentence = " ".join(text[s:e].split())
        lines += textwrap.wrap(sentence, width - 4, initial_indent="    ", subsequent_indent="    ")
        lines += _mention_lines(event, text, decided.get("event", ()), width)
        for key, ev_key in _SHOWN:
            value = field_value(event, key)
            if value is None:
                continue
            span = evidence.get(ev_key) if ev_key else None
            quoted = f'  "{text[span[0] : span[1]]}" [{span[0]}:{span[1]}]' if span else ""
            lines.append(f"  {key:<14} {value}{quoted}")
            names = decided.get(key, ())
            shown = ", ".join(
                n + (" (base)" if n in decided_rules and decided_rules[n].base else "")
                for n in names
            )
            lines.append(f"  {'':<14}   decided by: {shown or '(no recorded decision)'}")
        other = [k for k in decided if k not in {key for key, _ in _SHOWN}]
        for key in other:
            lines.append(f"  {key:<14} decided by: {', '.join(decided[key])}")
    return "\n".join(lines) + "\n"


def _mention_lines(event: Event, text: str, decided: tuple[str, ...], width: int) -> list[str]:
    """The mentions of one happening merged into the event (extract/coref.py), each with its
    text and offsets, and the rules that merged them."""
    mentions = event.mentions()
    if not mentions:
        return []
    quoted = ", ".join(f'"{" ".join(text[s:e].split())}" [{s}:{e}]' for s, e in mentions)
    lines = textwrap.wrap(
        f"{'mentions':<14} {len(mentions)}  {quoted}",
        width,
        initial_indent="  ",
        subsequent_indent=" " * 19,
    )
    merged_by = [n for n in decided if n in COREF_RULES]
    lines.append(f"  {'':<14}   merged by: {', '.join(merged_by) or '(no recorded decision)'}")
    return lines


def rule_table(counts: Counter[str] | None = None, stage: str | None = None) -> str:
    """Every registered rule (of ``stage``), in order; with ``counts``, how often it fired."""
    reg = [r for r in rules.registry().values() if stage is None or r.stage == stage]
    width = max((len(r.name) for r in reg), default=10)
    lines = []
    for r in reg:
        fired = f"{counts.get(r.name, 0):>7}  " if counts is not None else ""
        base = " [base]" if r.base else ""
        lines.append(f"{fired}{r.name:<{width}}  {', '.join(r.fields)}{base}")
        lines += textwrap.wrap(
            r.description,
            96,
            initial_indent=" " * (len(fired) + 4),
            subsequent_indent=" " * (len(fired) + 4),
        )
    head = (f"{'fired':>7}  " if counts is not None else "") + f"{'rule':<{width}}  fields"
    return "\n".join([head, *lines]) + "\n"
