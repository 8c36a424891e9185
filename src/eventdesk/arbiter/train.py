"""Train an arbiter from labelled rows and write it to a directory.

    python -m eventdesk.arbiter.train training/corpus.jsonl --out DIR [--seed N] [--holdout F]

Input: a user's ACLED export (``.csv``: ``notes`` with ``sub_event_type``) or JSON Lines, one
object per text with ``text`` and any of ``acled_sub_event_type`` (or ``sub_event_type``),
``acled_event_type`` (or ``event_type``, checked against the sub-type) and ``plover_type`` (or
``plover``). A label key that is present with ``null`` (or "none")
means "no such event"; a key that is absent means "not labelled" and the row does not train
that head. ``frame`` (optional) groups rows written from one template, so that ``--holdout``
keeps whole groups out.

The fit is deterministic: same rows and settings, same weights. The seed only chooses which
groups ``--holdout`` keeps aside to report held-out accuracy in ``model.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EventdeskError, InputError
from .features import FeatureConfig, hashed, to_rows
from .fit import fit
from .labels import (
    NONE,
    PLOVER_LABELS,
    SUB_LABELS,
    event_type_of,
    means_none,
    normalise_plover,
    normalise_sub,
)
from .model import Arbiter, Head, save

log = logging.getLogger(__name__)

HEAD_KEYS: dict[str, tuple[str, ...]] = {
    "sub_event_type": ("acled_sub_event_type", "sub_event_type"),
    "plover": ("plover_type", "plover"),
}
EVENT_KEYS = ("acled_event_type", "event_type")


@dataclass(frozen=True, slots=True)
class Settings:
    """How to train: feature settings, L2 strength, iterations, pruning, hold-out."""

    features: FeatureConfig = field(default_factory=FeatureConfig)
    l2: float = 1e-5
    max_iter: int = 300
    min_count: int = 2  # a feature must occur in this many training texts
    seed: int = 13
    holdout: float = 0.0  # share of groups kept out of training and scored


DEFAULTS = Settings()


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    group: str
    labels: dict[str, str]  # head -> canonical label (absent = not labelled)


def _label(obj: dict[str, Any], keys: tuple[str, ...]) -> tuple[bool, str | None]:
    """Whether one of ``keys`` is present, and its value (None for null)."""
    for key in keys:
        if key in obj:
            value = obj[key]
            return True, None if value is None else str(value)
    return False, None


def normalise_event(label: str | None) -> str | None:
    """An event type label as :func:`event_type_of` spells it (None for empty or for the
    words :data:`NONE_WORDS` that mean no event, as for sub-types and PLOVER types)."""
    if label is None or not label.strip() or means_none(label):
        return None
    return label.strip()


def parse_row(obj: Any, where: str) -> Example:
    """One input row as an :class:`Example`; InputError names the line and the problem."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
        raise InputError(f"{where}: each row must be a JSON object with a non-empty 'text'")
    labels: dict[str, str] = {}
    present, sub = _label(obj, HEAD_KEYS["sub_event_type"])
    if present:
        canon = NONE if sub is None else normalise_sub(sub)
        if canon is None:
            raise InputError(f"{where}: unknown ACLED sub-event type {sub!r}")
        labels["sub_event_type"] = canon
        has_type, etype = _label(obj, EVENT_KEYS)
        expected = event_type_of(canon)
        if has_type and (normalise_event(etype) or "").lower() != (expected or "").lower():
            raise InputError(
                f"{where}: event type {etype!r} does not match sub-event type {canon!r} "
                f"(expected {expected!r})"
            )
    present, plover = _label(obj, HEAD_KEYS["plover"])
    if present:
        canon = NONE if plover is None else normalise_plover(plover)
        if canon is None:
            raise InputError(f"{where}: unknown PLOVER type {plover!r}")
        labels["plover"] = canon
    if not labels:
        raise InputError(
            f"{where}: no label (give acled_sub_event_type and/or plover_type, null for none)"
        )
    group = str(obj.get("frame") or obj.get("id") or where)
    return Example(obj["text"], group, labels)


def _csv_rows(path: Path) -> list[tuple[str, Any]]:
    """An ACLED-style export as (where, row): ``notes`` (a leading "Label: " stripped) is the
    text; ``sub_event_type``, ``event_type`` and ``plover`` (when present) the labels."""
    from ..ingest.acled_rows import read_rows, strip_label

    out: list[tuple[str, Any]] = []
    for number, row in enumerate(read_rows(path), start=2):
        obj: dict[str, Any] = {"text": strip_label(row.get("notes") or "")}
        for key in ("sub_event_type", "event_type", "plover"):
            if key in row:
                obj[key] = row[key]
        out.append((f"{path}:{number}", obj))
    return out


