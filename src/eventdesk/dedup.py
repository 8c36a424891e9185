"""Near-duplicate articles: the same story re-published with small edits, another headline or
other boilerplate, found with MinHash LSH (``datasketch``) and stored once.

How it decides (thresholds are module constants, documented in ``docs/dedup.md``):

- The text is normalised (NFKC, lower case, words = runs of letters/digits) and cut into
  overlapping word ``SHINGLE_WORDS``-grams. The title is *not* used (re-publishers change it).
- Each article gets a MinHash of ``NUM_PERM`` permutations (datasketch ``affine32`` scheme,
  ``SEED``); LSH splits it into ``b`` bands of ``r`` rows, chosen by datasketch for
  ``THRESHOLD`` (0.6 -> b=18, r=7). Two articles sharing any band are candidates.
- A candidate is a duplicate when the estimated Jaccard similarity of the two shingle sets is at
  least ``THRESHOLD``; the most similar candidate wins (ties: the smaller article id).
- Texts with fewer than ``MIN_SHINGLES`` shingles (about 25 words: feed summaries, briefs) are
  never near-duplicates; only identical texts (same ``article_id``) are.

The first copy read is stored; each later copy -- near-duplicate, or the identical text carried
by another outlet or URL -- becomes a row of ``article_sources`` (its outlet, URL, title, date,
path and similarity) attached to the stored copy, and is not coded again.

Persistence: every stored article's signature (hash values) and its band keys are written to
the store in the same transaction as the article (``article_signatures``, ``lsh_bands``), so
the index survives restarts and later runs without being held in memory: candidates are found
by an indexed lookup of the article's band keys. Only the articles of the current batch are in
memory, in a ``datasketch.MinHashLSH``. If the scheme (shingle size, permutations, seed, bands)
changes, :func:`rebuild_index` recomputes signatures and bands from the stored texts.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .records import Article
from .store.rows import SignatureRow, SourceRow, variant_key

if TYPE_CHECKING:
    from .store.sqlite import SQLiteStore

log = logging.getLogger(__name__)

SHINGLE_WORDS = 4
NUM_PERM = 128
SEED = 1
THRESHOLD = 0.6
MIN_SHINGLES = 20

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=8)
def lsh_params(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows) that datasketch picks for ``threshold`` (equal weight to FP and FN)."""
    from datasketch.lsh import _optimal_param

    b, r = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return int(b), int(r)


def scheme_name(
    threshold: float = THRESHOLD, num_perm: int = NUM_PERM, shingle: int = SHINGLE_WORDS
) -> str:
    b, r = lsh_params(threshold, num_perm)
    return f"w{shingle}-p{num_perm}-s{SEED}-affine32-b{b}r{r}"


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(unicodedata.normalize("NFKC", text).lower())
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def minhash(shingle_set: Iterable[bytes], num_perm: int = NUM_PERM) -> Any:
    from datasketch import MinHash

    m = MinHash(num_perm=num_perm, seed=SEED)
    m.update_batch(list(shingle_set))
    return m


def from_blob(blob: bytes, num_perm: int = NUM_PERM) -> Any:
    import numpy as np
    from datasketch import MinHash

    values = np.frombuffer(blob, dtype=np.uint32)
    return MinHash(num_perm=num_perm, seed=SEED, scheme="affine32", hashvalues=values)


def band_keys(m: Any, bands: int, rows: int) -> tuple[bytes, ...]:
    """One 8-byte key per band: a hash of that band's hash values."""
    values = m.hashvalues
    return tuple(
        hashlib.blake2b(values[i * rows : (i + 1) * rows].tobytes(), digest_size=8).digest()
        for i in range(bands)
    )


@dataclass(frozen=True, slots=True)
class Duplicate:
    """``article`` (as read) is a near-duplicate of the stored or pending ``of``."""

    article: Article
    of: str
    similarity: float

    def source_row(self) -> SourceRow:
        return SourceRow.of(self.article, canonical_id=self.of, similarity=self.similarity)


@dataclass(slots=True)
class BatchPlan:
    """What to do with one batch of articles: code ``fresh``, attach ``duplicates`` as extra
    sources, skip ``present`` (already stored, exactly or as a known copy)."""

    fresh: list[Article] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    present: list[Article] = field(default_factory=list)
    signatures: dict[str, SignatureRow] = field(default_factory=dict)

    @property
    def source_rows(self) -> list[SourceRow]:
        return [d.source_row() for d in self.duplicates]


