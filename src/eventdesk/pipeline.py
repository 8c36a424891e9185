"""The whole extraction path for a stream of articles: parse, places, actors, events, quotes.

``Pipeline`` holds its stages (the spaCy model, lexicon, gazetteer); nothing is loaded at import.
It is picklable (stages reopen their resources lazily), so the same object runs on workers.

Nothing one article does stops the others: when the model or an extraction stage fails on an
article, its result is a :class:`FailedResult` (no events, the reason in ``reason``) and the
stream goes on; batch jobs record it as a failure (``eventdesk failures``).

A text longer than ``nlp.part_chars`` (:data:`eventdesk.nlp.PART_CHARS`, 20,000 characters)
is coded in parts (:func:`eventdesk.nlp.split_parts`: cut at paragraph, line, sentence or word
boundaries), each part as if it were an article of its own: events are not merged across
parts and the document's country is judged per part. Every evidence offset is moved by its
part's start, so it points into the whole text; the events' ids are derived from the whole
article's id and the part's start. The cost grows in proportion to the length (the stages
take time that grows faster than a part's length, so one huge part would not finish).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import rules
from .arbiter.opinion import ARBITER_OPINION, SecondOpinion
from .errors import ExtractionError, describe
from .extract.actors import ActorResolver
from .extract.doc_country import document_country
from .extract.events import EventExtractor
from .extract.lexicon import Lexicon
from .nlp import NLP, doc_ents, doc_text, split_parts
from .records import Article, ArticleResult, Event, Place, PlaceMention, Quote, stable_id
from .resolve.gazetteer import Gazetteer
from .resolve.place_rules import NAMED_FACILITY as FACILITY
from .resolve.place_rules import PERSON_NAME_NOT_PLACE
from .resolve.places import PlaceResolver

log = logging.getLogger(__name__)


class GazetteerCountries:
    """Country words and display names, backed by the gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.country_for_word = lru_cache(maxsize=50_000)(gazetteer.country_for_word)

    @lru_cache(maxsize=512)  # noqa: B019 - one per process
    def country_name(self, iso3: str) -> str | None:
        cand = self.gazetteer.country(iso3)
        return cand.name if cand else None


_Stages = tuple[PlaceResolver, ActorResolver, EventExtractor, GazetteerCountries]


@dataclass(frozen=True, slots=True)
class FailedResult(ArticleResult):
    """The result of an article the model or an extraction stage failed on: no events, and
    the reason (naming the article) to record. One per failed article, in input order."""

    reason: str = ""


class _Parts:
    """The parts of one article on their way through the model, and what came of them."""

    def __init__(self, article: Article, spans: list[tuple[int, int]]) -> None:
        self.article = article
        self.spans = spans
        self.results: list[ArticleResult] = []
        self.docs: list[Any] = []
        self.mentions: list[PlaceMention] = []
        self.failure: str | None = None

    def fail(self, k: int, what: str, exc: BaseException) -> None:
        if self.failure is not None:
            return
        where = self.article.where
        part = ""
        if len(self.spans) > 1:
            s, e = self.spans[k]
            part = f" in part {k + 1} of {len(self.spans)} (characters {s}-{e})"
        self.failure = f"{where}: {what}{part} ({describe(exc)}); not coded"
        log.warning("%s", self.failure, exc_info=log.isEnabledFor(logging.DEBUG))


