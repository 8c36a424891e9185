"""Verb-dictionary patterns as PETRARCH codes them: paired codes, words before the verb,
compound subjects, actors coded as several, lists of sources. Dictionaries and sentences are
written for this test (invented states)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventdesk.eval.petrarch import Coding, petrarch_lexicon, predicted_codings
from eventdesk.extract.cameo_patterns import JOIN, _before
from eventdesk.extract.lexicon import Lexicon
from eventdesk.pipeline import Pipeline
from eventdesk.records import Article
from eventdesk.resolve.petrarch_dict import PetrarchDictionaries
from eventdesk.resolve.petrarch_verbs import read_verbs

ACTORS = """\
ZEMBLA  [ZEM]
BLEFUSCU  [BLE]
LILLIPUT  [LIL/BRO]
FREDONIA  [FRE]
"""
AGENTS = "SOLDIER [~MIL]\nMAIN_OPPOSITION_GROUP [~MOP]\n"
VERBS = """\
--- GREET  [032:033] ---
GREET

--- SCOLD  [120] ---
SCOLD
- NOT *  [081]

--- STALL  [120] ---
STALL
- % HAVE *  [191]

--- PRAISE  [051] ---
PRAISE
- RECENTLY_*  [057]

--- MUMBLE  [025?] ---
MUMBLE
"""


@pytest.fixture(scope="module")
def code(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder: Path = tmp_path_factory.mktemp("dicts")
    (folder / "t.actors.txt").write_text(ACTORS, encoding="utf-8")
    (folder / "t.agents.txt").write_text(AGENTS, encoding="utf-8")
    (folder / "t.verbs.txt").write_text(VERBS, encoding="utf-8")
    base = Lexicon.load()
    verbs = read_verbs(folder / "t.verbs.txt", base.cameo_plover)
    lexicon = petrarch_lexicon(base, PetrarchDictionaries.read(folder), verbs, None)
    pipe = Pipeline(nlp=pipeline.nlp, gazetteer_path=pipeline.gazetteer_path, lexicon=lexicon)

    def run(text: str) -> set[Coding]:
        result = pipe.process_one(Article(text=text, published="2020-02-17"))
        return set(predicted_codings(result.events))

    return run


def test_paired_code_adds_the_swapped_coding(code) -> None:  # type: ignore[no-untyped-def]
    assert code("Zembla greeted Blefuscu on Monday.") == {
        ("03", "ZEM", "BLE"),
        ("03", "BLE", "ZEM"),
    }


def test_negation_pattern_recodes_the_negated_verb(code) -> None:  # type: ignore[no-untyped-def]
    assert code("Zembla will not scold Blefuscu.") == {("08", "ZEM", "BLE")}
    assert code("Zembla scolded Blefuscu.") == {("12", "ZEM", "BLE")}


def test_compound_subject_codes_between_its_members(code) -> None:  # type: ignore[no-untyped-def]
    assert code("Zembla and Blefuscu have stalled their talks.") == {
        ("19", "ZEM", "BLE"),
        ("19", "BLE", "ZEM"),
    }


def test_actor_coded_as_several_and_lists_of_sources(code) -> None:  # type: ignore[no-untyped-def]
    assert code("Zembla praised Lilliput.") == {("05", "ZEM", "LIL"), ("05", "ZEM", "BRO")}
    assert code("Zembla, Blefuscu and the proud Lilliput praised Fredonia.") == {
        ("05", "ZEM", "FRE"),
        ("05", "BLE", "FRE"),
        ("05", "LIL", "FRE"),
        ("05", "BRO", "FRE"),
    }


def test_targets_of_noun_phrases(code) -> None:  # type: ignore[no-untyped-def]
    # the last-resort target is a modifier's noun phrase, not the modifier alone
    assert code("Zembla praised an attack by Blefuscu soldiers.") == {("05", "ZEM", "BLEMIL")}
    # an agent of several words is no thing its possessor owns
    assert code("Zembla praised Blefuscu's main opposition group.") == {("05", "ZEM", "BLEMOP")}


def test_undecided_code_is_not_coded(code) -> None:  # type: ignore[no-untyped-def]
    assert code("Zembla mumbled at Blefuscu.") == set()


def test_words_before_the_verb() -> None:
    def tokens(text: str) -> list[tuple[str, str]]:
        return [(w, w) for w in text.split()]

    assert _before(("not",), tokens("they will not"))
    assert _before(("recently", JOIN), tokens("they recently"))
    assert not _before(("recently", JOIN), tokens("they recently did"))
    assert not _before(("failed", JOIN, "to"), tokens("they failed utterly to"))
