"""Geoparsing evaluation against toponym-annotated news (LGL / TR-News, GeoVirus, GeoWebNews).

``evaluate_geo(path, fmt, spans, resolver, nlp)`` returns
``{"dataset": <file name>, "n": <gold toponyms scored>, "scored": "all-coordinates" |
"linked", "metrics": {...}}`` (the CLI's ``--json`` prints dataset, n and metrics).

Scoring decisions (kept stable so numbers are comparable across runs):

* Gold spans are checked against the phrase the gold gives for them (LGL ``phrase``,
  GeoVirus ``name``) before scoring (:mod:`eventdesk.eval.geo_align`): a span whose offsets
  do not hold its phrase moves to the nearest occurrence of the phrase within 200
  characters; one that cannot be moved is **skipped** (not scored, not in ``n``, not in
  precision / recall). The metrics count them: ``spans_realigned``, ``spans_unaligned``
  (over every gold span, scored or not; a span whose gold gives no phrase is kept as is).
* A gold toponym is *scored* when it has coordinates (LGL: a ``gaztag``; GWN: latitude and
  longitude). ``n`` counts scored toponyms. With ``linked_only`` only toponyms the gold
  links to GeoNames (a GeoNames id) are scored, the convention published geoparser figures
  use; formats without ids (GeoVirus) cannot be scored that way.
* ``spans="gold"`` resolves the gold spans; ``spans="predicted"`` runs
  ``resolver.recognize`` on ``nlp`` output and matches predicted to gold spans one-to-one,
  greedily in text order, when they *overlap* by at least one character.
* A scored toponym that is unresolved (``None``) or, in predicted mode, not found, counts as
  wrong everywhere and as an error of 20,039 km (half the Earth's circumference, the largest
  possible distance) in ``mean_error_km`` / ``median_error_km``.
* ``exact_match``: same GeoNames id, over scored toponyms whose gold has a GeoNames id
  (None when no gold id exists, e.g. GeoVirus).
* ``id_or_161km``: same GeoNames id as the gold, or within 161 km of its point, over all
  scored toponyms (the resolver's places carry the gazetteer's GeoNames ids: every town,
  country and continent, most first- and second-level regions; curated regions have none).
* ``country_accuracy``: same ISO3 country. LGL gives the gold country name; for formats without
  one (GeoVirus, GWN) the gold country is the country of the GeoNames town nearest to the gold
  point (``reverse_geocoder``). Gold toponyms with no country (seas, continents) are skipped.
* ``toponym_precision`` / ``toponym_recall`` (predicted mode only) count *all* gold toponyms,
  with or without coordinates; with ``linked_only`` only linked ones: recall is over the
  linked gold toponyms and a prediction that matches an unlinked gold toponym is neither
  right nor wrong (left out of precision).
"""

from __future__ import annotations

import json
import logging
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from eventdesk.errors import EventdeskError
from eventdesk.eval.geo_align import REALIGN_WINDOW, align_spans
from eventdesk.records import Place
from eventdesk.resolve.gazetteer import haversine_km
from eventdesk.resolve.places import PlaceResolver

log = logging.getLogger(__name__)

MAX_ERROR_KM = 20039.0
FORMATS = ("lgl", "geovirus", "gwn")


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country: str | None = None  # ISO3 if the gold names it
    country_name: str | None = None
    phrase: str | None = None  # the text the gold says the offsets hold
    aligned: bool = True  # False: the offsets miss the phrase and it was not found nearby

    @property
    def linked(self) -> bool:
        """The gold links this toponym to GeoNames (it has a GeoNames id)."""
        return self.geonameid is not None


@dataclass(frozen=True, slots=True)
class GoldDoc:
    text: str
    toponyms: tuple[GoldToponym, ...]


def _float(v: Any) -> float | None:
    try:
        return None if v in (None, "") else float(v)
    except (TypeError, ValueError):
        return None


def _int(v: Any) -> int | None:
    try:
        return None if v in (None, "") else int(v)
    except (TypeError, ValueError):
        return None


def _phrase(v: Any) -> str | None:
    return v if isinstance(v, str) and v.strip() else None


