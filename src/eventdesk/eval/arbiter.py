"""Score an arbiter alone on ACLED rows: event type and sub-event type accuracy, overall and
per region, beside the keyword baseline, and the predict time per text.

    python -m eventdesk.eval.arbiter ACLED.csv [--model DIR] [--json]

Rows are read, grouped and scored exactly as ``eventdesk eval acled`` does (a leading
"Label: " stripped, one prediction per distinct text, every gold row counted), so the figures
sit beside that command's ``--by-region`` table. Readings: ``arbiter`` (its own answer,
``none`` included, as if it coded alone), ``arbiter_forced`` (its best answer other than
``none``, as when the rules already found an event and the arbiter decides its type),
``baseline`` (the keyword list) and, with ``--with-rules``, ``rules`` (the rule coder's primary
event, as ``eval acled`` scores it) and ``rules+arbiter@T`` (the arbiter overrides the rules
where its probability is at least T) and ``rules|arbiter`` (the arbiter's forced answer only
where the rules found no typed event).
Measuring never trains: the model is read from ``--model`` or the shipped one.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..arbiter.labels import NONE, event_type_of
from ..arbiter.model import Arbiter, load
from ..errors import EventdeskError
from .acled import (
    BASELINE_METRICS,
    NO_REGION,
    Key,
    load_texts,
    metrics_of,
    region_of,
    score_types,
)

Answer = tuple[str | None, str | None]  # (event type, sub-event type); None = no event
THRESHOLDS = (0.5, 0.7, 0.9)


@dataclass(frozen=True, slots=True)
class Guess:
    """The arbiter's answers for one text: free (``none`` allowed) and forced, with scores."""

    free: Answer
    forced: Answer
    free_score: float
    forced_score: float


def guess(arbiter: Arbiter, text: str) -> Guess:
    """Both readings of one text from one prediction (event type = the type of the best
    sub-event type)."""
    probs = arbiter.probabilities(text, "sub_event_type")
    sub = max(probs, key=lambda k: probs[k])
    forced = max((k for k in probs if k != NONE), key=lambda k: probs[k])
    free = (event_type_of(sub), None if sub == NONE else sub)
    return Guess(free, (event_type_of(forced), forced), probs[sub], probs[forced])


def _hybrid(rules: Answer, g: Guess, threshold: float) -> Answer:
    """The rules' answer, overridden by the arbiter where it is at least ``threshold`` sure:
    its forced answer where the rules found an event, its free answer where they did not."""
    if rules[0] is not None:
        return g.forced if g.forced_score >= threshold else rules
    return g.free if g.free_score >= threshold else rules


def _rules_answers(texts: dict[Key, list[dict[str, str]]]) -> dict[Key, Answer]:
    from ..pipeline import Pipeline
    from .acled import code_texts

    primaries = code_texts(texts, Pipeline())
    return {
        k: (ev.acled_event_type, ev.acled_sub_event_type) if ev else (None, None)
        for k, ev in primaries.items()
    }


