"""The evaluation gate: every evaluation against pinned per-metric bounds in ``baseline.json``.

``baseline.json`` lists evaluations (kind, gold file relative to the data folder, options; the
``articles`` kind takes a list ``files`` of gold files, scored together) and,
per metric, a bound with its direction made explicit: ``{"min": 0.787}`` is a floor (higher is
better), ``{"max": 0.048}`` a ceiling (lower is better, e.g. ``no_event_rate``,
``mean_error_km``). A metric passes when it is within ``tolerance`` (0.0005) of its bound.

* Evaluations whose gold file (any of its ``files``) is missing under the data folder are
  skipped (reported).
* ``update=True`` raises floors / lowers ceilings to the current values (floors rounded down,
  ceilings up, to 3 decimals) and adds bounds for metrics that have none; it never loosens one.
* Loosening a bound (a metric got worse on purpose) takes ``update=True, lower=True``.
"""

from __future__ import annotations

import copy
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import rules
from ..errors import EventdeskError
from ..pipeline import Pipeline

BASELINE = Path(__file__).with_name("baseline.json")
TOLERANCE = 0.0005
# counts a report gives for the record, not scores: never pinned
NOT_GATED = {"spans_realigned", "spans_unaligned"}
LOWER_IS_BETTER = {
    "no_event_rate",
    "mean_error_km",
    "median_error_km",
    "duplicate_rate",
    "spurious_rate",
}
KINDS = ("acled", "petrarch", "geo", "location", "articles")


@dataclass(frozen=True, slots=True)
class GateRow:
    evaluation: str
    metric: str
    value: float | None
    direction: str | None  # "min" (a floor) | "max" (a ceiling) | None (no bound)
    bound: float | None
    status: str  # ok | FAIL | raised | tightened | loosened | added | new | skipped | dropped


@dataclass(frozen=True, slots=True)
class GateResult:
    rows: tuple[GateRow, ...]
    passed: bool
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    written: Path | None = None  # the baseline file, when --update changed it

    def table(self) -> str:
        header = ("evaluation", "metric", "value", "bound", "status")
        body = [
            (
                r.evaluation,
                r.metric,
                "-" if r.value is None else _fmt(r.metric, r.value),
                "-"
                if r.bound is None
                else (">= " if r.direction == "min" else "<= ") + _fmt(r.metric, r.bound),
                r.status,
            )
            for r in self.rows
        ]
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(5)]
        line = "  ".join("-" * w for w in widths)
        out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), line]
        for row in body:
            out.append(
                "  ".join(
                    c.rjust(w) if i in (2, 3) else c.ljust(w)
                    for i, (c, w) in enumerate(zip(row, widths, strict=True))
                )
            )
        out.append(line)
        failed = sum(r.status == "FAIL" for r in self.rows)
        times = ", ".join(f"{k} {v:.0f}s" for k, v in self.timings.items())
        verdict = "PASSED" if self.passed else f"FAILED ({failed} metric(s) out of bounds)"
        out.append(f"gate {verdict} in {self.seconds:.0f}s" + (f" ({times})" if times else ""))
        if self.written is not None:
            out.append(f"bounds written to {self.written}")
        return "\n".join(out)


def _fmt(metric: str, v: float) -> str:
    return f"{v:,.1f}" if metric.endswith("_km") else f"{v:.4f}"


def floor3(v: float) -> float:
    return math.floor(v * 1000 + 1e-9) / 1000


def ceil3(v: float) -> float:
    return math.ceil(v * 1000 - 1e-9) / 1000


