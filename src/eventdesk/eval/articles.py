"""`eventdesk eval articles`: whole annotated articles, every event, every field.

Gold (``article_gold/*.jsonl``, guideline ``article_gold/GUIDELINE.md``): one article a line,
without its text. ``doc`` names the text: ``lgl:<docid>`` is the ``text`` of the record with
that ``docid`` in ``<data>/lgl/lgl.jsonl``, ``glocon:<id>`` the ``text`` of the record with that
``id`` in ``<data>/glocon_gold_sample/document_level_sabinet.jsonl``. ``<data>`` is ``--data``,
else the gold file's grandparent folder. The text must have the gold's ``text_sha1`` (sha1 of
its UTF-8 bytes) and ``n_chars``; a mismatch is an error naming the doc. ``published`` (may be
null) is the article's publication date. Every article is coded with the pipeline as
``Article(text=..., published=...)``.

How each gold field maps to ours (``records.Event``):

=========================  ======================================================================
gold                       ours
=========================  ======================================================================
``mentions`` [[s, e]...]   ``evidence["trigger"]`` (and every span of ``evidence["mentions"]``
                           when an event has that key); ``evidence["sentence"]`` for matching
``plover``                 ``plover_type`` (the mode is not annotated)
``acled_event_type``       ``acled_event_type`` (null for verbal events on both sides)
``acled_sub_event_type``   ``acled_sub_event_type``
``actor1`` / ``actor2``    ``actor1`` / ``actor2``: ``country`` (ISO3) and ``inter`` (0..8); an
                           implied gold actor (``span`` null) is an actor like any other, as our
                           ``implied`` actors are. Names and sides are not compared.
``location``               ``location``: ``lat`` / ``lon`` and ``country`` (ISO3)
``date``                   ``date`` (ISO day); ``time_precision`` is not compared
``fatalities``             ``fatalities``; ``injured`` / ``arrested`` / ``displaced`` are not scored
``negated`` ...            ``negated``, ``hypothetical``, ``future``, ``historical``
``note``, ``text``, spans  not used (actor / place spans are not compared)
=========================  ======================================================================

Matching (kept stable so numbers compare across runs), per article:

* A predicted event's *trigger spans* are its ``trigger`` evidence plus any ``mentions`` spans.
  It matches a gold event when a trigger span overlaps one of that event's ``mentions`` (by at
  least one character); else when its ``sentence`` evidence span contains one of those mentions
  and the PLOVER types agree.
* Predicted events are taken in order. Each gold event counts once: a predicted event becomes the
  match of the first gold event it matches that is not matched yet (those its trigger overlaps
  first, then those matched by sentence and type; each in gold order). One that matches only
  gold events already matched is a **duplicate**; one that matches none is **spurious**. A
  predicted event is the match of at most one gold event, so matched gold events = matched
  predicted events and precision + duplicate_rate + spurious_rate = 1.

Metrics (``None`` when the denominator is 0):

* ``precision`` = matched gold events / predicted events; ``recall`` = matched gold events / gold
  events; ``f1``; ``duplicate_rate`` = duplicates / predicted; ``spurious_rate`` = spurious /
  predicted (so precision + duplicate_rate + spurious_rate = 1).
* Over matched pairs: ``plover_accuracy``; ``acled_type_accuracy`` and ``acled_sub_accuracy``
  (null = null is equal); ``actor_accuracy``: the set of (country, inter) of the non-null actors
  equals gold's; ``actor_country_accuracy``: the set of their countries equals gold's;
  ``location_25km_accuracy``: both locations null, or both with coordinates within 25 km (one of
  ours kept by name without coordinates is wrong: it is not null and has no point);
  ``location_country_accuracy``: the location countries are equal (a null location has country
  null, so two null locations agree); ``date_accuracy``: only pairs whose gold date is set;
  ``fatalities_accuracy``: null counts as 0; ``flags_accuracy``: the four flags all equal;
  ``all_fields_accuracy``: every pair metric above that applies to the pair is right.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import InputError
from ..records import Article, ArticleResult, Event, Span
from ..resolve.gazetteer import haversine_km

RATES = ("precision", "recall", "f1", "duplicate_rate", "spurious_rate")
PAIR_METRICS = (
    "plover_accuracy",
    "acled_type_accuracy",
    "acled_sub_accuracy",
    "actor_accuracy",
    "actor_country_accuracy",
    "location_25km_accuracy",
    "location_country_accuracy",
    "date_accuracy",
    "fatalities_accuracy",
    "flags_accuracy",
)
METRICS = (*RATES, *PAIR_METRICS, "all_fields_accuracy")
COUNTS = ("n_articles", "n_gold", "n_predicted", "matched", "duplicates", "spurious")
FLAGS = ("negated", "hypothetical", "future", "historical")
SOURCES = {  # doc prefix -> (file under the data folder, id field)
    "lgl": ("lgl/lgl.jsonl", "docid"),
    "glocon": ("glocon_gold_sample/document_level_sabinet.jsonl", "id"),
}
_KM = 25.0


class Processor(Protocol):
    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]: ...


@dataclass(frozen=True, slots=True)
class GoldEvent:
    mentions: tuple[Span, ...]
    plover: str
    acled_type: str | None
    acled_sub: str | None
    actors: frozenset[tuple[str | None, int | None]]
    location: tuple[float | None, float | None, str | None] | None  # lat, lon, country
    date: str | None
    fatalities: int | None
    flags: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    doc: str
    text: str
    published: str | None
    events: tuple[GoldEvent, ...]


# --- reading the gold -----------------------------------------------------------------------


def _jsonl(path: Path, what: str, expected: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) per non-blank line. Lines end at a line feed only: texts may hold
    U+2028 and the like, which ``str.splitlines`` would split on."""
    try:
        fh = path.open(encoding="utf-8", newline="\n")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                raise InputError(
                    f"{path}:{lineno}: not {what} ({exc}); expected {expected}"
                ) from exc
            if not isinstance(rec, dict):
                raise InputError(f"{path}:{lineno}: not {what}; expected {expected}")
            yield lineno, rec


