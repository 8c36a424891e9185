"""Nothing one input does stops a batch; bad options are refused plainly (issue 22).

Each test feeds one kind of poison pill or misuse next to good inputs and checks both the
recorded reason and that the good inputs were still stored. Texts are written here for the
purpose; only the large-article test is slow (a few seconds).
"""

from __future__ import annotations

import json
import os
import random
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventdesk.cli import EXIT_BUG, EXIT_ERROR, EXIT_NOTHING, EXIT_USAGE, main
from eventdesk.errors import InputError
from eventdesk.ingest import Failure, expand_paths, read_inputs
from eventdesk.ingest.fetch import FetchPolicy, fetch
from eventdesk.ingest.paths import path_from_text
from eventdesk.jobs import ingest
from eventdesk.nlp import split_parts
from eventdesk.pipeline import FailedResult, Pipeline
from eventdesk.records import Article
from eventdesk.store import SQLiteStore

LAGOS = "Police arrested 12 protesters in Lagos on Monday, the police said.\n"
GAO = "Malian soldiers clashed with rebels near Gao on Sunday, killing four fighters.\n"
SYRIA = (
    "Syrian government forces shelled the town of Saraqib in Idlib province on Monday, "
    "killing three civilians, local medics said.\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def _failures(db: Path) -> dict[str, str]:
    return {s: r for s, r in _rows(db, "SELECT source, reason FROM failures")}


# -- poison pills ----------------------------------------------------------------------------


def _filler(rng: random.Random) -> str:
    """A paragraph of long letter strings: cheap for the model, large on disk."""
    words = (
        "".join(rng.choice("bcdfghjklm") for _ in range(rng.randint(300, 900))) for _ in range(25)
    )
    return " ".join(words) + "\n\n"


@pytest.mark.slow
def test_a_3_mb_article_is_coded_in_parts_and_the_batch_goes_on(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    rng = random.Random(7)
    par = _filler(rng)
    late = "Soldiers killed four rebels near Gao on Sunday.\n\n"
    # the language check reads the first 1,500 characters: an English opening
    opening = "".join(
        f"Residents of the district said the market reopened on day {n} after the unrest, "
        "and traders counted their losses while officials promised help.\n\n"
        for n in range(1, 14)
    )
    big = LAGOS + "\n" + opening + par * (2_400_000 // len(par)) + late + par * 40
    assert big.index(late) > 2_000_000 and len(big.encode()) > 3_000_000  # past spaCy's limit
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GAO, encoding="utf-8")
    (folder / "big.txt").write_text(big, encoding="utf-8")
    (folder / "c.txt").write_text(SYRIA, encoding="utf-8")
    db = tmp_path / "t.db"
    with SQLiteStore.open(db) as store:
        summary = ingest(read_inputs([str(folder)], "2021-03-08"), store, pipeline, batch_size=2)
        assert (summary.new, summary.failed) == (3, 0), summary
        (big_id,) = [
            a
            for (a,) in _rows(db, "SELECT article_id FROM articles WHERE source_path LIKE '%big%'")
        ]
        events = list(store.events(article_id=big_id))
    stored = {(ev["plover"]["type"], big[slice(*ev["evidence"]["trigger"])]) for ev in events}
    # an event before and one far past the model's 2,000,000 characters, offsets in the whole text
    assert ("COERCE", "arrested") in stored
    assert ("ASSAULT", "killed") in stored
    late_event = next(ev for ev in events if big[slice(*ev["evidence"]["trigger"])] == "killed")
    assert late_event["evidence"]["trigger"][0] > 2_000_000
    assert len({ev["event_id"] for ev in events}) == len(events)
    assert len(_rows(db, "SELECT 1 FROM articles")) == 3


def test_parts_cover_the_text_exactly_and_end_at_boundaries() -> None:
    text = "".join(f"Sentence {n} ends here. " + ("\n\n" if n % 7 == 0 else "") for n in range(900))
    spans = split_parts(text, 1000)
    assert len(spans) > 10
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(e - s <= 1000 for s, e in spans)
    assert all(text[e - 1] in " \n" for _, e in spans[:-1])  # never inside a word
    unbroken = "x" * 2500  # no boundary at all: cut at the limit
    assert split_parts(unbroken, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]
    assert split_parts("short", 1000) == [(0, 5)]


class _Fragile(Pipeline):
    """A pipeline whose extraction breaks on one article (a stand-in for a stage's bug)."""

    def _result(self, doc: Any, article: Article, *args: Any) -> Any:
        if "Gao" in article.text:
            raise RuntimeError("stage fell over")
        return super()._result(doc, article, *args)


def test_an_article_a_stage_fails_on_is_recorded_and_the_others_stored(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    fragile = _Fragile()
    fragile._stages = pipeline.stages  # the session's loaded model and gazetteer
    articles = [Article(LAGOS, source_path="one.txt"), Article(GAO, source_path="two.txt")]
    results = list(fragile.process([*articles, Article(SYRIA, source_path="three.txt")]))
    assert [type(r).__name__ for r in results] == ["ArticleResult", "FailedResult", "ArticleResult"]
    failed = results[1]
    assert isinstance(failed, FailedResult)
    assert failed.reason.startswith("two.txt: extraction failed")
    assert "RuntimeError: stage fell over" in failed.reason
    db = tmp_path / "t.db"
    with SQLiteStore.open(db) as store:
        summary = ingest(iter(articles), store, fragile, batch_size=8)
    assert (summary.new, summary.failed) == (1, 1)
    assert "RuntimeError: stage fell over" in _failures(db)["two.txt"]
    # the re-run finishes the batch again and adds nothing twice
    with SQLiteStore.open(db) as store:
        again = ingest(iter(articles), store, fragile, batch_size=8)
    assert (again.new, again.present, again.failed) == (0, 1, 1)


def test_an_article_the_store_refuses_is_recorded_and_the_batch_is_stored(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    # a lone surrogate (a byte that was not UTF-8) cannot be written to the database; the
    # readers refuse it earlier, here it reaches the store directly
    refused = Article(GAO, title="caf\udce9 report", source_path="two.txt")
    articles = [Article(LAGOS, source_path="one.txt"), refused, Article(SYRIA, source_path="3.txt")]
    db = tmp_path / "t.db"
    with SQLiteStore.open(db) as store:
        summary = ingest(iter(articles), store, pipeline, batch_size=8)
    assert (summary.new, summary.failed) == (2, 1)
    assert "two.txt: could not be stored (UnicodeEncodeError" in _failures(db)["two.txt"]
    stored = sorted(p for (p,) in _rows(db, "SELECT source_path FROM articles"))
    assert stored == ["3.txt", "one.txt"]


def test_a_file_name_that_is_not_utf8_is_stored_losslessly(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"caf\xe9-report.txt")
    with open(odd, "wb") as fh:
        fh.write(LAGOS.encode())
    bad = os.path.join(os.fsencode(folder), b"caf\xe9-empty.txt")
    with open(bad, "wb") as fh:
        fh.write(b"   \n")
    (folder / "z.txt").write_text(GAO, encoding="utf-8")
    db = tmp_path / "t.db"
    res = runner.invoke(main, ["ingest", str(folder), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "2 new articles" in res.stderr and "1 failed" in res.stderr
    paths = [p for (p,) in _rows(db, "SELECT source_path FROM articles ORDER BY source_path")]
    uri = next(p for p in paths if p.startswith("file://"))
    assert "caf%E9-report.txt" in uri
    assert os.fsencode(path_from_text(uri)) == odd  # the same bytes back
    ((source, reason),) = _failures(db).items()
    assert os.fsencode(path_from_text(source)) == bad
    assert "empty file" in reason


def test_utf16_files_are_decoded(runner: CliRunner, tmp_path: Path) -> None:
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(LAGOS.encode("utf-16"))
    no_bom = tmp_path / "le.txt"
    no_bom.write_bytes(GAO.encode("utf-16-le"))
    corpus = tmp_path / "wire.jsonl"
    corpus.write_bytes((json.dumps({"text": SYRIA}) + "\n").encode("utf-16"))
    got = list(read_inputs([str(with_bom), str(no_bom), str(corpus)]))
    assert [a.text for a in got if isinstance(a, Article)] == [
        LAGOS.strip(),
        GAO.strip(),
        SYRIA.strip(),
    ], got
    # a stray mark before plain 8-bit text is not read as UTF-16 (that would be junk)
    stray = tmp_path / "stray.txt"
    stray.write_bytes(b"\xff\xfe" + b"Caf\xe9 attack in Bamako on Monday")
    (f,) = list(read_inputs([str(stray)]))
    assert isinstance(f, Failure) and "not UTF-8" in f.reason


def test_a_number_as_text_and_a_broken_feed_are_failures_not_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "wire.jsonl"
    corpus.write_text(
        "\n".join(json.dumps(r) for r in ({"text": 12345}, {"text": LAGOS}, {"text": "42 %"}))
        + "\n",
        encoding="utf-8",
    )
    feed = tmp_path / "news.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>Arrests</title><description>{LAGOS}</description></item>"
        "<item><title>Cut</title><description>Soldiers clashed with reb",
        encoding="utf-8",
    )
    junk = tmp_path / "junk.rss"
    junk.write_text("<rss><channel><title>x</title> not a feed at all <<<", encoding="utf-8")
    got = list(read_inputs([str(corpus), str(feed), str(junk)]))
    articles = [g for g in got if isinstance(g, Article)]
    failures = [g for g in got if isinstance(g, Failure)]
    assert [a.text.strip() for a in articles] == [LAGOS.strip(), LAGOS.strip()]
    reasons = " | ".join(f.reason for f in failures)
    assert len(failures) == 4, reasons
    assert "field 'text' holds a number (12345), not text" in reasons
    assert "no words in the text ('42 %')" in reasons
    assert f"{feed} entry 2: entry is cut off" in reasons
    assert f"{junk}: broken RSS/Atom feed" in reasons


def test_a_reader_that_breaks_on_one_file_fails_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import eventdesk.ingest as ingest_module

    real = ingest_module.read_text_file

    def fragile(path: Path, *args: Any) -> Article:
        if path.name == "odd.txt":
            raise IndexError("parser fell over")
        return real(path, *args)

    monkeypatch.setattr(ingest_module, "read_text_file", fragile)
    for name, text in (("a.txt", LAGOS), ("odd.txt", GAO), ("z.txt", SYRIA)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    got = list(read_inputs([str(tmp_path)]))
    assert [a.text.strip() for a in got if isinstance(a, Article)] == [LAGOS.strip(), SYRIA.strip()]
    (f,) = [g for g in got if isinstance(g, Failure)]
    assert f.source == str(tmp_path / "odd.txt")
    assert "could not be read (IndexError: parser fell over)" in f.reason


def test_dangling_links_and_unknown_files_in_a_folder_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(LAGOS, encoding="utf-8")
    (tmp_path / "README").write_text("no suffix", encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    got = list(expand_paths([str(tmp_path)]))
    assert tmp_path / "a.txt" in got
    by_source = {g.source: g for g in got if isinstance(g, Failure)}
    link = by_source[str(tmp_path / "gone.txt")]
    assert link.kind == "failed" and "broken symbolic link" in link.reason
    plain = by_source[str(tmp_path / "README")]
    assert plain.kind == "skipped" and "no file extension" in plain.reason
    (named,) = list(expand_paths([str(tmp_path / "gone.txt")]))  # named on the command line too
    assert isinstance(named, Failure) and "broken symbolic link" in named.reason


# -- deadlines -------------------------------------------------------------------------------


def _drip_server(stop: threading.Event, head: bytes) -> str:
    """A loopback HTTP server that sends ``head`` at once, then one byte every 0.1 s until
    ``stop`` is set; its URL."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)

    def serve(conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(4096)
                conn.sendall(head)
                while not stop.is_set():
                    conn.sendall(b"a")
                    time.sleep(0.1)
            except OSError:
                return

    def accept() -> None:
        with srv:
            while not stop.is_set():
                try:
                    conn, _ = srv.accept()
                except TimeoutError:
                    continue
                threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return f"http://127.0.0.1:{srv.getsockname()[1]}/story"


_BODY_DRIP = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
_HEADER_DRIP = b"HTTP/1.1 200 OK\r\nX-Slow: "  # the headers never end


@pytest.fixture(params=[_BODY_DRIP, _HEADER_DRIP], ids=["body", "headers"])
def drip_server(request: pytest.FixtureRequest) -> Iterator[str]:
    stop = threading.Event()
    yield _drip_server(stop, request.param)
    stop.set()


def test_a_slow_drip_server_is_cut_off_at_the_deadline(drip_server: str) -> None:
    start = time.monotonic()
    with pytest.raises(InputError, match=r"timed out: the fetch did not finish within 1 s"):
        fetch(drip_server, FetchPolicy(allow_private=True, timeout=1.0))
    assert time.monotonic() - start < 3


def test_ingest_of_a_slow_drip_url_records_the_timeout(
    runner: CliRunner, drip_server: str, tmp_path: Path
) -> None:
    db = tmp_path / "t.db"
    start = time.monotonic()
    res = runner.invoke(
        main,
        ["ingest", drip_server, "--allow-private", "--timeout", "1", "--no-dedup", "--db", str(db)],
    )
    assert time.monotonic() - start < 20
    assert res.exit_code == EXIT_NOTHING, res.output
    assert "nothing could be processed" in res.stderr
    assert "timed out" in _failures(db)[drip_server]


# -- command-line misuse ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "x.txt", "--db", "mysql://x/y"], "unknown database URL scheme 'mysql'"),
        (["events", "--db", "mysql://x/y"], "unknown database URL scheme 'mysql'"),
        (["ingest", "x.txt", "--batch-size", "0"], "0 is not a number of articles per batch"),
        (["ingest", "x.txt", "--batch-size", "-3"], "-3 is not a number of articles per batch"),
        (["ingest", "x.txt", "--timeout", "0"], "0 is not a number of seconds"),
        (["events", "--limit", "-5"], "-5 is not a number of events; use 0 or more"),
        (["events", "--country", "Narnia"], "give an ISO 3166-1 alpha-3 code (e.g. SYR)"),
        (["export", "--format", "csv", "-o", "missing/dir/out.csv"], "does not exist; create it"),
    ],
)
def test_each_misuse_is_a_usage_error_with_a_message(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    db = tmp_path / "t.db"
    SQLiteStore.open(db).close()
    full = [*args, "--db", str(db)] if "--db" not in args else args
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(main, full)
    assert res.exit_code == EXIT_USAGE, res.output
    assert message in res.stderr
    assert "Traceback" not in res.output
    assert not Path("mysql:").exists()  # nothing created on a refused target


def test_country_names_and_codes_give_the_same_events(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text(SYRIA, encoding="utf-8")
    (tmp_path / "g.txt").write_text(GAO, encoding="utf-8")
    db = tmp_path / "t.db"
    res = runner.invoke(
        main, ["ingest", str(tmp_path), "--db", str(db), "--published", "2021-03-08"]
    )
    assert res.exit_code == 0, res.output

    def listed(country: str) -> list[dict[str, Any]]:
        out = runner.invoke(
            main, ["events", "--db", str(db), "--country", country, "--format", "jsonl"]
        )
        assert out.exit_code == 0, out.output
        return [json.loads(line) for line in out.stdout.splitlines()]

    syria = listed("Syria")
    assert syria and all(ev["location"]["country"] == "SYR" for ev in syria)
    assert listed("SYR") == syria == listed("syr")
    assert listed("Mali") and listed("Mali") != syria


def test_exit_codes_tell_nothing_processed_from_cannot_run_from_a_bug(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    db = tmp_path / "t.db"
    nothing = runner.invoke(main, ["ingest", str(empty), "--db", str(db)])
    assert nothing.exit_code == EXIT_NOTHING and "nothing could be processed" in nothing.stderr

    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("plain notes, not a database\n" * 40, encoding="utf-8")
    cannot = runner.invoke(main, ["events", "--db", str(not_a_db)])
    assert cannot.exit_code == EXIT_ERROR
    assert "error: cannot open database" in cannot.stderr

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("eventdesk.jobs.ingest", broken)
    crash = runner.invoke(main, ["ingest", str(empty), "--db", str(db)])
    assert crash.exit_code == EXIT_BUG
    assert "internal error: RuntimeError: simulated bug" in crash.stderr
    assert "This is a bug in eventdesk" in crash.stderr


def test_a_folder_walk_reports_each_entry_once_without_a_system_call_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hidden names and what hidden folders hold are left out, links to folders are not
    followed, a broken link and a file of unknown type are reported, in sorted order; a
    regular article file costs no stat call (the folder listing says what it is)."""
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "old.txt").write_text("hidden")
    for name in ("b/two.txt", "a.txt", ".hidden.txt", "notes.docx"):
        (tmp_path / name).write_text("Rebels held a rally in the square.")
    for i in range(30):
        (tmp_path / "b" / f"many{i:02d}.txt").write_text("Police arrested two men.")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "linked").symlink_to(tmp_path / "b")
    os.mkfifo(tmp_path / "pipe.txt")
    stats = 0
    real_stat = os.stat

    def counting_stat(*args: Any, **kw: Any) -> Any:
        nonlocal stats
        stats += 1
        return real_stat(*args, **kw)

    monkeypatch.setattr(os, "stat", counting_stat)
    items = list(expand_paths([str(tmp_path)]))
    monkeypatch.setattr(os, "stat", real_stat)
    names = [
        (i.source.removeprefix(str(tmp_path) + "/"), i.kind)
        if isinstance(i, Failure)
        else str(i).removeprefix(str(tmp_path) + "/")
        for i in items
    ]
    assert names == [
        "a.txt",
        "b/many00.txt",
        *[f"b/many{i:02d}.txt" for i in range(1, 30)],
        "b/two.txt",
        ("gone.txt", "failed"),
        ("notes.docx", "skipped"),
        ("pipe.txt", "skipped"),
    ]
    assert stats <= 3  # the broken link and the folder itself, not the 32 article files


def test_a_link_loop_or_an_unreadable_folder_does_not_stop_the_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.txt").write_text("Police arrested two men.")
    (tmp_path / "ok.txt").write_text("Police arrested two men.")
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if str(path).endswith("locked"):  # root reads any folder: refuse as a user's walk is
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(expand_paths([str(tmp_path)]))
    failures = {Path(i.source).name: i for i in items if isinstance(i, Failure)}
    assert [p.name for p in items if isinstance(p, Path)] == ["ok.txt"]
    assert failures["loop.txt"].kind == "failed" and "symbolic link" in failures["loop.txt"].reason
    assert failures["locked"].kind == "skipped" and "cannot be read" in failures["locked"].reason
