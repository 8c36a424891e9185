/* eventdesk dashboard: map (canvas, country outlines from world-atlas), timeline, table and
 * event view. All filtering, sorting and paging happen on the server (/api/...), so the page
 * stays responsive with tens of thousands of events. No innerHTML with data: text only. */
"use strict";

(function () {
  const ACLED_COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
  };
  const OTHER_COLOR = "#6b6b6b";
  const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
    "ASSAULT"];
  const PAGE = 50;
  const COUNT_ROLES = ["fatalities", "injured", "displaced", "arrested"];

  const $ = (sel) => document.querySelector(sel);
  const state = { sort: "-date", cursors: [null], pageIndex: 0, total: null, selected: null };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k === "style") Object.assign(node.style, v);
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function colorOf(acledType) {
    return ACLED_COLORS[acledType] || OTHER_COLOR;
  }

  function showError(msg) {
    $("#error").textContent = msg || "";
  }

  async function getJSON(url) {
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const msg = body && body.error ? body.error.message : res.statusText;
      throw new Error(msg);
    }
    return body;
  }

  // -- filters -------------------------------------------------------------------------------

  function filterParams() {
    const p = new URLSearchParams();
    const since = $("#f-since").value, until = $("#f-until").value;
    if (since) p.set("since", since);
    if (until) p.set("until", until);
    const country = $("#f-country").value;
    if (country) p.set("country", country);
    const type = $("#f-type").value;
    if (type.startsWith("plover:")) p.set("plover_type", type.slice(7));
    else if (type.startsWith("acled:")) p.set("acled_event_type", type.slice(6));
    const actor = $("#f-actor").value.trim();
    if (actor) p.set("actor", actor);
    const q = $("#f-q").value.trim();
    if (q) p.set("q", q);
    return p;
  }

  function fillTypeOptions() {
    const acled = $("#f-type-acled"), plover = $("#f-type-plover");
    for (const t of Object.keys(ACLED_COLORS)) acled.append(el("option", { value: "acled:" + t }, t));
    for (const t of PLOVER) plover.append(el("option", { value: "plover:" + t }, t));
  }

  function fillCountries(byCountry) {
    const sel = $("#f-country");
    if (sel.options.length > 1) return; // filled once, from the unfiltered stats
    for (const row of byCountry) {
      if (!row.key) continue;
      sel.append(el("option", { value: row.key }, `${row.key} (${row.events})`));
    }
  }

  // -- map -----------------------------------------------------------------------------------

  const map = {
    canvas: null, ctx: null, width: 0, height: 0, dpr: 1, projection: null,
    countries: null, borders: null, points: [], projected: null, transform: d3.zoomIdentity,
    quadtree: null,
  };

  async function initMap() {
    map.canvas = $("#map-canvas");
    map.ctx = map.canvas.getContext("2d");
    const topo = await getJSON("/static/vendor/countries-50m.json");
    const land = topojson.feature(topo, topo.objects.countries);
    const borders = topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b);
    map.landGeo = land;
    map.bordersGeo = borders;
    resizeMap();
    const zoom = d3.zoom().scaleExtent([1, 200]).on("zoom", (ev) => {
      map.transform = ev.transform;
      drawMap();
    }).on("end", buildQuadtree);
    d3.select(map.canvas).call(zoom).on("click", onMapClick);
    map.zoom = zoom;
    window.addEventListener("resize", () => { resizeMap(); drawMap(); drawTimeline(); });
    buildLegend();
  }

  function resizeMap() {
    const rect = map.canvas.getBoundingClientRect();
    map.dpr = window.devicePixelRatio || 1;
    map.width = Math.max(200, rect.width);
    map.height = Math.max(150, rect.height);
    map.canvas.width = map.width * map.dpr;
    map.canvas.height = map.height * map.dpr;
    map.projection = d3.geoNaturalEarth1().fitExtent(
      [[4, 4], [map.width - 4, map.height - 4]], { type: "Sphere" });
    const path = d3.geoPath(map.projection);
    map.sphere = new Path2D(path({ type: "Sphere" }));
    map.land = new Path2D(path(map.landGeo));
    map.borders = new Path2D(path(map.bordersGeo));
    projectPoints();
  }

  function projectPoints() {
    const n = map.points.length;
    map.projected = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const p = map.points[i];
      const xy = map.projection([p[2], p[1]]) || [NaN, NaN];
      map.projected[2 * i] = xy[0];
      map.projected[2 * i + 1] = xy[1];
    }
    buildQuadtree();
  }

  function radius(fatalities) {
    return fatalities ? Math.min(18, 3 + 1.6 * Math.sqrt(fatalities)) : 3;
  }

  function drawMap() {
    const { ctx, transform: t, dpr } = map;
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, map.width, map.height);
    ctx.save();
    ctx.translate(t.x, t.y);
    ctx.scale(t.k, t.k);
    ctx.fillStyle = "#dfe9f2";
    ctx.fill(map.sphere);
    ctx.fillStyle = "#f4f1ea";
    ctx.fill(map.land);
    ctx.strokeStyle = "#9aa3ab";
    ctx.lineWidth = 0.6 / t.k;
    ctx.stroke(map.borders);
    ctx.restore();
    // points: one path per colour, biggest first so small ones stay visible
    const groups = new Map();
    const n = map.points.length;
    for (let i = n - 1; i >= 0; i--) {
      const x = map.projected[2 * i] * t.k + t.x, y = map.projected[2 * i + 1] * t.k + t.y;
      if (!(x >= -20 && y >= -20 && x <= map.width + 20 && y <= map.height + 20)) continue;
      const c = colorOf(map.points[i][4]);
      let path = groups.get(c);
      if (!path) { path = new Path2D(); groups.set(c, path); }
      const r = radius(map.points[i][5]);
      path.moveTo(x + r, y);
      path.arc(x, y, r, 0, 2 * Math.PI);
    }
    ctx.globalAlpha = 0.72;
    ctx.lineWidth = 0.7;
    ctx.strokeStyle = "#fff";
    for (const [c, path] of groups) {
      ctx.fillStyle = c;
      ctx.fill(path);
      if (n < 5000) ctx.stroke(path);
    }
    ctx.globalAlpha = 1;
    if (state.selected) {
      const i = map.points.findIndex((p) => p[0] === state.selected);
      if (i >= 0) {
        const x = map.projected[2 * i] * t.k + t.x, y = map.projected[2 * i + 1] * t.k + t.y;
        ctx.beginPath();
        ctx.arc(x, y, radius(map.points[i][5]) + 4, 0, 2 * Math.PI);
        ctx.strokeStyle = "#000";
        ctx.lineWidth = 2;
        ctx.stroke();
      }
    }
  }

  function buildQuadtree() {
    const t = map.transform;
    const idx = d3.range(map.points.length).filter((i) => !Number.isNaN(map.projected[2 * i]));
    map.quadtree = d3.quadtree(idx,
      (i) => map.projected[2 * i] * t.k + t.x, (i) => map.projected[2 * i + 1] * t.k + t.y);
  }

  function onMapClick(ev) {
    if (ev.defaultPrevented || !map.quadtree) return;
    const [x, y] = d3.pointer(ev, map.canvas);
    const i = map.quadtree.find(x, y, 12);
    if (i !== undefined) openEvent(map.points[i][0]);
  }

  function buildLegend() {
    const legend = $("#legend");
    for (const [name, c] of [...Object.entries(ACLED_COLORS), ["no ACLED type (verbal)", OTHER_COLOR]]) {
      legend.append(el("div", {}, el("i", { style: { background: c } }), name));
    }
    legend.append(el("div", { class: "sub" }, "size: fatalities"));
  }

  async function loadPoints(params) {
    const data = await getJSON("/api/points?" + params.toString());
    map.points = data.points;
    $("#map-note").textContent = data.truncated
      ? `showing the ${data.points.length.toLocaleString()} deadliest located events`
      : `${data.points.length.toLocaleString()} located events`;
    projectPoints();
    fitToPoints();
    drawMap();
  }

  // Zoom to the located events of the current filter (whole world when they spread wide).
  function fitToPoints() {
    if (!map.zoom) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < map.points.length; i++) {
      const x = map.projected[2 * i], y = map.projected[2 * i + 1];
      if (Number.isNaN(x)) continue;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
    let t = d3.zoomIdentity;
    if (x0 < Infinity) {
      const pad = 60;
      const k = Math.max(1, Math.min(12,
        (map.width - 2 * pad) / Math.max(1, x1 - x0), (map.height - 2 * pad) / Math.max(1, y1 - y0)));
      t = d3.zoomIdentity.translate(map.width / 2 - k * (x0 + x1) / 2, map.height / 2 - k * (y0 + y1) / 2).scale(k);
      if (k <= 1.05) t = d3.zoomIdentity;
    }
    d3.select(map.canvas).call(map.zoom.transform, t);
  }

  // -- timeline ------------------------------------------------------------------------------

  let timelineData = [];

  function drawTimeline() {
    const svg = d3.select("#timeline-svg");
    svg.selectAll("*").remove();
    const node = svg.node();
    const width = node.clientWidth || 600, height = node.clientHeight || 150;
    const m = { top: 16, right: 40, bottom: 20, left: 36 };
    const days = timelineData.filter((d) => d.date);
    if (!days.length) {
      svg.append("text").attr("class", "label").attr("x", 10).attr("y", 20).text("no dated events");
      return;
    }
    const parse = d3.utcParse("%Y-%m-%d");
    const data = days.map((d) => ({ day: parse(d.date), events: d.events, fatalities: d.fatalities }));
    const [lo, hi] = d3.extent(data, (d) => d.day);
    const x = d3.scaleUtc().domain([d3.utcDay.offset(lo, -1), d3.utcDay.offset(hi, 1)])
      .range([m.left, width - m.right]);
    const y = d3.scaleLinear().domain([0, d3.max(data, (d) => d.events) || 1]).nice()
      .range([height - m.bottom, m.top]);
    const yf = d3.scaleLinear().domain([0, d3.max(data, (d) => d.fatalities) || 1]).nice()
      .range([height - m.bottom, m.top]);
    const bw = Math.max(1, Math.min(14, (width - m.left - m.right) / (d3.utcDay.count(lo, hi) + 2) - 1));
    const g = svg.append("g");
    g.selectAll("rect").data(data).join("rect").attr("class", "bar")
      .attr("x", (d) => x(d.day) - bw / 2).attr("width", bw)
      .attr("y", (d) => y(d.events)).attr("height", (d) => y(0) - y(d.events))
      .append("title").text((d) => `${d3.utcFormat("%Y-%m-%d")(d.day)}: ${d.events} events, ${d.fatalities} dead`);
    svg.append("g").selectAll("circle").data(data.filter((d) => d.fatalities > 0)).join("circle")
      .attr("class", "fat").attr("cx", (d) => x(d.day)).attr("cy", (d) => yf(d.fatalities)).attr("r", 2.5);
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - m.bottom})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 90))));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`)
      .call(d3.axisLeft(y).ticks(4));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${width - m.right},0)`)
      .call(d3.axisRight(yf).ticks(4));
    svg.append("text").attr("class", "label").attr("x", m.left).attr("y", 11)
      .text("events per day (bars, left axis) · fatalities per day (red dots, right axis) — drag to pick dates");
    const brush = d3.brushX().extent([[m.left, m.top], [width - m.right, height - m.bottom]])
      .on("end", (ev) => {
        if (!ev.selection) return;
        const [a, b] = ev.selection.map(x.invert);
        $("#f-since").value = d3.utcFormat("%Y-%m-%d")(d3.utcDay.ceil(a));
        $("#f-until").value = d3.utcFormat("%Y-%m-%d")(d3.utcDay.floor(b));
        refresh();
      });
    svg.append("g").attr("class", "brush").call(brush);
  }

  // -- table ---------------------------------------------------------------------------------

  function placeText(ev) {
    const loc = ev.location;
    if (!loc) return "";
    return loc.name + (loc.country ? ` (${loc.country})` : "");
  }

  function renderRows(events) {
    const tbody = $("#events tbody");
    tbody.replaceChildren();
    for (const ev of events) {
      const acled = ev.acled;
      const tr = el("tr", { "data-event-id": ev.event_id },
        el("td", {}, ev.date || "—"),
        el("td", { class: "type" }, el("i", { style: { background: colorOf(acled && acled.event_type) } }),
          ev.plover.type, acled ? el("div", { class: "sub" }, acled.sub_event_type || acled.event_type) : null),
        el("td", {}, ev.actor1 ? ev.actor1.name : ""),
        el("td", {}, ev.actor2 ? ev.actor2.name : ""),
        el("td", {}, placeText(ev)),
        el("td", { class: "num" }, ev.fatalities === null ? "" : ev.fatalities),
        el("td", { class: "num" }, ev.confidence.toFixed(2)));
      if (ev.event_id === state.selected) tr.classList.add("selected");
      tr.addEventListener("click", () => openEvent(ev.event_id));
      tbody.append(tr);
    }
    if (!events.length) tbody.append(el("tr", {}, el("td", { colspan: 7 }, "no events match")));
  }

  function markSort() {
    for (const th of document.querySelectorAll("#events th[data-sort]")) {
      th.classList.remove("sorted-asc", "sorted-desc");
      const key = th.dataset.sort;
      if (state.sort === key) th.classList.add("sorted-asc");
      if (state.sort === "-" + key) th.classList.add("sorted-desc");
    }
  }

  async function loadPage() {
    const params = filterParams();
    params.set("sort", state.sort);
    params.set("limit", PAGE);
    const cursor = state.cursors[state.pageIndex];
    if (cursor) params.set("cursor", cursor);
    if (state.total === null) params.set("total", "true");
    const page = await getJSON("/api/events?" + params.toString());
    if (page.total !== null && page.total !== undefined) state.total = page.total;
    state.cursors[state.pageIndex + 1] = page.next_cursor;
    renderRows(page.events);
    markSort();
    const first = state.pageIndex * PAGE + 1;
    const last = state.pageIndex * PAGE + page.events.length;
    $("#page-info").textContent = page.events.length
      ? `${first}–${last} of ${(state.total ?? last).toLocaleString()}` : "";
    $("#prev").disabled = state.pageIndex === 0;
    $("#next").disabled = !page.next_cursor;
  }

  // -- event view ----------------------------------------------------------------------------

  function roleClass(role) {
    if (["sentence", "trigger", "actor1", "actor2", "location", "date"].includes(role)) return "hl-" + role;
    if (COUNT_ROLES.includes(role)) return "hl-count";
    return "hl-other";
  }

  function renderHighlighted(text, highlights) {
    const container = $("#article-text");
    container.replaceChildren();
    const cuts = new Set([0, text.length]);
    for (const h of highlights) { cuts.add(h.start); cuts.add(h.end); }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = text.slice(a, b);
      const roles = highlights.filter((h) => h.start <= a && h.end >= b).map((h) => h.role);
      if (!roles.length) { container.append(document.createTextNode(piece)); continue; }
      const classes = new Set(["hl"]);
      for (const r of roles) classes.add(roleClass(r));
      container.append(el("mark", { class: [...classes].join(" "), "data-roles": roles.join(" "),
        title: roles.join(", ") }, piece));
    }
    const first = container.querySelector("mark.hl-trigger") || container.querySelector("mark");
    if (first) first.scrollIntoView({ block: "center" });
  }

  function metaRow(dl, name, value) {
    if (value === null || value === undefined || value === "") return;
    dl.append(el("dt", {}, name), el("dd", {}, value));
  }

  function actorText(a) {
    if (!a) return null;
    const bits = [a.name];
    if (a.cameo) bits.push(`[${a.cameo}]`);
    if (a.text && a.text !== a.name) bits.push(`“${a.text}”`);
    return bits.join(" ");
  }

  async function openEvent(eventId) {
    let detail;
    try {
      detail = await getJSON("/api/events/" + encodeURIComponent(eventId));
    } catch (e) { showError(e.message); return; }
    state.selected = eventId;
    for (const tr of document.querySelectorAll("#events tbody tr")) {
      tr.classList.toggle("selected", tr.dataset.eventId === eventId);
    }
    drawMap();
    const ev = detail.event;
    $("#ev-title").textContent = `${ev.plover.type}${ev.plover.mode ? " (" + ev.plover.mode + ")" : ""}` +
      (ev.acled ? ` — ${ev.acled.event_type}: ${ev.acled.sub_event_type || ""}` : "");
    const dl = $("#ev-meta");
    dl.replaceChildren();
    metaRow(dl, "Date", ev.date ? `${ev.date} (precision ${ev.time_precision})` : "unknown");
    metaRow(dl, "Actor 1", actorText(ev.actor1));
    metaRow(dl, "Actor 2", actorText(ev.actor2));
    if (ev.location) {
      const l = ev.location;
      metaRow(dl, "Place", `${l.name}${l.admin1 ? ", " + l.admin1 : ""}${l.country ? " (" + l.country + ")" : ""}` +
        (l.lat !== null ? ` · ${l.lat.toFixed(3)}, ${l.lon.toFixed(3)}` : ""));
    }
    const counts = COUNT_ROLES.filter((k) => ev[k] !== null).map((k) => `${ev[k]} ${k}`).join(", ");
    metaRow(dl, "Counts", counts);
    const flags = ["negated", "hypothetical", "future", "historical"].filter((k) => ev[k]).join(", ");
    metaRow(dl, "Flags", flags);
    metaRow(dl, "CAMEO", ev.cameo);
    metaRow(dl, "Confidence", ev.confidence.toFixed(2));
    metaRow(dl, "Event id", ev.event_id);
    const rulesDl = $("#ev-rules");
    rulesDl.replaceChildren();
    const decided = ev.decided_by || {};
    for (const [field, names] of Object.entries(decided)) metaRow(rulesDl, field, names.join(", "));
    $("#ev-rules-box").hidden = !Object.keys(decided).length;
    const src = $("#ev-sources");
    src.replaceChildren();
    const s = detail.sources;
    const outlet = [s.outlet, s.published].filter(Boolean).join(", ");
    const art = el("li", {}, outlet ? outlet + ": " : "", s.title || detail.article.article_id);
    if (s.url && /^https?:\/\//i.test(s.url)) {
      art.append(" ", el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, "link"));
    }
    src.append(art);
    if (s.reported_by.length) src.append(el("li", {}, "reported by: " + s.reported_by.join("; ")));
    for (const r of s.related) {
      const label = r.kind === "copy" ? "same article also in: " : "also reported by: ";
      src.append(el("li", { class: "related" }, label, [r.outlet, r.published, r.title].filter(Boolean).join(", ")));
    }
    $("#article-title").textContent = detail.article.title || "";
    const legend = $("#hl-legend");
    legend.replaceChildren();
    const seen = new Set();
    for (const h of detail.highlights) {
      const c = roleClass(h.role);
      if (seen.has(c)) continue;
      seen.add(c);
      legend.append(el("mark", { class: "hl " + c }, c === "hl-count" ? "count" : h.role));
    }
    $("#event-view").hidden = false;
    renderHighlighted(detail.article.text || "", detail.highlights);
  }

  // -- wiring --------------------------------------------------------------------------------

  let loading = 0;

  async function refresh() {
    const token = ++loading;
    showError("");
    state.cursors = [null];
    state.pageIndex = 0;
    state.total = null;
    const params = filterParams();
    $("#summary").textContent = "loading…";
    try {
      const [stats] = await Promise.all([
        getJSON("/api/stats?" + params.toString()),
        loadPoints(params),
        loadPage(),
      ]);
      if (token !== loading) return;
      timelineData = stats.by_day;
      drawTimeline();
      $("#summary").textContent =
        `${stats.events.toLocaleString()} events · ${stats.fatalities.toLocaleString()} fatalities · ` +
        `${stats.articles.toLocaleString()} articles`;
      document.body.dataset.ready = "1";
    } catch (e) {
      showError(e.message);
      $("#summary").textContent = "";
    }
  }

  async function start() {
    fillTypeOptions();
    $("#filters").addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
    $("#reset").addEventListener("click", () => { $("#filters").reset(); refresh(); });
    $("#prev").addEventListener("click", () => { state.pageIndex--; loadPage().catch((e) => showError(e.message)); });
    $("#next").addEventListener("click", () => { state.pageIndex++; loadPage().catch((e) => showError(e.message)); });
    $("#close-event").addEventListener("click", () => { $("#event-view").hidden = true; });
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("#event-view").hidden = true; });
    for (const th of document.querySelectorAll("#events th[data-sort]")) {
      th.addEventListener("click", () => {
        const key = th.dataset.sort;
        state.sort = state.sort === key ? "-" + key : state.sort === "-" + key ? key : (key === "date" ? "-date" : key);
        state.cursors = [null];
        state.pageIndex = 0;
        loadPage().catch((e) => showError(e.message));
      });
    }
    try {
      const all = await getJSON("/api/stats");
      fillCountries(all.by_country);
      await initMap();
    } catch (e) { showError(e.message); }
    await refresh();
  }

  if (typeof d3 === "undefined" || typeof topojson === "undefined") {
    document.body.prepend(el("p", { id: "error" },
      "Dashboard libraries are missing: run `npm ci && python -m eventdesk.web.build`."));
  } else {
    start();
  }
})();
