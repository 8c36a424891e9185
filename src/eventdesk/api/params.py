"""The query parameters every list-like endpoint shares (``/api/events``, ``/api/stats``,
``/api/points``, ``/api/clusters``, ``/api/facets``, ``/api/actors``, ``/api/canonical``,
``/api/export``), turned into one validated :class:`EventFilter`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query

from eventdesk.api.http import ApiError
from eventdesk.api.query import (
    SORT_CHOICES,
    EventFilter,
    QueryError,
    parse_bbox,
    split_list,
    validate,
)

PloverList = Annotated[
    str | None,
    Query(
        description="PLOVER type(s), comma-separated (ASSAULT,PROTEST).",
        max_length=400,
        examples=["ASSAULT"],
    ),
]


async def event_filter(
    country: Annotated[
        str | None,
        Query(
            description="Countries, comma-separated: ISO3 codes or names in any case "
            "(SYR, Syria, syria).",
            max_length=400,
        ),
    ] = None,
    region: Annotated[
        str | None,
        Query(
            description="ACLED regions, comma-separated (Middle East, Western Africa, ...), "
            "through the event's country.",
            max_length=400,
        ),
    ] = None,
    admin1: Annotated[
        str | None, Query(description="First-level region name.", max_length=200)
    ] = None,
    plover_type: PloverList = None,
    acled_event_type: Annotated[
        str | None, Query(description="ACLED event type, e.g. Battles.", max_length=200)
    ] = None,
    sub_event_type: Annotated[
        str | None,
        Query(
            description="ACLED sub-event types, comma-separated, exact names (Armed clash).",
            max_length=1000,
        ),
    ] = None,
    actor: Annotated[
        str | None,
        Query(description="Actor name fragment or CAMEO code prefix (MLIMIL).", max_length=200),
    ] = None,
    outlet: Annotated[
        str | None,
        Query(
            description="Outlets of the articles, comma-separated, exact names.", max_length=1000
        ),
    ] = None,
    min_fatalities: Annotated[
        int | None, Query(ge=0, description="At least this many fatalities.")
    ] = None,
    since: Annotated[date | None, Query(description="On or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="On or before (YYYY-MM-DD).")] = None,
    bbox: Annotated[
        str | None, Query(description="minlon,minlat,maxlon,maxlat", max_length=200)
    ] = None,
    q: Annotated[
        str | None,
        Query(description="Words in the evidence sentence (all must occur).", max_length=200),
    ] = None,
    canonical: Annotated[
        bool, Query(description="Only one event per real-world event (when the store groups them).")
    ] = False,
    include_flagged: Annotated[
        bool,
        Query(description="false: leave out negated, hypothetical and future events."),
    ] = True,
    article_id: Annotated[str | None, Query(max_length=100)] = None,
) -> EventFilter:
    # async: a few microseconds of checks, run on the event loop rather than a thread hop
    try:
        return validate(
            EventFilter(
                country=split_list(country, upper=False),
                region=split_list(region, upper=False),
                admin1=admin1 or None,
                plover_type=split_list(plover_type),
                acled_event_type=acled_event_type or None,
                sub_event_type=split_list(sub_event_type, upper=False),
                actor=(actor or "").strip() or None,
                outlet=split_list(outlet, upper=False),
                min_fatalities=min_fatalities,
                since=since.isoformat() if since else None,
                until=until.isoformat() if until else None,
                bbox=parse_bbox(bbox) if bbox else None,
                q=q if q and q.strip() else None,
                canonical=canonical,
                include_flagged=include_flagged,
                article_id=article_id or None,
            )
        )
    except QueryError as exc:
        raise ApiError(400, str(exc), code="invalid_query") from None


Filters = Annotated[EventFilter, Depends(event_filter)]
SortParam = Annotated[
    Literal[SORT_CHOICES],  # type: ignore[valid-type]
    Query(description="Sort key; '-' for descending. Undated events come last."),
]
