"""Near-duplicate articles: MinHash LSH, persisted in the store, stored once with all sources."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest

from eventdesk import dedup
from eventdesk.dedup import Deduplicator
from eventdesk.errors import StoreError
from eventdesk.ingest import read_inputs
from eventdesk.pipeline import Pipeline
from eventdesk.records import Article, ArticleResult
from eventdesk.store.sqlite import SQLiteStore

FIX = Path(__file__).parent / "fixtures" / "ingest"
STORY = (FIX / "story.txt").read_text().split("---\n", 2)[2].strip()
# Another agency's own account of the same attack: same facts, its own words.
REWRITE = (
    "Twelve Malian soldiers died and about twenty were hurt when insurgents fired mortar "
    "shells at a military base in Gao early on Sunday, officials said. The base, close to the "
    "airport, came under fire at dawn. Separatist fighters have intensified attacks in the "
    "region since a truce broke down late last year, and the UN mission condemned the "
    "bombardment. Mali's army said it was hunting the assailants and had flown in extra "
    "troops from the capital."
)


def _edit(text: str, n: int) -> str:
    """Change every n-th word a little, as a copy editor would."""
    words = text.split(" ")
    return " ".join(w.upper() if i % n == 0 else w for i, w in enumerate(words))


def _variants() -> dict[str, str]:
    words = STORY.split(" ")
    return {
        "boilerplate": "By Staff Writer, with wires.\n\n"
        + STORY
        + "\n\nSign up for our newsletter. (c) 2020 Daily. All rights reserved.",
        "edited": re.sub(r"\bsaid\b", "stated", STORY.replace("12", "twelve")),
        "cut_last_paragraph": STORY.rsplit("\n\n", 1)[0],
        "every_20th_word": " ".join(w + "s" if i % 20 == 0 else w for i, w in enumerate(words)),
    }


def test_similarity_of_copies_and_of_other_stories() -> None:
    base = dedup.minhash(dedup.shingles(STORY))
    for name, text in _variants().items():
        sim = base.jaccard(dedup.minhash(dedup.shingles(text)))
        assert sim >= dedup.THRESHOLD, (name, sim)
    other = base.jaccard(dedup.minhash(dedup.shingles(REWRITE)))
    assert other < 0.1
    assert dedup.lsh_params() == (18, 7)


def test_plan_within_batch_across_batches_and_after_reopen(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite"
    original = Article(text=STORY, outlet="Sahel Wire", url="https://a.example/1")
    copies = [
        Article(text=t, outlet=f"Outlet {n}", url=f"https://c{n}.example/")
        for n, t in enumerate(_variants().values())
    ]
    rewrite = Article(text=REWRITE, outlet="Other Agency")
    with SQLiteStore.open(db) as store:
        dd = Deduplicator(store)
        plan = dd.plan([original, copies[0], rewrite, original])
        assert [a.outlet for a in plan.fresh] == ["Sahel Wire", "Other Agency"]
        assert [(d.article.outlet, d.of) for d in plan.duplicates] == [
            ("Outlet 0", original.article_id)
        ]
        assert plan.present == [original]  # the exact repeat in the same batch
        summary = store.add_batch([ArticleResult(a) for a in plan.fresh], plan)
        assert (summary.new, summary.duplicates) == (2, 1)
    with SQLiteStore.open(db) as store:  # a later run: the index comes from the store
        dd = Deduplicator(store)
        plan = dd.plan([*copies, original])
        assert plan.fresh == []
        assert len(plan.present) == 2  # copy 0 (already a known source) and the original
        assert {d.of for d in plan.duplicates} == {original.article_id}
        assert all(d.similarity >= dedup.THRESHOLD for d in plan.duplicates)
        store.add_batch([], plan)
        outlets = [s["outlet"] for s in store.sources(original.article_id)]
        assert outlets == ["Sahel Wire", "Outlet 0", "Outlet 1", "Outlet 2", "Outlet 3"]
        assert store.duplicate_of(copies[2].article_id) == original.article_id
        assert store.counts()["articles"] == 2
        assert store.dedup_counts()["duplicates"] == 4


def test_short_texts_only_dedup_exactly(tmp_path: Path) -> None:
    a = Article(text="Gunmen killed five people in Gao on Sunday, police said.")
    b = Article(text="Gunmen killed six people in Gao on Sunday, police said.")
    with SQLiteStore.open(tmp_path / "s.sqlite") as store:
        plan = Deduplicator(store).plan([a, b, a])
        assert plan.fresh == [a, b] and plan.duplicates == [] and plan.present == [a]


def test_index_rebuilt_from_store_when_scheme_changes(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    original = Article(text=STORY, outlet="Sahel Wire")
    with SQLiteStore.open(db) as store:
        plan = Deduplicator(store).plan([original])
        store.add_batch([ArticleResult(a) for a in plan.fresh], plan)
        # Simulate an older scheme (or lost bands): wipe and mark stale.
        store._conn.execute("DELETE FROM lsh_bands")
        store._conn.execute("UPDATE article_signatures SET scheme = 'old'")
        dd = Deduplicator(store)  # notices the stale scheme and rebuilds from stored texts
        assert store.signature_schemes() == {dd.scheme}
        n_bands = store._conn.execute("SELECT COUNT(*) FROM lsh_bands").fetchone()[0]
        assert n_bands == dd.bands
        copy = Article(text=_variants()["edited"], outlet="Copy")
        assert dd.find(copy) is not None
        assert dedup.rebuild_index(store) == 1


def test_add_source_api(tmp_path: Path) -> None:
    original = Article(text=STORY, outlet="Sahel Wire", url="https://a.example/1")
    copy = Article(text=STORY + " Extra.", outlet="Copy Desk", url="https://b.example/2")
    with SQLiteStore.open(tmp_path / "a.sqlite") as store:
        store.add_results([ArticleResult(original)])
        assert store.add_source(original.article_id, copy, similarity=0.93) is True
        assert store.add_source(original.article_id, copy, similarity=0.93) is False
        srcs = store.sources(original.article_id)
        assert [(s["outlet"], s["url"], s["similarity"]) for s in srcs] == [
            ("Sahel Wire", "https://a.example/1", 1.0),
            ("Copy Desk", "https://b.example/2", 0.93),
        ]
        assert store.has_articles([copy.article_id]) == {copy.article_id}
        with pytest.raises(StoreError, match="not stored"):
            store.add_source("a-missing", copy)


def test_txt_html_jsonl_story_stored_once_and_counted_once(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    """The issue's acceptance case, through the library calls the CLI makes."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIX / "story.txt", folder / "a.txt")
    shutil.copy(FIX / "story_copy.html", folder / "b.html")
    first = json.loads((FIX / "corpus.jsonl").read_text().splitlines()[0])
    (folder / "c.jsonl").write_text(json.dumps(first) + "\n")
    items = [i for i in read_inputs([str(folder)]) if isinstance(i, Article)]
    assert len(items) == 3
    with SQLiteStore.open(tmp_path / "e.sqlite") as store:
        dd = Deduplicator(store)
        plan = dd.plan(items)
        summary = store.add_batch(pipeline.process(plan.fresh), plan)
        # the .html is a near-duplicate, the .jsonl the same text from a third outlet
        assert (summary.new, summary.duplicates, len(plan.present)) == (1, 2, 0)
        assert store.counts()["articles"] == 1
        (art_id,) = [r[0] for r in store._conn.execute("SELECT article_id FROM articles")]
        outlets = {s["outlet"] for s in store.sources(art_id)}
        assert outlets == {"Sahel Wire", "Bamako Daily", "Wire Service"}
        events = list(store.events())
        canon = list(store.canonical_events())
        assert events, "the story has events"
        assert sum(len(c["event_ids"]) for c in canon) == len(events)
        assert sorted(e for c in canon for e in c["event_ids"]) == sorted(
            e["event_id"] for e in events
        )
        assert all(c["n_reports"] == 3 and c["sources"] == 3 for c in canon)
        # Running it all again adds nothing.
        again = dd.plan([dataclasses.replace(a) for a in items])
        assert again.fresh == [] and again.duplicates == [] and len(again.present) == 3
