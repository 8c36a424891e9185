"""RSS/Atom feeds -> one Article per entry (title, link, date, summary or full content).

Each entry's text is its full ``content`` when the feed carries it, else its ``summary``, with
HTML tags removed. With ``fetch_links`` the entry's linked page is fetched (safely, see
:mod:`.fetch`) and its main text used instead, falling back to the summary when the page
cannot be read. An entry without any text is a Failure naming the feed and the entry.
"""

from __future__ import annotations

import logging
import time
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
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise InputError(
                f"{where}: broken RSS/Atom feed ({parsed.get('bozo_exception')}); "
                "check that the file or URL really is a feed"
            )
        raise InputError(f"{where}: feed has no entries")
    if parsed.get("bozo"):
        log.warning(
            "%s: malformed feed (%s); reading the entries found",
            where,
            parsed.get("bozo_exception"),
        )
    outlet = (parsed.get("feed") or {}).get("title") or None
    for n, entry in enumerate(entries, start=1):
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