class _Texts:
    """Article texts by doc id, each source file read once and only when needed."""

    def __init__(self) -> None:
        self._cache: dict[Path, dict[str, str]] = {}

    def get(self, data_dir: Path, doc: str, where: str) -> str:
        prefix, _, key = doc.partition(":")
        if prefix not in SOURCES or not key:
            known = ", ".join(f"{p}:<id>" for p in SOURCES)
            raise InputError(f"{where}: doc {doc!r} is not one of {known}")
        rel, field = SOURCES[prefix]
        path = Path(data_dir) / rel
        if path not in self._cache:
            if not path.is_file():
                raise InputError(f"{where}: doc {doc}: text source {path} not found (see --data)")
            texts: dict[str, str] = {}
            for _, rec in _jsonl(path, "a JSON object", f"'{field}' and 'text'"):
                if isinstance(rec.get("text"), str) and rec.get(field) is not None:
                    texts.setdefault(str(rec[field]), rec["text"])
            self._cache[path] = texts
        text = self._cache[path].get(key)
        if text is None:
            raise InputError(f"{where}: doc {doc}: no record with {field} {key!r} in {path}")
        return text


def _spans(value: Any) -> list[Span]:
    """[s, e] or a list of them -> spans; anything else -> none."""
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) for v in value)
    ):
        return [(int(value[0]), int(value[1]))]
    if isinstance(value, list | tuple):
        return [s for v in value if isinstance(v, list | tuple) for s in _spans(v)]
    return []


def _gold_event(ev: Any, text: str, where: str) -> GoldEvent:
    if not isinstance(ev, dict) or not isinstance(ev.get("plover"), str):
        raise InputError(f"{where}: an event needs 'mentions' and 'plover'")
    mentions = tuple(_spans(ev.get("mentions")))
    if not mentions:
        raise InputError(f"{where}: an event has no [start, end] 'mentions'")
    for s, e in mentions:
        if not 0 <= s < e <= len(text):
            raise InputError(f"{where}: mention [{s}, {e}] is outside the text")
    actors = frozenset(
        (a.get("country"), a.get("inter"))
        for a in (ev.get("actor1"), ev.get("actor2"))
        if isinstance(a, dict) and a
    )
    loc = ev.get("location")
    location = (loc.get("lat"), loc.get("lon"), loc.get("country")) if loc else None
    return GoldEvent(
        mentions=mentions,
        plover=ev["plover"],
        acled_type=ev.get("acled_event_type"),
        acled_sub=ev.get("acled_sub_event_type"),
        actors=actors,
        location=location,
        date=ev.get("date"),
        fatalities=ev.get("fatalities"),
        flags=tuple(bool(ev.get(f)) for f in FLAGS),
    )


