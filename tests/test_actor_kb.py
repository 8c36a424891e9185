"""The actor knowledge base (lexicon/actors/): its files load and hold together, and office
holders are found by name and day (extract/leaders.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventdesk import lexicon_files
from eventdesk.entries import LEADER_ROLES, LeaderEntry, RuleOfState
from eventdesk.errors import LexiconError
from eventdesk.extract.leaders import LeaderBook, _official, _ruling
from eventdesk.extract.lexicon import ACTOR_FILES, Lexicon
from eventdesk.records import Actor

ISO3 = {r[0] for _, _, r in lexicon_files.rows("countries.tsv", None, 5)}
SECTORS = {"REB", "MIL", "COP", "GOV", "PTY", "LAB", "IGO", "NGO"}
INTERS = {0, 1, 2, 3, 4, 8}  # 0: unions, which have no ACLED category
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _term(
    name: str, country: str, start: str, end: str = "", role: str = "head_of_state"
) -> LeaderEntry:
    return LeaderEntry((name, name.split()[-1]), country, role, start, end)


@pytest.fixture(scope="module")
def packaged() -> Lexicon:
    return Lexicon.load()


def test_dates_read_as_inclusive_days(tmp_path: Path) -> None:
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "leaders.tsv").write_text(
        "Ilse Marrow\tNLD\tforeign_minister\t2019\t2021-03\n", encoding="utf-8"
    )
    lexicon = Lexicon.load(tmp_path)
    mine = [t for t in lexicon.leaders if t.aliases == ("Ilse Marrow",)]
    assert len(mine) == 1
    assert (mine[0].start, mine[0].end) == ("2019-01-01", "2021-03-31")
    assert mine[0].serves_on("2021-03-30") and not mine[0].serves_on("2021-04-01")


@pytest.mark.parametrize(
    "row, message",
    [
        ("Ilse Marrow\tNLD\tchancellor\t2019\t", "role out of"),
        ("Ilse Marrow\tNLD\tforeign_minister\tMarch 2019\t", "is not a date"),
        ("Ilse Marrow\tNLD\tforeign_minister\t2019-02-30\t", "not a date of the calendar"),
    ],
)
def test_bad_leader_rows_name_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "leaders.tsv").write_text(f"# mine\n{row}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"leaders\.tsv:2: .*{message}"):
        Lexicon.load(tmp_path)


def test_user_group_row_wins_over_packaged_actor_row(tmp_path: Path, packaged: Lexicon) -> None:
    row = next(iter(lexicon_files.rows("actors/groups.tsv", None, 9)), None)
    if row is None:
        pytest.skip("no packaged group rows")
    first = row[2][0].split("|")[0]
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "groups.tsv").write_text(
        f"{first}\tMy Own Name\tNLD\tREB\t2\tNLDREB\t\t\t\n", encoding="utf-8"
    )
    mine = next(g for g in Lexicon.load(tmp_path).groups if g.aliases[0] == first)
    assert (mine.acled_name, mine.country) == ("My Own Name", "NLD")


def test_holder_is_chosen_by_the_day() -> None:
    book = LeaderBook(
        [
            _term("Anna Vell", "NOR", "2005-01-01", "2009-12-31"),
            _term("Anna Vell", "NOR", "2013-01-01", "2017-12-31"),
            _term("Anna Vell", "NOR", "2010-01-01", "2012-12-31", "foreign_minister"),
        ]
    )
    assert book.holder("Anna Vell", "2011-06-01").role == "foreign_minister"
    assert book.holder("Vell", "2014-06-01").start == "2013-01-01"
    assert book.holder("Anna Vell", "2019-06-01") is None  # out of office: not the government
    assert book.holder("Anna Vell", None).start == "2013-01-01"  # no date: the latest term
    assert book.holder("Prime Minister Anna Vell", "2006-01-01").country == "NOR"
    assert book.holder("Bram Vell", "2006-01-01") is None  # another person of that surname
    assert book.holder("Somebody Else", "2006-01-01") is None


def test_two_holders_of_one_name_need_a_country_to_decide() -> None:
    book = LeaderBook(
        [_term("Omar Tessel", "TCD", "2010-01-01"), _term("Omar Tessel", "NER", "2011-01-01")]
    )
    assert book.holder("Omar Tessel", "2015-01-01") is None
    assert book.holder("Omar Tessel", "2015-01-01", ("NER",)).country == "NER"
    assert book.holder("Omar Tessel", "2015-01-01", (None, "TCD")).country == "TCD"


def test_a_person_becomes_the_government_but_a_group_does_not() -> None:
    book = LeaderBook([_term("Anna Vell", "NOR", "2005-01-01")])
    person = Actor("Anna Vell", "Anna Vell", country="KEN", sector="CVL", role="")
    coded = _official(person, book, "2020-01-01", "KEN")
    assert (coded.country, coded.sector, coded.inter, coded.cameo) == ("NOR", "GOV", 1, "NORGOV")
    assert coded.role == LEADER_ROLES["head_of_state"]
    rebels = Actor("Vell", "Vell", country="KEN", sector="REB", inter=2)
    assert _official(rebels, book, "2020-01-01", "KEN") == rebels
    implied = Actor("Vell", "Vell", sector="CVL", implied=True)
    assert _official(implied, book, "2020-01-01", "KEN") == implied


# --- the packaged knowledge base holds together ----------------------------------------------
def test_packaged_leaders_are_well_formed(packaged: Lexicon) -> None:
    seen: dict[tuple[str, str, str, str], int] = {}
    for t in packaged.leaders:
        assert t.country in ISO3, t
        assert t.role in LEADER_ROLES
        assert _DATE.fullmatch(t.start) and (not t.end or _DATE.fullmatch(t.end)), t
        assert not t.end or t.start <= t.end, t
        assert t.end == "" or t.end >= "2000-01-01", f"{t.aliases[0]}: term ends before 2000"
        key = (t.aliases[0], t.country, t.role, t.start)
        seen[key] = seen.get(key, 0) + 1
    assert not [k for k, n in seen.items() if n > 1], "a term is listed twice"


def test_packaged_actor_rows_are_well_formed() -> None:
    for name in ACTOR_FILES:
        for where, n, r in lexicon_files.rows(name, None, 9):
            assert r[0] and r[1], f"{where}:{n}"
            assert r[2] == "" or r[2] in ISO3, f"{where}:{n}: {r[2]}"
            assert r[3] in SECTORS, f"{where}:{n}: {r[3]}"
            assert int(r[4]) in INTERS, f"{where}:{n}: {r[4]}"
            for year in (r[7], r[8]):
                assert year == "" or re.fullmatch(r"\d{4}", year), f"{where}:{n}: {year}"


def test_no_group_name_is_an_ordinary_word(packaged: Lexicon) -> None:
    """A name that is an ordinary lower-case word would make a group of every sentence that
    uses the word (names of three letters or less match only in capitals)."""
    import spacy

    stop = spacy.blank("en").Defaults.stop_words
    bad = [
        a
        for g in packaged.groups
        for a in g.aliases
        if a.lower() in stop and (len(a) > 3 or a == a.lower())
    ]
    assert not bad, bad


def test_a_group_in_power_is_the_state_only_during_its_term(packaged: Lexicon) -> None:
    terms = {"Vell Front": [RuleOfState("Vell Front", "NOR", "2020-05-01", "2022-12-31", "Forces")]}
    front = Actor("the Front", "Vell Front", country="NOR", sector="REB", inter=2, cameo="NORREB")
    ruling = _ruling(front, terms, "2021-01-01")
    assert (ruling.name, ruling.sector, ruling.inter, ruling.cameo) == (
        "Forces",
        "MIL",
        1,
        "NORMIL",
    )
    assert _ruling(front, terms, "2019-01-01") == front
    assert _ruling(front, terms, "2023-01-01") == front
    assert _ruling(front, terms, None) == front  # no date: not known to rule
    names = {g.acled_name for g in packaged.groups}
    assert packaged.in_power and all(t.acled_name in names for t in packaged.in_power)


def test_every_packaged_name_finds_its_term(packaged: Lexicon) -> None:
    """A name that opens with a title word ("King Charles", "De Croo") is found whole."""
    book = LeaderBook(packaged.leaders)
    lost = [a for t in packaged.leaders for a in t.aliases if t not in book.terms(a)]
    assert not lost, lost[:20]


def test_a_user_row_ends_a_packaged_term(tmp_path: Path, packaged: Lexicon) -> None:
    open_term = next(t for t in packaged.leaders if not t.end and len(t.start) == 10)
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "leaders.tsv").write_text(
        f"{open_term.aliases[0]}\t{open_term.country}\t{open_term.role}\t{open_term.start}\t"
        f"{open_term.start}\n",
        encoding="utf-8",
    )
    mine = Lexicon.load(tmp_path)
    same = [
        t
        for t in mine.leaders
        if (t.aliases[0], t.country, t.role, t.start)
        == (open_term.aliases[0], open_term.country, open_term.role, open_term.start)
    ]
    assert [t.end for t in same] == [open_term.start]
    assert len(mine.leaders) == len(packaged.leaders)


def test_a_user_group_wins_a_shared_name(tmp_path: Path) -> None:
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "groups.tsv").write_text(
        "Tarvo Guards|Kataeb\tTarvo Guards\tLBN\tREB\t3\tLBNREB\t\t\t\n", encoding="utf-8"
    )
    groups = Lexicon.load(tmp_path).groups
    first = next(g for g in groups if any(a.lower() == "kataeb" for a in g.aliases))
    assert first.acled_name == "Tarvo Guards"


@pytest.mark.parametrize(
    "text, name, country",
    [
        ("Hunter Biden met reporters in Kyiv on Monday.", "Hunter Biden", None),
        ("President Joe Biden met reporters in Kyiv on Monday.", "Joe Biden", "USA"),
        ("King Charles met reporters in Paris on Monday.", "King Charles", "GBR"),
    ],
)
def test_a_leader_is_a_whole_name(extract, text: str, name: str, country: str | None) -> None:  # type: ignore[no-untyped-def]
    result = extract(text, published="2023-06-12")
    actor = next(e.actor1 for e in result.events if e.actor1 is not None)
    assert actor.name == name
    assert (actor.sector == "GOV") == (country is not None)
    if country is not None:
        assert actor.country == country


def test_packaged_titles_are_well_formed(packaged: Lexicon) -> None:
    rows = list(lexicon_files.rows("actors/titles.tsv", None, 4))
    titles = [r[0].lower() for _, _, r in rows]
    assert len(titles) == len(set(titles)), "a title is listed twice"
    assert len(packaged.titles) == len(titles) >= 60
    for t in packaged.titles.values():
        assert t.sector in SECTORS and t.role, t
        assert t.inter in INTERS, t


def test_a_user_title_row_wins(tmp_path: Path) -> None:
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "titles.tsv").write_text("sheriff\tSheriff\tGOV\t1\n")
    titles = Lexicon.load(tmp_path).titles
    assert titles["sheriff"].sector == "GOV"
    assert titles["police chief"].sector == "COP"  # packaged rows stay


@pytest.mark.parametrize(
    ("text", "inter", "sector"),
    [
        ("Police Chief Ana Torvik said officers had detained three men in Ombarin.", 1, "COP"),
        ("Rebel commander Ivo Marek accused the army of shelling Ombarin.", 2, "REB"),
        ("Senator Lena Hoff condemned the attack on the Ombarin market.", 1, "GOV"),
    ],
)
def test_a_titled_person_acts_for_their_office(extract, text: str, inter: int, sector: str) -> None:  # type: ignore[no-untyped-def]
    first = extract(text).events[0]
    assert first.actor1 is not None, text
    assert (first.actor1.inter, first.actor1.sector) == (inter, sector), first.actor1


def test_a_surname_is_the_person_named_before(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Police Chief John Harper spoke to reporters in Ombarin on Monday.\n\n"
        "Harper accused the gang of setting fire to the market."
    )
    accuse = next(e for e in extract(text).events if e.plover_type == "ACCUSE")
    assert accuse.actor1 is not None and accuse.actor1.text == "Harper"
    assert (accuse.actor1.inter, accuse.actor1.sector) == (1, "COP")
    assert any("actors.person_told_before" in names for _, names in accuse.decided_by)


def test_he_is_the_titled_person_named_last_but_not_an_unknown_one(extract) -> None:  # type: ignore[no-untyped-def]
    titled = (
        "Interior Minister Jan Kowal visited Ombarin on Monday. He accused the rebels of lying."
    )
    accuse = next(e for e in extract(titled).events if e.plover_type == "ACCUSE")
    assert accuse.actor1 is not None and accuse.actor1.inter == 1
    unknown = "A farmer, Piet Dahl, spoke in Ombarin on Monday. He accused the rebels of lying."
    accuse = next(e for e in extract(unknown).events if e.plover_type == "ACCUSE")
    assert accuse.actor1 is None or accuse.actor1.inter != 1