class Pipeline:
    def __init__(
        self,
        nlp: NLP | None = None,
        lexicon_dir: Path | None = None,
        gazetteer_path: Path | None = None,
        progress: Callable[[str], None] | None = None,
        lexicon: Lexicon | None = None,
        rules_off: frozenset[str] = frozenset(),
        arbiter_dir: Path | None = None,
        arbiter_override: float | None = None,
    ) -> None:
        self.nlp = nlp or NLP()
        # the arbiter's second opinion (arbiter/opinion.py): a model folder (None: the shipped
        # one) and the probability from which it overrides the rules (None: never)
        self.arbiter_dir = arbiter_dir
        self.arbiter_override = arbiter_override
        self._opinion: SecondOpinion | None = None
        self.rules_off = frozenset(rules_off)  # rules switched off (rules.resolve_switches)
        self.lexicon_dir = lexicon_dir
        self.lexicon = lexicon  # a ready lexicon (e.g. extended with user dictionaries)
        self.gazetteer_path = gazetteer_path
        self.progress = progress
        self._stages: (
            tuple[PlaceResolver, ActorResolver, EventExtractor, GazetteerCountries] | None
        ) = None

    def __getstate__(self) -> dict[str, Any]:
        return {
            "nlp": self.nlp,
            "lexicon_dir": self.lexicon_dir,
            "gazetteer_path": self.gazetteer_path,
            "lexicon": self.lexicon,
            "rules_off": self.rules_off,
            "arbiter_dir": self.arbiter_dir,
            "arbiter_override": self.arbiter_override,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["nlp"],
            state["lexicon_dir"],
            state["gazetteer_path"],
            None,
            state["lexicon"],
            state.get("rules_off", frozenset()),
            state.get("arbiter_dir"),
            state.get("arbiter_override"),
        )

    @property
    def stages(self) -> _Stages:
        if self._stages is None:
            lexicon = self.lexicon or Lexicon.load(self.lexicon_dir)
            gazetteer = Gazetteer.open(
                self.gazetteer_path, progress=self.progress, lexicon_dir=self.lexicon_dir
            )
            gazetteer.warm()
            countries = GazetteerCountries(gazetteer)
            actors = ActorResolver(lexicon, countries)
            if ARBITER_OPINION not in self.rules_off:  # loaded once, like the model
                from .arbiter.model import load as load_arbiter  # numpy: only when it codes

                self._opinion = SecondOpinion(load_arbiter(self.arbiter_dir), self.arbiter_override)
            self._stages = (
                PlaceResolver(gazetteer, lexicon_dir=self.lexicon_dir),
                actors,
                EventExtractor(lexicon, actors),
                countries,
            )
        return self._stages

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """One result per article, in input order (a :class:`FailedResult` for an article the
        model or a stage failed on); the model runs over batches with ``nlp.pipe``."""
        for result, _, _ in self._run(articles, keep_docs=False):
            yield result

    def analyse(
        self, articles: Iterable[Article]
    ) -> Iterator[tuple[ArticleResult, Any, list[PlaceMention]]]:
        """Like ``process``, also yielding each parsed Doc and its resolved place mentions
        (for callers that ask more of the same parse, such as the location evaluation). For
        a text coded in parts the Doc is the parts joined; for a failed article it is None."""
        return self._run(articles, keep_docs=True)

    def process_one(self, article: Article) -> ArticleResult:
        """The result of one article; raises :class:`ExtractionError` when it fails."""
        result = next(self.process([article]))
        if isinstance(result, FailedResult):
            raise ExtractionError(result.reason)
        return result

    def _run(
        self, articles: Iterable[Article], *, keep_docs: bool
    ) -> Iterator[tuple[ArticleResult, Any, list[PlaceMention]]]:
        stages = self.stages
        limit = self.nlp.part_chars

        def parts() -> Iterator[tuple[str, tuple[_Parts, int]]]:
            for article in articles:
                spans = split_parts(article.text, limit)
                state = _Parts(article, spans)
                for k, (s, e) in enumerate(spans):
                    yield article.text[s:e], (state, k)

        for doc, (state, k) in self.nlp.parse_each(parts()):
            if isinstance(doc, Exception):
                state.fail(k, "the language model failed", doc)
            elif state.failure is None:
                self._code_part(state, k, doc, stages, keep_docs)
            if k == len(state.spans) - 1:
                yield self._finish(state, keep_docs)

    def _code_part(self, state: _Parts, k: int, doc: Any, stages: _Stages, keep_docs: bool) -> None:
        article = state.article
        start = state.spans[k][0]
        whole = len(state.spans) == 1
        part = article if whole else _part_article(article, doc_text(doc), start)
        try:
            with rules.using(self.rules_off):
                mentions = self._places(doc, stages)
                result = self._result(doc, part, mentions, stages)
        except Exception as exc:  # one article's bug must not stop the batch
            state.fail(k, "extraction failed (a bug in eventdesk: please report it)", exc)
            return
        if whole:
            state.results.append(result)
            state.mentions = mentions
        else:
            state.results.append(_moved(result, article, start))
            state.mentions.extend(PlaceMention(_span(m.span, start), m.place) for m in mentions)
        if keep_docs:
            state.docs.append(doc)

    @staticmethod
    def _finish(state: _Parts, keep_docs: bool) -> tuple[ArticleResult, Any, list[PlaceMention]]:
        article = state.article
        if state.failure is not None:
            return FailedResult(article=article, reason=state.failure), None, []
        if len(state.results) == 1:
            return state.results[0], (state.docs[0] if keep_docs else None), state.mentions
        result = ArticleResult(
            article=article,
            events=tuple(e for r in state.results for e in r.events),
            quotes=tuple(q for r in state.results for q in r.quotes),
            places=tuple(p for r in state.results for p in r.places),
        )
        doc = _joined(state.docs, article.text) if keep_docs else None
        return result, doc, state.mentions

    def process_doc(self, doc: Any, article: Article) -> ArticleResult:
        stages = self.stages
        with rules.using(self.rules_off):
            return self._result(doc, article, self._places(doc, stages), stages)

    def locate(self, doc: Any, mentions: list[PlaceMention], span: tuple[int, int]) -> Any:
        """The place mention where the event of the word at ``span`` happened, or None."""
        token = doc.char_span(*span, alignment_mode="expand")
        if token is None:
            return None
        with rules.using(self.rules_off):
            return self.stages[2].locate(token.root, mentions)

    @staticmethod
    def _places(doc: Any, stages: _Stages) -> list[PlaceMention]:
        """Resolved toponyms, plus the places the gazetteer cannot locate that the model
        names (GPE, LOC, FAC) or a place-kind word marks ("the village of X"): kept by name,
        without coordinates ("Kafr Moussaba")."""
        places_stage = stages[0]
        found = places_stage.recognize_traced(doc)
        spans = [s for s, _, _ in found]
        text = doc_text(doc)
        prefer = stages[2].fronts.regions(text)  # a front-line report's towns lie on it
        resolved = places_stage.resolve(
            text, spans, [m for _, m, _ in found], prefer, [why for _, _, why in found]
        )
        out: list[PlaceMention] = []
        persons = _person_words(doc)
        for (s, by_context, why), p in zip(found, resolved, strict=True):
            if p is None and (by_context or _named_place(doc, s)):
                person = not by_context and text[s[0] : s[1]] in persons
                if person and rules.apply(PERSON_NAME_NOT_PLACE, "place"):
                    continue  # "Thaksin" after "Thaksin Shinawatra": the person
                # kept by name: the gazetteer cannot locate it
                p = Place(text=text[s[0] : s[1]], name=text[s[0] : s[1]], decided_by=why)
            if p is not None:
                out.append(PlaceMention(s, p))
        facilities = stages[2].lexicon.cue_words("facility")
        for s in _facilities(doc, facilities, spans) if rules.on(FACILITY) else ():
            rules.fired(FACILITY)
            place = Place(text=text[s[0] : s[1]], name=text[s[0] : s[1]], decided_by=(FACILITY,))
            out.append(PlaceMention(s, place))
        return sorted(out, key=lambda m: m.span)

    def _result(
        self, doc: Any, article: Article, mentions: list[PlaceMention], stages: _Stages
    ) -> ArticleResult:
        _, _, extractor, countries = stages
        doc_country = document_country(
            doc, countries, [(m.span, m.place.country) for m in mentions if m.place.country]
        )
        events = extractor.extract(doc, article, mentions, doc_country)
        if self._opinion is not None:
            text = doc_text(doc)
            events = [self._opinion.apply(e, text) for e in events]
        quotes = extractor.attribution.quotes(doc, doc_country)
        return ArticleResult(
            article=article,
            events=tuple(events),
            quotes=tuple(quotes),
            places=tuple(m.place for m in mentions),
        )


