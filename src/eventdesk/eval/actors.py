"""`eventdesk eval actors`: are named real-world actors coded right? (sentences of ours)

Each record is one sentence with one clear event and the expected coding of its two sides:
``{"id", "text", "published", "actor1": {"country", "inter"}, "actor2": {...} | null, "kind"}``
(``kind``: leader, group, force, igo or mixed). The project's own set is
``tests/fixtures/actors/real_world.jsonl``: heads of state and ministers (coded as their state's
government on the sentence's date), named armed groups, state forces at home and abroad, IGOs and
NGOs, written by the eventdesk team.

Scoring: the sentence's event is its first event (in text order) that has a side. A side is right
when its ``(country, inter)`` equals the expected one, or when both are none. Metrics:
``actor1_accuracy``, ``actor2_accuracy``, ``both_accuracy`` (both sides right), and
``actor1_accuracy`` per kind (``kind:<kind>``); ``no_event_rate``: sentences with no event.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..pipeline import Pipeline
from ..records import Actor, Article
from . import read_jsonl

METRICS = ("actor1_accuracy", "actor2_accuracy", "both_accuracy", "no_event_rate")


def _side(value: Any, where: str) -> tuple[str | None, int] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("inter"), int):
        raise InputError(f"{where}: a side is null or {{'country': ISO3 or null, 'inter': 0-8}}")
    return (value.get("country"), value["inter"])


def _coded(actor: Actor | None) -> tuple[str | None, int] | None:
    return None if actor is None else (actor.country, actor.inter or 0)


def evaluate_actors(path: Path, pipeline: Pipeline) -> dict[str, Any]:
    """The report: metrics overall and per kind, and the sentences coded wrong."""
    tally: Counter[str] = Counter()
    wrong: list[dict[str, Any]] = []
    for lineno, rec in read_jsonl(path, "an actor record", "'text', 'actor1' and 'actor2'"):
        where = f"{path}:{lineno}"
        if not isinstance(rec.get("text"), str) or "actor1" not in rec:
            raise InputError(f"{where}: not an actor record (needs 'text' and 'actor1')")
        gold1, gold2 = _side(rec["actor1"], where), _side(rec.get("actor2"), where)
        result = pipeline.process_one(Article(text=rec["text"], published=rec.get("published")))
        events = sorted(result.events, key=lambda e: dict(e.evidence).get("trigger", (0, 0)))
        event = next((e for e in events if e.actor1 or e.actor2), None)
        got1 = _coded(event.actor1) if event else None
        got2 = _coded(event.actor2) if event else None
        kind = str(rec.get("kind") or "other")
        tally["n"] += 1
        tally[f"n:{kind}"] += 1
        tally["no_event"] += event is None
        tally["actor1"] += got1 == gold1
        tally[f"actor1:{kind}"] += got1 == gold1
        tally["actor2"] += got2 == gold2
        tally["both"] += got1 == gold1 and got2 == gold2
        if (got1, got2) != (gold1, gold2):
            wrong.append({"id": rec.get("id"), "expected": [gold1, gold2], "coded": [got1, got2]})
    n = max(tally["n"], 1)
    metrics = {
        "actor1_accuracy": tally["actor1"] / n,
        "actor2_accuracy": tally["actor2"] / n,
        "both_accuracy": tally["both"] / n,
        "no_event_rate": tally["no_event"] / n,
    }
    for key in sorted(k for k in tally if k.startswith("n:")):
        kind = key[2:]
        metrics[f"kind:{kind}"] = tally[f"actor1:{kind}"] / tally[key]
    return {"dataset": path.name, "n": tally["n"], "metrics": metrics, "wrong": wrong}


def format_table(report: dict[str, Any]) -> str:
    lines = [f"dataset {report['dataset']}  n={report['n']}"]
    lines += [f"  {k:<20} {v:.3f}" for k, v in report["metrics"].items()]
    if report["wrong"]:
        lines.append(f"coded wrong ({len(report['wrong'])}), as (country, inter):")
        lines += [
            f"  {w['id']}: expected {w['expected']}, coded {w['coded']}"
            for w in report["wrong"][:40]
        ]
    return "\n".join(lines)
