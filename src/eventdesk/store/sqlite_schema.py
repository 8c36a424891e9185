"""The SQLite schema: the ordered migration steps ``SQLiteStore`` applies (see its module).

Each step runs in its own transaction and is recorded in ``schema_migrations``; a database is
never changed anywhere else (the API creates no table or index when it starts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The full-text index over evidence sentences (FTS5), kept current by triggers on events. Its
# rowids are the ids of FTS_IDS, a narrow table naming the event of each: matching gives
# rowids, and turning thousands of them into event ids through this table is several times
# faster than reading an UNINDEXED column of the full-text table (both have INTEGER PRIMARY
# KEYs, so VACUUM keeps them aligned). SQLiteStore's FTS query: fts_condition().
FTS_TABLE = "events_fts"
FTS_IDS = "events_fts_ids"

_SENTENCE = (
    "substr(a.text, json_extract({e}.doc, '$.evidence.sentence[0]') + 1, "
    "json_extract({e}.doc, '$.evidence.sentence[1]') "
    "- json_extract({e}.doc, '$.evidence.sentence[0]'))"
)


FtsMode = Literal["drive", "walk", "probe"]


def fts_condition(placeholder: str = "?", mode: FtsMode = "drive") -> str:
    """SQL condition on ``events`` true for the events whose evidence sentence matches the
    FTS5 query bound to ``placeholder``, written for one of three plans:

    - ``drive``: start from the matches (best when they are few);
    - ``walk``: keep the planner from starting there: it walks another index (the sort
      key's) and checks each row against the list of matches, read once;
    - ``probe``: the same walk, checking each row with a lookup of its own instead of reading
      every match first (best when most events match: a page is found after a few rows).
    """
    if mode == "probe":
        return (
            f"EXISTS (SELECT 1 FROM {FTS_IDS} i JOIN {FTS_TABLE} ON {FTS_TABLE}.rowid = i.id "
            f"WHERE i.event_id = events.event_id AND {FTS_TABLE} MATCH {placeholder})"
        )
    return (
        ("+" if mode == "walk" else "")
        + f"events.event_id IN (SELECT i.event_id FROM {FTS_IDS} i WHERE i.id IN "
        f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {placeholder}))"
    )


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, events, quotes, failures",
        (
            """CREATE TABLE articles (
                article_id TEXT PRIMARY KEY,
                title TEXT, url TEXT, outlet TEXT, published TEXT, language TEXT,
                text TEXT NOT NULL,
                source_path TEXT,
                ingested_at TEXT NOT NULL,
                n_events INTEGER NOT NULL DEFAULT 0
            )""",
            """CREATE TABLE events (
                event_id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
                plover_type TEXT NOT NULL, plover_mode TEXT,
                acled_event_type TEXT, acled_sub_event_type TEXT,
                cameo TEXT,
                date TEXT, time_precision INTEGER,
                country TEXT, admin1 TEXT, lat REAL, lon REAL,
                fatalities INTEGER, injured INTEGER, displaced INTEGER, arrested INTEGER,
                negated INTEGER NOT NULL, hypothetical INTEGER NOT NULL,
                future INTEGER NOT NULL, historical INTEGER NOT NULL,
                confidence REAL NOT NULL,
                actor1_name TEXT, actor2_name TEXT,
                doc TEXT NOT NULL
            )""",
            """CREATE TABLE quotes (
                article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
                idx INTEGER NOT NULL,
                doc TEXT NOT NULL,
                PRIMARY KEY (article_id, idx)
            )""",
            """CREATE TABLE failures (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                source TEXT NOT NULL,
                reason TEXT NOT NULL,
                at TEXT NOT NULL
            )""",
            "CREATE INDEX events_date ON events(date)",
            "CREATE INDEX events_country ON events(country)",
            "CREATE INDEX events_plover_type ON events(plover_type)",
            "CREATE INDEX events_article_id ON events(article_id)",
        ),
    ),
    Migration(
        2,
        "failure kinds, article sources, MinHash signatures and LSH bands, canonical events",
        (
            "ALTER TABLE failures ADD COLUMN kind TEXT NOT NULL DEFAULT 'failed'",
            "DELETE FROM failures WHERE id NOT IN "
            "(SELECT MIN(id) FROM failures GROUP BY source, reason)",
            "CREATE UNIQUE INDEX failures_source_reason ON failures(source, reason)",
            # One row per copy of a stored article: the stored copy itself (similarity 1), each
            # exact copy from another outlet/URL (similarity 1) and each near-duplicate.
            # variant_id = hash(copy text id, outlet, url); copy_id = the copy's text id.
            """CREATE TABLE article_sources (
                variant_id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
                copy_id TEXT NOT NULL,
                outlet TEXT, url TEXT, title TEXT, published TEXT, source_path TEXT,
                similarity REAL NOT NULL,
                added_at TEXT NOT NULL
            )""",
            "CREATE INDEX article_sources_article ON article_sources(article_id)",
            "CREATE INDEX article_sources_copy ON article_sources(copy_id)",
            """CREATE TABLE article_signatures (
                article_id TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE,
                scheme TEXT NOT NULL,
                hashvalues BLOB NOT NULL
            )""",
            """CREATE TABLE lsh_bands (
                band INTEGER NOT NULL,
                key BLOB NOT NULL,
                article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
                PRIMARY KEY (band, key, article_id)
            ) WITHOUT ROWID""",
            "CREATE INDEX lsh_bands_article ON lsh_bands(article_id)",
            """CREATE TABLE canonical_events (
                canonical_id TEXT PRIMARY KEY,
                plover_type TEXT NOT NULL, acled_event_type TEXT,
                date TEXT, time_precision INTEGER, date_start TEXT, date_end TEXT,
                country TEXT, admin1 TEXT, lat REAL, lon REAL,
                fatalities_low INTEGER, fatalities_best INTEGER, fatalities_high INTEGER,
                n_events INTEGER NOT NULL, n_articles INTEGER NOT NULL,
                n_sources INTEGER NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            """CREATE TABLE canonical_members (
                event_id TEXT PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE,
                canonical_id TEXT NOT NULL
                    REFERENCES canonical_events(canonical_id) ON DELETE CASCADE
                    DEFERRABLE INITIALLY DEFERRED,
                article_id TEXT NOT NULL
            )""",
            "CREATE INDEX canonical_members_canonical ON canonical_members(canonical_id)",
            "CREATE INDEX canonical_members_article ON canonical_members(article_id)",
            "CREATE INDEX canonical_block ON canonical_events(plover_type, country, date_start)",
            "CREATE INDEX canonical_date ON canonical_events(date)",
        ),
    ),
    Migration(
        3,
        "compact link keys on canonical memberships; members read in event-id order by index",
        (
            # EventKey.compact(doc) as JSON: what linking reads, without the whole event doc.
            "ALTER TABLE canonical_members ADD COLUMN link_key TEXT",
            "DROP INDEX canonical_members_canonical",
            "CREATE INDEX canonical_members_canonical ON canonical_members(canonical_id, event_id)",
        ),
    ),
    Migration(
        4,
        "canonical sources and the linking block's exact date bound, so neither linking nor "
        "counting reads every member of a large canonical event",
        (
            # cluster.source_key of every copy of every member article; filled for existing
            # canonical events by SQLiteStore._backfill_canonical_sources
            """CREATE TABLE canonical_sources (
                canonical_id TEXT NOT NULL,
                source_key TEXT NOT NULL,
                PRIMARY KEY (canonical_id, source_key)
            ) WITHOUT ROWID""",
            # the earliest window start of the members a new report is compared with: the
            # exact lower bound of the linking block (see eventdesk.cluster._candidates)
            "ALTER TABLE canonical_events ADD COLUMN cmp_start TEXT",
            "DROP INDEX canonical_block",
            "CREATE INDEX canonical_block ON canonical_events(plover_type, country, cmp_start)",
        ),
    ),
    Migration(
        5,
        "full-text index over evidence sentences and the indexes of the API's filters and sorts",
        (
            # what the API used to create when it started (named api_*): replaced here
            "DROP TRIGGER IF EXISTS api_event_fts_ai",
            "DROP TRIGGER IF EXISTS api_event_fts_ad",
            "DROP TABLE IF EXISTS api_event_fts",
            "DROP INDEX IF EXISTS api_events_date_id",
            "DROP INDEX IF EXISTS api_events_country_date",
            "DROP INDEX IF EXISTS api_events_type_date",
            "DROP INDEX IF EXISTS api_events_acled_date",
            f"CREATE TABLE {FTS_IDS} (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE)",
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(sentence, tokenize = 'porter unicode61')",
            f"""CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON events BEGIN
                INSERT INTO {FTS_IDS} (event_id) VALUES (new.event_id);
                INSERT INTO {FTS_TABLE} (rowid, sentence)
                SELECT i.id, {_SENTENCE.format(e="new")}
                FROM articles a, {FTS_IDS} i
                WHERE a.article_id = new.article_id AND i.event_id = new.event_id;
            END""",
            f"""CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON events BEGIN
                DELETE FROM {FTS_TABLE} WHERE rowid =
                    (SELECT id FROM {FTS_IDS} WHERE event_id = old.event_id);
                DELETE FROM {FTS_IDS} WHERE event_id = old.event_id;
            END""",
            f"INSERT INTO {FTS_IDS} (event_id) SELECT event_id FROM events ORDER BY rowid",
            f"""INSERT INTO {FTS_TABLE} (rowid, sentence)
                SELECT i.id, {_SENTENCE.format(e="e")}
                FROM events e JOIN articles a ON a.article_id = e.article_id
                JOIN {FTS_IDS} i ON i.event_id = e.event_id""",
            # a filter column, then the keyset sort key (date, event_id): one index range per
            # page; the single-column indexes of migration 1 are prefixes of these
            "DROP INDEX events_date",
            "DROP INDEX events_country",
            "DROP INDEX events_plover_type",
            "CREATE INDEX events_date_id ON events(date, event_id)",
            "CREATE INDEX events_country_date ON events(country, date, event_id)",
            "CREATE INDEX events_type_date ON events(plover_type, date, event_id)",
            "CREATE INDEX events_acled_date ON events(acled_event_type, date, event_id)",
            "CREATE INDEX events_sub_date ON events(acled_sub_event_type, date, event_id)",
            "CREATE INDEX events_fatalities_id ON events(fatalities, event_id)",
            "CREATE INDEX events_lat_lon ON events(lat, lon)",
            "CREATE INDEX articles_outlet ON articles(outlet)",
        ),
    ),
)
