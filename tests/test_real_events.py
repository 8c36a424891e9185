"""Only real events (issue 19): words that name an act without reporting one give no event.

Each rule of extract/real_acts.py and extract/senses.py gets a sentence of ours that names an
act without reporting it (no event of that kind with the rule on, the old event with the rule
switched off) and a counterpart that reports the act (still an event). The sentences, places
and people are our own.
"""

from __future__ import annotations

import pytest

from eventdesk import rules
from eventdesk.pipeline import Pipeline
from eventdesk.records import Article, ArticleResult


def _run(pipeline: Pipeline, text: str, off: frozenset[str] = frozenset()) -> ArticleResult:
    with rules.using(off):
        return pipeline.process_one(Article(text=text, published="2024-03-10"))


def _kinds(result: ArticleResult) -> list[str]:
    """Each event as 'PLOVER|ACLED type|ACLED sub-type'."""
    return [
        f"{e.plover_type}|{e.acled_event_type or ''}|{e.acled_sub_event_type or ''}"
        for e in result.events
    ]


def _has(result: ArticleResult, kind: str) -> bool:
    return any(kind in k for k in _kinds(result))


# (rule, a sentence that only names the act, the kind of event it must not give,
#  a sentence that reports the act, the kind of event it gives)
CASES = [
    (
        "events.topic_noun",
        "The mayor of Ombarin gave no details of the agreement.",
        "AGREE|",
        "The mayor of Ombarin and the rebels signed an agreement on Monday.",
        "AGREE|",
    ),
    (
        "events.topic_noun",
        "Rebel leaders in Tessaro rejected the truce on Sunday.",
        "RETREAT|",
        "Rebel leaders in Tessaro agreed to a truce on Sunday.",
        "AGREE|",
    ),
    (
        "events.possible_act",
        "A judge in Tessaro issued a warrant for the arrest of the governor.",
        "COERCE|",
        "Police in Tessaro arrested the governor on Monday.",
        "COERCE|Strategic developments|Arrests",
    ),
    (
        "events.possible_act",
        "Under the new decree, soldiers are entitled to detain suspects in Ombarin.",
        "COERCE|",
        "Soldiers detained six suspects in Ombarin on Monday.",
        "COERCE|Strategic developments|Arrests",
    ),
    (
        "events.self_harm",
        "A farmer in Ombarin shot himself on Monday.",
        "ASSAULT|",
        "A farmer in Ombarin shot his neighbour on Monday.",
        "ASSAULT|",
    ),
    (
        "events.circumstance",
        "A soldier was killed in Tessaro while supporting a patrol.",
        "SUPPORT|",
        "The governor of Tessaro supported the new police chief on Monday.",
        "SUPPORT|",
    ),
    (
        "events.grievance",
        "Villagers protested the shelling of their farms in Tessaro.",
        "ASSAULT|",
        "The army shelled farms near Tessaro on Monday.",
        "ASSAULT|",
    ),
    (
        "events.prevented_act",
        "The governor sent troops to Tessaro to prevent attacks.",
        "ASSAULT|",
        "Gunmen attacked a village near Tessaro on Monday.",
        "ASSAULT|",
    ),
    (
        "events.prevented_act",
        "The new accord prevented the army from shelling Ombarin.",
        "ASSAULT|",
        "The army shelled Ombarin on Monday.",
        "ASSAULT|Explosions/Remote violence",
    ),
    (
        "events.requested_act",
        "The council in Ombarin urged the militia to withdraw its fighters.",
        "RETREAT|",
        "The militia withdrew its fighters from Ombarin on Monday.",
        "RETREAT|",
    ),
    (
        "events.generic_statement",
        "Herders in Tessaro often clash with farmers over water.",
        "ASSAULT|",
        "Herders clashed with farmers in Tessaro on Monday.",
        "ASSAULT|",
    ),
    (
        "events.institution_name",
        "Officers in riot gear stood outside the court in Tessaro.",
        "|Riots|",
        "Youths rioted in Tessaro on Monday and burned tyres.",
        "|Riots|",
    ),
    (
        "events.engaged_in_act",
        "Envoys of the two states engaged in dialogue in Tessaro.",
        "ASSAULT|",
        "Soldiers engaged the rebels near Tessaro on Monday.",
        "ASSAULT|Battles",
    ),
    (
        "events.release_not_of_captives",
        "The army released a statement in Tessaro on Monday.",
        "RETREAT|",
        "Rebels released ten hostages in Tessaro on Monday.",
        "RETREAT|",
    ),
    (
        "events.release_not_of_captives",
        "The suspect was released on bail in Ombarin on Friday.",
        "RETREAT|",
        "Kidnappers released the suspect's wife in Ombarin on Friday.",
        "RETREAT|",
    ),
    (
        "events.game_sense",
        "The guard shot a three-pointer in Tessaro.",
        "ASSAULT|",
        "The guard shot a man in Tessaro.",
        "ASSAULT|",
    ),
    (
        "typing.strike_sense",
        "The two parties struck a deal in Ombarin on Monday.",
        "ASSAULT|",
        "Warplanes struck a rebel base near Ombarin on Monday.",
        "ASSAULT|Explosions/Remote violence",
    ),
]


