"""Storage of article results: SQLite by default (``eventdesk.store.sqlite``), PostgreSQL for
a team (``eventdesk.store.postgres``).

A store is named by a *target* (``--db``): a SQLite file path (``events.db``), a
``sqlite:///PATH`` URL (``sqlite:///events.db`` relative, ``sqlite:////srv/events.db``
absolute) or a ``postgresql://`` / ``postgres://`` URL. Any other ``SCHEME://`` is refused
(:func:`store_target`), so that ``mysql://host/db`` is not taken for a file name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from eventdesk.errors import StoreError
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
    "store_target",
]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SQLITE = "sqlite://"
KNOWN = "a SQLite file path, sqlite:///PATH or postgresql://USER:PASS@HOST/DB"


def store_target(target: str) -> tuple[str, str]:
    """``("sqlite", path)`` or ``("postgresql", url)`` for a ``--db`` value; StoreError (what
    is wrong and what to give instead) for an empty value or an unknown URL scheme."""
    from eventdesk.store.postgres import is_postgres_url

    if not target.strip():
        raise StoreError(f"empty database name; give {KNOWN}")
    if is_postgres_url(target):
        return "postgresql", target
    if target.lower().startswith(_SQLITE):
        rest = target[len(_SQLITE) :]
        if not rest.startswith("/") or len(rest) < 2:
            raise StoreError(
                f"{target}: a SQLite URL is sqlite:///PATH (three slashes, then the file path; "
                "four for an absolute path)"
            )
        return "sqlite", rest[1:]
    m = _SCHEME.match(target)
    if m:
        raise StoreError(
            f"{target}: unknown database URL scheme {m.group(1)!r}; eventdesk stores into "
            f"SQLite or PostgreSQL: give {KNOWN}"
        )
    return "sqlite", target


def open_store(target: str) -> SQLiteStore | PostgresStore:
    """The store behind ``target`` (see :func:`store_target`)."""
    kind, where = store_target(target)
    if kind == "postgresql":
        from eventdesk.store.postgres import PostgresStore

        return PostgresStore.open(where)
    return SQLiteStore.open(where)
