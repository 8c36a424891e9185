"""SQLite storage for article results: one file, WAL mode, versioned schema.

The schema is built by an ordered list of migration steps (``MIGRATIONS``); each step runs in
its own transaction and is recorded in ``schema_migrations``. Opening an older database
upgrades it; opening a database written by a newer eventdesk raises :class:`StoreError`.

Every event is stored twice: as flat columns for filtering and indexing, and as ``doc``, the
exact JSON of ``Event.to_dict()``, which is what queries return.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from eventdesk.errors import StoreError
from eventdesk.records import ArticleResult, Event

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
_IN_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, events, quotes, failures",
        (
            """CREATE TABLE articles (
                article_id TEXT PRIMARY KEY,
                title TEXT, url TEXT, outlet TEXT, published TEXT, language TEXT,
                text TEXT NOT NULL,
                source_path TEXT,
                ingested_at TEXT NOT NULL,
                n_events INTEGER NOT NULL DEFAULT 0
            )""",
            """CREATE TABLE events (
                event_id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
                plover_type TEXT NOT NULL, plover_mode TEXT,
                acled_event_type TEXT, acled_sub_event_type TEXT,
                cameo TEXT,
                date TEXT, time_precision INTEGER,
                country TEXT, admin1 TEXT, lat REAL, lon REAL,
                fatalities INTEGER, injured INTEGER, displaced INTEGER, arrested INTEGER,
                negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL,
                future INTEGER NOT NULL, historical INTEGER NOT NULL,
                confidence REAL NOT NULL,
                actor1_name TEXT, actor2_name TEXT,
                doc TEXT NOT NULL
            )""",
            """CREATE TABLE quotes (
                article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
                idx INTEGER NOT NULL,
                doc TEXT NOT NULL,
                PRIMARY KEY (article_id, idx)
            )""",
            """CREATE TABLE failures (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                source TEXT NOT NULL,
                reason TEXT NOT NULL,
                at TEXT NOT NULL
            )""",
            "CREATE INDEX events_date ON events(date)",
            "CREATE INDEX events_country ON events(country)",
            "CREATE INDEX events_plover_type ON events(plover_type)",
            "CREATE INDEX events_article_id ON events(article_id)",
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class AddSummary:
    """What one ``add_results`` call did: articles written, articles already there, events."""

    new: int
    present: int
    events: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso_date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise StoreError(
            f"{name}={value!r} is not an ISO date; use YYYY-MM-DD (e.g. 2020-02-16)"
        ) from None


def _event_row(ev: Event) -> tuple[Any, ...]:
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


_EVENT_COLUMNS = (
    "event_id, article_id, plover_type, plover_mode, acled_event_type, acled_sub_event_type, "
    "cameo, date, time_precision, country, admin1, lat, lon, fatalities, injured, displaced, "
    "arrested, negated, hypothetical, future, historical, confidence, actor1_name, actor2_name, "
    "doc"
)
_N_EVENT_COLUMNS = len(_EVENT_COLUMNS.split(","))
_INSERT_EVENT = (
    f"INSERT OR IGNORE INTO events ({_EVENT_COLUMNS}) VALUES ({', '.join('?' * _N_EVENT_COLUMNS)})"
)
_INSERT_ARTICLE = (
    "INSERT OR IGNORE INTO articles (article_id, title, url, outlet, published, language, text, "
    "source_path, ingested_at, n_events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class SQLiteStore:
    """Articles, events, quotes and failures in one SQLite file.

    Open with :meth:`open` (not the constructor); use as a context manager or call
    :meth:`close`. One store object is one connection: share it within a thread, open one per
    process or thread otherwise (WAL mode lets readers and one writer work concurrently).
    """

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self._conn = conn
        self.path = path

    # -- lifecycle -----------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, check_same_thread: bool = True) -> SQLiteStore:
        """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
        target = str(path)
        if target != ":memory:" and not target.startswith("file:"):
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(
                target,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # we manage transactions ourselves
                check_same_thread=check_same_thread,
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {target}: {exc}") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(conn, target)
            store._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"cannot open database {target}: {exc}; is it an eventdesk SQLite file?"
            ) from exc
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- schema --------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The highest migration version applied to this database (0 if none)."""
        row = self._conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        conn = self._conn
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        known = max((m.version for m in MIGRATIONS), default=0)
        current = self.schema_version()
        if current > known:
            raise StoreError(
                f"database {self.path} has schema version {current}, but this eventdesk only "
                f"knows up to version {known}; upgrade eventdesk to open it"
            )
        for step in sorted(MIGRATIONS, key=lambda m: m.version):
            if step.version <= current:
                continue
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have migrated while we waited for the write lock.
                if self.schema_version() >= step.version:
                    conn.execute("COMMIT")
                    continue
                for sql in step.statements:
                    conn.execute(sql)
                conn.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    (step.version, _now()),
                )
                conn.execute("COMMIT")
            except BaseException as exc:
                conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(
                        f"migration {step.version} ({step.description}) failed on "
                        f"{self.path}: {exc}"
                    ) from exc
                raise
            logger.info(
                "applied migration %d (%s) to %s", step.version, step.description, self.path
            )

    # -- writing -------------------------------------------------------------------------

    def add_results(self, results: Iterable[ArticleResult], batch_size: int = 200) -> AddSummary:
        """Store results, one transaction per ``batch_size`` articles.

        An article whose ``article_id`` is already stored is counted as ``present`` and
        nothing of it is written again, so re-ingesting the same input is a no-op.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        new = present = n_events = 0
        it = iter(results)
        while batch := list(islice(it, batch_size)):
            b_new, b_present, b_events = self._add_batch(batch)
            new += b_new
            present += b_present
            n_events += b_events
        logger.debug("add_results: %d new, %d present, %d events", new, present, n_events)
        return AddSummary(new=new, present=present, events=n_events)

    def _add_batch(self, batch: list[ArticleResult]) -> tuple[int, int, int]:
        conn = self._conn
        new = present = n_events = 0
        ingested_at = _now()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for res in batch:
                    a = res.article
                    head = (a.article_id, a.title, a.url, a.outlet, a.published, a.language)
                    row = (*head, a.text, a.source_path, ingested_at, len(res.events))
                    cur = conn.execute(_INSERT_ARTICLE, row)
                    if cur.rowcount != 1:
                        present += 1
                        continue
                    new += 1
                    for ev in res.events:
                        n_events += conn.execute(_INSERT_EVENT, _event_row(ev)).rowcount
                    conn.executemany(
                        "INSERT OR IGNORE INTO quotes (article_id, idx, doc) VALUES (?, ?, ?)",
                        [
                            (a.article_id, i, json.dumps(q.to_dict(), ensure_ascii=False))
                            for i, q in enumerate(res.quotes)
                        ],
                    )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            first = batch[0].article.article_id
            raise StoreError(
                f"could not write a batch of {len(batch)} articles (first {first}) to "
                f"{self.path}: {exc}; the batch was rolled back, earlier batches are kept"
            ) from exc
        return new, present, n_events

    def record_failure(self, source: str, reason: str) -> None:
        """Note that ``source`` (a path, URL, record id) could not be processed, and why."""
        try:
            self._conn.execute(
                "INSERT INTO failures (source, reason, at) VALUES (?, ?, ?)",
                (source, reason, _now()),
            )
        except sqlite3.Error as exc:
            raise StoreError(f"could not record failure of {source} in {self.path}: {exc}") from exc

    # -- reading -------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return row is not None

    def has_articles(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are already stored."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for i in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[i : i + _IN_CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT article_id FROM articles WHERE article_id IN ({marks})", chunk
            )
            found.update(r[0] for r in rows)
        return found

    def failures(self) -> list[tuple[str, str, str]]:
        """Recorded failures as ``(source, reason, at)``, oldest first."""
        rows = self._conn.execute("SELECT source, reason, at FROM failures ORDER BY id")
        return [(r[0], r[1], r[2]) for r in rows]

    def article(self, article_id: str) -> dict[str, Any] | None:
        """The article's contract dict, or None if it is not stored."""
        row = self._conn.execute(
            "SELECT article_id, title, url, outlet, published, language, text "
            "FROM articles WHERE article_id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        keys = ("article_id", "title", "url", "outlet", "published", "language", "text")
        return dict(zip(keys, row, strict=True))

    def quotes(self, article_id: str) -> list[dict[str, Any]]:
        """The article's quotes (contract dicts) in article order."""
        rows = self._conn.execute(
            "SELECT doc FROM quotes WHERE article_id = ? ORDER BY idx", (article_id,)
        )
        return [json.loads(r[0]) for r in rows]

    def events(
        self,
        country: str | None = None,
        plover_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        article_id: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Events (contract dicts) matching every given filter.

        Ordered by date (undated last), article_id, event_id. ``since``/``until`` are inclusive
        ISO dates; when either is given, undated events are left out. Bad arguments raise
        at call time; rows are fetched lazily while iterating.
        """
        since = _iso_date(since, "since")
        until = _iso_date(until, "until")
        where: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("country", country),
            ("plover_type", plover_type),
            ("article_id", article_id),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if since is not None:
            where.append("date >= ?")
            params.append(since)
        if until is not None:
            where.append("date <= ?")
            params.append(until)
        sql = "SELECT doc FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date IS NULL, date, article_id, event_id"
        if limit is not None:
            if limit < 0:
                raise ValueError(f"limit must be >= 0, got {limit}")
            sql += " LIMIT ?"
            params.append(limit)
        return self._iter_docs(sql, params)

    def _iter_docs(self, sql: str, params: list[Any]) -> Iterator[dict[str, Any]]:
        cur = self._conn.execute(sql, params)
        try:
            while rows := cur.fetchmany(500):
                for (doc,) in rows:
                    yield json.loads(doc)
        finally:
            cur.close()

    def counts(self) -> dict[str, int]:
        """Row counts: articles, events, failures."""
        out: dict[str, int] = {}
        for table in ("articles", "events", "failures"):  # fixed names, not user input
            out[table] = int(self._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        return out
