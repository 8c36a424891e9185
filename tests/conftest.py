"""Shared fixtures: one pipeline (spaCy model + gazetteer) per test session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventdesk.pipeline import Pipeline
from eventdesk.records import Article, ArticleResult
from eventdesk.resolve.places import PlaceResolver

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    p = Pipeline()
    _ = p.stages  # load the model and open the gazetteer once
    return p


@pytest.fixture(scope="session")
def resolver(pipeline: Pipeline) -> PlaceResolver:
    """The session pipeline's toponym resolver (its gazetteer already open)."""
    return pipeline.stages[0]


@pytest.fixture(scope="session")
def nlp(pipeline: Pipeline) -> Any:
    """The session pipeline's spaCy model."""
    return pipeline.nlp.nlp


@pytest.fixture(scope="session")
def example_results(pipeline: Pipeline) -> list[ArticleResult]:
    from eventdesk.ingest import read_inputs

    articles = [a for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Article)]
    return list(pipeline.process(articles))


@pytest.fixture
def extract(pipeline: Pipeline):  # type: ignore[no-untyped-def]
    """extract(text, published) -> ArticleResult for a text written in the test."""

    def run(text: str, published: str = "2020-02-17") -> ArticleResult:
        return pipeline.process_one(Article(text=text, published=published))

    return run
