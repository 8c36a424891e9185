"""Resolving date expressions against the publication date, with ACLED time precision.

Precision: 1 = the day, 2 = a week or an approximate date, 3 = the month (or coarser).
Own rules handle the expressions news uses most ("on Monday", "at the weekend", "last week",
"earlier this month", "since December", "in September 2018"); dateparser (English only,
relative to the publication date, preferring the past) is the fallback for the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..nlp import doc_text

WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?,?\s*(\d{{4}}|\d{{2}}\b)?", re.I
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b,?\s*(\d{{4}})?", re.I
)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_DAY_FIRST_NUMERIC = re.compile(r"\b(\d{1,2})-(\w{3})-(\d{2})\b")  # 9-May-20


_EXPLICIT = (_ISO, _DAY_FIRST_NUMERIC, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _MONTH_YEAR)
_DIGIT = re.compile(r"\d")


def explicit_date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of explicit calendar dates ("9 May 2020", "May 9, 2020", "2020-05-09",
    "September 2018") found by pattern, which the NER model sometimes cuts short."""
    spans: list[tuple[int, int]] = []
    if not _DIGIT.search(text):
        return spans  # every pattern has a digit
    for rx in _EXPLICIT:
        for m in rx.finditer(text):
            s, e = m.span()
            while e > s and not text[e - 1].isalnum():
                e -= 1
            if rx is _MONTH_DAY_YEAR and not m.group(3) and text[s:e].split()[0].lower() == "may":
                continue  # "may 12" is too often the modal verb before a number
            if not any(a < e and s < b for a, b in spans):
                spans.append((s, e))
    return sorted(spans)


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    date: dt.date
    precision: int


def _weekday_before(base: dt.date, weekday: int, future: bool) -> dt.date:
    delta = (base.weekday() - weekday) % 7
    if future:
        return base + dt.timedelta(days=(weekday - base.weekday()) % 7 or 7)
    return base - dt.timedelta(days=delta)


def _month_before(base: dt.date, month: int, future: bool) -> dt.date:
    year = base.year
    if future and month < base.month:
        year += 1
    if not future and month > base.month:
        year -= 1
    return dt.date(year, month, 1)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year_for(base: dt.date, month: int, day: int, future: bool) -> int:
    """The year of a day-month with no year: the publication year, unless that is far off."""
    cand = _safe_date(base.year, month, day) or dt.date(base.year, month, 1)
    if not future and (cand - base).days > 31:
        return base.year - 1
    if future and (base - cand).days > 31:
        return base.year + 1
    return base.year


def resolve_date(expr: str, published: dt.date | None, future: bool = False) -> ResolvedDate | None:
    """The date an expression denotes, relative to ``published``; None if it denotes no date
    (nor a year outside 1800-2199: "1125 projectiles" is a count)."""
    r = _resolve_date(expr, published, future)
    return r if r is not None and 1800 <= r.date.year < 2200 else None


def _resolve_date(expr: str, published: dt.date | None, future: bool) -> ResolvedDate | None:
    text = " ".join(expr.lower().split())
    if not text:
        return None
    m = _ISO.search(text)
    if m:
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return ResolvedDate(d, 1) if d else None
    m = _DAY_FIRST_NUMERIC.search(text)
    if m and m.group(2) in MONTHS:
        d = _safe_date(2000 + int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
        return ResolvedDate(d, 1) if d else None
    for rx, day_group, month_group in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):
        m = rx.search(text)
        if m:
            day, month = int(m.group(day_group)), MONTHS[m.group(month_group).rstrip(".")]
            if m.group(3):
                year = int(m.group(3))
                year = year + 2000 if year < 100 else year
            elif published is not None:
                year = _year_for(published, month, day, future)
            else:
                return None
            d = _safe_date(year, month, day)
            if d:
                return ResolvedDate(d, 1)
    m = _MONTH_YEAR.search(text)
    if m:
        return ResolvedDate(dt.date(int(m.group(2)), MONTHS[m.group(1).rstrip(".")], 1), 3)
    if published is None:
        m = _YEAR.search(text)
        return ResolvedDate(dt.date(int(m.group(1)), 1, 1), 3) if m else None
    return _relative(text, published, future) or _fallback(text, published)


