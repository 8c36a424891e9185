"""`eventdesk eval rules`: what each rule is worth on an ACLED file, by switching it off.

Affordable by construction: every note is parsed once (the spaCy Docs are kept), each text is
extracted once with every rule on while :func:`eventdesk.rules.counting` records which rules
fire on it; then, for each rule that fired, only the texts it fired on are extracted again with
that rule switched off (same stage objects, same Docs). A text a rule did not fire on cannot
change when the rule is off, so its primary event is kept. The per-row scoring is
:func:`eventdesk.eval.acled.score_row`, the same as ``eval acled``. Base rules (the
defaults other rules refine, always on) are listed but not measured.

A rule's effect on a metric is ``on - off`` (the metric with the rule minus without it). It
helps a region when some metric gets better there (higher, or lower for ``no_event_rate``) and
none gets worse; it hurts a region when some metric gets worse there.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import rules
from ..pipeline import Pipeline
from ..records import Event
from .acled import (
    LOWER_IS_BETTER,
    METRICS,
    SHORT,
    Key,
    article_for,
    load_texts,
    metrics_of,
    primary_event,
    region_of,
    score_row,
)

DIGITS = 5  # deltas are rounded to this many decimals


def _better(metric: str, delta: float) -> int:
    """+1 when ``delta`` (on - off) is an improvement of ``metric``, -1 a loss, 0 neither."""
    if round(delta, DIGITS) == 0:
        return 0
    sign = 1 if delta > 0 else -1
    return -sign if metric in LOWER_IS_BETTER else sign


def _deltas(on: Counter[str], off: Counter[str]) -> dict[str, float]:
    m_on, m_off = metrics_of(on, digits=None), metrics_of(off, digits=None)
    return {
        m: round((m_on[m] or 0.0) - (m_off[m] or 0.0), DIGITS)
        for m in METRICS
        if m_on[m] is not None or m_off[m] is not None
    }


def _effect(
    name: str,
    keys: list[Key],
    texts: dict[Key, list[dict[str, str]]],
    base: dict[Key, Event | None],
    off: dict[Key, Event | None],
    tallies: dict[str, Counter[str]],
) -> dict[str, Any]:
    """Deltas overall and per region when ``off`` replaces ``base`` for ``keys``."""
    changed: dict[str, Counter[str]] = {}
    fired_in: set[str] = set()
    for key in keys:
        for row in texts[key]:
            region = region_of(row)
            fired_in.add(region)
            diff = changed.setdefault(region, Counter())
            diff.update(score_row(row, off[key]))
            diff.subtract(score_row(row, base[key]))
    regions: dict[str, dict[str, float]] = {}
    total_on: Counter[str] = Counter()
    total_off: Counter[str] = Counter()
    for region, on in tallies.items():
        without = Counter(on)
        without.update(changed.get(region, Counter()))
        total_on.update(on)
        total_off.update(without)
        if region in fired_in:
            regions[region] = _deltas(on, without)
    helps = {m: sum(_better(m, d.get(m, 0.0)) > 0 for d in regions.values()) for m in METRICS}
    hurts = {m: sum(_better(m, d.get(m, 0.0)) < 0 for d in regions.values()) for m in METRICS}
    verdicts = {
        region: {_better(m, v) for m, v in d.items()} - {0} for region, d in regions.items()
    }
    helped = sorted(r for r, v in verdicts.items() if v == {1})
    hurt = sorted(r for r, v in verdicts.items() if -1 in v)
    rule = rules.registry().get(name)
    return {
        "rule": name,
        "stage": rule.stage if rule else name.split(".", 1)[0],
        "fired": len(keys),
        "rows": sum(len(texts[k]) for k in keys),
        "overall": _deltas(total_on, total_off),
        "regions": regions,
        "helps": helps,
        "hurts": hurts,
        "regions_helped": helped,
        "regions_hurt": hurt,
        "changes": any(v for v in verdicts.values()),
    }


def _summary(effects: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "rules": len(effects),
        "help_every_region": sum(
            bool(e["regions_helped"])
            and not e["regions_hurt"]
            and len(e["regions_helped"]) == len(e["regions"])
            for e in effects
        ),
        "help_one_region": sum(
            len(e["regions_helped"]) == 1 and not e["regions_hurt"] for e in effects
        ),
        "hurt_somewhere": sum(bool(e["regions_hurt"]) for e in effects),
        "change_nothing": sum(not e["changes"] for e in effects),
    }


def evaluate_rules(
    path: Path,
    pipeline: Pipeline,
    limit: int | None = None,
    only: frozenset[str] | None = None,
    say: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Each rule's effect on the ACLED metrics of ``path``, overall and per region.

    ``only`` limits the measured rules (names); rules already in ``pipeline.rules_off`` stay
    off throughout and are not measured. Returns {"dataset", "n", "texts", "metrics",
    "rules": [effect, ...], "never_fired", "base", "summary", "seconds"}."""
    say = say or (lambda m: None)
    started = time.perf_counter()
    texts = load_texts(path, limit)
    keys = [k for k in texts if k[0]]
    _ = pipeline.stages  # load the model and open the gazetteer first
    say(f"parsing {len(keys)} texts")
    docs: dict[Key, Any] = {}
    for doc, key in pipeline.nlp.pipe_tuples((k[0], k) for k in keys):
        docs[key] = doc
    say("extracting with every rule on")
    base: dict[Key, Event | None] = dict.fromkeys(texts)
    fired: dict[str, list[Key]] = {}
    for key in keys:
        with rules.counting() as counts:
            result = pipeline.process_doc(docs[key], article_for(key))
        base[key] = primary_event(result.events)
        for name in counts:
            fired.setdefault(name, []).append(key)
    tallies: dict[str, Counter[str]] = {}
    for key, gold_rows in texts.items():
        for row in gold_rows:
            tallies.setdefault(region_of(row), Counter()).update(score_row(row, base[key]))
    registry = rules.registry()
    order = {name: i for i, name in enumerate(registry)}
    base_rules = {n for n, r in registry.items() if r.base}  # always on: nothing to measure
    names = sorted(
        (n for n in fired if n not in base_rules and (only is None or n in only)),
        key=lambda n: (order.get(n, 1 << 30), n),
    )
    effects: list[dict[str, Any]] = []
    switched = pipeline.rules_off
    try:
        for i, name in enumerate(names, 1):
            say(f"[{i}/{len(names)}] {name} off: {len(fired[name])} texts")
            pipeline.rules_off = switched | {name}
            off = {
                k: primary_event(pipeline.process_doc(docs[k], article_for(k)).events)
                for k in fired[name]
            }
            effects.append(_effect(name, fired[name], texts, base, off, tallies))
    finally:
        pipeline.rules_off = switched
    total: Counter[str] = Counter()
    for tally in tallies.values():
        total.update(tally)
    return {
        "dataset": path.name,
        "n": total["_n"],
        "texts": len(keys),
        "metrics": metrics_of(total),
        "rules": effects,
        "never_fired": sorted(
            n for n in registry if n not in fired and (only is None or n in only)
        ),
        "base": sorted(n for n in base_rules if only is None or n in only),
        "summary": _summary(effects),
        "seconds": round(time.perf_counter() - started, 1),
    }


