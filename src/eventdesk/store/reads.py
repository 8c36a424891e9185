"""The reads both stores answer the same way, over their connection's ``execute`` with
their placeholder (SQLite ``?``, PostgreSQL ``%s``): an article, its quotes, the recorded
failures and the row counts."""

from __future__ import annotations

import json
from typing import Any

from eventdesk.store.rows import ARTICLE_KEYS


class CommonReads:
    """Mixed into :class:`~eventdesk.store.sqlite.SQLiteStore` (through ``SQLiteReads``) and
    :class:`~eventdesk.store.postgres.PostgresStore`; ``_conn`` is the store's connection."""

    _conn: Any
    _ph = "?"

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
