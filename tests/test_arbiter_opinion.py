"""The arbiter's second opinion in an event's trace, and its override when asked."""

from __future__ import annotations

import pytest

from eventdesk import rules
from eventdesk.arbiter import Arbiter, load
from eventdesk.arbiter.opinion import ARBITER_KEY, ARBITER_OPINION, SecondOpinion
from eventdesk.records import Event

TEXT = "Rebels ambushed an army convoy on the Tessaro road and fought soldiers for hours."


@pytest.fixture(scope="module")
def shipped() -> Arbiter:
    return load()


def _event(etype: str | None, sub: str | None) -> Event:
    return Event(
        event_id="e1",
        article_id="a1",
        plover_type="ASSAULT",
        plover_mode=None,
        acled_event_type=etype,
        acled_sub_event_type=sub,
        cameo="19",
        actor1=None,
        actor2=None,
        location=None,
        date=None,
        time_precision=None,
        evidence=(("sentence", (0, len(TEXT))),),
    )


def test_agreeing_opinion_is_recorded_beside_the_rules(shipped: Arbiter) -> None:
    event = SecondOpinion(shipped).apply(_event("Battles", "Armed clash"), TEXT)
    decided = dict(event.decided_by)
    assert ARBITER_OPINION in decided["acled"]
    (opinion,) = decided[ARBITER_KEY]
    assert opinion.startswith("Battles/Armed clash ") and opinion.endswith("confirms the rules")
    assert 0.0 < float(opinion.split()[2]) <= 1.0


def test_disagreement_overrides_only_when_asked(shipped: Arbiter) -> None:
    wrong = _event("Protests", "Peaceful protest")
    kept = SecondOpinion(shipped).apply(wrong, TEXT)
    assert kept.acled_sub_event_type == "Peaceful protest"
    assert dict(kept.decided_by)[ARBITER_KEY][0].endswith("disagrees with the rules")
    overridden = SecondOpinion(shipped, override=0.0).apply(wrong, TEXT)
    assert (overridden.acled_event_type, overridden.acled_sub_event_type) == (
        "Battles",
        "Armed clash",
    )
    assert dict(overridden.decided_by)[ARBITER_KEY][0].endswith("overrode the rules")
    never = SecondOpinion(shipped, override=1.0).apply(wrong, TEXT)
    assert never.acled_sub_event_type == "Peaceful protest"


def test_untyped_events_and_the_switch_leave_events_alone(shipped: Arbiter) -> None:
    untyped = _event(None, None)
    assert SecondOpinion(shipped).apply(untyped, TEXT) is untyped
    typed = _event("Battles", "Armed clash")
    with rules.using(frozenset({ARBITER_OPINION})):
        assert SecondOpinion(shipped).apply(typed, TEXT) is typed
