/* eventdesk dashboard, canonical events: one row per real-world event however many articles
 * told it (/api/canonical), with the range of fatality figures the sources gave and how many
 * outlets reported it; clicking a row lists the sources behind it (/api/canonical/{id}), each
 * with its own figure and a way into its evidence. */
"use strict";

(function (ED) {
  const { $, el } = ED;
  const canon = { cursors: [null], index: 0, stale: true, token: 0 };

  const plural = (n, one, many) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

  function typeText(c) {
    if (c.acled_event_type) {
      return c.acled_sub_event_type ? `${c.acled_event_type}: ${c.acled_sub_event_type}` : c.acled_event_type;
    }
    return c.plover_type;
  }

  function placeText(c) {
    const country = c.country_name || ED.countryName(c.country);
    return [c.location_name, country].filter((p, i, all) => p && all.indexOf(p) === i).join(", ");
  }

  function fatalityText(c) {
    const r = ED.fatalityRange(c.fatalities_min, c.fatalities_max);
    return r ? `${r} dead` : "no fatality figure";
  }

  function renderList(rows) {
    const list = $("#canonical-list");
    list.replaceChildren();
    for (const c of rows) {
      const button = el("button", { type: "button", class: "canon-row" },
        el("span", { class: "c-head" },
          el("span", { class: "c-date" }, c.date || "undated"),
          el("i", { class: "dot", style: { background: ED.colorOf(c.acled_event_type) } }),
          el("span", { class: "c-type" }, typeText(c))),
        el("span", { class: "c-place" }, placeText(c) || "place unknown"),
        el("span", { class: "c-figs" },
          el("span", { class: c.fatalities_max === null || c.fatalities_max === undefined ? "c-fat none" : "c-fat" },
            fatalityText(c)), " · ",
          el("span", { class: "c-sources" }, plural(c.n_sources, "source", "sources")), " · ",
          el("span", { class: "c-reports" }, plural(c.n_events, "report", "reports"))),
        c.outlets && c.outlets.length ? el("span", { class: "c-outlets" }, c.outlets.join(" · ")) : null);
      button.addEventListener("click", () => ED.openCanonical(c.canonical_id));
      list.append(el("li", { "data-canonical-id": c.canonical_id, "data-n-sources": c.n_sources }, button));
    }
    if (!rows.length) list.append(el("li", { class: "empty" }, "no canonical events match"));
  }

  ED.loadCanonical = async function () {
    const params = ED.filterParams();
    params.set("limit", ED.PAGE);
    params.set("sort", $("#canon-sort").value);
    const cursor = canon.cursors[canon.index];
    if (cursor) params.set("cursor", cursor);
    const mine = ++canon.token;
    const data = await ED.getJSON("/api/canonical?" + params.toString());
    if (mine !== canon.token) return;
    canon.stale = false;
    canon.cursors[canon.index + 1] = data.next_cursor;
    renderList(data.canonical);
    const first = canon.index * ED.PAGE + 1;
    $("#canon-info").textContent = data.canonical.length
      ? `${first}–${first + data.canonical.length - 1}${data.next_cursor ? "" : " (all)"}` : "";
    $("#canon-prev").disabled = canon.index === 0;
    $("#canon-next").disabled = !data.next_cursor;
    $("#canonical-panel").dataset.ready = "1";
  };

  // Filters changed: start again at the first page (now if the tab is shown, else when it is).
  ED.invalidateCanonical = function () {
    canon.cursors = [null];
    canon.index = 0;
    canon.stale = true;
    delete $("#canonical-panel").dataset.ready;
    if (!$("#canonical-panel").hidden) return ED.loadCanonical();
    return Promise.resolve();
  };

  function memberItem(m) {
    const url = ED.webUrl(m.url);
    const title = m.title || m.article_id;
    const fat = m.fatalities === null || m.fatalities === undefined ? "no figure" : `${m.fatalities} dead`;
    const actors = [m.actor1, m.actor2].filter(Boolean).join(" → ");
    const evidence = el("button", { type: "button", class: "evidence" }, "Evidence");
    evidence.addEventListener("click", () => ED.openEvent(m.event_id));
    return el("li", { "data-event-id": m.event_id },
      el("div", { class: "m-title" }, url
        ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, title) : title),
      el("div", { class: "m-meta" },
        el("span", { class: "m-outlet" }, m.outlet || "outlet unknown"),
        m.published ? " · " : "", m.published ? el("span", { class: "nobr" }, `published ${m.published}`) : null,
        m.date ? " · " : "", m.date ? el("span", { class: "nobr" }, `event ${m.date}`) : null),
      el("div", { class: "m-figs" },
        el("span", { class: "m-fat" }, fat),
        actors ? ` · ${actors}` : "", m.location_name ? ` · ${m.location_name}` : ""),
      evidence);
  }

  ED.openCanonical = async function (canonicalId) {
    let data;
    try {
      data = await ED.getJSON("/api/canonical/" + encodeURIComponent(canonicalId));
    } catch (e) { ED.showError(e.message); return; }
    const c = data.canonical;
    for (const li of document.querySelectorAll("#canonical-list li")) {
      li.classList.toggle("selected", li.dataset.canonicalId === canonicalId);
    }
    $("#cv-title").textContent = `${typeText(c)} — ${placeText(c) || "place unknown"}`;
    const dl = $("#cv-meta");
    dl.replaceChildren();
    ED.metaRow(dl, "Date", c.date || "undated");
    ED.metaRow(dl, "Fatalities", ED.fatalityRange(c.fatalities_min, c.fatalities_max) || "no figure given");
    ED.metaRow(dl, "Reported", `${plural(c.n_events, "report", "reports")} by ${plural(c.n_sources, "source", "sources")}`);
    ED.metaRow(dl, "Outlets", (c.outlets || []).join(", "));
    ED.metaRow(dl, "PLOVER", c.plover_type);
    ED.metaRow(dl, "Canonical id", c.canonical_id);
    const ul = $("#cv-members");
    ul.replaceChildren(...data.members.map(memberItem));
    ED.showPanel("#canon-view", true);
    $("#canon-view").scrollTop = 0;
    ED.mapHighlight(c.lat !== null && c.lat !== undefined ? [c.lat, c.lon] : null);
  };

  function showTab(which) {
    const events = which === "events";
    $("#tab-events").setAttribute("aria-selected", String(events));
    $("#tab-canonical").setAttribute("aria-selected", String(!events));
    $("#events-panel").hidden = !events;
    $("#canonical-panel").hidden = events;
    if (!events && canon.stale) ED.loadCanonical().catch((e) => ED.showError(e.message));
  }

  ED.initCanonical = function () {
    const fail = (e) => ED.showError(e.message);
    $("#tab-events").addEventListener("click", () => showTab("events"));
    $("#tab-canonical").addEventListener("click", () => showTab("canonical"));
    $("#canon-prev").addEventListener("click", () => { canon.index--; ED.loadCanonical().catch(fail); });
    $("#canon-next").addEventListener("click", () => { canon.index++; ED.loadCanonical().catch(fail); });
    $("#close-canon").addEventListener("click", () => ED.showPanel("#canon-view", false));
    $("#canon-sort").addEventListener("change", () => ED.invalidateCanonical().catch(fail));
  };
})(window.ED);
