"""`eventdesk bench`: the figures it promises, computed from real timings."""

from __future__ import annotations

import json
from collections.abc import Iterator

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


# -- the API load harness (python -m eventdesk.api.bench) ------------------------------------


@pytest.fixture(scope="module")
def api_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server (uvicorn in a thread) over a small synthetic database."""
    import socket
    import threading
    import time

    import uvicorn

    from eventdesk.api.app import create_app
    from eventdesk.api.bench import build

    db = tmp_path_factory.mktemp("apibench") / "bench.db"
    build(str(db), 400)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    else:
        pytest.fail("uvicorn did not start")
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_api_load_mixed_profile_reports_every_endpoint_group(api_url: str) -> None:
    from eventdesk.api.bench import MIXED, _schedule, load

    # the schedule the clients cycle through holds every group, as often as its weight says
    schedule = _schedule("mixed")
    for group, (weight, paths) in MIXED.items():
        assert sum(g == group for g, _ in schedule) == weight * len(paths)
    report = load(api_url, clients=3, seconds=1.5, profile="mixed")
    assert report["errors"] == 0 and report["requests"] > 0
    groups = report["endpoints"]
    # a short run on a busy machine may not reach every group: those it reached are reported
    assert groups and set(groups) <= set(MIXED)
    assert sum(g["requests"] for g in groups.values()) == report["requests"]
    for g in groups.values():
        assert 0 < g["p50_ms"] <= g["p99_ms"]
    assert report["rps"] == pytest.approx(report["requests"] / 1.5, rel=0.01)


def test_api_load_list_profile_and_bad_profile(api_url: str) -> None:
    from eventdesk.api.bench import load, main

    report = load(api_url, clients=2, seconds=0.5, profile="list")
    assert report["errors"] == 0 and "endpoints" not in report
    assert report["p50_ms"] <= report["p90_ms"] <= report["p99_ms"]
    with pytest.raises(ValueError, match="profile must be one of list, mixed"):
        load(api_url, profile="heavy")
    with pytest.raises(SystemExit):
        main(["load", "--profile", "heavy"])


def test_the_load_client_reads_chunked_compressed_and_json_answers(api_url: str) -> None:
    """The lean client of the load run (api/loadgen.py) reads a streamed (chunked, gzip)
    export whole, decodes JSON when asked, and reuses one connection."""
    import asyncio
    import gzip

    from eventdesk.api.loadgen import Connection, HttpError

    async def run() -> tuple[int, bytes, dict[str, str], dict[str, object], object]:
        conn = Connection(api_url)
        status, body, headers = await conn.get("/api/export?format=jsonl")
        page = await conn.get_json("/api/events?limit=3")
        writer = conn._writer
        await conn.get("/health")
        reused = writer is conn._writer
        await conn.close()
        return status, body, headers, page, reused

    status, body, headers, page, reused = asyncio.run(run())
    assert status == 200 and headers.get("transfer-encoding") == "chunked"
    text = gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body
    assert len(text.decode().splitlines()) == 400  # every event of the bench database
    assert isinstance(page, dict) and len(page["events"]) == 3  # type: ignore[arg-type]
    assert reused
    with pytest.raises(ValueError, match="plain http"):
        Connection("https://example.org")

    async def refused() -> None:
        await Connection("http://127.0.0.1:9", timeout=2).get("/health")

    with pytest.raises(HttpError):
        asyncio.run(refused())


def test_kept_alive_requests_to_several_server_processes_are_not_held_back(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """`serve --workers 2`: a request on a kept-alive connection is answered in a few ms.
    With asyncio's own loop the processes' shared socket had no TCP_NODELAY, so every answer
    after the first waited ~40 ms for a delayed ACK (Nagle); the serve extra's uvloop sets it."""
    import asyncio
    import os
    import socket
    import subprocess
    import sys
    import time

    from eventdesk.api.bench import build
    from eventdesk.api.loadgen import Connection, HttpError

    db = tmp_path_factory.mktemp("workers") / "bench.db"
    build(str(db), 40)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "eventdesk.cli",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )

    async def timings() -> list[float]:
        conn = Connection(f"http://127.0.0.1:{port}", timeout=10)
        for _ in range(150):  # wait for the processes to listen
            try:
                await conn.get("/health")
                break
            except HttpError:
                await asyncio.sleep(0.2)
        else:
            pytest.fail("`eventdesk serve --workers 2` did not answer within 30 s")
        out = []
        for _ in range(9):
            t0 = time.perf_counter()
            status, _, _ = await conn.get("/api/events?limit=5")
            out.append(time.perf_counter() - t0)
            assert status == 200
        await conn.close()
        return out

    try:
        took = asyncio.run(timings())
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # every answer after the first was held ~40 ms: even the fastest of nine shows it
    assert min(took) < 0.03, took


def test_serve_threads_default_is_the_apps() -> None:
    from eventdesk.api.app import DEFAULT_THREADS
    from eventdesk.cli.read import serve

    (threads,) = [p for p in serve.params if p.name == "threads"]
    assert threads.default == DEFAULT_THREADS


@pytest.mark.parametrize(("flag", "logged"), [([], True), (["--no-access-log"], False)])
def test_serve_passes_its_options_to_uvicorn(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    flag: list[str],
    logged: bool,
) -> None:
    import uvicorn

    from eventdesk.api.bench import build

    db = tmp_path_factory.mktemp("opts") / "bench.db"
    build(str(db), 8)
    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    res = CliRunner().invoke(main, ["serve", "--db", str(db), "--threads", "3", *flag])
    assert res.exit_code == 0, res.output
    assert seen["access_log"] is logged and seen["host"] == "127.0.0.1"
