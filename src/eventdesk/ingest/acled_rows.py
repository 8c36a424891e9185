"""Reading an ACLED export (CSV with a ``notes`` column): the rows, and a note's text without
the answer-naming label some exports put first ("Arrests: ..."). Used by ``eval acled`` and by
``eventdesk train --labels`` on a user's own export."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ..errors import InputError

LABEL = re.compile(r"^[A-Z][A-Za-z /&-]{2,40}:\s+")


def strip_label(notes: str) -> str:
    return LABEL.sub("", notes.strip(), count=1)


def read_rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    if rows and "notes" not in rows[0]:
        raise InputError(f"{path}: not an ACLED export (no 'notes' column)")
    return rows
