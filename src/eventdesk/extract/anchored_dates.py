"""**dates.anchored_to_another_event**: a happening timed by another one of the article
("Hours before the deal was signed, the army struck ...", "shortly after the vote") took
place on that one's day, when its own sentence gives no date of its own.

Applied once the article's events are merged, so the other happening has its day from
whichever mention told it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .. import rules
from ..records import Event
from ..rules import Example, register
from .trace import if_changed

ANCHORED = register(
    "dates.anchored_to_another_event",
    "A happening told 'hours before', 'shortly after', 'minutes after' another happening of "
    "the article took place on that one's day, unless its own sentence dates it.",
    ("date", "time_precision"),
    (
        Example(
            "The two sides signed a truce in Tessaro on Saturday.\n\n"
            "Hours before the deal was signed, the army shelled rebel positions near Ombarin.",
            (("date", "2024-03-09"),),
            published="2024-03-13",
        ),
    ),
)

_ANCHOR = re.compile(
    r"\b(?:hours|minutes|moments|shortly|just|soon|immediately)\s+(?:before|after)\b",
    re.IGNORECASE,
)


def anchored_dates(events: list[Event], text: str) -> list[Event]:
    """The article's events with the day of the happening their sentence times them by."""
    if not rules.on(ANCHORED) or _ANCHOR.search(text) is None:
        return events
    return [_anchored(e, events, text) for e in events]


def _anchored(event: Event, events: list[Event], text: str) -> Event:
    evidence = dict(event.evidence)
    sentence, trigger, own_date = (evidence.get(k) for k in ("sentence", "trigger", "date"))
    if sentence is None or trigger is None:
        return event
    if own_date is not None and sentence[0] <= own_date[0] < sentence[1]:
        return event  # "On Friday, hours before the vote": its own day
    found = _ANCHOR.search(text, sentence[0], sentence[1])
    if found is None:
        return event
    # the clause that names the other happening: up to the next comma, or the trigger
    stop = text.find(",", found.end(), sentence[1])
    end = min(x for x in (stop, trigger[0], sentence[1]) if x > found.end())
    other = next(
        (
            e
            for e in events
            if e is not event
            and e.date is not None
            and e.time_precision == 1
            and any(
                found.end() <= s[0] < end
                for s in (dict(e.evidence).get("trigger", (-1, -1)), *e.mentions())
            )
        ),
        None,
    )
    if other is None or other.date == event.date:
        return event
    after = replace(event, date=other.date, time_precision=other.time_precision)
    return if_changed(ANCHORED, event, after)
