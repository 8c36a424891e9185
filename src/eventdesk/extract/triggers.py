"""Finding event triggers (words and phrases from ``events.tsv``) and grouping them into events.

Matching is on lemmas (or the lower-cased form) with the longest phrase winning. Triggers of
material conflict in one clause ("an IED exploded, killing three soldiers") are one event; the
most specific trigger (highest priority) names its type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..nlp import doc_words
from .dates import MONTHS
from .lexicon import Lexicon, TriggerEntry
from .senses import SenseReader

MERGE_CLASSES = {"ASSAULT", "PROTEST", "COERCE"}
POS_OK = {"VERB": {"VERB", "AUX"}, "NOUN": {"NOUN", "PROPN"}}
ANY_POS = {"VERB", "AUX", "NOUN", "PROPN", "ADJ"}
_SPLIT = re.compile(r"(-)|\s+")
NON_EVENT_HEADS = {
    "leader",
    "group",
    "movement",
    "organiser",
    "organizer",
    "party",
    "committee",
    "unit",
    "helicopter",
    "official",
    "spokesman",
    "force",
    "zone",
    "season",
    "route",
    "site",
}


@dataclass(frozen=True, slots=True)
class Trigger:
    entry: TriggerEntry
    head: Any  # spaCy Token: the syntactic head of the matched words
    start: int  # token index of the first matched word
    end: int  # token index after the last matched word
    sense: str | None = None  # the rule that chose the word's sense (extract/senses.py)

    @property
    def span(self) -> tuple[int, int]:
        doc = self.head.doc
        return doc[self.start].idx, doc[self.end - 1].idx + len(doc[self.end - 1].text)


VIOLENT_TYPES = frozenset({"Battles", "Violence against civilians", "Explosions/Remote violence"})


class TriggerFinder:
    def __init__(self, lexicon: Lexicon) -> None:
        self.reporting = {k for k, v in lexicon.reporting.items() if v == "say"}
        self.find_words = lexicon.cue_words("find")  # "the body of a man was found"
        self.weapon_words = frozenset(w.word for w in lexicon.weapons)
        self.abstract_targets = lexicon.cue_words("abstract_target")
        self._index: dict[str, list[tuple[tuple[str, ...], TriggerEntry]]] = {}
        for entry in lexicon.triggers:
            words = tuple(w for w in _SPLIT.split(entry.trigger) if w)
            self._index.setdefault(words[0], []).append((words, entry))
        for options in self._index.values():
            options.sort(key=lambda o: -len(o[0]))
        self.words = frozenset(self._index)  # the words an event trigger begins with
        self.senses = SenseReader(lexicon, {(e.trigger, e.pos): e for e in lexicon.triggers})

    def find(self, sent: Any) -> list[Trigger]:
        found: list[Trigger] = []
        i, end = sent.start, sent.end
        doc, words = sent.doc, doc_words(sent.doc)
        finds = not self.find_words.isdisjoint(words.lemma[i:end])
        while i < end:
            if words.lower[i] not in self._index and words.lemma[i] not in self._index:
                i += 1  # no trigger begins here (see _match_at), without making the token
                continue
            match = self._match_at(doc, i, end)
            if match is None:
                i += 1
                continue
            n, entry = match
            head = _head_of(doc, i, i + n)
            keep = self._keep(entry, head, n) and (finds or "needs_find" not in entry.cues)
            if keep and "needs_weapon" in entry.cues:  # "the air force targeted X"
                keep = self._armed_agent(head)
            sense = self.senses.read(entry, head) if keep else None
            if sense is not None and sense.entry is not None:
                found.append(Trigger(sense.entry, head, i, i + n, sense.rule))
                i += n
            else:
                i += 1
        return found

    def _match_at(self, doc: Any, i: int, end: int) -> tuple[int, TriggerEntry] | None:
        lower, lemma = doc_words(doc)[:2]
        keys = dict.fromkeys((lower[i], lemma[i]))  # the written form first
        best: tuple[int, TriggerEntry] | None = None
        for key in keys:
            for words, entry in self._index.get(key, ()):
                n = len(words)
                if i + n > end or (best is not None and best[0] >= n):
                    continue
                if all(lemma[i + k] == w or lower[i + k] == w for k, w in enumerate(words)):
                    head = _head_of(doc, i, i + n)
                    if _pos_fits(entry, head, doc[i]):
                        best = (n, entry)
        return best

    def _keep(self, entry: TriggerEntry, head: Any, n: int) -> bool:
        if head.lower_ in MONTHS and (head.ent_type_ == "DATE" or head.pos_ == "PROPN"):
            return False  # "on 3 March 2019": a month, not a march
        if head.dep_ in {"amod", "compound"} and head.head.pos_ in {"NOUN", "PROPN"}:
            if head.pos_ in {"VERB", "ADJ"} or head.head.lemma_.lower() in NON_EVENT_HEADS:
                return False
            if entry.priority < 6 and n == 1:
                return False
        if entry.plover == "ASSAULT" and self._abstract_target(head):
            return False  # "measures to fight the coronavirus", "the fight against corruption"
        return not (head.ent_type_ in {"PERSON", "GPE", "ORG"} and head.pos_ == "PROPN" and n == 1)

    def _armed_agent(self, head: Any) -> bool:
        """A weapon is who or what acts, or the instrument: "the air force targeted", "was
        targeted by a drone", "targeted the base with rockets" (not "targeted mine workers")."""
        words = [
            t
            for c in head.children
            if c.dep_ in {"nsubj", "nsubjpass", "agent"}
            or (c.dep_ == "prep" and c.lower_ == "with")
            for t in c.subtree
        ]
        return not self.weapon_words.isdisjoint(lemma_phrases(words))

    def _abstract_target(self, head: Any) -> bool:
        for c in head.children:
            if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in {"against", "on"}):
                obj = (
                    c
                    if c.dep_ == "dobj"
                    else next((g for g in c.children if g.dep_ == "pobj"), None)
                )
                if obj is not None and obj.lemma_.lower() in self.abstract_targets:
                    return True
        return False

    def is_reporting(self, tok: Any) -> bool:
        return bool(tok.lemma_.lower() in self.reporting and tok.pos_ in {"VERB", "AUX"})


