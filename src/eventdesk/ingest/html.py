"""HTML pages -> Article: main text, title, date, outlet and canonical URL via trafilatura.

Navigation, footers, cookie banners, comments and tables are dropped (``include_comments`` and
``include_tables`` off). The date comes from the page's metadata only (``extensive_search``
off: no guessing from random dates in the text); when the page has none, the caller's
``published`` fallback is used, else the date stays unknown.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..records import Article
from .text import decode, parse_any_date

log = logging.getLogger(__name__)

_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _extract(html: str, url: str | None) -> Any:
    import trafilatura  # imported here: a heavy import only the HTML path needs

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        date_extraction_params=_DATE_PARAMS,
    )


def html_to_article(
    data: bytes,
    where: str,
    *,
    url: str | None = None,
    published: str | None = None,
    charset: str | None = None,
) -> Article:
    """One page as an Article; InputError (with ``where``) when no article text is in it."""
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
        try:
            data = data.decode(charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(f"{where}: page is not valid {charset} ({exc})") from None
    text = decode(data, where)
    try:
        doc = _extract(text, url)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise InputError(f"{where}: broken HTML, cannot extract text ({exc})") from None
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        raise InputError(
            f"{where}: no main article text found in the HTML (empty, broken or not an article)"
        )
    title = (doc.title or "").strip() or None
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if title and lines and lines[0] == title and len(lines) > 1:
        lines = lines[1:]  # the headline repeated as the first line of the body
    body = "\n\n".join(lines)
    canonical = (doc.url or "").strip() or url
    outlet = (doc.sitename or "").strip() or None
    if outlet is None and canonical:
        outlet = urlsplit(canonical).hostname
    date = None
    if doc.date:
        try:
            date = parse_any_date(str(doc.date), where)
        except InputError:
            log.debug("%s: ignoring unparsable page date %r", where, doc.date)
    return Article(
        text=body,
        title=title,
        url=canonical,
        outlet=outlet,
        published=date or (parse_any_date(published, where) if published else None),
        language=None,
        source_path=where,
    )