class Deduplicator:
    """Splits batches of articles into fresh / near-duplicate / present against a store.

    Use one per ingest run, one :meth:`plan` per batch, then write the batch with
    ``store.add_batch(pipeline.process(plan.fresh), plan=plan)`` (one transaction), so a
    run killed at any point and run again makes the same decisions.
    """

    def __init__(
        self,
        store: SQLiteStore,
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
        shingle_words: int = SHINGLE_WORDS,
        min_shingles: int = MIN_SHINGLES,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.store = store
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self.min_shingles = min_shingles
        self.bands, self.rows = lsh_params(threshold, num_perm)
        self.scheme = scheme_name(threshold, num_perm, shingle_words)
        stale = store.signature_schemes() - {self.scheme}
        if stale:
            log.info("LSH scheme changed (%s -> %s): rebuilding", sorted(stale), self.scheme)
            rebuild_index(store, self)

    def signature(self, article: Article) -> tuple[Any, SignatureRow] | None:
        """(MinHash, row to store) or None when the text is too short to compare."""
        sh = shingles(article.text, self.shingle_words)
        if len(sh) < self.min_shingles:
            return None
        m = minhash(sh, self.num_perm)
        row = SignatureRow(
            article_id=article.article_id,
            scheme=self.scheme,
            hashvalues=m.hashvalues.tobytes(),
            band_keys=band_keys(m, self.bands, self.rows),
        )
        return m, row

    def plan(self, articles: Iterable[Article]) -> BatchPlan:
        """Decide, for each article of one batch, in order:

        - ``present``: this text from this outlet and URL is already recorded (or repeated
          in the batch) -- nothing to do;
        - an exact copy (same text) carried by another outlet or URL -> a ``Duplicate`` with
          similarity 1.0 of the stored article;
        - a near-duplicate of a stored article or of an earlier fresh one of this batch ->
          a ``Duplicate`` with the estimated similarity;
        - else ``fresh``: to be coded and stored.
        """
        from datasketch import MinHashLSH

        items = list(articles)
        plan = BatchPlan()
        known_ids = self.store.has_articles(a.article_id for a in items)
        known_keys = self.store.known_variants(variant_key(a) for a in items)
        pending = MinHashLSH(
            threshold=self.threshold, num_perm=self.num_perm, params=(self.bands, self.rows)
        )
        pending_hashes: dict[str, Any] = {}
        target: dict[str, str] = {}  # text id seen in this batch -> stored article id
        seen_keys: set[str] = set()
        for art in items:
            key = variant_key(art)
            if key in known_keys or key in seen_keys:
                plan.present.append(art)
                continue
            seen_keys.add(key)
            if art.article_id in target or art.article_id in known_ids:
                of = target.get(art.article_id) or self.store.duplicate_of(art.article_id)
                if of is not None:
                    plan.duplicates.append(Duplicate(art, of=of, similarity=1.0))
                    continue
            sig = self.signature(art)
            if sig is None:
                plan.fresh.append(art)
                target[art.article_id] = art.article_id
                continue
            m, row = sig
            best: tuple[float, str] | None = None
            for cid, other in self._stored_candidates(row):
                best = _better(best, float(m.jaccard(other)), cid)
            for cid in pending.query(m):
                best = _better(best, float(m.jaccard(pending_hashes[cid])), cid)
            if best is not None and best[0] >= self.threshold:
                plan.duplicates.append(Duplicate(art, of=best[1], similarity=round(best[0], 4)))
                target[art.article_id] = best[1]
                continue
            plan.fresh.append(art)
            target[art.article_id] = art.article_id
            plan.signatures[art.article_id] = row
            pending.insert(art.article_id, m)
            pending_hashes[art.article_id] = m
        return plan

    def _stored_candidates(self, row: SignatureRow) -> Iterable[tuple[str, Any]]:
        for cid, blob in self.store.lsh_candidates(row.band_keys, self.scheme):
            yield cid, from_blob(blob, self.num_perm)

    def find(self, article: Article) -> Duplicate | None:
        """The stored article that ``article`` near-duplicates, if any (read-only)."""
        sig = self.signature(article)
        if sig is None:
            return None
        m, row = sig
        best: tuple[float, str] | None = None
        for cid, other in self._stored_candidates(row):
            if cid != article.article_id:
                best = _better(best, float(m.jaccard(other)), cid)
        if best is None or best[0] < self.threshold:
            return None
        return Duplicate(article, of=best[1], similarity=round(best[0], 4))


def _better(best: tuple[float, str] | None, sim: float, cid: str) -> tuple[float, str]:
    if best is None or sim > best[0] or (sim == best[0] and cid < best[1]):
        return sim, cid
    return best


def rebuild_index(store: SQLiteStore, dedup: Deduplicator | None = None) -> int:
    """Recompute every stored article's signature and bands (after a scheme change, or for a
    database written before signatures existed). Returns the number of articles indexed."""
    dd = dedup or Deduplicator.__new__(Deduplicator)
    if dedup is None:
        dd.threshold, dd.num_perm = THRESHOLD, NUM_PERM
        dd.shingle_words, dd.min_shingles = SHINGLE_WORDS, MIN_SHINGLES
        dd.bands, dd.rows = lsh_params(THRESHOLD, NUM_PERM)
        dd.scheme = scheme_name()
        dd.store = store

    def rows() -> Iterable[SignatureRow]:
        for article_id, text in store.iter_article_texts():
            sig = dd.signature(Article(text=text, article_id=article_id))
            if sig is not None:
                yield sig[1]

    return store.replace_signatures(rows())
