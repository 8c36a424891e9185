"""Toponym recognition: the spans of place names in a parsed spaCy ``Doc``.

Passes, each taking only tokens no earlier pass took: names the model split that the
gazetteer knows whole; the model's entities (GPE/LOC, and FAC, NORP, ORG, PERSON, DATE ones
that the gazetteer and the context confirm); capitalised runs no entity covers; and names a
place-kind word marks (:mod:`eventdesk.resolve.context`). Every span carries the names of the
rules that took it (:mod:`eventdesk.resolve.place_rules`). Last, acronyms and short all-caps
words ("BA", "MoD", "TN") and common words the text also writes in lowercase ("Most", "Man")
are dropped unless they name a place themselves or the context marks them as places (rules
``place.acronym_needs_place_context`` and ``place.common_word_needs_place_context``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from eventdesk import rules
from eventdesk.nlp import doc_text
from eventdesk.resolve import place_rules as R
from eventdesk.resolve.context import ENTRY_VERBS, PlaceCues
from eventdesk.resolve.gazetteer import Candidate, Gazetteer
from eventdesk.resolve.normalize import FEATURE_WORDS, name_key
from eventdesk.resolve.place_candidates import CandidateBuilder
from eventdesk.resolve.place_common import DIRECTION_WORDS, STREET_RE, Span, same_region

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# take(start token, end token, marked by a cue word, names of the rules that took it)
_Take = Callable[[int, int, bool, tuple[str, ...]], None]
# a recognised toponym: its characters, whether a cue marks it, the rules that took it
Recognized = tuple[Span, bool, tuple[str, ...]]

# words that join the parts of a place name ("Santa Cruz de la Sierra", "Catole do Rocha")
_JOINERS = frozenset(
    {"de", "do", "da", "dos", "das", "del", "de la", "de las", "de los", "de sub", "di", "du"}
    | {"des", "of"}
)
_JOINED_RE = re.compile(  # a text that may hold such a name: "Xx de Yy", "Xx de la Yy"
    r"[A-Z]\S*\s(?:"
    + "|".join(sorted(w for w in _JOINERS if " " not in w))
    + r")\s(?:l[aeo]s?\s|sub\s)?[A-Z]"
)
_CUE_BEFORE = frozenset({"in", "near", "from", "at", "to", "outside", "into", "of", "across"})
# "eastern Palmyra", "rural Homs", "the Idlib countryside": words that make the name next to
# them a region or town, strongly enough to take a name known only by an alternate spelling
_AREA_BEFORE = frozenset(
    [
        "eastern",
        "western",
        "northern",
        "southern",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "rural",
    ]
)
_AREA_AFTER = frozenset({"countryside", "outskirts"})
# "explosions near X", "a checkpoint outside X": words after which a name is a place even when
# the model calls it a person, as strongly as an area word ("near Johnson's home" excepted)
_NEAR_BEFORE = frozenset({"near", "outside"})
# verbs whose object is ground: "rebels captured Birao", "troops entered X"
_TAKE_VERBS = ENTRY_VERBS | {"capture", "recapture", "seize", "liberate"}
# population cut-offs of a town the gazetteer knows by its name (see ``_accept``)
_POP_ANYWHERE = 50_000  # a place wherever it stands
_POP_AREA = 20_000  # after an area word, or inside an organisation's name
_POP_SENTENCE_START = 100_000  # opening a sentence without a cue
_POP_STRICT_CUE = 5_000  # with a cue, where the model saw a person
# no toponyms, though towns somewhere bear some of them (bodies: "discussed in Congress")
_STOP_NAMES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "god",
        "mr",
        "mrs",
        "ms",
        "dr",
        "jesus",
        "christ",
        "police",
        "university",
        "college",
        "school",
        "church",
        "hospital",
        "north",
        "south",
        "east",
        "west",
        "central",
        "page",
        "news",
        "president",
        "governor",
        "mayor",
        "chief",
        "officer",
        "street",
        "avenue",
        "road",
        "court",
        "said",
        "will",
        "congress",
        "parliament",
        "senate",
    ]
)
# "X of the Mogilev region", "X of Kherson oblast": the region a town lies in
_OF_REGION_RE = re.compile(
    r"\s+of\s+(?:the\s+)?((?:[A-Z][\w'-]*\s?){1,3}?)\s+(?:region|province|oblast|governorate)\b"
)


# "BA", "NATO", "TN" (two to five capitals) and "MoD", "MoI" (a short mixed-case acronym)
_ACRONYM_RE = re.compile(r"[A-Z]{2,5}|[A-Z][a-z]?[A-Z][A-Za-z]?")
_AFTER_PLACE_RE = re.compile(r"\s*,\s*")
_LOWER_WORD_RE = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")  # a word in lowercase

# words for an organisation that a name in apposition to them names (place.company_name_not_place)
_COMPANY_WORDS = frozenset(
    {
        "firm",
        "company",
        "corporation",
        "contractor",
        "conglomerate",
        "bank",
        "airline",
        "carrier",
        "manufacturer",
        "maker",
        "retailer",
        "insurer",
        "subsidiary",
        "newspaper",
        "broadcaster",
        "daily",
    }
)
ACRONYM_NEEDS_CONTEXT = R.ACRONYM_NEEDS_CONTEXT
COMMON_WORD_NEEDS_CONTEXT = R.COMMON_WORD_NEEDS_CONTEXT


def _segments(doc: Doc) -> list[tuple[SpacySpan, int, int]]:
    """Entities cut at brackets and commas: the model sometimes swallows "Bamako (Bamako" or
    "Gao, Mali" into one entity; each part is judged on its own."""
    out: list[tuple[SpacySpan, int, int]] = []
    for ent in doc.ents:
        start = ent.start
        for i in range(ent.start, ent.end + 1):
            if i == ent.end or doc[i].text in {"(", ")", ",", ";", "[", "]"}:
                if i > start:
                    out.append((ent, start, i))
                start = i + 1
    return out


def _stop(key: str) -> bool:
    """A stop name: no toponym (rule ``place.stop_names``)."""
    return key in _STOP_NAMES and rules.apply(R.STOP_NAMES, "place")


def _beside_company_word(tok: Token) -> bool:
    """The name whose last token is ``tok`` stands in apposition to a word for a firm, or has
    one before it ("the engineering firm X", "X, the mining company")."""
    if tok.dep_ == "appos" and tok.head.lemma_.lower() in _COMPANY_WORDS:
        return True
    return any(
        c.dep_ in {"appos", "compound"} and c.lemma_.lower() in _COMPANY_WORDS for c in tok.children
    )


class Recognizer:
    """Find toponym spans with a :class:`Gazetteer` and the place-kind cues."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        candidates: CandidateBuilder,
        min_population: int = 1000,
        user_dir: Path | None = None,
    ) -> None:
        self.gaz = gazetteer
        self.cands = candidates  # for "X, Region" (a town placed by its region)
        self.min_population = min_population
        self._cues = PlaceCues.load(user_dir=user_dir)

    def recognize(self, doc: Doc) -> list[Recognized]:
        """Toponym spans (sorted, non-overlapping), each with whether a place-kind word next
        to it marks it a place ("the village of X", "X district", see ``resolve.context``):
        such a name is a place even when the gazetteer cannot locate it; and with the names
        of the rules that took it."""
        spans: list[Recognized] = []
        taken = [False] * len(doc)

        def take(start: int, end: int, marked: bool, why: tuple[str, ...]) -> None:
            s_char, e_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
            spans.append(((s_char, e_char), marked, why))
            for i in range(start, end):
                taken[i] = True

        for start, end in [*self._joined_names(doc), *self._split_names(doc)]:
            if not any(taken[start:end]) and rules.apply(R.NAME_KNOWN_WHOLE, "place"):
                take(start, end, False, (R.NAME_KNOWN_WHOLE,))
        for ent, start, end in _segments(doc):
            if any(taken[start:end]):
                continue
            while start < end and doc[start].lower_ in ("the", "a"):
                start += 1
            while end > start and doc[end - 1].text in ("'s", "’s", "'", "."):
                end -= 1
            if start >= end:
                continue
            self._entity(doc, ent, start, end, take)
        # capitalised proper-noun runs that no entity covered
        i = 0
        while i < len(doc):
            if taken[i] or doc[i].ent_type_ or not self._capital(doc[i]):
                i += 1
                continue
            j = i
            while j < len(doc) and not taken[j] and not doc[j].ent_type_ and self._capital(doc[j]):
                j += 1
            self._scan_run(doc, i, j, take, strict=False)
            i = j
        cued: dict[Span, str] = {}
        found = self._cues.find_with_rules(doc, taken, self._not_cued_name, self._region_name)
        for (start, end), rule in found:
            inside = taken[start:end]
            if all(inside):  # an earlier pass took it: flag that span
                cued.setdefault((doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)), rule)
            elif not any(inside):
                take(start, end, True, (rule,))
            else:  # "Jardim Tropical neighborhood": the model saw only the town Jardim
                lo, hi = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
                spans = [x for x in spans if not (lo <= x[0][0] < hi)]
                take(start, end, True, (rule,))
        out: list[Recognized] = []
        for s, m, why in spans:
            cues = tuple(r for c, r in cued.items() if c[0] <= s[0] and s[1] <= c[1])
            out.append((s, m or bool(cues), why + cues))
        out.sort()
        return self._common_words_in_context(doc, self._acronyms_in_context(doc_text(doc), out))

    def _acronyms_in_context(self, text: str, found: list[Recognized]) -> list[Recognized]:
        """``found`` without the acronyms and short all-caps words that neither name a place
        themselves nor stand where the context makes them one (rule
        ``place.acronym_needs_place_context``)."""
        out: list[Recognized] = []
        for span, marked, why in found:
            s, e = span
            surface = text[s:e]
            # "Memphis, TN": the acronym follows a place and a comma
            after_place = bool(out) and _AFTER_PLACE_RE.fullmatch(text[out[-1][0][1] : s])
            if (
                _ACRONYM_RE.fullmatch(surface) is None
                or marked
                or self.cands.acronym_names_place(surface)
                or self.cands.acronym_placed(text, s, e, bool(after_place))
                or not rules.apply(ACRONYM_NEEDS_CONTEXT, "place")
            ):
                out.append((span, marked, why))
        return out

    def _common_words_in_context(self, doc: Doc, found: list[Recognized]) -> list[Recognized]:
        """``found`` without the capitalised one-word names that the text also uses as
        lowercase words, unless the model calls them places, a place-kind word marks them
        or they name a country or region by their own name (rule
        ``place.common_word_needs_place_context``)."""
        text = doc_text(doc)
        lower = set(_LOWER_WORD_RE.findall(text))
        out: list[Recognized] = []
        for span, marked, why in found:
            s, e = span
            word = text[s:e]
            if (
                marked
                or not (word[:1].isupper() and word[1:].islower() and word.isalpha())
                or word.lower() not in lower
                or self._model_says_place(doc, s, e)
                or self.cands.own_region(word)
                or not rules.apply(COMMON_WORD_NEEDS_CONTEXT, "place")
            ):
                out.append((span, marked, why))
        return out

    @staticmethod
    def _model_says_place(doc: Doc, start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        return span is not None and any(t.ent_type_ in ("GPE", "LOC") for t in span)

    def _entity(self, doc: Doc, ent: SpacySpan, start: int, end: int, take: _Take) -> None:
        """The toponym (if any) of the model's entity ``ent``, cut to tokens start:end."""
        label = ent.label_
        text = doc[start:end].text
        if label in ("GPE", "LOC"):
            if _beside_company_word(doc[end - 1]) and rules.apply(R.COMPANY_NAME, "place"):
                return  # "the mining company Vale": the firm, not a town
            if self._plausible_ent(text) and rules.apply(R.MODEL_PLACE_ENTITY, "place"):
                take(start, end, False, (R.MODEL_PLACE_ENTITY,))
        elif label == "FAC" or label == "NORP":
            cands = self.gaz.candidates(text)
            if label == "NORP":
                if (
                    self.gaz.country_for_word(text)
                    or any(c.feature == "country" and not c.alt_match for c in cands)
                    or (
                        cands
                        and doc[end - 1].pos_ != "ADJ"  # "Western nations": no place
                        and self._accept(doc, start, end, name_key(text), strict=True)
                    )
                ) and rules.apply(R.PEOPLE_AS_PLACE, "place"):
                    take(start, end, False, (R.PEOPLE_AS_PLACE,))
            elif (
                (cands and any(not c.alt_match for c in cands)) or STREET_RE.search(text)
            ) and rules.apply(R.MODEL_PLACE_ENTITY, "place"):
                take(start, end, False, (R.MODEL_PLACE_ENTITY,))
        elif label in ("ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "EVENT"):
            self._inside_entity(doc, ent, start, end, take)
        elif label == "DATE" and not any(ch.isdigit() for ch in text):
            # "in Posadas (Misiones)", taken for a date: only with its region after it
            cands = [c for c in self.gaz.candidates(text) if not c.loose_match]
            if self._placed_by_container(doc, end, cands) and rules.apply(
                R.TOWN_WITH_ITS_REGION, "place"
            ):
                take(start, end, False, (R.TOWN_WITH_ITS_REGION,))

    def _joined_names(self, doc: Doc) -> list[tuple[int, int]]:
        """Token spans of names joined by "de", "do", "dos", "de la" ... that the gazetteer
        knows whole ("Santa Cruz de la Sierra", "Catole do Rocha"): the model often splits
        them, and their parts name other places ("Santa Cruz", "Rocha")."""
        out: list[tuple[int, int]] = []
        if _JOINED_RE.search(doc_text(doc)) is None:
            return out  # most texts have none: no token walk
        i = 1
        while i < len(doc) - 1:
            low = doc[i].lower_
            if low not in _JOINERS or doc[i].text != low or not self._capital(doc[i - 1]):
                i += 1
                continue
            n = 2 if f"{low} {doc[i + 1].lower_}" in _JOINERS else 1
            found = None
            for left in range(3, 0, -1):
                lo = i - left
                if lo < 0 or not all(self._capital(t) for t in doc[lo:i]):
                    continue
                if out and lo < out[-1][1]:
                    continue
                for right in range(3, 0, -1):
                    hi = i + n + right
                    if hi > len(doc) or not all(self._capital(t) for t in doc[i + n : hi]):
                        continue
                    if self._known_whole(doc[lo:hi].text):
                        found = (lo, hi)
                        break
                if found:
                    break
            if found:
                out.append(found)
                i = found[1]
            else:
                i += n
        return out

    def _split_names(self, doc: Doc) -> list[tuple[int, int]]:
        """Token spans of place names the model cut short that the gazetteer knows whole:
        two places side by side ("Boa" and "Vista" of "Boa Vista"), or a place and the
        capitalised words after it that no entity holds ("Los Angeles" of "Los Angeles
        Tetela")."""
        ents = [e for e in doc.ents if e.label_ in ("GPE", "LOC")]
        out = [
            (a.start, b.end)
            for a, b in pairwise(ents)
            if a.end == b.start and self._known_whole(doc[a.start : b.end].text)
        ]
        for e in ents:
            end = e.end
            while end < len(doc) and end - e.end < 2 and not doc[end].ent_type_:
                if not self._capital(doc[end]):
                    break
                end += 1
            for stop in range(end, e.end, -1):
                if all(t.lower_ in FEATURE_WORDS for t in doc[e.end : stop]):
                    break  # "Dublin City Council": the city the model saw
                if self._known_whole(doc[e.start : stop].text):
                    out.append((e.start, stop))
                    break
        return out

    def _known_whole(self, text: str) -> bool:
        """The gazetteer names a region or a town of some size by this whole name."""
        key = name_key(text)
        if not key or not self.gaz.is_place_name(key):
            return False
        return any(
            not c.loose_match and (c.feature != "city" or not c.alt_match or c.population >= 10_000)
            for c in self.gaz.candidates(text)
        )

    def _region_name(self, text: str) -> bool:
        """A country or a first-level region by its own name ("Misrata", "Nord-Kivu")."""
        if self.gaz.country_for_word(text) is not None:
            return True
        return any(c.feature == "admin1" and not c.loose_match for c in self.gaz.candidates(text))

    def _not_cued_name(self, text: str) -> bool:
        """Words next to a place-kind cue that are no place name: months, directions
        ("Northern Province"), demonyms ("the Kurdish quarter")."""
        key = name_key(text)
        if not key or _stop(key) or all(w in DIRECTION_WORDS for w in key.split()):
            return True
        return self.gaz.country_for_word(text) is not None and not self.gaz.is_place_name(key)

    def _plausible_ent(self, text: str) -> bool:
        key = name_key(text)
        return bool(key) and not _stop(key) and any(ch.isalpha() for ch in text)

    @staticmethod
    def _capital(tok: Token) -> bool:
        t = tok.text
        return len(t) > 1 and t[0].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ", "X")

    def _inside_entity(self, doc: Doc, ent: SpacySpan, start: int, end: int, take: _Take) -> None:
        """Toponyms the model labelled ORG/PERSON: "Kanawha County Commission", "in Fargo"."""
        label = ent.label_
        text = doc[start:end].text
        key = name_key(text)
        if key and not _stop(key) and self.gaz.is_place_name(key):
            if (
                label == "PERSON"
                and self._surname_elsewhere(doc, text)
                and rules.apply(R.SURNAME_IS_PERSON, "place")
            ):
                return
            why = self._accept(doc, start, end, key, strict=label == "PERSON", whole=True)
            if why and rules.apply(R.NAME_IN_OTHER_ENTITY, "place"):
                take(start, end, False, (R.NAME_IN_OTHER_ENTITY, why))
            return
        if label == "PERSON":
            return
        # a place inside an organisation name: "Georgia Bureau of ...", "University of Ohio"
        i = start
        while i < end:
            # an event is named after a place only as "... of X": "Independence Day" is no
            # Independence, Missouri; "the Court of Appeal in Plovdiv" is a body in a place
            joint = doc[i].lower_ in ("of", "in")
            if joint or (i == start and label != "EVENT"):
                j = i + 1 if joint else i
                k = j
                while k < end and self._capital(doc[k]) and k - j < 4:
                    k += 1
                for stop in range(k, j, -1):
                    sub = name_key(doc[j:stop].text)
                    if sub and not _stop(sub) and self.gaz.is_place_name(sub):
                        why = self._accept(doc, j, stop, sub, strict=False, whole=False)
                        if why and rules.apply(R.NAME_IN_OTHER_ENTITY, "place"):
                            take(j, stop, False, (R.NAME_IN_OTHER_ENTITY, why))
                        break
            i += 1

    @staticmethod
    def _surname_elsewhere(doc: Doc, text: str) -> bool:
        """ "Jackson" is a person here if "Mike Jackson" is a PERSON elsewhere in the doc."""
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text == text:
                return True
        return False

    def _scan_run(self, doc: Doc, i: int, j: int, take: _Take, strict: bool) -> None:
        pos = i
        while pos < j:
            for stop in range(min(j, pos + 4), pos, -1):
                key = name_key(doc[pos:stop].text)
                if key and not _stop(key) and self.gaz.is_place_name(key):
                    why = self._accept(doc, pos, stop, key, strict=strict)
                    if why and rules.apply(R.CAPITALISED_RUN, "place"):
                        take(pos, stop, False, (R.CAPITALISED_RUN, why))
                    pos = stop
                    break
            else:
                pos += 1

    def _accept(
        self, doc: Doc, start: int, stop: int, key: str, strict: bool, whole: bool = True
    ) -> str | None:
        """Is the gazetteer name at tokens start:stop a toponym here? The name of the rule
        that accepts it, or None."""
        cands = [c for c in self.gaz.candidates(doc[start:stop].text) if not c.loose_match]
        if not cands:
            return None
        if any(
            c.feature in ("country", "admin1", "admin2", "continent") and not c.alt_match
            for c in cands
        ) and rules.apply(R.REGION_NAME_ACCEPTED, "place"):
            return R.REGION_NAME_ACCEPTED
        pop = max((c.population for c in cands if not c.alt_match), default=0)
        if not whole:
            return self._by_population(pop >= _POP_AREA)
        if self._placed_by_container(doc, stop, cands) and rules.apply(
            R.TOWN_WITH_ITS_REGION, "place"
        ):
            return R.TOWN_WITH_ITS_REGION
        prev = doc[start - 1].lower_ if start > 0 else ""
        nxt = doc[stop].text if stop < len(doc) else ""
        area = prev in _AREA_BEFORE or nxt.lower() in _AREA_AFTER
        near = prev in _NEAR_BEFORE and nxt not in ("'s", "’s")
        big = max(c.population for c in cands) >= _POP_AREA  # alternate names count here
        if ((area and big) or (near and (big or pop > 0))) and rules.apply(
            R.AREA_OR_NEAR_WORD, "place"
        ):
            return R.AREA_OR_NEAR_WORD
        root = doc[start:stop].root
        ground = root.dep_ == "dobj" and root.head.lemma_.lower() in _TAKE_VERBS
        cue = (
            prev in _CUE_BEFORE
            or area
            or ground  # "rebels captured Birao", "troops entered X"
            or nxt == ","
            or (stop < len(doc) and doc[stop].lower_ in FEATURE_WORDS)
        )
        if start == doc[start].sent.start and not cue:
            return self._by_population(pop >= _POP_SENTENCE_START and not strict)
        if strict:
            return self._by_population(pop >= _POP_ANYWHERE or (cue and pop >= _POP_STRICT_CUE))
        return self._by_population(pop >= _POP_ANYWHERE or (cue and pop >= self.min_population))

    @staticmethod
    def _by_population(big_enough: bool) -> str | None:
        """A town big enough for its context (rule ``place.town_by_population``)."""
        if big_enough and rules.apply(R.TOWN_BY_POPULATION, "place"):
            return R.TOWN_BY_POPULATION
        return None

    def _placed_by_container(self, doc: Doc, stop: int, cands: list[Candidate]) -> bool:
        """The name is followed by the region or country it lies in, and the gazetteer
        knows a place of that name there: "in Coxilha, Rio Grande do Sul", "Caripe, Monagas
        state", "Posadas (Misiones)". The pair confirms the small town the model took for
        a person or a date; "Smith, Texas" is a place only if Texas has a Smith. So is "X of
        the Y region" ("Tessino of the Mogilev region")."""
        if stop >= len(doc):
            return False
        end = doc[stop - 1].idx + len(doc[stop - 1])
        if doc[stop].lower_ == "of":
            m = _OF_REGION_RE.match(doc_text(doc), end)
            regions = self.gaz.candidates(m.group(1)) if m else []
            return any(
                r.feature == "admin1" and same_region(c.admin1, r.admin1)
                for r in regions
                for c in cands
            )
        if doc[stop].text not in {",", "("}:
            return False
        found = self.cands.container_match(doc_text(doc), end)
        if found is None:
            return False
        iso3, adm = found[0]  # a region's name may be two countries' ("Misiones")
        return any(same_region(c.admin1, adm) if adm else c.country == iso3 for c in cands)
