"""Normalisation of place names for gazetteer keys and queries.

Two keys are used:

* ``name_key`` — a conservative key: diacritics removed, case folded, apostrophes and
  ayn/hamza marks dropped, punctuation turned into spaces, ``St.``/``Mt.``/``Ft.`` expanded.
  ``"São Paulo"`` and ``"Sao Paulo"`` share it; ``"El Paso"`` and ``"Paso"`` do not.
* ``loose_key`` — a transliteration-tolerant key on top of ``name_key``: Arabic articles
  (``al-``, ``el-``, ``ad-``, ``as-``, ``ash-``, ...) dropped, doubled letters collapsed,
  ``-iyah``/``-iya``/``-iyeh``/``-iyya`` unified, a final ``-y`` after a consonant read as
  ``-i``, spaces removed. ``"Al-Raqqah"``, ``"Raqqa"`` and ``"ar-Raqqa"`` share it;
  ``"Tillabery"`` and ``"Tillaberi"`` too. The gazetteer first looks names up by ``name_key``
  and only then by ``loose_key``; a rapidfuzz fallback (``fuzzy_best``) handles remaining near
  misses.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

_MARKS = "ʿʾʼʻ’‘`´'ˈ"
_MARK_RE = re.compile(f"[{_MARKS}]")
_NON_WORD_RE = re.compile(r"[^0-9a-z]+")
_ABBREV = {
    "st": "saint",
    "ste": "sainte",
    "mt": "mount",
    "ft": "fort",
    "pt": "port",
}
_ARTICLES = frozenset(
    {"al", "el", "ad", "as", "ash", "ar", "an", "at", "az", "adh", "ath", "il", "ul"}
)
# the Arabic article as transliterations join it to a name ("al-", "ad-Dhahiriya", "ez-Zor")
ARTICLE_WORDS = _ARTICLES | {"ez", "es", "er", "ed", "en", "et"}
_ARTICLE_PREFIX_RE = re.compile(
    r"^(?:al|el|ad|as|ash|ar|an|at|az|adh|ath|ez|es|er|ed|en|et|ul|il)-(?=\w{3})"
)
_DOUBLE_RE = re.compile(r"([a-z])\1+")
_IYAH_RE = re.compile(r"(?:iyyah|iyyeh|iyya|iyah|iyeh|iya|ieh|iye)$")
_AH_RE = re.compile(r"(?<=[a-z]{3})(?:ah|eh)$")
_FINAL_Y_RE = re.compile(r"(?<=[a-z]{4}[^aeiouy])y$")  # a consonant's final y, long names

# Words naming the kind of place; stripped from the end of a name for the admin key and
# used by the resolver as feature cues.
FEATURE_WORDS: dict[str, str] = {
    "governorate": "admin1",
    "province": "admin1",
    "state": "admin1",
    "region": "admin1",
    "oblast": "admin1",
    "prefecture": "admin1",
    "department": "admin1",
    "county": "admin2",
    "parish": "admin2",
    "borough": "admin2",
    "district": "admin2",
    "municipality": "city",
    "city": "city",
    "town": "city",
    "village": "city",
    "township": "city",
}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=65_536)
def name_key(text: str) -> str:
    """Conservative lookup key: lower-case ASCII words separated by single spaces (cached:
    the same names are keyed again and again, per candidate and per mention)."""
    s = _MARK_RE.sub("", strip_accents(text)).lower()
    s = s.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("ı", "i")
    s = s.replace("đ", "d").replace("ł", "l").replace("œ", "oe")
    words = _NON_WORD_RE.sub(" ", s).split()
    return " ".join(_ABBREV.get(w, w) for w in words)


def cyrillic_key(text: str) -> str:
    """Key that folds the common ways of writing one Ukrainian or Russian name in Latin
    letters: y/i/j ("Dolomytne", "Dolomitne"), the Russian ending -oye/-oe for the
    Ukrainian -e ("Slavnoye", "Slavne"), -ovo for -ove ("Kalinovo", "Kalynove"), "yo"/"o"
    after a consonant ("Verkhnyo-", "Verkhno-"), spaces and hyphens."""
    k = name_key(text).replace(" ", "")
    k = re.sub(r"[yj]", "i", k)
    k = re.sub(r"i+", "i", k)
    k = re.sub(r"(?<=[^aeiou])io", "o", k)
    k = re.sub(r"(?:oie|oe)$", "e", k)
    return re.sub(r"ovo$", "ove", k)


def is_latin_key(key: str) -> bool:
    """True when ``key`` still carries letters (non-Latin scripts normalise to nothing)."""
    return any("a" <= ch <= "z" for ch in key)


def loose_key(text: str) -> str:
    """Transliteration-tolerant key (see module docstring)."""
    raw = _MARK_RE.sub("", strip_accents(text)).lower()
    raw = " ".join(_ARTICLE_PREFIX_RE.sub("", w) for w in raw.split())
    words = name_key(raw).split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    out: list[str] = []
    for w in words:
        if w in _ARTICLES and out:
            continue
        w = _DOUBLE_RE.sub(r"\1", w)
        w = _IYAH_RE.sub("iya", w)
        w = _AH_RE.sub("a", w)
        w = w.replace("ou", "u").replace("ee", "i").replace("q", "k")
        w = _FINAL_Y_RE.sub("i", w)  # "Tillabery", "Tillaberi"
        out.append(w)
    return "".join(out)


def strip_feature_word(key: str) -> tuple[str, str | None]:
    """``"idlib governorate"`` -> ``("idlib", "admin1")``; names without one are returned as is."""
    words = key.split()
    if len(words) > 1 and words[-1] in FEATURE_WORDS:
        return " ".join(words[:-1]), FEATURE_WORDS[words[-1]]
    if len(words) > 2 and words[0] in FEATURE_WORDS and words[1] == "of":
        return " ".join(words[2:]), FEATURE_WORDS[words[0]]
    return key, None


def fuzzy_best(query: str, choices: Iterable[str], cutoff: float = 88.0) -> str | None:
    """Best near-miss among ``choices`` by rapidfuzz ratio, or None below ``cutoff``."""
    from rapidfuzz import fuzz, process

    pool = choices if isinstance(choices, list | tuple) else list(choices)
    found = process.extractOne(query, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
    if found is None:
        return None
    return str(found[0])
