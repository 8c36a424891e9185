"""Corpora: JSON Lines and CSV files with one article per record, read as a stream.

Field names are options (:class:`CorpusFields`); the defaults read ``text``, ``title``,
``published`` (else ``date``), ``url`` and ``outlet`` (else ``source``). Each record is checked on
its own: a bad line or row is yielded as an InputError naming ``file:line`` and the reason, and
the rest of the file goes on. Memory is one record at a time.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from ..errors import InputError
from ..records import Article
from .text import parse_any_date

_MAX_CONSECUTIVE_ERRORS = 50


@dataclass(frozen=True, slots=True)
class CorpusFields:
    """Which record fields hold what; each tuple is tried in order, the first present wins."""

    text: tuple[str, ...] = ("text",)
    title: tuple[str, ...] = ("title",)
    date: tuple[str, ...] = ("published", "date")
    url: tuple[str, ...] = ("url",)
    outlet: tuple[str, ...] = ("outlet", "source")


def _pick(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = record.get(name)
        if value is None:
            continue
        value = str(value).strip()
        if value:
            return value
    return None


_JSON_KINDS = {bool: "true/false", int: "number", float: "number", list: "list", dict: "object"}


def _pick_text(record: Mapping[str, Any], names: tuple[str, ...], at: str) -> str | None:
    """The article text: the first of ``names`` that holds a non-empty string. A field that
    holds a number, a list or an object is refused: stringified, it is not an article."""
    for name in names:
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            kind = _JSON_KINDS.get(type(value), type(value).__name__)
            shown = json.dumps(value, ensure_ascii=False)
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            raise InputError(
                f"{at}: field {name!r} holds a {kind} ({shown}), not text; the article text "
                "must be a string"
            )
        if value.strip():
            return value
    return None


def record_to_article(
    record: Mapping[str, Any],
    at: str,
    fields: CorpusFields,
    published: str | None,
    max_bytes: int,
) -> Article:
    text = _pick_text(record, fields.text, at)
    if text is None:
        raise InputError(
            f"{at}: no article text in field {' or '.join(map(repr, fields.text))}; "
            "name the text field with --text-field"
        )
    if "\x00" in text:
        raise InputError(f"{at}: binary data (NUL characters) in the text field")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:  # surrogate escapes: bytes that were not UTF-8
        raise InputError(f"{at}: text is not UTF-8; convert the file to UTF-8") from None
    if size > max_bytes:
        raise InputError(f"{at}: text is over the size cap of {max_bytes} bytes")
    raw_date = _pick(record, fields.date)
    date = parse_any_date(raw_date, at) if raw_date else None
    if date is None and published:
        date = parse_any_date(published, at)
    return Article(
        text=text.replace("\r\n", "\n").replace("\r", "\n").strip(),
        title=_pick(record, fields.title),
        url=_pick(record, fields.url),
        outlet=_pick(record, fields.outlet),
        published=date,
        language=None,
        source_path=at,
    )


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; an over-long line comes as (n, None) and is skipped."""
    n = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        n += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield n, None
            continue
        yield n, line


def jsonl_articles(
    stream: IO[bytes],
    where: str,
    *,
    fields: CorpusFields,
    published: str | None,
    max_bytes: int,
) -> Iterator[Article | InputError]:
    for n, line in _lines(stream, max_bytes):
        at = f"{where}:{n}"
        if line is None:
            yield InputError(f"{at}: line is over the size cap of {max_bytes} bytes")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except UnicodeDecodeError:
            yield InputError(f"{at}: line is not UTF-8; convert the file to UTF-8")
            continue
        except ValueError as exc:
            yield InputError(f"{at}: invalid JSON ({exc}); each line must be one JSON object")
            continue
        if not isinstance(record, dict):
            yield InputError(f"{at}: a JSON {type(record).__name__}, expected an object")
            continue
        try:
            yield record_to_article(record, at, fields, published, max_bytes)
        except InputError as exc:
            yield exc


def csv_articles(
    stream: IO[bytes],
    where: str,
    *,
    fields: CorpusFields,
    published: str | None,
    max_bytes: int,
) -> Iterator[Article | InputError]:
    csv.field_size_limit(max(csv.field_size_limit(), min(max_bytes, sys.maxsize)))
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{where}: empty CSV file, no header row") from None
    except csv.Error as exc:
        raise InputError(f"{where}:1: invalid CSV header ({exc})") from None
    header = [h.strip() for h in header]
    if not any(name in header for name in fields.text):
        raise InputError(
            f"{where}:1: no text column {' or '.join(map(repr, fields.text))} in the header "
            f"{header[:12]}; name it with --text-field"
        )
    errors = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            errors += 1
            yield InputError(f"{where}:{reader.line_num}: invalid CSV row ({exc})")
            if errors >= _MAX_CONSECUTIVE_ERRORS:
                yield InputError(f"{where}: {errors} invalid rows in a row; rest of file skipped")
                return
            continue
        errors = 0
        at = f"{where}:{reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield InputError(
                f"{at}: invalid CSV row: {len(row)} fields, the header has {len(header)}; "
                "check the quoting of that row"
            )
            continue
        try:
            yield record_to_article(
                dict(zip(header, row, strict=True)), at, fields, published, max_bytes
            )
        except InputError as exc:
            yield exc
