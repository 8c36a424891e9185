"""Event extraction on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest


def _events(extract: Any, text: str, published: str = "2020-02-17") -> list[dict[str, Any]]:
    return extract(text, published).to_dict()["events"]


def _acled(ev: dict[str, Any]) -> tuple[str | None, str | None]:
    a = ev["acled"] or {}
    return a.get("event_type"), a.get("sub_event_type")


def test_shelling_with_passive_victims(extract: Any) -> None:
    evs = _events(
        extract, "Five civilians were killed in shelling on the town of Kafr Nabl on Sunday."
    )
    assert len(evs) == 1
    ev = evs[0]
    assert _acled(ev) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert ev["fatalities"] == 5
    assert ev["date"] == "2020-02-16" and ev["time_precision"] == 1


def test_passive_agent_is_actor1(extract: Any) -> None:
    ev = _events(extract, "A journalist was arrested by police in Harare on Friday.")[0]
    assert ev["plover"]["type"] == "COERCE"
    assert _acled(ev) == ("Strategic developments", "Arrests")
    assert ev["actor1"]["sector"] == "COP"
    assert ev["actor2"]["inter"] == 7
    assert ev["arrested"] == 1


def test_attack_on_civilians_is_violence_against_civilians(extract: Any) -> None:
    ev = _events(
        extract, "Gunmen attacked villagers in central Mali on Tuesday, killing 14 people."
    )[0]
    assert _acled(ev) == ("Violence against civilians", "Attack")
    assert ev["actor1"]["inter"] == 3
    assert ev["fatalities"] == 14


def test_protest_broken_up_by_police(extract: Any) -> None:
    text = (
        "Thousands of students protested in Khartoum on Monday "
        "before police dispersed them with tear gas."
    )
    ev = _events(extract, text)[0]
    assert _acled(ev) == ("Protests", "Protest with intervention")


def test_reported_clause_codes_the_inner_event(extract: Any) -> None:
    ev = _events(extract, "The ministry said rebels attacked an army post near Beni.")
    assault = next(e for e in ev if e["plover"]["type"] == "ASSAULT")
    assert assault["actor1"]["sector"] == "REB"
    assert assault["reported_by"]


def test_future_meeting_and_historical_agreement(extract: Any) -> None:
    evs = _events(
        extract,
        "The foreign ministers will meet in Muscat next week. "
        "The accord was signed in Algiers in 2015.",
    )
    meet = next(e for e in evs if e["plover"]["type"] == "CONSULT")
    assert meet["future"] is True
    agree = next(e for e in evs if e["plover"]["type"] == "AGREE")
    assert agree["historical"] is True
    assert agree["date"] == "2015-01-01" and agree["time_precision"] == 3


def test_negation(extract: Any) -> None:
    ev = _events(extract, "The army did not attack the village.")[0]
    assert ev["negated"] is True


def test_quote_with_titled_speaker(extract: Any) -> None:
    res = extract(
        '"We will not accept this aggression," Foreign Minister Amadou Diallo said on Monday.'
    ).to_dict()
    assert res["quotes"]
    q = res["quotes"][0]
    assert q["text"] == "We will not accept this aggression,"
    assert q["speaker"]["name"] == "Amadou Diallo"


def test_arrests_at_a_protest_are_its_intervention(extract: Any) -> None:
    evs = _events(
        extract,
        "Hundreds of teachers protested in Bamako on Monday over unpaid salaries. "
        "Police arrested 12 demonstrators.",
    )
    typed = [e for e in evs if e["acled"]]
    assert len(typed) == 1
    assert _acled(typed[0]) == ("Protests", "Protest with intervention")
    assert typed[0]["arrested"] == 12
    assert typed[0]["actor1"]["inter"] == 6


def test_crowd_violence_is_mob_violence(extract: Any) -> None:
    ev = _events(extract, "A group of residents beat a suspected thief in Kano on Sunday.")[0]
    assert _acled(ev) == ("Riots", "Mob violence")


def test_later_mention_of_the_same_clash_adds_its_dead(extract: Any) -> None:
    evs = _events(
        extract,
        "Soldiers clashed with rebels near Gao on Sunday. Four soldiers were killed in the clash.",
    )
    battles = [e for e in evs if _acled(e)[0] == "Battles"]
    assert len(battles) == 1
    assert battles[0]["fatalities"] == 4


def test_coordinated_subjects_are_one_event_listing_both(extract: Any) -> None:
    evs = _events(extract, "Mali and Niger condemned the attack on the convoy.")
    accuse = [e for e in evs if e["plover"]["type"] == "ACCUSE"]
    assert len(accuse) == 1  # one happening (merge.one_trigger_many_actors)
    assert {a["country"] for a in accuse[0]["actors1"]} == {"MLI", "NER"}


def test_a_capital_speaks_for_its_government(extract: Any) -> None:
    ev = _events(extract, "Moscow accused Kyiv of shelling the power plant.")[0]
    assert ev["plover"]["type"] == "ACCUSE"
    assert ev["actor1"]["country"] == "RUS"
    assert ev["actor1"]["cameo"] == "RUS"


def test_a_date_in_a_relative_clause_is_not_the_events(extract: Any) -> None:
    ev = _events(
        extract,
        "Government troops on Friday recaptured the town of Kidal, which rebels had held "
        "since 2012.",
    )
    capture = next(e for e in ev if _acled(e)[0] == "Battles")
    assert capture["date"] == "2020-02-14" and capture["time_precision"] == 1
    assert capture["historical"] is False


def test_date_numbers_are_not_counts_and_families_are(extract: Any) -> None:
    ev = _events(extract, "On 6 May 2020, three men were found dead in Zamora, Michoacan.")[0]
    assert ev["fatalities"] == 3
    ev = _events(
        extract, "Shells fired by the rebels killed a family of three in Tripoli on Monday."
    )[0]
    assert ev["fatalities"] == 3


def _primary(extract: Any, text: str) -> dict[str, Any]:
    evs = [e for e in _events(extract, text) if e["acled"]]
    return max(evs, key=lambda e: e["confidence"])


def test_a_claim_of_responsibility_names_the_perpetrator(extract: Any) -> None:
    ev = _primary(
        extract,
        "Gunmen stormed a market in Gao on Monday, killing four traders. "
        "JNIM claimed responsibility for the attack.",
    )
    assert ev["actor1"]["name"].startswith("JNIM")
    assert ev["actor1"]["inter"] == 2


def test_a_group_named_in_the_sentence_is_the_unnamed_bomber(extract: Any) -> None:
    ev = _primary(
        extract, "Two policemen were wounded by a Taliban-planted mine in Ghazni on Sunday."
    )
    assert ev["actor1"]["name"] == "Taliban"


def test_two_named_groups_leave_the_perpetrator_unnamed(extract: Any) -> None:
    ev = _primary(
        extract,
        "A bomb exploded near a checkpoint in Kismayo on Sunday. Both al-Shabaab and "
        "the Islamic State were active in the area.",
    )
    assert ev["actor1"] is None or ev["actor1"]["name"].startswith("Unidentified")


def test_later_militants_are_the_group_named_before(extract: Any) -> None:
    ev = _primary(
        extract,
        "Soldiers repelled an assault by Taliban fighters in Kunduz on Friday, killing "
        "six militants.",
    )
    names = {ev["actor1"]["name"], ev["actor2"]["name"]}
    assert "Taliban" in names


def test_a_state_army_abroad_is_an_external_force(extract: Any) -> None:
    ev = _primary(
        extract,
        "Turkish troops shelled positions of the Syrian army near Saraqib in Syria on Monday.",
    )
    inters = {ev["actor1"]["inter"], ev["actor2"]["inter"]}
    assert inters == {1, 8}


def test_an_unnamed_shootout_has_two_unidentified_sides(extract: Any) -> None:
    ev = _primary(extract, "A shoot-out took place in a neighbourhood of Recife on Tuesday.")
    assert _acled(ev) == ("Battles", "Armed clash")
    assert ev["actor1"]["inter"] == 3 and ev["actor2"]["inter"] == 3


def test_armed_men_attacking_property_is_violence_against_civilians(extract: Any) -> None:
    ev = _primary(
        extract, "Armed men attacked a farm near Bunia on Saturday and killed one worker."
    )
    assert _acled(ev) == ("Violence against civilians", "Attack")


def test_a_four_digit_count_is_not_a_year(extract: Any) -> None:
    ev = _primary(extract, "Monitors recorded 1125 explosions near Horlivka on Monday.")
    assert ev["date"] == "2020-02-17"


def test_a_background_event_from_years_ago_is_not_the_primary_one(extract: Any) -> None:
    ev = _primary(
        extract,
        "On 16 February 2020, residents protested in Lviv against the arrest of an activist. "
        "The activist stabbed a man in Odessa on 24 May 2018.",
    )
    assert _acled(ev)[0] == "Protests" and ev["date"] == "2020-02-16"


def test_a_protest_against_an_arrest_is_a_peaceful_protest(extract: Any) -> None:
    evs = _events(extract, "Residents protested in Lviv against the arrest of an activist.")
    protest = [e for e in evs if e["plover"]["type"] == "PROTEST"]
    assert len(protest) == 1
    assert _acled(protest[0]) == ("Protests", "Peaceful protest")


def test_fatal_verbs_count_their_victims(extract: Any) -> None:
    assert _primary(extract, "A trader was stabbed to death in Kano on Monday.")["fatalities"] == 1
    assert _primary(extract, "Gunmen fatally shot a teacher in Kano on Monday.")["fatalities"] == 1


def test_coordinated_single_victims_add_up(extract: Any) -> None:
    ev = _primary(
        extract,
        "The district head and his bodyguard were killed when a roadside bomb exploded "
        "in Helmand on Monday.",
    )
    assert ev["fatalities"] == 2


def test_drug_arrests_are_against_a_gang(extract: Any) -> None:
    evs = _events(
        extract,
        "Federal police dismantled a cocaine lab in Manaus on Monday. Two men were arrested.",
    )
    # the lab and the arrests are one police operation (merge.one_operation)
    (operation,) = [e for e in evs if _acled(e)[0] == "Strategic developments"]
    assert operation["arrested"] == 2
    assert operation["actor2"]["name"].startswith("Unidentified Gang")


def test_the_agent_of_an_operation_is_the_actor(extract: Any) -> None:
    ev = _primary(extract, "An operation by Afghan forces killed six Taliban fighters in Ghazni.")
    assert ev["actor1"]["name"] == "Military Forces of Afghanistan"


def test_a_member_of_an_unknown_party_is_a_civilian(extract: Any) -> None:
    ev = _primary(extract, "Ruling party youths beat a UPN member in Gitega on Monday.")
    assert ev["actor2"]["inter"] == 7


def test_a_shootout_during_a_police_operation_is_police_against_the_named_gang(
    extract: Any,
) -> None:
    ev = _primary(
        extract,
        "On 16 February 2020, police officers raided a favela of Recife controlled by the "
        "Red Command. A shoot-out broke out.",
    )
    assert _acled(ev) == ("Battles", "Armed clash")
    assert {ev["actor1"]["inter"], ev["actor2"]["inter"]} == {1, 3}


def test_what_a_blast_targets_is_its_target(extract: Any) -> None:
    ev = _primary(
        extract, "A roadside bomb exploded near Baidoa on Monday, targeting a police convoy."
    )
    assert ev["actor2"]["sector"] == "COP"


def test_one_civilian_is_no_crowd(extract: Any) -> None:
    """A man beating or looting alone commits an attack or destruction, not a riot."""
    ev = _primary(extract, "A man beat a shopkeeper with a stick in Ombarin on Sunday.")
    assert _acled(ev) == ("Violence against civilians", "Attack")
    ev = _primary(extract, "A group of men looted a shop in Ombarin on Sunday.")
    assert _acled(ev) == ("Riots", "Violent demonstration")


def test_a_crowd_fighting_police_without_guns_is_mob_violence(extract: Any) -> None:
    ev = _primary(extract, "Market traders clashed with police in Lagos on Monday.")
    assert _acled(ev) == ("Riots", "Mob violence")


def test_a_chief_police_officer_is_police(extract: Any) -> None:
    ev = _primary(extract, "Gunmen attacked a chief police officer near Mazatlan on Monday.")
    assert ev["actor2"]["sector"] == "COP"
    assert _acled(ev) == ("Battles", "Armed clash")


def test_an_arrest_after_a_seizure_is_not_the_story(extract: Any) -> None:
    ev = _primary(
        extract,
        "Federal police seized two tons of marijuana in a truck near Dourados on Monday. "
        "A man was arrested.",
    )
    assert _acled(ev) == ("Strategic developments", "Looting/property destruction")


def test_a_demonym_is_not_where_it_happened(extract: Any) -> None:
    ev = _primary(extract, "A suicide bomber killed ten Iranian pilgrims on Tuesday.")
    assert ev["location"] is None or ev["location"]["country"] != "IRN"


def test_an_unknown_village_is_the_scene_at_the_coordinates_of_its_region(extract: Any) -> None:
    ev = _primary(
        extract, "Gunmen killed two farmers in Qaryat Zubaydat, Diyala province, on Monday."
    )
    loc = ev["location"]
    assert loc["text"] == "Qaryat Zubaydat"
    assert loc["geonameid"] is None and loc["geo_precision"] >= 2
    assert loc["country"] == "IRQ" and loc["lat"] is not None


def test_the_names_in_brackets_after_a_place_locate_it(extract: Any) -> None:
    # eThekwini is a town to the gazetteer, but here it only says where Verulam lies
    ev = _primary(
        extract,
        "Residents burned a police post in Verulam (eThekwini, KwaZulu-Natal) on Friday. "
        "They accused officers of ignoring a spate of thefts.",
    )
    assert ev["location"]["text"] == "Verulam"
    # a village the gazetteer lacks lies at the town named beside it, not mid-region
    ev = _primary(
        extract, "Gunmen killed two herders in the village of Tessaro (Ansongo, Gao) on Monday."
    )
    loc = ev["location"]
    assert loc["text"] == "Tessaro" and loc["geonameid"] is None and loc["geo_precision"] >= 2
    assert abs(loc["lat"] - 15.66) < 0.1 and abs(loc["lon"] - 0.50) < 0.1  # Ansongo
    # "X subdivision" names the town the subdivision is named after
    ev = _primary(
        extract,
        "Soldiers raided Ombarin village, Biankouma subdivision (Tonkpi, Montagnes) on Monday.",
    )
    loc = ev["location"]
    assert loc["text"] == "Ombarin"
    # Cameroon's Far North region by its French name; "Mayo" of "Mayo-Sava" is no Irish county
    text = "Fighters looted a clinic in Tessaro town (Mayo-Sava, Extreme-Nord) on Sunday."
    assert _primary(extract, text)["location"]["country"] == "CMR"
    assert abs(loc["lat"] - 7.74) < 0.1 and abs(loc["lon"] + 7.61) < 0.1  # Biankouma


def test_a_mob_setting_a_building_alight_is_a_riot(extract: Any) -> None:
    ev = _primary(extract, "About 300 residents set alight a tavern in Tongaat on Friday.")
    assert _acled(ev)[0] == "Riots"


def test_rioters_fight_the_police_named_nearby(extract: Any) -> None:
    ev = _primary(
        extract,
        "Youths rioted in Mzuzu on Saturday, burning tyres and pelting the police with stones.",
    )
    assert _acled(ev)[0] == "Riots"
    assert ev["actor2"] is not None and ev["actor2"]["sector"] == "COP"


def test_the_part_not_the_whole_is_the_scene(extract: Any) -> None:
    ev = _primary(
        extract, "A car bomb exploded in Baghdad's northern neighborhood of Hurriyah on Monday."
    )
    assert ev["location"]["text"] == "Hurriyah"


def test_a_distance_landmark_is_not_the_scene(extract: Any) -> None:
    ev = _primary(extract, "Gunmen attacked a bus in Yendi, 500 kilometers north of Accra.")
    assert ev["location"]["text"] == "Yendi"


def test_an_officer_attacked_off_duty_is_a_civilian(extract: Any) -> None:
    ev = _primary(
        extract, "Gunmen killed an off-duty police officer outside his house in Irapuato on Monday."
    )
    assert _acled(ev) == ("Violence against civilians", "Attack")
    assert ev["actor2"]["inter"] == 7


def test_heavy_weapons_without_small_arms_are_shelling(extract: Any) -> None:
    ev = _primary(
        extract,
        "On 16 February 2020, rebels fired grenade launchers and heavy machine guns at army "
        "positions near Avdiivka.",
    )
    assert _acled(ev) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    ev = _primary(
        extract,
        "On 16 February 2020, rebels fired mortars and small arms at army positions near Avdiivka.",
    )
    assert _acled(ev) == ("Battles", "Armed clash")


def test_targeted_is_an_attack_only_with_a_weapon_named(extract: Any) -> None:
    ev = _primary(
        extract, "On 16 February 2020, the air force targeted rebel positions near Kidal."
    )
    assert _acled(ev) == ("Explosions/Remote violence", "Air/drone strike")
    ev = _primary(extract, "On 16 February 2020, a VBIED targeted an army convoy near Gao.")
    assert _acled(ev) == ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    evs = _events(extract, "The new tax targeted farmers and traders in Mopti.")
    assert not [e for e in evs if e["plover"]["type"] == "ASSAULT"]


def test_bursts_of_fire_are_typed_by_their_weapons(extract: Any) -> None:
    ev = _primary(
        extract,
        "On 16 February 2020, monitors recorded 12 bursts of fire from heavy machine guns near "
        "Avdiivka.",
    )
    assert _acled(ev) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    ev = _primary(extract, "On 16 February 2020, monitors heard 3 bursts of fire from small arms.")
    assert _acled(ev) == ("Battles", "Armed clash")


def test_a_found_head_is_a_killing_and_a_gang_handing_out_food_a_change(extract: Any) -> None:
    ev = _primary(extract, "On 16 February 2020, a severed head was found near a market in Gao.")
    assert _acled(ev) == ("Violence against civilians", "Attack")
    ev = _primary(
        extract, "On 16 February 2020, the Gulf Cartel delivered food parcels to poor families."
    )
    assert _acled(ev) == ("Strategic developments", "Change to group/activity")


def test_a_protest_whose_demonstrators_then_destroy_things_is_a_riot(extract: Any) -> None:
    ev = _primary(
        extract,
        "On 16 February 2020, traders demonstrated in Sikasso over a new tax. The demonstrators "
        "destroyed two toll booths.",
    )
    assert _acled(ev) == ("Riots", "Violent demonstration")
    assert ev["actor1"]["inter"] == 5


def test_the_month_of_march_is_no_protest(extract: Any) -> None:
    ev = _primary(extract, "On 3 March 2019, a gunfight broke out near Gao.")
    assert _acled(ev) == ("Battles", "Armed clash")
    ev = _primary(extract, "Thousands of teachers marched in Bamako on 8 May.")
    assert _acled(ev) == ("Protests", "Peaceful protest")


def test_an_attack_beats_a_curfew_and_stolen_cattle_follow_the_raid(extract: Any) -> None:
    ev = _primary(extract, "On 16 February 2020, soldiers beat up violators of the curfew in Gao.")
    assert _acled(ev) == ("Violence against civilians", "Attack")
    ev = _primary(
        extract,
        "On 16 February 2020, raiders attacked a herders' camp and clashed with village militiamen "
        "near Tonj. At least 10 people were killed. 400 head of cattle were stolen.",
    )
    assert _acled(ev) == ("Battles", "Armed clash") and ev["fatalities"] == 10


def test_armed_youths_are_an_armed_group_not_a_crowd(extract: Any) -> None:
    ev = _primary(extract, "On 16 February 2020, armed youths attacked two farmers near Mopti.")
    assert _acled(ev) == ("Violence against civilians", "Attack")
    assert ev["actor1"]["inter"] == 3


def test_a_riot_then_called_a_demonstration_stays_a_riot(extract: Any) -> None:
    ev = _primary(
        extract,
        "On 16 February 2020, residents burned tyres on the main road in Kayes. Police "
        "dispersed the demonstration with tear gas.",
    )
    assert _acled(ev) == ("Riots", "Violent demonstration")


def test_burning_a_person_is_an_attack_and_a_movement_name_no_riot(extract: Any) -> None:
    ev = _primary(extract, "On 16 February 2020, a man was burned to death by a gang in Gao.")
    assert _acled(ev)[0] == "Violence against civilians"
    ev = _primary(extract, "On 16 February 2020, members of the Torch Movement marched in Kayes.")
    assert _acled(ev) == ("Protests", "Peaceful protest")


def test_a_death_a_protest_is_about_is_no_force_against_it(extract: Any) -> None:
    """Deaths in what a protest is about (a crash, an illness) do not make it excessive force;
    deaths as police broke it up, or live fire, do."""
    for text in (
        "On 9 March 2021, relatives of a cyclist who died in a crash rallied outside the court "
        "in Ombarin demanding justice.",
        "On 9 March 2021, inmates protested in Tessaro prison after a fellow inmate died of fever.",
    ):
        assert _acled(_primary(extract, text)) == ("Protests", "Peaceful protest"), text
    ev = _primary(
        extract,
        "On 9 March 2021, police opened fire on marchers in Ombarin, killing two of them.",
    )
    assert _acled(ev) == ("Protests", "Excessive force against protesters")


def test_stones_thrown_by_a_crowd_are_mob_violence_by_armed_men_an_attack(extract: Any) -> None:
    cases = {
        "On 9 March 2021, residents stoned police vehicles in Ombarin.": ("Riots", "Mob violence"),
        "On 9 March 2021, angry youths pelted the mayor's convoy with rocks in Tessaro.": (
            "Riots",
            "Mob violence",
        ),
        "On 9 March 2021, militants stoned a man to death in Tessaro.": (
            "Violence against civilians",
            "Attack",
        ),
    }
    for text, want in cases.items():
        ev = _primary(extract, text)
        assert ev["plover"]["type"] == "ASSAULT" and _acled(ev) == want, text


def test_the_trigger_lexicon_lists_each_trigger_once() -> None:
    from collections import Counter

    from eventdesk import lexicon_files

    keys = Counter((row[0], row[1]) for _, _, row in lexicon_files.rows("events.tsv"))
    assert [k for k, n in keys.items() if n > 1] == []


def test_arrests_around_violence_are_not_the_story(extract: Any) -> None:
    ev = _primary(
        extract, "On 16 February 2020, soldiers killed 5 rebels and arrested 8 others near Kidal."
    )
    assert _acled(ev) == ("Battles", "Armed clash")
    ev = _primary(
        extract,
        "On 16 February 2020, police arrested a street vendor in Kano. He was beaten in custody.",
    )
    assert _acled(ev) == ("Violence against civilians", "Attack")


def test_unknown_people_who_attack_are_an_unidentified_armed_group(extract: Any) -> None:
    ev = _primary(
        extract, "On 16 February 2020, two teachers were beaten by unknown people in Gao."
    )
    assert _acled(ev) == ("Violence against civilians", "Attack")
    assert ev["actor1"]["name"].startswith("Unidentified Armed Group")


def test_a_defused_bomb_and_a_tax_on_mine_workers_are_no_attacks(extract: Any) -> None:
    ev = _primary(extract, "On 16 February 2020, police defused a bomb near the market in Kano.")
    assert _acled(ev) == ("Strategic developments", "Disrupted weapons use")
    evs = _events(extract, "The new tax targeted mine workers in Kolwezi.")
    assert not [e for e in evs if e["plover"]["type"] == "ASSAULT"]


def test_fighting_a_disease_is_no_battle(extract: Any) -> None:
    evs = _events(extract, "The governor announced new measures to fight the coronavirus in Kano.")
    assert not [e for e in evs if e["plover"]["type"] == "ASSAULT"]
    ev = _primary(extract, "On 16 February 2020, soldiers fought the rebels near Kidal.")
    assert _acled(ev) == ("Battles", "Armed clash")


def test_monitors_counting_the_same_fire_is_the_same_happening(extract: Any) -> None:
    evs = _events(
        extract,
        "On 16 February 2020, rebels fired mortars at army positions near Avdiivka. "
        "Monitors counted 40 explosions near Avdiivka.",
    )
    violent = [e for e in evs if e["plover"]["type"] == "ASSAULT"]
    assert len(violent) == 1
    assert _acled(violent[0])[1] == "Shelling/artillery/missile attack"
    evs = _events(
        extract,
        "On 16 February 2020, rebels fired mortars at army positions near Avdiivka. "
        "Monitors recorded fire in both directions near Avdiivka.",
    )
    violent = [e for e in evs if e["plover"]["type"] == "ASSAULT"]
    assert len(violent) == 1 and _acled(violent[0]) == ("Battles", "Armed clash")


def test_men_who_shoot_people_are_armed_not_a_mob(extract: Any) -> None:
    ev = _primary(extract, "Two men shot at customers inside a store in Monterrey on Monday.")
    assert _acled(ev) == ("Violence against civilians", "Attack")
    assert ev["actor1"]["inter"] == 3


def test_islamist_militants_are_not_an_ethnic_militia(extract: Any) -> None:
    ev = _primary(extract, "Islamist militants attacked a village near Macomia on Monday.")
    assert ev["actor1"]["inter"] != 4


def test_the_target_of_fired_weapons_hangs_lower_in_the_phrase(extract: Any) -> None:
    ev = _primary(
        extract,
        "On 16 February 2020, rebels fired mortars and grenade launchers at the governmental "
        "positions near Avdiivka.",
    )
    assert ev["actor2"] is not None and ev["actor2"]["inter"] == 1


def test_killings_in_a_drug_war_are_against_a_gang(extract: Any) -> None:
    ev = _primary(
        extract,
        "Two armed men shot dead a man in Manaus on Monday. The victim had charges against him "
        "for drug trafficking.",
    )
    assert ev["actor2"]["inter"] == 3


def test_a_state_force_in_the_sentence_is_the_other_side_of_a_one_sided_clash(
    extract: Any,
) -> None:
    ev = _primary(
        extract,
        "On 3 March 2020, FARDC soldiers retook Vuhika after a clash with the ADF near Beni.",
    )
    assert _acled(ev) == ("Battles", "Armed clash")
    assert {ev["actor1"]["inter"], ev["actor2"]["inter"]} == {1, 2}


def test_plural_militias_fighting_among_themselves_are_both_sides(extract: Any) -> None:
    ev = _primary(extract, "Two rival clan militias clashed in Dusamareb on Sunday.")
    assert _acled(ev) == ("Battles", "Armed clash")
    assert ev["actor1"]["inter"] == ev["actor2"]["inter"] == 4
    # a militia that fought somebody named is not its own enemy
    ev = _primary(extract, "Clan militias clashed with soldiers in Dusamareb on Sunday.")
    assert {ev["actor1"]["inter"], ev["actor2"]["inter"]} == {1, 4}


def test_a_counterprotest_is_the_other_side_of_a_protest(extract: Any) -> None:
    text = "Hundreds of nurses protested in Lisbon on Friday. A small counter-protest was held."
    ev = _primary(extract, text)
    assert _acled(ev)[0] == "Protests"
    assert ev["actor1"]["inter"] == ev["actor2"]["inter"] == 6
    ev = _primary(extract, "Hundreds of nurses protested in Lisbon on Friday.")
    assert ev["actor2"] is None
    # a counter-protest in another paragraph met another protest
    text = (
        "Hundreds of nurses protested in Lisbon on Friday.\n\n"
        "Farmers protested in Porto on Saturday, and a small counter-protest was held."
    )
    lisbon = [
        e for e in _events(extract, text) if e["location"] and e["location"]["text"] == "Lisbon"
    ]
    assert lisbon and all(e["actor2"] is None for e in lisbon)


def test_police_who_protest_are_protesters(extract: Any) -> None:
    ev = _primary(extract, "Dozens of police officers protested in Sfax over unpaid bonuses.")
    assert _acled(ev) == ("Protests", "Peaceful protest")
    assert ev["actor1"]["inter"] == 6


def test_prison_guards_who_put_down_a_riot_are_its_other_side(extract: Any) -> None:
    ev = _primary(
        extract,
        "Inmates rioted at Mpimba prison on Monday and burned mattresses. "
        "Prison guards fired shots to restore order.",
    )
    assert _acled(ev)[0] == "Riots"
    assert ev["actor2"]["inter"] == 1 and ev["actor2"]["sector"] == "COP"


def test_armed_herders_are_a_communal_militia(extract: Any) -> None:
    ev = _primary(extract, "Armed pastoralists attacked farmers near Nyala, killing two.")
    assert ev["actor1"]["inter"] == 4
    assert ev["actor2"]["inter"] == 7


def test_a_killing_in_a_drug_story_is_against_a_gang_only_if_the_victim_was_a_criminal(
    extract: Any,
) -> None:
    text = (
        "On 3 March 2020, in Maceio, a man was shot dead by two gunmen. "
        "He was facing charges of drug trafficking."
    )
    assert _primary(extract, text)["actor2"]["inter"] == 3
    text = (
        "On 3 March 2020, in Maceio, a man was shot dead by two gunmen. "
        "Police said the attack could be linked to drug trafficking."
    )
    assert _primary(extract, text)["actor2"]["inter"] == 7


def test_an_attack_on_army_positions_is_against_the_army(extract: Any) -> None:
    ev = _primary(extract, "Insurgents fired two rockets at an army camp in Tessit on Monday.")
    assert ev["actor2"]["inter"] == 1 and ev["actor2"]["sector"] == "MIL"
    ev = _primary(extract, "Rioters set fire to the police station in Lunsar on Friday.")
    assert ev["actor2"]["inter"] == 1 and ev["actor2"]["sector"] == "COP"


def test_a_place_that_says_whose_a_person_or_body_is_is_not_the_scene(extract: Any) -> None:
    ev = _primary(extract, "Italy's Anna Berg was shot dead on Monday.")
    assert ev["location"] is None
    ev = _primary(extract, "Mombasa County Commissioner John Otieno was shot dead on Monday.")
    assert ev["location"] is None
    # a place before an organisation named after a building or area is the scene
    ev = _primary(extract, "Gunmen attacked the Kano Central Mosque on Friday, killing two.")
    assert ev["location"] is not None and ev["location"]["text"] == "Kano"


@pytest.mark.parametrize(
    ("text", "word", "where"),
    [
        # a place that says whose or what kind a thing is, is not where the event was
        ("Pirates have attacked Mombasa shipping for a year.", "attacked", None),
        ("Thousands of people protested Norway's plans for a new dam.", "protested", None),
        # ... but a site, part or facility it modifies is where it happened
        ("Gunmen attacked a Kismayo cafe on Friday, killing four people.", "attacked", "Kismayo"),
        ("The army launched an offensive in the northern Idlib countryside.", "launched", "Idlib"),
        # and so does an event it names
        ("Police arrested two men over the Nairobi bombing.", "arrested", "Nairobi"),
    ],
)
def test_a_place_that_modifies_a_thing_is_not_the_scene(
    pipeline: Any, text: str, word: str, where: str | None
) -> None:
    assert _where(pipeline, text, word) == where


def test_where_another_verb_went_is_not_the_scene(pipeline: Any) -> None:
    text = "He was arrested in March and later flown to Nairobi for trial."
    assert _where(pipeline, text, "arrested") is None
    text = "His shop was looted and he moved his family to Mombasa."
    assert _where(pipeline, text, "looted") is None
    # the trigger's own destination, and "close to", still place it
    assert _where(pipeline, "Protesters marched to Harare on Monday.", "marched") == "Harare"
    text = "Gunmen attacked two villages close to Blida, killing six people."
    assert _where(pipeline, text, "attacked") == "Blida"
    # where people come from is not where it happened either
    text = "Two observers, one from Ghana and one from Malawi, were abducted and killed."
    assert _where(pipeline, text, "killed") is None
    text = "Officials from Kenya said the attackers fled after the raid."
    assert _where(pipeline, text, "raid") is None


def test_a_region_holding_only_a_destination_is_still_the_scene(pipeline: Any) -> None:
    # Ben Gardane lies in Medenine governorate, but it is only where the lorries were going
    text = (
        "Traders protested in Medenine (Medenine) on Sunday after customs officers stopped "
        "lorries driving to Ben Gardane."
    )
    assert _where(pipeline, text, "protested") == "Medenine"


def test_a_place_the_parser_hung_on_a_later_noun_is_still_the_scene(pipeline: Any) -> None:
    # a parse the model sometimes gives: "Tessaly" as a modifier of "justice", past the
    # participle "demanding"; built by hand, as the model gives it only now and then
    from spacy.tokens import Doc

    from eventdesk.extract.scene import PlaceMention, SceneWords, _whose
    from eventdesk.records import Place

    words = ["rallied", "outside", "the", "court", "of", "Tessaly", "demanding", "justice"]
    doc = Doc(
        pipeline.nlp.nlp.vocab,
        words=words,
        heads=[0, 0, 3, 1, 3, 7, 7, 4],
        deps=["ROOT", "prep", "det", "pobj", "prep", "compound", "amod", "pobj"],
        pos=["VERB", "ADP", "DET", "NOUN", "ADP", "PROPN", "VERB", "NOUN"],
        tags=["VBD", "IN", "DT", "NN", "IN", "NNP", "VBG", "NN"],
        lemmas=[w.lower() for w in words],
    )
    start = doc[5].idx
    mention = PlaceMention((start, start + 7), Place(text="Tessaly", name="Tessaly"))
    assert not _whose(doc, mention, SceneWords())


def test_a_later_sentence_takes_the_town_not_the_region_named_beside_it(
    pipeline: Any,
) -> None:
    text = (
        "In Santarem, Para, the body of a fisherman was found on a riverbank on Friday. "
        "He had been shot dead."
    )
    assert _where(pipeline, text, "shot") == "Santarem"
    # a region named far from the town, in another clause, is a place of its own
    text = (
        "Hundreds of farmers rallied in Chania against plans to sell grazing land across "
        "Crete. The rally ended peacefully."
    )
    assert _where(pipeline, text, "rally") == "Crete"


def test_the_next_sentence_may_say_where_it_happened(pipeline: Any) -> None:
    text = "Masked men torched a bank branch overnight. The incident occurred in Tirana."
    assert _where(pipeline, text, "torched") == "Tirana"
    text = "Gunmen shot dead a trader on Monday. The attack took place in Garissa."
    assert _where(pipeline, text, "shot") == "Garissa"
    # a next sentence that only mentions a place says nothing of where it happened
    text = "Arsonists set fire to a delivery van on Tuesday. Police in Tirana are investigating."
    assert _where(pipeline, text, "set") is None


def test_a_facility_the_model_names_is_the_scene(pipeline: Any) -> None:
    # a facility word ends the name, whatever the model took it for
    text = "Sniffer dogs patrolled the lawns outside the Tessaly Judicial Center."
    assert _where(pipeline, text, "patrolled") == "Tessaly Judicial Center"
    # a name of several words the model calls a facility
    text = "Fighting raged near the Tessara Hayat Tower on Monday."
    assert _where(pipeline, text, "raged") == "Tessara Hayat Tower"


def test_a_capital_an_event_is_done_to_is_where_it_happened(extract: Any) -> None:
    # the target may stand for the government (CAMEO), but the city is also the scene
    ev = _primary(extract, "On 3 March 2020, warplanes bombed Tripoli, killing four people.")
    assert ev["location"] is not None and ev["location"]["text"] == "Tripoli"
    ev = _primary(extract, "On 3 March 2020, militants attacked Kabul, killing two soldiers.")
    assert ev["location"] is not None and ev["location"]["text"] == "Kabul"


@pytest.mark.parametrize(
    ("text", "name", "landmark"),
    [
        ("Clashes broke out at Tessira on the border with Turkey.", "Turkey", True),
        ("Four men were shot in a border town with Cameroon.", "Cameroon", True),
        ("Two soldiers were killed 30 km north of Gao.", "Gao", True),
        ("Fighting erupted in Tessara, 350 km north of the capital Mogadishu.", "Mogadishu", True),
        ("Clashes broke out in Turkey on Monday.", "Turkey", False),
        ("Rebels clashed with Turkey's army.", "Turkey", False),
    ],
)
def test_the_other_side_of_a_border_is_a_landmark(
    nlp: Any, text: str, name: str, landmark: bool
) -> None:
    from eventdesk.extract.scene import PlaceMention, _landmark
    from eventdesk.records import Place

    start = text.index(name)
    mention = PlaceMention((start, start + len(name)), Place(text=name, name=name))
    assert _landmark(nlp(text), mention) is landmark


def _where(pipeline: Any, text: str, word: str) -> str | None:
    """The text of the place the location stage gives for the event of ``word``, or None."""
    from eventdesk.records import Article

    ((_, doc, places),) = pipeline.analyse([Article(text=text)])
    start = text.index(word)
    span = pipeline.locate(doc, places, (start, start + len(word)))
    return None if span is None else text[slice(*span)]


def test_saying_something_somewhere_has_no_event_location(pipeline: Any) -> None:
    text = "Two soldiers were killed near Gao, a spokesman told reporters in Bamako."
    assert _where(pipeline, text, "told") is None
    assert _where(pipeline, text, "killed") == "Gao"


def test_two_state_forces_in_one_clash_are_its_sides(extract: Any) -> None:
    ev = _primary(
        extract, "On 3 March 2020, LNA forces repulsed an assault by GNA forces near Gharyan."
    )
    assert ev["actor1"]["inter"] == ev["actor2"]["inter"] == 1
    assert ev["actor1"]["name"] != ev["actor2"]["name"]
    # the force that reports a clash is its source, not its other side
    ev = _primary(extract, "On 3 March 2020, police were attacked near Kindu, the army said.")
    assert {ev["actor1"]["inter"], ev["actor2"]["inter"]} == {1, 3}


def test_a_named_building_the_model_took_for_an_organisation_is_the_scene(extract: Any) -> None:
    ev = _primary(extract, "On 3 March 2020, militants stormed the Tessaly Central Hospital.")
    assert ev["location"] is not None and ev["location"]["text"] == "Tessaly Central Hospital"
    # ... and a named site of several ("Gas Fields", "Orchards")
    ev = _primary(extract, "On 3 March 2020, rebels attacked the Tessara Orchards, killing two.")
    assert ev["location"] is not None and ev["location"]["text"] == "Tessara Orchards"
    ev = _primary(extract, "On 3 March 2020, the army shelled the Ombaru Gas Fields.")
    assert ev["location"] is not None and ev["location"]["text"] == "Ombaru Gas Fields"
    # an organisation that is no building is not a place
    ev = _primary(extract, "On 3 March 2020, the Islamic State stormed a village.")
    assert ev["location"] is None or ev["location"]["text"] != "Islamic State"


def test_the_named_part_of_a_city_is_the_scene(extract: Any) -> None:
    text = "On 3 March 2020, five civilians were killed in the Tessara neighborhood of Mogadishu."
    assert _primary(extract, text)["location"]["text"] == "Tessara"
    # "the Mogadishu suburb of X": the city is the whole, X the part
    text = "On 3 March 2020, five civilians were killed in the Mogadishu suburb of Tessara."
    assert _primary(extract, text)["location"]["text"] == "Tessara"


def test_villages_of_a_district_are_the_scene_not_the_district(pipeline: Any) -> None:
    text = (
        "Militants attacked Tessara and Bulkari villages of Damboa Local Government Area "
        "of Borno State, burning houses."
    )
    assert _where(pipeline, text, "burning") in {"Tessara", "Bulkari"}


def test_members_of_a_pro_government_militia_are_the_militia(extract: Any) -> None:
    ev = _primary(
        extract,
        "Two pro-government militia members were killed in an attack by rebels in Tessit.",
    )
    assert ev["actor2"]["inter"] == 3 and "Government" not in ev["actor2"]["name"]


def test_a_village_taken_for_a_namesake_abroad_does_not_make_an_army_foreign(
    extract: Any,
) -> None:
    # Kribi is a Cameroonian town; nothing in the text says the shells fell in Cameroon
    ev = _primary(extract, "On 3 May 2020, shells fired by LNA forces fell in Kribi village.")
    assert ev["actor1"]["inter"] == 1
    # an army in a country the text names is foreign there
    ev = _primary(extract, "On 3 May 2020, shells fired by Turkish forces fell in Kobani, Syria.")
    assert ev["actor1"]["inter"] == 8


def test_militias_from_a_community_or_local_militias_are_communal(extract: Any) -> None:
    ev = _primary(extract, "On 7 May 2020, militias from Okpara and Umueze clashed over farmland.")
    assert ev["actor1"]["inter"] == 4 and ev["actor1"]["name"].startswith("Okpara Communal")
    ev = _primary(
        extract,
        "On 30 April 2020, gunmen attacked Tessara and clashed with local militias there.",
    )
    assert {ev["actor1"]["inter"], ev["actor2"]["inter"]} == {3, 4}


def test_two_names_before_one_plural_head_are_the_two_sides(extract: Any) -> None:
    ev = _primary(extract, "On 14 April 2020, LNA and GNA forces clashed near Tarhuna.")
    assert {ev["actor1"]["name"], ev["actor2"]["name"]} == {
        "Military Forces of Libya Government of National Accord",
        "Military Forces of Libya Haftar Faction",
    }
    ev = _primary(extract, "On 2 May 2020, Tiv and Jukun Ethnic Militias clashed over farmland.")
    assert ev["actor1"]["inter"] == 4 and ev["actor2"]["inter"] == 4
    assert "Ethnic Ethnic" not in ev["actor1"]["name"]
    # a plural army that clashed fought somebody unnamed, not itself
    ev = _primary(extract, "On 3 May 2020, army troops clashed near Tarhuna.")
    assert ev["actor2"] is None or ev["actor2"]["inter"] != 1


def test_drugs_the_police_seize_or_labs_they_dismantle_are_a_gangs(extract: Any) -> None:
    for text in (
        "On 4 May 2020, in Tessara, federal police forces seized nearly 3 tonnes of cocaine "
        "at a checkpoint.",
        "On 7 May 2020, in Tessara, civil police forces dismantled a cocaine lab. "
        "Two men were arrested.",
    ):
        ev = _primary(extract, text)
        assert ev["actor1"]["inter"] == 1, text
        assert ev["actor2"] is not None and ev["actor2"]["inter"] == 3, text


def test_police_who_intervene_in_a_protest_are_its_other_side(extract: Any) -> None:
    ev = _primary(
        extract,
        "On 4 May 2020, about 40 factory workers demonstrated outside their plant in Tessara, "
        "demanding unpaid wages. Police intervened.",
    )
    assert ev["acled"]["sub_event_type"] == "Protest with intervention"
    assert ev["actor1"]["inter"] == 6 and ev["actor2"]["inter"] == 1


def test_the_owner_of_a_thing_is_the_name_before_it_not_its_kind(extract: Any) -> None:
    # "military" says what kind of vehicles; the LNA owns them
    evs = extract(
        "On 7 May 2020, GNA warplanes struck LNA positions near Tarhuna. Nine LNA soldiers "
        "were killed and three LNA military vehicles destroyed.",
        "2020-05-08",
    ).to_dict()["events"]
    names = {(e["actor1"] or {}).get("name") for e in evs if e["acled"]}
    assert "Military Forces of Libya" not in names


def test_a_crowd_named_by_a_relative_or_a_pronoun_attacks_the_police(extract: Any) -> None:
    for text in (
        "On 4 May 2020, in Tessara, a group of vendors that attacked two police officers was "
        "filmed by residents.",
        "On 4 May 2020, in Tessara, 13 youths were detained after they attacked police "
        "officers with rocks.",
        "On 4 May 2020, in Tessara, a policewoman was attacked by a crowd of vendors.",
    ):
        ev = _primary(extract, text)
        assert ev["acled"]["sub_event_type"] == "Mob violence", text
        assert ev["actor1"]["inter"] == 5 and ev["actor2"]["inter"] == 1, text


def test_police_named_later_in_a_riots_paragraph_are_its_other_side(extract: Any) -> None:
    ev = _primary(
        extract,
        "On 2 May 2020, in Tessara, prisoners rioted in a detention centre. Several cells "
        "were wrecked. Military police forces finally subdued the inmates.",
    )
    assert ev["actor1"]["inter"] == 5 and ev["actor2"]["inter"] == 1
    # a later paragraph is another story
    ev = _primary(
        extract,
        "On 2 May 2020, in Tessara, prisoners rioted in a detention centre. Several cells "
        "were wrecked.\n\nPolice forces arrested a thief in Kimbo on Monday.",
    )
    assert ev["actor1"]["inter"] == 5 and ev["actor2"] is None


def test_a_place_a_body_is_named_after_is_not_the_scene(pipeline: Any) -> None:
    text = "Members of the Liberation Front of Zarbouka shot two farmers on Monday."
    assert _where(pipeline, text, "shot") is None
    text = "The forces of Chad shot two farmers on Monday."
    assert _where(pipeline, text, "shot") is None
    # a name of several words, even one whose head is also a kind of place ("State")
    text = "The Islamic State of Iraq claimed the bombing in a statement on Monday."
    assert _where(pipeline, text, "bombing") is None
    # the residents of a place live there: it may be where it happened
    text = "Gunmen launched an attack against residents of Tessara on Monday."
    assert _where(pipeline, text, "attack") == "Tessara"


def test_the_x_area_of_a_region_is_the_part_where_it_happened(pipeline: Any) -> None:
    text = "Gunmen killed a driver in the Tessiko area of Zarbouk region on Saturday."
    assert _where(pipeline, text, "killed") == "Tessiko"


def test_a_part_named_after_a_far_namesake_lies_in_its_whole(extract: Any) -> None:
    # Kunduz the city lies 400 km from Qaysar: "the Kunduz area of Qaysar district" is not it
    ev = _primary(
        extract, "Gunmen killed a shopkeeper in the Kunduz area of Qaysar district, Faryab."
    )
    loc = ev["location"]
    assert loc["text"] == "Kunduz" and loc["geonameid"] is None
    assert abs(loc["lon"] - 64.3) < 1.0 and loc["geo_precision"] >= 2


def test_a_later_mention_that_names_nobody_is_the_same_happening(extract: Any) -> None:
    text = (
        "On 4 May 2020, in Tessara, four people were wounded in a drive-by shooting by gunmen "
        "on a motorbike. The intended target of the attack was a trader, who died later."
    )
    evs = [e for e in extract(text, "2020-05-05").to_dict()["events"] if e["acled"]]
    assert len(evs) == 1
    assert evs[0]["actor2"]["inter"] == 7 and evs[0]["injured"] == 4


def test_the_force_before_its_weapon_fired_it(extract: Any) -> None:
    ev = _primary(
        extract, "On 30 April 2020, a farmer was killed by Afghan forces mortars in Tessara."
    )
    assert ev["actor1"]["name"] == "Military Forces of Afghanistan"
    ev = _primary(extract, "On 11 May 2020, police guards fired on inmates in Tessara.")
    assert ev["actor1"]["sector"] == "COP"


def test_a_later_wider_mention_of_a_protest_is_the_same_protest(extract: Any) -> None:
    text = (
        "On 7 May 2020, bus drivers protested by riding their buses in Split, Croatia, and "
        "demanded lower fees. This was a synchronised protest in several Croatian cities."
    )
    protests = [
        e for e in _events(extract, text) if (e["acled"] or {}).get("event_type") == "Protests"
    ]
    assert len(protests) == 1
    assert protests[0]["location"]["text"] == "Split"


def test_the_protest_named_again_is_the_same_protest(extract: Any) -> None:
    # "The protest" points back, whatever place the name of its organisers holds
    for text in (
        "On 3 May 2021, dozens of nurses protested in Subotica, Serbia, over unpaid wages. "
        "The protest was called by Don't Let Novi Sad Sink, a citizens' group.",
        "On 3 May 2021, dozens of nurses protested in Subotica, Serbia, over unpaid wages. "
        "The protest was organised by a union based in Belgrade.",
    ):
        protests = [
            e for e in _events(extract, text) if (e["acled"] or {}).get("event_type") == "Protests"
        ]
        assert [p["location"]["text"] for p in protests] == ["Subotica"], text
    # a protest told afresh elsewhere is another protest
    text = (
        "On 3 May 2021, dozens of nurses protested in Subotica, Serbia, over unpaid wages. "
        "Teachers protested in Belgrade over a new curriculum."
    )
    places = {e["location"]["text"] for e in _events(extract, text) if e["location"]}
    assert places == {"Subotica", "Belgrade"}


def test_taking_a_headquarters_is_taking_territory(extract: Any) -> None:
    """A base, headquarters or outpost taken is ground gained, not property seized from
    civilians (place nouns in lexicon/cues.tsv)."""
    events = _events(extract, "The rebels captured the Western Command headquarters on Friday.")
    assert [e["acled"]["sub_event_type"] for e in events] == ["Non-state actor overtakes territory"]


def test_forces_sent_or_moved_are_a_troop_movement(extract: Any) -> None:
    for text in (
        "Ghana sent 400 soldiers to its northern border on Monday.",
        "The army moved tanks and armored vehicles to the edge of Ombarin on Monday.",
        "Police reinforcements were rushed to Tessaro on Monday.",
    ):
        (ev,) = _events(extract, text)
        assert ev["plover"]["type"] == "MOBILIZE" and _acled(ev) == (
            "Strategic developments",
            "Other",
        ), text
    # a letter, or officers answering a call, move no force
    for text in (
        "The ministry sent a letter to the governor of Tessaro on Monday.",
        "Officers were dispatched to the intersection in Ombarin after midnight.",
    ):
        assert not _events(extract, text), text


def test_calling_on_someone_to_act_is_a_request_to_them(extract: Any) -> None:
    (ev,) = _events(extract, "The mayor of Ombarin called on President Ruto to send food aid.")
    assert ev["plover"]["type"] == "REQUEST"
    assert "Ruto" in ev["actor2"]["text"]


def test_weapons_a_force_moves_are_no_attack(extract: Any) -> None:
    evs = _events(extract, "The army moved tanks and artillery to the edge of Ombarin on Monday.")
    assert [e["plover"]["type"] for e in evs] == ["MOBILIZE"]


def test_taking_someone_hostage_is_an_abduction(extract: Any) -> None:
    for text in (
        "Prisoners took a guard hostage in Ombarin on Monday.",
        "Gunmen held three engineers hostage near Tessaro on Monday.",
    ):
        assert [_acled(e) for e in _events(extract, text)] == [
            ("Violence against civilians", "Abduction/forced disappearance")
        ], text