def _part_article(article: Article, text: str, start: int) -> Article:
    """A part of a long article, coded as an article of its own (same metadata)."""
    return dataclasses.replace(
        article, text=text, article_id=stable_id(article.article_id, "part", str(start), prefix="a")
    )


def _span(span: tuple[int, int], offset: int) -> tuple[int, int]:
    return (span[0] + offset, span[1] + offset)


def _moved(result: ArticleResult, article: Article, offset: int) -> ArticleResult:
    """A part's result in the whole article: offsets moved by ``offset``, ids re-derived."""

    def event(ev: Event) -> Event:
        return dataclasses.replace(
            ev,
            event_id=stable_id(article.article_id, str(offset), ev.event_id, prefix="e"),
            article_id=article.article_id,
            evidence=tuple((key, _span(span, offset)) for key, span in ev.evidence),
        )

    def quote(q: Quote) -> Quote:
        return dataclasses.replace(
            q, evidence=tuple((key, _span(span, offset)) for key, span in q.evidence)
        )

    return ArticleResult(
        article=article,
        events=tuple(event(e) for e in result.events),
        quotes=tuple(quote(q) for q in result.quotes),
        places=result.places,
    )


def _joined(docs: list[Any], text: str) -> Any:
    """The parts' Docs as one Doc over the whole text (None if spaCy cannot join them)."""
    from spacy.tokens import Doc

    from .nlp import _keep_text

    try:
        # spaCy 3.8 has ``exclude``; its type stubs do not list it yet
        doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["user_data"])  # type: ignore[call-arg]
    except Exception:  # a Doc for the caller's convenience only; the result stands
        log.debug("could not join the parts' Docs", exc_info=True)
        return None
    if doc is None or doc.text != text:
        return None
    return _keep_text(doc, text)


