/* eventdesk dashboard, the filter form: drop-downs filled from /api/facets (country names,
 * regions, ACLED sub-event types, outlets), actor autocomplete from /api/actors, the query
 * string every view shares (list, map, stats, canonical events, export) and the export links. */
"use strict";

(function (ED) {
  const { $, el } = ED;

  // The filters as query parameters, exactly as every /api/ endpoint takes them.
  ED.filterParams = function () {
    const p = new URLSearchParams();
    const since = $("#f-since").value, until = $("#f-until").value;
    if (since) p.set("since", since);
    if (until) p.set("until", until);
    const region = $("#f-region").value;
    if (region) p.set("region", region);
    const country = $("#f-country").value;
    if (country) p.set("country", country);
    const type = $("#f-type").value;
    if (type.startsWith("plover:")) p.set("plover_type", type.slice(7));
    else if (type.startsWith("acled:")) p.set("acled_event_type", type.slice(6));
    const sub = $("#f-subtype").value;
    if (sub) p.set("sub_event_type", sub);
    const actor = $("#f-actor").value.trim();
    if (actor) p.set("actor", actor);
    const outlet = $("#f-outlet").value;
    if (outlet) p.set("outlet", outlet);
    const minFat = Number.parseInt($("#f-minfat").value, 10);
    if (Number.isFinite(minFat) && minFat > 0) p.set("min_fatalities", String(minFat));
    const q = $("#f-q").value.trim();
    if (q) p.set("q", q);
    if (ED.state.area) p.set("bbox", ED.state.area.map((v) => v.toFixed(3)).join(","));
    return p;
  };

  ED.fillTypeOptions = function () {
    const acled = $("#f-type-acled"), plover = $("#f-type-plover");
    for (const t of Object.keys(ED.ACLED_COLORS)) acled.append(el("option", { value: "acled:" + t }, t));
    for (const t of ED.PLOVER) plover.append(el("option", { value: "plover:" + t }, t));
  };

  const byName = (a, b) => a.name.localeCompare(b.name);
  const counted = (row) => `${row.name} (${row.events.toLocaleString()})`;

  // Rebuild a <select>'s options after its first "all" option, keeping the chosen value.
  function refill(sel, build) {
    const keep = sel.value;
    while (sel.children.length > 1) sel.lastElementChild.remove();
    build(sel);
    sel.value = keep;
    if (sel.value !== keep) sel.value = "";
  }

  // Fill the drop-downs from the whole store's facets (the counts are events in the store).
  ED.fillFacets = function (facets) {
    ED.state.countryNames = new Map(facets.countries.map((c) => [c.iso3, c.name || c.iso3]));
    refill($("#f-country"), (sel) => {
      for (const c of [...facets.countries].map((c) => ({ ...c, name: c.name || c.iso3 })).sort(byName)) {
        sel.append(el("option", { value: c.iso3, "data-region": c.region || "", "data-name": c.name }, counted(c)));
      }
    });
    refill($("#f-region"), (sel) => {
      for (const r of [...facets.regions].sort(byName)) sel.append(el("option", { value: r.name, "data-name": r.name }, counted(r)));
    });
    refill($("#f-subtype"), (sel) => {
      const groups = new Map();
      for (const s of facets.sub_event_types) {
        const key = s.acled_event_type || "other";
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(s);
      }
      for (const key of [...groups.keys()].sort()) {
        const group = el("optgroup", { label: key });
        for (const s of groups.get(key).sort(byName)) group.append(el("option", { value: s.name, "data-name": s.name }, counted(s)));
        sel.append(group);
      }
    });
    refill($("#f-outlet"), (sel) => {
      for (const o of [...facets.outlets].sort(byName)) sel.append(el("option", { value: o.name, "data-name": o.name }, counted(o)));
    });
  };

  // The counts under the current filters (the server leaves each list's own filter out, so a
  // chosen region still shows how many events the other regions hold).
  ED.updateFacetCounts = function (facets) {
    const lists = [
      ["#f-country", facets.countries, (c) => c.iso3],
      ["#f-region", facets.regions, (r) => r.name],
      ["#f-subtype", facets.sub_event_types, (s) => s.name],
      ["#f-outlet", facets.outlets, (o) => o.name],
    ];
    for (const [sel, rows, key] of lists) {
      const counts = new Map(rows.map((r) => [key(r), r.events]));
      for (const opt of $(sel).options) {
        if (!opt.value) continue;
        const n = counts.get(opt.value) || 0;
        opt.textContent = `${opt.dataset.name || opt.value} (${n.toLocaleString()})`;
        opt.classList.toggle("none", n === 0);
      }
    }
  };

  ED.loadFacets = async function () {
    ED.fillFacets(await ED.getJSON("/api/facets"));
  };

  // A spot picked on the map (a cluster that no zoom splits): a bbox filter shown as a chip.
  ED.setArea = async function (bbox) {
    const same = JSON.stringify(bbox) === JSON.stringify(ED.state.area);
    if (!same) {
      ED.state.area = bbox;
      $("#area-chip").hidden = !bbox;
      $("#area-text").textContent = bbox
        ? `${((bbox[1] + bbox[3]) / 2).toFixed(2)}, ${((bbox[0] + bbox[2]) / 2).toFixed(2)}` : "";
      await ED.refresh();
    } else if (!bbox) {
      await ED.refresh();
    }
    // on a phone the list is below the map: show the spot's events
    if (bbox && ED.narrow()) $("#right").scrollIntoView({ behavior: "smooth" });
  };

  // Export links carry the current filters; the server streams the file.
  ED.updateExport = function (params) {
    for (const [id, format] of [["#export-acled", "acled-csv"], ["#export-geojson", "geojson"]]) {
      const p = new URLSearchParams(params);
      p.set("format", format);
      $(id).href = "/api/export?" + p.toString();
    }
    const n = [...params.keys()].length;
    $("#toggle-filters").textContent = n ? `Filters (${n})` : "Filters";
  };

  // -- actor autocomplete: a small ARIA combobox over /api/actors?prefix= -----------------------

  function initActorAutocomplete() {
    const input = $("#f-actor"), list = $("#actor-suggestions");
    let token = 0, active = -1;

    function close() {
      token++;
      active = -1;
      list.hidden = true;
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(name) {
      input.value = name;
      close();
      ED.refresh();
    }

    function mark(i) {
      const items = list.querySelectorAll("li");
      if (!items.length) return;
      active = (i + items.length) % items.length;
      items.forEach((li, j) => li.setAttribute("aria-selected", String(j === active)));
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    async function suggest() {
      const prefix = input.value.trim();
      if (!prefix) { close(); return; }
      const mine = ++token;
      let data;
      try {
        data = await ED.getJSON(`/api/actors?prefix=${encodeURIComponent(prefix)}&limit=10`);
      } catch (e) { if (mine === token) close(); return; }
      if (mine !== token || document.activeElement !== input) return;
      list.replaceChildren();
      active = -1;
      data.actors.forEach((a, i) => {
        const li = el("li", { role: "option", id: `actor-opt-${i}`, "aria-selected": "false", "data-name": a.name },
          a.name, el("span", { class: "count" }, a.events.toLocaleString()));
        // mousedown, not click: the input keeps its focus and the list is not closed by blur first
        li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(a.name); });
        list.append(li);
      });
      list.hidden = !data.actors.length;
      input.setAttribute("aria-expanded", String(!list.hidden));
    }

    input.addEventListener("input", ED.debounce(suggest, 150));
    input.addEventListener("keydown", (e) => {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); mark(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark(active - 1); }
      else if (e.key === "Escape") { e.stopPropagation(); close(); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        choose(list.querySelectorAll("li")[active].dataset.name);
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 100));
  }

  ED.initFilters = function () {
    ED.fillTypeOptions();
    initActorAutocomplete();
    const toggle = $("#toggle-filters");
    toggle.addEventListener("click", () => {
      const open = document.body.classList.toggle("filters-open");
      toggle.setAttribute("aria-expanded", String(open));
    });
    // A chosen region narrows the country list to that region's countries.
    $("#f-region").addEventListener("change", () => {
      const region = $("#f-region").value;
      for (const opt of $("#f-country").options) {
        if (!opt.value) continue;
        opt.hidden = Boolean(region) && opt.dataset.region !== region;
      }
      const chosen = $("#f-country").selectedOptions[0];
      if (chosen && chosen.hidden) $("#f-country").value = "";
    });
  };
})(window.ED);
