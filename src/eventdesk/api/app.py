"""The HTTP API and the dashboard: ``create_app(db)`` builds the FastAPI app, ``serve`` runs it.

Endpoints (all JSON unless said; every error is ``{"error": {status, code, message, details}}``):

- ``GET /health``: status, database kind, schema version, counts.
- ``GET /api/events``: filters, sort, keyset pagination (``next_cursor``).
- ``GET /api/events/{event_id}``: the event, its article text, evidence highlights, sources.
- ``GET /api/articles/{article_id}``: the article with its events and quotes.
- ``GET /api/stats``: counts and fatalities in total and by day, type and country.
- ``GET /api/points``: located events as compact rows for the dashboard's map.
- ``GET /api/export?format=acled-csv|jsonl|geojson|csv``: streamed, same filters.
- ``POST /api/articles``: ingest one article (Bearer token required).
- ``GET /``: the dashboard; ``GET /docs``: the API reference (served offline).

Security defaults: ``serve`` binds 127.0.0.1; without a configured token the API is read-only;
request bodies above ``max_body_bytes`` get 413; no CORS unless ``cors_origins`` is given; a
failure inside a handler answers 500 with a generic message and is logged, never returned.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventdesk import __version__
from eventdesk.api.backend import Backend, open_backend
from eventdesk.api.models import (
    ArticleDetail,
    ArticleIn,
    ErrorResponse,
    EventDetail,
    EventsPage,
    Health,
    Highlight,
    IngestResult,
    Points,
    RelatedArticle,
    Sources,
)
from eventdesk.api.query import (
    SORT_CHOICES,
    EventFilter,
    QueryError,
    iter_all,
    parse_bbox,
    split_list,
    validate,
)
from eventdesk.errors import EventdeskError, InputError, StoreError
from eventdesk.export import EXTENSIONS, MEDIA_TYPES, NEEDS_CONTEXT, stream
from eventdesk.records import Article

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_MAX_BODY = 2_000_000
MAX_PAGE = 500
DEFAULT_MAX_POINTS = 50_000
WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"

_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    500: "internal_error",
    503: "unavailable",
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorResponse} for s in (400, 401, 404, 413, 422, 500, 503)
}
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def error_response(
    status: int,
    message: str,
    *,
    code: str | None = None,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {
        "error": {
            "status": status,
            "code": code or _CODES.get(status, "error"),
            "message": message,
            "details": details,
        }
    }
    return JSONResponse(body, status_code=status, headers=headers)


class ApiError(HTTPException):
    """An HTTP error with a stable code, rendered in the one error shape."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code


class _TooLarge(Exception):
    """The request body went over the limit while it was being read."""


class BodyLimit:
    """ASGI middleware: 413 for request bodies larger than ``limit`` bytes, whether the
    client announces it (Content-Length) or streams it (chunked)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = False
                if too_big:
                    await self._reject(send)
                    return
        seen = 0
        exceeded = False
        started = False

        async def limited() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # Whatever the app answers after the body overflowed (FastAPI turns the read
            # error into a 400), the client gets the 413.
            nonlocal started
            if exceeded:
                if not started:
                    started = True
                    await self._reject(send)
                return
            started = True
            await send(message)

        try:
            await self.app(scope, limited, guarded_send)
        except _TooLarge:
            if not started:
                started = True
                await self._reject(send)

    def _message(self) -> str:
        return f"request body is larger than {self.limit} bytes; send a shorter article"

    async def _reject(self, send: Send) -> None:
        response = error_response(413, self._message())
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": response.raw_headers,
            }
        )
        await send({"type": "http.response.body", "body": response.body})


def read_token(token_file: str | Path | None) -> str | None:
    """The API token: the first line of ``token_file``, else ``$EVENTDESK_TOKEN``, else None."""
    if token_file is not None:
        try:
            token = Path(token_file).read_text(encoding="utf-8").strip().splitlines()
        except OSError as exc:
            raise InputError(f"cannot read the token file {token_file}: {exc.strerror}") from exc
        if not token or len(token[0].strip()) < 16:
            raise InputError(
                f"token file {token_file} must start with a token of at least 16 characters "
                "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))' > FILE`)"
            )
        return token[0].strip()
    env = os.environ.get("EVENTDESK_TOKEN", "").strip()
    return env or None


def html_to_text(html: str) -> tuple[str, str | None]:
    """Main text and title of an HTML page (trafilatura when installed, else the tag text)."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - depends on the install
        pass
    else:
        text = trafilatura.extract(html, include_comments=False, include_tables=False)
        meta = trafilatura.extract_metadata(html)
        title = meta.title if meta is not None else None
        if text:
            return text, title
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in ("script", "style"):
                self.skip += 1
            elif tag in ("p", "br", "div", "li", "h1", "h2", "h3"):
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style") and self.skip:
                self.skip -= 1

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line), None


