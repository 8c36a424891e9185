"""Events of one paragraph that are one happening, and events that are not the story.

Within a paragraph, up to FOLLOW_WINDOW sentences on:

- **Follow-ups of a protest** are folded into it: "Police arrested 23 demonstrators.", "The
  protesters burned tyres.", "Security forces fired live rounds at the crowd." ACLED codes
  these as one protest or riot (with intervention, violent, or met with excessive force), not
  as separate arrests or attacks; a demonstration mentioned after a riot at the same place is
  that riot.
- **Later mentions of the same violent event** add their counts to it ("Fighting erupted near
  Gao. One soldier was killed in the clash."); shelling that a later report calls fire in both
  directions becomes an armed clash.
- **Consequences** get lower confidence, so they are not taken for the story: arrests near
  violence or after a seizure, looting after an attack.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import rules
from ..records import Event
from ..resolve.normalize import name_key
from ..rules import Example, register
from .trace import changed_fields, with_decision
from .triggers import VIOLENT_TYPES

FOLLOW_WINDOW = 2
PROTEST_SIDE = {5, 6}
COUNT_KEYS = ("fatalities", "injured", "arrested", "displaced")
ARMED_FIGHTING = {"Battles", "Explosions/Remote violence"}


def _ex(*sentences: str) -> tuple[Example, ...]:
    return (Example(" ".join(sentences)),)


SAME_HAPPENING = register(
    "merge.same_happening",
    "A later mention of the same violent event (same date, no new actor; same type or same "
    "place) adds its counts, and its place when the first names none, instead of being an "
    "event.",
    ("event", "location", "fatalities", "injured", "arrested", "displaced"),
    _ex("Gunmen shot a driver in Ombarin on Monday.", "The attack left two people wounded."),
)
EXCHANGE_IS_BATTLE = register(
    "merge.exchange_of_fire_is_battle",
    "Remote fire that a later report of the same happening calls fire in both directions is "
    "an armed clash.",
    ("acled", "cameo"),
    _ex(
        "Rebels fired mortars at army positions near Tessaro on Monday.",
        "The two sides exchanged fire near Tessaro.",
    ),
)
PROTEST_ARRESTS = register(
    "merge.protest_arrests",
    "Arrests of people at a protest are the protest's intervention (in a riot, the riot).",
    ("event", "acled", "actor2", "arrested"),
    _ex("Teachers marched in Ombarin on Monday.", "Police arrested 23 demonstrators."),
)
RIOT_THEN_DEMONSTRATION = register(
    "merge.riot_then_demonstration",
    "A demonstration told after a riot at the same place is that riot.",
    ("event", "acled"),
    _ex("Residents burned tyres on the road in Ombarin.", "Police dispersed the demonstration."),
)
PROTEST_TURNED_VIOLENT = register(
    "merge.protest_turned_violent",
    "Protesters who riot after a protest ('the demonstrators destroyed the posts') turned "
    "the protest into a violent demonstration.",
    ("event", "acled", "actor1"),
    _ex("Farmers protested in Ombarin.", "The demonstrators then looted a warehouse."),
)
PROTEST_TOLD_AGAIN = register(
    "merge.protest_told_again",
    "A protest named again ('The protest was called by ...', 'This was a protest in several "
    "cities') is the protest just told, seen wider.",
    ("event",),
    _ex("Students marched in Ombarin on Monday.", "The protest was called by a student union."),
)
CROWD_VIOLENCE = register(
    "merge.crowd_violence_at_protest",
    "Violence by protesters (or by no one named) after a protest makes it a violent demonstration.",
    ("event", "acled"),
    _ex("Hundreds protested in Ombarin on Monday.", "Some of them attacked a police station."),
)
POLICE_FORCE = register(
    "merge.police_force_at_protest",
    "Force by the state against the crowd after a protest is the protest's intervention, or "
    "excessive force when people died.",
    ("event", "acled", "actor2", "fatalities"),
    _ex("Workers protested in Ombarin on Monday.", "Police fired tear gas at the crowd."),
)
CONSEQUENCE = register(
    "merge.consequence_demoted",
    "Arrests after violence or a seizure, and looting after an attack, are consequences, "
    "not the story: lower confidence.",
    ("confidence",),
    _ex("A trader was shot dead in Ombarin on Monday.", "Police arrested two suspects."),
)
ARREST_NEAR_VIOLENCE = register(
    "merge.arrest_near_violence_demoted",
    "Arrests next to violence in the same paragraph ('killed 5 militants and arrested 8') "
    "are not the story: lower confidence.",
    ("confidence",),
    _ex("Police arrested a man in Ombarin on Monday.", "He was beaten in custody."),
)


@dataclass(slots=True)
class _Draft:
    event: Event
    paragraph: int
    sentence: int
    # the trigger is a noun that points back: "The protest was called by ...", "This rally"
    anaphor: bool = False


def _is_protest(ev: Event) -> bool:
    return ev.acled_event_type in {"Protests", "Riots"} and ev.plover_type == "PROTEST"


def _merged(protest: Event, follow: Event, event_type: str, sub: str, rule: str) -> Event:
    """The protest with the follow-up folded in, recorded as ``rule``'s decision."""
    merged = _merged_fields(protest, follow, event_type, sub)
    return with_decision(merged, rule, "event", *changed_fields(protest, merged))