def _head_of(doc: Any, start: int, end: int) -> Any:
    """The syntactic head of the words start..end: the first whose head lies outside them;
    a verb among several such words wins ("wire tapped", the parser making "wire" a noun
    of the phrase before)."""
    tops = [
        doc[k] for k in range(start, end) if not start <= doc[k].head.i < end or doc[k].head.i == k
    ]
    if not tops:
        return doc[start]
    return (
        next((t for t in tops if t.pos_ in POS_OK["VERB"]), tops[0]) if len(tops) > 1 else tops[0]
    )


def _pos_fits(entry: TriggerEntry, head: Any, first: Any) -> bool:
    if entry.pos == "ANY":
        return bool(head.pos_ in ANY_POS)
    if entry.pos == "VERB":
        return bool(first.pos_ in POS_OK["VERB"] or head.pos_ in POS_OK["VERB"])
    return bool(head.pos_ in POS_OK[entry.pos])


def lemma_phrases(sent: Any) -> set[str]:
    """Every one- to three-word phrase of ``sent`` (tokens), as lemmas and as written (lower
    case)."""
    return _phrases([t.lemma_.lower() for t in sent], [t.lower_ for t in sent])


def sentence_phrases(sent: Any) -> set[str]:
    """``lemma_phrases`` of a Span (a sentence with its context), read from the Doc's words
    (``doc_words``) and kept per span in ``doc.user_data``: each event of the sentence reads
    them. Shared: never change the set."""
    key = (_PHRASES_KEY, sent.start, sent.end)
    cached = sent.doc.user_data.get(key)
    if cached is None:
        words = doc_words(sent.doc)
        cached = sent.doc.user_data[key] = _phrases(
            words.lemma[sent.start : sent.end], words.lower[sent.start : sent.end]
        )
    return cached


_PHRASES_KEY = "eventdesk.phrases"


def _phrases(lemmas: list[str], words: list[str]) -> set[str]:
    out: set[str] = set()
    for seq in (lemmas, words):
        for n in (1, 2, 3):
            for i in range(len(seq) - n + 1):
                out.add(" ".join(seq[i : i + n]))
    return out


def has_subject(tok: Any) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in tok.children)


def clause_anchor(tok: Any, finder: TriggerFinder) -> Any:
    """The top of the clause a trigger belongs to: climbs over participles, objects and
    prepositions, stops at the sentence root, at a clause reported by 'say', and at a
    coordinated verb with its own subject."""
    t = tok
    while True:
        if t.dep_ == "ROOT" or t.head.i == t.i:
            return t
        if t.dep_ in {"ccomp", "parataxis"}:
            return t
        if t.dep_ == "conj" and t.pos_ in {"VERB", "AUX"} and has_subject(t):
            return t
        if finder.is_reporting(t.head) and t.dep_ not in {"nsubj", "nsubjpass"}:
            return t
        t = t.head


def group_triggers(triggers: list[Trigger], finder: TriggerFinder) -> list[list[Trigger]]:
    """Triggers of material conflict sharing a clause form one group; every other trigger is
    a group of its own. Groups are in text order."""
    groups: list[list[Trigger]] = []
    by_anchor: dict[int, list[Trigger]] = {}
    for trig in triggers:
        if trig.entry.plover in MERGE_CLASSES:
            anchor = clause_anchor(trig.head, finder)
            key = anchor.i
            if key in by_anchor:
                by_anchor[key].append(trig)
                continue
            by_anchor[key] = [trig]
            groups.append(by_anchor[key])
        else:
            groups.append([trig])
    return groups


def main_trigger(group: list[Trigger]) -> Trigger:
    """The most specific trigger of a group: one ACLED codes over one it does not ("beat up
    violators of the curfew" is an attack, not a curfew), violence over other material acts
    ("killed 5 rebels and arrested 8"), then by priority (ties: the first)."""
    # heads of acts ACLED codes as something else ("defused", "seized")
    heads = {
        t.head.i
        for t in group
        if t.entry.acled_event_type and t.entry.acled_event_type not in VIOLENT_TYPES
    }

    def violent(t: Trigger) -> bool:
        # not the object of another trigger of the group ("police defused a bomb")
        governed = t.head.dep_ in {"dobj", "pobj"} and (
            t.head.head.i in heads or t.head.head.head.i in heads
        )
        return t.entry.acled_event_type in VIOLENT_TYPES and not governed

    return max(
        group,
        key=lambda t: (
            t.entry.acled_event_type is not None,
            violent(t),
            t.entry.priority,
            -t.start,
        ),
    )