def _relative(text: str, pub: dt.date, future: bool) -> ResolvedDate | None:
    day = dt.timedelta(days=1)
    if re.search(r"\b(today|this morning|this afternoon|this evening|tonight)\b", text):
        return ResolvedDate(pub, 1)
    if re.search(r"\b(yesterday|last night|overnight)\b", text):
        return ResolvedDate(pub - day, 1)
    if "day before yesterday" in text:
        return ResolvedDate(pub - 2 * day, 1)
    if "tomorrow" in text:
        return ResolvedDate(pub + day, 1)
    if "weekend" in text:
        sat = _weekday_before(pub, 5, future or "next" in text or "coming" in text)
        if "last weekend" in text and (pub - sat).days < 2:
            sat -= 7 * day
        return ResolvedDate(sat, 2)
    for name, wd in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", text):
            is_future = future or "next" in text or "coming" in text
            d = _weekday_before(pub, wd, is_future)
            if "last" in text and not is_future and d == pub:
                d -= 7 * day
            return ResolvedDate(d, 1)
    if re.search(r"\b(last|past|previous) week\b|\ba week ago\b", text):
        return ResolvedDate(pub - 7 * day, 2)
    if re.search(r"\b(this|earlier this|later this) week\b", text):
        return ResolvedDate(pub - day if "earlier" in text else pub, 2)
    if re.search(r"\b(next|coming) week\b", text):
        return ResolvedDate(pub + 7 * day, 2)
    m = re.search(r"\b(\d+|two|three|four|five|six|seven|ten) (day|week|month|year)s? ago\b", text)
    if m:
        from .numbers import parse_count

        n = parse_count([m.group(1)]) or 1
        unit = m.group(2)
        if unit == "day":
            return ResolvedDate(pub - n * day, 1)
        if unit == "week":
            return ResolvedDate(pub - 7 * n * day, 2)
        if unit == "month":
            return ResolvedDate(_shift_month(pub, -n), 3)
        return ResolvedDate(dt.date(pub.year - n, pub.month, 1), 3)
    if re.search(r"\b(earlier|later|early|late)? ?this month\b", text):
        return ResolvedDate(pub.replace(day=1), 3)
    if re.search(r"\b(last|past|previous) month\b", text):
        return ResolvedDate(_shift_month(pub, -1), 3)
    if re.search(r"\bnext month\b", text):
        return ResolvedDate(_shift_month(pub, 1), 3)
    if re.search(r"\b(last|past|previous) year\b", text):
        return ResolvedDate(dt.date(pub.year - 1, 1, 1), 3)
    for name, month in MONTHS.items():
        if len(name) > 3 and re.search(rf"\b{name}\b", text):
            return ResolvedDate(_month_before(pub, month, future or "next" in text), 3)
    m = _YEAR.search(text)
    if m:
        return ResolvedDate(dt.date(int(m.group(1)), 1, 1), 3)
    return None


def _shift_month(d: dt.date, n: int) -> dt.date:
    idx = d.year * 12 + (d.month - 1) + n
    return dt.date(idx // 12, idx % 12 + 1, 1)


# a length of time, not a point in it: "two days", "more than five decades", "the past 48 hours"
_DURATION = re.compile(
    r"^(?:the\s+(?:past|last)\s+|(?:more|less)\s+than\s+|almost\s+|about\s+|nearly\s+|"
    r"over\s+|some\s+)?(?:a|an|\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|"
    r"few|a\s+few|many|recent)?\s*(?:hour|day|week|month|year|decade)s?$"
)


@lru_cache(maxsize=4096)
def _fallback(text: str, pub: dt.date) -> ResolvedDate | None:
    """dateparser on the expression alone (never the whole text), English only; memoised,
    as dateparser takes a millisecond or more per call."""
    if not re.search(r"\d|ago|week|month|year", text) or _DURATION.match(text):
        return None
    import dateparser

    when = dt.datetime(pub.year, pub.month, pub.day)
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"RELATIVE_BASE": when, "PREFER_DATES_FROM": "past", "STRICT_PARSING": False},
    )
    if parsed is None:
        return None
    return ResolvedDate(parsed.date(), 2)


