"""The database behind the API: SQLite (a file) or PostgreSQL (a ``postgresql://`` URL).

Reads go through read-only connections (one per worker thread for SQLite, in WAL mode with
``query_only`` set; a small pool for PostgreSQL); writes (``POST /api/articles``) go through
one store object, one at a time. :meth:`Backend.data_version` tells whether anything was
written since it was last asked, from any process, so answers can be cached until then.
The schema (tables, the full-text index, the indexes the queries rely on) comes from the
stores' migrations; the API creates nothing.
"""

from __future__ import annotations

import json
import logging
import queue
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from eventdesk.api.query import POSTGRES, SQLITE, EventQuery
from eventdesk.errors import StoreError
from eventdesk.records import ArticleResult
from eventdesk.store import store_target
from eventdesk.store.postgres import PostgresStore, connect
from eventdesk.store.rows import AddSummary
from eventdesk.store.sqlite import SQLiteStore
from eventdesk.store.sqlite_schema import FTS_IDS, FTS_TABLE

logger = logging.getLogger(__name__)

_ARTICLE_SQL = (
    "SELECT article_id, title, url, outlet, published, language, text FROM articles "
    "WHERE article_id = {ph}"
)
_ARTICLE_KEYS = ("article_id", "title", "url", "outlet", "published", "language", "text")


