"""Who is who in an event, in sentences of ours: passive conjuncts, possessors of what was
suffered, troop movements, arrests with no one named, parties and unions that speak, and the
setting of a call (extract/roles.py, extract/conventions.py)."""

from __future__ import annotations

from eventdesk.records import Event


def _one(events: tuple[Event, ...] | list[Event], plover: str) -> Event:
    found = [e for e in events if e.plover_type == plover]
    assert len(found) == 1, [(e.plover_type, e.actor1, e.actor2) for e in events]
    return found[0]


def _rules(event: Event, key: str) -> tuple[str, ...]:
    return dict(event.decided_by).get(key, ())


def test_a_passive_verb_after_an_active_one_is_done_to_its_subject(extract) -> None:  # type: ignore[no-untyped-def]
    arrest = _one(
        extract("Six dockers marched to the port gate in Ombarin and were arrested.").events,
        "COERCE",
    )
    assert arrest.actor2 is not None and arrest.actor2.inter == 7
    assert arrest.actor1 is not None and arrest.actor1.inter == 1  # the police, implied
    assert "actors.passive_conjunct_patient" in _rules(arrest, "actor2")
    active = _one(
        extract("Police surrounded the warehouse in Ombarin and arrested two men.").events,
        "COERCE",
    )
    assert active.actor1 is not None and active.actor1.inter == 1
    assert active.actor2 is not None and active.actor2.text == "two men"


def test_the_possessor_of_an_abduction_suffers_it_unless_of_names_the_victim(extract) -> None:  # type: ignore[no-untyped-def]
    abduction = _one(
        extract("The reporter's abduction near Ombarin on Monday shocked the town.").events,
        "ASSAULT",
    )
    assert abduction.actor2 is not None and "reporter" in abduction.actor2.text
    killing = _one(
        extract("The army's killing of two farmers near Ombarin angered residents.").events,
        "ASSAULT",
    )
    assert killing.actor1 is not None and killing.actor1.sector == "MIL"