# --- the dates of a document and the date of an event -------------------------------------

HISTORICAL_DAYS = 180  # an event this long before publication is background (historical)
_YEAR_IN = re.compile(r"\b(19|20)\d\d\b")


@dataclass(frozen=True, slots=True)
class DateMention:
    span: tuple[int, int]
    resolved: ResolvedDate


# a model DATE/TIME entity that names no day: a bare number (an age, a count) or a clock time
_NO_DAY = re.compile(r"\d{1,3}|\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?", re.IGNORECASE)


def find_dates(doc: Any, published: dt.date | None) -> list[DateMention]:
    """Explicit dates by pattern, then the model's DATE entities that do not overlap them."""
    text = doc_text(doc)
    out: list[DateMention] = []
    for s, e in explicit_date_spans(text):
        r = resolve_date(text[s:e], published)
        if r is not None:
            out.append(DateMention((s, e), r))
    taken = [d.span for d in out]
    for ent in doc.ents:
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        if any(a < ent.end_char and ent.start_char < b for a, b in taken):
            continue
        if _NO_DAY.fullmatch(ent.text.strip()):
            continue  # "Luciano, 22;" or "at 12:20 a.m.": an age or a clock time, no day
        r = resolve_date(ent.text, published)
        if r is not None:
            out.append(DateMention((ent.start_char, ent.end_char), r))
    return sorted(out, key=lambda d: d.span)


def clause_date(head: Any, trigger_start: int, sent_dates: list[DateMention]) -> DateMention | None:
    """The date of the trigger ``head`` among its sentence's dates: its own clause first,
    without relative clauses on its arguments ("recaptured the town, which rebels had held
    since 2012": 2012 is not the recapture's date); then a full calendar date ("On 9 May
    2020") over a partial one ("25 of March", "next year"); then the nearest."""
    if not sent_dates:
        return None
    own_chars: set[int] = set()
    for tok in head.subtree:
        if not any(a.dep_ in {"relcl", "acl"} and a.i != head.i for a in _up_to(tok, head)):
            own_chars.add(tok.idx)
    text = doc_text(head.doc)

    def rank(d: DateMention) -> tuple[bool, bool, int, int]:
        own = d.span[0] in own_chars
        full = bool(_YEAR_IN.search(text[d.span[0] : d.span[1]])) and d.resolved.precision == 1
        return (not own, not full, d.resolved.precision, abs(d.span[0] - trigger_start))

    return min(sent_dates, key=rank)


_WILL = frozenset({"will", "shall", "'ll", "would"})  # the auxiliaries of what will come


def later_clause_chars(head: Any) -> set[int]:
    """The characters of the clauses coordinated after ``head`` that tell what will come
    ("arrested a man and he will appear in court on Friday"): their dates are not its."""
    out: set[int] = set()
    for c in head.children:
        if (
            c.dep_ == "conj"
            and c.i > head.i
            and c.pos_ in {"VERB", "AUX"}
            and any(a.dep_ == "aux" and a.lower_ in _WILL for a in c.children)
        ):
            out.update(t.idx for t in c.subtree)
    return out


def background(mention: DateMention, published: dt.date | None) -> bool:
    """A date long before publication ("the 2015 accord") sets no scene for what follows."""
    if published is None:
        return False
    return (published - mention.resolved.date).days > HISTORICAL_DAYS


def _up_to(tok: Any, top: Any) -> Iterator[Any]:
    """The token and its ancestors below ``top``."""
    while tok.i != top.i and tok.head.i != tok.i:
        yield tok
        tok = tok.head
