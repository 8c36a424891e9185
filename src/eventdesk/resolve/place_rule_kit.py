"""What the place rules' modules share: an example's form and a trace for rules that decide
over every mention of a text at once (see :mod:`eventdesk.resolve.place_rules`)."""

from __future__ import annotations

from eventdesk import rules
from eventdesk.rules import Example


def example(text: str, expect: str, without: str | None = None) -> Example:
    """An example of ours: ``expect`` (and ``without``) as ``"TEXT -> VALUE"``."""
    return Example(
        text=text,
        expect=(("place", expect),),
        without=(("place", without),) if without is not None else (),
    )


def fire(trace: rules.Trace, name: str) -> bool:
    """``rules.apply(name, "place")`` recorded in one mention's trace: for the rules that
    decide over all the mentions of a text at once."""
    with rules.tracing(trace):
        return rules.apply(name, "place")