def _facilities(
    doc: Any, words: frozenset[str], taken: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """Named buildings and sites the model took for an organisation or a person ("the Dabbit
    Hospital", "Taksim Square", "the T-4 Military Airport"): an entity of two words or more
    whose last word is a building or site of ``words`` (the ``facility`` cues), or several
    ("the Tessara Gas Fields"), or that the model calls a facility ("the Hayat Tower"), with
    no toponym inside."""
    for ent in doc_ents(doc):
        if ent.label_ not in {"ORG", "PERSON", "FAC", "WORK_OF_ART"} or len(ent) < 2:
            continue
        last = ent[-1].lemma_.lower()  # a proper noun keeps its plural as its lemma
        if last not in words and last.removesuffix("s") not in words and ent.label_ != "FAC":
            continue
        if not ent[-1].text[:1].isupper():
            continue
        start = ent[1] if ent[0].lower_ == "the" else ent[0]
        span = (start.idx, ent.end_char)
        if not any(s < span[1] and span[0] < e for s, e in taken):
            yield span


def _person_words(doc: Any) -> frozenset[str]:
    """The words of the persons the model names in full (two words or more)."""
    return frozenset(
        t.text for ent in doc_ents(doc) if ent.label_ == "PERSON" and len(ent) > 1 for t in ent
    )


def _named_place(doc: Any, span: tuple[int, int]) -> bool:
    """The model labels the whole span a place (not a person, a group or a demonym), and it
    does not follow a number ("at 10 A.M.": a unit)."""
    ent = doc.char_span(*span)
    return (
        ent is not None
        and all(t.ent_type_ in {"GPE", "LOC", "FAC"} for t in ent)
        and any(t.pos_ == "PROPN" for t in ent)
        and (ent.start == 0 or not doc[ent.start - 1].like_num)
    )
