"""Reads actor and agent dictionaries in the PETRARCH / TABARI text format.

A user who already has PETRARCH dictionaries (actors and agents) can code with eventdesk against
them: :func:`load_petrarch_dictionaries` turns a folder of such files into lexicon entries for
``Lexicon.extended(groups=, agents=, country_words=)``.

The format, as read here:

* ``#`` starts a comment (outside ``[...]``); ``<!-- ... -->`` (also ``<! -- ... -->``) comment
  blocks may span lines. Blank lines are ignored.
* Actors file (``*actors*.txt``): an entry is a phrase, words joined by ``_`` or spaces (a
  trailing ``_`` means "this exact word" and is dropped), followed by one or more code blocks
  ``[CODE]`` on the same or the following lines. Lines starting with ``+`` add synonyms to the
  current entry. A code block may carry a date restriction: ``[CODE <DATE]`` (before DATE),
  ``[CODE >DATE]`` (from DATE on), ``[CODE DATE-DATE]`` (both ends included); DATE is
  ``YYMMDD`` or ``YYYYMMDD``. The first restriction that holds wins, else the unrestricted code.
  ``CODE`` may list several actors (``FRO/BIL/SAM``): the phrase is coded as each of them
  (its group carries the joined code; the first names its country). Codes without a letter
  (``---``, ``+++``) mean "known phrase, no actor": such an entry gives no group. A phrase
  starting with ``THE`` also gets an alias without it (eventdesk drops leading determiners).
* Agents file (``*agents*.txt``): ``PHRASE {PLURALS} [~CODE]``; ``{}`` means "no plural", a
  missing ``{...}`` means the regular English plural; ``~CODE`` is a suffix to the actor's
  country (``NGO~`` a prefix, which eventdesk stores as the same sector code).
  ``!NAME! = A, B`` defines a substitution set used as ``CONGRESS!PERSON!``.

A malformed line raises :class:`~eventdesk.errors.LexiconError` naming ``file:line``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..entries import AgentEntry, GroupEntry
from ..errors import LexiconError

# first three letters of a code that name no state
NON_STATE = {
    "IGO": ("IGO", 8),
    "NGO": ("NGO", 8),
    "NGM": ("NGO", 8),
    "IMG": ("REB", 2),
    "MNC": ("BUS", 7),
    "UNO": ("IGO", 8),
    "IMF": ("IGO", 8),
    "IBR": ("IGO", 8),
    "EEC": ("IGO", 8),
}
# CAMEO sector -> ACLED inter (1 state forces, 2 rebels, 3 political militia, 7 civilians,
# 8 external/other); unknown sectors get 0
SECTOR_INTER = {
    "GOV": 1,
    "MIL": 1,
    "COP": 1,
    "SPY": 1,
    "JUD": 1,
    "LEG": 1,
    "REB": 2,
    "INS": 2,
    "UAF": 3,
    "CVL": 7,
    "CIV": 7,
    "OPP": 7,
    "EDU": 7,
    "MED": 7,
    "LAB": 7,
    "BUS": 7,
    "REL": 7,
    "HRI": 7,
    "REF": 7,
    "AGR": 7,
    "HLH": 7,
    "ELI": 7,
    "IGO": 8,
    "NGO": 8,
}
SECTOR_NAMES = {
    "GOV": "Government of {country}",
    "MIL": "Military Forces of {country}",
    "COP": "Police Forces of {country}",
    "REB": "Rebels ({country})",
    "OPP": "Opposition ({country})",
    "CVL": "Civilians ({country})",
    "CIV": "Civilians ({country})",
    "JUD": "Judiciary of {country}",
    "LEG": "Legislature of {country}",
    "MED": "Media ({country})",
    "LAB": "Labour Group ({country})",
    "EDU": "Students ({country})",
}

_CODE = re.compile(r"^[A-Za-z0-9#+\-/]+$")
_DATE = r"(\d{8}|\d{6})"
_RESTRICTION = re.compile(
    rf"^(?:<\s*(?P<before>{_DATE})|>\s*(?P<after>{_DATE})|(?P<lo>{_DATE})\s*-\s*(?P<hi>{_DATE}))$"
)
_SUBST = re.compile(r"^!([A-Za-z0-9_]+)!\s*=\s*(.+)$")


@dataclass(frozen=True, slots=True)
class CodeRule:
    """One ``[CODE ...]`` block: the code and the dates (inclusive) it holds for."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def restricted(self) -> bool:
        return self.start is not None or self.end is not None

    def holds(self, on: dt.date) -> bool:
        return (self.start is None or on >= self.start) and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class ActorDef:
    phrases: tuple[str, ...]  # the entry's phrase, then its synonyms; words joined by spaces
    rules: tuple[CodeRule, ...]
    where: str  # file:line of the entry

    def code_on(self, on: dt.date | None) -> str | None:
        """The code that holds on ``on`` (None: the unrestricted code, else the last one);
        None when it is a "no actor" code."""
        code: str | None = None
        if on is not None:
            code = next((r.code for r in self.rules if r.restricted and r.holds(on)), None)
        if code is None:
            plain = [r.code for r in self.rules if not r.restricted]
            code = plain[0] if plain else (self.rules[-1].code if on is None else None)
        if code is None:
            return None
        # "[ELR/GAL]": an actor that stands for several (each is coded, see
        # eventdesk.extract.cameo_patterns); the first names the entry's country
        codes = [c for c in code.upper().split("/") if any(x.isalpha() for x in c)]
        return "/".join(codes) if codes else None


