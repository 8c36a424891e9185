"""Reader for PETRARCH/TABARI verb dictionaries: verbs and their phrase patterns -> CAMEO codes.

Format (the parts used here)::

    --- RESTORE  [064]  ---          a verb block: the verb and its default code
    RESTORE                          the verb itself (other forms are found by lemma)
    - * TIES  [064]                  a pattern: words after the verb, and the code they give
    - NOT * RELATIONS  [112]         words before the verb (not used here)
    - * FULL DIPLOMATIC [+++]        a non-numeric code: no event

Synonym sets (``&NAME``) and patterns that use them are skipped; ``_`` joins words of one
phrase. Codes keep their CAMEO root (first two digits); codes outside roots 01-20 mean "no
event" here. Each verb becomes a trigger entry that user dictionaries add to the lexicon.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..errors import LexiconError
from ..extract.lexicon import TriggerEntry

log = logging.getLogger(__name__)
_HEADER = re.compile(r"^---\s+(.+?)\s+\[([^\]]*)\]\s*---")
_PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]*)\]")
NO_EVENT = ""


def code_root(code: str) -> str:
    """'064' -> '06', '102b' -> '10', '032:032' -> '03'; '' for codes that are not events."""
    digits = re.match(r"\d{2,4}", code.split(":")[0].strip())
    if digits is None:
        return NO_EVENT
    root = digits.group(0)[:2]
    return root if 1 <= int(root) <= 20 else NO_EVENT


def read_verbs(path: Path, plover_for_root: dict[str, str]) -> list[TriggerEntry]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read verb dictionary ({exc})") from exc
    out: list[TriggerEntry] = []
    verb: str | None = None
    code = NO_EVENT
    patterns: list[tuple[tuple[str, ...], str]] = []

    def finish() -> None:
        if verb and code and " " not in verb:
            out.append(
                TriggerEntry(
                    trigger=verb.lower(),
                    pos="VERB",
                    plover=plover_for_root.get(code, "CONSULT"),
                    mode=None,
                    acled_event_type=None,
                    acled_sub_event_type=None,
                    cameo=code,
                    cues=frozenset(),
                    priority=8,
                    patterns=tuple(sorted(patterns, key=lambda p: -len(p[0]))),
                )
            )

    for n, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].rstrip()
        header = _HEADER.match(line)
        if header:
            finish()
            verb, code, patterns = (
                header.group(1).strip().split()[0],
                code_root(header.group(2)),
                [],
            )
            continue
        if verb is None or not line.strip():
            continue
        pat = _PATTERN.match(line)
        if pat:
            words = pat.group(1).split()
            if "*" not in words:  # "IN_*" and other compound forms: not used here
                log.debug("%s:%d: pattern skipped: %s", path, n, raw)
                continue
            star = words.index("*")
            after = [w for part in words[star + 1 :] for w in part.split("_") if w]
            if star == 0 and after and all(re.fullmatch(r"[A-Za-z'-]+", w) for w in after):
                patterns.append((tuple(w.lower() for w in after), code_root(pat.group(2))))
    finish()
    return out
