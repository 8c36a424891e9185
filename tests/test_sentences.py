"""Sentence breaks the parser cannot see (sentences.py): headlines, hard-wrapped paragraphs,
datelines at a paragraph's start and inside a line. Every text here is ours."""

from __future__ import annotations

from typing import Any

import pytest

from eventdesk.nlp import load_model
from eventdesk.sentences import COMPONENT


@pytest.fixture(scope="module")
def nlp() -> Any:
    model = load_model()
    assert COMPONENT in model.pipe_names  # loaded with the model, before the parser
    assert model.pipe_names.index(COMPONENT) < model.pipe_names.index("parser")
    return model


def _sents(nlp: Any, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


def test_a_headline_without_a_full_stop_is_its_own_sentence(nlp: Any) -> None:
    text = "Gunmen kill four traders near Ombarin\nGunmen killed four traders on Monday."
    assert _sents(nlp, text)[0] == "Gunmen kill four traders near Ombarin"


def test_a_hard_wrapped_paragraph_keeps_its_sentences(nlp: Any) -> None:
    text = (
        "OMBARIN, March 8 - Troops clashed with rebels near\n"
        "Tessaro on Friday, killing three fighters, the army said."
    )
    sents = _sents(nlp, text)
    assert sents[-1].startswith("Troops clashed") and sents[-1].endswith("the army said.")


def test_a_dateline_opening_a_paragraph_is_apart_from_the_lead(nlp: Any) -> None:
    text = "OMBARIN, July 3 (Wire) - Police fired tear gas at protesters on Wednesday."
    assert _sents(nlp, text) == ["OMBARIN, July 3 (Wire) -", _lead(text)]


def _lead(text: str) -> str:
    return text.split(" - ", 1)[1]


def test_a_dateline_inside_a_line_starts_a_sentence(nlp: Any) -> None:
    text = (
        "Mayor of Tessaro shot dead Ana Varo OMBARIN, March 6 (Wire) - Gunmen shot the "
        "mayor outside his home on Monday."
    )
    sents = _sents(nlp, text)
    assert sents[0] == "Mayor of Tessaro shot dead Ana Varo"
    assert sents[-1].startswith("Gunmen shot the mayor")


def test_a_dash_after_an_acronym_is_no_dateline(nlp: Any) -> None:
    text = "The UN - which has troops there - said the road was open."
    assert len(_sents(nlp, text)) == 1
