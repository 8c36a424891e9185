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
import email.utils
import re
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


_ISO_PREFIX = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ]|$)")


def parse_any_date(value: str, where: str) -> str:
    """A metadata date in ISO 8601 (date or date-time) or RFC 2822 form -> YYYY-MM-DD.

    The calendar date is taken as written (the publisher's local date); no time-zone shift.
    """
    raw = value.strip()
    m = _ISO_PREFIX.match(raw)
    if m:
        return parse_date(m.group(1), where)
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date().isoformat()
    raise InputError(
        f"{where}: date {value!r} is not understood; use YYYY-MM-DD (or an ISO 8601 / RFC 2822 "
        "date-time)"
    )


def _narrow_after_mark(body: bytes) -> bool:
    """True when what follows a UTF-16 byte-order mark is plainly 8-bit text (no NUL byte,
    nearly all printable ASCII): the mark is then stray bytes, not an encoding; decoded as
    UTF-16 such text would turn into a string of unrelated ideographs."""
    sample = body[:4096]
    if not sample or b"\x00" in sample:
        return False
    printable = sum(1 for b in sample if 32 <= b < 127 or b in (9, 10, 13))
    return printable >= 0.95 * len(sample)


def wide_codec(head: bytes) -> str | None:
    """The codec of UTF-16/UTF-32 text, from its byte-order mark or (without one) from the NUL
    byte of every other byte that mostly-Latin UTF-16 text has; None for anything else."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None if _narrow_after_mark(head[2:]) else "utf-16"
    sample = head[: len(head) - len(head) % 2]
    half = len(sample) // 2
    if half < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.6 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.6 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def decode(data: bytes, where: str) -> str:
    """Bytes to text: UTF-8 (with or without a BOM), or UTF-16/UTF-32 recognised by
    :func:`wide_codec`; anything else (binary, other encodings) is refused with the reason."""
    if not data.strip():
        raise InputError(f"{where}: empty file, no article text")
    codec = wide_codec(data[:8192])
    if codec is not None:
        try:
            text = data.decode(codec).lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{where}: looks like {codec.upper()} text but does not decode (byte {exc.start}); "
                f"convert it, e.g. `iconv -f {codec.upper()} -t UTF-8`"
            ) from None
        if "\x00" in text[:8192]:
            raise InputError(f"{where}: binary data (NUL bytes), not a text article")
        if not text.strip():
            raise InputError(f"{where}: empty file, no article text")
        return text.replace("\r\n", "\n").replace("\r", "\n")
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


def read_text_file(
    path: Path,
    published: str | None = None,
    max_bytes: int = MAX_BYTES,
    where: str | None = None,
) -> Article:
    """A .txt article; ``where`` names it in messages and becomes its ``source_path``
    (default: the path as text, see :func:`.paths.path_text`)."""
    if where is None:
        from .paths import path_text

        where = path_text(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{where}: {size} bytes is too large for one article (size cap {max_bytes} bytes)"
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{where}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{where}: is a directory") from exc
    except PermissionError as exc:
        raise InputError(f"{where}: permission denied") from exc
    return parse_article(decode(data, where), where, published)
