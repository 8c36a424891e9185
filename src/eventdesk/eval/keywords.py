"""The keyword baseline: ACLED notes coded by keyword search, as a floor to compare with.

The keywords, their event type / sub-event type and priority are in the data file
``lexicon/keyword_baseline.tsv`` (written once from the ACLED codebook's definitions, not
fitted to gold data; its header explains the matching). This is not part of the extractor:
``eventdesk eval acled --by-region`` shows it beside eventdesk's own scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import LexiconError

FILE = "keyword_baseline.tsv"


@dataclass(frozen=True, slots=True)
class Keyword:
    phrase: str
    event_type: str
    sub_event_type: str
    priority: int
    pattern: re.Pattern[str]


def _pattern(phrase: str) -> re.Pattern[str]:
    stem = phrase.endswith("*")
    words = phrase.removesuffix("*").lower().split()
    body = r"\s+".join(re.escape(w) for w in words)
    return re.compile(r"(?<!\w)" + body + (r"\w*" if stem else r"(?!\w)"))


def parse(text: str, where: str) -> tuple[Keyword, ...]:
    """Keywords of a baseline file's text (tab-separated: keyword, event type, sub-event
    type, priority; ``#`` comments and blank lines skipped)."""
    out: list[Keyword] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4 or not cols[0].strip() or not cols[3].strip().lstrip("-").isdigit():
            raise LexiconError(
                f"{where}:{lineno}: expected keyword, event_type, sub_event_type, priority "
                "separated by tabs"
            )
        phrase, etype, sub, prio = (c.strip() for c in cols)
        out.append(Keyword(phrase, etype, sub, int(prio), _pattern(phrase)))
    return tuple(out)


class KeywordBaseline:
    """Codes a note: the highest-priority keyword found gives (event type, sub-event type)."""

    def __init__(self, keywords: tuple[Keyword, ...]) -> None:
        self.keywords = keywords

    @classmethod
    def load(cls, path: Path | None = None) -> KeywordBaseline:
        if path is None:
            text = resources.files("eventdesk").joinpath("lexicon", FILE).read_text("utf-8")
            return cls(parse(text, f"eventdesk/lexicon/{FILE}"))
        return cls(parse(path.read_text(encoding="utf-8"), str(path)))

    def code(self, note: str) -> tuple[str, str] | None:
        """(event type, sub-event type) of ``note``, or None when no keyword is found."""
        text = note.lower()
        best: tuple[int, int, int] | None = None  # (-priority, position, line order)
        choice: Keyword | None = None
        for order, kw in enumerate(self.keywords):
            m = kw.pattern.search(text)
            if m is None:
                continue
            rank = (-kw.priority, m.start(), order)
            if best is None or rank < best:
                best, choice = rank, kw
        return (choice.event_type, choice.sub_event_type) if choice else None


@lru_cache(maxsize=1)
def packaged() -> KeywordBaseline:
    """The packaged baseline, loaded once."""
    return KeywordBaseline.load()
