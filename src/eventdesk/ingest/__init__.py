"""Readers that turn inputs into Articles; a bad item becomes a Failure, never a crash.

Inputs: ``.txt`` (front-matter), ``.html``/``.htm``, RSS/Atom (``.rss``, ``.atom``, ``.xml``),
``.jsonl``/``.ndjson`` and ``.csv`` corpora, any of these gzipped (``story.html.gz``), folders
(walked recursively, sorted, hidden entries skipped), ``-`` (stdin, format sniffed) and
``http(s)://`` URLs (fetched safely, see :mod:`.fetch`; feeds, pages or text by content type).
Text may be UTF-8 or UTF-16/UTF-32 (with or without a byte-order mark).

A folder walk reads the files with a known suffix; nothing else is dropped without a word: a
file without a suffix, with another suffix (``.pdf``, ``.md``) or that is not a regular file is
a ``Failure`` with ``kind="skipped"`` and its reason, and a broken symbolic link is a failure.
A file named on the command line is read whatever its name (its format is sniffed, as for
stdin). Paths are kept losslessly, also when not UTF-8 (see :mod:`.paths`).

Everything streams: a corpus is read one record at a time. Every Article then passes two
checks: it must be storable text with at least one letter (:func:`check_article`: a record
whose text is only digits and symbols is refused), and the language check (:mod:`.language`):
an article confidently detected as another language than ``IngestOptions.languages`` becomes a
``Failure`` with ``kind="skipped"``.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..errors import InputError, describe
from ..records import Article
from .corpus import CorpusFields, csv_articles, jsonl_articles
from .fetch import USER_AGENT, FetchPolicy
from .fetch import fetch as fetch_url
from .paths import is_clean_text, path_text, safe_text
from .text import MAX_BYTES, decode, parse_article, read_text_file, wide_codec

log = logging.getLogger(__name__)

SUFFIX_KINDS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
TEXT_SUFFIXES = {".txt"}  # kept for callers of the first version
_HEAD = 8192

__all__ = [
    "SUFFIX_KINDS",
    "CorpusFields",
    "Failure",
    "IngestOptions",
    "check_article",
    "expand_paths",
    "input_kind",
    "read_inputs",
    "read_source",
]


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that was not turned into an article: ``kind`` is "failed" (bad input) or
    "skipped" (read fine but deliberately not coded, e.g. not English)."""

    source: str
    reason: str
    kind: str = "failed"

    def __post_init__(self) -> None:  # storable and printable, whatever the input held
        object.__setattr__(self, "source", safe_text(self.source))
        object.__setattr__(self, "reason", safe_text(self.reason))


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How inputs are read; every field has a safe default."""

    fields: CorpusFields = field(default_factory=CorpusFields)
    max_bytes: int = MAX_BYTES  # size cap for one article (file, page, record)
    allow_private: bool = False  # let URLs reach loopback/private/link-local addresses
    timeout: float = 20.0  # seconds for fetching one URL: connect, headers and body together
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    fetch_links: bool = False  # feeds: fetch each entry's linked page for its full text
    languages: tuple[str, ...] = ("en",)  # keep these; () keeps every language
    detect_language: bool = True

    @property
    def fetch_policy(self) -> FetchPolicy:
        return FetchPolicy(
            allow_private=self.allow_private,
            timeout=self.timeout,
            max_bytes=self.max_bytes,
            max_redirects=self.max_redirects,
            user_agent=self.user_agent,
        )

    @classmethod
    def for_corpus(
        cls,
        text_field: str | None = None,
        title_field: str | None = None,
        date_field: str | None = None,
        url_field: str | None = None,
        outlet_field: str | None = None,
        **kwargs: object,
    ) -> IngestOptions:
        """Options with corpus field names given one by one (None keeps the default)."""
        base = CorpusFields()
        fields = CorpusFields(
            text=(text_field,) if text_field else base.text,
            title=(title_field,) if title_field else base.title,
            date=(date_field,) if date_field else base.date,
            url=(url_field,) if url_field else base.url,
            outlet=(outlet_field,) if outlet_field else base.outlet,
        )
        return cls(fields=fields, **kwargs)  # type: ignore[arg-type]


def is_url(raw: str) -> bool:
    return raw.lower().startswith(("http://", "https://"))


def input_kind(name: str) -> str | None:
    """The reader for a file name (``.gz`` looks at the suffix before it), or None."""
    low = name.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    return SUFFIX_KINDS.get(Path(low).suffix)


def _broken_link(path: Path) -> Failure:
    where = path_text(path)
    try:
        target = path_text(os.readlink(path))
    except OSError:
        target = "?"
    return Failure(
        where,
        f"{where}: broken symbolic link (its target {target} does not exist); fix or remove it",
    )


def _not_read(path: Path, regular: bool) -> Failure | None:
    """Why a file met in a folder walk is not read (a skipped Failure), or None to read it
    (``regular``: whether it is a regular file, or a link to one)."""
    where = path_text(path)
    if not regular:
        return Failure(where, f"{where}: not a regular file; skipped", kind="skipped")
    if input_kind(path.name) is not None:
        return None
    suffix = Path(path.name.lower().removesuffix(".gz")).suffix
    what = f"unknown file type {suffix}" if suffix else "no file extension"
    return Failure(
        where,
        f"{where}: {what}, not read in a folder (article files end in .txt, .html, .xml, "
        ".rss, .atom, .jsonl, .csv, or .gz); rename it, or name the file itself to have its "
        "format sniffed",
        kind="skipped",
    )


def _walk(root: Path) -> Iterator[Path | Failure]:
    """Every entry below ``root`` in sorted path order, hidden names (and what is inside
    hidden folders) left out. Uses the file types the folder listing gives, so a regular
    file costs no extra system call."""
    found: list[tuple[Path, Path | Failure]] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            listing = list(os.scandir(folder))
        except OSError as exc:  # unreadable: reported, and the rest of the walk goes on
            where = path_text(folder)
            reason = f"{where}: folder cannot be read ({exc.strerror or exc}); skipped"
            found.append((folder, Failure(where, reason, kind="skipped")))
            continue
        for entry in listing:
            if entry.name.startswith("."):
                continue
            p = Path(entry.path)
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()
            except OSError:  # a link that loops back on itself
                found.append((p, _broken_link(p)))
                continue
            if is_dir:  # a link to a folder is not followed (as rglob did)
                if not entry.is_symlink():
                    folders.append(p)
            elif entry.is_symlink() and not p.exists():
                found.append((p, _broken_link(p)))
            else:
                found.append((p, _not_read(p, regular=is_file) or p))
    for _, item in sorted(found, key=lambda pair: pair[0]):
        yield item


def expand_paths(paths: Iterable[str]) -> Iterator[Path | str | Failure]:
    """Files as given (``Path``), URLs as given (``str``), folders walked recursively for
    supported files in sorted order; a missing path, a broken link or an empty folder is a
    Failure, and so is (``kind="skipped"``) every file of a folder that is not read."""
    for raw in paths:
        if raw == "-":
            yield Path(raw)
            continue
        if is_url(raw) or "://" in raw:
            yield raw  # other schemes are refused by the fetcher, with the reason
            continue
        path = Path(raw)
        where = path_text(raw)
        if path.is_dir():
            readable = False
            for p in _walk(path):
                readable = readable or not isinstance(p, Failure)
                yield p
            if not readable:
                kinds = ", ".join(sorted(SUFFIX_KINDS))
                yield Failure(where, f"{where}: folder holds no article files ({kinds}, or .gz)")
        elif path.exists():
            yield path
        elif path.is_symlink():
            yield _broken_link(path)
        else:
            yield Failure(where, f"{where}: no such file or folder")


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read (to sniff its format)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(b))
        b[: len(data)] = data
        return len(data)


def sniff(head: bytes) -> str:
    from .feed import looks_like_feed

    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return "feed" if looks_like_feed(start) else "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


def _content_kind(content_type: str) -> str | None:
    if content_type in ("text/html", "application/xhtml+xml"):
        return "html"
    if content_type in (
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    ):
        return "feed"
    if content_type in ("application/x-ndjson", "application/jsonl", "application/json"):
        return "jsonl"
    if content_type == "text/csv":
        return "csv"
    if content_type == "text/plain":
        return "text"
    return None


class _Utf8(io.RawIOBase):
    """UTF-16/UTF-32 bytes re-encoded as UTF-8 while they are read."""

    def __init__(self, raw: IO[bytes], codec: str, where: str) -> None:
        self._text = io.TextIOWrapper(raw, encoding=codec, errors="strict", newline="")
        self._codec = codec
        self._where = where
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            try:
                text = self._text.read(16_384)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{self._where}: looks like {self._codec.upper()} text but does not decode "
                    f"({exc.reason}); convert it to UTF-8, e.g. `iconv -f {self._codec.upper()} "
                    "-t UTF-8`"
                ) from None
            if not text:
                return 0
            self._pending = text.lstrip("\ufeff").encode("utf-8", "surrogatepass")
        n = min(len(b), len(self._pending))
        b[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _read_capped(stream: IO[bytes], where: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            f"{where}: more than {max_bytes} bytes, too large for one article (size cap); "
            "split it or raise the cap"
        )
    return data


def _from_stream(
    stream: IO[bytes],
    kind: str | None,
    where: str,
    published: str | None,
    options: IngestOptions,
    *,
    url: str | None = None,
    charset: str | None = None,
) -> Iterator[Article | Failure]:
    head = stream.read(_HEAD)
    if not head.strip():
        raise InputError(f"{where}: empty input, no article text")
    codec = wide_codec(head)
    if codec is not None:  # UTF-16/32: read on as UTF-8; a declared charset no longer applies
        stream = io.BufferedReader(_Utf8(io.BufferedReader(_Prefixed(head, stream)), codec, where))
        head = stream.read(_HEAD)
        charset = None
        if not head.strip():
            raise InputError(f"{where}: empty input, no article text")
    if b"\x00" in head:
        raise InputError(f"{where}: binary data (NUL bytes), not an article or corpus")
    if kind is None:
        kind = sniff(head)
    full: IO[bytes] = io.BufferedReader(_Prefixed(head, stream))
    if kind in ("jsonl", "csv"):
        reader = jsonl_articles if kind == "jsonl" else csv_articles
        for item in reader(
            full,
            where,
            fields=options.fields,
            published=published,
            max_bytes=options.max_bytes,
        ):
            if isinstance(item, InputError):
                src = str(item).split(": ", 1)[0]
                yield Failure(src, str(item))
            else:
                yield item
        return
    data = _read_capped(full, where, options.max_bytes)
    if kind == "html":
        from .html import html_to_article

        yield html_to_article(data, where, url=url, published=published, charset=charset)
    elif kind == "feed":
        from .feed import feed_articles

        fetch_page = None
        if options.fetch_links:
            from .html import html_to_article

            def fetch_page(link: str) -> Article:
                got = fetch_url(link, options.fetch_policy)
                return html_to_article(got.data, link, url=got.url, charset=got.charset)

        for entry in feed_articles(data, where, published=published, fetch_page=fetch_page):
            if isinstance(entry, InputError):
                yield Failure(where, str(entry))
            else:
                yield entry
    else:
        if charset and charset.lower() not in ("utf-8", "utf8", "us-ascii", "ascii"):
            try:
                data = data.decode(charset).encode("utf-8")
            except (LookupError, UnicodeDecodeError) as exc:
                raise InputError(f"{where}: not valid {charset} text ({exc})") from None
        art = parse_article(decode(data, where), where, published)
        if url and not art.url:
            art = dataclasses.replace(art, url=url)
        yield art


def _read_file(
    path: Path, published: str | None, options: IngestOptions
) -> Iterator[Article | Failure]:
    where = path_text(path)
    kind = input_kind(path.name)
    if kind == "text" and not path.name.lower().endswith(".gz"):
        yield read_text_file(path, published, options.max_bytes, where)  # the fast path
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{where}: cannot read ({exc.strerror or exc})") from None
    if kind in ("text", "html", "feed") and size > options.max_bytes and not where.endswith(".gz"):
        raise InputError(
            f"{where}: {size} bytes is too large for one article (size cap {options.max_bytes} "
            "bytes)"
        )
    try:
        with open(path, "rb") as raw:
            stream: IO[bytes] = raw
            if path.name.lower().endswith(".gz"):
                stream = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
            yield from _from_stream(stream, kind, where, published, options)
    except PermissionError:
        raise InputError(f"{where}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{where}: is a directory") from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise InputError(f"{where}: not a valid gzip file ({exc})") from None
    except OSError as exc:
        raise InputError(f"{where}: cannot read ({exc.strerror or exc})") from None


def _read_url(
    url: str, published: str | None, options: IngestOptions
) -> Iterator[Article | Failure]:
    got = fetch_url(url, options.fetch_policy)
    kind = _content_kind(got.content_type)
    yield from _from_stream(
        io.BytesIO(got.data), kind, url, published, options, url=got.url, charset=got.charset
    )


def read_source(
    item: Path | str, published: str | None = None, *, options: IngestOptions | None = None
) -> Iterator[Article | Failure]:
    """Articles (or Failures) from one file, URL or '-'; never raises InputError.

    An unexpected exception while reading one source (a parser's bug on odd input) also
    becomes a Failure naming the source, so that the inputs after it are still read; the
    records of that source after the point of failure are not read."""
    options = options or IngestOptions()
    raw = str(item)
    where = path_text(item) if isinstance(item, Path) else raw
    try:
        if raw == "-":
            stdin = sys.stdin.buffer
            yield from _from_stream(stdin, None, "<stdin>", published, options)
        elif isinstance(item, str) and "://" in raw:
            yield from _read_url(raw, published, options)
        else:
            yield from _read_file(Path(item), published, options)
    except InputError as exc:
        yield Failure(where, str(exc))
    except Exception as exc:  # one input's parser bug must not end the batch
        log.warning("%s: could not be read", where, exc_info=log.isEnabledFor(logging.DEBUG))
        yield Failure(
            where,
            f"{where}: could not be read ({describe(exc)}); this is a bug in "
            "eventdesk or a library it uses, please report it",
        )


def _language_name(code: str) -> str:
    try:
        import pycountry

        lang = pycountry.languages.get(alpha_2=code)
        return str(lang.name) if lang is not None else code
    except (ImportError, KeyError, LookupError):
        return code


def check_article(article: Article) -> Article | Failure:
    """The article, or a Failure when it cannot be stored as text (a lone surrogate from a
    byte that was not UTF-8) or its text has no letter at all (a number, symbols: not an
    article)."""
    where = article.where
    for name in ("text", "title", "url", "outlet", "published", "language", "source_path"):
        value = getattr(article, name)
        if isinstance(value, str) and not is_clean_text(value):
            return Failure(
                where,
                f"{where}: the {name} holds characters that are not valid Unicode (bytes "
                "that were not UTF-8); convert the input to UTF-8",
            )
    if not any(ch.isalpha() for ch in article.text):
        shown = article.text if len(article.text) <= 40 else article.text[:37] + "..."
        return Failure(
            where, f"{where}: no words in the text ({shown!r}); not an article, not coded"
        )
    return article


def check_language(article: Article, options: IngestOptions) -> Article | Failure:
    """The article with its language set, or a 'skipped' Failure if it is not wanted."""
    if not options.detect_language:
        return article
    from .language import detect_language

    detected, prob = detect_language(article.text)
    lang = detected or article.language
    if lang != article.language:
        article = dataclasses.replace(article, language=lang)
    if lang is None or not options.languages or lang in options.languages:
        return article
    where = article.where
    wanted = ", ".join(options.languages)
    how = f"detected, p={prob:.2f}" if detected else "declared"
    return Failure(
        where,
        f"{where}: language is {_language_name(lang)} ({lang}, {how}), not {wanted}; "
        "skipped, not coded (eventdesk codes English text)",
        kind="skipped",
    )


def read_inputs(
    paths: Iterable[str],
    published: str | None = None,
    *,
    options: IngestOptions | None = None,
    expanded: Iterable[Path | str | Failure] | None = None,
) -> Iterator[Article | Failure]:
    """Articles from files, folders, URLs and '-' (stdin); bad items are yielded as Failures.

    ``published`` is the fallback publication date for inputs whose metadata has none;
    ``expanded``: what :func:`expand_paths` already gave for ``paths`` (not walked again).
    """
    options = options or IngestOptions()
    for item in expand_paths(paths) if expanded is None else expanded:
        if isinstance(item, Failure):
            yield item
            continue
        for got in read_source(item, published, options=options):
            if isinstance(got, Failure):
                yield got
                continue
            checked = check_article(got)
            yield checked if isinstance(checked, Failure) else check_language(checked, options)