def _merged_fields(protest: Event, follow: Event, event_type: str, sub: str) -> Event:
    counts: dict[str, int | None] = {}
    for k in COUNT_KEYS:
        values = [v for v in (getattr(protest, k), getattr(follow, k)) if v is not None]
        counts[k] = max(values) if values else None
    evidence = dict(protest.evidence)
    follow_evidence = dict(follow.evidence)
    (s1, e1), (s2, e2) = evidence["sentence"], follow_evidence["sentence"]
    evidence["sentence"] = (min(s1, s2), max(e1, e2))
    for k in COUNT_KEYS:
        value = getattr(follow, k)
        if value is not None and value == counts[k] and k in follow_evidence:
            evidence[k] = follow_evidence[k]
    actor2 = protest.actor2
    for key in ("actor1", "actor2"):  # the police who intervened, or whom they fought
        other = getattr(follow, key)
        if actor2 is None and other is not None and other.inter == 1:
            actor2 = other
            if key in follow_evidence:
                evidence["actor2"] = follow_evidence[key]
    location = protest.location
    if location is None and follow.location is not None:  # the follow-up says where
        location = follow.location
        if "location" in follow_evidence:
            evidence["location"] = follow_evidence["location"]
    actor1 = protest.actor1
    if event_type == "Riots" and actor1 is not None and actor1.inter == 6:
        # the protesters turned rioters
        actor1 = replace(actor1, inter=5, name=actor1.name.replace("Protesters", "Rioters", 1))
    return replace(
        protest,
        acled_event_type=event_type,
        acled_sub_event_type=sub,
        actor1=actor1,
        actor2=actor2,
        location=location,
        evidence=tuple(evidence.items()),
        fatalities=counts["fatalities"],
        injured=counts["injured"],
        arrested=counts["arrested"],
        displaced=counts["displaced"],
    )


def _same_place(a: Event, b: Event) -> bool:
    return a.location is None or b.location is None or _one_place(a, b)


def _one_place(a: Event, b: Event) -> bool:
    """Both events name the same place, or a site and the area it is known by ("at the X
    airbase (Region)" and a later "in Region": the site stands at the area's point)."""
    if a.location is None or b.location is None:
        return False
    if a.location.name == b.location.name:
        return True
    point = (a.location.lat, a.location.lon)
    return None not in point and point == (b.location.lat, b.location.lon)


def _wider(follow: Event, host: Event) -> bool:
    """The follow-up names no place, the host's, or the country or region around it."""
    if follow.location is None or host.location is None or _one_place(follow, host):
        return True
    area, spot = follow.location, host.location
    if area.feature == "country":
        return area.country is not None and area.country == spot.country
    return (
        area.feature == "admin1"
        and area.country == spot.country
        and spot.feature not in {"country", "admin1"}
        and name_key(area.name) == name_key(spot.admin1 or "")
    )


