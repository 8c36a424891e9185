"""The rows a store writes and what a write reports: copies of an article (``SourceRow``),
MinHash signatures (``SignatureRow``), an event's flat columns (``event_row``) and
``AddSummary``. Shared by the SQLite and PostgreSQL stores and by near-duplicate detection.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from eventdesk.errors import StoreError
from eventdesk.records import Article, Event, stable_id


def variant_key(article: Article) -> str:
    """One copy = one text as carried by one outlet at one URL."""
    return stable_id(article.article_id, article.outlet or "", article.url or "", prefix="v")


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One copy of a stored article: where it was read and how similar it is."""

    variant_id: str  # hash of (copy_id, outlet, url): one row per place that carried it
    article_id: str  # the stored article it is a copy of
    copy_id: str  # the copy's own article id (hash of its text)
    outlet: str | None
    url: str | None
    title: str | None
    published: str | None
    source_path: str | None
    similarity: float

    @classmethod
    def of(
        cls, article: Article, canonical_id: str | None = None, similarity: float = 1.0
    ) -> SourceRow:
        return cls(
            variant_id=variant_key(article),
            article_id=canonical_id or article.article_id,
            copy_id=article.article_id,
            outlet=article.outlet,
            url=article.url,
            title=article.title,
            published=article.published,
            source_path=article.source_path,
            similarity=similarity,
        )


@dataclass(frozen=True, slots=True)
class SignatureRow:
    """An article's MinHash signature and LSH band keys (see ``eventdesk.dedup``)."""

    article_id: str
    scheme: str
    hashvalues: bytes
    band_keys: tuple[bytes, ...]


class BatchPlanLike(Protocol):
    """What :meth:`SQLiteStore.add_batch` needs of ``eventdesk.dedup.BatchPlan``."""

    @property
    def source_rows(self) -> list[SourceRow]: ...

    @property
    def signatures(self) -> dict[str, SignatureRow]: ...


@dataclass(frozen=True, slots=True)
class AddSummary:
    """What one ``add_results`` call did: articles written, articles already there, events."""

    new: int
    present: int
    events: int
    duplicates: int = 0  # near-duplicate copies attached to a stored article as sources

    def __add__(self, other: AddSummary) -> AddSummary:
        return AddSummary(
            self.new + other.new,
            self.present + other.present,
            self.events + other.events,
            self.duplicates + other.duplicates,
        )


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def iso_date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise StoreError(
            f"{name}={value!r} is not an ISO date; use YYYY-MM-DD (e.g. 2020-02-16)"
        ) from None


def event_row(ev: Event) -> tuple[Any, ...]:
    loc = ev.location
    return (
        ev.event_id,
        ev.article_id,
        ev.plover_type,
        ev.plover_mode,
        ev.acled_event_type,
        ev.acled_sub_event_type,
        ev.cameo,
        ev.date,
        ev.time_precision,
        loc.country if loc else None,
        loc.admin1 if loc else None,
        loc.lat if loc else None,
        loc.lon if loc else None,
        ev.fatalities,
        ev.injured,
        ev.displaced,
        ev.arrested,
        int(ev.negated),
        int(ev.hypothetical),
        int(ev.future),
        int(ev.historical),
        ev.confidence,
        ev.actor1.name if ev.actor1 else None,
        ev.actor2.name if ev.actor2 else None,
        json.dumps(ev.to_dict(), ensure_ascii=False),
    )


ARTICLE_KEYS = ("article_id", "title", "url", "outlet", "published", "language", "text")


def filters(
    equal: Sequence[tuple[str, Any]],
    since: str | None,
    until: str | None,
    limit: int | None,
    at_least: Sequence[tuple[str, Any]] = (),
    ph: str = "?",
) -> tuple[str, str, list[Any]]:
    """(WHERE clause, LIMIT clause, parameters) for columns equal to a value (None: any),
    at least a value, and an inclusive ISO date range, with ``ph`` as the placeholder (SQLite
    ``?``, PostgreSQL ``%s``); bad dates and limits raise now."""
    since = iso_date(since, "since")
    until = iso_date(until, "until")
    where: list[str] = []
    params: list[Any] = []
    for column, value in equal:
        if value is not None:
            where.append(f"{column} = {ph}")
            params.append(value)
    for column, value in (*at_least, ("date", since)):
        if value is not None:
            where.append(f"{column} >= {ph}")
            params.append(value)
    if until is not None:
        where.append(f"date <= {ph}")
        params.append(until)
    cond = " WHERE " + " AND ".join(where) if where else ""
    if limit is None:
        return cond, "", params
    if limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    return cond, f" LIMIT {ph}", [*params, limit]
