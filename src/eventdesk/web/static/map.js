/* eventdesk dashboard, the map: country outlines (world-atlas) on a canvas, and the events as
 * clusters from /api/clusters?zoom=Z (the server aggregates them on a grid whose cells shrink as
 * the map zooms in) drawn as SVG circles on top. A circle shows how many events it holds; clicking
 * a single event opens its evidence, clicking a cluster zooms into it (or, once zoomed far in,
 * lists that spot's events). */
"use strict";

(function (ED) {
  const { $, el } = ED;
  const MAX_K = 4096; // deepest d3 zoom factor (about web-map zoom 13 on a 700 px wide map)
  const SPOT_ZOOM = 9; // from this zoom on, a cluster click lists the spot instead of zooming
  const FAT_CLASSES = [
    [0, "#4a78b5", "none"], [1, "#f0a04b", "1–9"], [10, "#de5a2c", "10–99"], [100, "#a50f15", "100+"],
  ];

  const map = {
    canvas: null, ctx: null, svg: null, layer: null, ring: null, zoom: null,
    width: 0, height: 0, dpr: 1, projection: null, transform: d3.zoomIdentity,
    params: new URLSearchParams(), cells: [], cellDeg: null, loaded: null, token: 0,
  };
  ED.map = map;

  function fatColor(f) {
    let c = FAT_CLASSES[0][1];
    for (const [lo, color] of FAT_CLASSES) if ((f || 0) >= lo) c = color;
    return c;
  }

  // Web-map zoom level of the current view (256 px per world at zoom 0), rounded down: the
  // server's cells are then 64 to 128 px wide on screen, room enough for their circles.
  function zoomLevel(k) {
    return Math.max(0, Math.min(18, Math.floor(Math.log2((map.width * k) / 256) + 1e-9)));
  }

  ED.initMap = async function () {
    map.canvas = $("#map-canvas");
    map.ctx = map.canvas.getContext("2d");
    const topo = await ED.getJSON("/static/vendor/countries-50m.json");
    map.landGeo = topojson.feature(topo, topo.objects.countries);
    map.bordersGeo = topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b);
    map.svg = d3.select("#map-overlay");
    map.layer = map.svg.append("g").attr("class", "cells");
    map.ring = map.svg.append("circle").attr("class", "selected-ring").attr("r", 14).attr("display", "none");
    resize();
    map.zoom = d3.zoom().scaleExtent([1, MAX_K])
      .on("zoom", (ev) => { map.transform = ev.transform; draw(); })
      .on("end", () => { if (moved()) renderCells(); scheduleLoad(); });
    map.svg.call(map.zoom);
    const relayout = ED.relayout;
    ED.relayout = () => { relayout(); refit(); };
    buildLegend();
  };

  function resize() {
    const rect = map.canvas.getBoundingClientRect();
    map.dpr = window.devicePixelRatio || 1;
    map.width = Math.max(200, rect.width);
    map.height = Math.max(150, rect.height);
    map.canvas.width = map.width * map.dpr;
    map.canvas.height = map.height * map.dpr;
    map.svg.attr("viewBox", `0 0 ${map.width} ${map.height}`);
    map.projection = d3.geoNaturalEarth1().fitExtent(
      [[4, 4], [map.width - 4, map.height - 4]], { type: "Sphere" });
    const path = d3.geoPath(map.projection);
    map.sphere = new Path2D(path({ type: "Sphere" }));
    map.land = new Path2D(path(map.landGeo));
    map.borders = new Path2D(path(map.bordersGeo));
    for (const c of map.cells) projectCell(c);
    renderCells();
  }

  // The map changed size (window, side panel): keep the place at its centre and the zoom.
  function refit() {
    const t = map.transform;
    const centre = map.projection.invert(t.invert([map.width / 2, map.height / 2]));
    resize();
    const xy = t.k > 1.01 && centre && map.projection(centre);
    if (xy && Number.isFinite(xy[0]) && Number.isFinite(xy[1])) {
      const moved = d3.zoomIdentity.translate(map.width / 2 - t.k * xy[0], map.height / 2 - t.k * xy[1]).scale(t.k);
      map.svg.call(map.zoom.transform, moved); // draws; its "end" loads the cells if needed
    } else {
      draw();
      scheduleLoad();
    }
  }

  function projectCell(c) {
    const xy = map.projection([c.lon, c.lat]) || [NaN, NaN];
    c.px = xy[0];
    c.py = xy[1];
  }

  function draw() {
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
    place();
  }

  // Move the circles to the current zoom/pan (their size stays the same on screen).
  function place() {
    const t = map.transform;
    map.layer.selectAll("g.cell").attr("transform", (d) => `translate(${t.applyX(d.px)},${t.applyY(d.py)})`);
    const p = ED.state.selectedPoint;
    const xy = p && map.projection([p[1], p[0]]);
    if (xy) map.ring.attr("display", null).attr("cx", t.applyX(xy[0])).attr("cy", t.applyY(xy[1]));
    else map.ring.attr("display", "none");
  }

  // A cluster grows with its count but stays about as wide as its grid cell on screen, so that
  // neighbouring cells do not pile up; a single event is a small dot (with a larger touch target).
  function radius(c) {
    if (c.events <= 1) return 7;
    const cellPx = map.cellDeg ? (map.cellDeg * map.width * map.transform.k) / 360 : 64;
    return Math.min(32, 9 + 3.2 * Math.sqrt(c.events), Math.max(11, 0.45 * cellPx));
  }

  function shortCount(n) {
    return n < 1000 ? String(n) : n < 10000 ? (n / 1000).toFixed(1) + "k" : Math.round(n / 1000) + "k";
  }

  // Circles that would overlap on screen are drawn as one, their counts summed, as a clustering
  // map does (the server's grid puts each circle at its events' mean, so neighbours can touch).
  // `cells` come biggest first; a merged circle sits at the weighted mean of what it holds.
  function mergeOverlaps(cells) {
    const t = map.transform;
    const shown = [];
    for (const c of cells) {
      if (Number.isNaN(c.px)) continue;
      const x = t.applyX(c.px), y = t.applyY(c.py);
      const into = shown.find((s) => Math.hypot(t.applyX(s.px) - x, t.applyY(s.py) - y) < radius(s) + radius(c));
      if (!into) { shown.push({ ...c }); continue; }
      const n = into.events + c.events;
      for (const k of ["px", "py", "lat", "lon"]) into[k] = (into[k] * into.events + c[k] * c.events) / n;
      into.events = n;
      into.fatalities += c.fatalities;
      into.eventId = null;
    }
    return shown;
  }

  // Whether the map was zoomed or panned since the circles were last drawn (a click on a circle
  // also ends a zoom gesture: redrawing then would remove the circle before its click).
  function moved() {
    const a = map.transform, b = map.drawnAt;
    return !b || a.k !== b.k || a.x !== b.x || a.y !== b.y;
  }

  function renderCells() {
    if (!map.layer) return;
    map.drawnAt = map.transform;
    const cells = mergeOverlaps(map.cells);
    const g = map.layer.selectAll("g.cell").data(cells).join("g")
      .attr("class", (d) => (d.eventId ? "cell single" : "cell cluster"))
      .attr("data-events", (d) => d.events)
      .attr("data-event-id", (d) => d.eventId);
    g.selectAll("*").remove();
    g.append("circle").attr("class", "hit").attr("r", (d) => Math.max(radius(d), 14));
    g.append("circle").attr("class", "dot").attr("r", radius).attr("fill", (d) => fatColor(d.fatalities));
    g.filter((d) => d.events > 1).append("text").attr("dy", "0.35em").text((d) => shortCount(d.events));
    g.append("title").text((d) => (d.events > 1 ? `${d.events.toLocaleString()} events` : "1 event") +
      `, ${d.fatalities.toLocaleString()} dead` + (d.eventId ? " — click for the evidence" : " — click to zoom in"));
    g.on("click", (ev, d) => {
      ev.stopPropagation();
      if (d.eventId) ED.openEvent(d.eventId);
      else zoomInto(d);
    });
    map.svg.node().parentNode.dataset.circles = String(cells.length);
    if (map.note) {
      const { total, inView, zoom } = map.note;
      $("#map-note").textContent = `${total.toLocaleString()} located events${inView ? " in view" : ""} · ` +
        `${cells.length.toLocaleString()} circle${cells.length === 1 ? "" : "s"} · zoom ${zoom}`;
    }
    place();
  }

  function zoomInto(c) {
    const z = zoomLevel(map.transform.k);
    if (z >= SPOT_ZOOM || map.transform.k * 4 > MAX_K) {
      // Reports of one town share its coordinates: no zoom splits them. List them instead.
      const d = Math.max(map.cellDeg || 0.05, 0.01);
      ED.setArea([c.lon - d, c.lat - d, c.lon + d, c.lat + d]);
      return;
    }
    const k = Math.min(MAX_K, map.transform.k * 4);
    const t = d3.zoomIdentity.translate(map.width / 2 - k * c.px, map.height / 2 - k * c.py).scale(k);
    map.svg.transition().duration(350).call(map.zoom.transform, t);
  }

  // The visible part of the map in degrees [minlon, minlat, maxlon, maxlat] (null: whole world).
  function viewBox() {
    const t = map.transform;
    if (t.k < 1.5) return null;
    let x0 = 180, y0 = 90, x1 = -180, y1 = -90;
    for (let i = 0; i <= 6; i++) {
      for (let j = 0; j <= 6; j++) {
        const ll = map.projection.invert(t.invert([(map.width * i) / 6, (map.height * j) / 6]));
        if (!ll || !Number.isFinite(ll[0]) || !Number.isFinite(ll[1])) continue;
        const lon = Math.max(-180, Math.min(180, ll[0])), lat = Math.max(-90, Math.min(90, ll[1]));
        x0 = Math.min(x0, lon); x1 = Math.max(x1, lon); y0 = Math.min(y0, lat); y1 = Math.max(y1, lat);
      }
    }
    return x0 < x1 && y0 < y1 ? [x0, y0, x1, y1] : null;
  }

  function padded(b) {
    if (!b) return null;
    const dx = (b[2] - b[0]) / 4, dy = (b[3] - b[1]) / 4;
    const r = (v) => Math.round(v * 1000) / 1000;
    return [r(Math.max(-180, b[0] - dx)), r(Math.max(-90, b[1] - dy)),
      r(Math.min(180, b[2] + dx)), r(Math.min(90, b[3] + dy))];
  }

  const contains = (outer, inner) => outer === null ||
    (inner !== null && outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3]);

  const scheduleLoad = ED.debounce(() => {
    const z = zoomLevel(map.transform.k), view = viewBox();
    if (map.loaded && map.loaded.zoom === z && contains(map.loaded.bbox, view)) return;
    loadCells(z, padded(view)).catch((e) => ED.showError(e.message));
  }, 120);

  async function loadCells(z, bbox) {
    const p = new URLSearchParams(map.params);
    p.set("zoom", String(z));
    // the map's own view, intersected with the map-spot filter when there is one
    const a = ED.state.area;
    const b = !a ? bbox : !bbox ? a : [Math.max(a[0], bbox[0]), Math.max(a[1], bbox[1]),
      Math.min(a[2], bbox[2]), Math.min(a[3], bbox[3])];
    if (b) p.set("bbox", (b[0] < b[2] && b[1] < b[3] ? b : a).join(","));
    const mine = ++map.token;
    const box = map.svg.node().parentNode;
    box.dataset.loading = "1";
    const data = await ED.getJSON("/api/clusters?" + p.toString());
    if (mine !== map.token) return null;
    map.cellDeg = data.cell_deg;
    map.cells = data.cells
      .map(([lat, lon, events, fatalities, eventId]) => ({ lat, lon, events, fatalities: fatalities || 0, eventId }))
      .sort((a, b) => b.events - a.events);
    for (const c of map.cells) projectCell(c);
    map.loaded = { zoom: z, bbox };
    map.note = { total: map.cells.reduce((s, c) => s + c.events, 0), inView: Boolean(bbox), zoom: data.zoom };
    renderCells();
    box.dataset.zoom = String(data.zoom);
    delete box.dataset.loading;
    return map.cells;
  }

  // New filters: load the world view, then zoom to where the matching events are.
  ED.reloadMap = async function (params) {
    if (!map.zoom) return;
    map.params = new URLSearchParams(params);
    map.params.delete("bbox"); // the map adds its own view box
    map.loaded = null;
    const z0 = zoomLevel(1);
    const cells = await loadCells(z0, null);
    if (cells === null) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const c of cells) {
      if (Number.isNaN(c.px)) continue;
      x0 = Math.min(x0, c.px); x1 = Math.max(x1, c.px); y0 = Math.min(y0, c.py); y1 = Math.max(y1, c.py);
    }
    let t = d3.zoomIdentity;
    if (x0 < Infinity) {
      const pad = 50;
      const k = Math.max(1, Math.min(48,
        (map.width - 2 * pad) / Math.max(1, x1 - x0), (map.height - 2 * pad) / Math.max(1, y1 - y0)));
      if (k > 1.3) t = d3.zoomIdentity.translate(map.width / 2 - (k * (x0 + x1)) / 2, map.height / 2 - (k * (y0 + y1)) / 2).scale(k);
    }
    map.svg.call(map.zoom.transform, t); // its "end" loads the cells for the new view if needed
  };

  ED.mapHighlight = function (point) {
    ED.state.selectedPoint = point;
    if (map.layer) place();
  };

  function buildLegend() {
    const legend = $("#legend");
    legend.append(el("div", { class: "sub" }, "number: events · colour: dead"));
    const row = el("div", { class: "swatches" });
    for (const [, color, label] of FAT_CLASSES) row.append(el("span", {}, el("i", { style: { background: color } }), label));
    legend.append(row);
  }
})(window.ED);