def _fold(protest: Event, follow: Event, anaphor: bool = False) -> Event | None:
    """The protest with the follow-up folded in, or None if it is not a follow-up.
    ``anaphor``: the follow-up points back ("The protest was called by ...")."""
    if follow.historical != protest.historical or (
        follow.time_precision == protest.time_precision == 1 and follow.date != protest.date
    ):
        return None  # another day's happening ("The activist stabbed a man in 2018.")
    # an actor only implied by the follow-up's verb ("Chairs were burnt.") is no one new
    a1 = follow.actor1.inter if follow.actor1 and not follow.actor1.implied else None
    a2 = follow.actor2.inter if follow.actor2 and not follow.actor2.implied else None
    riot = protest.acled_event_type == "Riots"
    if (
        follow.acled_sub_event_type == "Arrests"
        and a2 in {None, 5, 6, 7}
        and rules.apply(PROTEST_ARRESTS)
    ):
        if riot:
            return _merged(protest, follow, "Riots", "Violent demonstration", PROTEST_ARRESTS)
        return _merged(protest, follow, "Protests", "Protest with intervention", PROTEST_ARRESTS)
    if (
        riot
        and follow.acled_event_type == "Protests"
        and _same_place(protest, follow)
        and rules.apply(RIOT_THEN_DEMONSTRATION)
    ):
        # "Residents burned tyres on the road. Police dispersed the demonstration.": the
        # demonstration is the riot just told
        return _merged(protest, follow, "Riots", "Violent demonstration", RIOT_THEN_DEMONSTRATION)
    if (
        follow.acled_event_type == "Riots"
        and a1 in PROTEST_SIDE
        and a2 in {None, 1, 7}
        and rules.apply(PROTEST_TURNED_VIOLENT)
    ):
        # "The demonstrators destroyed the control posts.": the protest turned violent
        return _merged(protest, follow, "Riots", "Violent demonstration", PROTEST_TURNED_VIOLENT)
    if (
        _is_protest(follow)
        and a1 in PROTEST_SIDE | {None}
        and a2 is None
        and (anaphor or _wider(follow, protest))
        and rules.apply(PROTEST_TOLD_AGAIN)
    ):
        # "... protested in Zagreb, Croatia. This was a protest in several Croatian cities.":
        # the protest just told, seen wider; "The protest was called by Don't Let Novi Sad
        # Sink": the protest just told, wherever the names around it lie
        return _merged(
            protest,
            follow,
            protest.acled_event_type or "",
            protest.acled_sub_event_type or "",
            PROTEST_TOLD_AGAIN,
        )
    if follow.plover_type != "ASSAULT":
        return None
    if (a1 in PROTEST_SIDE or (a1 is None and a2 in {None, 1})) and rules.apply(CROWD_VIOLENCE):
        return _merged(protest, follow, "Riots", "Violent demonstration", CROWD_VIOLENCE)
    if a1 == 1 and a2 in {None, 5, 6, 7} and rules.apply(POLICE_FORCE):
        if riot:
            return _merged(protest, follow, "Riots", "Violent demonstration", POLICE_FORCE)
        if follow.fatalities:
            return _merged(
                protest, follow, "Protests", "Excessive force against protesters", POLICE_FORCE
            )
        return _merged(protest, follow, "Protests", "Protest with intervention", POLICE_FORCE)
    return None


def _same_happening(host: Event, follow: Event) -> bool:
    """A later mention of the same violent event: same date, no new actor, and the same
    ACLED type ('Fighting erupted near Gao. One soldier was killed in the clash.') or no
    actor and place of its own at all ('... The attack targeted a trader.')."""
    if host.plover_type != "ASSAULT" or follow.plover_type != "ASSAULT":
        return False
    if host.date != follow.date:
        return False
    unnamed = all(a is None or a.implied for a in (follow.actor1, follow.actor2))
    if unnamed and _same_place(host, follow):
        return True  # "Gunmen shot a driver in A. The attack ...": it names nobody new
    if host.acled_event_type != follow.acled_event_type and not (
        {host.acled_event_type, follow.acled_event_type} <= ARMED_FIGHTING
        and _one_place(host, follow)
    ):  # "X fired mortars near A. Monitors counted 40 explosions near A.": one happening
        return False
    names = {a.name for a in (host.actor1, host.actor2) if a is not None}
    return all(a is None or a.implied or a.name in names for a in (follow.actor1, follow.actor2))


def _absorb(host: Event, follow: Event) -> Event:
    """The host with the follow-up's counts (the larger of each), its place when the host
    names none ("Body found in car. A body was found ... in Charleston"), and their evidence."""
    evidence = dict(host.evidence)
    follow_evidence = dict(follow.evidence)
    location = host.location
    if location is None and follow.location is not None and "location" in follow_evidence:
        location = follow.location
        evidence["location"] = follow_evidence["location"]
    counts: dict[str, int | None] = {}
    for k in COUNT_KEYS:
        mine, theirs = getattr(host, k), getattr(follow, k)
        counts[k] = mine
        if theirs is not None and (mine is None or theirs > mine) and k in follow_evidence:
            counts[k] = theirs
            evidence[k] = follow_evidence[k]
    return replace(
        host,
        evidence=tuple(evidence.items()),
        location=location,
        fatalities=counts["fatalities"],
        injured=counts["injured"],
        arrested=counts["arrested"],
        displaced=counts["displaced"],
    )


