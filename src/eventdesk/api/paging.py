"""Keyset paging shared by the event list, exports and canonical events: the opaque
``Cursor`` a page hands out, and ``keyset_rows``, one page of a query in (key, id) order
with rows lacking the key after the others.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eventdesk.errors import EventdeskError


class QueryError(EventdeskError):
    """A filter, sort or cursor that cannot be used; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Cursor:
    sort: str
    phase: int  # 0: rows whose sort key is set; 1: rows whose key is null
    value: Any
    event_id: str

    def encode(self) -> str:
        raw = json.dumps([self.sort, self.phase, self.value, self.event_id], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def after(cls, sort: str, rows: Sequence[tuple[Any, ...]], limit: int) -> str | None:
        """The cursor for the page after the first ``limit`` of ``rows`` (rows from
        :func:`keyset_rows`, asked for one more than a page), or None on the last page."""
        if len(rows) <= limit:
            return None
        phase, value, last_id = rows[limit - 1][-3:]
        return cls(sort, int(phase), value, last_id).encode()

    @classmethod
    def decode(cls, token: str, sort: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            s, phase, value, event_id = json.loads(raw)
            ok = (
                isinstance(s, str)
                and phase in (0, 1)
                and isinstance(event_id, str)
                and (value is None or isinstance(value, str | int | float))
            )
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            ok = False
        if not ok:
            raise QueryError("cursor is not one this server issued; start again without it")
        if s != sort:
            raise QueryError(
                f"cursor was issued for sort={s}, not sort={sort}; keep the sort while paging"
            )
        return cls(s, phase, value, event_id)


Execute = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]


@dataclass(frozen=True, slots=True)
class Keyset:
    """A keyset-paged query: ``select`` columns of ``source`` rows meeting ``where``, in
    order of ``key`` then ``idcol`` (``desc``: descending); a ``nullable`` key puts the rows
    without one after the others, in ``idcol`` order."""

    select: str
    source: str
    where: Sequence[str]
    params: Sequence[Any]
    key: str
    idcol: str
    desc: bool
    nullable: bool = True


def keyset_rows(
    run: Execute, ph: str, ks: Keyset, after: Cursor | None, limit: int
) -> list[tuple[Any, ...]]:
    """Up to ``limit`` rows of ``ks.select`` + (phase, key, id) after ``after``: rows whose
    key is set first (an index range), then, for a nullable key, those whose key is null."""
    op, order = ("<", "DESC") if ks.desc else (">", "ASC")
    out: list[tuple[Any, ...]] = []
    if after is None or after.phase == 0:
        w = [*ks.where, *([f"{ks.key} IS NOT NULL"] if ks.nullable else [])]
        p = [*ks.params]
        if after is not None:
            w.append(f"({ks.key}, {ks.idcol}) {op} ({ph}, {ph})")
            p.extend([after.value, after.event_id])
        cond = " WHERE " + " AND ".join(w) if w else ""
        sql = (
            f"SELECT {ks.select}, 0, {ks.key}, {ks.idcol} FROM {ks.source}{cond} "
            f"ORDER BY {ks.key} {order}, {ks.idcol} {order} LIMIT {ph}"
        )
        out.extend(run(sql, [*p, limit]))
    if ks.nullable and len(out) < limit:
        w = [*ks.where, f"{ks.key} IS NULL"]
        p = [*ks.params]
        if after is not None and after.phase == 1:
            w.append(f"{ks.idcol} {op} {ph}")
            p.append(after.event_id)
        sql = (
            f"SELECT {ks.select}, 1, NULL, {ks.idcol} FROM {ks.source} "
            f"WHERE {' AND '.join(w)} ORDER BY {ks.idcol} {order} LIMIT {ph}"
        )
        out.extend(run(sql, [*p, limit - len(out)]))
    return out