def load_baseline(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise EventdeskError(f"{path}: no such baseline file") from exc
    except ValueError as exc:
        raise EventdeskError(f"{path}: baseline is not valid JSON ({exc})") from exc
    evals = data.get("evaluations") if isinstance(data, dict) else None
    if not isinstance(evals, dict):
        raise EventdeskError(f"{path}: baseline needs an 'evaluations' object")
    for name, spec in evals.items():
        files = spec.get("files") if isinstance(spec, dict) else None
        if (
            not isinstance(spec, dict)
            or spec.get("kind") not in KINDS
            or ("file" not in spec and files is None)
            or (files is not None and not (isinstance(files, list) and files))
        ):
            raise EventdeskError(
                f"{path}: evaluation {name!r} needs 'kind' (one of {', '.join(KINDS)}) and "
                "'file' (or 'files', a non-empty list)"
            )
        for metric, bound in (spec.get("metrics") or {}).items():
            if (
                not isinstance(bound, dict)
                or len(bound) != 1
                or next(iter(bound))
                not in (
                    "min",
                    "max",
                )
            ):
                raise EventdeskError(
                    f'{path}: {name}.{metric} must be {{"min": x}} or {{"max": x}}'
                )
    return data


def compare(
    baseline: dict[str, Any],
    reports: dict[str, dict[str, Any] | None],
    update: bool = False,
    lower: bool = False,
) -> tuple[list[GateRow], dict[str, Any]]:
    """Rows of the gate table and the (possibly updated) baseline. ``reports[name]`` is the
    evaluation's report, or None when it was skipped."""
    tol = float(baseline.get("tolerance", TOLERANCE))
    new = copy.deepcopy(baseline)
    rows: list[GateRow] = []
    for name, spec in baseline["evaluations"].items():
        bounds: dict[str, dict[str, float]] = spec.get("metrics") or {}
        report = reports.get(name)
        if report is None:
            for metric, b in bounds.items():
                ((direction, bound),) = b.items()
                rows.append(GateRow(name, metric, None, direction, bound, "skipped"))
            continue
        values: dict[str, Any] = report.get("metrics") or {}
        new_bounds = new["evaluations"][name].setdefault("metrics", {})
        for metric, b in bounds.items():
            ((direction, bound),) = b.items()
            value = values.get(metric)
            if value is None:
                if update and lower:
                    del new_bounds[metric]
                    rows.append(GateRow(name, metric, None, direction, bound, "dropped"))
                else:
                    rows.append(GateRow(name, metric, None, direction, bound, "FAIL"))
                continue
            if direction == "min":
                ok = value >= bound - tol
                current = floor3(value)
                tighter = current > bound
            else:
                ok = value <= bound + tol
                current = ceil3(value)
                tighter = current < bound
            status = "ok" if ok else "FAIL"
            if update and tighter:
                new_bounds[metric] = {direction: current}
                bound, status = current, "raised" if direction == "min" else "tightened"
            elif update and lower and not ok:
                new_bounds[metric] = {direction: current}
                bound, status = current, "loosened"
            rows.append(GateRow(name, metric, float(value), direction, bound, status))
        for metric, value in values.items():
            if metric in bounds or metric in NOT_GATED or not isinstance(value, int | float):
                continue
            direction = "max" if metric in LOWER_IS_BETTER else "min"
            current = ceil3(value) if direction == "max" else floor3(value)
            if update:
                new_bounds[metric] = {direction: current}
                rows.append(GateRow(name, metric, float(value), direction, current, "added"))
            else:
                rows.append(GateRow(name, metric, float(value), None, None, "new"))
    return rows, new


def gold_paths(spec: dict[str, Any], data_dir: Path) -> list[Path]:
    """The gold files of one baseline entry ('file', or the list 'files') under ``data_dir``."""
    names = spec["files"] if "files" in spec else [spec["file"]]
    return [Path(data_dir) / n for n in names]


def run_evaluation(spec: dict[str, Any], data_dir: Path, pipeline: Pipeline) -> dict[str, Any]:
    """One baseline entry's report (its gold files must exist)."""
    paths = gold_paths(spec, data_dir)
    path = paths[0]
    kind = spec["kind"]
    if kind == "acled":
        from .acled import evaluate_acled

        return evaluate_acled(path, pipeline, limit=spec.get("limit"))
    if kind == "petrarch":
        from .petrarch import evaluate_petrarch

        dicts = spec.get("dictionaries")
        return evaluate_petrarch(path, pipeline, Path(data_dir) / dicts if dicts else None)
    if kind == "geo":
        from .geo import evaluate_geo

        places = pipeline.stages[0]
        with rules.using(pipeline.rules_off):  # the resolver is used without the pipeline
            return evaluate_geo(path, spec["format"], spec["spans"], places, pipeline.nlp.nlp)
    if kind == "location":
        from .location import evaluate_location

        return evaluate_location(path, pipeline)
    if kind == "articles":
        from .articles import evaluate_articles

        return evaluate_articles(paths, pipeline, Path(data_dir))
    raise EventdeskError(f"unknown evaluation kind {kind!r}; use one of {', '.join(KINDS)}")


def run_gate(
    data_dir: Path,
    baseline_path: Path | None = None,
    update: bool = False,
    lower: bool = False,
    pipeline: Pipeline | None = None,
    say: Callable[[str], None] | None = None,
) -> GateResult:
    """Run every evaluation of the baseline whose gold file exists under ``data_dir`` and
    compare with the pinned bounds (see the module docstring)."""
    if lower and not update:
        raise EventdeskError("lowering floors needs --update as well (--update --lower-floors)")
    say = say or (lambda m: None)
    baseline_path = Path(baseline_path) if baseline_path is not None else BASELINE
    baseline = load_baseline(baseline_path)
    pipeline = pipeline or Pipeline()
    if update and pipeline.rules_off:
        raise EventdeskError(
            "the baseline cannot be updated with rules switched off; drop --rules-off / "
            "--rules-only or --update"
        )
    started = time.perf_counter()
    reports: dict[str, dict[str, Any] | None] = {}
    timings: dict[str, float] = {}
    for name, spec in baseline["evaluations"].items():
        paths = gold_paths(spec, Path(data_dir))
        missing = [p for p in paths if not p.is_file()]
        if missing:
            say(f"{name}: skipped, {', '.join(map(str, missing))} not found")
            reports[name] = None
            continue
        say(f"{name}: {', '.join(map(str, paths))}")
        t0 = time.perf_counter()
        reports[name] = run_evaluation(spec, Path(data_dir), pipeline)
        timings[name] = time.perf_counter() - t0
    rows, new = compare(baseline, reports, update=update, lower=lower)
    written = None
    if update and new != baseline:
        baseline_path.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
        written = baseline_path
    return GateResult(
        rows=tuple(rows),
        passed=not any(r.status == "FAIL" for r in rows),
        seconds=time.perf_counter() - started,
        timings=timings,
        written=written,
    )
