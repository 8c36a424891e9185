"""An ingest killed with SIGKILL part-way and run again stores everything exactly once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

TOWNS = ["Gao", "Kidal", "Mopti", "Timbuktu", "Menaka", "Segou", "Djibo", "Maiduguri"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _write_corpus(folder: Path, n: int = 40) -> None:
    folder.mkdir()
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        day = DAYS[i % len(DAYS)]
        body = (
            f"Gunmen attacked a checkpoint near {town} on {day}, killing {i + 2} soldiers and "
            f"wounding {i + 5} others, the army said in statement number {i}. Residents said "
            f"the fighting lasted for {i % 5 + 1} hours before reinforcements arrived. "
            f"Separately, {100 + i} families fled villages around {town} after the attack, "
            "aid agencies said, and the regional governor called for calm. "
        )
        (folder / f"{i:03d}.txt").write_text(
            f"---\ntitle: Attack near {town} ({i})\npublished: 2021-03-{i % 27 + 1:02d}\n"
            f"outlet: Outlet {i % 6}\n---\n\n{body * 3}"
        )
    (folder / "zz-binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "zz-french.txt").write_text(
        "Des hommes armés ont attaqué un poste de contrôle près de Gao lundi, tuant deux "
        "soldats et en blessant cinq autres, a indiqué l'armée dans un communiqué."
    )


def _count(db: Path, table: str) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _ingest(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "EVENTDESK_DB": str(db)}
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "eventdesk.cli", "ingest", str(folder)),
            *("--db", str(db), "--batch-size", "2", "--quiet"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_kill_9_then_rerun_loses_nothing_doubles_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    db = tmp_path / "events.sqlite"
    _write_corpus(folder)
    proc = _ingest(folder, db)
    deadline = time.monotonic() + 45
    killed_at = -1
    while time.monotonic() < deadline and proc.poll() is None:
        n = _count(db, "articles")
        if n >= 6:
            proc.send_signal(signal.SIGKILL)
            killed_at = n
            break
        time.sleep(0.02)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the first run finished before it could be killed"
    assert 6 <= killed_at < 40

    proc = _ingest(folder, db)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()

    conn = sqlite3.connect(db)
    one = conn.execute
    assert one("SELECT COUNT(*) FROM articles").fetchone()[0] == 40
    # every article has exactly the events it was stored with, none missing, none twice
    assert (
        one(
            "SELECT COUNT(*) FROM articles a WHERE a.n_events != "
            "(SELECT COUNT(*) FROM events e WHERE e.article_id = a.article_id)"
        ).fetchone()[0]
        == 0
    )
    n_events = one("SELECT COUNT(*) FROM events").fetchone()[0]
    assert n_events >= 40
    assert one("SELECT COUNT(*) FROM canonical_members").fetchone()[0] == n_events
    assert one("SELECT COUNT(*) FROM article_sources").fetchone()[0] == 40
    sources = [r[0] for r in one("SELECT source FROM failures ORDER BY source")]
    assert [Path(s).name for s in sources] == ["zz-binary.txt", "zz-french.txt"]
    # A third run adds nothing at all.
    proc = _ingest(folder, db)
    proc.communicate(timeout=120)
    assert one("SELECT COUNT(*) FROM articles").fetchone()[0] == 40
    assert one("SELECT COUNT(*) FROM events").fetchone()[0] == n_events
    assert one("SELECT COUNT(*) FROM failures").fetchone()[0] == 2
    conn.close()
