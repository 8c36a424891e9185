"""Run the API and dashboard in a background thread on a free loopback port, for the browser
tests and ``scripts/screenshots.py`` (``eventdesk serve`` is the way to serve for real)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eventdesk.errors import EventdeskError


class ServerStartError(EventdeskError):
    """The background server did not start."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_in_thread(db: str | Path, *, start_timeout: float = 20.0) -> Iterator[str]:
    """Serve ``db`` (read-only, no token) until the block ends; yields the base URL."""
    import uvicorn

    from eventdesk.api.app import create_app

    host = "127.0.0.1"
    port = free_port(host)
    config = uvicorn.Config(create_app(str(db)), host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="eventdesk-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive():
            raise ServerStartError(f"the server for {db} stopped while starting (see the log)")
        if time.monotonic() > deadline:
            server.should_exit = True
            raise ServerStartError(f"the server for {db} did not start in {start_timeout:g} s")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
