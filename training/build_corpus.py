"""Write training/corpus.jsonl: our labelled texts, from the hand-written frames and slot lists.

    python training/build_corpus.py            # write training/corpus.jsonl
    python training/build_corpus.py --check    # exit 1 if the committed file differs
    python training/build_corpus.py --counts   # print label counts (markdown, for README.md)

Each frame in ``training/frames/*.txt`` is one hand-written sentence, headline, paragraph or
note with slots (``{TOWN}``, ``{ARMY}``, ...). Every frame is filled a few times with a seeded
random generator from ``slots.py`` (countries with their armed forces, groups, towns, parties,
unions; shared pools of victims, sources, grievances, numbers and dates), so the output is the
same on every run. Frames of rare ACLED sub-types are filled more often so that each sub-type
has about the same number of rows. Identical texts are written once.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import slots  # noqa: E402

from eventdesk.arbiter.labels import (  # noqa: E402
    NONE,
    SUB_LABELS,
    event_type_of,
)
from eventdesk.records import PLOVER_TYPES  # noqa: E402

SEED = 20240521
OUT = HERE / "corpus.jsonl"
FRAMES = HERE / "frames"
ROWS_PER_SUB_TYPE = 210  # target rows for each ACLED sub-type (frames are filled that often)
FILLS_NO_EVENT = 3  # fills of each frame with neither an ACLED sub-type nor a PLOVER type
FILLS_PLOVER_ONLY = 5  # fills of each frame with a PLOVER type that ACLED does not code
STYLES = {"note", "news", "head", "wire", "brief", "ngo", "social"}
INTERSTATE = {"UKR", "RUS", "ARM", "AZE", "KGZ", "TJK", "PNG"}
SLOT = re.compile(r"\{([A-Z0-9]+)\}")
COUNTRY_SLOTS = {
    "TOWN",
    "TOWN2",
    "REGION",
    "CAPITAL",
    "COUNTRY",
    "DEM",
    "ARMY",
    "POLICE",
    "REBEL",
    "MILITIA",
    "PARTY",
    "UNION",
    "PERSON",
}


@dataclass(frozen=True)
class Frame:
    fid: str
    style: str
    text: str
    sub: str | None
    plover: str | None
    mode: str | None
    neg: str | None
    pool: str


def parse_frames(folder: Path = FRAMES) -> list[Frame]:
    """Every frame of every file, in file and line order; a malformed line stops the build."""
    frames: list[Frame] = []
    for path in sorted(folder.glob("*.txt")):
        header: dict[str, str] | None = None
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            where = f"{path.name}:{lineno}"
            if not line or line.startswith("#"):
                continue
            if line.startswith("@"):
                header = dict(
                    (p.split("=", 1)[0].strip(), p.split("=", 1)[1].strip())
                    for p in line[1:].split(";")
                )
                _check_header(header, where)
                continue
            style, sep, text = line.partition(">")
            if not sep or style not in STYLES or header is None:
                raise SystemExit(f"{where}: expected 'style> text' after a '@' header")
            sub = header["sub"]
            plover = header["plover"]
            frames.append(
                Frame(
                    fid=f"{path.stem}:{lineno}",
                    style=style,
                    text=text.strip(),
                    sub=None if sub == NONE else sub,
                    plover=None if plover == NONE else plover,
                    mode=header.get("mode"),
                    neg=header.get("neg"),
                    pool=header.get("pool", "all"),
                )
            )
    return frames


def _check_header(header: dict[str, str], where: str) -> None:
    if header.get("sub") not in SUB_LABELS:
        raise SystemExit(f"{where}: unknown sub-type {header.get('sub')!r}")
    if header.get("plover") not in (*PLOVER_TYPES, NONE):
        raise SystemExit(f"{where}: unknown PLOVER type {header.get('plover')!r}")
    if header.get("pool", "all") not in {"all", "conflict", "insurgency"}:
        raise SystemExit(f"{where}: unknown pool {header.get('pool')!r}")


def _pools() -> dict[str, list[dict[str, Any]]]:
    every = list(slots.COUNTRIES)
    conflict = [c for c in every if c["conflict"]]
    insurgency = [c for c in conflict if c["iso"] not in INTERSTATE and c["rebels"]]
    return {"all": every, "conflict": conflict, "insurgency": insurgency}


class Filler:
    """Fills one frame's slots for one country with a shared seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, items: list[str]) -> str:
        return items[self.rng.randrange(len(items))]

    def number(self, low: int, high: int) -> str:
        return str(self.rng.randint(low, high))

    def small(self, style: str) -> str:
        n = self.rng.randint(2, 9)
        if style != "note" and self.rng.random() < 0.5:
            return slots.NUMBER_WORDS[n - 2]
        return str(n)

    def date(self) -> str:
        month = self.pick(slots.MONTHS)
        return f"{self.rng.randint(1, 28)} {month} {self.rng.randint(2019, 2025)}"

    def fill(self, frame: Frame, country: dict[str, Any]) -> str:
        towns = self.rng.sample(country["towns"], 2)
        day = self.pick(slots.DAYS)
        others = [s for s in slots.OTHER_STATES if country["name"] not in s]
        first, last = slots.PEOPLE[country["cont"]]
        values = {
            "TOWN": towns[0],
            "TOWN2": towns[1],
            "REGION": self.pick(country["regions"]),
            "CAPITAL": country["capital"],
            "COUNTRY": country["name"],
            "DEM": country["dem"],
            "OTHER": self.pick(others),
            "IGO": self.pick(slots.IGOS + slots.IGOS_BY_CONTINENT[country["cont"]]),
            "NGO": self.pick(slots.NGOS),
            "ARMY": self.pick(country["army"]),
            "POLICE": self.pick(country["police"]),
            "REBEL": self.pick(country["rebels"] or slots.GENERIC["rebels"]),
            "MILITIA": self.pick(country["militia"] or slots.GENERIC["militia"]),
            "PARTY": self.pick(country["parties"]),
            "UNION": self.pick(country["unions"]),
            "PROT": self.pick(slots.PROTESTERS),
            "GRIEV": self.pick(slots.GRIEVANCES),
            "CIV": self.pick(slots.CIVILIAN),
            "CIVS": self.pick(slots.CIVILIANS),
            "TARGET": self.pick(slots.TARGETS),
            "PERSON": f"{self.pick(first)} {self.pick(last)}",
            "SRC": self.pick(slots.SOURCES),
            "SIZE": self.pick(slots.SIZES),
            "WEAPONS": self.pick(slots.WEAPONS_SEIZED),
            "DATE": self.date(),
            "DAY": day,
            "WHEN": self.pick(slots.WHEN).replace("{D}", day),
            "MONTH": self.pick(slots.MONTHS),
            "N": self.small(frame.style),
            "NW": self.pick(slots.NUMBER_WORDS[:6]),
            "NUM": self.number(10, 95),
            "BIG": f"{self.rng.choice([1, 2, 3, 5, 8, 12, 15, 20, 40, 60, 150, 300]) * 1000:,}",
        }

        def sub(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in values:
                raise SystemExit(f"{frame.fid}: unknown slot {{{name}}}")
            return values[name]

        return tidy(SLOT.sub(sub, frame.text))


def tidy(text: str) -> str:
    """Spaces collapsed, sentence starts capitalised, an empty trailing slot dropped."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(^|[.!?]\s+|\s-\s)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text


def _fills(frames: list[Frame]) -> dict[str, int]:
    """How many times to fill each frame: rare sub-types more often, none frames a fixed few."""
    per_sub = Counter(f.sub for f in frames if f.sub is not None)
    out: dict[str, int] = {}
    for f in frames:
        if f.sub is None:
            out[f.fid] = FILLS_NO_EVENT if f.plover is None else FILLS_PLOVER_ONLY
        else:
            out[f.fid] = max(3, math.ceil(ROWS_PER_SUB_TYPE / per_sub[f.sub]))
    return out


def build(seed: int = SEED) -> list[dict[str, Any]]:
    """The corpus rows, in frame order (deterministic for a seed)."""
    rng = random.Random(seed)
    filler = Filler(rng)
    pools = _pools()
    with_rebels = [c for c in pools["all"] if c["rebels"]]
    frames = parse_frames()
    fills = _fills(frames)
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    for frame in frames:
        used = set(SLOT.findall(frame.text))
        pool = pools[frame.pool]
        if "REBEL" in used:
            pool = [c for c in pool if c in with_rebels]
        made = 0
        for _ in range(fills[frame.fid] * 4):  # a few spare tries for duplicate texts
            if made == fills[frame.fid]:
                break
            country = pool[rng.randrange(len(pool))]
            text = filler.fill(frame, country)
            if text in seen:
                continue
            seen.add(text)
            made += 1
            rows.append(
                {
                    "id": f"{frame.fid}:{made}",
                    "text": text,
                    "style": frame.style,
                    "country": country["iso"] if used & COUNTRY_SLOTS else None,
                    "plover_type": frame.plover,
                    "plover_mode": frame.mode,
                    "acled_event_type": event_type_of(frame.sub),
                    "acled_sub_event_type": frame.sub,
                    "negative_kind": frame.neg,
                    "frame": frame.fid,
                }
            )
    return rows


def dumps(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def counts(rows: list[dict[str, Any]]) -> str:
    """Markdown tables of the label counts (what README.md shows)."""
    frames = {r["frame"] for r in rows}
    conts = {c["iso"]: c["cont"] for c in slots.COUNTRIES}
    countries = Counter(r["country"] for r in rows if r["country"])
    lines = [
        f"rows: {len(rows)}  frames: {len(frames)}  countries: {len(countries)}  "
        f"continents: {len({conts[c] for c in countries})}",
        "",
    ]

    def table(title: str, counter: Counter[str], order: list[str] | None = None) -> None:
        lines.extend([f"| {title} | rows | frames |", "|---|---:|---:|"])
        frame_counts: Counter[str] = Counter()
        for key, fids in by_frames(title).items():
            frame_counts[key] = len(fids)
        for key in order or sorted(counter, key=lambda k: (-counter[k], k)):
            lines.append(f"| {key} | {counter[key]} | {frame_counts[key]} |")
        lines.append("")

    def key_of(title: str, r: dict[str, Any]) -> str:
        field = {
            "ACLED sub-event type": "acled_sub_event_type",
            "ACLED event type": "acled_event_type",
            "PLOVER type": "plover_type",
            "negative kind": "negative_kind",
            "style": "style",
            "continent": "country",
        }[title]
        value = r[field]
        if title == "continent":
            return conts[value] if value else "(no country named)"
        return value or "(none)"

    def by_frames(title: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for r in rows:
            out.setdefault(key_of(title, r), set()).add(r["frame"])
        return out

    for title in ("ACLED event type", "ACLED sub-event type", "PLOVER type"):
        table(title, Counter(key_of(title, r) for r in rows))
    negs = Counter(key_of("negative kind", r) for r in rows if r["negative_kind"])
    table("negative kind", negs)
    table("style", Counter(key_of("style", r) for r in rows))
    table("continent", Counter(key_of("continent", r) for r in rows))
    lines.append("countries: " + ", ".join(f"{c} {n}" for c, n in sorted(countries.items())))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    parser.add_argument("--counts", action="store_true", help="print label counts (markdown)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rows = build()
    text = dumps(rows)
    if args.counts:
        print(counts(rows))
        return 0
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'DIFFERS from build_corpus.py output'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
