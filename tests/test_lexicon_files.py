"""One reader for every data file: packaged rows, then the rows of a user's --lexicon DIR."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventdesk import lexicon_files
from eventdesk.errors import LexiconError
from eventdesk.pipeline import Pipeline
from eventdesk.records import Article
from eventdesk.resolve import gazetteer
from eventdesk.resolve.gazetteer import default_index_path, index_name


def test_user_rows_come_after_the_packaged_ones(tmp_path: Path) -> None:
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "place_aliases.tsv").write_text("# ours\nBig Mango\tTHA\tBangkok\n")
    rows = list(lexicon_files.rows("geo/place_aliases.tsv", tmp_path, ncols=3))
    assert rows[-1] == (
        str(tmp_path / "geo" / "place_aliases.tsv"),
        2,
        ["Big Mango", "THA", "Bangkok"],
    )
    assert rows[0][0] == "eventdesk/lexicon/geo/place_aliases.tsv"


def test_too_many_columns_name_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "weapons.tsv").write_text("catapult\tx\ty\tz\t1\textra\n")
    with pytest.raises(LexiconError, match=r"weapons.tsv:1: expected 5 tab-separated columns"):
        list(lexicon_files.rows("weapons.tsv", tmp_path, ncols=5))


def test_a_user_place_table_of_the_index_gets_an_index_of_its_own(tmp_path: Path) -> None:
    packaged = index_name()
    assert default_index_path(None).name == packaged
    assert default_index_path(tmp_path).name == packaged  # no geo tables of the index
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "place_aliases.tsv").write_text("Big Mango\tTHA\tBangkok\n")
    assert default_index_path(tmp_path).name == packaged  # read at run time, not indexed
    (tmp_path / "geo" / "demonyms.tsv").write_text("Ombarian\tKEN\n")
    own = default_index_path(tmp_path).name
    assert own != packaged and own.startswith(packaged.removesuffix(".sqlite"))
    (tmp_path / "geo" / "demonyms.tsv").write_text("Ombarian\tUGA\n")
    assert default_index_path(tmp_path).name not in {own, packaged}


def test_an_edited_packaged_place_table_names_a_new_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A region added to the packaged regions.tsv must not be read from a stale index."""
    before = gazetteer._packaged_fingerprint()
    assert before in index_name()
    real = lexicon_files.sources

    def edited(name: str, user_dir: Path | None = None) -> list[tuple[str, str]]:
        out = real(name, user_dir)
        if name == "geo/regions.tsv":
            where, text = out[0]
            out[0] = (where, text + "Ombarin Hills\t1.0\t2.0\tKEN\tregion\n")
        return out

    monkeypatch.setattr(lexicon_files, "sources", edited)
    assert gazetteer._packaged_fingerprint() != before


def test_a_user_place_alias_resolves_through_the_pipeline(tmp_path: Path) -> None:
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "place_aliases.tsv").write_text("Big Mango\tTHA\tBangkok\n")
    text = "Thousands of students marched through Big Mango on Saturday."
    plain = Pipeline().process_one(Article(text=text, published="2024-03-10"))
    ours = Pipeline(lexicon_dir=tmp_path).process_one(Article(text=text, published="2024-03-10"))
    where = [e.location for e in ours.events if e.location is not None]
    assert where and where[0].name == "Bangkok" and where[0].country == "THA"
    assert not any(e.location is not None and e.location.country == "THA" for e in plain.events)
