/* eventdesk dashboard, the evidence view of one event (/api/events/{id}): its coded fields, the
 * rules that decided them, its sources and the article with every evidence span highlighted. */
"use strict";

(function (ED) {
  const { $, el, state } = ED;

  function roleClass(role) {
    if (["sentence", "trigger", "actor1", "actor2", "location", "date"].includes(role)) return "hl-" + role;
    if (ED.COUNT_ROLES.includes(role)) return "hl-count";
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

  ED.metaRow = function (dl, name, value) {
    if (value === null || value === undefined || value === "") return;
    dl.append(el("dt", {}, name), el("dd", {}, value));
  };

  function actorText(a) {
    if (!a) return null;
    const bits = [a.name];
    if (a.cameo) bits.push(`[${a.cameo}]`);
    if (a.text && a.text !== a.name) bits.push(`“${a.text}”`);
    return bits.join(" ");
  }

  function placeLine(l) {
    const country = l.country ? `${ED.countryName(l.country)} (${l.country})` : "";
    const parts = [l.name, l.admin1, country].filter((p, i, all) => p && all.indexOf(p) === i);
    return parts.join(", ") + (l.lat !== null && l.lat !== undefined ? ` · ${l.lat.toFixed(3)}, ${l.lon.toFixed(3)}` : "");
  }

  ED.openEvent = async function (eventId) {
    let detail;
    try {
      detail = await ED.getJSON("/api/events/" + encodeURIComponent(eventId));
    } catch (e) { ED.showError(e.message); return; }
    state.selected = eventId;
    for (const tr of document.querySelectorAll("#events tbody tr")) {
      tr.classList.toggle("selected", tr.dataset.eventId === eventId);
    }
    const ev = detail.event;
    const l = ev.location;
    ED.mapHighlight(l && l.lat !== null && l.lat !== undefined ? [l.lat, l.lon] : null);
    $("#ev-title").textContent = `${ev.plover.type}${ev.plover.mode ? " (" + ev.plover.mode + ")" : ""}` +
      (ev.acled ? ` — ${ev.acled.event_type}: ${ev.acled.sub_event_type || ""}` : "");
    const dl = $("#ev-meta");
    dl.replaceChildren();
    ED.metaRow(dl, "Date", ev.date ? `${ev.date} (precision ${ev.time_precision})` : "unknown");
    ED.metaRow(dl, "Actor 1", actorText(ev.actor1));
    ED.metaRow(dl, "Actor 2", actorText(ev.actor2));
    if (l) ED.metaRow(dl, "Place", placeLine(l));
    const counts = ED.COUNT_ROLES.filter((k) => ev[k] !== null).map((k) => `${ev[k]} ${k}`).join(", ");
    ED.metaRow(dl, "Counts", counts);
    const flags = ["negated", "hypothetical", "future", "historical"].filter((k) => ev[k]).join(", ");
    ED.metaRow(dl, "Flags", flags);
    ED.metaRow(dl, "CAMEO", ev.cameo);
    ED.metaRow(dl, "Confidence", ev.confidence.toFixed(2));
    ED.metaRow(dl, "Event id", ev.event_id);
    const rulesDl = $("#ev-rules");
    rulesDl.replaceChildren();
    const decided = ev.decided_by || {};
    for (const [field, names] of Object.entries(decided)) ED.metaRow(rulesDl, field, names.join(", "));
    $("#ev-rules-box").hidden = !Object.keys(decided).length;
    const src = $("#ev-sources");
    src.replaceChildren();
    const s = detail.sources;
    const outlet = [s.outlet, s.published].filter(Boolean).join(", ");
    const art = el("li", {}, outlet ? outlet + ": " : "", s.title || detail.article.article_id);
    const url = ED.webUrl(s.url);
    if (url) art.append(" ", el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, "link"));
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
    ED.showPanel("#event-view", true);
    renderHighlighted(detail.article.text || "", detail.highlights);
  };
})(window.ED);
