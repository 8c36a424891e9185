"""A synthetic corpus generated from example articles, varied so that caches cannot cheat.

Every generated article mixes paragraphs of several examples (shuffled), swaps place names and
numbers for others taken from the examples themselves, and gets its own publication date. The
generator is deterministic for a seed, streams (nothing but the examples is held in memory) and
never yields the same text twice in a run, so article ids are distinct.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..errors import InputError
from ..ingest import read_inputs
from ..records import Article

# "in Saraqib", "near the village of Kafr Nabudah", "town of Djibo": capitalised words after a
# place preposition are (mostly) place names; good enough to swap them around.
_PLACE = re.compile(
    r"\b(?:in|near|at|from|to|towards|outside|of the (?:town|village|city|province|region) of)"
    r"\s+([A-Z][\w'\-]+(?:\s+(?:al-|el-)?[A-Z][\w'\-]+){0,2})"
)
_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})*\b")
_NOT_PLACES = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "This", "That", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October", "November", "December",
}  # fmt: skip


def default_examples_dir() -> Path:
    """The repository's ``examples/`` folder (an editable install or a source checkout)."""
    return Path(__file__).resolve().parents[3] / "examples"


@dataclass(frozen=True, slots=True)
class _Pool:
    paragraphs: tuple[tuple[str, ...], ...]  # per example
    titles: tuple[str, ...]
    outlets: tuple[str, ...]
    places: tuple[str, ...]
    numbers: tuple[str, ...]


def _load(examples: Path) -> _Pool:
    arts = [a for a in read_inputs([str(examples)]) if isinstance(a, Article)]
    if not arts:
        raise InputError(
            f"{examples}: no example articles to build a corpus from; pass --examples DIR"
        )
    places: set[str] = set()
    numbers: set[str] = set()
    for a in arts:
        places.update(m.group(1) for m in _PLACE.finditer(a.text))
        numbers.update(m.group(0) for m in _NUMBER.finditer(a.text))
    places = {p for p in places if p.split()[0] not in _NOT_PLACES and len(p) > 2}
    # Years look like numbers; keep them out of the number pool so dates stay plausible.
    nums = {n for n in numbers if not (len(n) == 4 and n.startswith(("19", "20")))}
    return _Pool(
        paragraphs=tuple(tuple(p for p in a.text.split("\n\n") if p.strip()) for a in arts),
        titles=tuple(a.title or "Untitled" for a in arts),
        outlets=tuple(sorted({a.outlet or "Wire" for a in arts})),
        places=tuple(sorted(places)),
        numbers=tuple(sorted(nums, key=lambda s: (len(s), s))),
    )


def _vary(rng: random.Random, pool: _Pool, i: int) -> Article:
    base = i % len(pool.paragraphs)
    paras = list(pool.paragraphs[base])
    # Mix in one to three paragraphs from other examples, then shuffle all but the lead.
    for _ in range(rng.randint(1, 3)):
        other = pool.paragraphs[rng.randrange(len(pool.paragraphs))]
        paras.insert(rng.randint(1, len(paras)), rng.choice(other))
    if rng.random() < 0.3:
        paras.pop(rng.randrange(1, len(paras)))
    head, rest = paras[0], paras[1:]
    rng.shuffle(rest)
    text = "\n\n".join([head, *rest])
    places = {
        p: rng.choice(pool.places) for p in rng.sample(pool.places, k=min(6, len(pool.places)))
    }
    if places:
        alt = "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True))
        text = re.sub(rf"\b(?:{alt})\b", lambda m: places[m.group(0)], text)
    if pool.numbers:
        text = _NUMBER.sub(
            lambda m: rng.choice(pool.numbers) if rng.random() < 0.5 else m.group(0), text
        )
    published = (date(2018, 1, 1) + timedelta(days=rng.randrange(365 * 7))).isoformat()
    return Article(
        text=text,
        title=pool.titles[base],
        outlet=rng.choice(pool.outlets),
        published=published,
        source_path=f"generated:{i}",
    )


def generate(n: int, seed: int = 0, examples: Path | None = None) -> Iterator[Article]:
    """``n`` distinct articles varied from the examples; the same ``seed`` gives the same ones."""
    pool = _load(examples or default_examples_dir())
    rng = random.Random(seed)
    seen: set[str] = set()
    # a short example can come out unchanged (its own paragraph mixed in, then dropped)
    originals = {"\n\n".join(paras) for paras in pool.paragraphs}
    i = 0
    while i < n:
        art = _vary(rng, pool, i)
        if art.article_id in seen or art.text in originals:
            continue
        seen.add(art.article_id)
        yield art
        i += 1