def _jsonl_rows(path: Path) -> list[tuple[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    out: list[tuple[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            out.append((where, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON ({exc.msg})") from exc
    return out


def read_examples(path: Path) -> list[Example]:
    """The rows of a JSON Lines file (blank lines skipped) or, for a ``.csv`` file, of an
    ACLED export (``notes`` with ``sub_event_type`` / ``event_type``)."""
    rows = _csv_rows(path) if path.suffix.lower() == ".csv" else _jsonl_rows(path)
    out = [parse_row(obj, where) for where, obj in rows]
    if not out:
        raise InputError(f"{path}: no rows")
    return out


def split(examples: list[Example], holdout: float, seed: int) -> tuple[list[int], list[int]]:
    """Row numbers for training and held-out scoring, whole groups on one side."""
    if not 0.0 <= holdout < 1.0:
        raise InputError(f"holdout must be in [0, 1), got {holdout}")
    groups = sorted({e.group for e in examples})
    random.Random(seed).shuffle(groups)
    kept_out = set(groups[: round(holdout * len(groups))])
    train = [i for i, e in enumerate(examples) if e.group not in kept_out]
    held = [i for i, e in enumerate(examples) if e.group in kept_out]
    return train, held


def _columns(buckets: list[np.ndarray], min_count: int) -> np.ndarray:
    counts: Counter[int] = Counter()
    for b in buckets:
        counts.update(b.tolist())
    return np.asarray(sorted(k for k, n in counts.items() if n >= min_count), dtype=np.int64)


def _labels_for(head: str) -> tuple[str, ...]:
    return SUB_LABELS if head == "sub_event_type" else PLOVER_LABELS


def train(examples: list[Example], settings: Settings = DEFAULTS) -> Arbiter:
    """Fit every head that has labelled rows; with ``settings.holdout`` report held-out
    accuracy per head in ``info["holdout"]``."""
    train_ids, held_ids = split(examples, settings.holdout, settings.seed)
    buckets = [hashed(e.text, settings.features) for e in examples]
    columns = _columns([buckets[i] for i in train_ids], settings.min_count)
    if not len(columns):
        raise InputError("no feature occurs often enough to train on (too few rows?)")
    index = {int(b): c for c, b in enumerate(columns.tolist())}
    heads: dict[str, Head] = {}
    info: dict[str, Any] = {"rows": len(train_ids), "columns": len(columns), "heads": {}}
    for head in HEAD_KEYS:
        labels = _labels_for(head)
        number = {label: k for k, label in enumerate(labels)}
        ids = [i for i in train_ids if head in examples[i].labels]
        if not ids:
            continue
        rows = to_rows([buckets[i] for i in ids], index)
        y = np.asarray([number[examples[i].labels[head]] for i in ids], dtype=np.int64)
        fitted = fit(
            rows,
            y,
            len(columns),
            len(labels),
            settings.l2,
            settings.max_iter,
            progress=log.info,
            label=f"{head}: ",
        )
        heads[head] = Head(
            labels, fitted.weights.astype(np.float32), fitted.bias.astype(np.float32)
        )
        info["heads"][head] = {
            "rows": len(ids),
            "iterations": fitted.iterations,
            "loss": round(fitted.loss, 6),
            "label_counts": dict(sorted(Counter(examples[i].labels[head] for i in ids).items())),
        }
    if not heads:
        raise InputError("no row carries a label for any head")
    info["settings"] = {
        "l2": settings.l2,
        "max_iter": settings.max_iter,
        "min_count": settings.min_count,
        "seed": settings.seed,
        "holdout": settings.holdout,
    }
    arbiter = Arbiter(settings.features, columns, heads, info)
    if held_ids:
        info["holdout_accuracy"] = _held_out(arbiter, [examples[i] for i in held_ids])
    return arbiter


def _held_out(arbiter: Arbiter, held: list[Example]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for head in arbiter.heads:
        rows = [e for e in held if head in e.labels]
        if rows:
            hits = sum(arbiter.predict(e.text, head)[0] == e.labels[head] for e in rows)
            out[head] = {"rows": len(rows), "accuracy": round(hits / len(rows), 4)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eventdesk.arbiter.train", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("labels", type=Path, help="JSON Lines file of labelled texts")
    parser.add_argument("--out", type=Path, required=True, help="model directory to write")
    parser.add_argument("--seed", type=int, default=DEFAULTS.seed)
    parser.add_argument(
        "--holdout",
        type=float,
        default=0.0,
        help="share of groups (frames) kept out and scored (default 0)",
    )
    parser.add_argument("--l2", type=float, default=DEFAULTS.l2)
    parser.add_argument("--max-iter", type=int, default=DEFAULTS.max_iter)
    parser.add_argument("--min-count", type=int, default=DEFAULTS.min_count)
    parser.add_argument(
        "--word-ngrams",
        type=int,
        choices=(1, 2),
        default=2,
        help="1: words only, 2: words and word pairs (default)",
    )
    parser.add_argument(
        "--char-ngrams",
        type=int,
        nargs=2,
        metavar=("MIN", "MAX"),
        help="add character n-grams of each word (off by default)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(message)s",
        stream=sys.stderr,
    )
    chars = (args.char_ngrams[0], args.char_ngrams[1]) if args.char_ngrams else None
    features = FeatureConfig(word_ngrams=args.word_ngrams, char_ngrams=chars)
    settings = Settings(features, args.l2, args.max_iter, args.min_count, args.seed, args.holdout)
    started = time.perf_counter()
    try:
        arbiter = train(read_examples(args.labels), settings)
        save(arbiter, args.out)
    except EventdeskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = {
        k: arbiter.info[k] for k in ("rows", "columns", "holdout_accuracy") if k in arbiter.info
    }
    seconds = round(time.perf_counter() - started, 1)
    print(json.dumps({"out": str(args.out), **summary, "seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