@dataclass(frozen=True, slots=True)
class AgentDef:
    words: tuple[str, ...]  # singular and plural forms, lower case, words joined by spaces
    code: str  # without the ~
    prefix: bool  # NGO~ (goes before the country) rather than ~MIL
    where: str


@dataclass(frozen=True, slots=True)
class PetrarchDictionaries:
    actors: tuple[ActorDef, ...]
    agents: tuple[AgentDef, ...]

    @classmethod
    def read(cls, folder: Path) -> PetrarchDictionaries:
        folder = Path(folder)
        if not folder.is_dir():
            raise LexiconError(f"{folder}: PETRARCH dictionary folder does not exist")
        actor_files = sorted(p for p in folder.glob("*.txt") if "actor" in p.name.lower())
        agent_files = sorted(p for p in folder.glob("*.txt") if "agent" in p.name.lower())
        if not actor_files and not agent_files:
            raise LexiconError(
                f"{folder}: no PETRARCH dictionaries found (expected *actors*.txt and/or "
                "*agents*.txt files)"
            )
        actors = [a for p in actor_files for a in read_actors(p)]
        agents = [a for p in agent_files for a in read_agents(p)]
        return cls(tuple(actors), tuple(agents))

    def variant(self, on: dt.date | None) -> tuple[str | None, ...]:
        """The codes of the date-restricted actors on ``on``: equal variants give equal
        lexicon entries, so callers can share one lexicon between dates."""
        return tuple(a.code_on(on) for a in self.actors if any(r.restricted for r in a.rules))

    def entries(
        self, on: dt.date | None = None
    ) -> tuple[list[GroupEntry], list[AgentEntry], dict[str, str]]:
        groups: list[GroupEntry] = []
        country_words: dict[str, str] = {}
        for actor in self.actors:
            code = actor.code_on(on)
            if code is None:
                continue
            country, sector, inter = classify_code(code.split("/")[0])
            # eventdesk drops a leading "the" from noun phrases: "THE_SHIRE" is also "SHIRE"
            aliases = tuple(
                dict.fromkeys(
                    a
                    for p in actor.phrases
                    for a in (p, p[4:] if p.upper().startswith("THE ") else p)
                )
            )
            # an actor coded as several ("ELR/GAL") is a group with the joined code, which
            # the resolver finds first and event coding splits; its first code stays a group
            # of its own, as when only the first code was read
            for cameo in dict.fromkeys((code, code.split("/")[0])):
                groups.append(
                    GroupEntry(
                        aliases=aliases,
                        acled_name=actor.phrases[0].title(),
                        country=country,
                        sector=sector,
                        inter=inter,
                        cameo=cameo,
                    )
                )
            if country is not None and len(code) == 3:
                for phrase in aliases:  # a later entry wins, as for groups
                    country_words[phrase.lower()] = code
        agents: list[AgentEntry] = []
        for agent in self.agents:
            sector = agent.code[:3]
            template = SECTOR_NAMES.get(sector, "{country} " + agent.code)
            for word in agent.words:
                agents.append(
                    AgentEntry(
                        agent=word,
                        sector=sector,
                        inter=SECTOR_INTER.get(sector, 0),
                        acled_name=template,
                        cameo_sector=agent.code,
                    )
                )
        return groups, agents, country_words


