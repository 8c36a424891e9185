"""Screenshots of the dashboard at 1400x900 and 400x800, for docs/screenshots/.

Serves a database on loopback, drives Debian's /usr/bin/chromium with Playwright (no browser is
downloaded) and saves, for each size, the start view, the canonical-events view with the sources
of the event most outlets reported, and (at 400 px) the folded-out filters::

    .venv/bin/eventdesk ingest examples --db /tmp/demo.db
    .venv/bin/python scripts/screenshots.py --db /tmp/demo.db --out docs/screenshots
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventdesk.errors import EventdeskError
from eventdesk.web.background import serve_in_thread

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

SIZES: dict[str, ViewportSize] = {
    "1400": {"width": 1400, "height": 900},
    "400": {"width": 400, "height": 800},
}
TIMEOUT_MS = 30_000


def wait_ready(page: Any) -> None:
    """Until every view has been drawn and the map's clusters are loaded."""
    page.wait_for_selector("body[data-ready='1']", timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => { const m = document.getElementById('map');"
        " return m.dataset.zoom !== undefined && m.dataset.loading === undefined; }",
        timeout=TIMEOUT_MS,
    )


def shoot(page: Any, out: Path, name: str, saved: list[Path]) -> None:
    path = out / f"{name}.png"
    page.screenshot(path=str(path))
    saved.append(path)


def open_best_canonical(page: Any) -> None:
    """Show the canonical-events tab, most sources first, and open the first one's sources."""
    page.click("#tab-canonical")
    page.wait_for_selector("#canonical-panel[data-ready='1']", timeout=TIMEOUT_MS)
    page.select_option("#canon-sort", "-sources")
    page.wait_for_selector("#canonical-panel[data-ready='1']", timeout=TIMEOUT_MS)
    first = page.locator("#canonical-list li[data-canonical-id]").first
    if first.count():
        first.locator("button").click()
        page.wait_for_selector("#canon-view:not([hidden]) #cv-members li", timeout=TIMEOUT_MS)
        page.wait_for_timeout(500)  # a narrower map loads its clusters again (debounced)
        wait_ready(page)


def take(url: str, out: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True)
        try:
            for label, viewport in SIZES.items():
                page = browser.new_page(viewport=viewport)
                page.goto(url + "/")
                wait_ready(page)
                shoot(page, out, f"dashboard-{label}", saved)
                if label == "400":
                    page.click("#toggle-filters")
                    shoot(page, out, f"dashboard-{label}-filters", saved)
                    page.click("#toggle-filters")
                open_best_canonical(page)
                shoot(page, out, f"dashboard-{label}-canonical", saved)
                page.close()
        finally:
            browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", required=True, type=Path, help="an eventdesk SQLite database")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument(
        "--chromium",
        default=shutil.which("chromium") or "/usr/bin/chromium",
        help="the browser to drive (default: Debian's chromium)",
    )
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"error: no database at {args.db}", file=sys.stderr)
        return 2
    if not Path(args.chromium).exists():
        print(f"error: {args.chromium} missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    try:
        with serve_in_thread(args.db) as url:
            saved = take(url, args.out, args.chromium)
    except EventdeskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
