"""The learned arbiter: training is reproducible, bad rows are refused clearly, a saved model
reads back the same, and the shipped model codes sentences written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from eventdesk.arbiter import Arbiter, load, shipped_dir
from eventdesk.arbiter.labels import SUB_LABELS
from eventdesk.arbiter.model import EVENT_TYPE, save
from eventdesk.arbiter.train import Settings, main, parse_row, read_examples, train
from eventdesk.errors import InputError, ModelError

# A tiny labelled set of our own (three kinds, several wordings each, two groups per kind).
SMALL = [
    ("Rebels and soldiers exchanged gunfire for hours outside Tarvo.", "Armed clash", "g1"),
    ("Troops fought insurgents in the hills above Meno overnight.", "Armed clash", "g1"),
    ("Heavy fighting broke out between the army and a rebel column near Osk.", "Armed clash", "g2"),
    ("Militants battled police at a checkpoint on the Ruvi road.", "Armed clash", "g2"),
    (
        "Several hundred nurses marched peacefully to the health ministry in Pella.",
        "Peaceful protest",
        "g3",
    ),
    (
        "Students held a quiet sit-in outside the university gates in Dorn.",
        "Peaceful protest",
        "g3",
    ),
    (
        "Farmers rallied in the main square of Kessa to demand better grain prices.",
        "Peaceful protest",
        "g4",
    ),
    (
        "Residents demonstrated without incident against water cuts in Alvo.",
        "Peaceful protest",
        "g4",
    ),
    ("The finance minister presented the annual budget to parliament.", None, "g5"),
    ("The football club signed a new striker from abroad.", None, "g5"),
    ("A new bridge over the river was opened to traffic.", None, "g6"),
    ("The central bank left interest rates unchanged.", None, "g6"),
]


def _rows(tmp_path: Path) -> Path:
    path = tmp_path / "small.jsonl"
    lines = [
        json.dumps(
            {
                "text": t,
                "acled_sub_event_type": s,
                "frame": g,
                "plover_type": "PROTEST" if s == "Peaceful protest" else ("ASSAULT" if s else None),
            }
        )
        for t, s, g in SMALL
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_same_seed_same_weights_and_other_seed_other_split(tmp_path: Path) -> None:
    examples = read_examples(_rows(tmp_path))
    settings = Settings(min_count=1, max_iter=60, holdout=0.34, seed=5)
    first, second = train(examples, settings), train(examples, settings)
    assert np.array_equal(first.columns, second.columns)
    for head in first.heads:
        assert np.array_equal(first.heads[head].weights, second.heads[head].weights)
        assert np.array_equal(first.heads[head].bias, second.heads[head].bias)
    other = train(examples, Settings(min_count=1, max_iter=60, holdout=0.34, seed=6))
    assert first.info["rows"] + first.info["holdout_accuracy"]["sub_event_type"]["rows"] == 12
    # another seed keeps other groups out, so the model differs
    assert not np.array_equal(first.columns, other.columns)


def test_small_model_learns_and_round_trips(tmp_path: Path) -> None:
    arbiter = train(read_examples(_rows(tmp_path)), Settings(min_count=1, max_iter=200))
    assert arbiter.predict("Soldiers fought rebels near Osk.")[0] == "Armed clash"
    assert arbiter.predict("Nurses marched peacefully in Pella.")[0] == "Peaceful protest"
    save(arbiter, tmp_path / "m")
    save(arbiter, tmp_path / "m2")
    for name in ("weights.npz", "model.json"):  # a rebuild leaves committed files unchanged
        assert (tmp_path / "m" / name).read_bytes() == (tmp_path / "m2" / name).read_bytes()
    again = load(tmp_path / "m")
    text = "Farmers rallied in Kessa."
    assert again.predict(text) == pytest.approx(arbiter.predict(text))
    assert again.predict(text, EVENT_TYPE)[0] == "Protests"
    assert again.predict(text, "plover")[0] == "PROTEST"


def test_main_writes_a_model_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "model"
    assert main([str(_rows(tmp_path)), "--out", str(out), "--min-count", "1", "--quiet"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"] == 12 and (out / "weights.npz").is_file()
    meta = json.loads((out / "model.json").read_text())
    assert meta["heads"]["sub_event_type"] == list(SUB_LABELS)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"text": ""}, "non-empty 'text'"),
        ({"text": "x", "acled_sub_event_type": "Skirmish"}, "unknown ACLED sub-event type"),
        ({"text": "x", "plover_type": "FIGHT"}, "unknown PLOVER type"),
        ({"text": "x"}, "no label"),
        (
            {"text": "x", "acled_sub_event_type": "Grenade", "acled_event_type": "Battles"},
            "does not match sub-event type 'Grenade'",
        ),
    ],
)
def test_bad_rows_are_refused_with_their_place(row: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_row(row, "rows.jsonl:7")
    assert str(info.value).startswith("rows.jsonl:7: ")


def test_an_acled_style_csv_trains_the_sub_type_head(tmp_path: Path) -> None:
    import csv

    path = tmp_path / "export.csv"
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["notes", "event_type", "sub_event_type"])
        for text, sub, _ in SMALL:
            if sub is not None:
                etype = "Battles" if sub == "Armed clash" else "Protests"
                writer.writerow([f"Label: {text}", etype, sub])
    examples = read_examples(path)
    assert len(examples) == 8
    assert examples[0].text == SMALL[0][0]  # the leading label is stripped
    assert examples[0].labels == {"sub_event_type": "Armed clash"}
    arbiter = train(examples, Settings(min_count=1, max_iter=100))
    assert set(arbiter.heads) == {"sub_event_type"}
    assert arbiter.predict("Nurses marched peacefully.")[0] == "Peaceful protest"


def test_labels_accept_other_spellings() -> None:
    example = parse_row(
        {"text": "x", "sub_event_type": "armed  CLASH", "event_type": "battles", "plover": "none"},
        "f:1",
    )
    assert example.labels == {"sub_event_type": "Armed clash", "plover": "none"}


def test_missing_model_directory_says_how_to_train(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"not an arbiter model .* eventdesk\.arbiter\.train"):
        load(tmp_path)


@pytest.fixture(scope="module")
def shipped() -> Arbiter:
    if not (shipped_dir() / "weights.npz").is_file():
        pytest.fail("no shipped arbiter model: run `make model`")
    return load()


def test_shipped_model_is_small_and_trained_on_our_corpus(shipped: Arbiter) -> None:
    size = sum(p.stat().st_size for p in shipped_dir().iterdir())
    assert size < 5_000_000
    assert shipped.info["rows"] >= 5000
    assert set(shipped.heads) == {"sub_event_type", "plover"}


# Sentences written for this test (places and groups invented or generic).
SHIPPED_CASES = [
    (
        "Government troops and fighters of a rebel movement clashed for several hours near the "
        "village of Marek on Tuesday, leaving four combatants dead.",
        "Battles",
        "ASSAULT",
    ),
    (
        "Hundreds of teachers marched through the capital on Friday to demand unpaid salaries; "
        "the rally ended peacefully.",
        "Protests",
        "PROTEST",
    ),
    (
        "A military aircraft bombed a rebel camp outside Sarovo, the air force said.",
        "Explosions/Remote violence",
        "ASSAULT",
    ),
    (
        "Police arrested three opposition activists at their homes in the early hours of Monday.",
        "Strategic developments",
        "COERCE",
    ),
    ("The national orchestra gave a concert of new music at the city theatre.", "none", None),
    # hard cases: violent words in a grievance, a ban, a sports "attack", riot signs,
    # strategic developments
    (
        "Nurses demonstrated outside the health ministry to condemn the bombing of a clinic "
        "last month.",
        "Protests",
        "PROTEST",
    ),
    (
        "The interior ministry banned all street marches in the capital until further notice.",
        "none",
        None,
    ),
    ("The striker scored twice as United attacked relentlessly in the second half.", "none", None),
    (
        "Youths hurled stones at police and set tyres alight on the main road into Kalumbo.",
        "Riots",
        "PROTEST",
    ),
    (
        "Soldiers defused two roadside bombs found near a bridge outside Dareen.",
        "Strategic developments",
        None,
    ),
    (
        "The army sent reinforcements and armoured vehicles to the border district of Hoss.",
        "Strategic developments",
        "MOBILIZE",
    ),
    (
        "Gunmen kidnapped a village chief and his two sons from their farm near Ulwe.",
        "Violence against civilians",
        "ASSAULT",
    ),
]


@pytest.mark.parametrize(("text", "event_type", "plover"), SHIPPED_CASES)
def test_shipped_model_codes_our_sentences(
    shipped: Arbiter, text: str, event_type: str, plover: str | None
) -> None:
    label, score = shipped.predict(text, EVENT_TYPE)
    assert label == event_type
    assert 0.0 < score <= 1.0
    if plover is not None:
        assert shipped.predict(text, "plover")[0] == plover


def test_measure_scores_acled_rows_per_region(tmp_path: Path) -> None:
    import csv

    from eventdesk.eval.arbiter import format_report, measure

    arbiter = train(read_examples(_rows(tmp_path)), Settings(min_count=1, max_iter=200))
    path = tmp_path / "acled.csv"
    gold = [
        ("Soldiers fought rebels near Osk.", "Battles", "Armed clash", "North"),
        ("Nurses marched peacefully in Pella.", "Protests", "Peaceful protest", "North"),
        ("Arrests: Farmers rallied in Kessa.", "Protests", "Peaceful protest", "South"),
        ("Troops fought insurgents near Meno.", "Riots", "Mob violence", "South"),
    ]
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["notes", "event_type", "sub_event_type", "region", "timestamp"])
        for notes, etype, sub, region in gold:
            writer.writerow([notes, etype, sub, region, "1600000000"])
    report = measure(path, arbiter)
    forced = report["readings"]["arbiter_forced"]
    assert forced["n"] == 4
    assert forced["regions"]["North"]["metrics"]["event_type_accuracy"] == 1.0
    assert forced["regions"]["South"]["metrics"]["sub_event_type_accuracy"] == 0.5
    assert forced["metrics"]["event_type_accuracy"] == 0.75
    assert report["predict_ms_per_text"] > 0
    assert report["confident"]["0.5"]["n"] <= 4
    assert "(all)" in format_report(report)


def test_hybrid_overrides_rules_only_when_sure() -> None:
    from eventdesk.eval.arbiter import Guess, _hybrid

    g = Guess((None, None), ("Battles", "Armed clash"), 0.6, 0.8)
    rules = ("Riots", "Mob violence")
    assert _hybrid(rules, g, 0.7) == ("Battles", "Armed clash")
    assert _hybrid(rules, g, 0.9) == rules
    # the rules found nothing: the arbiter's free answer (here none) stands only when sure
    assert _hybrid((None, None), g, 0.5) == (None, None)


def test_train_command_writes_a_model_that_loads(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eventdesk.cli import main

    out = tmp_path / "mine"
    result = CliRunner().invoke(
        main, ["train", "--labels", str(_rows(tmp_path)), "--model", str(out), "--min-count", "1"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["model"] == str(out)
    label, score = load(out).predict("Rebels shelled an army base near the town.")
    assert isinstance(label, str) and 0.0 <= score <= 1.0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"no_text": 1}\n', encoding="utf-8")
    refused = CliRunner().invoke(main, ["train", "--labels", str(bad), "--model", str(out)])
    assert refused.exit_code != 0 and "bad.jsonl" in refused.output


def test_the_train_command_defaults_are_the_trainers() -> None:
    from eventdesk.arbiter.train import DEFAULTS
    from eventdesk.cli.train import MIN_COUNT

    assert DEFAULTS.min_count == MIN_COUNT


@pytest.mark.parametrize("allow_none", [True, False])
def test_event_type_is_the_type_of_the_best_sub_type_scored_by_its_sub_types(
    shipped: Arbiter, allow_none: bool
) -> None:
    from eventdesk.arbiter.labels import NONE, event_type_of

    for text in (
        "Militants fired mortars at a police post overnight.",
        "Traders marched to the town hall over new market fees.",
        "The minister said the budget would be presented next week.",
    ):
        sub, _ = shipped.predict(text, "sub_event_type", allow_none)
        etype, p = shipped.predict(text, EVENT_TYPE, allow_none)
        assert etype == (event_type_of(sub) or NONE)
        assert p == pytest.approx(shipped.probabilities(text, EVENT_TYPE)[etype])
        if not allow_none:
            assert etype != NONE


def test_every_word_for_no_event_means_none_for_event_types_too() -> None:
    from eventdesk.arbiter.labels import NONE_WORDS, normalise_sub
    from eventdesk.arbiter.train import normalise_event

    for word in NONE_WORDS:
        assert normalise_sub(word.upper()) == "none"
        assert normalise_event(f" {word.title()} ") is None
    assert normalise_event("no_event") is None and normalise_event("No  event") is None
    assert normalise_event("Battles") == "Battles"
