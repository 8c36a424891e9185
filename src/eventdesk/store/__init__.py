"""Storage of article results: SQLite by default (``eventdesk.store.sqlite``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventdesk.store.sqlite import (
    MIGRATIONS,
    AddSummary,
    Migration,
    SignatureRow,
    SourceRow,
    SQLiteStore,
)

if TYPE_CHECKING:
    from eventdesk.store.postgres import PostgresStore

__all__ = [
    "MIGRATIONS",
    "AddSummary",
    "Migration",
    "SQLiteStore",
    "SignatureRow",
    "SourceRow",
    "open_store",
]


def open_store(target: str) -> SQLiteStore | PostgresStore:
    """The store behind ``target``: a ``postgresql://`` URL or a SQLite file path."""
    from eventdesk.store.postgres import is_postgres_url

    if is_postgres_url(target):
        from eventdesk.store.postgres import PostgresStore

        return PostgresStore.open(target)
    return SQLiteStore.open(target)
