"""The one reader of eventdesk's data files: ``eventdesk/lexicon/**`` and a user's folder.

Every dictionary (trigger words, agents, groups, weapons, cues, fronts) and every place table
(``geo/*.tsv``: admin aliases and ids, country points, demonyms, regions, place aliases, US
state abbreviations, place cues) is read through :func:`lines` / :func:`rows`. A folder given
with ``--lexicon DIR`` may hold files of the same relative names (``DIR/groups.tsv``,
``DIR/geo/place_aliases.tsv``); their rows come after the packaged rows, so where a table is
keyed, the user's row wins. The place tables the gazetteer index is built from
(:data:`INDEX_FILES`) make a separate index when a user's folder changes them
(:func:`fingerprint`).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from .errors import LexiconError

# the place tables baked into the gazetteer index (resolve/gazetteer_build.py)
INDEX_FILES = (
    "geo/admin_aliases.tsv",
    "geo/admin_geonames.tsv",
    "geo/country_points.tsv",
    "geo/demonyms.tsv",
    "geo/regions.tsv",
)


def _user_file(name: str, user_dir: Path | None) -> Path | None:
    if user_dir is None:
        return None
    path = Path(user_dir) / name
    return path if path.is_file() else None


def sources(name: str, user_dir: Path | None = None) -> list[tuple[str, str]]:
    """``(where, text)`` of the packaged file ``name`` and, when present, the user's."""
    packaged = resources.files("eventdesk").joinpath("lexicon", *name.split("/"))
    out = [(f"eventdesk/lexicon/{name}", packaged.read_text(encoding="utf-8"))]
    user = _user_file(name, user_dir)
    if user is not None:
        try:
            out.append((str(user), user.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"{user}: cannot be read as UTF-8 text ({exc})") from exc
    return out


def lines(name: str, user_dir: Path | None = None) -> Iterator[tuple[str, int, str]]:
    """``(where, line number, line)`` of every line of the packaged file, then the user's."""
    for where, text in sources(name, user_dir):
        for lineno, line in enumerate(text.splitlines(), start=1):
            yield where, lineno, line


def rows(
    name: str, user_dir: Path | None = None, ncols: int | None = None
) -> Iterator[tuple[str, int, list[str]]]:
    """Tab-separated rows, cells stripped (blank lines and ``#`` comments skipped), padded
    to ``ncols``; a row with more columns is an error naming the file and line."""
    for where, text in sources(name, user_dir):
        reader = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
        for lineno, row in enumerate(reader, start=1):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            if ncols is not None:
                if len(row) > ncols:
                    raise LexiconError(
                        f"{where}:{lineno}: expected {ncols} tab-separated columns, got {len(row)}"
                    )
                row = row + [""] * (ncols - len(row))
            yield where, lineno, [c.strip() for c in row]


def fingerprint(names: Iterable[str], user_dir: Path | None) -> str | None:
    """A short hash of the user's versions of ``names``; None when the user has none."""
    h = hashlib.sha1()
    found = False
    for name in names:
        user = _user_file(name, user_dir)
        if user is not None:
            found = True
            h.update(name.encode())
            h.update(user.read_bytes())
    return h.hexdigest()[:10] if found else None
