"""Counts of dead, injured, displaced and arrested people, read from the parse.

A victim word ("killed", "dead", "death toll", "wounded", "fled", "arrested") is found by its
lemma; the quantity is the number attached to its object or subject ("killing 5 civilians",
"three soldiers were killed", "a policeman died", "the death toll rose to 30", "dozens of people
fled"). Numbers under "including"/"among" are parts of a total already counted and are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..nlp import doc_ents, doc_words
from .dates import explicit_date_spans
from .lexicon import Lexicon
from .numbers import UNITS, VAGUE, parse_count

KINDS = ("fatalities", "injured", "displaced", "arrested")
_CUE = {
    "fatalities": "victim_killed",
    "injured": "victim_injured",
    "displaced": "victim_displaced",
    "arrested": "victim_arrested",
}
KILLER_SUBJECT = {
    "kill",
    "injure",
    "wound",
    "arrest",
    "detain",
    "displace",
    "behead",
    "execute",
    "murder",
    "massacre",
    "hurt",
    "apprehend",
    "uproot",
    "evacuate",
}
PERSON_INTER = {1, 2, 3, 4, 5, 6, 7}
NUMBER_DEPS = {"nummod", "quantmod", "compound", "advmod", "amod"}


@dataclass(frozen=True, slots=True)
class Count:
    kind: str
    value: int
    span: tuple[int, int]
    victim: Any  # the victim-word token


def _is_number(tok: Any) -> bool:
    return bool(tok.like_num or tok.lower_ in VAGUE or tok.pos_ == "NUM")


def _number_words(num: Any) -> tuple[int | None, tuple[int, int]]:
    toks = [num]
    for c in num.subtree:
        if c.i == num.i:
            continue
        if c.dep_ in NUMBER_DEPS | {"cc", "conj", "prep", "pobj", "punct"} and (
            _is_number(c) or c.dep_ in {"quantmod", "cc", "punct"} or c.lower_ in {"to", "and"}
        ):
            toks.append(c)
    toks.sort(key=lambda t: t.i)
    # keep the contiguous run containing the number
    run = [t for t in toks if abs(t.i - num.i) <= 6]
    value = parse_count([t.text for t in run])
    first = min(run, key=lambda t: t.i)
    last = max((t for t in run if _is_number(t)), key=lambda t: t.i, default=num)
    return value, (first.idx, last.idx + len(last.text))


def quantity(
    tok: Any, person: Callable[[Any], bool] | None = None
) -> tuple[int | None, tuple[int, int] | None]:
    """The number of people a noun-phrase head denotes ('five civilians' -> 5, 'a soldier' -> 1,
    'dozens' -> 12), or (None, None)."""
    if _is_number(tok):
        return _number_words(tok)
    for c in tok.children:
        if c.dep_ in {"nummod", "quantmod"} and _is_number(c):
            return _number_words(c)
    for c in tok.children:  # "a family of three", "a group of five"
        if c.dep_ == "prep" and c.lower_ == "of":
            for obj in c.children:
                if obj.dep_ == "pobj" and _is_number(obj) and obj.lower_ not in VAGUE:
                    return _number_words(obj)
    for c in tok.children:
        if c.dep_ == "det" and c.lower_ in {"a", "an", "one"} and tok.tag_ in {"NN", "NNP"}:
            return 1, (c.idx, tok.idx + len(tok.text))
        if c.dep_ == "det" and c.lower_ in UNITS and c.lower_ not in {"a", "an"}:
            return parse_count([c.text]), (c.idx, c.idx + len(c.text))
    if tok.lower_ in {"him", "her"}:
        return 1, (tok.idx, tok.idx + len(tok.text))
    if tok.tag_ == "NN" and person is not None and person(tok):
        # "killed the driver", "the head of the district": one person
        return 1, (tok.idx, tok.idx + len(tok.text))
    return None, None


def _fatal(verb: Any) -> bool:
    for c in verb.children:
        if c.dep_ == "advmod" and c.lower_ in {"fatally", "mortally"}:
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and any(x.lower_ == "death" for x in c.children):
            return True
    return False


def _under_part_prep(tok: Any, stop: Any) -> bool:
    t = tok
    while t.i != stop.i and t.head.i != t.i:
        if t.dep_ == "prep" and t.lower_ in {"including", "among"}:
            return True
        if t.dep_ == "pobj" and t.head.lower_ in {"including", "among"}:
            return True
        t = t.head
    return False


class CountReader:
    def __init__(self, lexicon: Lexicon) -> None:
        self.agents = lexicon.agents
        self.person_nouns = lexicon.cue_words("person_noun")  # people who are no actor kind
        self.words: dict[str, str] = {}
        for kind, cue in _CUE.items():
            for w in lexicon.cue_words(cue):
                self.words.setdefault(w, kind)

    def _person(self, tok: Any) -> bool:
        lemma = tok.lemma_.lower()
        entry = self.agents.get(lemma)
        return (
            tok.ent_type_ == "PERSON"
            or lemma in self.person_nouns
            or (entry is not None and entry.inter in PERSON_INTER)
        )

    def victim_kind(self, tok: Any) -> str | None:
        kind = self.words.get(tok.lemma_.lower()) or self.words.get(tok.lower_)
        if kind is None and tok.pos_ == "VERB" and _fatal(tok):
            return "fatalities"  # "fatally shot a man", "stabbed to death", "beaten to death"
        return kind

    def read(self, sent: Any) -> list[Count]:
        out: list[Count] = []
        # numbers that are parts of dates ("On 6 May 2020") are never counts of people
        dates = [
            (sent.start_char + s, sent.start_char + e) for s, e in explicit_date_spans(sent.text)
        ]
        dates += [
            (e.start_char, e.end_char)
            for e in doc_ents(sent.doc)
            if e.label_ in {"DATE", "TIME"} and sent.start <= e.start < sent.end
        ]
        doc, words = sent.doc, doc_words(sent.doc)
        for i in range(sent.start, sent.end):
            if (
                words.lemma[i] not in self.words
                and words.lower[i] not in self.words
                and words.pos[i] != "VERB"
            ):
                continue  # no victim word (see victim_kind), without making the token
            tok = doc[i]
            kind = self.victim_kind(tok)
            if kind is None:
                continue
            for head in self._quantity_heads(tok):
                if _under_part_prep(head, tok):
                    continue
                total = 0
                span: tuple[int, int] | None = None
                for member in self._members(head):
                    value, sp = quantity(member, self._person)
                    if value is None or sp is None:
                        continue
                    total += value
                    span = sp if span is None else (min(span[0], sp[0]), max(span[1], sp[1]))
                if span is not None and total > 0:
                    if any(a < span[1] and span[0] < b for a, b in dates):
                        continue
                    out.append(Count(kind, total, span, tok))
                    break
        return out

    @staticmethod
    def _members(head: Any) -> list[Any]:
        """'two soldiers and a civilian' counts both; '20 to 30' or '20 and 30' is a range."""
        if _is_number(head):
            return [head]
        return [head, *[c for c in head.conjuncts if not _is_number(c)]]

    def _quantity_heads(self, tok: Any) -> list[Any]:
        heads: list[Any] = []
        lemma = tok.lemma_.lower()
        if tok.pos_ in {"VERB", "AUX"}:
            for c in tok.children:
                if c.dep_ in {"dobj", "nsubjpass"} or (
                    c.dep_ == "nsubj" and lemma not in KILLER_SUBJECT
                ):
                    heads.append(c)
                elif c.dep_ == "nsubj" and _is_number(c):
                    heads.append(c)  # "12 killed in attack" (parsed active)
            if tok.dep_ == "conj" and not any(
                c.dep_ in {"nsubj", "nsubjpass", "dobj"} for c in tok.children
            ):  # "a policeman was shot and killed": the subject is on the first verb
                heads.extend(c for c in tok.head.children if c.dep_ in {"nsubjpass", "dobj"})
            if tok.dep_ in {"acl", "amod", "relcl"} and tok.head.pos_ in {"NOUN", "PROPN", "NUM"}:
                heads.append(tok.head)  # "12 people killed", "civilians wounded"
        else:
            for c in tok.children:
                if c.dep_ in {"nummod", "quantmod"} and _is_number(c):
                    heads.append(tok)
                if c.dep_ == "prep" and c.lower_ in {"to", "at", "of"}:
                    heads.extend(x for x in c.children if x.dep_ == "pobj")
            if tok.dep_ in {"amod"} and tok.head.pos_ in {"NOUN", "PROPN", "NUM"}:
                heads.append(tok.head)
            if tok.dep_ in {"acomp", "oprd", "ccomp", "xcomp"}:
                gov = tok.head
                heads.extend(c for c in gov.children if c.dep_ in {"nsubj", "dobj", "nsubjpass"})
            if tok.dep_ == "nsubj" and lemma in {"toll", "death toll"}:
                for c in tok.head.children:
                    if c.dep_ == "prep" and c.lower_ in {"to", "at"}:
                        heads.extend(x for x in c.children if x.dep_ == "pobj")
                    if c.dep_ in {"attr", "dobj"}:
                        heads.append(c)
            for c in tok.children:
                if c.dep_ in {"nsubj"}:
                    heads.append(c)
        return heads
