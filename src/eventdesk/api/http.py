"""HTTP plumbing of the API: the one error shape, the request-size limit, the token file,
HTML to text for posted pages, and JSON bodies sent gzip-compressed when the client accepts it
(compressed in the worker thread that built them, never on the event loop).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventdesk.api.models import ErrorResponse
from eventdesk.errors import InputError

GZIP_MIN_BYTES = 1024
GZIP_LEVEL = 6  # answers compressed once and sent many times (cached aggregates)
GZIP_FAST = 1  # answers compressed per request: a third of level 6's CPU, ~40% larger

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
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorResponse} for s in (400, 401, 404, 413, 422, 500, 503)
}
CSP = (
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


class Packed:
    """A JSON body ready to send, with its gzip form made once on first use (cached
    answers are compressed once, not per request)."""

    __slots__ = ("_gz", "body", "level", "media_type")

    def __init__(
        self, body: bytes, media_type: str = "application/json", level: int = GZIP_LEVEL
    ) -> None:
        self.body = body
        self.media_type = media_type
        self.level = level
        self._gz: bytes | None = None

    @property
    def nbytes(self) -> int:
        """Bytes held: the body and its gzip form once made."""
        return len(self.body) + (len(self._gz) if self._gz is not None else 0)

    def gz(self) -> bytes:
        if self._gz is None:
            c = zlib.compressobj(self.level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            self._gz = c.compress(self.body) + c.flush()
        return self._gz


def accepts_gzip(request: Request) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "").lower()


def send(request: Request, body: bytes | Packed, media_type: str = "application/json") -> Response:
    """``body`` as the response, gzip-compressed when it is large and the client takes gzip
    (a :class:`Packed` body at its own level, once; plain bytes at the fast level)."""
    packed = body if isinstance(body, Packed) else Packed(body, media_type, GZIP_FAST)
    headers = {"Vary": "Accept-Encoding"}
    if len(packed.body) >= GZIP_MIN_BYTES and accepts_gzip(request):
        headers["Content-Encoding"] = "gzip"
        return Response(packed.gz(), media_type=packed.media_type, headers=headers)
    return Response(packed.body, media_type=packed.media_type, headers=headers)


class SecurityHeaders:
    """ASGI middleware: ``nosniff`` and ``no-referrer`` on every response, and outside
    ``/api/`` the Content-Security-Policy and ``X-Frame-Options: DENY`` (plain ASGI, so it
    adds no task or stream per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        page = not str(scope.get("path", "")).startswith("/api/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                names = {bytes(k).lower() for k, _ in headers}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                if page:
                    extra += [
                        (b"content-security-policy", CSP.encode()),
                        (b"x-frame-options", b"DENY"),
                    ]
                message["headers"] = list(headers) + [(k, v) for k, v in extra if k not in names]
            await send(message)

        await self.app(scope, receive, with_headers)
