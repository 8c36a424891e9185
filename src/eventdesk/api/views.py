"""The aggregate endpoints of the API: stats, map points and clusters, facets, actor names and
canonical events. Their answers are cached per data version (:mod:`eventdesk.api.cache`) as
ready-to-send JSON (gzip made once). A cached answer is sent from the event loop without
taking a worker thread; one that is not runs in one of a few "heavy" threads of its own
(``heavy_slots``), so however many clients ask for aggregates at once, the worker threads
and CPU stay free for the light endpoints (``/health``, single events, pages of the list).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeVar

import anyio
from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from eventdesk.api import aggregates
from eventdesk.api.backend import Backend
from eventdesk.api.cache import Cache, Versions
from eventdesk.api.canonical import CANONICAL_SORT_CHOICES, canonical_detail, canonical_page
from eventdesk.api.http import ERROR_RESPONSES, GZIP_MIN_BYTES, ApiError, Packed, send
from eventdesk.api.models import Points
from eventdesk.api.params import Filters
from eventdesk.api.query import EventFilter

CanonicalSort = Annotated[
    Literal[CANONICAL_SORT_CHOICES],  # type: ignore[valid-type]
    Query(description="date, sources or fatalities (the highest report); '-' descending."),
]
MAX_POINTS_PAGE = 10_000
DEFAULT_POINTS_PAGE = 5_000
T = TypeVar("T")


def dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass
class Served:
    """What the endpoints share: the backend, the data version, the answer cache and the
    threads for heavy computations."""

    backend: Backend
    cache_size: int = 512
    heavy_slots: int = 2
    versions: Versions = field(init=False)
    cache: Cache[Any] = field(init=False)
    _heavy: anyio.CapacityLimiter | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.versions = Versions(self.backend.data_version)
        self.cache = Cache(self.versions, self.cache_size)

    def reset_threads(self) -> None:
        """Forget the heavy-thread limiter (it belongs to one event loop; a new server
        run makes its own)."""
        self._heavy = None

    async def heavy(self, func: Callable[[], T]) -> T:
        """``func()`` in one of the ``heavy_slots`` threads (waiting, without a thread, for
        one to be free)."""
        if self._heavy is None:
            self._heavy = anyio.CapacityLimiter(max(1, self.heavy_slots))
        return await anyio.to_thread.run_sync(func, limiter=self._heavy)

    async def answer(self, key: Hashable, compute: Callable[[], T], heavy: bool = True) -> T:
        """The value for ``key``: from the cache when current (on the event loop, no thread),
        else computed in a heavy thread (``heavy=False``: a worker thread, for a cheap
        answer that must not wait behind aggregates) and kept until the data changes."""
        if self.cache_size <= 0:
            return await (self.heavy(compute) if heavy else run_in_threadpool(compute))
        found = self.cache.peek(key)
        if found is None and self.versions.known() is None:
            # the version is due to be checked: a query, so in a worker thread
            await run_in_threadpool(self.versions.current)
            found = self.cache.peek(key)
        if found is not None:
            return found
        if not heavy:
            return await run_in_threadpool(self.cache.get, key, compute)
        return await self.heavy(lambda: self.cache.get(key, compute))

    async def json(self, key: Hashable, compute: Callable[[], Any]) -> Packed:
        """:meth:`answer` for a JSON answer: encoded (and gzip-compressed) once."""

        def make() -> Packed:
            packed = Packed(dumps(compute()))
            if len(packed.body) >= GZIP_MIN_BYTES:
                packed.gz()  # here, in the heavy thread, not on the event loop
            return packed

        return await self.answer(key, make)

    def require_fts(self, flt: EventFilter) -> None:
        if flt.q is not None and not self.backend.fts:
            raise ApiError(
                503,
                "full-text search is not available: the database has no full-text index "
                "(open it once with a writable eventdesk to migrate it)",
                code="no_full_text",
            )


def add_aggregate_routes(app: FastAPI, served: Served, max_points: int) -> None:
    backend = served.backend

    @app.get("/api/stats", responses=ERROR_RESPONSES, tags=["events"])
    async def stats(request: Request, flt: Filters) -> Response:
        """Events and fatalities in total, by day, by PLOVER type, ACLED type and country."""
        served.require_fts(flt)

        def compute() -> dict[str, Any]:
            with backend.query() as qry:
                return qry.stats(flt)

        return send(request, await served.json(("stats", flt), compute))

    @app.get("/api/points", response_model=Points, responses=ERROR_RESPONSES, tags=["map"])
    async def points(
        request: Request,
        flt: Filters,
        limit: Annotated[
            int | None,
            Query(ge=1, description="Rows per page (at most the server's cap, 10,000)."),
        ] = None,
        cursor: Annotated[
            str | None, Query(max_length=2000, description="`next_cursor` of the last page.")
        ] = None,
    ) -> Response:
        """Located events as rows `[event_id, lat, lon, plover_type, acled_event_type,
        fatalities, date]`, the deadliest first, one bounded page at a time (`truncated` is
        true and `next_cursor` set when more follow). For a whole map use `/api/clusters`."""
        cap = min(max_points, MAX_POINTS_PAGE)
        size = min(limit or DEFAULT_POINTS_PAGE, cap)
        served.require_fts(flt)

        def compute() -> dict[str, Any]:
            with backend.query() as qry:
                return qry.points(flt, size, cursor)

        return send(request, await served.json(("points", flt, size, cursor), compute))

    @app.get("/api/clusters", responses=ERROR_RESPONSES, tags=["map"])
    async def clusters(
        request: Request,
        flt: Filters,
        zoom: Annotated[
            int, Query(ge=0, le=aggregates.MAX_ZOOM, description="Web-map zoom level, 0..18.")
        ],
    ) -> Response:
        """Located events summed on a grid whose cells shrink as `zoom` grows (about 64 px
        on a web map; coarser when the area asked for would hold more than 4,000 cells):
        `cells` are `[lat, lon, events, fatalities, event_id or null]`, lat/lon the mean of
        the cell's events, the event id when the cell holds exactly one event."""
        served.require_fts(flt)

        def compute() -> dict[str, Any]:
            with backend.query() as qry:
                return aggregates.clusters(qry, flt, zoom)

        return send(request, await served.json(("clusters", flt, zoom), compute))

    @app.get("/api/facets", responses=ERROR_RESPONSES, tags=["filters"])
    async def facets(request: Request, flt: Filters) -> Response:
        """What the filter drop-downs offer, with event counts: countries (ISO3, name, ACLED
        region), regions, ACLED sub-event types and outlets. Each list ignores its own
        filter (the countries ignore `country`, ...) and applies the others."""
        served.require_fts(flt)

        def compute() -> dict[str, Any]:
            with backend.query() as qry:
                return aggregates.facets(qry, flt)

        return send(request, await served.json(("facets", flt), compute))

    @app.get("/api/actors", responses=ERROR_RESPONSES, tags=["filters"])
    async def actors(
        request: Request,
        flt: Filters,
        prefix: Annotated[
            str, Query(max_length=100, description="Start of the name or of a word in it.")
        ] = "",
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> Response:
        """Actor names (actor1 or actor2) starting with `prefix`, or with a word starting with
        it (case and accents ignored), most frequent first: for autocomplete."""
        served.require_fts(flt)

        def names() -> list[aggregates.KeyedName]:
            with backend.query() as qry:
                return aggregates.keyed_names(aggregates.actor_counts(qry, flt))

        all_names = await served.answer(("actor-names", flt), names)
        found = await run_in_threadpool(aggregates.match_actors, all_names, prefix, limit)
        return send(request, dumps({"actors": found}))

    @app.get("/api/canonical", responses=ERROR_RESPONSES, tags=["canonical events"])
    async def canonical_list(
        request: Request,
        flt: Filters,
        sort: CanonicalSort = "-date",
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        cursor: Annotated[str | None, Query(max_length=2000)] = None,
    ) -> Response:
        """Canonical events (one per real-world happening, reported by one or more articles)
        with a member event matching every filter: the representative report's type and
        place, the fatality range across reports, sources and outlets."""
        served.require_fts(flt)

        def compute() -> dict[str, Any]:
            with backend.query() as qry:
                return canonical_page(
                    qry,
                    flt,
                    limit=limit,
                    cursor=cursor,
                    sort=sort,
                    has_sources=backend.has_sources,
                )

        key = ("canonical", flt, sort, limit, cursor)
        return send(request, await served.json(key, compute))

    @app.get("/api/canonical/{canonical_id}", responses=ERROR_RESPONSES, tags=["canonical events"])
    def canonical_one(request: Request, canonical_id: str) -> Response:
        """One canonical event and the reports behind it: each member event's article
        (title, outlet, link, publication date) and its own date, fatalities and actors."""
        with backend.query() as qry:
            found = canonical_detail(qry, canonical_id, has_sources=backend.has_sources)
        if found is None:
            raise ApiError(404, f"no canonical event {canonical_id!r}")
        return send(request, dumps(found))