class Backend:
    """Read helpers over either store; subclasses provide ``query()`` and the writer."""

    kind: str
    dialect = SQLITE
    schema_version: int
    fts: bool
    path: str
    has_sources: bool = False
    writer: SQLiteStore | PostgresStore

    def __init__(self) -> None:
        self.write_lock = threading.Lock()
        self._watch_lock = threading.Lock()

    def data_version(self) -> Any:  # pragma: no cover - abstract
        """A token that changes whenever something is committed to the database."""
        raise NotImplementedError

    @contextmanager
    def query(self) -> Iterator[EventQuery]:  # pragma: no cover - abstract
        raise NotImplementedError
        yield

    def _one(self, sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        with self.query() as q:
            rows = q.run(sql, params)
        return rows[0] if rows else None

    def _all(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self.query() as q:
            return q.run(sql, params)

    def event(self, event_id: str) -> dict[str, Any] | None:
        row = self._one(f"SELECT doc FROM events WHERE event_id = {self.dialect.ph}", [event_id])
        return json.loads(row[0]) if row else None

    def article(self, article_id: str) -> dict[str, Any] | None:
        row = self._one(_ARTICLE_SQL.format(ph=self.dialect.ph), [article_id])
        return dict(zip(_ARTICLE_KEYS, row, strict=True)) if row else None

    def article_events(self, article_id: str) -> list[dict[str, Any]]:
        rows = self._all(
            f"SELECT doc FROM events WHERE article_id = {self.dialect.ph} "
            "ORDER BY date IS NULL, date, event_id",
            [article_id],
        )
        return [json.loads(r[0]) for r in rows]

    def quotes(self, article_id: str) -> list[dict[str, Any]]:
        rows = self._all(
            f"SELECT doc FROM quotes WHERE article_id = {self.dialect.ph} ORDER BY idx",
            [article_id],
        )
        return [json.loads(r[0]) for r in rows]

    def related(self, event_id: str, article_id: str) -> list[dict[str, Any]]:
        """Other articles that carried this event: near-duplicate copies of its article
        (``article_sources``) and articles of the other members of its canonical event."""
        ph = self.dialect.ph
        keys = ("article_id", "title", "outlet", "url", "published")
        out: list[dict[str, Any]] = []
        if self.has_sources:
            rows = self._all(
                "SELECT variant_id, title, outlet, url, published FROM article_sources "
                f"WHERE article_id = {ph} AND variant_id <> article_id "
                "ORDER BY added_at, variant_id",
                [article_id],
            )
            out.extend({**dict(zip(keys, r, strict=True)), "kind": "copy"} for r in rows)
        if self.dialect.has_canonical:
            rows = self._all(
                "SELECT DISTINCT a.article_id, a.title, a.outlet, a.url, a.published "
                "FROM canonical_members m JOIN canonical_members me "
                "ON me.canonical_id = m.canonical_id "
                "JOIN articles a ON a.article_id = m.article_id "
                f"WHERE me.event_id = {ph} AND m.article_id <> {ph} "
                "ORDER BY a.published, a.article_id",
                [event_id, article_id],
            )
            out.extend({**dict(zip(keys, r, strict=True)), "kind": "same_event"} for r in rows)
        return out

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "events", "failures"):  # fixed names
            row = self._one(f"SELECT COUNT(*) FROM {table}", [])
            out[table] = int(row[0]) if row else 0
        return out

    def add(self, result: ArticleResult) -> AddSummary:
        with self.write_lock:
            return self.writer.add_results([result])

    def has_article(self, article_id: str) -> bool:
        with self.write_lock:
            return self.writer.has_article(article_id)

    def close(self) -> None:
        self.writer.close()


class SQLiteBackend(Backend):
    kind = "sqlite"

    def __init__(self, path: str) -> None:
        super().__init__()
        if path != ":memory:" and not Path(path).exists():
            raise StoreError(f"{path}: no such database; create it with `eventdesk ingest`")
        self.path = path
        self.writer = SQLiteStore.open(path, check_same_thread=False)
        self.schema_version = self.writer.schema_version()
        try:
            self.writer.analyze()  # statistics for the planner, when missing or stale
        except StoreError as exc:
            logger.warning("%s; queries may be slower", exc)
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._conns_lock = threading.Lock()
        # its own connection: PRAGMA data_version moves when another connection commits
        self._watch = sqlite3.connect(path, timeout=30, check_same_thread=False)
        with self.query() as q:
            tables = {r[0] for r in q.run("SELECT name FROM sqlite_master", [])}
        self.fts = FTS_TABLE in tables and FTS_IDS in tables
        self.dialect = replace(SQLITE, has_canonical="canonical_members" in tables)
        self.has_sources = "article_sources" in tables

    def data_version(self) -> Any:
        with self._watch_lock:
            try:
                return self._watch.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read {self.path}: {exc}") from exc

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA cache_size = -16384")  # 16 MiB of pages per reader thread
            conn.execute("PRAGMA mmap_size = 1073741824")  # and the file shared through mmap
            self._local.conn = conn
            with self._conns_lock:
                self._conns.append(conn)
        return conn

    @contextmanager
    def query(self) -> Iterator[EventQuery]:
        conn = self._conn()

        def run(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
            try:
                return conn.execute(sql, list(params)).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"query on {self.path} failed: {exc}") from exc

        yield EventQuery(run, self.dialect)

    def close(self) -> None:
        with self._conns_lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()
        with self._watch_lock:
            self._watch.close()
        super().close()


class PostgresBackend(Backend):
    kind = "postgresql"

    def __init__(self, dsn: str, schema: str | None = None, pool_size: int = 8) -> None:
        super().__init__()
        self.dsn = dsn
        self.schema = schema
        self.writer = PostgresStore.open(dsn, schema=schema)
        self.schema_version = self.writer.schema_version()
        self.fts = True
        self.path = self.writer.path
        self._pool: queue.LifoQueue[Any] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(pool_size)
        self._all_conns: list[Any] = []
        self._lock = threading.Lock()
        tables = {
            r[0]
            for r in self._all(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()",
                [],
            )
        }
        self.dialect = replace(POSTGRES, has_canonical="canonical_members" in tables)
        self.has_sources = "article_sources" in tables
        self._watch: Any = None

    def data_version(self) -> Any:
        """The server's WAL insert position: it moves with every committed write (of this
        database or another one of the server, which only costs a recomputation)."""
        import psycopg

        with self._watch_lock:
            try:
                if self._watch is None or self._watch.closed or self._watch.broken:
                    self._watch = connect(self.dsn, schema=self.schema)
                row = self._watch.execute("SELECT pg_current_wal_insert_lsn()::text").fetchone()
            except psycopg.Error as exc:
                raise StoreError(f"query on {self.path} failed: {exc}") from exc
            return row[0]

    @contextmanager
    def query(self) -> Iterator[EventQuery]:
        import psycopg

        self._slots.acquire()
        try:
            try:
                conn = self._pool.get_nowait()
            except queue.Empty:
                conn = connect(self.dsn, schema=self.schema)
                # psycopg prepares a query run 5 times on a connection, and PostgreSQL then
                # may keep one generic plan for every filter value: a date range planned
                # that way read the whole table (57 ms instead of 0.9 ms at 100k events)
                try:
                    conn.execute("SET plan_cache_mode = force_custom_plan")
                except psycopg.Error as exc:  # PostgreSQL before 12 has no such setting
                    conn.close()
                    raise StoreError(
                        f"cannot set up a read connection to {self.path}: {exc}"
                    ) from exc
                with self._lock:
                    self._all_conns.append(conn)

            def run(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
                try:
                    return list(conn.execute(sql, list(params)).fetchall())
                except psycopg.Error as exc:
                    raise StoreError(f"query on {self.path} failed: {exc}") from exc

            try:
                yield EventQuery(run, self.dialect)
            finally:
                if conn.broken or conn.closed:
                    with self._lock:
                        self._all_conns.remove(conn)
                else:
                    self._pool.put(conn)
        finally:
            self._slots.release()

    def close(self) -> None:
        with self._lock:
            for conn in self._all_conns:
                conn.close()
            self._all_conns.clear()
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
        super().close()


def open_backend(target: str, *, schema: str | None = None) -> Backend:
    """A backend for a SQLite file path (or ``sqlite:///PATH``) or a ``postgresql://`` URL;
    an unknown scheme is refused as the CLI refuses it (``store.store_target``)."""
    kind, where = store_target(target)
    if kind == "postgresql":
        return PostgresBackend(where, schema=schema)
    return SQLiteBackend(where)
