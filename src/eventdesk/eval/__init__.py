"""Evaluation against gold data labelled by others (see the README's Evaluation section)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError


def read_jsonl(path: Path, what: str, expected: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for each non-blank line; a bad line names the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{path}:{lineno}: not {what} ({exc}); expected {expected}") from exc
        if not isinstance(rec, dict):
            raise InputError(f"{path}:{lineno}: not {what}; expected {expected}")
        yield lineno, rec
