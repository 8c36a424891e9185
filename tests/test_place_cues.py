"""Names only their context calls places ("the village of X", "X district", "Kafr X"), on
sentences written for these tests with invented village names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventdesk.pipeline import Pipeline
from eventdesk.records import Article
from eventdesk.resolve.context import PlaceCues
from eventdesk.resolve.places import PlaceResolver


def _marked(resolver: PlaceResolver, nlp: Any, text: str) -> dict[str, bool]:
    return {text[s:e]: m for (s, e), m in resolver.recognize_marked(nlp(text))}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gunmen attacked the village of Zarbouka in Borno State on Monday.", "Zarbouka"),
        ("Two soldiers were killed near Tellouma village on Monday.", "Tellouma"),
        ("Troops entered Kafr Moussaba after a short fight.", "Kafr Moussaba"),
        ("Shells hit the al-Qunaytra district overnight.", "al-Qunaytra"),
        (
            "Mortars hit homes in Sabaa al-Tellou, just north of Baghdad, on Monday.",
            "Sabaa al-Tellou",
        ),
        ("A bomb went off in Tessoura, a small town near Mosul, on Monday.", "Tessoura"),
        ("Two men were shot in Zarboukan, 10 km from Maiduguri.", "Zarboukan"),
        # the object of an entry verb is ground, even where the model calls it a person
        ("Rebels stormed Tessarit from two sides on Friday.", "Tessarit"),
        ("The army is ready to enter Ombarin from the north.", "Ombarin"),
        ("Jihadists overran Kessabine before dawn.", "Kessabine"),
        # the local units ACLED-style reports name: subdivision, prefecture, woreda, payam
        ("Soldiers raided a market in Tessimbo subdivision on Monday.", "Tessimbo"),
        ("Youths blocked roads across Ombarou prefecture on Friday.", "Ombarou"),
        ("Clan militias clashed in Dessalo woreda, leaving five dead.", "Dessalo"),
        ("Raiders took 300 cattle from a camp in Tessuk payam.", "Tessuk"),
    ],
)
def test_context_makes_unknown_names_places(
    resolver: PlaceResolver, nlp: Any, text: str, name: str
) -> None:
    # found by the context, or already by the model (then not flagged as context-only)
    assert name in _marked(resolver, nlp, text)


def test_a_name_the_model_calls_a_people_is_still_a_place_by_its_cue(
    resolver: PlaceResolver, nlp: Any
) -> None:
    text = "Seven villagers died in the town of Rastani in central Syria."
    assert "Rastani" in _marked(resolver, nlp, text)
    # ... but a people or faith next to a cue is not a place
    assert "Hindu" not in _marked(resolver, nlp, "The neighboring Hindu village had protested.")


def test_a_list_after_a_plural_cue(resolver: PlaceResolver, nlp: Any) -> None:
    text = "Militias raided the villages of Ombaru, Tessiko and Dalmoura before dawn."
    assert {"Ombaru", "Tessiko", "Dalmoura"} <= set(_marked(resolver, nlp, text))


def test_no_cue_without_a_name(resolver: PlaceResolver, nlp: Any) -> None:
    text = "Many area residents said the Northern district was calm, said Mary Hill."
    got = _marked(resolver, nlp, text)
    assert not any(got.values()), got


@pytest.mark.parametrize(
    ("text", "not_places"),
    [
        ("In the town of Kelso, Abbott and Cruz met the families.", {"Abbott", "Cruz"}),
        ("Nearly a quarter of Facebook users saw the post.", {"Facebook"}),
        ("Ras Baraka said the city would rebuild.", {"Ras Baraka"}),
    ],
)
def test_cues_do_not_make_places_of_people_and_firms(
    resolver: PlaceResolver, nlp: Any, text: str, not_places: set[str]
) -> None:
    got = _marked(resolver, nlp, text)
    assert not any(got.get(name) for name in not_places), got


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Artillery shelled the town of Bakhmut overnight.", "Bakhmut", "UKR"),
        ("Explosions were heard in the city of Kiev.", "Kiev", "UKR"),
    ],
)
def test_a_cued_town_alone_keeps_its_entry(
    resolver: PlaceResolver, nlp: Any, text: str, name: str, country: str
) -> None:
    marked = resolver.recognize_marked(nlp(text))
    spans = [s for s, _ in marked]
    places = resolver.resolve(text, spans, [m for _, m in marked])
    got = {text[s[0] : s[1]]: p for s, p in zip(spans, places, strict=True)}
    place = got[name]
    assert place is not None and place.country == country


def test_a_namesake_abroad_is_not_taken(resolver: PlaceResolver, nlp: Any) -> None:
    # a small Polish town; as a village in a Nigerian story it stays a name only
    text = "Gunmen attacked the village of Olecko in Kaduna State, Nigeria, killing four."
    doc = nlp(text)
    marked = resolver.recognize_marked(doc)
    spans = [s for s, _ in marked]
    places = resolver.resolve(text, spans, [m for _, m in marked])
    by_text = {text[s[0] : s[1]]: p for s, p in zip(spans, places, strict=True)}
    assert by_text["Kaduna State"] is not None and by_text["Kaduna State"].country == "NGA"
    assert by_text["Olecko"] is None


def test_event_at_an_unknown_village_takes_the_area_around(pipeline: Pipeline) -> None:
    text = "On 3 May 2020, gunmen killed 4 people in the village of Zarbouka in Borno State."
    result = pipeline.process_one(Article(text=text, published=None))
    loc = result.events[0].location
    assert loc is not None and loc.name == "Zarbouka"
    assert loc.country == "NGA" and loc.admin1 and loc.geo_precision >= 2


def test_cue_file_rejects_unknown_kinds(tmp_path: Path) -> None:
    bad = tmp_path / "cues.tsv"
    bad.write_text("village\tbefore\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown cue kind"):
        PlaceCues.load(bad)


@pytest.mark.parametrize(
    ("text", "verb", "where"),
    [
        ("France welcomed the decision on Monday.", "welcomed", None),
        ("Turkey reinforced its positions near Afrin on Monday.", "reinforced", "Afrin"),
        ("They held the Baghdad regime responsible.", "held", None),
        ("A U.S. soldier was wounded near Kandahar on Monday.", "wounded", "Kandahar"),
    ],
)
def test_who_acted_is_not_where_it_happened(
    pipeline: Pipeline, text: str, verb: str, where: str | None
) -> None:
    _, doc, places = next(pipeline.analyse([Article(text=text, published=None)]))
    start = text.index(verb)
    got = pipeline.locate(doc, places, (start, start + len(verb)))
    assert (text[got[0] : got[1]] if got else None) == where


def test_a_name_before_a_bracketed_region_is_a_place(resolver: PlaceResolver, nlp: Any) -> None:
    # ACLED's notes: "X (District, Region)"; brackets that hold no region mark nothing
    text = (
        "Warplanes struck Bir Tessiko (Al Jabal Al Gharbi) and later Ombaru Wells "
        "(Kawa, Tillaberi)."
    )
    got = _marked(resolver, nlp, text)
    assert got.get("Bir Tessiko") is True and got.get("Ombaru Wells") is True
    other = "The talks with Dalmoura Holdings (a trading firm) ended."
    assert "Dalmoura Holdings" not in _marked(resolver, nlp, other)


def test_a_person_before_a_bracketed_state_is_no_place(resolver: PlaceResolver, nlp: Any) -> None:
    text = "Senator Mary Tessiko (Texas) said the bill would pass."
    assert "Mary Tessiko" not in _marked(resolver, nlp, text)


def test_a_person_described_by_a_village_is_no_place(resolver: PlaceResolver, nlp: Any) -> None:
    text = "Musa Tellou, a village elder in Maiduguri, was killed on Monday."
    assert "Musa Tellou" not in _marked(resolver, nlp, text)