def read_gold(
    path: Path, data_dir: Path | None = None, texts: _Texts | None = None
) -> list[GoldArticle]:
    """The gold articles of one file, each with its text checked against its sha1 / length."""
    path = Path(path)
    data_dir = Path(data_dir) if data_dir is not None else path.resolve().parent.parent
    texts = texts or _Texts()
    out: list[GoldArticle] = []
    for lineno, rec in _jsonl(path, "an article gold record", "'doc', 'text_sha1', 'events'"):
        doc = rec.get("doc")
        where = f"{path}:{lineno}"
        if not isinstance(doc, str):
            raise InputError(f"{where}: no 'doc' (expected 'lgl:<docid>' or 'glocon:<id>')")
        text = texts.get(data_dir, doc, where)
        sha1 = hashlib.sha1(text.encode("utf-8")).hexdigest()
        if rec.get("text_sha1") != sha1:
            raise InputError(
                f"{where}: doc {doc}: the text does not match the gold (sha1 {sha1}, gold "
                f"{rec.get('text_sha1')}); the offsets would point elsewhere"
            )
        if rec.get("n_chars") is not None and rec["n_chars"] != len(text):
            raise InputError(
                f"{where}: doc {doc}: the text has {len(text)} characters, gold {rec['n_chars']}"
            )
        events = rec.get("events") or []
        if not isinstance(events, list):
            raise InputError(f"{where}: doc {doc}: 'events' is not a list")
        gold = tuple(_gold_event(ev, text, f"{where}: doc {doc}") for ev in events)
        out.append(GoldArticle(doc, text, rec.get("published"), gold))
    return out


# --- matching and scoring -------------------------------------------------------------------


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def trigger_spans(event: Event) -> list[Span]:
    """The event's trigger span and, if it has them, its ``mentions`` spans."""
    out: list[Span] = []
    for key, value in event.evidence:
        if key in ("trigger", "mentions"):
            out.extend(_spans(value))
    return out


def _sentence_span(event: Event) -> Span | None:
    spans = [s for key, v in event.evidence if key == "sentence" for s in _spans(v)]
    return spans[0] if spans else None


def candidates(event: Event, gold: Sequence[GoldEvent]) -> list[int]:
    """Indexes of the gold events the predicted event matches: those its trigger overlaps,
    then those matched by sentence and PLOVER type (see the module docstring)."""
    triggers = trigger_spans(event)
    hit = [
        i for i, g in enumerate(gold) if any(_overlap(t, m) for t in triggers for m in g.mentions)
    ]
    sent = _sentence_span(event)
    if sent is not None:
        hit += [
            i
            for i, g in enumerate(gold)
            if i not in hit
            and g.plover == event.plover_type
            and any(sent[0] <= m[0] and m[1] <= sent[1] for m in g.mentions)
        ]
    return hit


def match(events: Sequence[Event], gold: Sequence[GoldEvent]) -> list[tuple[str, int | None]]:
    """Per predicted event, in order: ("match" | "duplicate", gold index) or ("spurious", None)."""
    taken: set[int] = set()
    out: list[tuple[str, int | None]] = []
    for ev in events:
        cands = candidates(ev, gold)
        free = [i for i in cands if i not in taken]
        if free:
            taken.add(free[0])
            out.append(("match", free[0]))
        elif cands:
            out.append(("duplicate", cands[0]))
        else:
            out.append(("spurious", None))
    return out


def pair_checks(gold: GoldEvent, ev: Event) -> dict[str, bool]:
    """Each pair metric that applies to this matched pair, and whether it is right."""
    actors = [a for a in (ev.actor1, ev.actor2) if a is not None]
    ours = frozenset((a.country, a.inter) for a in actors)
    loc = ev.location
    near = gold.location is None and loc is None
    if gold.location is not None and loc is not None:
        glat, glon, _ = gold.location
        if glat is not None and glon is not None and loc.lat is not None and loc.lon is not None:
            near = haversine_km(float(glat), float(glon), loc.lat, loc.lon) <= _KM
    checks = {
        "plover_accuracy": ev.plover_type == gold.plover,
        "acled_type_accuracy": ev.acled_event_type == gold.acled_type,
        "acled_sub_accuracy": ev.acled_sub_event_type == gold.acled_sub,
        "actor_accuracy": ours == gold.actors,
        "actor_country_accuracy": {c for c, _ in ours} == {c for c, _ in gold.actors},
        "location_25km_accuracy": near,
        "location_country_accuracy": (loc.country if loc else None)
        == (gold.location[2] if gold.location else None),
        "fatalities_accuracy": (ev.fatalities or 0) == (gold.fatalities or 0),
        "flags_accuracy": tuple(getattr(ev, f) for f in FLAGS) == gold.flags,
    }
    if gold.date is not None:
        checks["date_accuracy"] = ev.date == gold.date
    return {m: checks[m] for m in PAIR_METRICS if m in checks}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def metrics(c: Counter[str]) -> dict[str, float | None]:
    """The metrics of one set of counts (see the module docstring)."""
    p, r = _ratio(c["matched"], c["n_predicted"]), _ratio(c["matched"], c["n_gold"])
    f1 = None
    if c["n_predicted"] and c["n_gold"]:
        pr, rr = c["matched"] / c["n_predicted"], c["matched"] / c["n_gold"]
        f1 = round(2 * pr * rr / (pr + rr), 4) if pr + rr else 0.0
    out: dict[str, float | None] = {
        "precision": p,
        "recall": r,
        "f1": f1,
        "duplicate_rate": _ratio(c["duplicates"], c["n_predicted"]),
        "spurious_rate": _ratio(c["spurious"], c["n_predicted"]),
    }
    for m in (*PAIR_METRICS, "all_fields_accuracy"):
        out[m] = _ratio(c[f"ok:{m}"], c[f"n:{m}"])
    return out