def _parse(record: dict[str, Any], fmt: str) -> GoldDoc:
    text = record.get("text")
    if not isinstance(text, str):
        raise EventdeskError("record has no 'text' string")
    tops: list[GoldToponym] = []
    if fmt == "lgl":
        for t in record.get("toponyms", []):
            g = t.get("gaztag") or {}
            ctry = g.get("country") or {}
            tops.append(
                GoldToponym(
                    int(t["start"]),
                    int(t["end"]),
                    _float(g.get("lat")),
                    _float(g.get("lon")),
                    _int(g.get("geonameid")),
                    None,
                    ctry.get("name") if isinstance(ctry, dict) else None,
                    _phrase(t.get("phrase")),
                )
            )
    elif fmt == "geovirus":
        for t in record.get("locations", []):
            tops.append(
                GoldToponym(
                    int(t["start"]) - 1,
                    int(t["end"]) - 1,
                    _float(t.get("lat")),
                    _float(t.get("lon")),
                    phrase=_phrase(t.get("name")),
                )
            )
    elif fmt == "gwn":
        for t in record.get("toponyms", []):
            tops.append(
                GoldToponym(
                    int(t["start"]),
                    int(t["end"]),
                    _float(t.get("latitude")),
                    _float(t.get("longitude")),
                    _int(t.get("geonamesID")),
                    phrase=_phrase(t.get("text") or t.get("phrase")),
                )
            )
    else:
        raise EventdeskError(f"unknown geo format {fmt!r}; use one of {', '.join(FORMATS)}")
    return GoldDoc(text, tuple(tops))


def read_gold(path: Path, fmt: str) -> Iterator[GoldDoc]:
    """Stream gold documents from a JSON-lines file."""
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise EventdeskError(f"cannot read gold file {path}: {exc}") from exc
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield _parse(json.loads(line), fmt)
            except (ValueError, KeyError, TypeError, EventdeskError) as exc:
                raise EventdeskError(f"{path}:{lineno}: not a {fmt} record ({exc})") from exc


def align(doc: GoldDoc, counts: Counter[str], window: int = REALIGN_WINDOW) -> GoldDoc:
    """``doc`` with its gold spans checked against their phrases: drifted spans moved to the
    phrase nearby, spans that cannot be moved kept unscored (see :mod:`eventdesk.eval.geo_align`);
    ``counts`` gains one per span and status. Toponyms come back in text order."""
    found = align_spans(doc.text, [(g.start, g.end, g.phrase) for g in doc.toponyms], window)
    kept: list[GoldToponym] = []
    for g, a in zip(doc.toponyms, found, strict=True):
        counts[a.status] += 1
        if a.status == "realigned":
            kept.append(replace(g, start=a.start, end=a.end))
        elif a.status == "unaligned":  # kept, unscored: a prediction on it is no false one
            kept.append(replace(g, aligned=False))
        else:
            kept.append(g)
    kept.sort(key=lambda g: (g.start, g.end))
    return GoldDoc(doc.text, tuple(kept))


def _match(pred: list[tuple[int, int]], gold: tuple[GoldToponym, ...]) -> dict[int, int]:
    """gold index -> predicted index, one-to-one, first overlapping prediction wins."""
    used: set[int] = set()
    out: dict[int, int] = {}
    for gi, g in enumerate(gold):
        for pi, (s, e) in enumerate(pred):
            if pi not in used and s < g.end and e > g.start:
                out[gi] = pi
                used.add(pi)
                break
    return out


class _Scores:
    def __init__(self) -> None:
        self.errors: list[float] = []
        self.exact: list[bool] = []
        self.id_or_near: list[bool] = []
        self.country: list[bool] = []
        self.tp = self.n_pred = self.n_gold = 0
        self.pending_country: list[tuple[GoldToponym, Place | None]] = []

    def add(self, g: GoldToponym, place: Place | None, resolver: PlaceResolver) -> None:
        if g.lat is None or g.lon is None:
            return
        if place is None or place.lat is None or place.lon is None:
            err = MAX_ERROR_KM
        else:
            err = haversine_km(g.lat, g.lon, place.lat, place.lon)
        self.errors.append(err)
        same_id = g.geonameid is not None and place is not None and place.geonameid == g.geonameid
        if g.geonameid is not None:
            self.exact.append(same_id)
        self.id_or_near.append(same_id or err <= 161.0)
        if g.country_name is not None:
            gold_iso = resolver.gaz.country_for_word(g.country_name)
            if gold_iso is not None:
                self.country.append(place is not None and place.country == gold_iso)
        else:
            self.pending_country.append((g, place))

    def finish_countries(self) -> None:
        if not self.pending_country:
            return
        try:
            import reverse_geocoder
        except ImportError:  # pragma: no cover - optional for formats without a gold country
            log.warning("reverse_geocoder missing: country_accuracy skipped")
            return
        pts = [(g.lat, g.lon) for g, _ in self.pending_country]
        found = reverse_geocoder.search(pts, mode=1, verbose=False)
        import pycountry

        for (_, place), hit in zip(self.pending_country, found, strict=True):
            rec = pycountry.countries.get(alpha_2=hit.get("cc", ""))
            if rec is None:
                continue
            self.country.append(place is not None and place.country == rec.alpha_3)


