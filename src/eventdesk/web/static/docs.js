/* A small offline reader of /openapi.json (no CDN-hosted Swagger UI). */
"use strict";
(async function () {
  const root = document.getElementById("endpoints");
  const spec = await (await fetch("/openapi.json")).json();
  root.replaceChildren();
  const el = (tag, cls, text) => {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  };
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const box = el("section", "ep");
      const h = el("h2");
      h.append(el("span", "method " + method, method.toUpperCase()), path);
      box.append(h, el("div", "desc", op.description || op.summary || ""));
      const params = op.parameters || [];
      if (params.length) {
        const t = el("table");
        const head = el("tr");
        for (const c of ["parameter", "in", "type", "description"]) head.append(el("th", null, c));
        t.append(head);
        for (const p of params) {
          const s = p.schema || {};
          const type = s.type || (s.anyOf || []).map((x) => x.type || x.format).filter(Boolean).join(" | ") ||
            (s.enum ? "one of " + s.enum.join(", ") : "");
          const r = el("tr");
          r.append(el("td", null, p.name + (p.required ? " *" : "")), el("td", null, p.in),
            el("td", null, s.enum ? "one of " + s.enum.join(", ") : type), el("td", null, p.description || ""));
          t.append(r);
        }
        box.append(t);
      }
      if (op.requestBody) box.append(el("div", "desc", "Body: JSON (see ArticleIn in /openapi.json)."));
      root.append(box);
    }
  }
})();
