"""Plain-text articles, with an optional front-matter header.

Format (see ``examples/README.md``)::

    ---
    title: Army shells rebel positions
    published: 2020-02-16
    outlet: Sahel Wire
    url: https://example.org/story
    ---

    Body text ...

Without the header the whole file is the body. Every evidence offset points into the body.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import InputError
from ..records import Article

MAX_BYTES = 5_000_000
_FIELDS = {"title", "published", "outlet", "url", "language"}


def parse_date(value: str, where: str) -> str:
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError as exc:
        raise InputError(f"{where}: published date {value!r} is not YYYY-MM-DD") from exc


def decode(data: bytes, where: str) -> str:
    """Bytes to text, refusing what is not a UTF-8 text article."""
    if not data.strip():
        raise InputError(f"{where}: empty file, no article text")
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: binary data (NUL bytes), not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: not UTF-8 (byte {exc.start}); convert it, e.g. `iconv -f latin1 -t utf-8`"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_article(text: str, where: str, published: str | None = None) -> Article:
    """Split front-matter from the body and build an Article; ``published`` is the fallback."""
    meta: dict[str, str] = {}
    body = text
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end == -1:
            raise InputError(f"{where}: front-matter opened with '---' but never closed")
        for n, line in enumerate(text[4:end].split("\n"), start=2):
            if not line.strip():
                continue
            key, sep, value = line.partition(":")
            key = key.strip().lower()
            if not sep or key not in _FIELDS:
                raise InputError(
                    f"{where}:{n}: bad front-matter line {line!r}; "
                    f"expected 'key: value' with key in {sorted(_FIELDS)}"
                )
            meta[key] = value.strip()
        body = text[end + 4 :].lstrip("\n")
    body = body.rstrip()
    if not body.strip():
        raise InputError(f"{where}: no article text after the header")
    pub = meta.get("published") or published
    return Article(
        text=body,
        title=meta.get("title") or None,
        url=meta.get("url") or None,
        outlet=meta.get("outlet") or None,
        published=parse_date(pub, where) if pub else None,
        language=meta.get("language") or "en",
        source_path=where,
    )


def read_text_file(path: Path, published: str | None = None) -> Article:
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{where}: {size} bytes is too large for one article")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{where}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{where}: is a directory") from exc
    except PermissionError as exc:
        raise InputError(f"{where}: permission denied") from exc
    return parse_article(decode(data, where), where, published)
