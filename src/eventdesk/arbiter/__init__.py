"""The learned arbiter: a linear classifier over hashed words, trained only on texts we write
and label ourselves (``training/corpus.jsonl``), that names a text's ACLED sub-event type (and
event type) and PLOVER type with a probability. ``load()`` reads the shipped model;
``python -m eventdesk.arbiter.train`` trains one (``make model`` rebuilds the shipped one);
``python -m eventdesk.eval.arbiter`` scores one on ACLED rows."""

from .model import Arbiter, load, shipped_dir

__all__ = ["Arbiter", "load", "shipped_dir"]