def format_table(report: dict[str, Any]) -> str:
    """rule, fired texts, then per metric: overall delta and regions helped/hurt."""
    effects: list[dict[str, Any]] = report["rules"]
    width = max([len("rule"), *(len(e["rule"]) for e in effects)])
    cell = 14
    lines = [
        f"dataset {report['dataset']}  n={report['n']} rows, {report['texts']} texts; "
        f"{len(effects)} rules fired",
        "",
        f"{'rule':<{width}} {'fired':>5}  " + " ".join(f"{SHORT[m]:>{cell}}" for m in METRICS),
    ]
    for e in effects:
        cells = []
        for m in METRICS:
            d = e["overall"].get(m)
            shown = "-" if d is None else f"{d:+.4f} {e['helps'][m]}/{e['hurts'][m]}"
            cells.append(f"{shown:>{cell}}")
        lines.append(f"{e['rule']:<{width}} {e['fired']:>5}  " + " ".join(cells))
    s = report["summary"]
    lines += [
        "",
        "cell: overall delta (rule on minus off), then regions it helps / hurts on that metric "
        "(for no_ev, fewer is better)",
        f"summary: {s['rules']} rules fired; {s['help_every_region']} help every region they "
        f"fire in, {s['help_one_region']} help exactly one region (and hurt none), "
        f"{s['hurt_somewhere']} hurt some region, {s['change_nothing']} change nothing",
    ]
    if report.get("base"):
        lines.append(f"base rules (always on, not measured): {', '.join(report['base'])}")
    if report.get("never_fired"):
        lines.append(f"never fired: {', '.join(report['never_fired'])}")
    return "\n".join(lines)
