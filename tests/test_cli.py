"""The command line as a user meets it: outputs, bad input, idempotent ingest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventdesk.cli import main

STORY = """---
title: Troops and rebels clash near Gao
published: 2021-03-08
outlet: Sahel Test Wire
---

Malian soldiers clashed with rebels near Gao on Sunday, killing four fighters, the army said.
Hundreds of residents protested in Bamako on Monday against the violence.
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _write(tmp: Path, name: str, data: bytes | str) -> Path:
    p = tmp / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def test_help_lists_every_command(runner: CliRunner) -> None:
    out = runner.invoke(main, ["--help"]).output
    for cmd in ("extract", "ingest", "events", "failures"):
        assert cmd in out


def test_extract_json_is_the_contract(runner: CliRunner, tmp_path: Path) -> None:
    story = _write(tmp_path, "story.txt", STORY)
    res = runner.invoke(main, ["extract", str(story), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["schema_version"] == 1
    assert doc["article"]["published"] == "2021-03-08"
    assert doc["article"]["title"] == "Troops and rebels clash near Gao"
    kinds = {(e["plover"]["type"], (e["acled"] or {}).get("event_type")) for e in doc["events"]}
    assert ("ASSAULT", "Battles") in kinds
    assert ("PROTEST", "Protests") in kinds
    battle = next(e for e in doc["events"] if (e["acled"] or {}).get("event_type") == "Battles")
    assert battle["date"] == "2021-03-07"
    assert battle["fatalities"] == 4
    assert battle["actor1"]["name"] == "Military Forces of Mali"


def test_published_option_sets_dates_for_plain_text(runner: CliRunner, tmp_path: Path) -> None:
    plain = _write(tmp_path, "plain.txt", "Police arrested 12 protesters in Lagos on Monday.\n")
    res = runner.invoke(
        main, ["extract", str(plain), "--published", "2024-08-07", "--format", "jsonl"]
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout.splitlines()[0])
    ev = doc["events"][0]
    assert ev["date"] == "2024-08-05"
    assert ev["arrested"] == 12


def test_bad_inputs_each_get_one_line_and_the_batch_goes_on(
    runner: CliRunner, tmp_path: Path
) -> None:
    good = _write(tmp_path, "good.txt", STORY)
    empty = _write(tmp_path, "empty.txt", "")
    binary = _write(tmp_path, "binary.txt", b"\x00\x01\x02PNG\x00")
    latin = _write(tmp_path, "latin.txt", "Caf\xe9 attack in Bamako".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    res = runner.invoke(
        main,
        [
            "extract",
            str(missing),
            str(empty),
            str(binary),
            str(latin),
            str(good),
            "--format",
            "csv",
        ],
    )
    assert res.exit_code == 0
    err = res.stderr.splitlines()
    assert f"skipped {missing}: no such file or folder" in err
    assert f"skipped {empty}: empty file, no article text" in err
    assert f"skipped {binary}: binary data (NUL bytes), not a text article" in err
    assert any(line.startswith(f"skipped {latin}: not UTF-8") for line in err)
    assert res.stdout.startswith("event_id,")
    assert len(res.stdout.splitlines()) >= 3


def test_nothing_readable_exits_non_zero(runner: CliRunner, tmp_path: Path) -> None:
    empty = _write(tmp_path, "empty.txt", "  \n")
    res = runner.invoke(main, ["extract", str(empty)])
    assert res.exit_code == 1
    assert "nothing could be read" in res.stderr


def test_ingest_twice_stores_once_and_filters_work(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "a.txt", STORY)
    _write(folder, "b.txt", b"\xff\xfe bad bytes")
    db = tmp_path / "t.db"
    first = runner.invoke(main, ["ingest", str(folder), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "1 new articles, 0 already present, 0 near-duplicates, 1 failed" in first.stderr
    second = runner.invoke(main, ["ingest", str(folder), "--db", str(db)])
    assert "0 new articles, 1 already present, 0 near-duplicates, 1 failed" in second.stderr
    rows = runner.invoke(main, ["events", "--db", str(db), "--format", "jsonl"]).stdout
    events = [json.loads(line) for line in rows.splitlines()]
    assert events and len({e["event_id"] for e in events}) == len(events)
    protests = runner.invoke(
        main, ["events", "--db", str(db), "--type", "PROTEST", "--format", "jsonl"]
    ).stdout.splitlines()
    assert protests and all(json.loads(p)["plover"]["type"] == "PROTEST" for p in protests)
    none = runner.invoke(
        main, ["events", "--db", str(db), "--since", "2030-01-01", "--format", "jsonl"]
    ).stdout
    assert none == ""
    fails = runner.invoke(main, ["failures", "--db", str(db)]).stdout
    assert "b.txt" in fails and "not UTF-8" in fails


def test_events_on_a_missing_database_says_what_to_do(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(main, ["events", "--db", str(tmp_path / "nope.db")])
    assert res.exit_code != 0
    assert "no such database; create it with `eventdesk ingest`" in res.output


def test_bad_date_option_is_explained(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(main, ["events", "--db", str(tmp_path / "x.db"), "--since", "May 5"])
    assert res.exit_code == 2
    assert "is not a date; use YYYY-MM-DD" in res.output


def test_one_story_three_ways_is_stored_once_and_counted_once(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The same story as .txt, lightly edited as .html, and again inside a .jsonl corpus."""
    fixtures = Path(__file__).parent / "fixtures" / "ingest"
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("story.txt", "story_copy.html"):
        (folder / name).write_bytes((fixtures / name).read_bytes())
    text = (fixtures / "story.txt").read_text(encoding="utf-8").split("---", 2)[2].strip()
    (folder / "wire.jsonl").write_text(
        json.dumps({"text": text, "outlet": "Wire Copy", "url": "https://example.org/w"}) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "t.db"
    res = runner.invoke(main, ["ingest", str(folder), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "1 new articles" in res.stderr
    rows = runner.invoke(
        main, ["events", "--db", str(db), "--canonical", "--format", "jsonl"]
    ).stdout.splitlines()
    canonical = [json.loads(r) for r in rows]
    assert canonical
    ids = [i for c in canonical for i in c["event_ids"]]
    assert len(ids) == len(set(ids))  # no event counted twice
    assert max(c["sources"] for c in canonical) >= 2
