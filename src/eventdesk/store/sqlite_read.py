"""What a SQLite store reads back: articles, quotes, events and canonical events (contract
dicts), copies and signatures for near-duplicate detection, failures and counts.
:class:`SQLiteReads` is mixed into :class:`eventdesk.store.sqlite.SQLiteStore`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from eventdesk import cluster
from eventdesk.store.reads import CommonReads
from eventdesk.store.rows import filters

IN_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit


class SQLiteReads(CommonReads):
    """The reading half of a SQLite store (its ``_conn`` is the store's connection)."""

    _conn: sqlite3.Connection
    path: str

    def has_articles(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are already stored, as articles or as known near-duplicate copies
        of a stored article (``article_sources``)."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for i in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[i : i + IN_CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT article_id FROM articles WHERE article_id IN ({marks}) UNION "
                f"SELECT copy_id FROM article_sources WHERE copy_id IN ({marks})",
                chunk + chunk,
            )
            found.update(r[0] for r in rows)
        return found

    def sources(self, article_id: str) -> list[dict[str, Any]]:
        """Every copy that carried the stored article: the stored one first (similarity 1.0),
        then near-duplicates in the order they were read. Empty if the article is unknown."""
        rows = self._conn.execute(
            "SELECT variant_id, outlet, url, title, published, source_path, similarity, added_at "
            "FROM article_sources WHERE article_id = ? "
            "ORDER BY copy_id != article_id, added_at, rowid",
            (article_id,),
        )
        keys = (
            "variant_id",
            "outlet",
            "url",
            "title",
            "published",
            "source_path",
            "similarity",
            "added_at",
        )
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def duplicate_of(self, copy_id: str) -> str | None:
        """The stored article that a copy (by its text id) was attached to, if any."""
        row = self._conn.execute(
            "SELECT article_id FROM article_sources WHERE copy_id = ? OR article_id = ? LIMIT 1",
            (copy_id, copy_id),
        ).fetchone()
        return str(row[0]) if row else None

    def known_variants(self, keys: Iterable[str]) -> set[str]:
        """Which copy keys (:func:`variant_key`) are already recorded."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        for i in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[i : i + IN_CHUNK]
            rows = self._conn.execute(
                "SELECT variant_id FROM article_sources "
                f"WHERE variant_id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            found.update(r[0] for r in rows)
        return found

    def signature_schemes(self) -> set[str]:
        rows = self._conn.execute("SELECT DISTINCT scheme FROM article_signatures")
        return {r[0] for r in rows}

    def lsh_candidates(self, band_keys: Sequence[bytes], scheme: str) -> list[tuple[str, bytes]]:
        """Stored articles sharing at least one LSH band key, with their signatures."""
        if not band_keys:
            return []
        cond = " OR ".join("(b.band = ? AND b.key = ?)" for _ in band_keys)
        params: list[Any] = [x for i, k in enumerate(band_keys) for x in (i, k)]
        rows = self._conn.execute(
            "SELECT s.article_id, s.hashvalues FROM article_signatures s WHERE s.scheme = ? "
            f"AND s.article_id IN (SELECT b.article_id FROM lsh_bands b WHERE {cond}) "
            "ORDER BY s.article_id",
            [scheme, *params],
        )
        return [(r[0], bytes(r[1])) for r in rows]

    def iter_article_texts(self) -> Iterator[tuple[str, str]]:
        """(article_id, text) of every stored article, streamed."""
        cur = self._conn.execute("SELECT article_id, text FROM articles ORDER BY article_id")
        try:
            while rows := cur.fetchmany(500):
                yield from ((r[0], r[1]) for r in rows)
        finally:
            cur.close()

    def _docs(self, sql: str, params: list[Any]) -> Iterator[dict[str, Any]]:
        """The ``doc`` column of the query's rows, streamed: fetched while iterating."""
        cur = self._conn.execute(sql, params)
        try:
            while rows := cur.fetchmany(500):
                for (doc,) in rows:
                    yield json.loads(doc)
        finally:
            cur.close()

    def dedup_counts(self) -> dict[str, int]:
        """Copies and canonical events: ``copies`` (rows of article_sources), ``duplicates``
        (copies other than the stored one), ``canonical_events``, ``multi_source_events``
        (canonical events with more than one source)."""
        one = self._conn.execute
        return {
            "copies": int(one("SELECT COUNT(*) FROM article_sources").fetchone()[0]),
            "duplicates": int(
                one(
                    "SELECT (SELECT COUNT(*) FROM article_sources) - "
                    "(SELECT COUNT(*) FROM articles)"
                ).fetchone()[0]
            ),
            "canonical_events": int(one("SELECT COUNT(*) FROM canonical_events").fetchone()[0]),
            "multi_source_events": int(
                one("SELECT COUNT(*) FROM canonical_events WHERE n_sources > 1").fetchone()[0]
            ),
            "linked_events": int(one("SELECT COUNT(*) FROM canonical_members").fetchone()[0]),
        }

    def canonical_events(
        self,
        country: str | None = None,
        plover_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        min_sources: int | None = None,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Canonical events (see ``eventdesk.cluster.canonical_doc``) matching every filter,
        ordered like :meth:`events` (date, undated last). ``since``/``until`` compare the
        canonical date (its most precise report); ``min_sources`` keeps events carried by
        at least that many distinct outlets. Each stored event is in exactly one of them."""
        cond, lim, params = filters(
            (("country", country), ("plover_type", plover_type)),
            since,
            until,
            limit,
            at_least=(("n_sources", min_sources),),
        )
        sql = f"SELECT canonical_id FROM canonical_events{cond}"
        sql += " ORDER BY date IS NULL, date, canonical_id" + lim
        return self._iter_canonical(sql, params)

    def _iter_canonical(self, sql: str, params: list[Any]) -> Iterator[dict[str, Any]]:
        cur = self._conn.execute(sql, params)
        try:
            while rows := cur.fetchmany(200):
                for (cid,) in rows:
                    docs = cluster.member_docs(self._conn, cid)
                    if not docs:
                        continue
                    srcs = cluster.sources_for(self._conn, (d["article_id"] for d in docs))
                    yield cluster.canonical_doc(cid, docs, srcs)
        finally:
            cur.close()
