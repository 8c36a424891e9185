"""``eventdesk export``: the stored events of a database written in an export format.

The formats themselves are pure text writers in :mod:`eventdesk.export`; this module is the
database side (backend, filters, pagination), so ``export`` never imports the API.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from eventdesk.api.backend import open_backend
from eventdesk.api.query import EventFilter, iter_all, validate
from eventdesk.export import NEEDS_CONTEXT, write


def export_db(
    db: str,
    fmt: str,
    out: IO[str],
    flt: EventFilter | None = None,
    sort: str = "date",
) -> int:
    """Export the events of database ``db`` (SQLite path or ``postgresql://`` URL) that
    match ``flt`` to ``out`` in format ``fmt`` (one of :data:`eventdesk.export.FORMATS`);
    returns how many events were read. This is what ``eventdesk export`` calls."""
    flt = validate(flt or EventFilter())
    backend = open_backend(db)
    n = 0
    try:

        def counted() -> Iterator[dict[str, Any]]:
            nonlocal n
            for ev in iter_all(backend.query, flt, sort, with_context=fmt in NEEDS_CONTEXT):
                n += 1
                yield ev

        write(fmt, counted(), out)
    finally:
        backend.close()
    return n
