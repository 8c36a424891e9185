"""RSS/Atom feeds -> one Article per entry (title, link, date, summary or full content).

Each entry's text is its full ``content`` when the feed carries it, else its ``summary``, with
HTML tags removed. With ``fetch_links`` the entry's linked page is fetched (safely, see
:mod:`.fetch`) and its main text used instead, falling back to the summary when the page
cannot be read. An entry without any text is a Failure naming the feed and the entry.

A feed that is not well-formed XML (cut off, mismatched tags, stray bytes) is read entry by
entry: each ``<item>``/``<entry>`` element is parsed on its own, and only the entries that are
well-formed are kept; a broken one is a Failure with the parser's reason, so a cut-off story
or a half-parsed page is never stored as an article. An undefined entity (``&nbsp;``) alone
does not make a feed broken.
"""

from __future__ import annotations

import logging
import re
import time
import xml.sax
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import InputError
from ..records import Article
from .text import parse_any_date

log = logging.getLogger(__name__)

FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf")


def looks_like_feed(head: bytes) -> bool:
    low = head[:2048].lower()
    return any(m in low for m in FEED_MARKERS) and b"<html" not in low


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, paragraphs separated by blank lines."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises ParserError/ValueError on junk; keep the raw text
        return fragment.strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for block in root.xpath("//p|//br|//div|//li|//h1|//h2|//h3|//h4|//blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    paras = [" ".join(p.split()) for p in text.split("\n\n")]
    return "\n\n".join(p for p in paras if p)


def _entry_date(entry: Any, where: str) -> str | None:
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            try:
                return parse_any_date(str(raw), where)
            except InputError:
                pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _entry_text(entry: Any) -> str:
    for content in entry.get("content") or ():
        value = content.get("value") if hasattr(content, "get") else None
        if value and value.strip():
            return html_to_text(value)
    return html_to_text(entry.get("summary") or entry.get("description") or "")


_ENTRY_OPEN = re.compile(rb"<(?:[\w-]+:)?(item|entry)[\s>/]", re.I)
_ENTRY_CLOSE = re.compile(rb"</(?:[\w-]+:)?(?:item|entry)\s*>", re.I)
_XMLNS = re.compile(rb"\sxmlns(?::[\w-]+)?\s*=\s*(\"[^\"]*\"|'[^']*')")
_BENIGN = ("undefined entity",)


def _not_well_formed(parsed: Any, *, line: bool = True) -> str | None:
    """The XML error that makes the feed unreliable (with its line number when ``line``), or
    None: well-formed, or only benign problems (an undefined HTML entity, a wrong declared
    encoding or content type)."""
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not isinstance(exc, xml.sax.SAXParseException):
        return None
    message = str(exc.getMessage())
    if any(b in message for b in _BENIGN):
        return None
    return f"line {exc.getLineNumber()}: {message}" if line else message


def _wrapped(block: bytes, head: bytes, tag: str) -> bytes:
    """One entry element inside a minimal feed, with the namespaces of the original root."""
    ns = b"".join(m.group(0) for m in _XMLNS.finditer(head))
    if tag == "entry":
        if b'xmlns="' not in ns and b"xmlns='" not in ns:
            ns += b' xmlns="http://www.w3.org/2005/Atom"'
        return b"<feed" + ns + b">" + block + b"</feed>"
    if b"rdf:rdf" in head.lower():
        return b"<rdf:RDF" + ns + b">" + block + b"</rdf:RDF>"
    return b'<rss version="2.0"' + ns + b"><channel>" + block + b"</channel></rss>"


def _salvage(data: bytes, where: str, problem: str) -> Iterator[Any | InputError]:
    """Entries of a feed that is not well-formed, each parsed on its own: a well-formed entry
    is yielded as feedparser's entry, a broken one as an InputError with its reason."""
    import feedparser

    starts = list(_ENTRY_OPEN.finditer(data))
    if not starts:
        raise InputError(
            f"{where}: broken RSS/Atom feed ({problem}) and no <item> or <entry> in it; "
            "check that the file or URL really is a feed"
        )
    head = data[: starts[0].start()]
    for n, m in enumerate(starts, start=1):
        end = starts[n].start() if n < len(starts) else len(data)
        chunk = data[m.start() : end]
        closes = list(_ENTRY_CLOSE.finditer(chunk))
        at = f"{where} entry {n}"
        if not closes:
            yield InputError(
                f"{at}: entry is cut off (no closing </{m.group(1).decode().lower()}>) in a "
                f"broken feed ({problem}); not read"
            )
            continue
        block = chunk[: closes[-1].end()]
        parsed = feedparser.parse(_wrapped(block, head, m.group(1).decode().lower()))
        bad = _not_well_formed(parsed, line=False)
        entries = parsed.get("entries") or []
        if bad or len(entries) != 1:
            why = f"entry is not well-formed XML ({bad})" if bad else "entry cannot be read"
            yield InputError(f"{at}: {why} in a broken feed ({problem}); not read")
            continue
        yield entries[0]


def feed_articles(
    data: bytes,
    where: str,
    *,
    published: str | None = None,
    fetch_page: Callable[[str], Article] | None = None,
) -> Iterator[Article | InputError]:
    """Articles of a feed document; a bad entry is yielded as an InputError, a broken feed
    raises InputError."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser rarely raises, but a parser bug must not stop a run
        raise InputError(f"{where}: broken feed, cannot parse ({exc})") from None
    entries: list[Any] = parsed.get("entries") or []
    problem = _not_well_formed(parsed)
    if not entries:
        if parsed.get("bozo"):
            raise InputError(
                f"{where}: broken RSS/Atom feed ({parsed.get('bozo_exception')}); "
                "check that the file or URL really is a feed"
            )
        raise InputError(f"{where}: feed has no entries")
    if problem is not None:
        log.warning("%s: broken feed (%s); reading the well-formed entries only", where, problem)
        entries = list(_salvage(data, where, problem))
    elif parsed.get("bozo"):
        log.info("%s: feed has a minor problem (%s)", where, parsed.get("bozo_exception"))
    outlet = (parsed.get("feed") or {}).get("title") or None
    for n, entry in enumerate(entries, start=1):
        if isinstance(entry, InputError):
            yield entry
            continue
        link = entry.get("link") or None
        at = f"{where} entry {n}" + (f" ({link})" if link else "")
        title = " ".join((entry.get("title") or "").split()) or None
        date = _entry_date(entry, at)
        if date is None and published:
            date = parse_any_date(published, at)
        text = ""
        if fetch_page is not None and link:
            try:
                page = fetch_page(link)
                text = page.text
            except InputError as exc:
                log.info("%s: linked page not used (%s); using the feed summary", at, exc)
        if not text:
            text = _entry_text(entry)
        if not text:
            yield InputError(f"{at}: entry has no summary or content text")
            continue
        yield Article(
            text=text,
            title=title,
            url=link,
            outlet=outlet,
            published=date,
            language=None,
            source_path=at,
        )