def classify_code(code: str) -> tuple[str | None, str, int]:
    """(country, sector, ACLED inter) of an actor code: ``ARN`` -> (ARN, GOV, 1) (a state),
    ``GONMIL`` -> (GON, MIL, 1), ``IGOEEU`` -> (None, IGO, 8)."""
    head = code[:3]
    if head in NON_STATE:
        sector, inter = NON_STATE[head]
        return None, sector, inter
    if len(head) == 3 and head.isalpha():
        sector = code[3:6] or "GOV"
        return head, sector, SECTOR_INTER.get(sector, 0)
    return None, code[3:6] or code, 0


def load_petrarch_dictionaries(
    folder: Path, on: dt.date | None = None
) -> tuple[list[GroupEntry], list[AgentEntry], dict[str, str]]:
    """Groups, agents and country words from the PETRARCH dictionaries in ``folder``.

    ``on`` picks date-restricted codes; without it the unrestricted code (else the last listed)
    is used.
    """
    return PetrarchDictionaries.read(folder).entries(on)


# --- line reading --------------------------------------------------------------------------


def _lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) with comments removed and blank lines dropped."""
    try:
        raw = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read ({exc})") from exc
    out: list[tuple[int, str]] = []
    in_block = False
    for n, line in enumerate(raw, start=1):
        if in_block:
            if "-->" not in line:
                continue
            in_block = False
            line = line.split("-->", 1)[1]
        if line.lstrip().startswith("<!"):
            if "-->" not in line:
                in_block = True
            continue
        line = _strip_comment(line).strip()
        if line:
            out.append((n, line))
    if in_block:
        raise LexiconError(f"{path}: a '<!--' comment block is never closed with '-->'")
    return out


def _strip_comment(line: str) -> str:
    depth = 0
    for i, ch in enumerate(line):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch == "#" and depth == 0:
            return line[:i]
    return line


def _split(line: str, where: str) -> tuple[str, list[str]]:
    """'PHRASE {X} [A] [B]' -> ('PHRASE {X}', ['A', 'B'])."""
    i = line.find("[")
    head = line if i < 0 else line[:i]
    if "]" in head:
        raise LexiconError(f"{where}: ']' without '['")
    blocks: list[str] = []
    rest = "" if i < 0 else line[i:]
    while rest:
        if not rest.startswith("["):
            raise LexiconError(f"{where}: unexpected text {rest!r} after a [CODE] block")
        j = rest.find("]")
        if j < 0:
            raise LexiconError(f"{where}: '[' is never closed with ']'")
        blocks.append(rest[1:j].strip())
        rest = rest[j + 1 :].strip()
    return head.strip(), blocks


def _date(value: str, where: str) -> dt.date:
    try:
        if len(value) == 6:
            yy = int(value[:2])
            value = f"{1900 + yy if yy >= 30 else 2000 + yy}{value[2:]}"
        return dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError as exc:
        raise LexiconError(f"{where}: {value!r} is not a date (YYMMDD or YYYYMMDD)") from exc


def _rule(block: str, where: str) -> CodeRule:
    parts = block.split(None, 1)
    if not parts:
        raise LexiconError(f"{where}: empty [] code block")
    code, restriction = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if not _CODE.match(code) or code[0] in "<>" or code[0].isdigit():
        raise LexiconError(
            f"{where}: [{block}] does not start with an actor code (e.g. [GONMIL] or "
            "[GONMIL >20080120])"
        )
    if not restriction:
        return CodeRule(code)
    m = _RESTRICTION.match(restriction)
    if m is None:
        raise LexiconError(
            f"{where}: date restriction {restriction!r} is not '<DATE', '>DATE' or 'DATE-DATE'"
        )
    if m.group("before"):
        return CodeRule(code, end=_date(m.group("before"), where) - dt.timedelta(days=1))
    if m.group("after"):
        return CodeRule(code, start=_date(m.group("after"), where))
    lo, hi = _date(m.group("lo"), where), _date(m.group("hi"), where)
    if hi < lo:
        raise LexiconError(f"{where}: date range {restriction!r} ends before it starts")
    return CodeRule(code, start=lo, end=hi)


def _phrase(text: str, where: str) -> str:
    words = text.replace("_", " ").split()
    if not words:
        raise LexiconError(f"{where}: entry has no phrase")
    if any(c in text for c in "{}[]"):
        raise LexiconError(f"{where}: unexpected bracket in phrase {text!r}")
    return " ".join(words)


def read_actors(path: Path) -> list[ActorDef]:
    """Actor entries of one PETRARCH actors file (see the module docstring)."""
    out: list[ActorDef] = []
    phrases: list[str] = []
    rules: list[CodeRule] = []
    start = ""

    def finish() -> None:
        if not phrases:
            return
        if not rules:
            raise LexiconError(f"{start}: actor {phrases[0]!r} has no [CODE] block")
        out.append(ActorDef(tuple(phrases), tuple(rules), start))

    for n, line in _lines(path):
        where = f"{path}:{n}"
        head, blocks = _split(line, where)
        if line.startswith("+"):
            if not phrases:
                raise LexiconError(f"{where}: synonym {line!r} before any actor entry")
            phrases.append(_phrase(head[1:], where))
        elif line.startswith("["):
            if not phrases:
                raise LexiconError(f"{where}: code block {line!r} before any actor entry")
        else:
            finish()
            phrases, rules, start = [_phrase(head, where)], [], where
        rules.extend(_rule(b, where) for b in blocks)
    finish()
    return out


def _plural(phrase: str) -> str:
    """The regular plural of an agent phrase: its head word (before 'of') takes -s / -es /
    -ies; words already plural (-s, -men) stay."""
    words = phrase.split()
    i = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    last = words[i]
    if last.endswith(("s", "men")):
        return phrase
    if last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("x", "z", "ch", "sh")):
        last += "es"
    elif last.endswith("man"):
        last = last[:-3] + "men"
    else:
        last += "s"
    return " ".join([*words[:i], last, *words[i + 1 :]])


def _expand(phrase: str, subst: dict[str, list[str]], where: str) -> list[str]:
    m = re.search(r"!([A-Za-z0-9_]+)!", phrase)
    if m is None:
        return [phrase]
    if m.group(1).upper() not in subst:
        raise LexiconError(f"{where}: substitution !{m.group(1)}! is not defined above")
    out: list[str] = []
    for value in subst[m.group(1).upper()]:
        out.extend(_expand(phrase[: m.start()] + value + phrase[m.end() :], subst, where))
    return out


def read_agents(path: Path) -> list[AgentDef]:
    """Agent entries of one PETRARCH agents file (see the module docstring)."""
    out: list[AgentDef] = []
    subst: dict[str, list[str]] = {}
    pending: tuple[str, str] | None = None  # (head, where) of an entry awaiting its code

    def add(head: str, block: str, where: str) -> None:
        plurals: list[str] | None = None
        if "{" in head:
            m = re.fullmatch(r"([^{}]+)\{([^{}]*)\}\s*", head)
            if m is None:
                raise LexiconError(f"{where}: malformed plural block in {head!r}")
            head = m.group(1)
            plurals = [p for p in re.split(r"[,\s]+", m.group(2)) if p]
        code = block.replace(" ", "")
        if code.count("~") != 1 or not _CODE.match(code.replace("~", "")):
            raise LexiconError(
                f"{where}: agent code [{block}] must be '~CODE' (suffix) or 'CODE~' (prefix)"
            )
        prefix = not code.startswith("~")
        forms: list[str] = []
        for raw in _expand(head, subst, where):
            singular = _phrase(raw, where).lower()
            forms.append(singular)
            if plurals is None and _plural(singular) != singular:
                forms.append(_plural(singular))
        for raw in plurals or []:
            forms.extend(_phrase(p, where).lower() for p in _expand(raw, subst, where))
        words = tuple(dict.fromkeys(forms))
        out.append(AgentDef(words, code.replace("~", "").upper(), prefix, where))

    for n, line in _lines(path):
        where = f"{path}:{n}"
        m = _SUBST.match(line)
        if m is not None:
            subst[m.group(1).upper()] = [
                v.strip() for v in m.group(2).split(",") if v.strip()
            ] or []
            if not subst[m.group(1).upper()]:
                raise LexiconError(f"{where}: substitution !{m.group(1)}! lists no words")
            continue
        head, blocks = _split(line, where)
        if len(blocks) > 1:
            raise LexiconError(f"{where}: an agent takes one [CODE] block, found {len(blocks)}")
        if line.startswith("["):
            if pending is None:
                raise LexiconError(f"{where}: code block {line!r} before any agent entry")
            add(pending[0], blocks[0], pending[1])
            pending = None
            continue
        if pending is not None:
            raise LexiconError(f"{pending[1]}: agent {pending[0]!r} has no [CODE] block")
        if blocks:
            add(head, blocks[0], where)
        else:
            pending = (head, where)
    if pending is not None:
        raise LexiconError(f"{pending[1]}: agent {pending[0]!r} has no [CODE] block")
    return out