@pytest.mark.parametrize(
    ("rule", "names", "unwanted", "reports", "wanted"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_a_named_act_is_no_event_and_a_reported_one_is(
    pipeline: Pipeline, rule: str, names: str, unwanted: str, reports: str, wanted: str
) -> None:
    on = _run(pipeline, names)
    assert not _has(on, unwanted), (rule, _kinds(on))
    off = _run(pipeline, names, frozenset({rule}))
    assert _has(off, unwanted), f"{rule} switched off should give the old event: {_kinds(off)}"
    real = _run(pipeline, reports)
    assert _has(real, wanted), (rule, _kinds(real))


def _words(result: ArticleResult, text: str) -> set[str]:
    """The trigger words of the events (their trigger and any mention spans)."""
    out: set[str] = set()
    for e in result.events:
        for key, value in e.evidence:
            if key in {"trigger", "mentions"}:
                out.add(text[value[0] : value[1]])
    return out


# the same act told twice in one sentence, or aimed at: one event, not two
ONE_EVENT = [
    ("events.same_act_modifier", "The agreement signed in Tessaro on Monday ends the dispute."),
    ("events.purpose_clause", "The two ministers met in Tessaro to discuss the border."),
]


@pytest.mark.parametrize(("rule", "text"), ONE_EVENT, ids=[c[0] for c in ONE_EVENT])
def test_one_act_named_twice_is_one_event(pipeline: Pipeline, rule: str, text: str) -> None:
    assert len(_run(pipeline, text).events) == 1
    assert len(_run(pipeline, text, frozenset({rule})).events) == 2


def test_a_discovery_told_after_the_killing_is_no_new_event(pipeline: Pipeline) -> None:
    text = (
        "Gunmen killed two traders in Tessaro on Monday.\n\n"
        "Their relatives found the bodies near the market on Tuesday."
    )
    on = _run(pipeline, text)
    assert "bodies" not in _words(on, text) and _has(on, "ASSAULT|")
    off = _run(pipeline, text, frozenset({"events.retold_discovery"}))
    assert "bodies" in _words(off, text)


def test_a_first_report_of_a_discovery_stays_an_event(pipeline: Pipeline) -> None:
    text = "The bodies of two traders were found near the market in Tessaro on Monday."
    assert _has(_run(pipeline, text), "ASSAULT|")
    text = "A body was found in Tessaro on Monday. Police said the man had been shot."
    assert "body" in _words(_run(pipeline, text), text)


def test_labour_strike_and_air_strike_by_context(pipeline: Pipeline) -> None:
    workers = "Dock workers struck over unpaid wages in Tessaro on Monday."
    assert _kinds(_run(pipeline, workers)) == ["PROTEST|Protests|Peaceful protest"]
    assert _has(_run(pipeline, workers, frozenset({"typing.strike_sense"})), "ASSAULT|")
    raid = "Israeli strikes on Tessaro killed four people on Monday."
    assert _has(_run(pipeline, raid), "ASSAULT|Explosions/Remote violence|Air/drone strike")
    assert _has(_run(pipeline, raid, frozenset({"typing.strike_sense"})), "|Protests|")
    walkout = "Teachers began a strike in Ombarin on Monday over pay."
    assert _kinds(_run(pipeline, walkout)) == ["PROTEST|Protests|Peaceful protest"]


def test_the_sense_rule_is_in_the_trace(pipeline: Pipeline) -> None:
    result = _run(pipeline, "Dock workers struck over unpaid wages in Tessaro on Monday.")
    decided = dict(result.events[0].decided_by)
    assert "typing.strike_sense" in decided["acled"]


def test_a_protest_aimed_at_a_demand_is_one_protest(pipeline: Pipeline) -> None:
    """'marched to demand' is the march; the demand is what it is for."""
    text = "Nurses marched in Ombarin on Monday to demand unpaid wages."
    assert [k.split("|")[0] for k in _kinds(_run(pipeline, text))] == ["PROTEST"]


STORY = """Troops sent to Vellmar after clashes

VELLMAR, March 8 - Government troops clashed with rebels near Vellmar on Friday, killing
three fighters, the army said in a statement released on Saturday.

The governor said the troops were sent to prevent attacks on the market. Residents often
protest against the army's presence, and a rebel spokesman urged the fighters to withdraw.

Farmers marched in Vellmar on Saturday against the shelling of their fields. Police in
riot gear watched the march. Talks between the two sides are expected to resume next week.
"""


def test_a_story_of_ours_gives_only_its_real_events(pipeline: Pipeline) -> None:
    kinds = [k.split("|")[0] for k in _kinds(_run(pipeline, STORY))]
    # the clash (headline and lead), the request, the march and the talks; no release,
    # no prevented attack, no habitual protest, no shelling grievance, no riot
    assert "RETREAT" not in kinds
    assert kinds.count("ASSAULT") <= 2
    assert kinds.count("PROTEST") == 1
    assert "REQUEST" in kinds and "PROTEST" in kinds and "CONSULT" in kinds
    everything_off = frozenset(
        {
            "events.release_not_of_captives",
            "events.prevented_act",
            "events.generic_statement",
            "events.grievance",
            "events.institution_name",
            "events.requested_act",
        }
    )
    old = [k.split("|")[0] for k in _kinds(_run(pipeline, STORY, everything_off))]
    assert len(old) > len(kinds)
