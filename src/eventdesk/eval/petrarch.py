"""`eventdesk eval petrarch`: CAMEO codings against the PETRARCH unit-test sentences.

Each record is one sentence (``text``, ``date`` YYYYMMDD) with its expected codings
``{eventcode, sourcecode, targetcode}`` or ``{noevents: "True"}``. With ``dictionaries`` (a
folder of PETRARCH actors / agents / verbs files) the pipeline's lexicon is the packaged one
extended with those entries; date-restricted actor codes are chosen for each sentence's date.
As in PETRARCH, a verbs file is the whole event vocabulary and an agents file the whole agent
vocabulary: they replace the packaged triggers and agents (see :func:`petrarch_lexicon`).

Scoring rules (kept stable so numbers compare across runs):

* A predicted coding is ``(event.cameo, actor1 code, actor2 code)`` for every event that is
  **not negated** (PETRARCH does not code a negated verb as that event); future, hypothetical
  and intended events count, as PETRARCH codes "will restore", "is about to restore" too.
  Duplicates within a sentence count once.
* A gold coding's root is the first two digits of ``eventcode``. Records with ``error``
  codings (input-handling tests) are skipped, and so is every record with a coding whose root
  is not a CAMEO root 01-20 (the validation verb dictionary has private codes 22x, 34x, 80x,
  90x): part of its events could not be judged. ``n`` counts the scored records.
* Actor codes: gold ``---``, ``###``, empty or a quoted text (an actor PETRARCH found but could
  not code) mean "no coded actor", as does a predicted actor that is missing, has no code or is
  ``---``. Otherwise codes must be equal, with one allowance: a bare state code and the same
  code + ``GOV`` are equal (PETRARCH codes "Arnor" as ``ARN``, eventdesk codes a country acting
  as ``ARNGOV``). ``GONMIL`` vs ``GON``, or ``ARNGOV`` vs ``ARNGOVFRM``, do not match.
* ``precision`` = matched / predicted codings, ``recall`` = matched / gold codings (one-to-one,
  root and both actors equal). ``noevents`` records (or an empty coding list) have no gold
  codings: whatever is predicted there lowers precision; ``noevents_accuracy`` is the share of
  them where nothing is coded.
* ``root_accuracy``: share of gold codings whose root is the root of some predicted event of
  the sentence. ``country_f1``: F1 with actors compared on their first three letters only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..extract.lexicon import Lexicon, TriggerEntry
from ..pipeline import Pipeline
from ..records import Actor, Article, Event
from ..resolve.petrarch_dict import PetrarchDictionaries
from ..resolve.petrarch_verbs import read_verbs
from . import read_jsonl

METRICS = ("precision", "recall", "f1", "root_accuracy", "country_f1", "noevents_accuracy")
CAMEO_ROOTS = {f"{i:02d}" for i in range(1, 21)}
Coding = tuple[str, str | None, str | None]


@dataclass(frozen=True, slots=True)
class Record:
    rid: str
    text: str
    date: dt.date | None
    gold: tuple[Coding, ...]
    noevents: bool


def _date(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(str(value).strip(), "%Y%m%d").date()
    except ValueError:
        return None


def gold_actor(code: Any) -> str | None:
    if not isinstance(code, str):
        return None
    code = code.strip().upper()
    if not code or code.startswith('"') or code in {"---", "###"}:
        return None
    return code


def predicted_actor(actor: Actor | None) -> str | None:
    if actor is None or not actor.cameo:
        return None
    code = actor.cameo.strip().upper()
    return None if code in {"", "---"} else code


def actors_match(gold: str | None, pred: str | None) -> bool:
    if gold is None or pred is None:
        return gold is pred
    if gold == pred:
        return True
    short, long = sorted((gold, pred), key=len)
    return len(short) == 3 and long == short + "GOV"


def _country_match(gold: str | None, pred: str | None) -> bool:
    if gold is None or pred is None:
        return gold is pred
    return gold[:3] == pred[:3]


def read_records(path: Path) -> tuple[list[Record], int]:
    """Scorable records and the number skipped (see the module docstring)."""
    out: list[Record] = []
    skipped = 0
    what = "a PETRARCH unit-test record"
    for lineno, rec in read_jsonl(path, what, "'text' and 'event_codings'"):
        if "text" not in rec:
            raise InputError(f"{path}:{lineno}: not {what} (no 'text')")
        text, codings = rec["text"], rec.get("event_codings") or []
        gold: list[Coding] = []
        noevents = False
        ok = isinstance(text, str) and bool(text.strip())
        for c in codings:
            if not isinstance(c, dict) or "error" in c:
                ok = False
            elif str(c.get("noevents", "")).lower() == "true":
                noevents = True
            else:
                root = str(c.get("eventcode", ""))[:2]
                if root not in CAMEO_ROOTS:
                    ok = False
                gold.append(
                    (root, gold_actor(c.get("sourcecode")), gold_actor(c.get("targetcode")))
                )
        if not ok:
            skipped += 1
            continue
        out.append(
            Record(
                str(rec.get("id", lineno)),
                text,
                _date(rec.get("date", "")),
                tuple(gold),
                noevents or not gold,
            )
        )
    return out, skipped


def predicted_codings(events: tuple[Event, ...] | list[Event]) -> list[Coding]:
    """Our events as PETRARCH codings. PETRARCH codes dyads: an event with no target (a
    bare "..., an official said") is not a coding, nor is a negated one. An event with
    several actors on a side is one coding per dyad (``Event.pairs``)."""
    seen: dict[Coding, None] = {}
    for ev in events:
        if ev.negated or ev.actor2 is None:
            continue
        for one, two in ev.pairs():
            seen[(ev.cameo, predicted_actor(one), predicted_actor(two))] = None
    return list(seen)


def _matched(gold: tuple[Coding, ...], pred: list[Coding], country: bool) -> int:
    same = _country_match if country else actors_match
    used: set[int] = set()
    hits = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and p[0] == g[0] and same(g[1], p[1]) and same(g[2], p[2]):
                used.add(i)
                hits += 1
                break
    return hits


def petrarch_lexicon(
    base: Lexicon,
    dicts: PetrarchDictionaries,
    verbs: list[TriggerEntry],
    on: dt.date | None,
) -> Lexicon:
    """``base`` with a user's PETRARCH dictionaries for the date ``on``.

    As in PETRARCH, a user's verb dictionary is the whole event vocabulary and a user's agents
    dictionary the whole agent vocabulary: when given, they replace the packaged triggers
    (nouns, verbs they do not list) and agents rather than adding to them. Actors add to the
    packaged groups.
    """
    entries, agents, words = dicts.entries(on)
    return replace(
        base,
        triggers=() if verbs else base.triggers,
        agents={} if agents else base.agents,
    ).extended(groups=entries, agents=agents, country_words=words, triggers=verbs)


def _variants(
    records: list[Record], pipeline: Pipeline, dictionaries: Path | None
) -> list[tuple[Pipeline, list[Record]]]:
    """Records grouped by the variant of the date-restricted dictionary codes on their date,
    each group with a pipeline whose lexicon holds that variant (usually a handful)."""
    if dictionaries is None:
        return [(pipeline, records)]
    dicts = PetrarchDictionaries.read(dictionaries)
    base = pipeline.lexicon or Lexicon.load(pipeline.lexicon_dir)
    verbs = [
        entry
        for path in sorted(dictionaries.glob("*verbs*.txt"))
        for entry in read_verbs(path, base.cameo_plover)
    ]
    groups: dict[tuple[str | None, ...], tuple[Pipeline, list[Record]]] = {}
    for rec in records:
        key = dicts.variant(rec.date)
        if key not in groups:
            lexicon = petrarch_lexicon(base, dicts, verbs, rec.date)
            p = Pipeline(
                nlp=pipeline.nlp,
                gazetteer_path=pipeline.gazetteer_path,
                lexicon=lexicon,
                rules_off=pipeline.rules_off,
            )
            groups[key] = (p, [])
        groups[key][1].append(rec)
    return list(groups.values())


def evaluate_petrarch(
    path: Path, pipeline: Pipeline, dictionaries: Path | None = None
) -> dict[str, Any]:
    """Score CAMEO codings on a PETRARCH unit-test file; returns {"dataset", "n", "metrics",
    "skipped", "codings"}."""
    records, skipped = read_records(Path(path))
    tp = tp_country = n_pred = n_gold = root_hits = ne_total = ne_ok = 0
    for pipe, recs in _variants(records, pipeline, dictionaries):

        def articles(rs: list[Record] = recs) -> Iterator[Article]:
            for r in rs:
                yield Article(text=r.text, published=r.date.isoformat() if r.date else None)

        for rec, result in zip(recs, pipe.process(articles()), strict=True):
            pred = predicted_codings(result.events)
            n_pred += len(pred)
            n_gold += len(rec.gold)
            tp += _matched(rec.gold, pred, country=False)
            tp_country += _matched(rec.gold, pred, country=True)
            roots = {p[0] for p in pred}
            root_hits += sum(g[0] in roots for g in rec.gold)
            if rec.noevents:
                ne_total += 1
                ne_ok += not pred

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    def f1(hits: int) -> float | None:
        return round(2 * hits / (n_pred + n_gold), 4) if n_pred + n_gold else None

    metrics: dict[str, float | None] = {
        "precision": ratio(tp, n_pred),
        "recall": ratio(tp, n_gold),
        "f1": f1(tp),
        "root_accuracy": ratio(root_hits, n_gold),
        "country_f1": f1(tp_country),
        "noevents_accuracy": ratio(ne_ok, ne_total),
    }
    return {
        "dataset": Path(path).name,
        "n": len(records),
        "metrics": metrics,
        "skipped": skipped,
        "codings": {"gold": n_gold, "predicted": n_pred, "matched": tp},
    }


def format_table(report: dict[str, Any]) -> str:
    lines = [f"dataset {report['dataset']}  n={report['n']}"]
    if report.get("skipped"):
        lines.append(f"(skipped {report['skipped']} records: error tests or non-CAMEO codes)")
    codings = report.get("codings")
    if codings:
        lines.append(
            f"codings: gold {codings['gold']}, predicted {codings['predicted']}, "
            f"matched {codings['matched']}"
        )
    lines.append("")
    width = max(len(k) for k in report["metrics"])
    for name, value in report["metrics"].items():
        shown = "n/a" if value is None else f"{value:.3f}"
        lines.append(f"  {name:<{width}}  {shown}")
    return "\n".join(lines)
