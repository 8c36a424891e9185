"""A trained arbiter: hashed text features in, ACLED sub-event type (and its event type) and
PLOVER type out, each with a probability.

A model directory holds two files written by :func:`save` and read by :func:`load`:

- ``weights.npz``: ``columns`` (the sorted hash buckets the model knows, int64) and per head
  ``<head>.weights`` (columns x labels, float32) and ``<head>.bias`` (labels, float32);
- ``model.json``: format version, feature settings, each head's labels, and how it was trained.

Heads are ``sub_event_type`` (the 25 ACLED sub-types and ``none``) and ``plover`` (16 PLOVER
types and ``none``). The event type is not a head of its own: it is the type of the best
sub-event type, and its probability is the sum of its sub-types' probabilities.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .features import FeatureConfig, hashed
from .labels import ACLED_EVENT_TYPES, NONE, event_type_of

FORMAT = 1
WEIGHTS = "weights.npz"
META = "model.json"
HEADS = ("sub_event_type", "plover")
EVENT_TYPE = "event_type"  # derived from the sub_event_type head
EVENT_LABELS: tuple[str, ...] = (*ACLED_EVENT_TYPES, NONE)


@dataclass(frozen=True, slots=True)
class Head:
    """One classifier: weights (columns x labels) and intercepts over a label list."""

    labels: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray


@dataclass(frozen=True, slots=True)
class Arbiter:
    """A loaded model. ``predict`` is cheap (no parser): hash the words, add up weight rows."""

    config: FeatureConfig
    columns: np.ndarray  # sorted hash buckets, one per weight row
    heads: dict[str, Head]
    info: dict[str, Any] = field(default_factory=dict)

    def _columns_of(self, text: str) -> np.ndarray:
        buckets = hashed(text, self.config)
        where = np.searchsorted(self.columns, buckets)
        where[where >= len(self.columns)] = 0
        return where[self.columns[where] == buckets]

    def _head(self, name: str) -> Head:
        try:
            return self.heads[name]
        except KeyError:
            known = ", ".join([EVENT_TYPE, *self.heads])
            raise ModelError(f"arbiter has no head {name!r} (known: {known})") from None

    def probabilities(self, text: str, head: str = "sub_event_type") -> dict[str, float]:
        """Every label of a head with its probability (``event_type``: summed sub-types)."""
        if head == EVENT_TYPE:
            return _by_event_type(self.probabilities(text, "sub_event_type"))
        h = self._head(head)
        cols = self._columns_of(text)
        logits = h.bias.astype(np.float64)
        if len(cols):
            logits = logits + h.weights[cols].sum(axis=0, dtype=np.float64) / np.sqrt(len(cols))
        e = np.exp(logits - logits.max())
        probs = e / e.sum()
        return dict(zip(h.labels, probs.tolist(), strict=True))

    def predict(
        self, text: str, head: str = "sub_event_type", allow_none: bool = True
    ) -> tuple[str, float]:
        """The best label of a head and its probability. ``head`` is ``sub_event_type``,
        ``event_type`` or ``plover``. The event type is that of the best sub-event type (so the
        two answers agree), scored with the summed probability of its sub-types. With
        ``allow_none=False`` the best label other than ``none`` (for a text the rules already
        found an event in)."""
        probs = self.probabilities(text, "sub_event_type" if head == EVENT_TYPE else head)
        chosen = {k: p for k, p in probs.items() if allow_none or k != NONE}
        label = max(chosen, key=lambda k: chosen[k])
        if head == EVENT_TYPE:  # the sub-types are scored once, for both answers
            etype = event_type_of(label) or NONE
            return etype, _by_event_type(probs)[etype]
        return label, probs[label]


def _by_event_type(sub: dict[str, float]) -> dict[str, float]:
    """Sub-type probabilities summed by their ACLED event type (none stays none)."""
    out = dict.fromkeys(EVENT_LABELS, 0.0)
    for label, p in sub.items():
        out[event_type_of(label) or NONE] += p
    return out


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """A compressed ``.npz`` whose bytes depend on the arrays only (fixed zip timestamps, fixed
    order), so rebuilding the same model leaves the committed file unchanged."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(entry, "w") as fh:
                np.lib.format.write_array(fh, np.ascontiguousarray(arrays[name]))


def save(arbiter: Arbiter, directory: Path) -> None:
    """Write ``weights.npz`` and ``model.json`` into ``directory`` (created if missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {"columns": arbiter.columns.astype(np.int64)}
    for name, head in arbiter.heads.items():
        arrays[f"{name}.weights"] = head.weights.astype(np.float32)
        arrays[f"{name}.bias"] = head.bias.astype(np.float32)
    _write_npz(directory / WEIGHTS, arrays)
    meta = {
        "format": FORMAT,
        "features": arbiter.config.to_json(),
        "heads": {name: list(head.labels) for name, head in arbiter.heads.items()},
        "info": arbiter.info,
    }
    (directory / META).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")


def shipped_dir() -> Path:
    """The folder of the model shipped with the package (``make model`` rebuilds it)."""
    return Path(str(resources.files("eventdesk.arbiter") / "model"))


def load(directory: Path | str | None = None) -> Arbiter:
    """Read a model directory written by :func:`save` (None: the shipped model)."""
    folder = Path(directory) if directory is not None else shipped_dir()
    meta_path, weights_path = folder / META, folder / WEIGHTS
    if not meta_path.is_file() or not weights_path.is_file():
        raise ModelError(
            f"{folder}: not an arbiter model (needs {META} and {WEIGHTS}); "
            "train one with `python -m eventdesk.arbiter.train`"
        )
    try:
        meta = json.loads(meta_path.read_text())
        if meta.get("format") != FORMAT:
            raise ModelError(f"{meta_path}: model format {meta.get('format')!r}, expected {FORMAT}")
        config = FeatureConfig.from_json(meta["features"])
        with np.load(weights_path) as npz:
            columns = npz["columns"].astype(np.int64)
            heads = {
                name: Head(tuple(labels), npz[f"{name}.weights"], npz[f"{name}.bias"])
                for name, labels in meta["heads"].items()
            }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{folder}: unreadable arbiter model ({exc})") from exc
    for name, head in heads.items():
        if head.weights.shape != (len(columns), len(head.labels)):
            raise ModelError(f"{folder}: head {name!r} weights do not match its labels")
    return Arbiter(config, columns, heads, dict(meta.get("info", {})))
