"""Gold toponym spans whose offsets do not hold their phrase, moved to the phrase nearby.

Toponym corpora ship character offsets that sometimes drift from the text they index (a
title joined to the body, entities decoded after offsets were taken, a few characters lost
per line). Scoring such a span resolves the wrong characters, so before scoring each gold
span is checked against the phrase the gold gives for it:

* ``exact``: ``text[start:end]`` is the phrase (letter case, curly quotes and runs of white
  space aside);
* ``realigned``: it is not, and the phrase occurs within ``window`` characters of the given
  start; the span moves to the nearest such occurrence that no other gold span of the
  document holds (whole-word occurrences before ones inside a longer word);
* ``unaligned``: the phrase is nowhere near; :mod:`eventdesk.eval.geo` skips the toponym
  (it is neither scored nor counted in ``n``) and reports how many it skipped;
* ``unchecked``: the gold gives no phrase; the span is kept as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REALIGN_WINDOW = 200  # characters either side of the given start searched for the phrase

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_SPACE_RE = re.compile(r"\s+")

STATUSES = ("exact", "realigned", "unaligned", "unchecked")


@dataclass(frozen=True, slots=True)
class Aligned:
    """Where a gold span ends up and how it got there (one of ``STATUSES``)."""

    start: int
    end: int
    status: str


def _norm(s: str) -> str:
    return _SPACE_RE.sub(" ", s.translate(_QUOTES)).strip().casefold()


def holds(text: str, start: int, end: int, phrase: str) -> bool:
    """Do the offsets hold the phrase (letter case, quotes and white space aside)?"""
    if not 0 <= start < end <= len(text):
        return False
    return text[start:end] == phrase or _norm(text[start:end]) == _norm(phrase)


def _pattern(phrase: str) -> re.Pattern[str] | None:
    words = _norm(phrase).split(" ")
    if not words or words == [""]:
        return None
    parts = []
    for w in words:
        chars = [r"['\u2018\u2019]" if ch == "'" else re.escape(ch) for ch in w]
        chars = [r"[\"\u201c\u201d]" if ch == re.escape('"') else ch for ch in chars]
        parts.append("".join(chars))
    return re.compile(r"\s+".join(parts), re.IGNORECASE)


def _word_bounded(text: str, s: int, e: int) -> bool:
    before = text[s - 1] if s > 0 else " "
    after = text[e] if e < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def realign(
    text: str,
    start: int,
    phrase: str,
    window: int = REALIGN_WINDOW,
    taken: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[int, int] | None:
    """The span of the occurrence of ``phrase`` nearest to ``start`` within ``window``
    characters either side, not one of ``taken``; whole-word occurrences first. None when
    there is none."""
    pat = _pattern(phrase)
    if pat is None:
        return None
    lo = max(0, start - window)
    hi = min(len(text), start + window + len(phrase))
    found = [
        (m.start(), m.end())
        for m in pat.finditer(text, lo, hi)
        if (m.start(), m.end()) not in taken and abs(m.start() - start) <= window
    ]
    if not found:
        return None
    return min(found, key=lambda se: (not _word_bounded(text, *se), abs(se[0] - start), se[0]))


def align_spans(
    text: str, spans: list[tuple[int, int, str | None]], window: int = REALIGN_WINDOW
) -> list[Aligned]:
    """Check (and where needed move) every gold span of one document: (start, end, phrase)
    in, one :class:`Aligned` per span out, in the same order."""
    out: list[Aligned | None] = [None] * len(spans)
    taken: set[tuple[int, int]] = set()
    pending: list[int] = []
    for i, (s, e, phrase) in enumerate(spans):
        if not phrase:
            out[i] = Aligned(s, e, "unchecked")
        elif holds(text, s, e, phrase):
            out[i] = Aligned(s, e, "exact")
            taken.add((s, e))
        else:
            pending.append(i)
    for i in pending:  # after the exact ones, so a drifted span never takes a held one
        s, e, phrase = spans[i]
        assert phrase is not None
        moved = realign(text, s, phrase, window, frozenset(taken))
        if moved is None:
            out[i] = Aligned(s, e, "unaligned")
        else:
            out[i] = Aligned(moved[0], moved[1], "realigned")
            taken.add(moved)
    return [a for a in out if a is not None]
