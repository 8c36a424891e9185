"""The whole extraction path for a stream of articles: parse, places, actors, events, quotes.

``Pipeline`` holds its stages (the spaCy model, lexicon, gazetteer); nothing is loaded at import.
It is picklable (stages reopen their resources lazily), so the same object runs on workers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import rules
from .extract.actors import ActorResolver, document_country
from .extract.events import EventExtractor
from .extract.lexicon import Lexicon
from .nlp import NLP, doc_ents, doc_text
from .records import Article, ArticleResult, Place, PlaceMention
from .resolve.gazetteer import Gazetteer
from .resolve.place_rules import NAMED_FACILITY as FACILITY
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


class Pipeline:
    def __init__(
        self,
        nlp: NLP | None = None,
        lexicon_dir: Path | None = None,
        gazetteer_path: Path | None = None,
        progress: Callable[[str], None] | None = None,
        lexicon: Lexicon | None = None,
        rules_off: frozenset[str] = frozenset(),
    ) -> None:
        self.nlp = nlp or NLP()
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
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["nlp"],
            state["lexicon_dir"],
            state["gazetteer_path"],
            None,
            state["lexicon"],
            state.get("rules_off", frozenset()),
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
            self._stages = (
                PlaceResolver(gazetteer, lexicon_dir=self.lexicon_dir),
                actors,
                EventExtractor(lexicon, actors),
                countries,
            )
        return self._stages

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Results in input order; the model runs over batches with ``nlp.pipe``."""
        for result, _, _ in self.analyse(articles):
            yield result

    def analyse(
        self, articles: Iterable[Article]
    ) -> Iterator[tuple[ArticleResult, Any, list[PlaceMention]]]:
        """Like ``process``, also yielding each parsed Doc and its resolved place mentions
        (for callers that ask more of the same parse, such as the location evaluation)."""
        stages = self.stages
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.nlp.pipe(
            pairs, as_tuples=True, batch_size=self.nlp.batch_size
        ):
            with rules.using(self.rules_off):
                mentions = self._places(doc, stages)
                result = self._result(doc, article, mentions, stages)
            yield result, doc, mentions

    def process_one(self, article: Article) -> ArticleResult:
        return next(self.process([article]))

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
        for (s, by_context, why), p in zip(found, resolved, strict=True):
            if p is None and (by_context or _named_place(doc, s)):
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

    @staticmethod
    def _result(
        doc: Any, article: Article, mentions: list[PlaceMention], stages: _Stages
    ) -> ArticleResult:
        _, _, extractor, countries = stages
        doc_country = document_country(
            doc, countries, [m.place.country for m in mentions if m.place.country]
        )
        events = extractor.extract(doc, article, mentions, doc_country)
        quotes = extractor.attribution.quotes(doc, doc_country)
        return ArticleResult(
            article=article,
            events=tuple(events),
            quotes=tuple(quotes),
            places=tuple(m.place for m in mentions),
        )


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
