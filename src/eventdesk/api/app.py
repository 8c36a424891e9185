"""The HTTP API and the dashboard: ``create_app(db)`` builds the FastAPI app, ``serve`` runs it.

Endpoints (all JSON unless said; every error is ``{"error": {status, code, message, details}}``):

- ``GET /health``: status, database kind, schema version, counts (cached until a write).
- ``GET /api/events``: filters, sort, keyset pagination (``next_cursor``).
- ``GET /api/events/{event_id}``: the event, its article text, evidence highlights, sources.
- ``GET /api/articles/{article_id}``: the article with its events and quotes.
- ``GET /api/stats``: counts and fatalities in total and by day, type and country.
- ``GET /api/points``: located events as compact rows, one bounded page at a time.
- ``GET /api/clusters?zoom=Z``: located events summed on a grid for the map.
- ``GET /api/facets``, ``GET /api/actors?prefix=``: what the filter drop-downs offer.
- ``GET /api/canonical``, ``GET /api/canonical/{canonical_id}``: canonical events, sources.
- ``GET /api/export?format=acled-csv|jsonl|geojson|csv``: streamed, same filters.
- ``POST /api/articles``: ingest one article (Bearer token required).
- ``GET /``: the dashboard; ``GET /docs``: the API reference (served offline).

Every list-like endpoint takes the same filters (:mod:`eventdesk.api.params`). Aggregates are
cached until the database changes (:mod:`eventdesk.api.views`); large JSON answers are sent
gzip-compressed to clients that accept it.

Serving: endpoints that touch the database run in a few worker threads (``threads``), each
with its own read-only SQLite connection (PostgreSQL: a pool as large); aggregates not in the
cache are computed in ``heavy_slots`` threads of their own, and a request waiting for one holds
no worker thread; cached aggregates and ``/health`` are answered on the event loop; ``serve(
workers=N)`` runs N processes (SQLite and PostgreSQL both allow it).

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
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager, nullcontext
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware

from eventdesk import __version__
from eventdesk.api.backend import Backend, open_backend
from eventdesk.api.http import (
    ERROR_RESPONSES,
    GZIP_LEVEL,
    GZIP_MIN_BYTES,
    ApiError,
    BodyLimit,
    Packed,
    SecurityHeaders,
    error_response,
    html_to_text,
    read_token,
    send,
)
from eventdesk.api.models import (
    ArticleDetail,
    ArticleIn,
    EventDetail,
    EventsPage,
    Health,
    Highlight,
    IngestResult,
    RelatedArticle,
    Sources,
)
from eventdesk.api.params import Filters, SortParam
from eventdesk.api.query import QueryError, iter_all
from eventdesk.api.views import Served, add_aggregate_routes, dumps
from eventdesk.errors import EventdeskError, InputError, StoreError
from eventdesk.export import EXTENSIONS, MEDIA_TYPES, NEEDS_CONTEXT, stream
from eventdesk.records import LIST_EVIDENCE, Article

logger = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_MAX_BODY = 2_000_000
MAX_PAGE = 500
DEFAULT_MAX_POINTS = 10_000
DEFAULT_THREADS = 4
WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"
_ERRORS = ERROR_RESPONSES

__all__ = ["ApiError", "create_app", "error_response", "html_to_text", "read_token", "serve"]


def create_app(
    db: str | Backend,
    *,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    cors_origins: tuple[str, ...] | list[str] = (),
    pipeline_factory: Callable[[], Any] | None = None,
    max_points: int = DEFAULT_MAX_POINTS,
    cache_size: int = 512,
    heavy_slots: int = 2,
    threads: int = DEFAULT_THREADS,
) -> FastAPI:
    """The API and dashboard over ``db`` (SQLite path, ``postgresql://`` URL or a Backend).

    ``token`` enables ``POST /api/articles``; ``pipeline_factory`` builds the extraction
    pipeline on the first ingest (default: :class:`eventdesk.pipeline.Pipeline`).
    ``cache_size`` answers of aggregates are kept until the data changes (0: none);
    ``heavy_slots`` aggregates are computed at once at most, in threads of their own;
    ``threads`` worker threads serve the other endpoints (few: each holds the GIL while it
    builds an answer, and more of them only make ``/health`` wait longer for its turn)."""
    if threads < 1 or heavy_slots < 1:
        raise InputError(f"threads and heavy_slots must be 1 or more, got {threads}, {heavy_slots}")
    backend = db if isinstance(db, Backend) else open_backend(db)
    served = Served(backend, cache_size=cache_size, heavy_slots=heavy_slots)
    pipeline_lock = threading.Lock()
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        served.reset_threads()
        try:
            with served.versions.watch() if cache_size > 0 else nullcontext():
                yield
        finally:
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
    app.state.served = served

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

    # -- middleware (the last added runs first) ------------------------------------------------

    # JSON the endpoints build is compressed by them (http.send); this handles the rest
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)
    app.add_middleware(SecurityHeaders)
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

    def health_body() -> Packed:
        return Packed(
            dumps(
                Health(
                    status="ok",
                    version=__version__,
                    database=backend.kind,
                    schema_version=backend.schema_version,
                    full_text=backend.fts,
                    counts=backend.counts(),
                    writable=token is not None,
                ).model_dump()
            )
        )

    @app.get("/health", response_model=Health, tags=["meta"])
    async def health(request: Request) -> Response:
        """Liveness and what this server is connected to. Answered on the event loop from
        counts cached until the next write, so it stays fast whatever else is running."""
        return send(request, await served.answer(("health",), health_body, heavy=False))

    @app.get("/api/events", response_model=EventsPage, responses=_ERRORS, tags=["events"])
    def list_events(
        request: Request,
        flt: Filters,
        sort: SortParam = "date",
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        cursor: Annotated[str | None, Query(max_length=2000)] = None,
        total: Annotated[bool, Query(description="Also count all matching events.")] = False,
    ) -> Response:
        """Events matching every filter, one page at a time (pass `next_cursor` back)."""
        served.require_fts(flt)
        with backend.query() as qry:
            page = qry.page(flt, sort=sort, limit=limit, cursor=cursor, with_total=total, raw=True)
        # The stored event JSON goes out as it is: no decode/validate/encode per event.
        head = json.dumps(
            {"next_cursor": page.next_cursor, "total": page.total, "sort": sort, "limit": limit}
        )
        body = '{"events": [' + ", ".join(page.events) + "], " + head[1:]
        return send(request, body.encode("utf-8"))

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
            # the LIST_EVIDENCE keys (mentions, actors1, actors2) hold a list of spans
            for s, e in (value if role in LIST_EVIDENCE else [value])
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
        served.require_fts(flt)
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
        served.versions.bump()  # cached aggregates and counts are out of date now
        doc = result.to_dict()
        return IngestResult(
            article_id=article.article_id,
            new=summary.new == 1,
            events=doc["events"],
            quotes=doc["quotes"],
        )

    add_aggregate_routes(app, served, max_points)

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


_SERVE_ENV = "EVENTDESK_SERVE_CONFIG"


def app_from_env() -> FastAPI:
    """The app a worker process of ``serve(workers=N)`` builds, from the settings the parent
    put in the environment (the token, if any, is in ``EVENTDESK_TOKEN``)."""
    cfg = json.loads(os.environ[_SERVE_ENV])
    return create_app(
        cfg["db"],
        token=read_token(None),
        max_body_bytes=cfg["max_body_bytes"],
        cors_origins=tuple(cfg["cors_origins"]),
        threads=cfg["threads"],
    )


def serve(
    db: str,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token_file: str | Path | None = None,
    *,
    cors_origins: tuple[str, ...] = (),
    max_body_bytes: int = DEFAULT_MAX_BODY,
    log_level: str = "info",
    workers: int = 1,
    threads: int = DEFAULT_THREADS,
    access_log: bool = True,
) -> None:
    """Run the API and dashboard with uvicorn until interrupted (what ``eventdesk serve``
    calls). ``workers`` > 1 runs that many processes on one port (each with its own worker
    threads, read connections and caches), which lets aggregates use every core; ``threads``
    worker threads per process (see :func:`create_app`); ``access_log``: a line per
    request. Raises
    :class:`EventdeskError` when the database or token cannot be used."""
    import uvicorn

    if workers < 1:
        raise InputError(f"workers must be 1 or more, got {workers}")
    token = read_token(token_file)
    # opened here even with several workers: a bad database fails now, and its migrations
    # run once, before the workers open it
    app = create_app(
        db,
        token=token,
        max_body_bytes=max_body_bytes,
        cors_origins=cors_origins,
        threads=threads,
    )
    mode = "read-write (token set)" if token else "read-only (no token)"
    procs = f", {workers} worker processes" if workers > 1 else ""
    print(
        f"eventdesk: serving {db} on http://{host}:{port}/ ({mode}{procs}); Ctrl-C stops",
        file=sys.stderr,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"eventdesk: listening on {host}: anyone who can reach this address can read the data",
            file=sys.stderr,
        )
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "server_header": False,
        "proxy_headers": False,
        "access_log": access_log,
    }
    if workers == 1:
        uvicorn.run(app, **options)
        return
    app.state.backend.close()
    os.environ[_SERVE_ENV] = json.dumps(
        {
            "db": db,
            "max_body_bytes": max_body_bytes,
            "cors_origins": list(cors_origins),
            "threads": threads,
        }
    )
    if token is not None:
        os.environ["EVENTDESK_TOKEN"] = token
    uvicorn.run("eventdesk.api.app:app_from_env", factory=True, workers=workers, **options)
