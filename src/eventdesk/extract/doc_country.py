"""The countries a document names: capitals standing for governments, country names and
demonyms in text order, and the country the document is mostly about (its places count
double). Split from actors.py, which reads a phrase's country with the same lookups."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Protocol

from .. import rules
from ..nlp import doc_ents
from ..rules import Example, register

NATIONALITY_NOT_COUNTRY = register(
    "actors.nationality_not_country",
    "A nationality word ('Turkish', 'Saudi') does not vote for the country a document is "
    "about: its places and country names do; nationalities decide only when nothing else "
    "names a country.",
    ("actor1", "actor2"),
    (
        Example(
            "Gunmen killed three farmers in Kaduna on Monday, Saudi officials said, as a Saudi "
            "delegation and Saudi aid workers visited the region.",
            (("actor1", "Nigeria"),),
            without=(("actor1", "Saudi Arabia"),),
        ),
    ),
)


class CountryLookup(Protocol):
    def country_for_word(self, word: str) -> str | None: ...

    def country_name(self, iso3: str) -> str | None: ...


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital city name (lower case) -> ISO3, from the countryinfo package."""
    import countryinfo

    out: dict[str, str] = {}
    for c in countryinfo.all_countries():
        try:
            capital, iso = c.capital(), c.iso()
        except Exception:
            continue
        if capital and iso and iso.get("alpha3"):
            out.setdefault(str(capital).lower(), str(iso["alpha3"]))
    return out


def capital_country(name: str) -> str | None:
    return _capitals().get(name.lower().removeprefix("the ").strip())


def _country_mentions(doc: Any, countries: CountryLookup) -> Iterator[tuple[str, int]]:
    """(ISO3, start offset) of each country name or demonym the model names."""
    for ent in doc_ents(doc):
        if ent.label_ in {"GPE", "NORP"}:
            iso = countries.country_for_word(ent.text)
            if iso is not None:
                yield iso, ent.start_char


def country_words(doc: Any, countries: CountryLookup) -> Iterator[str]:
    """The country (ISO3) of each place or people the model names that is a country name or
    demonym ("Syria", "Turkish"), in text order."""
    for iso, _ in _country_mentions(doc, countries):
        yield iso


def document_country(
    doc: Any,
    countries: CountryLookup,
    places: list[tuple[tuple[int, int], str]] | None = None,
) -> str | None:
    """The country a document is mostly about: the commonest country among its places
    (``(span, ISO3)``, counted twice) and country words (first mention wins a tie);
    nationality words ("Saudi officials") and countries named as owners ("Chad's army"),
    as words or as places read from them, count only when nothing else names a country
    (rule actors.nationality_not_country)."""
    places = places or []
    mentions = list(_country_mentions(doc, countries))
    with_peoples = _commonest([iso for _, iso in places], [iso for iso, _ in mentions])
    if not rules.on(NATIONALITY_NOT_COUNTRY):
        return with_peoples
    # a people ("Saudi"), or a country as owner ("Chad's army"): whose, not where
    peoples = [
        (e.start_char, e.end_char)
        for e in doc_ents(doc)
        if e.label_ == "NORP" or (e.label_ == "GPE" and e.root.dep_ == "poss")
    ]
    placed = [iso for span, iso in places if not any(s <= span[0] < e for s, e in peoples)]
    named = [iso for iso, start in mentions if not any(s <= start < e for s, e in peoples)]
    without = _commonest(placed, named)
    if without is None:
        return with_peoples
    if without != with_peoples:
        rules.fired(NATIONALITY_NOT_COUNTRY)
    return without


def _commonest(place_countries: list[str], words: list[str]) -> str | None:
    counts: dict[str, int] = {}
    order: list[str] = []
    for iso, weight in [*((p, 2) for p in place_countries), *((w, 1) for w in words)]:
        counts[iso] = counts.get(iso, 0) + weight
        if iso not in order:
            order.append(iso)
    if not counts:
        return None
    best = max(counts.values())
    return next(iso for iso in order if counts[iso] == best)