def _ratio(xs: list[bool]) -> float | None:
    return round(sum(xs) / len(xs), 4) if xs else None


def evaluate_geo(
    path: Path,
    fmt: str,
    spans: str,
    resolver: PlaceResolver,
    nlp: Any = None,
    batch_size: int = 32,
    limit: int | None = None,
    linked_only: bool = False,
    window: int = REALIGN_WINDOW,
) -> dict[str, Any]:
    """Score ``resolver`` on a gold file (see the module docstring for the rules)."""
    if fmt not in FORMATS:
        raise EventdeskError(f"unknown geo format {fmt!r}; use one of {', '.join(FORMATS)}")
    if spans not in ("gold", "predicted"):
        raise EventdeskError(f"spans must be 'gold' or 'predicted', not {spans!r}")
    if spans == "predicted" and nlp is None:
        raise EventdeskError("predicted spans need a loaded spaCy pipeline (nlp)")
    if linked_only and fmt == "geovirus":
        raise EventdeskError(
            "--linked-only scores toponyms the gold links to GeoNames, and geovirus gold has "
            "no GeoNames ids; score it without --linked-only"
        )
    sc = _Scores()
    counts: Counter[str] = Counter()
    batch: list[GoldDoc] = []

    def scored(g: GoldToponym) -> bool:
        return g.aligned and (g.linked or not linked_only)

    def run(docs: list[GoldDoc]) -> None:
        parsed = (
            nlp.pipe([d.text for d in docs], batch_size=batch_size)
            if spans == "predicted"
            else None
        )
        for d in docs:
            if parsed is not None:
                marked = resolver.recognize_marked(next(parsed))
                pred = [s for s, _ in marked]
                mapping = _match(pred, d.toponyms)
                # a prediction of an unscored gold toponym (unlinked with linked_only, or
                # unaligned) is left out of precision
                ignored = sum(1 for gi in mapping if not scored(d.toponyms[gi]))
                sc.n_pred += len(pred) - ignored
                sc.n_gold += sum(1 for g in d.toponyms if scored(g))
                sc.tp += len(mapping) - ignored
                places = resolver.resolve(d.text, pred, [m for _, m in marked])
                for gi, g in enumerate(d.toponyms):
                    if scored(g):
                        sc.add(g, places[mapping[gi]] if gi in mapping else None, resolver)
            else:
                places = resolver.resolve(d.text, [(g.start, g.end) for g in d.toponyms])
                for g, p in zip(d.toponyms, places, strict=True):
                    if scored(g):
                        sc.add(g, p, resolver)

    for i, doc in enumerate(read_gold(Path(path), fmt)):
        if limit is not None and i >= limit:
            break
        batch.append(align(doc, counts, window))
        if len(batch) >= batch_size:
            run(batch)
            batch = []
    if batch:
        run(batch)
    sc.finish_countries()
    errs = sc.errors
    metrics: dict[str, Any] = {
        "exact_match": _ratio(sc.exact),
        "acc_161km": _ratio([e <= 161.0 for e in errs]),
        "id_or_161km": _ratio(sc.id_or_near),
        "mean_error_km": round(statistics.fmean(errs), 1) if errs else None,
        "median_error_km": round(statistics.median(errs), 1) if errs else None,
        "country_accuracy": _ratio(sc.country),
    }
    if spans == "predicted":
        metrics["toponym_precision"] = round(sc.tp / sc.n_pred, 4) if sc.n_pred else None
        metrics["toponym_recall"] = round(sc.tp / sc.n_gold, 4) if sc.n_gold else None
    metrics["spans_realigned"] = counts["realigned"]
    metrics["spans_unaligned"] = counts["unaligned"]
    return {
        "dataset": Path(path).name,
        "n": len(errs),
        "scored": "linked" if linked_only else "all-coordinates",
        "metrics": metrics,
    }


def format_table(report: dict[str, Any]) -> str:
    """A readable two-column table of a report from :func:`evaluate_geo`."""
    rows = [("dataset", str(report.get("dataset"))), ("n", str(report.get("n")))]
    if "scored" in report:
        rows.append(("scored", str(report["scored"])))
    for k, v in report.get("metrics", {}).items():
        if v is None:
            shown = "-"
        elif k.endswith("_km"):
            shown = f"{v:,.1f}"
        else:
            shown = f"{v:.3f}" if isinstance(v, float) else str(v)
        rows.append((k, shown))
    width = max(len(k) for k, _ in rows)
    vwidth = max(len(v) for _, v in rows)
    line = "-" * (width + vwidth + 3)
    body = [f"{k:<{width}}   {v:>{vwidth}}" for k, v in rows]
    head = 3 if "scored" in report else 2
    return "\n".join([line, *body[:head], line, *body[head:], line])
