"""`eventdesk eval location`: where did *this* event happen? (event-geolocation sentences)

Each record is one sentence with one marked event verb (``VERB`` span) and zero or more
``LOCATION`` spans naming where that event happened (none: the sentence does not say). Offsets
are taken from ``_char_start_from_tokens`` / ``_char_end_from_tokens`` (the plain ``start`` /
``end`` are unreliable in the source); only records with ``answer == "accept"`` are scored.
The publication date is unknown (``published=None``).

Scoring rules (kept stable so numbers compare across runs):

* The sentence's event is our event whose ``trigger`` evidence overlaps the VERB span (most
  overlap, then highest confidence); its ``evidence["location"]`` span is the prediction.
* If no event trigger overlaps the verb (the verb is not in our event lexicon), the location
  stage is asked about the verb itself (``Pipeline.locate``: its place arguments, else the most
  specific place of the sentence nearest to it).
* ``location_accuracy``: the predicted span overlaps any gold LOCATION span by at least one
  character, or both are none. The gold marks the words of the place name; a predicted span
  covering part of a multi-word name ("Sheikh" of "Sheikh Miskeen") counts.
* ``location_precision``: of sentences where we give a location, share that overlap a gold span.
  ``location_recall``: of sentences with a gold location, share where we give an overlapping
  one. ``no_location_accuracy``: of sentences without a gold location, share where we give none.
  ``verb_found_rate``: share of sentences where some event's trigger overlaps the VERB span.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..pipeline import Pipeline
from ..records import Article, Event, Span
from . import read_jsonl

METRICS = (
    "location_accuracy",
    "location_precision",
    "location_recall",
    "no_location_accuracy",
    "verb_found_rate",
)


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    verb: Span
    locations: tuple[Span, ...]


def _span(s: dict[str, Any]) -> Span | None:
    start, end = s.get("_char_start_from_tokens"), s.get("_char_end_from_tokens")
    if not isinstance(start, int) or not isinstance(end, int) or end <= start:
        return None
    return start, end


def read_sentences(path: Path) -> tuple[list[Sentence], int]:
    """Accepted sentences with a usable VERB span, and the number of accepted ones skipped."""
    out: list[Sentence] = []
    skipped = 0
    for lineno, rec in read_jsonl(path, "an event-geolocation record", "'text' and 'spans'"):
        if "text" not in rec:
            raise InputError(f"{path}:{lineno}: not an event-geolocation record (no 'text')")
        text, spans = rec["text"], rec.get("spans") or []
        if rec.get("answer") != "accept":
            continue
        verbs = [v for s in spans if s.get("label") == "VERB" and (v := _span(s)) is not None]
        locs = [v for s in spans if s.get("label") == "LOCATION" and (v := _span(s)) is not None]
        if not isinstance(text, str) or not verbs:
            skipped += 1
            continue
        out.append(Sentence(text, verbs[0], tuple(locs)))
    return out, skipped


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _distance(a: Span, b: Span) -> int:
    return max(0, a[0] - b[1], b[0] - a[1])


def event_for_verb(
    events: tuple[Event, ...] | list[Event], verb: Span
) -> tuple[Event | None, bool]:
    """The event the verb span denotes, and whether its trigger overlaps the verb."""
    triggered = [(e, dict(e.evidence).get("trigger")) for e in events]
    with_trigger = [(e, t) for e, t in triggered if t is not None]
    if not with_trigger:
        return None, False
    best_overlap = max(with_trigger, key=lambda p: (_overlap(p[1], verb), p[0].confidence))
    if _overlap(best_overlap[1], verb) > 0:
        return best_overlap[0], True
    nearest = min(with_trigger, key=lambda p: (_distance(p[1], verb), -p[0].confidence))
    return nearest[0], False


def evaluate_location(path: Path, pipeline: Pipeline) -> dict[str, Any]:
    """Score event locations on an event-geolocation file; returns {"dataset", "n", "metrics",
    "skipped"}."""
    sentences, skipped = read_sentences(Path(path))

    def articles() -> Iterator[Article]:
        for s in sentences:
            yield Article(text=s.text, published=None)

    c: Counter[str] = Counter()
    for sent, (result, doc, places) in zip(sentences, pipeline.analyse(articles()), strict=True):
        event, found = event_for_verb(result.events, sent.verb)
        if found and event is not None:
            pred = dict(event.evidence).get("location")
        else:  # not one of our event triggers: ask the location stage about the verb itself
            pred = pipeline.locate(doc, places, sent.verb)
        c["verb_found"] += found
        hit = pred is not None and any(_overlap(pred, g) > 0 for g in sent.locations)
        if sent.locations:
            c["gold_loc"] += 1
            c["recall_hit"] += hit
            c["correct"] += hit
        else:
            c["gold_none"] += 1
            c["none_ok"] += pred is None
            c["correct"] += pred is None
        if pred is not None:
            c["pred_loc"] += 1
            c["precision_hit"] += hit

    def ratio(a: str, b: str | int) -> float | None:
        d = c[b] if isinstance(b, str) else b
        return round(c[a] / d, 4) if d else None

    n = len(sentences)
    metrics = {
        "location_accuracy": ratio("correct", n),
        "location_precision": ratio("precision_hit", "pred_loc"),
        "location_recall": ratio("recall_hit", "gold_loc"),
        "no_location_accuracy": ratio("none_ok", "gold_none"),
        "verb_found_rate": ratio("verb_found", n),
    }
    return {"dataset": Path(path).name, "n": n, "metrics": metrics, "skipped": skipped}


def format_table(report: dict[str, Any]) -> str:
    lines = [f"dataset {report['dataset']}  n={report['n']}"]
    if report.get("skipped"):
        lines.append(f"(skipped {report['skipped']} accepted records without a VERB span)")
    lines.append("")
    width = max(len(k) for k in report["metrics"])
    for name, value in report["metrics"].items():
        shown = "n/a" if value is None else f"{value:.3f}"
        lines.append(f"  {name:<{width}}  {shown}")
    return "\n".join(lines)
