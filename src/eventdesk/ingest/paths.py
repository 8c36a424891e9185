"""File paths as text that round-trips, for ``Article.source_path`` and ``Failure.source``.

A file name may hold bytes that are not UTF-8 (POSIX allows any byte but ``/`` and NUL).
Python keeps such a byte as a lone surrogate (PEP 383, ``surrogateescape``), which neither the
database nor a UTF-8 terminal accepts. So:

- a path that is valid UTF-8 is kept as written (``corpus/story.txt``);
- any other path becomes its ``file:`` URI (RFC 8089): the absolute path with its bytes
  percent-encoded, e.g. ``file:///data/caf%E9.txt`` for ``/data/caf\\xe9.txt``.

:func:`path_from_text` turns either form back into the exact path (same bytes). Inputs named
on the command line as ``file://...`` are URLs (refused by the fetcher), so the two forms cannot
be confused.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote_to_bytes

__all__ = ["is_clean_text", "path_from_text", "path_text", "safe_text"]

_URI = "file://"


def is_clean_text(value: str) -> bool:
    """True when ``value`` can be written as UTF-8 (no lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def path_text(path: str | os.PathLike[str]) -> str:
    """The path as written when it is valid UTF-8, else its ``file:`` URI (lossless)."""
    raw = os.fspath(path)
    if is_clean_text(raw):
        return raw
    return Path(os.path.abspath(raw)).as_uri()


def path_from_text(text: str) -> Path:
    """The exact path that :func:`path_text` turned into ``text``."""
    if text.startswith(_URI):
        return Path(os.fsdecode(unquote_to_bytes(text[len(_URI) :])))
    return Path(text)


def safe_text(value: str) -> str:
    """``value`` with any lone surrogate written as ``\\xNN`` (for messages: readable, and
    storable; not meant to be turned back)."""
    if is_clean_text(value):
        return value
    out = []
    for ch in value:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:  # any other lone surrogate
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
