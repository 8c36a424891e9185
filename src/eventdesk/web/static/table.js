/* eventdesk dashboard, the event list: one page of /api/events at a time (cursor paging, sorted
 * on the server). Each cell carries its column name so narrow screens show rows as cards. */
"use strict";

(function (ED) {
  const { $, el, state } = ED;
  const LABELS = ["Date", "Type", "Actor 1", "Actor 2", "Place", "Dead", "Conf."];

  ED.placeText = function (loc) {
    if (!loc) return "";
    const country = ED.countryName(loc.country);
    if (!country || loc.feature === "country" || loc.name === country) return loc.name || country;
    return `${loc.name}, ${country}`;
  };

  function renderRows(events) {
    const tbody = $("#events tbody");
    tbody.replaceChildren();
    for (const ev of events) {
      const acled = ev.acled;
      const loc = ev.location;
      const cells = [
        el("td", {}, ev.date || "—"),
        el("td", { class: "type" }, el("i", { style: { background: ED.colorOf(acled && acled.event_type) } }),
          ev.plover.type, acled ? el("div", { class: "sub" }, acled.sub_event_type || acled.event_type) : null),
        el("td", {}, ev.actor1 ? ev.actor1.name : ""),
        el("td", {}, ev.actor2 ? ev.actor2.name : ""),
        el("td", { class: "place", title: loc && loc.country ? loc.country : null,
          "data-country": loc ? loc.country : null }, ED.placeText(loc)),
        el("td", { class: "num" }, ev.fatalities === null ? "" : ev.fatalities),
        el("td", { class: "num" }, ev.confidence.toFixed(2)),
      ];
      cells.forEach((td, i) => td.setAttribute("data-label", LABELS[i]));
      const tr = el("tr", { "data-event-id": ev.event_id, tabindex: "0" }, ...cells);
      if (ev.event_id === state.selected) tr.classList.add("selected");
      tr.addEventListener("click", () => ED.openEvent(ev.event_id));
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") ED.openEvent(ev.event_id); });
      tbody.append(tr);
    }
    if (!events.length) tbody.append(el("tr", { class: "empty" }, el("td", { colspan: 7 }, "no events match")));
  }

  function markSort() {
    for (const th of document.querySelectorAll("#events th[data-sort]")) {
      th.classList.remove("sorted-asc", "sorted-desc");
      const key = th.dataset.sort;
      if (state.sort === key) th.classList.add("sorted-asc");
      if (state.sort === "-" + key) th.classList.add("sorted-desc");
    }
  }

  ED.resetPaging = function () {
    state.cursors = [null];
    state.pageIndex = 0;
    state.total = null;
  };

  ED.loadPage = async function () {
    const params = ED.filterParams();
    params.set("sort", state.sort);
    params.set("limit", ED.PAGE);
    const cursor = state.cursors[state.pageIndex];
    if (cursor) params.set("cursor", cursor);
    if (state.total === null) params.set("total", "true");
    const page = await ED.getJSON("/api/events?" + params.toString());
    if (page.total !== null && page.total !== undefined) state.total = page.total;
    state.cursors[state.pageIndex + 1] = page.next_cursor;
    renderRows(page.events);
    markSort();
    const first = state.pageIndex * ED.PAGE + 1;
    const last = state.pageIndex * ED.PAGE + page.events.length;
    $("#page-info").textContent = page.events.length
      ? `${first}–${last} of ${(state.total ?? last).toLocaleString()}` : "";
    $("#prev").disabled = state.pageIndex === 0;
    $("#next").disabled = !page.next_cursor;
  };

  ED.initTable = function () {
    const fail = (e) => ED.showError(e.message);
    $("#prev").addEventListener("click", () => { state.pageIndex--; ED.loadPage().catch(fail); });
    $("#next").addEventListener("click", () => { state.pageIndex++; ED.loadPage().catch(fail); });
    for (const th of document.querySelectorAll("#events th[data-sort]")) {
      th.addEventListener("click", () => {
        const key = th.dataset.sort;
        state.sort = state.sort === key ? "-" + key : state.sort === "-" + key ? key : (key === "date" ? "-date" : key);
        state.cursors = [null];
        state.pageIndex = 0;
        ED.loadPage().catch(fail);
      });
    }
  };
})(window.ED);
