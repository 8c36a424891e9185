"""The dashboard in a real headless browser: Debian's /usr/bin/chromium driven by Playwright.

The database holds the bundled examples run through the real pipeline; the server is uvicorn
in a thread on a free loopback port. Screenshots go to tests/test_artifacts/ (gitignored).
No browser is ever downloaded: without chromium the test skips on a developer machine and
fails under CI.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventdesk.records import ArticleResult
from eventdesk.store.sqlite import SQLiteStore

ARTIFACTS = Path(__file__).parent / "test_artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def _unavailable(msg: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(msg)
    pytest.skip(msg)


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, example_results: list[ArticleResult]
) -> Iterator[str]:
    from eventdesk.web.build import AssetsError, assets_ready, build

    if not assets_ready():
        try:
            build(run_npm=True)
        except (AssetsError, OSError) as exc:
            _unavailable(f"dashboard assets missing: {exc}")
    import uvicorn

    from eventdesk.api.app import create_app

    db = tmp_path_factory.mktemp("browser") / "examples.db"
    with SQLiteStore.open(db) as store:
        store.add_results(example_results)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} missing: apt-get install -y chromium (scripts/ci-services.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--disable-gpu"])
        yield b
        b.close()


def test_dashboard_filter_and_evidence(server: str, browser: Any) -> None:
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))

    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    # map, timeline and table are drawn with the example events
    expect(page.locator("#map-note")).to_contain_text("located events")
    assert page.locator("#timeline-svg rect.bar").count() > 5
    rows = page.locator("#events tbody tr")
    assert rows.count() == 50
    painted = page.evaluate(
        """() => { const c = document.getElementById('map-canvas');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   const seen = new Set();
                   for (let i = 0; i < d.length; i += 4 * 97)
                       seen.add(d[i] + ',' + d[i+1] + ',' + d[i+2]);
                   return seen.size; }"""
    )
    assert painted > 5  # sea, land, borders and coloured points
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"))

    # sort the table by fatalities, deadliest first
    page.locator("#events th[data-sort='fatalities']").click()
    page.locator("#events th[data-sort='fatalities']").click()
    expect(page.locator("#events th[data-sort='fatalities']")).to_have_class(
        "sortable num sorted-desc"
    )
    # the re-sorted page arrives after the header changes: wait for a count in the first row
    expect(page.locator("#events tbody tr").first.locator("td").nth(5)).to_have_text(
        re.compile(r"^\s*\d+\s*$")
    )

    # apply a filter: one country
    country = page.locator("#f-country option").nth(1).get_attribute("value")
    assert country
    page.select_option("#f-country", country)
    page.click("#apply")
    page.wait_for_function(
        "(c) => [...document.querySelectorAll('#events tbody tr td:nth-child(5)')]"
        ".every(td => td.textContent.includes('(' + c + ')'))",
        arg=country,
    )
    # the summary line is refreshed after the table: wait for it rather than read it once
    expect(page.locator("#summary")).to_contain_text("events")

    # open an event: its article is shown with the evidence highlighted
    row = page.locator("#events tbody tr").first
    event_id = row.get_attribute("data-event-id")
    row.click()
    expect(page.locator("#event-view")).to_be_visible()
    detail = page.request.get(f"{server}/api/events/{event_id}").json()
    evidence = detail["event"]["evidence"]
    text = detail["article"]["text"]
    trigger = page.locator("#article-text mark.hl-trigger")
    expect(trigger.first).to_be_visible()
    s, e = evidence["trigger"]
    assert "".join(trigger.all_inner_texts()) == text[s:e]
    sentence = "".join(page.locator("#article-text mark.hl-sentence").all_inner_texts())
    s, e = evidence["sentence"]
    assert sentence == text[s:e]
    for role in ("actor1", "actor2", "location", "date"):
        if role in evidence:
            s, e = evidence[role]
            marks = page.locator(f"#article-text mark[data-roles~='{role}']").all_inner_texts()
            assert "".join(marks) == text[s:e], role
    bg = trigger.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    expect(page.locator("#article-text")).to_contain_text(text[:40])
    expect(page.locator("#ev-sources")).to_contain_text(detail["sources"]["outlet"] or "")
    # the rules that decided each field (the event's decided_by)
    decided = detail["event"]["decided_by"]
    assert decided["plover"]
    page.locator("#ev-rules-box summary").click()
    expect(page.locator("#ev-rules")).to_contain_text(decided["plover"][0])
    expect(page.locator("#ev-rules dt").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-event.png"))

    # a text search through the full-text index
    page.click("#close-event")
    page.select_option("#f-country", "")
    page.fill("#f-q", "killed")
    before = page.locator("#summary").inner_text()
    page.click("#apply")
    expect(page.locator("#summary")).not_to_have_text(before)
    expect(page.locator("#summary")).to_contain_text("events")
    assert page.locator("#events tbody tr[data-event-id]").count() > 0

    assert not problems, problems
    assert all(u.startswith(server) or u.startswith("data:") for u in requested), requested
    page.close()
