"""The dashboard in a real headless browser: Debian's /usr/bin/chromium driven by Playwright.

The database holds the bundled examples run through the real pipeline, plus two short reports
written for these tests that retell one example's shelling with other death tolls (so that one
canonical event has three sources and a fatality range). The server is the real app under
uvicorn in a thread on a free loopback port; nothing of the API is mocked. Screenshots go to
tests/test_artifacts/ (gitignored), or to $EVENTDESK_SHOTS when set. No browser is ever
downloaded: without chromium the tests skip on a developer machine and fail under CI.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventdesk.pipeline import Pipeline
from eventdesk.records import Article, ArticleResult
from eventdesk.store.sqlite import SQLiteStore

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("EVENTDESK_SHOTS") or Path(__file__).parent / "test_artifacts")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
WIDE = {"width": 1400, "height": 900}
NARROW = {"width": 400, "height": 800}

# Two more reports of the Saraqib shelling in examples/01 (12 dead there), from other outlets
# and with other tolls: the store links the three into one canonical event.
RETOLD = [
    Article(
        title="Artillery strikes market town of Saraqib, 15 dead",
        published="2019-06-14",
        outlet="Orontes Daily",
        url="https://example.org/orontes/saraqib-artillery",
        text="Government artillery shelled the town of Saraqib in Idlib province on Thursday, "
        "killing 15 civilians, rescue workers said. Volunteers pulled survivors from damaged "
        "shops for hours after the bombardment ended.",
    ),
    Article(
        title="Saraqib shelling toll rises as rescuers search rubble",
        published="2019-06-15",
        outlet="Northern Syria Monitor",
        url="https://example.org/nsm/saraqib-toll",
        text="Syrian government forces shelled Saraqib in Idlib province on Thursday, killing "
        "14 civilians, a local council member said on Saturday. Several buildings near the "
        "main road collapsed.",
    ),
]
# ACLED's "Middle East" region, written here from general knowledge (not read from the app).
MIDDLE_EAST = {"BHR", "IRN", "IRQ", "ISR", "JOR", "KWT", "LBN", "OMN", "PSE", "QAT", "SAU",
               "SYR", "TUR", "ARE", "YEM", "CYP"}  # fmt: skip


def _unavailable(msg: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(msg)
    pytest.skip(msg)


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    example_results: list[ArticleResult],
    pipeline: Pipeline,
) -> Iterator[str]:
    from eventdesk.web.build import AssetsError, assets_ready, build

    if not assets_ready():
        try:
            build(run_npm=True)
        except (AssetsError, OSError) as exc:
            _unavailable(f"dashboard assets missing: {exc}")
    from eventdesk.web.background import serve_in_thread

    db = tmp_path_factory.mktemp("browser") / "examples.db"
    with SQLiteStore.open(db) as store:
        store.add_results([*example_results, *pipeline.process(RETOLD)])
    with serve_in_thread(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} missing: apt-get install -y chromium (scripts/ci-services.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--disable-gpu"])
        yield b
        b.close()


class Dash:
    """One dashboard page, with the console errors and every URL it requested."""

    def __init__(self, browser: Any, server: str, viewport: dict[str, int]) -> None:
        from playwright.sync_api import expect

        expect.set_options(timeout=20_000)
        self.server = server
        self.page = browser.new_page(viewport=viewport, accept_downloads=True)
        self.page.set_default_timeout(20_000)
        self.problems: list[str] = []
        self.requested: list[str] = []
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on(
            "console", lambda m: self.problems.append(m.text) if m.type == "error" else None
        )
        self.page.on("request", lambda r: self.requested.append(r.url))
        self.page.goto(server + "/")
        self.page.wait_for_selector("body[data-ready='1']", timeout=30_000)
        self.wait_map()

    def refreshed(self) -> int:
        return int(self.page.locator("body").get_attribute("data-refreshed") or 0)

    def apply(self) -> None:
        """Press Apply and wait until every view has been refreshed."""
        before = self.refreshed()
        self.page.click("#apply")
        self.wait_refresh(before)

    def wait_refresh(self, before: int) -> None:
        self.page.wait_for_function(
            "(n) => Number(document.body.dataset.refreshed || 0) > n", arg=before
        )
        self.wait_map()

    def wait_map(self) -> None:
        self.page.wait_for_function(
            "() => { const m = document.getElementById('map');"
            " return m.dataset.zoom !== undefined && m.dataset.loading === undefined; }"
        )

    def total(self) -> int:
        """How many events the list says match ("1–50 of 242"; 0 when none)."""
        info = self.page.locator("#page-info").inner_text()
        m = re.search(r"of ([\d,]+)", info)
        return int(m.group(1).replace(",", "")) if m else 0

    def rows(self) -> Any:
        return self.page.locator("#events tbody tr[data-event-id]")

    def api(self, path: str) -> Any:
        res = self.page.request.get(self.server + path)
        assert res.ok, (path, res.status, res.text()[:300])
        return res.json()

    def circles(self, in_view: bool = True) -> list[dict[str, Any]]:
        """The map's circles (by default those inside the visible map; the server also sends
        cells just outside it, ready for a pan)."""
        return list(
            self.page.evaluate(
                """(inView) => {
                     const m = document.getElementById('map').getBoundingClientRect();
                     return [...document.querySelectorAll('#map-overlay g.cell')].map(g => ({
                       events: Number(g.dataset.events), id: g.dataset.eventId || null,
                       label: g.querySelector('text') ? g.querySelector('text').textContent : null,
                       box: g.querySelector('.dot').getBoundingClientRect().toJSON()}))
                     .filter(c => !inView || (c.box.x > m.left && c.box.right < m.right
                                  && c.box.y > m.top && c.box.bottom < m.bottom)); }""",
                in_view,
            )
        )

    def click_circle(self, circle: dict[str, Any]) -> None:
        box = circle["box"]
        self.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))

    def close(self) -> None:
        assert not self.problems, self.problems
        local = [u for u in self.requested if not u.startswith((self.server, "data:", "blob:"))]
        assert not local, local  # nothing from a CDN or anywhere else
        self.page.close()


@pytest.fixture
def wide(browser: Any, server: str) -> Iterator[Dash]:
    dash = Dash(browser, server, WIDE)
    yield dash
    dash.close()


@pytest.fixture
def narrow(browser: Any, server: str) -> Iterator[Dash]:
    dash = Dash(browser, server, NARROW)
    yield dash
    dash.close()


def test_dashboard_filter_and_evidence(wide: Dash) -> None:
    from playwright.sync_api import expect

    page = wide.page
    expect(page.locator("#map-note")).to_contain_text("located events")
    assert page.locator("#timeline-svg rect.bar").count() > 5
    # the examples span years: the timeline sums them per month, and loses no event doing so
    assert page.locator("#timeline-svg").get_attribute("data-bin") == "month"
    bars = page.locator("#timeline-svg rect.bar").evaluate_all(
        "rs => rs.map(r => Number(r.dataset.events))"
    )
    by_day = wide.api("/api/stats")["by_day"]
    assert sum(bars) == sum(d["events"] for d in by_day if d["date"])
    assert len(bars) < len([d for d in by_day if d["date"]])
    assert wide.rows().count() == 50
    everything = wide.total()
    painted = page.evaluate(
        """() => { const c = document.getElementById('map-canvas');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   const seen = new Set();
                   for (let i = 0; i < d.length; i += 4 * 97)
                       seen.add(d[i] + ',' + d[i+1] + ',' + d[i+2]);
                   return seen.size; }"""
    )
    assert painted > 2  # sea, land and borders
    wide.shot("dashboard")

    # sort the table by fatalities, deadliest first
    page.locator("#events th[data-sort='fatalities']").click()
    page.locator("#events th[data-sort='fatalities']").click()
    expect(page.locator("#events th[data-sort='fatalities']")).to_have_class(
        "sortable num sorted-desc"
    )
    expect(wide.rows().first.locator("td").nth(5)).to_have_text(re.compile(r"^\s*\d+\s*$"))

    # one country: every row is placed in it
    country = page.locator("#f-country option").nth(1).get_attribute("value")
    assert country
    page.select_option("#f-country", country)
    wide.apply()
    places = page.locator("#events tbody td.place").evaluate_all(
        "tds => tds.map(td => td.dataset.country || null)"
    )
    assert places and set(places) == {country}

    # open an event: its article is shown with the evidence highlighted
    row = wide.rows().first
    event_id = row.get_attribute("data-event-id")
    row.click()
    expect(page.locator("#event-view")).to_be_visible()
    detail = wide.api(f"/api/events/{event_id}")
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
    decided = detail["event"]["decided_by"]
    assert decided["plover"]
    page.locator("#ev-rules-box summary").click()
    expect(page.locator("#ev-rules")).to_contain_text(decided["plover"][0])
    wide.shot("dashboard-event")
    # the article was scrolled to the evidence; the close button is still in reach
    expect(page.locator("#close-event")).to_be_in_viewport()

    # a text search through the full-text index
    page.click("#close-event")
    page.select_option("#f-country", "")
    page.fill("#f-q", "killed")
    wide.apply()
    assert 0 < wide.total() < everything

    # dragging across the last part of the timeline picks those dates
    page.fill("#f-q", "")
    box = page.locator("#timeline-svg .brush .overlay").bounding_box()
    assert box
    before, y = wide.refreshed(), box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.8, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.99, y, steps=5)
    page.mouse.up()
    wide.wait_refresh(before)
    since, until = page.input_value("#f-since"), page.input_value("#f-until")
    assert since and until and since <= until
    dates = page.locator("#events tbody tr[data-event-id] td:first-child").all_inner_texts()
    assert dates and all(since <= d <= until for d in dates), (since, until, dates)
    assert wide.total() < everything


def test_export_links_carry_the_filters_and_download(wide: Dash, tmp_path: Path) -> None:
    page = wide.page
    page.select_option("#f-country", "SYR")
    page.fill("#f-minfat", "1")
    wide.apply()
    for link, fmt in (("#export-acled", "acled-csv"), ("#export-geojson", "geojson")):
        href = page.locator(link).get_attribute("href") or ""
        assert href.startswith("/api/export?")
        params = dict(p.split("=", 1) for p in href.split("?", 1)[1].split("&"))
        assert params["format"] == fmt
        assert params["country"] == "SYR" and params["min_fatalities"] == "1"

    with page.expect_download() as info:
        page.click("#export-acled")
    path = tmp_path / "events.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows, "the ACLED CSV export is empty"
    assert {r["country"] for r in rows} == {"Syria"}
    assert all(int(r["fatalities"]) >= 1 for r in rows)

    with page.expect_download() as info:
        page.click("#export-geojson")
    path = tmp_path / "events.geojson"
    info.value.save_as(path)
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    assert features, "the GeoJSON export is empty"
    assert {f["properties"]["country"] for f in features} == {"SYR"}
    assert all(f["properties"]["fatalities"] >= 1 for f in features)
    # the export holds what the list shows (the list counts every event, ACLED codes fewer)
    assert len(features) == wide.total()


def test_canonical_view_shows_the_sources_and_the_fatality_range(wide: Dash) -> None:
    from playwright.sync_api import expect

    page = wide.page
    page.fill("#f-since", "2019-06-13")
    page.fill("#f-until", "2019-06-13")
    page.select_option("#f-country", "SYR")
    wide.apply()
    # one day chosen: the timeline is drawn per day
    assert page.locator("#timeline-svg").get_attribute("data-bin") == "day"
    expect(page.locator("#timeline-svg rect.bar")).to_have_count(1)
    page.click("#tab-canonical")
    page.wait_for_selector("#canonical-panel[data-ready='1']")
    told = page.locator("#canonical-list li[data-n-sources='3']")
    expect(told).to_have_count(1)  # the Saraqib shelling, told by three outlets
    expect(told.locator(".c-fat")).to_have_text("12–15 dead")
    expect(told.locator(".c-sources")).to_have_text("3 sources")
    for outlet in ("Levant Press Agency", "Orontes Daily", "Northern Syria Monitor"):
        expect(told.locator(".c-outlets")).to_contain_text(outlet)
    wide.shot("dashboard-canonical-list")

    told.locator("button").click()
    view = page.locator("#canon-view")
    expect(view).to_be_visible()
    # at 1400 px the sources open beside the list and below the filters, covering neither
    panel, row = view.bounding_box(), told.bounding_box()
    apply, map_box = page.locator("#apply").bounding_box(), page.locator("#map").bounding_box()
    assert panel and row and apply and map_box
    assert row["x"] + row["width"] <= panel["x"] + 1
    assert map_box["x"] + map_box["width"] <= panel["x"]
    assert apply["y"] + apply["height"] <= panel["y"] + 1
    wide.wait_map()  # the narrower map keeps its place: the event's cluster is still in view
    assert sum(c["events"] for c in wide.circles()) == 3
    members = view.locator("#cv-members > li")
    expect(members).to_have_count(3)
    expect(view.locator("#cv-meta")).to_contain_text("12–15")
    seen = {}
    for i in range(3):
        li = members.nth(i)
        seen[li.locator(".m-outlet").inner_text()] = li.locator(".m-fat").inner_text()
        link = li.locator(".m-title a")
        assert (link.get_attribute("href") or "").startswith("https://example.org/")
        assert link.inner_text()  # the article's title
        expect(li.locator(".m-meta")).to_contain_text("published 2019-06-1")
    assert seen == {
        "Levant Press Agency": "12 dead",
        "Orontes Daily": "15 dead",
        "Northern Syria Monitor": "14 dead",
    }
    expect(members.filter(has_text="Orontes Daily").locator(".m-title")).to_have_text(
        RETOLD[0].title or ""
    )
    wide.shot("dashboard-canonical-sources")

    # a source's own evidence opens on top of the list of sources
    members.filter(has_text="Orontes Daily").locator("button.evidence").click()
    expect(page.locator("#event-view")).to_be_visible()
    expect(page.locator("#article-title")).to_have_text(RETOLD[0].title or "")
    expect(page.locator("#article-text mark.hl-trigger").first).to_be_visible()

    # Escape closes the evidence, then the sources; the map and list get their room back
    page.keyboard.press("Escape")
    expect(page.locator("#event-view")).to_be_hidden()
    expect(view).to_be_visible()
    page.keyboard.press("Escape")
    expect(view).to_be_hidden()
    page.wait_for_function("() => document.getElementById('map').offsetWidth > 600")
    assert (page.locator("#right").bounding_box() or {"x": 0})["x"] > map_box["x"] + map_box[
        "width"
    ]


def _assert_apart(circles: list[dict[str, Any]]) -> None:
    """No two circles of the map overlap (neighbours that would are drawn as one)."""
    for i, a in enumerate(circles):
        for b in circles[i + 1 :]:
            ra, rb = a["box"]["width"] / 2, b["box"]["width"] / 2
            ax, ay = a["box"]["x"] + ra, a["box"]["y"] + ra
            bx, by = b["box"]["x"] + rb, b["box"]["y"] + rb
            assert ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 >= ra + rb - 1, (a, b)


def test_map_clusters_split_as_the_map_zooms_in(wide: Dash) -> None:
    from playwright.sync_api import expect

    page = wide.page
    first = wide.circles()
    assert first
    zoom0 = int(page.locator("#map").get_attribute("data-zoom") or -1)
    # a cluster's circle shows how many events it holds
    for c in first:
        if c["events"] > 1:
            assert c["label"] == str(c["events"]), c
        else:
            assert c["id"] and c["label"] is None, c
    biggest = max(first, key=lambda c: c["events"])
    assert biggest["events"] > 1, "no cluster at the first zoom level"
    _assert_apart(wide.circles(in_view=False))

    # clicking a cluster zooms in: the grid is finer, the circles hold fewer events each
    wide.click_circle(biggest)
    page.wait_for_function(
        "(z) => Number(document.getElementById('map').dataset.zoom) > z", arg=zoom0
    )
    wide.wait_map()
    second = wide.circles()
    assert len(second) > 1
    assert max(c["events"] for c in second) < biggest["events"]
    _assert_apart(wide.circles(in_view=False))
    wide.shot("dashboard-map-zoomed")

    # zoom in until a single event shows; clicking it opens its evidence
    singles: list[dict[str, Any]] = []
    for _ in range(6):
        circles = wide.circles()
        singles = [c for c in circles if c["id"]]
        if singles:
            break
        zoom = int(page.locator("#map").get_attribute("data-zoom") or -1)
        wide.click_circle(max(circles, key=lambda c: c["events"]))
        page.wait_for_function(
            "(z) => Number(document.getElementById('map').dataset.zoom) > z", arg=zoom
        )
        wide.wait_map()
    assert singles, "no single event after zooming in six times"
    wide.click_circle(singles[-1])  # the last drawn is on top
    expect(page.locator("#event-view")).to_be_visible()
    expect(page.locator("#ev-meta")).to_contain_text(singles[-1]["id"])


def test_country_names_instead_of_codes(wide: Dash) -> None:
    from playwright.sync_api import expect

    page = wide.page
    for code, name in (("SYR", "Syria"), ("MLI", "Mali"), ("UKR", "Ukraine"), ("IRQ", "Iraq")):
        assert page.locator(f"#f-country option[value='{code}']").inner_text().startswith(name)
    page.select_option("#f-country", "MLI")
    wide.apply()
    cells = page.locator("#events tbody td.place[data-country='MLI']")
    assert cells.count() > 0
    for text in cells.all_inner_texts():
        assert "Mali" in text and "MLI" not in text, text
    wide.rows().first.click()
    expect(page.locator("#ev-meta")).to_contain_text("Mali (MLI)")


def _countries(dash: Dash) -> list[str | None]:
    return list(
        dash.page.locator("#events tbody td.place").evaluate_all(
            "tds => tds.map(td => td.dataset.country || null)"
        )
    )


@pytest.mark.parametrize("name", ["region", "sub_event_type", "actor", "outlet", "fatalities"])
def test_each_new_filter_changes_the_list(wide: Dash, name: str) -> None:
    from playwright.sync_api import expect

    page = wide.page
    everything = wide.total()
    if name == "region":
        page.select_option("#f-region", "Middle East")
        wide.apply()
        placed = _countries(wide)
        assert placed and set(placed) <= MIDDLE_EAST, placed
        # the country list shows only the region's countries
        shown = page.locator("#f-country option:not([hidden])").evaluate_all(
            "os => os.map(o => o.value).filter(Boolean)"
        )
        assert shown and set(shown) <= MIDDLE_EAST
    elif name == "sub_event_type":
        options = page.locator("#f-subtype option").evaluate_all(
            "os => os.map(o => o.value).filter(Boolean)"
        )
        assert "Armed clash" in options
        page.select_option("#f-subtype", "Armed clash")
        wide.apply()
        subs = page.locator("#events tbody td.type .sub").all_inner_texts()
        assert subs and set(subs) == {"Armed clash"}
        assert wide.rows().count() == len(subs)
    elif name == "actor":
        page.locator("#f-actor").press_sequentially("milit", delay=30)
        suggestions = page.locator("#actor-suggestions li")
        expect(suggestions.first).to_be_visible()
        names = [li.get_attribute("data-name") or "" for li in suggestions.all()]
        assert 1 <= len(names) <= 10
        assert all(re.search(r"\bmilit", n, re.I) for n in names), names
        before = wide.refreshed()
        suggestions.first.click()  # choosing a name applies it
        wide.wait_refresh(before)
        assert page.locator("#f-actor").input_value() == names[0]
        for row in wide.rows().all():
            actors = (
                row.locator("td").nth(2).inner_text() + "|" + row.locator("td").nth(3).inner_text()
            )
            assert names[0].lower() in actors.lower(), actors
    elif name == "outlet":
        page.select_option("#f-outlet", "Levant Press Agency")
        wide.apply()
        ids = [r.get_attribute("data-event-id") for r in wide.rows().all()]
        assert ids
        for event_id in ids:
            assert wide.api(f"/api/events/{event_id}")["sources"]["outlet"] == "Levant Press Agency"
    else:
        page.fill("#f-minfat", "10")
        wide.apply()
        dead = [int(t) for t in page.locator("#events tbody td:nth-child(6)").all_inner_texts()]
        assert dead and min(dead) >= 10
    assert 0 < wide.total() < everything
    # the map and the totals follow the same filter
    summary = page.locator("#summary").inner_text()
    assert summary.startswith(f"{wide.total():,} events"), summary
    located = sum(c["events"] for c in wide.circles(in_view=False))
    assert 0 < located <= wide.total()


def test_narrow_layout_has_no_horizontal_scroll(narrow: Dash) -> None:
    from playwright.sync_api import expect

    page = narrow.page
    width = "document.documentElement.scrollWidth"
    assert page.evaluate(width) <= 400
    narrow.shot("dashboard-400")
    # panels are stacked: the map above the list, both the full width
    map_box = page.locator("#map").bounding_box()
    list_box = page.locator("#right").bounding_box()
    assert map_box and list_box
    assert list_box["y"] >= map_box["y"] + map_box["height"]
    assert map_box["width"] > 360 and list_box["width"] > 360
    # the filters fold behind a button; open, every control is touch-sized
    expect(page.locator("#filters")).to_be_hidden()
    page.click("#toggle-filters")
    expect(page.locator("#filters")).to_be_visible()
    for sel in ("#f-country", "#f-region", "#f-actor", "#f-minfat", "#apply", "#export-acled",
                "#tab-canonical", "#toggle-filters"):  # fmt: skip
        box = page.locator(sel).bounding_box()
        assert box and box["height"] >= 40, (sel, box)
    assert page.evaluate(width) <= 400
    narrow.shot("dashboard-400-filters")
    page.select_option("#f-country", "SYR")
    narrow.apply()
    page.click("#toggle-filters")
    page.locator("#right").scroll_into_view_if_needed()
    assert page.evaluate(width) <= 400
    narrow.shot("dashboard-400-list")
    page.click("#tab-canonical")
    page.wait_for_selector("#canonical-panel[data-ready='1']")
    page.locator("#canonical-list li[data-n-sources='3'] button").click()
    expect(page.locator("#canon-view")).to_be_visible()
    assert page.evaluate(width) <= 400
    narrow.shot("dashboard-400-canonical")
    page.locator("#cv-members button.evidence").first.click()
    expect(page.locator("#event-view")).to_be_visible()
    assert page.evaluate(width) <= 400
    narrow.shot("dashboard-400-event")
