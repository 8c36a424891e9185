"""Reader for PETRARCH/TABARI verb dictionaries: verbs and their phrase patterns -> CAMEO codes.

Format (the parts used here)::

    &TIETYPES                        a synonym set: its members follow on "+" lines; a member
    +MILITARY                        may be a phrase ("+ECONOMIC SANCTIONS") or another set
    +ECONOMIC                        ("+&CURRENCY")

    --- RESTORE  [064]  ---          a verb block: its name and the default code of its verbs
    RESTORE                          a verb of the block (other forms are found by lemma)
    BREAK {BROKE BROKEN}             irregular forms, listed (regular ones are generated)
    DOWNPLAY [014]                   a verb with its own default code
    CORDON_OFF {+CORDONED_OFF}       a phrasal verb ("+" marks the inflected word)
    - * TIES  [064]                  a pattern: words after the verb, and the code they give
    - * &TIETYPES TIES  [064]        ... a synonym set stands for any of its members
    - + * IN $  [075]                ... source ($), target (+), compound (%) and skip (^)
                                     markers match noun phrases: they are not words
    - NOT * RELATIONS  [112]         words before the verb, in order in its sentence
    - % HAVE *  [191]                ... '%' before the verb: a compound subject
    --- MET  [031:032] ---           a paired code: the second codes source and target
                                     swapped
    - * NOTHING  [---]               "---": this phrase is not an event
    - * FXLL DIPLOMATIC [+++]        other codes without digits: the pattern is not used

A block whose default code is not an event (``[---]``) codes its verbs only through a pattern:
its entries end with an empty pattern that gives "no event". ``_`` joins words of one phrase.
Codes keep their CAMEO root (first two digits); codes outside roots 01-20 mean "no event" here.
Each verb (and each written form) becomes a trigger entry that user dictionaries add to the
lexicon.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..entries import COMPOUND, DICTIONARY_CUE, JOIN, VERB, TriggerEntry
from ..errors import LexiconError

log = logging.getLogger(__name__)
_HEADER = re.compile(r"^---\s+(.+?)\s+\[([^\]]*)\]")
_PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]*)\]")
_VERB = re.compile(r"^([^\[{#]+?)\s*(?:\{([^}]*)\})?\s*(?:\[([^\]]*)\])?\s*$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'.-]*")
MARKERS = {"$", "+", "%", "^"}
NO_EVENT = ""
MAX_EXPANSIONS = 64  # patterns one line may expand to through synonym sets


def code_root(code: str) -> str:
    """'064' -> '06', '102b' -> '10', '032:032' -> '03'; '' for codes that are not events,
    among them codes marked undecided ('025?'), which PETRARCH does not code."""
    if "?" in code.split(":")[0]:
        return NO_EVENT
    digits = re.match(r"\d{2,4}", code.split(":")[0].strip())
    if digits is None:
        return NO_EVENT
    root = digits.group(0)[:2]
    return root if 1 <= int(root) <= 20 else NO_EVENT


def paired_code(code: str) -> str:
    """A code as patterns carry it: its root, and for a paired code ('032:033', a second
    coding with source and target swapped) both roots: '03:03'. '' for no event."""
    root = code_root(code)
    _, sep, second = code.partition(":")
    if not root or not sep:
        return root
    other = code_root(second)
    return f"{root}:{other}" if other else root


def verb_forms(verb: str) -> list[str]:
    """Regular forms of a verb as PETRARCH generates them: -S, -ED, -ING (restore ->
    restores, restored, restoring; deny -> denies, denied, denying)."""
    v = verb.lower()
    if v.endswith("e"):
        return [v + "s", v + "d", v[:-1] + "ing"]
    if v.endswith("y") and len(v) > 1 and v[-2] not in "aeiou":
        return [v[:-1] + "ies", v[:-1] + "ied", v + "ing"]
    if v.endswith(("s", "x", "z", "ch", "sh")):
        return [v + "es", v + "ed", v + "ing"]
    return [v + "s", v + "ed", v + "ing"]


def _phrasal(text: str) -> tuple[list[str], int]:
    """'WIRE_+TAP' -> (['wire', 'tap'], 1): the words and the index of the inflected one
    ('+' marks it; else the first word)."""
    words = [w for w in re.split(r"[_\s]+", text.strip()) if w]
    head = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    return [w.lstrip("+").lower() for w in words], head


@dataclass
class _Block:
    code: str  # root, or paired roots ("03:03")
    verbs: list[tuple[str, str | None]] = field(default_factory=list)  # (phrase, own code)
    patterns: list[tuple[tuple[str, ...], str]] = field(default_factory=list)


def _read_sets(lines: list[str]) -> dict[str, list[str]]:
    """Synonym sets: name (upper case, without '&') -> raw member phrases."""
    sets: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        s = line.strip()
        if s.startswith("&"):
            current = s[1:].split()[0].rstrip("_").upper() if len(s) > 1 else None
            if current:
                sets.setdefault(current, [])
        elif current is not None and s.startswith("+"):
            sets[current].append(s[1:].strip())
        elif s:
            current = None
    return sets


def _set_members(
    name: str, sets: dict[str, list[str]], seen: frozenset[str] = frozenset()
) -> list[tuple[str, ...]]:
    """The word sequences a synonym set stands for (nested sets expanded)."""
    out: list[tuple[str, ...]] = []
    if name in seen:
        return out
    for member in sets.get(name, []):
        for seq in _expand(member, sets, seen | {name}):
            out.append(seq)
    return out


def _expand(
    text: str,
    sets: dict[str, list[str]],
    seen: frozenset[str] = frozenset(),
    joins: bool = False,
) -> list[tuple[str, ...]]:
    """Word sequences of a pattern fragment: '_' and spaces separate words, markers drop out,
    '&SET' expands to each member of the set. With ``joins`` a '_' stays in the sequence
    (as ``JOIN``): the words it joins are next to each other in the sentence."""
    options: list[list[tuple[str, ...]]] = []
    for part in re.split(r"(_)|\s+", text) if joins else re.split(r"[_\s]+", text):
        if not part or part in MARKERS:
            continue
        if part == "_":
            options.append([(JOIN,)])
            continue
        if part.startswith("&"):
            members = _set_members(part[1:].upper(), sets, seen)
            if not members:
                return []
            options.append(members)
        elif _WORD.fullmatch(part):
            options.append([(part.lower(),)])
        else:
            return []  # a word this reader does not understand: the pattern is not used
    out: list[tuple[str, ...]] = []
    for combo in itertools.product(*options):
        out.append(tuple(w for seq in combo for w in seq))
        if len(out) >= MAX_EXPANSIONS:
            break
    return out


def _split_pattern(words: str) -> tuple[str, str] | None:
    """A pattern's text before and after '*' (the verb); None when it has no verb or has
    words with source or target markers before the verb (not used here)."""
    i = words.find("*")
    if i < 0:
        return None
    before = [w for w in re.split(r"[_\s]+", words[:i]) if w]
    plain = [w for w in before if w not in MARKERS]
    if plain and any(w in MARKERS - {COMPOUND} for w in before):
        return None
    text = re.sub(r"\s+_|_\s+", "_", words[:i]).strip()  # 'IN_ *' is 'IN_*'
    kept = [w for w in text.split() if w not in MARKERS or w == COMPOUND]
    return " ".join(kept), words[i + 1 :]


def _pattern_words(before: str, after: str, sets: dict[str, list[str]]) -> list[tuple[str, ...]]:
    """Encoded patterns (see :mod:`eventdesk.extract.cameo_patterns`): the after-verb words
    alone, or the before-verb words (with '%' for a compound subject), '*', the after-verb
    words."""
    compound = COMPOUND in before.split()
    before = " ".join(w for w in before.split() if w != COMPOUND)
    afters = _expand(after, sets) if after.strip() else [()]
    if not before and not compound:
        return [w for w in afters if w]
    befores = _expand(before, sets, joins=True) if before else [()]
    head = (COMPOUND,) if compound else ()
    return [(*head, *b, VERB, *a) for b in befores for a in afters][:MAX_EXPANSIONS]


def read_verbs(path: Path, plover_for_root: dict[str, str]) -> list[TriggerEntry]:
    """Trigger entries (one per verb and written form) of one verb dictionary; lines this
    reader does not understand are skipped (logged at debug level)."""
    try:
        lines = [
            raw.split("#", 1)[0].rstrip()
            for raw in path.read_text(encoding="utf-8", errors="replace").splitlines()
        ]
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read verb dictionary ({exc})") from exc
    lines = _without_comment_blocks(lines)
    sets = _read_sets(lines)
    blocks: list[_Block] = []
    block: _Block | None = None
    in_set = False
    for n, line in enumerate(lines, start=1):
        s = line.strip()
        if not s:
            in_set = False
            continue
        header = _HEADER.match(s)
        if header:
            block, in_set = _Block(paired_code(header.group(2))), False
            blocks.append(block)
            continue
        if s.startswith("&"):
            in_set = True
            continue
        if in_set and s.startswith("+"):
            continue
        if block is None:
            continue
        pat = _PATTERN.match(s)
        if pat:
            split = _split_pattern(pat.group(1))
            if split is None:
                log.debug("%s:%d: pattern not used: %s", path, n, s)
                continue
            raw_code = pat.group(2).strip()
            if not re.match(r"\d", raw_code) and raw_code != "---":
                log.debug("%s:%d: pattern without an event code not used: %s", path, n, s)
                continue
            code = paired_code(raw_code)
            for words in _pattern_words(*split, sets):
                block.patterns.append((words, code))
            continue
        if s.startswith("-"):
            continue
        m = _VERB.match(s)
        if m is None:
            log.debug("%s:%d: line not understood: %s", path, n, s)
            continue
        own = paired_code(m.group(3)) if m.group(3) is not None else None
        phrase = m.group(1).strip().lstrip("+")
        forms = [f for f in re.split(r"[\s,]+", m.group(2) or "") if f]
        for text in [phrase, *forms]:
            block.verbs.append((text, own))
        if not forms:
            parts, head = _phrasal(phrase)
            if parts and _WORD.fullmatch(parts[head]):
                for form in verb_forms(parts[head]):
                    block.verbs.append(("_".join([*parts[:head], form, *parts[head + 1 :]]), own))
    out: dict[str, TriggerEntry] = {}
    for b in blocks:
        for text, own in b.verbs:
            parts, _ = _phrasal(text)
            if not parts or not all(_WORD.fullmatch(w) for w in parts):
                continue
            code = b.code if own is None else own
            patterns = sorted(dict.fromkeys(b.patterns), key=_specificity)
            if not code:
                if not any(c for _, c in patterns):
                    continue  # never an event
                patterns.append(((), NO_EVENT))  # no pattern matched: no event
            elif ":" in code:
                patterns.append(((), code))  # no pattern matched: the verb's paired code
            trigger = " ".join(parts)
            out[trigger] = TriggerEntry(
                trigger=trigger,
                pos="VERB",
                plover=plover_for_root.get(code.split(":")[0], "CONSULT"),
                mode=None,
                acled_event_type=None,
                acled_sub_event_type=None,
                cameo=code.split(":")[0] or "01",  # never used: the final empty pattern decides
                cues=frozenset({DICTIONARY_CUE}),
                priority=8,
                patterns=tuple(patterns),
            )
    return list(out.values())


def _without_comment_blocks(lines: list[str]) -> list[str]:
    """Lines with ``<!-- ... -->`` blocks blanked (line numbers kept)."""
    out: list[str] = []
    inside = False
    for line in lines:
        if inside:
            out.append("")
            inside = "-->" not in line
            continue
        if line.lstrip().startswith("<!"):
            inside = "-->" not in line
            out.append("")
            continue
        out.append(line)
    return out


def _specificity(pattern: tuple[tuple[str, ...], str]) -> int:
    """Sort key putting patterns with more words first (the verb and '_' marks are not
    words; '%' is)."""
    return -sum(w not in {VERB, JOIN} for w in pattern[0])
