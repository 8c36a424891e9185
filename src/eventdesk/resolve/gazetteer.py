"""An offline gazetteer: one SQLite index built once from pip-installed packages.

:class:`Gazetteer` reads the index (``Gazetteer.open`` builds it on first use, see
:mod:`eventdesk.resolve.gazetteer_build` for its sources). Rows that are not GeoNames features
(admin regions missing from ``admin_geonames.tsv``, regions from the lexicon) get
``geonameid = None`` in :class:`Candidate`; internally every row has a positive ``row_id``
(GeoNames rows reuse their GeoNames id, others get ids from 2**40 up).
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from eventdesk import lexicon_files
from eventdesk.errors import EventdeskError
from eventdesk.resolve.normalize import fuzzy_best, loose_key, name_key

log = logging.getLogger(__name__)


def _packaged_fingerprint() -> str:
    """A short hash of the packaged place tables the index is built from: editing one (a
    region added to regions.tsv) names a new index, so a stale one is never read."""
    h = hashlib.sha1()
    for name in lexicon_files.INDEX_FILES:
        h.update(name.encode())
        h.update(lexicon_files.sources(name)[0][1].encode())
    return h.hexdigest()[:8]


@lru_cache(maxsize=1)
def index_name() -> str:
    """The index's file name: its format version and the packaged tables' hash (read once,
    when an index is first looked for, not at import)."""
    return f"gazetteer-v8-{_packaged_fingerprint()}.sqlite"


SYNTHETIC_BASE = 2**40


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry. ``geonameid`` is None for rows that are not GeoNames features."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str | None  # ISO3
    admin1: str | None
    feature: str  # country | admin1 | admin2 | city | continent | region
    population: int
    row_id: int = 0
    alt_match: bool = False  # matched through an alternate (not the primary) name
    loose_match: bool = False  # matched only through the transliteration-tolerant key


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def default_index_path(lexicon_dir: Path | None = None) -> Path:
    """The index in the cache folder; a user's lexicon folder that changes the place tables
    the index is built from (``lexicon_files.INDEX_FILES``) gets an index of its own."""
    base = os.environ.get("EVENTDESK_CACHE")
    root = Path(base) if base else Path.home() / ".cache" / "eventdesk"
    own = lexicon_files.fingerprint(lexicon_files.INDEX_FILES, lexicon_dir)
    name = index_name()
    return root / (name if own is None else name.replace(".sqlite", f"-{own}.sqlite"))


class Gazetteer:
    """Read access to the index; build it with :meth:`open` (or :func:`build_index`)."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path, lexicon_dir: Path | None = None
    ) -> None:
        self._conn = conn
        self.path = path
        self.lexicon_dir = lexicon_dir
        self._words: dict[str, str] | None = None
        self._cand_cache: dict[str, list[Candidate]] = {}
        self._fuzzy_keys: list[str] | None = None
        self._fuzzy_cache: dict[tuple[str, float], str | None] = {}
        self._country_cache: dict[str, Candidate | None] = {}

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        progress: Callable[[str], None] | None = None,
        lexicon_dir: Path | None = None,
    ) -> Gazetteer:
        """Open the index at ``path`` (default: the cache folder's), building it first when
        missing, with the place tables of ``lexicon_dir`` added to the packaged ones."""
        target = Path(path) if path is not None else default_index_path(lexicon_dir)
        if not target.exists():
            build_index(target, progress=progress, lexicon_dir=lexicon_dir)
        try:
            conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
            conn.execute("SELECT count(*) FROM place").fetchone()
        except sqlite3.DatabaseError as exc:
            raise EventdeskError(
                f"gazetteer index {target} is unreadable ({exc}); delete it to rebuild"
            ) from exc
        return cls(conn, target, lexicon_dir)

    def close(self) -> None:
        self._conn.close()

    def __getstate__(self) -> dict[str, str | None]:  # picklable for Dask: reopen by path
        return {"path": str(self.path), "lexicon_dir": _str(self.lexicon_dir)}

    def __setstate__(self, state: dict[str, str | None]) -> None:
        user = state.get("lexicon_dir")
        other = Gazetteer.open(Path(str(state["path"])), lexicon_dir=Path(user) if user else None)
        self._conn, self.path, self.lexicon_dir = other._conn, other.path, other.lexicon_dir
        self._words, self._cand_cache = None, {}
        self._fuzzy_keys, self._fuzzy_cache = None, {}
        self._country_cache = {}

    # -- lookups ---------------------------------------------------------------------------

    _SELECT = (
        "SELECT p.row_id, p.geonameid, p.name, p.lat, p.lon, p.country, p.admin1, p.feature,"
        " p.population, min(n.kind) FROM names n JOIN place p ON p.row_id = n.row_id"
    )

    def _rows(self, where: str, arg: str) -> list[Candidate]:
        sql = f"{self._SELECT} WHERE {where} = ? GROUP BY p.row_id"
        return [
            Candidate(
                geonameid=r[1],
                name=r[2],
                lat=r[3],
                lon=r[4],
                country=r[5],
                admin1=r[6],
                feature=r[7],
                population=r[8] or 0,
                row_id=r[0],
                alt_match=bool(r[9]),
            )
            for r in self._conn.execute(sql, (arg,))
        ]

    def candidates(self, name: str) -> list[Candidate]:
        """Entries whose name (or alternate name) matches ``name``, most populous first.

        Exact key matches come with ``loose_match=False``; transliteration-tolerant matches
        (:func:`loose_key`) that the exact key missed are added with ``loose_match=True``.
        """
        key = name_key(name)
        if not key:
            return []
        hit = self._cand_cache.get(key)
        if hit is not None:
            return hit
        rows = self._rows("n.key", key)
        lk = loose_key(name)
        if len(lk) >= 4:
            seen = {c.row_id for c in rows}
            rows += [
                replace(c, loose_match=True, alt_match=True)
                for c in self._rows("n.loose", lk)
                if c.row_id not in seen
            ]
        rows.sort(key=lambda c: (c.loose_match, -c.population, c.row_id))
        if len(self._cand_cache) > 50_000:
            self._cand_cache.clear()
        self._cand_cache[key] = rows
        return rows

    def warm(self) -> None:
        """Load what lookups otherwise load on first use (the fuzzy-match keys), so that a
        long run pays it up front and timings do not include it."""
        self._load_fuzzy_keys()

    def _load_fuzzy_keys(self) -> list[str]:
        if self._fuzzy_keys is None:
            self._fuzzy_keys = [
                r[0]
                for r in self._conn.execute(
                    "SELECT DISTINCT n.loose FROM names n JOIN place p ON p.row_id = n.row_id"
                    " WHERE n.kind = 0 AND (p.population >= 5000 OR p.feature != 'city')"
                )
                if r[0] and len(r[0]) >= 4
            ]
        return self._fuzzy_keys

    def fuzzy_candidates(self, name: str, cutoff: float = 88.0) -> list[Candidate]:
        """Near misses (rapidfuzz on loose keys) among countries, admin1 and towns >= 5,000."""
        keys = self._load_fuzzy_keys()
        lk = loose_key(name)
        if len(lk) < 5:
            return []
        memo = (lk, cutoff)
        if memo in self._fuzzy_cache:  # a scan of every key costs milliseconds
            best = self._fuzzy_cache[memo]
        else:
            best = fuzzy_best(lk, keys, cutoff)
            if len(self._fuzzy_cache) > 50_000:
                self._fuzzy_cache.clear()
            self._fuzzy_cache[memo] = best
        if best is None:
            return []
        return [replace(c, loose_match=True, alt_match=True) for c in self._rows("n.loose", best)]

    def by_row_id(self, row_id: int) -> Candidate | None:
        r = self._conn.execute(
            "SELECT row_id, geonameid, name, lat, lon, country, admin1, feature, population"
            " FROM place WHERE row_id = ?",
            (row_id,),
        ).fetchone()
        if r is None:
            return None
        return Candidate(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] or 0, r[0])

    def country(self, iso3: str) -> Candidate | None:
        key = iso3.upper()
        if key not in self._country_cache:
            r = self._conn.execute(
                "SELECT row_id FROM place WHERE feature = 'country' AND country = ?", (key,)
            ).fetchone()
            self._country_cache[key] = self.by_row_id(r[0]) if r else None
        return self._country_cache[key]

    def admin1(self, iso3: str, name: str) -> Candidate | None:
        """The admin1 region of country ``iso3`` called ``name`` (any name key), if known."""
        for c in self.candidates(name):
            if c.feature == "admin1" and c.country == iso3:
                return c
        return None

    def _load_words(self) -> dict[str, str]:
        if self._words is None:
            words: dict[str, str] = {}
            for key, iso3 in self._conn.execute("SELECT key, iso3 FROM country_words"):
                words[key] = iso3
            self._words = words
        return self._words

    def country_for_word(self, word: str) -> str | None:
        """ISO3 for a country name, short name, alias or demonym ("Syrian" -> "SYR")."""
        words = self._load_words()
        stripped = word.strip()
        if stripped.isupper() and len(stripped.replace(".", "")) <= 4:
            # "US"/"UK"/"UAE" only in capitals: "us" is a pronoun
            return words.get("=" + stripped.replace(".", ""))
        key = name_key(stripped)
        if key.startswith("the "):
            key = key[4:]
        hit = words.get(key)
        if hit is None and key.endswith("s") and len(key) > 4:
            hit = words.get(key[:-1])  # "Syrians"
        return hit

    def is_place_name(self, normalised: str) -> bool:
        """Fast check that ``normalised`` (a :func:`name_key`) names some entry."""
        return bool(self._place_key_exists(normalised))

    @lru_cache(maxsize=200_000)  # noqa: B019 - one gazetteer per process
    def _place_key_exists(self, key: str) -> bool:
        return (
            self._conn.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone()
            is not None
        )

    def max_population(self, key: str) -> int:
        """Largest population among primary-name matches of ``key`` (0 if none)."""
        r = self._conn.execute(
            "SELECT max(p.population) FROM names n JOIN place p ON p.row_id = n.row_id"
            " WHERE n.key = ? AND n.kind = 0",
            (key,),
        ).fetchone()
        return int(r[0] or 0)

    def stats(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for feature, n in self._conn.execute("SELECT feature, count(*) FROM place GROUP BY 1"):
            out[feature] = n
        out["names"] = self._conn.execute("SELECT count(*) FROM names").fetchone()[0]
        return out


def build_index(
    path: Path, progress: Callable[[str], None] | None = None, lexicon_dir: Path | None = None
) -> Path:
    """Build the SQLite index at ``path`` (see :mod:`eventdesk.resolve.gazetteer_build`)."""
    from eventdesk.resolve.gazetteer_build import build_index as build

    return build(path, progress, lexicon_dir)


def _str(path: Path | None) -> str | None:
    return None if path is None else str(path)
