"""`eventdesk bench`: the figures it promises, computed from real timings."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventdesk.cli import main
from eventdesk.scale.bench import format_report

KEYS = {
    "bare_articles_per_s",
    "pipeline_articles_per_s",
    "ingest_articles_per_s",
    "ratio",
    "peak_rss_mb",
}


@pytest.fixture(scope="module")
def report() -> dict[str, object]:
    res = CliRunner().invoke(main, ["bench", "--articles", "8", "--json", "-q"])
    assert res.exit_code == 0, res.output
    out: dict[str, object] = json.loads(res.stdout)
    return out


def test_bench_json_has_the_promised_keys_and_consistent_numbers(
    report: dict[str, float],
) -> None:
    assert set(report) >= KEYS
    for stage in ("bare", "pipeline", "ingest"):
        rate = report[f"{stage}_articles_per_s"]
        assert rate > 0
        assert report[f"{stage}_seconds"] == pytest.approx(8 / rate, rel=0.05)
        assert report[f"{stage}_words_per_s"] > 50 * rate  # articles have hundreds of words
    assert report["ratio"] == pytest.approx(
        report["pipeline_articles_per_s"] / report["bare_articles_per_s"], abs=0.01
    )
    # Extraction includes the parse, so it cannot beat the bare model by much (the margin is
    # for timing noise on a busy machine).
    assert 0 < report["ratio"] < 2
    assert report["ingest_new"] == 8 and report["ingest_events"] > 8
    assert 100 < report["peak_rss_mb"] < 4000


def test_bench_text_report_names_each_stage(report: dict[str, object]) -> None:
    text = format_report(report)
    assert "(a) bare spaCy nlp.pipe" in text
    assert "(c) ingest into SQLite" in text
    assert "ratio (b)/(a) in articles/s" in text
    assert "peak memory:" in text


def test_bench_refuses_unknown_stages() -> None:
    res = CliRunner().invoke(main, ["bench", "--stages", "bare,parse"])
    assert res.exit_code == 2
    assert "'bare,parse': choose from bare, pipeline, ingest (comma-separated)" in res.output


def test_bench_one_stage_only() -> None:
    res = CliRunner().invoke(main, ["bench", "--articles", "5", "--stages", "bare", "--json", "-q"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["bare_articles_per_s"] > 0
    assert doc["pipeline_articles_per_s"] is None and doc["ratio"] is None