# -- filters shared by /api/events, /api/stats, /api/points, /api/export --------------------

PloverList = Annotated[
    str | None,
    Query(
        description="PLOVER type(s), comma-separated (ASSAULT,PROTEST).",
        max_length=400,
        examples=["ASSAULT"],
    ),
]


def event_filter(
    country: Annotated[
        str | None, Query(description="ISO3 code(s), comma-separated.", max_length=400)
    ] = None,
    admin1: Annotated[
        str | None, Query(description="First-level region name.", max_length=200)
    ] = None,
    plover_type: PloverList = None,
    acled_event_type: Annotated[
        str | None, Query(description="ACLED event type, e.g. Battles.", max_length=200)
    ] = None,
    actor: Annotated[
        str | None,
        Query(description="Actor name fragment or CAMEO code prefix (MLIMIL).", max_length=200),
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
    article_id: Annotated[str | None, Query(max_length=100)] = None,
) -> EventFilter:
    try:
        return validate(
            EventFilter(
                country=split_list(country),
                admin1=admin1 or None,
                plover_type=split_list(plover_type),
                acled_event_type=acled_event_type or None,
                actor=(actor or "").strip() or None,
                since=since.isoformat() if since else None,
                until=until.isoformat() if until else None,
                bbox=parse_bbox(bbox) if bbox else None,
                q=q if q and q.strip() else None,
                canonical=canonical,
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


def create_app(
    db: str | Backend,
    *,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    cors_origins: tuple[str, ...] | list[str] = (),
    pipeline_factory: Callable[[], Any] | None = None,
    max_points: int = DEFAULT_MAX_POINTS,
) -> FastAPI:
    """The API and dashboard over ``db`` (SQLite path, ``postgresql://`` URL or a Backend).

    ``token`` enables ``POST /api/articles``; ``pipeline_factory`` builds the extraction
    pipeline on the first ingest (default: :class:`eventdesk.pipeline.Pipeline`)."""
    backend = db if isinstance(db, Backend) else open_backend(db)
    pipeline_lock = threading.Lock()
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        yield
        backend.close()

    app = FastAPI(
        title="eventdesk",
        version=__version__,
        description="Structured, geocoded, source-attributed event data extracted from news "
        'articles. Every error has the shape `{"error": {status, code, message, details}}`.',
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.backend = backend

    def get_pipeline() -> Any:
        with pipeline_lock:
            if "pipeline" not in state:
                if pipeline_factory is not None:
                    state["pipeline"] = pipeline_factory()
                else:
                    from eventdesk.pipeline import Pipeline

                    state["pipeline"] = Pipeline()
            return state["pipeline"]

    # -- errors ------------------------------------------------------------------------------

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        code = getattr(exc, "code", None)
        message = str(exc.detail)
        if exc.status_code == 404 and code is None:
            message = f"no such resource: {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(
            exc.status_code, message, code=code, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = []
        for err in exc.errors():
            loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "body", "path")]
            details.append({"param": ".".join(loc) or None, "message": err.get("msg", "")})
        where = ", ".join(d["param"] for d in details if d["param"]) or "the request"
        return error_response(400, f"invalid value for {where}", details=details)

    @app.exception_handler(QueryError)
    async def _query_error(request: Request, exc: QueryError) -> Response:
        return error_response(400, str(exc), code="invalid_query")

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> Response:
        logger.error("store error on %s: %s", request.url.path, exc)
        return error_response(503, "the database could not answer; try again", code="store_error")

    @app.exception_handler(EventdeskError)
    async def _eventdesk_error(request: Request, exc: EventdeskError) -> Response:
        return error_response(422, str(exc))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        logger.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(500, "internal error; the server log has the details")

    # -- middleware --------------------------------------------------------------------------

    @app.middleware("http")
    async def _headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if not request.url.path.startswith("/api/"):
            response.headers.setdefault("Content-Security-Policy", _CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodyLimit, limit=max_body_bytes)

    # -- auth --------------------------------------------------------------------------------

    def require_token(
        authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    ) -> None:
        challenge = {"WWW-Authenticate": "Bearer"}
        if token is None:
            raise ApiError(
                401,
                "this server is read-only: start it with --token-file FILE (or EVENTDESK_TOKEN) "
                "to accept articles",
                headers=challenge,
            )
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise ApiError(401, "send 'Authorization: Bearer <token>'", headers=challenge)
        if not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise ApiError(401, "the bearer token is not valid", headers=challenge)

    # -- endpoints ---------------------------------------------------------------------------

    @app.get("/health", response_model=Health, tags=["meta"])
    def health() -> Health:
        """Liveness and what this server is connected to."""
        return Health(
            status="ok",
            version=__version__,
            database=backend.kind,
            schema_version=backend.schema_version,
            full_text=backend.fts,
            counts=backend.counts(),
            writable=token is not None,
        )

    @app.get("/api/events", response_model=EventsPage, responses=_ERRORS, tags=["events"])
    def list_events(
        flt: Filters,
        sort: SortParam = "date",
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        cursor: Annotated[str | None, Query(max_length=2000)] = None,
        total: Annotated[bool, Query(description="Also count all matching events.")] = False,
    ) -> Response:
        """Events matching every filter, one page at a time (pass `next_cursor` back)."""
        _require_fts(flt)
        with backend.query() as qry:
            page = qry.page(flt, sort=sort, limit=limit, cursor=cursor, with_total=total, raw=True)
        # The stored event JSON goes out as it is: no decode/validate/encode per event.
        head = json.dumps(
            {"next_cursor": page.next_cursor, "total": page.total, "sort": sort, "limit": limit}
        )
        body = '{"events": [' + ", ".join(page.events) + "], " + head[1:]
        return Response(body.encode("utf-8"), media_type="application/json")

    @app.get(
        "/api/events/{event_id}", response_model=EventDetail, responses=_ERRORS, tags=["events"]
    )
    def get_event(event_id: str) -> EventDetail:
        """One event with the article it came from and its evidence as highlights."""
        ev = backend.event(event_id)
        if ev is None:
            raise ApiError(404, f"no event {event_id!r}")
        article = backend.article(ev["article_id"]) or {"article_id": ev["article_id"], "text": ""}
        text = article.get("text") or ""
        highlights = [
            Highlight(role=role, start=s, end=e, text=text[s:e])
            for role, value in ev.get("evidence", {}).items()
            # "mentions" lists the trigger of every mention of the happening
            for s, e in (value if role == "mentions" else [value])
            if 0 <= s < e <= len(text)
        ]
        return EventDetail(
            event=ev,
            article=article,
            highlights=highlights,
            quotes=backend.quotes(ev["article_id"]),
            sources=Sources(
                reported_by=ev.get("reported_by", []),
                outlet=article.get("outlet"),
                url=article.get("url"),
                title=article.get("title"),
                published=article.get("published"),
                related=[RelatedArticle(**r) for r in backend.related(event_id, ev["article_id"])],
            ),
        )

    @app.get(
        "/api/articles/{article_id}",
        response_model=ArticleDetail,
        responses=_ERRORS,
        tags=["articles"],
    )
    def get_article(article_id: str) -> ArticleDetail:
        """The stored article (text and metadata) with its events and quotes."""
        article = backend.article(article_id)
        if article is None:
            raise ApiError(404, f"no article {article_id!r}")
        return ArticleDetail(
            article=article,
            events=backend.article_events(article_id),
            quotes=backend.quotes(article_id),
        )

    @app.get("/api/stats", responses=_ERRORS, tags=["events"])
    def stats(flt: Filters) -> dict[str, Any]:
        """Events and fatalities in total, by day, by PLOVER type, ACLED type and country."""
        _require_fts(flt)
        with backend.query() as qry:
            return qry.stats(flt)

    @app.get("/api/points", response_model=Points, responses=_ERRORS, tags=["events"])
    def points(
        flt: Filters,
        limit: Annotated[
            int | None, Query(ge=1, description="At most this many (capped by the server).")
        ] = None,
    ) -> Response:
        """Located events as rows `[event_id, lat, lon, plover_type, acled_event_type,
        fatalities, date]`, the deadliest first (for the map)."""
        limit = min(limit or max_points, max_points)
        _require_fts(flt)
        with backend.query() as qry:
            data = qry.points(flt, limit)
        return Response(json.dumps(data, separators=(",", ":")), media_type="application/json")

    @app.get(
        "/api/export",
        responses={
            200: {"content": {m: {} for m in set(MEDIA_TYPES.values())}},
            **_ERRORS,
        },
        response_class=StreamingResponse,
        tags=["events"],
    )
    def export(
        flt: Filters,
        format: Annotated[
            Literal["acled-csv", "jsonl", "geojson", "csv"], Query(description="Export format.")
        ],
        sort: SortParam = "date",
    ) -> StreamingResponse:
        """All matching events in one streamed file."""
        _require_fts(flt)
        with backend.query() as qry:  # fail early (bad filters) before the stream starts
            qry.rows(flt, sort, 1, None, columns=("events.event_id",))
        events = iter_all(backend.query, flt, sort, with_context=format in NEEDS_CONTEXT)
        name = f"eventdesk-events.{EXTENSIONS[format]}"
        return StreamingResponse(
            _guarded(stream(format, events)),
            media_type=MEDIA_TYPES[format],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @app.post(
        "/api/articles",
        response_model=IngestResult,
        status_code=201,
        responses={200: {"model": IngestResult, "description": "Already stored."}, **_ERRORS},
        tags=["articles"],
        dependencies=[Depends(require_token)],
    )
    def post_article(body: ArticleIn, response: Response) -> IngestResult:
        """Extract and store one article (text or HTML); returns its events.

        Requires `Authorization: Bearer <token>`. The same text posted again is not stored
        twice: the answer is then 200 with the stored events."""
        title = body.title
        if body.html is not None:
            text, html_title = html_to_text(body.html)
            title = title or html_title
        else:
            text = body.text or ""
        text = text.replace("\r\n", "\n").strip()
        if not text:
            raise ApiError(422, "the article has no text", code="empty_article")
        article = Article(
            text=text,
            title=title,
            url=body.url,
            outlet=body.outlet,
            published=body.published.isoformat() if body.published else None,
            source_path="api",
        )
        if backend.has_article(article.article_id):
            response.status_code = 200
            return IngestResult(
                article_id=article.article_id,
                new=False,
                events=backend.article_events(article.article_id),
                quotes=backend.quotes(article.article_id),
            )
        pipeline = get_pipeline()
        with pipeline_lock:
            result = pipeline.process_one(article)
        summary = backend.add(result)
        doc = result.to_dict()
        return IngestResult(
            article_id=article.article_id,
            new=summary.new == 1,
            events=doc["events"],
            quotes=doc["quotes"],
        )

    def _require_fts(flt: EventFilter) -> None:
        if flt.q is not None and not backend.fts:
            raise ApiError(
                503,
                "full-text search is not available: the database could not be indexed "
                "(is it read-only?)",
                code="no_full_text",
            )

    # -- dashboard and docs ------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def dashboard() -> Response:
        index = STATIC_DIR / "index.html"
        if not (STATIC_DIR / "vendor" / "d3.min.js").exists():
            return HTMLResponse(
                "<!doctype html><title>eventdesk</title><h1>Dashboard assets are missing</h1>"
                "<p>Run <code>npm ci --no-audit --no-fund && python -m eventdesk.web.build"
                "</code> in the eventdesk checkout, then reload.</p>",
                status_code=503,
            )
        return FileResponse(index, media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return FileResponse(STATIC_DIR / "docs.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    return app


def _guarded(chunks: Iterator[str]) -> Iterator[str]:
    """Stream chunks; a failure mid-stream is logged and ends the body (the status is sent)."""
    try:
        yield from chunks
    except Exception:
        logger.exception("export stream failed")
        yield "\n# export failed; see the server log\n"


def serve(
    db: str,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token_file: str | Path | None = None,
    *,
    cors_origins: tuple[str, ...] = (),
    max_body_bytes: int = DEFAULT_MAX_BODY,
    log_level: str = "info",
) -> None:
    """Run the API and dashboard with uvicorn until interrupted (what ``eventdesk serve``
    calls). Raises :class:`EventdeskError` when the database or token cannot be used."""
    import uvicorn

    token = read_token(token_file)
    app = create_app(db, token=token, max_body_bytes=max_body_bytes, cors_origins=cors_origins)
    mode = "read-write (token set)" if token else "read-only (no token)"
    print(
        f"eventdesk: serving {db} on http://{host}:{port}/ ({mode}); Ctrl-C stops", file=sys.stderr
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"eventdesk: listening on {host}: anyone who can reach this address can read the data",
            file=sys.stderr,
        )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        server_header=False,
        proxy_headers=False,
    )
