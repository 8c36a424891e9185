"""Place names known only from their context: "the village of Tessiko", "Ombaru village",
"Kafr Moussaba", "the villages of X, Y and Z".

The gazetteer lacks most villages, neighbourhoods and hills that conflict reports name, and the
model often tags their transliterated names PERSON or ORG. A capitalised name next to a word
that says what kind of place it is (``lexicon/geo/place_cues.tsv``) is a place whatever the
model thinks; the resolver then locates it if it can, and the pipeline keeps it by name if not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import lexicon_files, rules
from ..nlp import doc_text
from . import place_rules as R
from .normalize import ARTICLE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

TokenSpan = tuple[int, int]  # token offsets, end exclusive

_MAX_WORDS = 4  # words of one name
# what an apposition says of a place: "in X, just north of Y", "in X, 10 km from Y", "in X, a
# village near Y"
_UNITS = r"(?:km|kms|kilometres|kilometers|miles)"
_COMPASS = r"(?:north|south|east|west)(?:-?(?:east|west))?"
_WHERE_APPOSITION = re.compile(
    r"\s*(?:(?:just|about|some|roughly|around)\s+)?"
    rf"(?:(?:\d+(?:\.\d+)?\s*{_UNITS}\s+)?{_COMPASS}\s+of"
    rf"|\d+(?:\.\d+)?\s*{_UNITS}\s+(?:from|outside)"
    r"|an?\s+(?:small\s+|remote\s+)?(?:village|town|city|district|suburb|settlement|hamlet"
    r"|locality|neighbou?rhood)\s+(?:near|in|outside|of|north|south|east|west))\b",
    re.IGNORECASE,
)
_LOCATIVE = frozenset({"in", "at", "near", "into", "from", "outside"})
_PLACED_IN = frozenset({"in", "at", "near", "outside"})  # "in X in Helmand province"
# words between "in" and a region: "in southern Helmand", "in north-eastern Syria"
_SIDE_RE = re.compile(rf"{_COMPASS}(?:ern)?|central")
# cue words after the name of a part of a city: "the Jardim Tropical neighborhood"
_PART_WORDS = frozenset({"neighborhood", "neighbourhood", "suburb", "quarter", "township"})
# verbs whose object is ground, never a person: "troops entered X", "rebels stormed X"
ENTRY_VERBS = frozenset({"enter", "storm", "overrun", "besiege"})
_ENTRY_STEMS = ("enter", "storm", "overr", "overran", "besieg")  # a cheap test before the lemma
_MAX_LIST = 6  # names in one list ("the villages of A, B, C and D")
_NOT_NAME_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP"}
)
# a name's words: proper nouns, or words the tagger mistakes for nouns and adjectives
# ("Dalmoura") unless they open the sentence ("Several town halls", "Many area schools")
_NAME_POS = frozenset({"PROPN", "X"})
_OTHER_POS = frozenset({"NOUN", "ADJ"})


CUES_FILE = "geo/place_cues.tsv"


@dataclass(frozen=True, slots=True)
class PlaceCues:
    after: frozenset[str]  # "X village"
    feature: frozenset[str]  # "X Hill": the word is part of the name
    of: frozenset[str]  # "the village of X"
    prefix: frozenset[str]  # "Kafr X"
    people: frozenset[str] = frozenset()  # "the Hindu village": a people or faith, no name

    @classmethod
    def load(cls, path: Path | None = None, user_dir: Path | None = None) -> PlaceCues:
        """The cues of ``path``, or of ``geo/place_cues.tsv`` (packaged, then the user's)."""
        kinds: dict[str, set[str]] = {
            "after": set(),
            "feature": set(),
            "of": set(),
            "prefix": set(),
            "people": set(),
        }
        found: Iterator[tuple[str, int, str]]
        if path is not None:
            text = path.read_text(encoding="utf-8")
            found = ((str(path), n, line) for n, line in enumerate(text.splitlines(), 1))
        else:
            found = lexicon_files.lines(CUES_FILE, user_dir)
        for where, lineno, line in found:
            if not line.strip() or line.startswith("#"):
                continue
            word, _, kind = (part.strip() for part in line.partition("\t"))
            if kind not in kinds:
                raise ValueError(f"{where}:{lineno}: unknown cue kind {kind!r}")
            kinds[kind].add(word if kind == "prefix" else word.lower())
        return cls(*(frozenset(kinds[k]) for k in ("after", "feature", "of", "prefix", "people")))

    def find(
        self,
        doc: Doc,
        taken: list[bool],
        reject: Callable[[str], bool],
        region: Callable[[str], bool] | None = None,
    ) -> list[TokenSpan]:
        """The token spans of :meth:`find_with_rules`."""
        return [span for span, _ in self.find_with_rules(doc, taken, reject, region)]

    def find_with_rules(
        self,
        doc: Doc,
        taken: list[bool],
        reject: Callable[[str], bool],
        region: Callable[[str], bool] | None = None,
    ) -> list[tuple[TokenSpan, str]]:
        """Token spans of the names the context marks as places, except names ``reject``
        refuses (months, demonyms, ...). A name whose tokens an earlier pass took in part is
        skipped, unless a part word follows it and the pass took only its first words
        ("Jardim Tropical neighborhood", where the model saw the town Jardim): the caller may
        grow that span. One it took whole is returned too (the caller flags that span). With
        ``region`` (is this text a known region or country?), a name before brackets that
        end with one is a place too: "Ar Rajban (Al Jabal Al Gharbi)", "X (Mezam, Nord-Ouest)",
        as ACLED's notes place villages. Each span comes with the name of the rule whose cue
        found it (``place.context_cue``, ``place.cue_near_or_entry_verb``,
        ``place.cue_where_phrase``); a cue whose rule is off finds nothing."""
        out: list[tuple[TokenSpan, str]] = []
        text = doc_text(doc)  # spaCy joins every token on each doc.text

        def keep(span: TokenSpan | None, grow: bool = False, rule: str = R.CONTEXT_CUE) -> bool:
            if span is None or reject(doc[span[0] : span[1]].text):
                return False
            if span[1] - span[0] == 1 and _norm_word(doc[span[0]].text) in self.people:
                return False
            inside = taken[span[0] : span[1]]
            if any(inside) and not all(inside) and not (grow and _taken_head(inside)):
                return False
            if not rules.apply(rule, "place"):
                return False
            out.append((span, rule))
            return True

        for tok in doc:
            low = tok.lower_
            plural = low.endswith("s")
            if (low in self.after or low in self.feature) and tok.i > 0 and not _in_person(tok):
                name = _name_before(doc, tok.i)
                if name is not None and low in self.feature and tok.text[0].isupper():
                    name = (name[0], tok.i + 1)  # "Capitol Hill", "Rocky Mountains"
                if keep(name, grow=low in _PART_WORDS) and name is not None and plural:
                    for other in _list_before(doc, name[0]):
                        keep(other)
            if low in self.of and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "of":
                name = _name_after(doc, tok.i + 2)
                if keep(name) and name is not None and plural:
                    for other in _list_after(doc, name[1]):
                        keep(other)
            if tok.text in self.prefix and (tok.i == 0 or not _name_token(doc[tok.i - 1])):
                name = _name_after(doc, tok.i)
                if name is not None and name[1] - name[0] > 1 and _placed(doc, name):
                    keep(name)
            if tok.text == "," and tok.i > 1 and _WHERE_APPOSITION.match(text, tok.idx + 1):
                name = _name_before(doc, tok.i)
                if name is not None and name[0] > 0 and doc[name[0] - 1].lower_ in _LOCATIVE:
                    keep(name, rule=R.CUE_WHERE_PHRASE)  # "homes in X, just north of Y"
            near = low == "near" or (
                low.startswith(_ENTRY_STEMS)
                and tok.pos_ == "VERB"
                and tok.lemma_.lower() in ENTRY_VERBS
            )
            if near and tok.i + 1 < len(doc):
                name = _name_after(doc, tok.i + 1)
                if name is not None and _unknown_near(doc, name):
                    keep(name, rule=R.CUE_NEAR_OR_ENTRY)  # "near X", "troops entered X"
            if region is not None and low in _PLACED_IN and tok.i + 3 < len(doc):
                name = _name_after(doc, tok.i + 1)
                if (
                    name is not None
                    and _in_region_after(doc, name[1], region)
                    and not any(t.ent_type_ in {"ORG", "FAC"} for t in doc[name[0] : name[1]])
                ):  # "killed in Tessaro in Helmand province", not "at X Nursing Home in Y"
                    keep(name, rule=R.CUE_WHERE_PHRASE)
            if region is not None and tok.text == "(" and tok.i > 0:
                inner = _bracketed(doc, tok.i)
                name = _name_before(doc, tok.i)
                if inner and name and region(inner.split(",")[-1].strip()):
                    # "Sen. Ted Cruz (Texas)", "Rafael Nadal (Spain)": a person's state or
                    # country; a village the model calls a person still has "(District,
                    # Region)"
                    person = any(t.ent_type_ == "PERSON" for t in doc[name[0] : name[1]])
                    if not person or "," in inner:
                        keep(name, rule=R.CUE_WHERE_PHRASE)
        return out


def _in_region_after(doc: Doc, end: int, region: Callable[[str], bool]) -> bool:
    """ "in <a region or country>" follows token ``end``:
    "in Helmand province", ", in southern Somalia", "in the Kandahar province"."""
    i = end + (end < len(doc) and doc[end].text == ",")
    if i >= len(doc) or doc[i].lower_ != "in":
        return False
    i += 1
    while i < len(doc) and (doc[i].lower_ == "the" or _SIDE_RE.fullmatch(doc[i].lower_)):
        i += 1
    name = _name_after(doc, i) if i < len(doc) else None
    return name is not None and region(doc[name[0] : name[1]].text)


def _taken_head(inside: list[bool]) -> bool:
    """An earlier pass took the first words of a name, and only those."""
    head = inside.index(False) if False in inside else len(inside)
    return 0 < head < len(inside) and not any(inside[head:])


def _unknown_near(doc: Doc, name: TokenSpan) -> bool:
    """A name after "near" (or an entry verb) is a place unless it is a person's or an
    organisation's ("near Johnson's house", "near John Smith", "near Central Bank")."""
    span = doc[name[0] : name[1]]
    if name[1] < len(doc) and doc[name[1]].text in ("'s", "’s"):
        return False
    # one word ("Kalynove-Borshchuvate" too) is a village the model took for a body;
    # several are a body's name
    one_word = not any(t.whitespace_ for t in span[:-1])
    return one_word or not any(t.ent_type_ in {"ORG", "PERSON"} for t in span)


def _bracketed(doc: Doc, i: int) -> str | None:
    """The text inside the brackets that open at token ``i``, if they close within a few
    words."""
    for j in range(i + 1, min(len(doc), i + 10)):
        if doc[j].text == ")":
            return doc[i + 1 : j].text if j > i + 1 else None
        if doc[j].text == "(":
            return None
    return None


def _name_token(tok: Token) -> bool:
    t = tok.text
    return (
        len(t) > 1
        and t[0].isupper()
        and any(ch.isalpha() for ch in t)
        and sum(ch.isalpha() for ch in t) >= 3  # "Ombaru-2", not "K-9 districts"
        and not (t.isupper() and t.isalpha())  # "EU districts"
        and (tok.ent_type_ not in _NOT_NAME_ENTS or _propn_norp(tok))
        and (tok.pos_ in _NAME_POS or (tok.pos_ in _OTHER_POS and not tok.is_sent_start))
    )


def _norm_word(text: str) -> str:
    return text.lower().replace("’", "'")


def _propn_norp(tok: Token) -> bool:
    """A proper noun the model calls a people may still name a town ("the town of Rastan");
    an adjective ("the Kurdish quarter") may not."""
    return tok.ent_type_ == "NORP" and tok.pos_ == "PROPN" and tok.tag_ == "NNP"


def _in_person(cue: Token) -> bool:
    """A kind word inside a person's name is no cue ("Mary Hill"); an abbreviation the
    model tags as part of a name still is ("Tessiko LGA")."""
    return cue.ent_type_ == "PERSON" and not cue.text.isupper()


def _placed(doc: Doc, name: TokenSpan) -> bool:
    """A prefixed name is a place unless the model calls it a person or a body that acts:
    "Ras Baraka said", "Khan Academy offers" are no places; "troops took Tal X" is."""
    span = doc[name[0] : name[1]]
    if not any(t.ent_type_ in {"PERSON", "ORG"} for t in span):
        return True
    return span.root.dep_ != "nsubj"


def _joined(doc: Doc, i: int) -> bool:
    """Token ``i`` is a hyphen inside a name: "Dar-Tessiko", "al-Ombaru"."""
    return (
        doc[i].text in {"-", "‑"}
        and i > 0
        and i + 1 < len(doc)
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and _name_token(doc[i + 1])
    )


def _article(doc: Doc, i: int) -> bool:
    """Token ``i`` is an Arabic article joined to the name after it: "al" of "al-Ombaru"."""
    return doc[i].lower_ in ARTICLE_WORDS and i + 1 < len(doc) and _joined(doc, i + 1)


def _name_after(doc: Doc, i: int) -> TokenSpan | None:
    """The name that starts at token ``i`` ("al-Ombaru", "Kafr Moussaba"), if any."""
    j, words = i, 0
    while j < len(doc) and words < _MAX_WORDS:
        if _name_token(doc[j]):
            j, words = j + 1, words + 1
        elif _article(doc, j) or (j > i and _joined(doc, j)):
            j += 1
        else:
            break
    while j > i and not _name_token(doc[j - 1]):
        j -= 1
    return (i, j) if j > i else None


def _name_before(doc: Doc, end: int) -> TokenSpan | None:
    """The name that ends just before token ``end`` ("Ombaru" of "Ombaru village")."""
    i, words = end, 0
    while i > 0 and words < _MAX_WORDS:
        prev = doc[i - 1]
        if _name_token(prev):
            i, words = i - 1, words + 1
        elif i < end and (_joined(doc, i - 1) or _article(doc, i - 1)):
            i -= 1
        else:
            break
    while i < end and not _name_token(doc[i]) and doc[i].lower_ not in ARTICLE_WORDS:
        i += 1
    return (i, end) if i < end and any(_name_token(t) for t in doc[i:end]) else None


def _list_after(doc: Doc, end: int) -> list[TokenSpan]:
    """More names after the first of a list: ", B, C and D" (only when "and"/"or" closes it)."""
    names: list[TokenSpan] = []
    j = end
    while len(names) < _MAX_LIST and j < len(doc):
        sep = doc[j].lower_
        if sep == "," and j + 1 < len(doc) and doc[j + 1].lower_ in {"and", "or"}:
            j += 1
            sep = doc[j].lower_
        if sep not in {",", "and", "or"} or j + 1 >= len(doc):
            break
        name = _name_after(doc, j + 1)
        if name is None:
            break
        names.append(name)
        j = name[1]
        if sep in {"and", "or"}:
            return names
    return []


def _list_before(doc: Doc, start: int) -> list[TokenSpan]:
    """The names before the last of a list: "A, B and" before "C villages"."""
    if start < 2 or doc[start - 1].lower_ not in {"and", "or"}:
        return []
    names: list[TokenSpan] = []
    i = start - 1
    if doc[i - 1].text == ",":
        i -= 1
    while len(names) < _MAX_LIST and i > 0:
        name = _name_before(doc, i)
        if name is None:
            break
        names.append(name)
        i = name[0]
        if i < 2 or doc[i - 1].text != ",":
            break
        i -= 1
    return names
