"""PostgreSQL storage for a team: the same interface as :class:`SQLiteStore`, over psycopg 3.

``PostgresStore.open("postgresql://user:pass@host/db")`` creates the tables if needed (versioned
migrations in ``schema_migrations``, like the SQLite store; an advisory lock makes concurrent
openers wait for each other). The tables and columns are those of SQLite's migration 1, with
these additions: ``failures.kind`` with one row per (source, reason) as in SQLite's
migration 2, and for the API: ``events.sentence`` (the evidence sentence, copied from the
article text), its full-text vector ``events.fts`` with a GIN index, and the actors' CAMEO codes.
Text keys use the "C" collation so that rows sort exactly as in SQLite.

psycopg is an optional dependency, imported only here (``pip install 'psycopg[binary]'``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

from eventdesk.closing import Closing
from eventdesk.errors import StoreError
from eventdesk.records import ArticleResult, Event
from eventdesk.store.reads import CommonReads
from eventdesk.store.rows import AddSummary, event_row, now_iso

logger = logging.getLogger(__name__)

_IN_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class PgMigration:
    version: int
    description: str
    statements: tuple[str, ...]


_C = 'COLLATE "C"'

PG_MIGRATIONS: tuple[PgMigration, ...] = (
    PgMigration(
        1,
        "articles, events, quotes, failures (+ evidence sentence full-text index)",
        (
            f"""CREATE TABLE articles (
                article_id TEXT {_C} PRIMARY KEY,
                title TEXT, url TEXT, outlet TEXT, published TEXT {_C}, language TEXT,
                text TEXT NOT NULL,
                source_path TEXT,
                ingested_at TEXT NOT NULL,
                n_events INTEGER NOT NULL DEFAULT 0
            )""",
            f"""CREATE TABLE events (
                event_id TEXT {_C} PRIMARY KEY,
                article_id TEXT {_C} NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
                plover_type TEXT {_C} NOT NULL, plover_mode TEXT {_C},
                acled_event_type TEXT {_C}, acled_sub_event_type TEXT {_C},
                cameo TEXT {_C},
                date TEXT {_C}, time_precision INTEGER,
                country TEXT {_C}, admin1 TEXT {_C}, lat DOUBLE PRECISION, lon DOUBLE PRECISION,
                fatalities INTEGER, injured INTEGER, displaced INTEGER, arrested INTEGER,
                negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL,
                future INTEGER NOT NULL, historical INTEGER NOT NULL,
                confidence DOUBLE PRECISION NOT NULL,
                actor1_name TEXT {_C}, actor2_name TEXT {_C},
                doc TEXT NOT NULL,
                actor1_cameo TEXT {_C}, actor2_cameo TEXT {_C},
                sentence TEXT,
                fts tsvector GENERATED ALWAYS AS
                    (to_tsvector('english', coalesce(sentence, ''))) STORED
            )""",
            f"""CREATE TABLE quotes (
                article_id TEXT {_C} NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
                idx INTEGER NOT NULL,
                doc TEXT NOT NULL,
                PRIMARY KEY (article_id, idx)
            )""",
            """CREATE TABLE failures (
                id BIGSERIAL PRIMARY KEY,
                source TEXT NOT NULL,
                reason TEXT NOT NULL,
                at TEXT NOT NULL,
                kind TEXT NOT NULL DEFAULT 'failed',
                UNIQUE (source, reason)
            )""",
            "CREATE INDEX events_date ON events(date)",
            "CREATE INDEX events_country ON events(country)",
            "CREATE INDEX events_plover_type ON events(plover_type)",
            "CREATE INDEX events_article_id ON events(article_id)",
            "CREATE INDEX events_date_id ON events(date, event_id)",
            "CREATE INDEX events_country_date ON events(country, date, event_id)",
            "CREATE INDEX events_type_date ON events(plover_type, date, event_id)",
            "CREATE INDEX events_acled_date ON events(acled_event_type, date, event_id)",
            "CREATE INDEX events_fts ON events USING GIN (fts)",
        ),
    ),
    PgMigration(
        2,
        "indexes of the API's filters on sub-event type, fatalities, place and outlet",
        (
            "CREATE INDEX events_sub_date ON events(acled_sub_event_type, date, event_id)",
            "CREATE INDEX events_fatalities_id ON events(fatalities, event_id)",
            "CREATE INDEX events_lat_lon ON events(lat, lon)",
            "CREATE INDEX articles_outlet ON articles(outlet)",
        ),
    ),
)

_EVENT_COLUMNS = (
    "event_id, article_id, plover_type, plover_mode, acled_event_type, acled_sub_event_type, "
    "cameo, date, time_precision, country, admin1, lat, lon, fatalities, injured, displaced, "
    "arrested, negated, hypothetical, future, historical, confidence, actor1_name, actor2_name, "
    "doc, actor1_cameo, actor2_cameo, sentence"
)
_N_EVENT_COLUMNS = len(_EVENT_COLUMNS.split(","))
_INSERT_EVENT = (
    f"INSERT INTO events ({_EVENT_COLUMNS}) VALUES ({', '.join(['%s'] * _N_EVENT_COLUMNS)}) "
    "ON CONFLICT (event_id) DO NOTHING"
)
_INSERT_ARTICLE = (
    "INSERT INTO articles (article_id, title, url, outlet, published, language, text, "
    "source_path, ingested_at, n_events) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (article_id) DO NOTHING"
)


def evidence_sentence(text: str, ev: Event) -> str | None:
    """The text of the event's evidence sentence, or None when it has none."""
    for key, (start, end) in ev.evidence:
        if key == "sentence" and 0 <= start < end <= len(text):
            return text[start:end]
    return None


