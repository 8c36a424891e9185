/* eventdesk dashboard, shared pieces: the ED namespace every other file adds to, DOM helpers,
 * JSON fetching, colours and the page state. Loaded first (see index.html).
 * No innerHTML with data anywhere in the dashboard: text nodes only. */
"use strict";

window.ED = window.ED || {};

(function (ED) {
  ED.ACLED_COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
  };
  ED.OTHER_COLOR = "#6b6b6b";
  ED.PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
    "ASSAULT"];
  ED.PAGE = 50;
  ED.COUNT_ROLES = ["fatalities", "injured", "displaced", "arrested"];

  ED.state = {
    sort: "-date", cursors: [null], pageIndex: 0, total: null,
    selected: null, selectedPoint: null, // event shown in the evidence view, [lat, lon] or null
    countryNames: new Map(), // ISO3 -> name, from /api/facets
  };

  ED.$ = (sel) => document.querySelector(sel);

  ED.el = function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "class") node.className = v;
      else if (k === "style") Object.assign(node.style, v); // CSSOM: allowed by the CSP
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  };

  ED.colorOf = (acledType) => ED.ACLED_COLORS[acledType] || ED.OTHER_COLOR;

  ED.showError = function (msg) {
    ED.$("#error").textContent = msg || "";
  };

  ED.getJSON = async function (url) {
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const msg = body && body.error ? body.error.message : `${res.status} ${res.statusText}`;
      throw new Error(msg);
    }
    return body;
  };

  ED.countryName = function (iso3) {
    if (!iso3) return "";
    return ED.state.countryNames.get(iso3) || iso3;
  };

  // "12", "12–15" or "" (no figure given by any source)
  ED.fatalityRange = function (lo, hi) {
    if (lo === null || lo === undefined) {
      return hi === null || hi === undefined ? "" : String(hi);
    }
    if (hi === null || hi === undefined || hi === lo) return String(lo);
    return `${lo}–${hi}`;
  };

  // Only web links are rendered as links (never javascript: or data: URLs from an article).
  ED.webUrl = (url) => (url && /^https?:\/\//i.test(url) ? url : null);

  ED.debounce = function (fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  };

  ED.narrow = () => window.matchMedia("(max-width: 760px)").matches;

  // -- the side panels (canonical sources, event evidence) -----------------------------------
  // On a wide screen they open below the filter bar, so that the filters stay usable, and the
  // canonical panel takes its room from the map and list instead of covering the list.
  ED.relayout = () => {}; // map.js and timeline.js add their redraws here

  ED.placePanels = function () {
    const top = ED.$("main").getBoundingClientRect().top + window.scrollY;
    document.documentElement.style.setProperty("--panel-top", `${Math.max(0, Math.round(top))}px`);
  };

  ED.showPanel = function (id, show) {
    const panel = ED.$(id);
    if (panel.hidden === !show) return;
    panel.hidden = !show;
    if (id === "#canon-view") {
      document.body.classList.toggle("canon-open", show);
      if (!ED.narrow()) ED.relayout(); // the map and the timeline changed width
    }
  };

  // Escape closes the panel on top (the evidence opens over the canonical sources).
  ED.closeTopPanel = function () {
    if (!ED.$("#event-view").hidden) ED.showPanel("#event-view", false);
    else if (!ED.$("#canon-view").hidden) ED.showPanel("#canon-view", false);
  };
})(window.ED);
