"""Reading counts the way ACLED codes them: conservative, low end of ranges, vague words fixed.

``parse_count`` takes the words of a quantity phrase ("more than 5,000", "dozens", "twenty-one",
"a", "1.2 million") and returns an int or None.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "lone": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "couple": 2,
    "pair": 2,
    "both": 2,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
# ACLED's conservative reading of vague quantities.
VAGUE = {
    "dozen": 12,
    "dozens": 12,
    "score": 20,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "tens": 10,
    "millions": 1_000_000,
}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_RANGE = re.compile(r"^(\d[\d,]*)\s*(?:-|–|to)\s*\d[\d,]*$")


def _word_value(word: str) -> float | None:
    w = word.lower().strip()
    if _DIGITS.match(w):
        return float(w.replace(",", ""))
    m = _RANGE.match(w)
    if m:
        return float(m.group(1).replace(",", ""))
    if w in UNITS:
        return UNITS[w]
    if w in TENS:
        return TENS[w]
    if "-" in w:
        a, _, b = w.partition("-")
        if a in TENS and b in UNITS:
            return TENS[a] + UNITS[b]
    return None


def parse_count(words: list[str]) -> int | None:
    """The conservative integer a quantity phrase denotes, or None if it names no number.

    Ranges ("20 to 30", "20-30", "between 20 and 30") take their low end; modifiers such as
    "at least", "more than", "nearly", "about" are ignored (the stated number is kept).
    """
    total = 0.0
    current: float | None = None
    seen = False
    for raw in words:
        w = raw.lower().strip(" ,")
        if not w:
            continue
        if w in {"and", "or", "to", "-", "–"} and seen and current is not None:
            # "between 20 and 30", "20 to 30": the low end is what we have so far
            if w != "and" or not _is_compound_and(words):
                break
            continue
        if w in VAGUE:
            if current is None:
                current = float(VAGUE[w])
            else:
                current *= VAGUE[w] if w == "dozen" else 1
            seen = True
            continue
        if w in SCALES:
            current = (current if current is not None else 1.0) * SCALES[w]
            if SCALES[w] >= 1000:
                total += current
                current = None
            seen = True
            continue
        value = _word_value(w)
        if value is None:
            continue
        if current is not None and value < 100 and current >= 100 and current % 100 == 0:
            current += value  # "two hundred five"
        elif current is not None and current >= 20 and current % 10 == 0 and value < 10:
            current += value  # "twenty five"
        elif current is None:
            current = value
        else:
            break
        seen = True
    if not seen:
        return None
    result = total + (current or 0.0)
    return int(result)


def _is_compound_and(words: list[str]) -> bool:
    """'two hundred and five' is one number; 'between 20 and 30' is a range."""
    lowered = [w.lower() for w in words]
    return "hundred" in lowered and "between" not in lowered