def _violent(ev: Event) -> bool:
    return ev.acled_event_type in VIOLENT_TYPES


def _seizure(ev: Event) -> bool:
    return ev.acled_sub_event_type in {"Looting/property destruction", "Disrupted weapons use"}


def merge_followup_drafts(drafts: list[_Draft]) -> list[_Draft]:
    """The drafts left once each follow-up is folded into the event it continues (the
    drafts kept carry the merged events)."""
    out: list[_Draft] = []
    demoted: set[int] = set()  # drafts already marked secondary
    for d in drafts:
        prev = next((p for p in reversed(out) if p.event.plover_type == "ASSAULT"), None)
        if (
            prev is not None
            and prev.paragraph == d.paragraph
            and 0 < d.sentence - prev.sentence <= FOLLOW_WINDOW
            and _same_happening(prev.event, d.event)
            and rules.apply(SAME_HAPPENING)
        ):
            before = prev.event
            prev.event = _absorb(prev.event, d.event)
            prev.event = with_decision(
                prev.event, SAME_HAPPENING, "event", *changed_fields(before, prev.event)
            )
            if (
                prev.event.acled_event_type == "Explosions/Remote violence"
                and d.event.acled_sub_event_type == "Armed clash"
                # "X claimed the attack" tells it again, not how it went: a mention that
                # points back counts only when its word tells of gunfire ("the clash")
                and (not d.anaphor or d.event.plover_mode == "firearms")
                and rules.apply(EXCHANGE_IS_BATTLE)
            ):  # "X fired mortars near A. Monitors saw fire in both directions near A.": an
                # exchange of fire, so a battle
                prev.event = replace(
                    prev.event,
                    acled_event_type="Battles",
                    acled_sub_event_type="Armed clash",
                    cameo="19",
                )
                prev.event = with_decision(prev.event, EXCHANGE_IS_BATTLE, "acled", "cameo")
            continue
        host = next(
            (
                p
                for p in reversed(out)
                if _is_protest(p.event)
                and p.paragraph == d.paragraph
                and 0 < d.sentence - p.sentence <= FOLLOW_WINDOW
            ),
            None,
        )
        folded = _fold(host.event, d.event, d.anaphor) if host is not None else None
        if host is not None and folded is not None:
            host.event = folded
            continue
        cause = next(
            (p for p in reversed(out) if p.event.plover_type == "ASSAULT" or _seizure(p.event)),
            None,
        )
        sub = d.event.acled_sub_event_type
        if (
            cause is not None
            and cause.paragraph == d.paragraph
            and 0 < d.sentence - cause.sentence <= FOLLOW_WINDOW
            and (
                sub == "Arrests"
                or (sub == "Looting/property destruction" and _violent(cause.event))
            )
            and rules.apply(CONSEQUENCE)
        ):  # "... was shot dead. Police arrested two suspects.", "Police seized a ton of
            # cocaine. A man was arrested.", "Raiders attacked the camp. 300 cattle were
            # stolen.": a consequence, not the story
            d.event = _secondary(d.event, CONSEQUENCE)
            demoted.add(id(d))
        out.append(d)
    for d in out:  # "killed 5 militants and arrested 8", "were beaten and then arrested",
        # "Police arrested a man. He was tortured in custody.": the violence is the story
        if id(d) in demoted:
            continue
        if (
            d.event.acled_sub_event_type == "Arrests"
            and any(
                p is not d
                and _violent(p.event)
                and p.paragraph == d.paragraph
                and abs(p.sentence - d.sentence) <= FOLLOW_WINDOW
                for p in out
            )
            and rules.apply(ARREST_NEAR_VIOLENCE)
        ):
            d.event = _secondary(d.event, ARREST_NEAR_VIOLENCE)
    return out


def _secondary(ev: Event, rule: str) -> Event:
    return with_decision(replace(ev, confidence=max(0.05, ev.confidence - 0.2)), rule, "confidence")
