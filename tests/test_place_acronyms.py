"""The acronym filter of toponym recognition (rule ``place.acronym_needs_place_context``):
acronyms and short all-caps words are places only when they name one themselves or the
context makes them one. Sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from eventdesk import rules
from eventdesk.resolve.place_recognition import ACRONYM_NEEDS_CONTEXT, COMMON_WORD_NEEDS_CONTEXT
from eventdesk.resolve.place_rules import IN_TOWN_NAMED_AFTER
from eventdesk.resolve.places import PlaceResolver

RULE = ACRONYM_NEEDS_CONTEXT


def _found(
    resolver: PlaceResolver, nlp: Any, text: str, off: frozenset[str] = frozenset()
) -> list[tuple[str, str | None]]:
    """(surface, ISO3 or None) of every toponym recognised and resolved in ``text``."""
    with rules.using(off=off):
        rec = resolver.recognize_marked(nlp(text))
        spans = [s for s, _ in rec]
        places = resolver.resolve(text, spans, [m for _, m in rec])
    return [(text[s:e], p.country if p else None) for (s, e), p in zip(spans, places, strict=True)]


def test_the_rule_is_a_registered_place_rule() -> None:
    rule = rules.get(RULE)
    assert rule.stage == "place" and rule.fields == ("place",) and not rule.base
    assert 1 <= len(rule.examples) <= 2
    assert RULE in rules.resolve_switches(off=[RULE])


@pytest.mark.parametrize(
    "word", ["US", "UK", "DRC", "UAE", "NYC", "NSW", "EU", "MALI", "IRAQ", "IDLIB", "KABUL"]
)
def test_acronyms_that_name_a_place(resolver: PlaceResolver, word: str) -> None:
    assert resolver.recognizer.cands.acronym_names_place(word)


@pytest.mark.parametrize("word", ["BA", "MoD", "MoI", "NATO", "UN", "IS", "TN", "OCHA", "YPG"])
def test_acronyms_that_name_no_place(resolver: PlaceResolver, word: str) -> None:
    assert not resolver.recognizer.cands.acronym_names_place(word)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Travellers said the BA flight from Glasgow was late.", "BA"),
        ("She earned a BA in economics before joining the civil service.", "BA"),
        ("The MoI in Ankara said police arrested ten men.", "MoI"),
        ("Rebels denied claims made by the MoD in London on Monday.", "MoD"),
    ],
)
def test_an_acronym_without_place_context_is_no_toponym(
    resolver: PlaceResolver, nlp: Any, text: str, word: str
) -> None:
    with rules.counting() as counts:
        assert word not in [w for w, _ in _found(resolver, nlp, text)]
    assert counts[RULE] >= 1
    # with the rule off the acronym reads as a town or region somewhere (also off: the rule
    # that keeps a place "in Ankara" near Ankara, which drops such a reading too)
    off = dict(_found(resolver, nlp, text, frozenset({RULE, IN_TOWN_NAMED_AFTER})))
    assert off.get(word) is not None


@pytest.mark.parametrize(
    ("text", "word", "iso3"),
    [
        ("US officials met Iraqi ministers in Baghdad on Tuesday.", "US", "USA"),
        ("Fires burned in NSW and Victoria on Sunday.", "NSW", "AUS"),
        ("KABUL (Reuters) - A roadside bomb hit a bus on Sunday.", "KABUL", "AFG"),
        ("OMAHA -- City workers went on strike on Monday.", "OMAHA", "USA"),
    ],
)
def test_an_acronym_that_is_a_place_stays(
    resolver: PlaceResolver, nlp: Any, text: str, word: str, iso3: str
) -> None:
    assert (word, iso3) in _found(resolver, nlp, text)


def test_a_dateline_in_capitals_is_a_place_context(resolver: PlaceResolver) -> None:
    cands = resolver.recognizer.cands
    text = "Storm hits coast. HUME \u2013 Schools closed on Monday."
    start = text.index("HUME")
    assert cands.acronym_placed(text, start, start + 4, after_place=False)
    text = "Officials said HUME \u2013 a school board \u2013 would meet."
    start = text.index("HUME")
    assert not cands.acronym_placed(text, start, start + 4, after_place=False)


def test_an_acronym_after_a_place_and_a_comma_is_a_place_context(
    resolver: PlaceResolver,
) -> None:
    # the recognizer drops a bare acronym, not one after "Place, "
    rec = resolver.recognizer
    text = "Police in Memphis, TN, arrested two men."
    memphis, tn = text.index("Memphis"), text.index("TN")
    found = [((memphis, memphis + 7), False, ()), ((tn, tn + 2), False, ())]
    kept = [s for s, _, _ in rec._acronyms_in_context(text, found)]
    assert kept == [(memphis, memphis + 7), (tn, tn + 2)]
    bare = "The TN report was false."
    assert rec._acronyms_in_context(bare, [((4, 6), False, ())]) == []


# --- common words that a town somewhere bears ---------------------------------------------

COMMON = COMMON_WORD_NEEDS_CONTEXT


def test_the_common_word_rule_is_a_registered_place_rule() -> None:
    rule = rules.get(COMMON)
    assert rule.stage == "place" and rule.fields == ("place",) and not rule.base


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Most residents fled the fighting, and most homes in Kherson were damaged.", "Most"),
        ("Man arrested after a man was stabbed in Leeds on Friday.", "Man"),
        ("Orange growers protested in Valencia, saying orange prices had collapsed.", "Orange"),
    ],
)
def test_a_common_word_used_in_lowercase_too_is_no_toponym(
    resolver: PlaceResolver, nlp: Any, text: str, word: str
) -> None:
    with rules.counting() as counts:
        assert word not in [w for w, _ in _found(resolver, nlp, text)]
    assert counts[COMMON] >= 1
    assert dict(_found(resolver, nlp, text, frozenset({COMMON}))).get(word) is not None


@pytest.mark.parametrize(
    ("text", "word", "iso3"),
    [
        # a region by its own name stays, though the word is common ("national unity")
        ("Students protested in Unity on Monday, calling for national unity.", "Unity", "SSD"),
        # a name the text never writes in lowercase is left to the other rules
        ("Most residents fled, the mayor of Most said on Monday.", "Most", "CZE"),
    ],
)
def test_a_common_word_that_is_a_place_here_stays(
    resolver: PlaceResolver, nlp: Any, text: str, word: str, iso3: str
) -> None:
    found = _found(resolver, nlp, text)
    assert (word, iso3) in found, found
