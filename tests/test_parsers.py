"""Counts and dates: the parsers, with examples and properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventdesk.extract.dates import resolve_date
from eventdesk.extract.numbers import parse_count

PUB = dt.date(2020, 2, 17)  # a Monday


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("more than 5,000", 5000),
        ("at least 12", 12),
        ("dozens", 12),
        ("scores", 20),
        ("hundreds", 100),
        ("twenty-one", 21),
        ("a", 1),
        ("three", 3),
        ("1.2 million", 1_200_000),
        ("between 20 and 30", 20),
        ("20-30", 20),
        ("12 to 15", 12),
        ("two hundred and five", 205),
        ("a dozen", 12),
        ("nearly 50", 50),
        ("several", None),
        ("soldiers", None),
    ],
)
def test_parse_count(words: str, value: int | None) -> None:
    assert parse_count(words.split()) == value


@given(st.integers(min_value=0, max_value=10_000_000))
def test_parse_count_reads_any_written_integer(n: int) -> None:
    assert parse_count([f"{n:,}"]) == n
    assert parse_count([str(n)]) == n
    assert parse_count(["at", "least", str(n)]) == n


@given(st.integers(min_value=1, max_value=5000), st.integers(min_value=0, max_value=5000))
def test_ranges_take_the_low_end(low: int, extra: int) -> None:
    assert parse_count(["between", str(low), "and", str(low + extra)]) == low
    assert parse_count([f"{low}-{low + extra}"]) == low


@pytest.mark.parametrize(
    ("expr", "date", "precision"),
    [
        ("On 9 May 2020", "2020-05-09", 1),
        ("May 9, 2020", "2020-05-09", 1),
        ("on Sunday", "2020-02-16", 1),
        ("yesterday", "2020-02-16", 1),
        ("at the weekend", "2020-02-15", 2),
        ("last week", "2020-02-10", 2),
        ("earlier this month", "2020-02-01", 3),
        ("since December", "2019-12-01", 3),
        ("in September 2018", "2018-09-01", 3),
        ("last month", "2020-01-01", 3),
        ("February 12", "2020-02-12", 1),
        ("three days ago", "2020-02-14", 1),
        ("2020-01-31", "2020-01-31", 1),
    ],
)
def test_resolve_date(expr: str, date: str, precision: int) -> None:
    r = resolve_date(expr, PUB)
    assert r is not None
    assert (r.date.isoformat(), r.precision) == (date, precision)


def test_future_weekday_looks_forward() -> None:
    r = resolve_date("on Thursday", PUB, future=True)
    assert r is not None and r.date == dt.date(2020, 2, 20)


def test_no_date_without_a_date() -> None:
    assert resolve_date("the army", PUB) is None
    assert resolve_date("", PUB) is None


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_explicit_dates_round_trip(d: dt.date) -> None:
    for text in (d.isoformat(), d.strftime("%d %B %Y"), d.strftime("%B %d, %Y")):
        r = resolve_date(text, PUB)
        assert r is not None and r.date == d and r.precision == 1


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]),
)
def test_past_weekdays_fall_in_the_week_before_publication(pub: dt.date, day: str) -> None:
    r = resolve_date(f"on {day}", pub)
    assert r is not None
    assert 0 <= (pub - r.date).days < 7
    assert r.date.strftime("%A").lower() == day