def _sentence_around(text: str, span: Span) -> str:
    """The sentence-like stretch of text around a span (for error listings)."""
    starts = [text.rfind(sep, 0, span[0]) for sep in (". ", "! ", "? ", "\n")]
    start = max([i + 1 for i in starts if i >= 0], default=0)
    ends = [text.find(sep, span[1]) for sep in (". ", "! ", "? ", "\n")]
    end = min([i + 1 for i in ends if i >= 0], default=len(text))
    return _short(text[start:end])


def _short(s: str, limit: int = 300) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 3] + "..."


def _score_article(
    art: GoldArticle,
    result: ArticleResult,
    c: Counter[str],
    errors: dict[str, list[Any]],
    name: str,
) -> None:
    events = result.events
    outcome = match(events, art.events)
    first_match: dict[int, Event] = {}
    c["n_articles"] += 1
    c["n_gold"] += len(art.events)
    c["n_predicted"] += len(events)
    for ev, (kind, gi) in zip(events, outcome, strict=True):
        if kind == "match" and gi is not None:
            c["matched"] += 1
            first_match[gi] = ev
            checks = pair_checks(art.events[gi], ev)
            for m, ok in checks.items():
                c[f"n:{m}"] += 1
                c[f"ok:{m}"] += ok
            c["n:all_fields_accuracy"] += 1
            c["ok:all_fields_accuracy"] += all(checks.values())
        elif kind == "duplicate" and gi is not None:
            c["duplicates"] += 1
            errors["duplicates"].append(_duplicate(art, ev, first_match.get(gi), name))
        else:
            c["spurious"] += 1
            trig = (trigger_spans(ev) or [(0, 0)])[0]
            sent = _sentence_span(ev)
            errors["spurious"].append(
                {
                    "file": name,
                    "doc": art.doc,
                    "plover": ev.plover_type,
                    "acled": ev.acled_sub_event_type,
                    "trigger": art.text[trig[0] : trig[1]],
                    "sentence": _short(art.text[sent[0] : sent[1]])
                    if sent
                    else _sentence_around(art.text, trig),
                }
            )
    matched = {gi for kind, gi in outcome if kind == "match"}
    for gi, g in enumerate(art.events):
        if gi in matched:
            continue
        first = g.mentions[0]
        ours = [
            f"{ev.plover_type} {art.text[t[0] : t[1]]!r}"
            for ev in events
            if (s := _sentence_span(ev)) and any(s[0] <= a and b <= s[1] for a, b in g.mentions)
            for t in trigger_spans(ev)[:1]
        ]
        errors["unmatched"].append(
            {
                "file": name,
                "doc": art.doc,
                "plover": g.plover,
                "acled": g.acled_sub,
                "trigger": art.text[first[0] : first[1]],
                "sentence": _sentence_around(art.text, first),
                "ours_in_sentence": ours,
            }
        )


def _trigger_and_sentence(text: str, ev: Event) -> tuple[str, str]:
    trig = (trigger_spans(ev) or [(0, 0)])[0]
    sent = _sentence_span(ev)
    sentence = _short(text[sent[0] : sent[1]]) if sent else _sentence_around(text, trig)
    return text[trig[0] : trig[1]], sentence


def _duplicate(art: GoldArticle, ev: Event, first: Event | None, name: str) -> dict[str, Any]:
    """A second event for a happening already emitted, beside the first one (for --errors)."""
    trigger, sentence = _trigger_and_sentence(art.text, ev)
    out = {"file": name, "doc": art.doc, "plover": ev.plover_type, "trigger": trigger}
    out["sentence"] = sentence
    if first is not None:
        out["first_plover"] = first.plover_type
        out["first_trigger"], out["first_sentence"] = _trigger_and_sentence(art.text, first)
    return out


