"""Toponym recognition and document-level disambiguation.

``PlaceResolver.recognize(doc)`` finds place-name spans in a parsed spaCy ``Doc``
(``recognize_marked`` also says which a place-kind word marks, see ``resolve.context``);
``PlaceResolver.resolve(text, spans, marked)`` maps each span to a
:class:`~eventdesk.records.Place`. The work is done in three steps that share one gazetteer:

* :mod:`~eventdesk.resolve.place_recognition` (:class:`Recognizer`): the spans;
* :mod:`~eventdesk.resolve.place_candidates` (:class:`CandidateBuilder`): each span's
  gazetteer candidates and the cues around it ("X, Syria", "X province", ...);
* :mod:`~eventdesk.resolve.place_decision` (:class:`Decider`): the choice among them in the
  light of the whole text (scoring, one sense per name, fronts, parts of cities).

Every decision is a named rule that can be switched off (:mod:`eventdesk.resolve.place_rules`);
each resolved place lists the rules that recognised and decided it in ``decided_by``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from eventdesk.records import Place
from eventdesk.resolve.gazetteer import Candidate, Gazetteer
from eventdesk.resolve.place_candidates import CandidateBuilder
from eventdesk.resolve.place_common import Front, Span, same_region
from eventdesk.resolve.place_decision import Decider
from eventdesk.resolve.place_recognition import Recognizer

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Front", "PlaceResolver", "Span", "same_region"]


class PlaceResolver:
    """Recognise and resolve toponyms with a :class:`Gazetteer`."""

    def __init__(
        self, gazetteer: Gazetteer, min_population: int = 1000, lexicon_dir: Path | None = None
    ) -> None:
        """``lexicon_dir``: a user's folder whose ``geo/*.tsv`` files extend the packaged
        place tables (see ``eventdesk.lexicon_files``)."""
        self.gaz = gazetteer
        self.min_population = min_population
        self.candidates = CandidateBuilder(gazetteer, lexicon_dir)
        self.recognizer = Recognizer(gazetteer, self.candidates, min_population, lexicon_dir)
        self.decider = Decider(gazetteer, self.candidates)

    def recognize(self, doc: Doc) -> list[Span]:
        """Character spans of toponyms in ``doc`` (sorted, non-overlapping)."""
        return [span for span, _ in self.recognize_marked(doc)]

    def recognize_marked(self, doc: Doc) -> list[tuple[Span, bool]]:
        """Toponym spans (sorted, non-overlapping), each with whether a place-kind word next
        to it marks it a place ("the village of X", "X district", see ``resolve.context``):
        such a name is a place even when the gazetteer cannot locate it."""
        return [(span, marked) for span, marked, _ in self.recognizer.recognize(doc)]

    def recognize_traced(self, doc: Doc) -> list[tuple[Span, bool, tuple[str, ...]]]:
        """Like ``recognize_marked``, with the rules that took each span (to pass to
        ``resolve`` as ``recognized``)."""
        return self.recognizer.recognize(doc)

    def resolve(
        self,
        text: str,
        spans: list[Span],
        marked: list[bool] | None = None,
        prefer: Sequence[Front] = (),
        recognized: Sequence[tuple[str, ...]] | None = None,
    ) -> list[Place | None]:
        """One Place (or None) per span, in order; ``marked`` and ``prefer`` as in
        :meth:`Decider.resolve`. ``recognized``: per span, the rules that recognised it
        (``recognize_traced``), put first in each place's ``decided_by``."""
        why = list(recognized) if recognized is not None else [() for _ in spans]
        return self.decider.resolve(text, spans, marked, prefer, why)

    def place_for_candidate(self, name: str, cand: Candidate, text: str | None = None) -> Place:
        """The :class:`Place` record for a chosen gazetteer candidate."""
        return self.decider.place_for_candidate(name, cand, text)

    def _joined_names(self, doc: Doc) -> list[tuple[int, int]]:
        """Token spans of names joined by "de", "do", ... that the gazetteer knows whole."""
        return self.recognizer._joined_names(doc)