def test_a_troop_movement_is_aimed_at_the_country_of_the_border(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Norway moved 900 troops to its border with Sweden on Monday, the defence ministry said."
    move = _one(extract(text).events, "MOBILIZE")
    assert move.actor1 is not None and move.actor1.country == "NOR"
    assert move.actor2 is not None and move.actor2.country == "SWE"
    inland = _one(extract("The army moved tanks and soldiers to Tessaro.").events, "MOBILIZE")
    assert inland.actor2 is None  # the forces moved are its own, and a town is no side


def test_arrests_of_no_one_named_are_of_civilians_but_named_ones_stay(extract) -> None:  # type: ignore[no-untyped-def]
    unnamed = _one(extract("Police made arrests in Ombarin on Sunday.").events, "COERCE")
    assert unnamed.actor2 is not None and unnamed.actor2.inter == 7 and unnamed.actor2.implied
    assert "actors.arrested_civilians" in _rules(unnamed, "actor2")
    named = _one(
        extract("Military police arrested two soldiers in Ombarin on Sunday.").events, "COERCE"
    )
    assert named.actor2 is not None and named.actor2.sector == "MIL"


def test_a_party_that_speaks_is_the_party_but_its_beaten_members_are_civilians(extract) -> None:  # type: ignore[no-untyped-def]
    accuse = _one(
        extract("The Inkatha Freedom Party accused the ANC of intimidating voters.").events,
        "ACCUSE",
    )
    assert accuse.actor1 is not None and (accuse.actor1.inter, accuse.actor1.sector) == (
        0,
        "PTY",
    )
    assert accuse.actor2 is not None and accuse.actor2.inter == 0
    beaten = extract("Gunmen beat three Inkatha Freedom Party members in Durban on Monday.")
    attack = _one(beaten.events, "ASSAULT")
    assert attack.actor2 is not None and attack.actor2.inter == 7


def test_a_union_that_speaks_is_the_union(extract) -> None:  # type: ignore[no-untyped-def]
    accuse = _one(
        extract("The Nigeria Labour Congress accused the oil firms of cheating workers.").events,
        "ACCUSE",
    )
    assert accuse.actor1 is not None
    assert (accuse.actor1.name, accuse.actor1.inter) == ("NLC: Nigeria Labour Congress", 0)


def test_a_call_told_before_its_purpose_is_between_speaker_and_listener(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "In a phone call on Friday night to congratulate him on the election, Foreign "
        "Minister Ana Torvik told Defence Minister Ivo Marek that the border would stay open."
    )
    call = _one(extract(text).events, "CONSULT")
    assert call.actor1 is not None and "Torvik" in call.actor1.text
    assert call.actor2 is not None and "Marek" in call.actor2.text


def test_an_arrest_warrant_is_no_arrest(extract) -> None:  # type: ignore[no-untyped-def]
    result = extract("On Friday a man was shot dead in Ombarin. He had an arrest warrant.")
    assert [e.plover_type for e in result.events] == ["ASSAULT"]
    arrest = extract("The arrest of the mayor of Ombarin on Friday surprised residents.")
    assert [e.plover_type for e in arrest.events] == ["COERCE"]


def test_a_headline_arrest_of_no_force_is_of_its_subject(extract) -> None:  # type: ignore[no-untyped-def]
    headline = _one(extract("Headmaster arrested after brawl at town hall.").events, "COERCE")
    assert headline.actor2 is not None and headline.actor2.text == "Headmaster"
    assert headline.actor1 is not None and headline.actor1.sector == "COP"
    police = _one(extract("Police made arrests in Ombarin on Sunday.").events, "COERCE")
    assert police.actor1 is not None and police.actor1.text == "Police"


def test_forces_told_as_moved_are_the_side_that_moves(extract) -> None:  # type: ignore[no-untyped-def]
    moved = _one(extract("UN peacekeepers were deployed to Bria on Sunday.").events, "MOBILIZE")
    assert moved.actor1 is not None and moved.actor1.name == "United Nations"
    assert moved.actor1.country is None  # an international body belongs to no country
    assert moved.actor2 is None


def test_people_arrested_where_a_crowd_protested_are_that_crowd(extract) -> None:  # type: ignore[no-untyped-def]
    here = "Hundreds of students marched in Lyon on Monday.\n\nTwo days later, police "
    same = _one(extract(here + "arrested 20 people in Lyon.").events, "COERCE")
    assert same.actor2 is not None and same.actor2.inter == 6
    elsewhere = _one(extract(here + "arrested 20 people in Grenoble.").events, "COERCE")
    assert elsewhere.actor2 is not None and elsewhere.actor2.inter == 7


def test_both_sides_are_the_pair_told_before_or_no_one(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Government troops and the rebels signed a truce in Tessaro on Monday.\n\n"
        "The UN envoy urged both sides to respect it."
    )
    request = _one(extract(text).events, "REQUEST")
    assert request.actor2 is not None and request.actor2.sector == "MIL"
    assert [a.sector for a in request.actors2] == ["MIL", "REB"]
    alone = _one(extract("The UN envoy urged both sides to respect the truce.").events, "REQUEST")
    assert alone.actor2 is None  # no pair told before: no one to stand for


def test_talks_told_with_an_agreement_were_between_its_signers(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Government troops and the rebels signed a truce in Tessaro on Monday after a week of "
        "talks."
    )
    talks = _one(extract(text).events, "CONSULT")
    assert talks.actor1 is not None and talks.actor1.sector == "MIL"
    assert talks.actor2 is not None and talks.actor2.sector == "REB"


def test_an_agreement_signed_abroad_keeps_its_sides_codes(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Sudan's army and the RSF signed a truce in Jeddah on Saturday."
    deal = _one(extract(text, "2024-06-02").events, "AGREE")
    assert deal.actor1 is not None and deal.actor1.inter == 1  # not external forces
    strike = "Russian forces struck Kharkiv in Ukraine overnight."
    attack = _one(extract(strike, "2024-06-02").events, "ASSAULT")
    assert attack.actor1 is not None and attack.actor1.inter == 8


def test_the_truce_welcomed_is_the_deal_signed(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Sudan's army and the RSF signed a ceasefire in Jeddah on Saturday.\n\n"
        "The UN chief welcomed the truce on Sunday."
    )
    events = extract(text, "2024-06-02").events
    assert [e.plover_type for e in events] == ["AGREE"]


def test_a_side_stands_for_its_conduct(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Opposition leader Ana Torvik condemned the police response to the march in Ombarin."
    accuse = _one(extract(text).events, "ACCUSE")
    assert accuse.actor2 is not None and accuse.actor2.sector == "COP"


def test_a_strike_timed_by_the_signing_takes_its_day_unless_dated(extract) -> None:  # type: ignore[no-untyped-def]
    deal = "The two sides signed a truce in Tessaro on Saturday.\n\n"
    hours = (
        deal + "Hours before the deal was signed, the army shelled rebel positions near Ombarin."
    )
    strike = _one(extract(hours, "2024-03-13").events, "ASSAULT")
    assert strike.date == "2024-03-09"
    dated = deal + "On Friday, hours before the deal was signed, the army shelled Ombarin."
    strike = _one(extract(dated, "2024-03-13").events, "ASSAULT")
    assert strike.date == "2024-03-08"


def test_whoever_strikes_a_mine_is_its_target_and_the_claimant_lays_it(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On Monday an army vehicle struck an IED near Tessaro. Two soldiers were "
        "wounded. The rebels claimed the attack."
    )
    blast = _one(extract(text, "2024-03-10").events, "ASSAULT")
    assert blast.acled_sub_event_type == "Remote explosive/landmine/IED"  # not a clash
    assert blast.actor2 is not None and blast.actor2.sector == "MIL"
    assert blast.actor1 is not None and blast.actor1.sector == "REB"
    hit = _one(extract("Soldiers struck a rebel camp near Tessaro on Monday.").events, "ASSAULT")
    assert hit.actor1 is not None and hit.actor1.sector == "MIL"  # a camp is no mine


def test_a_patrol_attacked_is_a_unit_and_a_patrol_made_a_movement(extract) -> None:  # type: ignore[no-untyped-def]
    hit = extract("Gunmen opened fire on a police patrol in Tessaro on Monday.").events
    assert [e.plover_type for e in hit] == ["ASSAULT"]
    began = extract("Soldiers began a patrol of the border near Tessaro on Monday.").events
    assert [e.plover_type for e in began] == ["MOBILIZE"]


def test_his_arrest_is_of_the_titled_person_named_before(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Interior Minister Jan Kowal resigned in Tessaro on Monday, a week after his arrest."
    arrest = _one(extract(text, "2024-03-10").events, "COERCE")
    assert arrest.actor2 is not None and arrest.actor2.name == "Jan Kowal"
    assert arrest.actor1 is not None and arrest.actor1.sector == "COP"


def test_a_visit_to_a_country_is_hosted_by_its_government(extract) -> None:  # type: ignore[no-untyped-def]
    visit = _one(extract("President William Ruto visited Uganda on Tuesday.").events, "CONSULT")
    assert visit.actor2 is not None and visit.actor2.name == "Government of Uganda"
    ward = "Interior Minister Jan Kowal visited the wounded officers in hospital on Tuesday."
    visit = _one(extract(ward).events, "CONSULT")
    assert visit.actor2 is None or visit.actor2.sector != "GOV"  # no country visited


def test_a_movement_to_a_border_happens_on_the_movers_side(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Norway moved 900 troops to its border with Sweden on Monday, the defence ministry said."
    move = _one(extract(text, "2024-03-10").events, "MOBILIZE")
    assert move.location is not None and move.location.country == "NOR"
    inside = "Norway sent 900 soldiers to Oslo on Monday."
    move = _one(extract(inside, "2024-03-10").events, "MOBILIZE")
    assert move.location is not None and move.location.name == "Oslo"  # no border: as told


def test_an_agreement_named_is_no_signer_but_a_party_named_alliance_is(extract) -> None:  # type: ignore[no-untyped-def]
    text = "The talks will build on the Tessaro Agreement, signed in Oslo in December 2018."
    deal = _one(extract(text, "2024-03-10").events, "AGREE")
    assert deal.actor1 is None and deal.actor2 is None
    party = "The Inkatha Freedom Party signed a coalition agreement with the ANC in Durban."
    deal = _one(extract(party, "2024-03-10").events, "AGREE")
    assert deal.actor1 is not None and deal.actor1.sector == "PTY"


def test_a_titled_name_the_model_left_untagged_is_the_office_holder(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Foreign Minister Ana Torvik began a two-day visit to Nairobi on Monday."
    visit = _one(extract(text, "2024-03-10").events, "CONSULT")
    assert visit.actor1 is not None and visit.actor1.name == "Ana Torvik"
    assert (visit.actor1.sector, visit.actor1.inter, visit.actor1.role) == (
        "GOV",
        1,
        "Foreign Minister",
    )


def test_an_act_after_an_attribution_is_the_reported_subjects(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Gendarmes seized 300 bags of cocaine during raids across Bamako, a spokesman said "
        "on Friday, and arrested 11 people."
    )
    events = extract(text, "2024-03-10").events
    arrests = [e for e in events if e.acled_sub_event_type == "Arrests"]
    assert arrests and arrests[0].actor1 is not None and arrests[0].actor1.sector == "MIL"
    plain = "Police in Tessaro said on Monday they had found the car and arrested two men."
    arrest = _one(extract(plain, "2024-03-10").events, "COERCE")
    assert arrest.actor1 is not None and arrest.actor1.sector == "COP"  # the speakers acted
