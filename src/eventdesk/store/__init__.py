"""Storage of article results: SQLite by default (``eventdesk.store.sqlite``)."""

from __future__ import annotations

from eventdesk.store.sqlite import (
    MIGRATIONS,
    AddSummary,
    Migration,
    SignatureRow,
    SourceRow,
    SQLiteStore,
)

__all__ = ["MIGRATIONS", "AddSummary", "Migration", "SQLiteStore", "SignatureRow", "SourceRow"]
