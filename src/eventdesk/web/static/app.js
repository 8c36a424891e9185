/* eventdesk dashboard, the wiring: start-up, and one refresh that applies the filters to every
 * view (list, map, timeline and totals, canonical events, export links). All filtering, sorting,
 * paging and clustering happen on the server (/api/...), so the page stays responsive with tens
 * of thousands of events. The other parts are in util.js, filters.js, map.js, timeline.js,
 * table.js, evidence.js and canonical.js (loaded in that order by index.html). */
"use strict";

(function (ED) {
  const { $, el } = ED;
  let loading = 0, done = 0;

  ED.refresh = async function () {
    const token = ++loading;
    ED.showError("");
    ED.resetPaging();
    const params = ED.filterParams();
    ED.updateExport(params);
    $("#summary").textContent = "loading…";
    try {
      const [stats] = await Promise.all([
        ED.getJSON("/api/stats?" + params.toString()),
        ED.reloadMap(params),
        ED.loadPage(),
        ED.invalidateCanonical(),
        ED.getJSON("/api/facets?" + params.toString()).then(ED.updateFacetCounts),
      ]);
      if (token !== loading) return;
      ED.setTimeline(stats.by_day);
      $("#summary").textContent =
        `${stats.events.toLocaleString()} events · ${stats.fatalities.toLocaleString()} fatalities · ` +
        `${stats.articles.toLocaleString()} articles`;
      ED.placePanels();
      document.body.dataset.ready = "1";
      document.body.dataset.refreshed = String(++done); // lets tests wait for a refresh to finish
    } catch (e) {
      if (token !== loading) return;
      ED.showError(e.message);
      $("#summary").textContent = "";
    }
  };

  async function start() {
    ED.initFilters();
    ED.initTable();
    ED.initCanonical();
    $("#filters").addEventListener("submit", (e) => { e.preventDefault(); ED.refresh(); });
    $("#reset").addEventListener("click", () => {
      $("#filters").reset();
      $("#f-region").dispatchEvent(new Event("change"));
      ED.setArea(null); // refreshes
    });
    $("#clear-area").addEventListener("click", () => ED.setArea(null));
    $("#close-event").addEventListener("click", () => ED.showPanel("#event-view", false));
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") ED.closeTopPanel(); });
    ED.placePanels();
    window.addEventListener("resize", ED.debounce(() => { ED.placePanels(); ED.relayout(); }, 100));
    try {
      await ED.loadFacets();
      await ED.initMap();
    } catch (e) { ED.showError(e.message); }
    await ED.refresh();
  }

  if (typeof d3 === "undefined" || typeof topojson === "undefined") {
    document.body.prepend(el("p", { id: "error" },
      "Dashboard libraries are missing: run `npm ci && python -m eventdesk.web.build`."));
  } else {
    start();
  }
})(window.ED);
