"""A lean HTTP/1.1 keep-alive client for the load run (``python -m eventdesk.api.bench load``).

The load run's clients share the machine with the server they measure. A general client
(httpx) spent about as much CPU per request as the server did (6.4 ms against 6.2 ms for a
page of 50 events, decompressing and decoding every answer), so half of the two cores went
to the measuring tool and the figures said more about it than about the server. This client
sends a GET on one kept-alive connection, reads the status, the headers and the body
(``Content-Length`` or chunked) as bytes, and decodes nothing unless asked: the server still
compresses as it would for a browser (``Accept-Encoding: gzip``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import zlib
from typing import Any
from urllib.parse import urlsplit


class HttpError(Exception):
    """The connection failed or the answer was not HTTP/1.1 as expected."""


class Connection:
    """One kept-alive connection to ``url``'s host; a request after the server closed it, or
    after a failed one, opens a new one."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"the load client speaks plain http://HOST:PORT, got {url!r}")
        self.host = parts.hostname
        self.port = parts.port or 80
        self.timeout = timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._reader is None or self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        return self._reader, self._writer

    async def get(self, path: str) -> tuple[int, bytes, dict[str, str]]:
        """(status, body bytes as sent, lower-cased headers) of ``GET path``."""
        try:
            return await asyncio.wait_for(self._get(path), self.timeout)
        except (
            OSError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            TimeoutError,
            ValueError,
        ) as exc:
            await self.close()
            raise HttpError(f"GET {path}: {exc!r}") from exc

    async def _get(self, path: str) -> tuple[int, bytes, dict[str, str]]:
        reader, writer = await self._open()
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Accept-Encoding: gzip\r\nConnection: keep-alive\r\n\r\n".encode("latin-1")
        )
        head = await reader.readuntil(b"\r\n\r\n")  # LimitOverrunError past 64 KiB
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = await _chunked(reader)
        else:  # the body runs to the end of the connection
            body = await reader.read()
            await self.close()
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, body, headers

    async def get_json(self, path: str) -> Any:
        """``GET path`` decoded as JSON (gunzipped when sent compressed)."""
        status, body, headers = await self.get(path)
        if status != 200:
            raise HttpError(f"GET {path}: status {status}")
        try:
            if headers.get("content-encoding") == "gzip":
                body = zlib.decompress(body, 16 + zlib.MAX_WBITS)
            return json.loads(body)
        except (zlib.error, ValueError) as exc:
            raise HttpError(f"GET {path}: not JSON ({exc})") from exc

    async def close(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def _chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # no trailers are sent by our server
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
