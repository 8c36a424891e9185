"""The reads both stores answer the same way, over their connection's ``execute`` with
their placeholder (SQLite ``?``, PostgreSQL ``%s``): an article, its quotes, the recorded
failures, the row counts, whether an article is stored and the events matching filters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from eventdesk.store.rows import ARTICLE_KEYS, filters


class CommonReads:
    """Mixed into :class:`~eventdesk.store.sqlite.SQLiteStore` (through ``SQLiteReads``) and
    :class:`~eventdesk.store.postgres.PostgresStore`; ``_conn`` is the store's connection."""

    _conn: Any
    _ph = "?"

    def has_article(self, article_id: str) -> bool:
        row = self._conn.execute(
            f"SELECT 1 FROM articles WHERE article_id = {self._ph}", (article_id,)
        ).fetchone()
        return row is not None

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
        at call time; the rows are read as :meth:`_docs` reads them.
        """
        cond, lim, params = filters(
            (("country", country), ("plover_type", plover_type), ("article_id", article_id)),
            since,
            until,
            limit,
            ph=self._ph,
        )
        sql = f"SELECT doc FROM events{cond} ORDER BY date IS NULL, date, article_id, event_id"
        return self._docs(sql + lim, params)

    def _docs(self, sql: str, params: list[Any]) -> Iterator[dict[str, Any]]:
        """The ``doc`` column of the query's rows, as contract dicts (all rows fetched
        first; the SQLite store streams them instead)."""
        rows = self._conn.execute(sql, params).fetchall()
        return (json.loads(r[0]) for r in rows)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """The article's contract dict, or None if it is not stored."""
        row = self._conn.execute(
            f"SELECT {', '.join(ARTICLE_KEYS)} FROM articles WHERE article_id = {self._ph}",
            (article_id,),
        ).fetchone()
        return None if row is None else dict(zip(ARTICLE_KEYS, row, strict=True))

    def quotes(self, article_id: str) -> list[dict[str, Any]]:
        """The article's quotes (contract dicts) in article order."""
        rows = self._conn.execute(
            f"SELECT doc FROM quotes WHERE article_id = {self._ph} ORDER BY idx", (article_id,)
        )
        return [json.loads(r[0]) for r in rows]

    def failures(self, kind: str | None = None) -> list[tuple[str, str, str]]:
        """Recorded failures as ``(source, reason, at)``, oldest first; ``kind`` filters
        ("failed" or "skipped")."""
        sql = "SELECT source, reason, at FROM failures"
        params: list[Any] = []
        if kind is not None:
            sql += f" WHERE kind = {self._ph}"
            params.append(kind)
        rows = self._conn.execute(sql + " ORDER BY id", params)
        return [(r[0], r[1], r[2]) for r in rows]

    def counts(self) -> dict[str, int]:
        """Row counts: articles, events, failures."""
        out: dict[str, int] = {}
        for table in ("articles", "events", "failures"):  # fixed names, not user input
            out[table] = int(self._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        return out
