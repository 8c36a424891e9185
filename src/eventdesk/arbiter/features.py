"""Hashed text features for the arbiter: lower-cased word unigrams and bigrams, optionally the
character n-grams of each word, hashed with CRC-32 (stable across runs and machines).

Digits become ``0`` so that "12 May 2021" and "3 June 2019" look alike. A text's feature
values are 1 per distinct feature, scaled to unit length, so a headline and a long paragraph
weigh the same.
"""

from __future__ import annotations

import itertools
import re
import zlib
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
DIGIT = re.compile(r"[0-9]")


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """What the hashed features are; stored in meta.json so a model reads text as trained."""

    buckets_log2: int = 22
    word_ngrams: int = 2  # 1 = unigrams only, 2 = unigrams and bigrams
    char_ngrams: tuple[int, int] | None = None  # (min, max) n-gram length inside each word

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["char_ngrams"] = list(self.char_ngrams) if self.char_ngrams else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeatureConfig:
        chars = data.get("char_ngrams")
        return cls(
            buckets_log2=int(data["buckets_log2"]),
            word_ngrams=int(data["word_ngrams"]),
            char_ngrams=(int(chars[0]), int(chars[1])) if chars else None,
        )


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens with digits folded to 0."""
    return WORD.findall(DIGIT.sub("0", text.lower()))


def feature_strings(text: str, config: FeatureConfig) -> set[str]:
    """The distinct feature names of a text (before hashing)."""
    words = tokens(text)
    out = {"w " + w for w in words}
    if config.word_ngrams >= 2:
        out.update(f"b {a} {b}" for a, b in itertools.pairwise(words))
    if config.char_ngrams is not None:
        low, high = config.char_ngrams
        for w in set(words):
            padded = f"<{w}>"
            for n in range(low, high + 1):
                out.update("c " + padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


def hashed(text: str, config: FeatureConfig) -> np.ndarray:
    """The sorted distinct hash buckets of a text's features (int64)."""
    mask = (1 << config.buckets_log2) - 1
    ids = {zlib.crc32(f.encode("utf-8")) & mask for f in feature_strings(text, config)}
    return np.fromiter(sorted(ids), dtype=np.int64, count=len(ids))


@dataclass(frozen=True, slots=True)
class SparseRows:
    """A CSR matrix of texts x feature columns with unit-length rows."""

    indptr: np.ndarray  # (n + 1,) int64
    indices: np.ndarray  # (nnz,) int64 column numbers
    data: np.ndarray  # (nnz,) float64

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def row_ids(self) -> np.ndarray:
        """The row number of every stored value."""
        return np.repeat(np.arange(self.n_rows), np.diff(self.indptr))


def to_rows(bucket_lists: list[np.ndarray], columns: dict[int, int]) -> SparseRows:
    """Texts' hash buckets as CSR rows over the known columns (unknown buckets dropped)."""
    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for buckets in bucket_lists:
        cols = [columns[b] for b in buckets.tolist() if b in columns]
        scale = 1.0 / np.sqrt(len(cols)) if cols else 0.0
        indices.extend(cols)
        values.extend([scale] * len(cols))
        indptr.append(len(indices))
    return SparseRows(
        np.asarray(indptr, dtype=np.int64),
        np.asarray(indices, dtype=np.int64),
        np.asarray(values, dtype=np.float64),
    )
