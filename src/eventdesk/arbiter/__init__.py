"""The learned arbiter: a linear classifier over hashed words, trained only on texts we write
and label ourselves (``training/corpus.jsonl``), that names a text's ACLED sub-event type (and
event type) and PLOVER type with a probability. ``load()`` reads the shipped model;
``python -m eventdesk.arbiter.train`` trains one (``make model`` rebuilds the shipped one);
``python -m eventdesk.eval.arbiter`` scores one on ACLED rows."""

from __future__ import annotations

from typing import Any

__all__ = ["Arbiter", "load", "shipped_dir"]


def __getattr__(name: str) -> Any:
    """The model's names, imported on first use: numpy loads only when a model is used, not
    when the pipeline registers the arbiter's rule (arbiter/opinion.py)."""
    if name in __all__:
        from . import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
