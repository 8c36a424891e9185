"""The HTTP API and dashboard server (FastAPI). Nothing heavy is imported here: use
``eventdesk.api.app.create_app`` / ``serve``, or :func:`serve` below, which imports lazily."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def serve(
    db: str,
    host: str = "127.0.0.1",
    port: int = 8765,
    token_file: str | Path | None = None,
    **options: Any,
) -> None:
    """Serve the API and dashboard for ``db`` (see :func:`eventdesk.api.app.serve`)."""
    from eventdesk.api.app import serve as _serve

    _serve(db, host, port, token_file, **options)


__all__ = ["serve"]