def evaluate_articles(
    paths: Sequence[Path], pipeline: Processor, data_dir: Path | None = None
) -> dict[str, Any]:
    """Score the pipeline on gold article files; returns {"dataset", "n_articles", "n_gold",
    "n_predicted", "metrics", "files"} plus "counts" and "errors" (for the table)."""
    if not paths:
        raise InputError("eval articles needs at least one gold file")
    paths = [Path(p) for p in paths]
    names = [p.name for p in paths]
    if len(set(names)) < len(names):
        names = [str(p) for p in paths]
    texts = _Texts()
    total: Counter[str] = Counter()
    files: dict[str, Any] = {}
    errors: dict[str, list[Any]] = {"unmatched": [], "spurious": [], "duplicates": []}
    for path, name in zip(paths, names, strict=True):
        gold = read_gold(path, data_dir, texts)
        c: Counter[str] = Counter()
        articles = (Article(text=a.text, published=a.published) for a in gold)
        for art, result in zip(gold, pipeline.process(articles), strict=True):
            _score_article(art, result, c, errors, name)
        files[name] = _shape(c)
        total.update(c)
    report = _shape(total)
    return {"dataset": " + ".join(names), **report, "files": files, "errors": errors}


def _shape(c: Counter[str]) -> dict[str, Any]:
    return {
        "n_articles": c["n_articles"],
        "n_gold": c["n_gold"],
        "n_predicted": c["n_predicted"],
        "metrics": metrics(c),
        "counts": {k: c[k] for k in COUNTS},
    }


def json_shape(report: dict[str, Any], errors: int | None = None) -> dict[str, Any]:
    """The ``--json`` object; with ``errors`` the first N unmatched / spurious events too."""
    keys = ("n_articles", "n_gold", "n_predicted", "metrics")
    out: dict[str, Any] = {"dataset": report["dataset"]}
    out.update({k: report[k] for k in keys})
    out["files"] = {name: {k: f[k] for k in keys} for name, f in report["files"].items()}
    if errors is not None:
        out["errors"] = {k: v[:errors] for k, v in report["errors"].items()}
    return out


def format_table(report: dict[str, Any], errors: int | None = None) -> str:
    files: dict[str, Any] = report["files"]
    cols = [("all", report)] + ([(n, f) for n, f in files.items()] if len(files) > 1 else [])
    label = max(len(m) for m in METRICS)
    widths = [max(8, len(n)) for n, _ in cols]
    lines = [f"dataset {report['dataset']}", ""]
    head = (
        " " * label + "  " + "  ".join(n.rjust(w) for (n, _), w in zip(cols, widths, strict=True))
    )
    lines += [head, "-" * len(head)]
    for k in COUNTS:
        cells = [str(col["counts"][k]).rjust(w) for (_, col), w in zip(cols, widths, strict=True)]
        lines.append(f"{k:<{label}}  " + "  ".join(cells))
    lines.append("-" * len(head))
    for m in METRICS:
        cells = []
        for (_, col), w in zip(cols, widths, strict=True):
            v = col["metrics"][m]
            cells.append(("n/a" if v is None else f"{v:.3f}").rjust(w))
        lines.append(f"{m:<{label}}  " + "  ".join(cells))
    if errors:
        lines += _format_errors(report["errors"], errors)
    return "\n".join(lines)


def _format_errors(errs: dict[str, list[dict[str, Any]]], n: int) -> list[str]:
    out = ["", f"unmatched gold events (first {n} of {len(errs['unmatched'])}):"]
    for e in errs["unmatched"][:n]:
        out.append(f"- {e['doc']}  {e['plover']} / {e['acled'] or '-'}  trigger {e['trigger']!r}")
        out.append(f"    {e['sentence']}")
        out.append(f"    ours in sentence: {', '.join(e['ours_in_sentence']) or 'none'}")
    out += ["", f"spurious predicted events (first {n} of {len(errs['spurious'])}):"]
    for e in errs["spurious"][:n]:
        out.append(f"- {e['doc']}  {e['plover']} / {e['acled'] or '-'}  trigger {e['trigger']!r}")
        out.append(f"    {e['sentence']}")
    out += ["", f"duplicate predicted events (first {n} of {len(errs['duplicates'])}):"]
    for e in errs["duplicates"][:n]:
        out.append(f"- {e['doc']}  {e['plover']} {e['trigger']!r}: {e['sentence']}")
        if "first_trigger" in e:
            out.append(
                f"    repeats {e['first_plover']} {e['first_trigger']!r}: {e['first_sentence']}"
            )
    return out


def dumps(report: dict[str, Any], errors: int | None = None) -> str:
    return json.dumps(json_shape(report, errors), ensure_ascii=False)