def _event_row(ev: Event, text: str) -> tuple[Any, ...]:
    """SQLite's event row, plus the columns PostgreSQL adds (actor codes, evidence sentence)."""
    return (
        *event_row(ev),
        ev.actor1.cameo if ev.actor1 else None,
        ev.actor2.cameo if ev.actor2 else None,
        evidence_sentence(text, ev),
    )


def _redact(dsn: str) -> str:
    """The DSN without its password, for messages."""
    try:
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        parts = conninfo_to_dict(dsn)
    except Exception:
        return "<dsn>"
    if "password" in parts:
        parts["password"] = "***"
    return str(make_conninfo(**parts))  # type: ignore[arg-type]


class PostgresStore(CommonReads, Closing):
    """Articles, events, quotes and failures in a PostgreSQL database.

    Open with :meth:`open`; one store object is one connection (autocommit; each batch of
    ``add_results`` is one explicit transaction). Share it within a thread only.
    """

    _ph = "%s"

    def __init__(self, conn: Any, dsn: str, schema: str | None) -> None:
        self._conn = conn
        self.dsn = dsn
        self.schema = schema
        self.path = _redact(dsn)  # what messages name, like SQLiteStore.path

    # -- lifecycle -----------------------------------------------------------------------

    @classmethod
    def open(cls, dsn: str, *, schema: str | None = None) -> PostgresStore:
        """Connect to ``dsn`` (``postgresql://...``) and bring the schema up to date.

        ``schema`` puts the tables in that PostgreSQL schema (created if missing) instead of
        the default search path; tests use it to get a fresh database each.
        """
        conn = connect(dsn, schema=schema)
        store = cls(conn, dsn, schema)
        try:
            store._migrate()
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _tx(self, what: str) -> Iterator[Any]:
        import psycopg

        try:
            with self._conn.transaction():
                yield self._conn
        except psycopg.Error as exc:
            raise StoreError(f"{what} on {self.path} failed: {exc}".rstrip()) from exc

    # -- schema --------------------------------------------------------------------------

    def schema_version(self) -> int:
        row = self._conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        with self._tx("creating schema_migrations") as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (0x65766E74,))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
        known = max(m.version for m in PG_MIGRATIONS)
        current = self.schema_version()
        if current > known:
            raise StoreError(
                f"database {self.path} has schema version {current}, but this eventdesk only "
                f"knows up to version {known}; upgrade eventdesk to open it"
            )
        for step in PG_MIGRATIONS:
            if step.version <= current:
                continue
            with self._tx(f"migration {step.version} ({step.description})") as conn:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (0x65766E74,))
                if self.schema_version() >= step.version:
                    continue  # another process migrated while we waited for the lock
                for sql in step.statements:
                    conn.execute(sql)
                conn.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (%s, %s)",
                    (step.version, now_iso()),
                )
            logger.info(
                "applied migration %d (%s) to %s", step.version, step.description, self.path
            )

    # -- writing -------------------------------------------------------------------------

    def add_results(self, results: Iterable[ArticleResult], batch_size: int = 200) -> AddSummary:
        """Store results, one transaction per ``batch_size`` articles; stored articles are
        counted as ``present`` and not written again."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        new = present = n_events = 0
        it = iter(results)
        while batch := list(islice(it, batch_size)):
            first = batch[0].article.article_id
            what = f"writing a batch of {len(batch)} articles (first {first})"
            with self._tx(what) as conn:
                ingested_at = now_iso()
                for res in batch:
                    a = res.article
                    cur = conn.execute(
                        _INSERT_ARTICLE,
                        (
                            a.article_id,
                            a.title,
                            a.url,
                            a.outlet,
                            a.published,
                            a.language,
                            a.text,
                            a.source_path,
                            ingested_at,
                            len(res.events),
                        ),
                    )
                    if cur.rowcount != 1:
                        present += 1
                        continue
                    new += 1
                    for ev in res.events:
                        n_events += conn.execute(_INSERT_EVENT, _event_row(ev, a.text)).rowcount
                    if res.quotes:
                        with conn.cursor() as qcur:
                            qcur.executemany(
                                "INSERT INTO quotes (article_id, idx, doc) VALUES (%s, %s, %s) "
                                "ON CONFLICT DO NOTHING",
                                [
                                    (a.article_id, i, json.dumps(q.to_dict(), ensure_ascii=False))
                                    for i, q in enumerate(res.quotes)
                                ],
                            )
        logger.debug("add_results: %d new, %d present, %d events", new, present, n_events)
        return AddSummary(new=new, present=present, events=n_events)

    def record_failure(self, source: str, reason: str, kind: str = "failed") -> None:
        """Note that ``source`` could not be processed, and why; ``kind`` is "failed" or
        "skipped". Recording the same source and reason again changes nothing."""
        with self._tx(f"recording the failure of {source}") as conn:
            conn.execute(
                "INSERT INTO failures (source, reason, at, kind) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (source, reason) DO NOTHING",
                (source, reason, now_iso(), kind),
            )

    # -- reading -------------------------------------------------------------------------

    def has_articles(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for i in range(0, len(wanted), _IN_CHUNK):
            rows = self._conn.execute(
                "SELECT article_id FROM articles WHERE article_id = ANY(%s)",
                (wanted[i : i + _IN_CHUNK],),
            )
            found.update(r[0] for r in rows)
        return found

    def analyze(self) -> None:
        """Refresh the planner's statistics of the event tables now (after a bulk load,
        rather than waiting for autovacuum)."""
        with self._tx("analyzing the tables") as conn:
            conn.execute("ANALYZE articles")
            conn.execute("ANALYZE events")


def connect(dsn: str, *, schema: str | None = None, autocommit: bool = True) -> Any:
    """A psycopg connection to ``dsn``; with ``schema``, that schema (created if missing) is
    first on the search path. Errors become :class:`StoreError` with the password hidden."""
    try:
        import psycopg
        from psycopg import sql
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise StoreError(
            "PostgreSQL support needs psycopg: pip install 'psycopg[binary]==3.3.9'"
        ) from exc
    try:
        conn = psycopg.connect(dsn, autocommit=autocommit, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(
            f"cannot connect to PostgreSQL at {_redact(dsn)}: {str(exc).strip()}; is the server "
            "running and the DSN right (postgresql://USER:PASSWORD@HOST:PORT/DB)?"
        ) from exc
    if schema is not None:
        try:
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
            conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"cannot use schema {schema!r} on {_redact(dsn)}: {exc}") from exc
    return conn


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))
