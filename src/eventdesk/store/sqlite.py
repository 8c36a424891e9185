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
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any

from eventdesk import cluster
from eventdesk.closing import Closing
from eventdesk.errors import StoreError
from eventdesk.records import Article, ArticleResult
from eventdesk.store.rows import (
    AddSummary,
    BatchPlanLike,
    SignatureRow,
    SourceRow,
    event_row,
    now_iso,
    variant_key,
)
from eventdesk.store.sqlite_read import SQLiteReads
from eventdesk.store.sqlite_schema import FTS_TABLE, MIGRATIONS, Migration

__all__ = [
    "FTS_TABLE",
    "MIGRATIONS",
    "AddSummary",
    "Migration",
    "SQLiteStore",
    "SignatureRow",
    "SourceRow",
    "variant_key",
]

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
_ANALYZE_MIN_ROWS = 1000  # below this the planner's defaults are as good as statistics

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


class SQLiteStore(SQLiteReads, Closing):
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
            applied = store._migrate()
            if 2 in applied and store.counts()["articles"]:
                store._backfill_sources()  # articles stored before sources existed
                store.rebuild_canonical()  # events stored before canonical events existed
            elif 4 in applied and store.counts()["articles"]:
                store._backfill_canonical_sources()
            if 5 in applied:
                store.analyze(force=True)  # the planner should know the new indexes
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

    def analyze(self, force: bool = False) -> bool:
        """Refresh the query planner's statistics (``ANALYZE``) when the events table has
        none yet or has grown or shrunk more than twofold since; ``force`` runs it whenever
        there are enough rows. Returns whether it ran."""
        conn = self._conn
        (n,) = conn.execute("SELECT MAX(rowid) FROM events").fetchone()
        if (n or 0) < _ANALYZE_MIN_ROWS:
            return False
        if not force:
            stat = None
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
                stat = conn.execute(
                    "SELECT stat FROM sqlite_stat1 WHERE tbl = 'events' LIMIT 1"
                ).fetchone()
            if stat is not None:
                known = int(str(stat[0]).split()[0])
                if known and 0.5 <= n / known <= 2:
                    return False
        try:
            conn.execute("ANALYZE")
        except sqlite3.Error as exc:
            raise StoreError(f"could not analyze {self.path}: {exc}") from exc
        return True

    # -- schema --------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The highest migration version applied to this database (0 if none)."""
        row = self._conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _applied(self) -> set[int]:
        rows = self._conn.execute("SELECT version FROM schema_migrations").fetchall()
        return {int(r[0]) for r in rows}

    def _migrate(self) -> list[int]:
        """Apply the missing migration steps; return the versions applied."""
        conn = self._conn
        applied: list[int] = []
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
        done = self._applied()
        for step in sorted(MIGRATIONS, key=lambda m: m.version):
            if step.version in done:  # every missing step runs, a gap too
                continue
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have migrated while we waited for the write lock.
                if step.version in self._applied():
                    conn.execute("COMMIT")
                    continue
                for sql in step.statements:
                    conn.execute(sql)
                conn.execute(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    (step.version, now_iso()),
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
            applied.append(step.version)
            logger.info(
                "applied migration %d (%s) to %s", step.version, step.description, self.path
            )
        return applied

    # -- writing -------------------------------------------------------------------------

    def add_results(self, results: Iterable[ArticleResult], batch_size: int = 200) -> AddSummary:
        """Store results, one transaction per ``batch_size`` articles.

        An article whose ``article_id`` is already stored is counted as ``present`` and
        nothing of it is written again, so re-ingesting the same input is a no-op. New events
        are linked to canonical events in the same transaction.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        total = AddSummary(0, 0, 0)
        it = iter(results)
        while batch := list(islice(it, batch_size)):
            total = total + self._add_batch(batch, (), {})
        logger.debug("add_results: %s", total)
        return total

    def add_batch(
        self, results: Iterable[ArticleResult], plan: BatchPlanLike | None = None
    ) -> AddSummary:
        """Store one batch in **one** transaction: the coded articles (with events, quotes,
        their own source row, MinHash signature and LSH bands from ``plan.signatures``), the
        near-duplicate copies of ``plan.source_rows``, and the canonical-event links.

        Killed at any point, either all of it is in the database or none of it is, so an
        interrupted ingest run again stores everything exactly once.
        """
        batch = list(results)
        rows = plan.source_rows if plan is not None else []
        sigs = plan.signatures if plan is not None else {}
        if not batch and not rows:
            return AddSummary(0, 0, 0)
        return self._add_batch(batch, rows, sigs)

    def _add_batch(
        self,
        batch: list[ArticleResult],
        source_rows: Iterable[SourceRow],
        signatures: dict[str, SignatureRow],
    ) -> AddSummary:
        conn = self._conn
        new = present = n_events = n_dups = 0
        ingested_at = now_iso()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                linked: list[dict[str, Any]] = []
                for res in batch:
                    a = res.article
                    head = (a.article_id, a.title, a.url, a.outlet, a.published, a.language)
                    row = (*head, a.text, a.source_path, ingested_at, len(res.events))
                    cur = conn.execute(_INSERT_ARTICLE, row)
                    if cur.rowcount != 1:
                        present += 1
                        continue
                    new += 1
                    self._insert_source(SourceRow.of(a), ingested_at)
                    sig = signatures.get(a.article_id)
                    if sig is not None:
                        self._insert_signature(sig)
                    for ev in res.events:
                        ev_row = event_row(ev)
                        if conn.execute(_INSERT_EVENT, ev_row).rowcount == 1:
                            n_events += 1
                            linked.append(json.loads(ev_row[-1]))
                    conn.executemany(
                        "INSERT OR IGNORE INTO quotes (article_id, idx, doc) VALUES (?, ?, ?)",
                        [
                            (a.article_id, i, json.dumps(q.to_dict(), ensure_ascii=False))
                            for i, q in enumerate(res.quotes)
                        ],
                    )
                cluster.link_events(conn, linked, ingested_at)
                touched: set[str] = set()
                for src in source_rows:
                    if self._insert_source(src, ingested_at):
                        n_dups += 1
                        touched.add(src.article_id)
                if touched:
                    cluster.refresh_for_articles(conn, touched, ingested_at)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            first = batch[0].article.article_id if batch else "(sources only)"
            raise StoreError(
                f"could not write a batch of {len(batch)} articles (first {first}) to "
                f"{self.path}: {exc}; the batch was rolled back, earlier batches are kept"
            ) from exc
        return AddSummary(new=new, present=present, events=n_events, duplicates=n_dups)

    def _insert_source(self, src: SourceRow, at: str) -> bool:
        """Insert a copy's row if its stored article exists and the copy is not known yet."""
        cur = self._conn.execute(
            "INSERT OR IGNORE INTO article_sources (variant_id, article_id, copy_id, outlet, url, "
            "title, published, source_path, similarity, added_at) "
            "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS "
            "(SELECT 1 FROM articles WHERE article_id = ?)",
            (
                src.variant_id,
                src.article_id,
                src.copy_id,
                src.outlet,
                src.url,
                src.title,
                src.published,
                src.source_path,
                src.similarity,
                at,
                src.article_id,
            ),
        )
        return cur.rowcount == 1

    def _insert_signature(self, sig: SignatureRow) -> None:
        conn = self._conn
        conn.execute(
            "INSERT OR REPLACE INTO article_signatures (article_id, scheme, hashvalues) "
            "VALUES (?, ?, ?)",
            (sig.article_id, sig.scheme, sig.hashvalues),
        )
        conn.execute("DELETE FROM lsh_bands WHERE article_id = ?", (sig.article_id,))
        conn.executemany(
            "INSERT OR IGNORE INTO lsh_bands (band, key, article_id) VALUES (?, ?, ?)",
            [(i, key, sig.article_id) for i, key in enumerate(sig.band_keys)],
        )

    def add_source(self, article_id: str, copy: Article, similarity: float = 1.0) -> bool:
        """Record that ``copy`` (another outlet's version) carried stored article
        ``article_id``. False if that copy was already recorded; StoreError if the article
        is not stored."""
        if not self.has_article(article_id):
            raise StoreError(
                f"cannot add a source to article {article_id}: it is not stored in {self.path}"
            )
        at = now_iso()
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                added = self._insert_source(SourceRow.of(copy, article_id, similarity), at)
                if added:
                    cluster.refresh_for_articles(self._conn, [article_id], at)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(
                f"could not add a source to {article_id} in {self.path}: {exc}"
            ) from exc
        return added

    def _backfill_sources(self) -> None:
        at = now_iso()
        rows = self._conn.execute(
            "SELECT article_id, title, url, outlet, published, source_path FROM articles"
        ).fetchall()
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            for aid, title, url, outlet, published, path in rows:
                art = Article(
                    text="-",
                    title=title,
                    url=url,
                    outlet=outlet,
                    published=published,
                    source_path=path,
                    article_id=aid,
                )
                self._insert_source(SourceRow.of(art), at)
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    def replace_signatures(self, rows: Iterable[SignatureRow]) -> int:
        """Drop every signature and band, then store ``rows`` (one transaction)."""
        conn = self._conn
        n = 0
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM lsh_bands")
            conn.execute("DELETE FROM article_signatures")
            for row in rows:
                self._insert_signature(row)
                n += 1
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return n

    def _backfill_canonical_sources(self) -> None:
        """Fill canonical_sources and cmp_start for canonical events linked before they
        existed (schema version 4), and the compact link keys of memberships from before
        schema version 3."""
        conn = self._conn
        at = now_iso()
        conn.execute("BEGIN IMMEDIATE")
        try:
            missing = conn.execute(
                "SELECT m.event_id, e.doc FROM canonical_members m "
                "JOIN events e ON e.event_id = m.event_id WHERE m.link_key IS NULL"
            )
            conn.executemany(
                "UPDATE canonical_members SET link_key = ? WHERE event_id = ?",
                [
                    (json.dumps(cluster.EventKey.compact(json.loads(doc))), eid)
                    for eid, doc in missing.fetchall()
                ],
            )
            pairs = conn.execute(
                "SELECT DISTINCT canonical_id, article_id FROM canonical_members"
            ).fetchall()
            by_cid: dict[str, list[str]] = {}
            for cid, aid in pairs:
                by_cid.setdefault(cid, []).append(aid)
            for cid, aids in by_cid.items():
                cluster.add_sources(conn, cid, aids)
                cluster.refresh(conn, cid, at)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def rebuild_canonical(self) -> int:
        """Forget every canonical event and link all stored events again, in (date, id)
        order (after changing the matching rules, or on a database from before them)."""
        conn = self._conn
        at = now_iso()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM canonical_members")
            conn.execute("DELETE FROM canonical_events")
            conn.execute("DELETE FROM canonical_sources")
            docs = (
                json.loads(r[0])
                for r in conn.execute(
                    "SELECT doc FROM events ORDER BY date IS NULL, date, article_id, event_id"
                ).fetchall()
            )
            n = cluster.link_events(conn, docs, at)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return n

    def record_failure(self, source: str, reason: str, kind: str = "failed") -> None:
        """Note that ``source`` (a path, URL, record id) could not be processed, and why.

        ``kind`` is "failed" (bad input) or "skipped" (deliberately not coded). Recording the
        same source and reason again changes nothing, so re-runs do not double failures.
        """
        try:
            self._conn.execute(
                "INSERT OR IGNORE INTO failures (source, reason, at, kind) VALUES (?, ?, ?, ?)",
                (source, reason, now_iso(), kind),
            )
        except sqlite3.Error as exc:
            raise StoreError(f"could not record failure of {source} in {self.path}: {exc}") from exc
