"""Readers that turn inputs into Articles; a bad item becomes a Failure, never a crash."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..records import Article
from .text import decode, parse_article, read_text_file

TEXT_SUFFIXES = {".txt"}


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str


def expand_paths(paths: Iterable[str]) -> Iterator[Path | Failure]:
    """Files as given; folders walked recursively for article files, in sorted order."""
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            yield path
        elif path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
            )
            if not found:
                yield Failure(raw, f"{raw}: folder holds no .txt articles")
            yield from found
        elif path.exists():
            yield path
        else:
            yield Failure(raw, f"{raw}: no such file or folder")


def read_inputs(paths: Iterable[str], published: str | None = None) -> Iterator[Article | Failure]:
    """Articles from files, folders and '-' (stdin); bad items are yielded as Failures."""
    for item in expand_paths(paths):
        if isinstance(item, Failure):
            yield item
            continue
        try:
            if str(item) == "-":
                yield parse_article(
                    decode(sys.stdin.buffer.read(), "<stdin>"), "<stdin>", published
                )
            else:
                yield read_text_file(item, published)
        except InputError as exc:
            yield Failure(str(item), str(exc))