def measure(
    path: Path, arbiter: Arbiter, limit: int | None = None, with_rules: bool = False
) -> dict[str, Any]:
    """The report: per reading (arbiter, arbiter_forced, baseline; with ``with_rules`` also
    rules and rules+arbiter@T) the type accuracies overall and per region, and the predict
    time per text."""
    from .keywords import packaged

    texts = load_texts(path, limit)
    keys: list[Key] = [k for k in texts if k[0]]
    started = time.perf_counter()
    guesses = {k: guess(arbiter, k[0]) for k in keys}
    seconds = (time.perf_counter() - started) / max(1, len(keys))
    baseline = packaged()
    rules = _rules_answers(texts) if with_rules else {}
    nothing = Guess((None, None), (None, None), 0.0, 0.0)
    tallies: dict[str, dict[str, Counter[str]]] = {}
    sure: dict[float, Counter[str]] = {t: Counter() for t in THRESHOLDS}
    for key, rows in texts.items():
        g = guesses.get(key, nothing)
        for t in THRESHOLDS:
            if g.forced_score >= t:
                for row in rows:
                    sure[t].update(score_types(row, *g.forced))
        coded = baseline.code(key[0]) if key[0] else None
        answers: dict[str, Answer] = {
            "arbiter": g.free,
            "arbiter_forced": g.forced,
            "baseline": coded if coded else (None, None),
        }
        if with_rules:
            answers["rules"] = rules.get(key, (None, None))
            for t in THRESHOLDS:
                answers[f"rules+arbiter@{t}"] = _hybrid(answers["rules"], g, t)
            # the arbiter's forced answer only where the rules found no typed event
            found = answers["rules"][0] is not None
            answers["rules|arbiter"] = answers["rules"] if found else g.forced
        for row in rows:
            for name, (etype, sub) in answers.items():
                per = tallies.setdefault(name, {})
                per.setdefault(region_of(row), Counter()).update(score_types(row, etype, sub))
    report: dict[str, Any] = {
        "dataset": str(path),
        "texts": len(keys),
        "predict_ms_per_text": round(seconds * 1000, 3),
        "model": arbiter.info.get("settings", {}),
        "readings": {},
        # the forced reading on the rows where its probability is at least T
        "confident": {
            str(t): {"n": c["_n"], "metrics": metrics_of(c, BASELINE_METRICS)}
            for t, c in sure.items()
        },
    }
    for name, per in tallies.items():
        total: Counter[str] = Counter()
        for tally in per.values():
            total.update(tally)
        report["readings"][name] = {
            "n": total["_n"],
            "metrics": metrics_of(total, BASELINE_METRICS),
            "regions": {
                r: {"n": per[r]["_n"], "metrics": metrics_of(per[r], BASELINE_METRICS)}
                for r in sorted(per, key=lambda r: (r == NO_REGION, r))
            },
        }
    return report


def format_report(report: dict[str, Any]) -> str:
    """One line per region: n, then event / sub-event type accuracy of each reading."""
    readings: dict[str, Any] = report["readings"]
    regions = list(next(iter(readings.values()))["regions"])
    width = max(len("region"), len("(all)"), *(len(r) for r in regions))
    lines = [
        f"dataset {report['dataset']}  texts={report['texts']}  "
        f"arbiter predict {report['predict_ms_per_text']} ms/text",
        "each cell: event type / sub-event type accuracy",
        f"{'region':<{width}} {'n':>5}  " + "  ".join(f"{n:>18}" for n in readings),
    ]
    for region in [*regions, "(all)"]:
        cells, n = [], 0
        for block in readings.values():
            part = block if region == "(all)" else block["regions"][region]
            n = part["n"]
            etype, sub = (part["metrics"][k] or 0.0 for k in BASELINE_METRICS)
            cells.append(f"{etype:>12.3f}/{sub:.3f}")
        lines.append(f"{region:<{width}} {n:>5}  " + "  ".join(cells))
    for t, block in report["confident"].items():
        etype, sub = (block["metrics"][k] or 0.0 for k in BASELINE_METRICS)
        lines.append(
            f"arbiter_forced where p >= {t}: {block['n']} rows, type {etype:.3f} sub {sub:.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eventdesk.eval.arbiter", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("csv", type=Path, help="ACLED export with notes and gold types")
    parser.add_argument("--model", type=Path, help="model directory (default: the shipped one)")
    parser.add_argument("--limit", type=int, help="only the first N rows")
    parser.add_argument(
        "--with-rules",
        action="store_true",
        help="also run the rule coder (slow) and rules+arbiter at thresholds",
    )
    parser.add_argument("--json", action="store_true", help="the report as JSON")
    args = parser.parse_args(argv)
    try:
        report = measure(args.csv, load(args.model), args.limit, args.with_rules)
    except EventdeskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report, indent=1) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
