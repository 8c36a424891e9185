"""One event per happening: mentions of one happening across a whole article become one event.

A wire story tells its main happening several times: in the headline, in the lead, again in
a later paragraph, in a quote ("Gunmen attacked a bus near Ombarin on Monday. ... The attack
was the third this month ..."). Each mention is an event draft of its own (extract/events.py)
and the follow-ups of one paragraph are already folded (extract/merge.py). Here, over the
whole article, a later event that retells an earlier one is merged into it:

- **merge.anaphor_told_again**: the later trigger is a noun that points back ("the attack",
  "the agreement", "this protest", "their arrest"); a verbal event only by its own word
  ("talks ... the talks", not "a phone call ... the visit");
- **merge.lead_retold**: the article's first sentence tells a happening as a headline does
  (no place of its own) and the first event of its kind after it tells it with the same word
  ("Two traders shot dead." ... "Gunmen shot dead two traders in Gao on Monday");
- **merge.retold_in_article**: the later event is of the same kind and shares two anchors
  with the earlier one: the place, the day, a side named by its own name, the word.

Two families of events are one happening across kinds: a crowd's protest, riot and the force
that met it (**merge.one_crowd**, extract/coref_crowd.py), and a police operation's raid,
seizure and arrests (**merge.one_operation**, extract/coref_operation.py).

In every case the two must be compatible: the same PLOVER type and ACLED sub-event type (but
for the two families above; a noun pointing back may name a violent event by another violent
word), no side named as someone else ("students" and "taxi drivers" are two crowds), the same
place or one inside the other (or within a few kilometres), no conflicting date, the same
flags, and no word that marks a new happening ("another attack", "a second raid", "attacked again",
"Separately, ..."). A retelling is in another sentence (two events of one sentence are its
clauses') and has a trigger of its own (the events made from one trigger, one per coordinated
actor, stay apart). The happening told again is looked for nearest first: one told with the
same word, then one of the same kind, then (a violent noun pointing back, "the fighting") the
earliest, the story's main one.

The merged event keeps the earlier event's trigger, id and place in the list, takes the most
specific date, place and sides and the largest counts of its mentions (with their evidence
and the rules that decided them), and lists every mention's trigger span in
``evidence["mentions"]``: repeated ``("mentions", span)`` pairs in ``Event.evidence``, one
list in the contract (``Event.evidence_dict``). The sentence evidence grows to cover the
sentences its sides and counts come from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .. import rules
from ..nlp import doc_text
from ..records import LIST_EVIDENCE, Actor, Event, Place, Span
from ..resolve.gazetteer import haversine_km
from ..resolve.normalize import name_key
from ..rules import Example, register
from .coref_crowd import ONE_CROWD, crowd_pair, crowds_agree, gravest
from .coref_cues import ARGUMENT_BACK, Cues, own_phrase, read_cues
from .coref_operation import ONE_OPERATION, operation_pair, operation_type
from .coref_sides import fold_actors, same_trigger
from .merge import COUNT_KEYS, _Draft
from .trace import changed_fields, decisions, with_decision
from .triggers import VIOLENT_TYPES

_FIELDS = ("event", "date", "location", "actor1", "actor2", *COUNT_KEYS)
_PUB = "2024-03-13"

ANAPHOR = register(
    "merge.anaphor_told_again",
    "A later trigger noun that points back ('the attack', 'the agreement', 'their arrest') "
    "is the earlier compatible happening told again: one event listing both mentions.",
    _FIELDS,
    (
        Example(
            "Gunmen attacked a bus near Ombarin on Monday, killing four passengers.\n\n"
            "The attack was the deadliest on the road this year.",
            (("fatalities", "4"),),
            published=_PUB,
        ),
    ),
)
LEAD_RETOLD = register(
    "merge.lead_retold",
    "A headline (the first sentence, no place of its own) told again with the same word by "
    "the first event of its kind after it, nothing conflicting, is one event with the body's "
    "details.",
    _FIELDS,
    (
        Example(
            "Police arrest nine smugglers in border town.\n\n"
            "Police in Ombarin arrested nine men on Monday after a chase near the border.",
            (("location", "Ombarin"),),
            published=_PUB,
        ),
    ),
)
RETOLD = register(
    "merge.retold_in_article",
    "A later event of the same kind that shares two of place, day, a side named by its "
    "name and the trigger's word with an earlier one, and conflicts with it in nothing, is "
    "the same happening told again.",
    _FIELDS,
    (
        Example(
            "Rebels shelled army positions near Ombarin on Monday, a local official said.\n\n"
            "Residents said the rebels shelled army positions near Ombarin on Monday, wounding "
            "three soldiers.",
            (("injured", "3"),),
            published=_PUB,
        ),
    ),
)

OWN_PHRASE = register(
    "merge.anaphor_own_phrase",
    "A noun pointing back is compared by its own phrase: the place or day its sentence gives "
    "outside that phrase ('The attack came as talks in X stalled') does not make it another "
    "happening.",
    ("event", "location", "date"),
    (
        Example(
            "Gunmen attacked a bus near Ombarin on Monday, killing four passengers.\n\n"
            "The attack came as voters in Tessaro prepared for elections on Wednesday.",
            (("fatalities", "4"),),
            published=_PUB,
        ),
    ),
)

# the rules that merge mentions of one happening, in the order they are tried
COREF_RULES = (ANAPHOR, ARGUMENT_BACK, LEAD_RETOLD, RETOLD, ONE_CROWD, ONE_OPERATION)

_NEAR_KM = 10.0  # two points this close are one place (a street and its town)
_WIDE = {"country": 3, "admin1": 2}
_CROWDS = frozenset({5, 6, 7})  # rioters, protesters, civilians: told by who they are
# words for a crowd that may be any crowd told before (plural -s dropped)
_ANY_CROWD = frozenset(
    {"protester", "demonstrator", "marcher", "rioter", "crowd", "people", "person", "civilian"}
)
_HOW_IT_WENT = frozenset({"Protests", "Riots"})
_UNKNOWN_ARMED = "Unidentified Armed Group"
_ARMED_GROUPS = frozenset({2, 3, 4})  # rebels, political and identity militias


@dataclass(slots=True)
class _Happening:
    """The event the mentions so far add up to, and what is known about its mentions."""

    event: Event
    first_sentence: int
    mentions: list[Span] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)  # the words its mentions are told with
    # an event of the same kind came after it (merged or not): the lead has been told again
    retold_by_kin: bool = False
    sentences: set[int] = field(default_factory=set)  # the sentences its mentions are in


# --- compatibility --------------------------------------------------------------------------


def _named(actor: Actor | None) -> Actor | None:
    return actor if actor is not None and not actor.implied else None


def _generic(actor: Actor) -> bool:
    """An actor named by its kind ("police" -> Police Forces of X), not by its own name."""
    return name_key(actor.name) != name_key(actor.text)


def _crowd_word(actor: Actor) -> str:
    words = name_key(actor.text).split()
    return words[-1].removesuffix("s") if words else ""


def _other_crowd(a: Actor, b: Actor) -> bool:
    """Two crowds one ACLED name covers, told as different people ("students" and "taxi
    drivers" are both Protesters (X)); "the protesters", "the crowd" may be anyone's."""
    if a.inter not in _CROWDS or not (_generic(a) and _generic(b)):
        return False
    wa, wb = _crowd_word(a), _crowd_word(b)
    return wa != wb and wa not in _ANY_CROWD and wb not in _ANY_CROWD and not _kin_words(a, b)


def _kin_words(a: Actor, b: Actor) -> bool:
    """The two are told with words of one stem ("a schoolteacher" and "a school teacher",
    "a policeman" and "police officers"): the same people, told twice."""
    wa = [w for w in name_key(a.text).split() if len(w) >= 5]
    wb = [w for w in name_key(b.text).split() if len(w) >= 5]
    return any(x.startswith(y) or y.startswith(x) for x in wa for y in wb)


def _unknown_gunmen(a: Actor, b: Actor) -> bool:
    """An armed group nobody named ("gunmen", "militants") may be any armed group told of by
    its name or kind elsewhere ("jihadist fighters", "JNIM") in the same country."""
    return (
        a.name.startswith(_UNKNOWN_ARMED)
        and b.inter in _ARMED_GROUPS
        and (a.country is None or b.country is None or a.country == b.country)
    )


def _same_actor(a: Actor, b: Actor) -> bool:
    if a.name == b.name:
        return not _other_crowd(a, b)
    if _unknown_gunmen(a, b) or _unknown_gunmen(b, a):
        return True
    if _generic(a) or _generic(b):  # "the police" and "officers of the task force"
        return a.inter is not None and a.inter == b.inter and a.country == b.country
    ka, kb = set(name_key(a.name).split()), set(name_key(b.name).split())
    return bool(ka and kb) and (ka <= kb or kb <= ka)  # "Tom Cipolli" and "Cipolli"


def _actors_agree(a: Event, b: Event) -> bool:
    """No side named differently, and no one on both sides once the sides are pooled
    ("police shot a gunman", "gunmen shot a policeman": two happenings)."""
    if crowd_pair(a, b):  # the crowd and the police, on whichever side (extract/coref_crowd.py)
        return crowds_agree(a, b, _same_actor, _other_crowd)
    pooled: list[Actor | None] = []
    for key in ("actor1", "actor2"):
        x, y = _named(getattr(a, key)), _named(getattr(b, key))
        if x is not None and y is not None and not _same_actor(x, y):
            return False
        pooled.append(x or y)
    one, two = pooled
    return one is None or two is None or not _same_actor(one, two)


def _shared_actor(a: Event, b: Event) -> bool:
    """Both name one side by its own name (not only by its kind)."""
    for key in ("actor1", "actor2"):
        x, y = _named(getattr(a, key)), _named(getattr(b, key))
        if (
            x is not None
            and y is not None
            and not (_generic(x) and _generic(y))
            and _same_actor(x, y)
        ):
            return True
    return False


def _inside(small: Place, wide: Place) -> bool:
    """``small`` lies in the country or region ``wide`` names."""
    if wide.feature == "country":
        return wide.country is not None and small.country == wide.country
    if wide.feature == "admin1":
        return small.country == wide.country and name_key(small.admin1 or "") == name_key(wide.name)
    return False


def _same_place(a: Place, b: Place) -> bool:
    if a.name == b.name:
        return True
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= _NEAR_KM


def _places_agree(a: Event, b: Event) -> bool:
    """One place, or one inside the other; a name the gazetteer could not place agrees only
    with itself and with the areas around it."""
    x, y = a.location, b.location
    if x is None or y is None:
        return True
    if name_key(x.name) == name_key(y.name) or _same_place(x, y):
        return True
    if _inside(x, y) or _inside(y, x):
        return True
    # a name the gazetteer could not place may lie in any area of its country
    return any(
        p.lat is None and q.feature in _WIDE and p.country in {None, q.country}
        for p, q in ((x, y), (y, x))
    )


def _dated(event: Event) -> bool:
    """Dated by its text (not by the article's publication day)."""
    return event.date is not None and any(k == "date" for k, _ in event.evidence)


def _dates_agree(a: Event, b: Event) -> bool:
    if not (_dated(a) and _dated(b)) or a.date == b.date:
        return True
    da, db = dt.date.fromisoformat(a.date or ""), dt.date.fromisoformat(b.date or "")
    pa, pb = a.time_precision or 1, b.time_precision or 1
    if pa == pb == 1:
        return False
    if 3 in (pa, pb):
        return (da.year, da.month) == (db.year, db.month)
    return abs((da - db).days) <= 7


def _same_day(a: Event, b: Event) -> bool:
    return _dated(a) and _dated(b) and a.date == b.date and a.time_precision == 1


def _flags_agree(a: Event, b: Event) -> bool:
    keys = ("negated", "hypothetical", "future", "historical")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def truce_pair(a: Event, b: Event) -> bool:
    """A deal and the truce it made ("signed a ceasefire" ... "welcomed the truce"): both
    ACLED Agreements, one an AGREE and the other a RETREAT (a ceasefire)."""
    return a.acled_sub_event_type == b.acled_sub_event_type == "Agreement" and {
        a.plover_type,
        b.plover_type,
    } == {"AGREE", "RETREAT"}


def _kinds_agree(a: Event, b: Event, loose: bool) -> bool:
    """The same PLOVER type and ACLED sub-event type (a protest's sub-type says how it went,
    so any two protests agree); ``loose`` (a noun pointing back): any violent ACLED type;
    any two crowd events (merge.one_crowd); a deal and its truce."""
    if crowd_pair(a, b) or truce_pair(a, b):
        return True
    if a.plover_type != b.plover_type:
        return False
    if loose and {a.acled_event_type, b.acled_event_type} <= VIOLENT_TYPES:
        return True
    if a.acled_event_type != b.acled_event_type:
        return False
    return a.acled_event_type in _HOW_IT_WENT or a.acled_sub_event_type == b.acled_sub_event_type


def _compatible(a: Event, b: Event, loose: bool = False) -> bool:
    return (
        _kinds_agree(a, b, loose)
        and _flags_agree(a, b)
        and _dates_agree(a, b)
        and _places_agree(a, b)
        and _actors_agree(a, b)
    )


def _anchors(happening: _Happening, later: Event, cues: Cues) -> int:
    """How many specifics the two share: the place, the day, a side named by its own name,
    the word the happening is told with."""
    a = happening.event
    one_place = (
        a.location is not None
        and later.location is not None
        and _same_place(a.location, later.location)
    )
    shared = (one_place, _same_day(a, later), _shared_actor(a, later), cues.stem in happening.stems)
    return sum(shared)


def _headline(happening: _Happening) -> bool:
    """The article's first sentence, told as a headline tells it (no place of its own, or
    only a country or region: "in northern Burkina Faso"), not yet told again by an event of
    its kind."""
    place = happening.event.location
    return (
        happening.first_sentence == 0
        and not happening.retold_by_kin
        and (place is None or place.feature in _WIDE)
    )


def _reason(happening: _Happening, later: _Draft, cues: Cues, loose: bool) -> str | None:
    """The rule by which ``later`` retells ``happening``, or None; ``loose``: a noun that
    points back may name a violent event by another violent word ("the attack")."""
    if cues.fresh:
        return None
    host, ev = happening.event, later.event
    mention = ev
    if cues.points_back and rules.on(OWN_PHRASE):
        mention = own_phrase(ev, cues.own)
    if (
        cues.points_back
        and _compatible(host, mention, loose=loose)
        # a verbal event is pointed back to by its own word ("talks ... the talks"), not
        # by another of its kind ("a phone call ... the visit")
        and (host.acled_event_type is not None or cues.stem in happening.stems)
        and rules.apply(ARGUMENT_BACK if cues.by_argument else ANAPHOR, "event")
    ):
        if mention is not ev and not _compatible(host, ev, loose=loose):
            rules.fired(OWN_PHRASE)
            later.event = mention  # merged as its own phrase tells it
        return ARGUMENT_BACK if cues.by_argument else ANAPHOR
    # a raid, its seizure and its arrests (extract/coref_operation.py)
    if operation_pair(host, happening.stems, ev, {cues.stem}) and _operation_part(
        happening, ev, cues
    ):
        return ONE_OPERATION
    if not _compatible(host, ev):
        return None
    # the headline or lead, told again by the first event of its kind after it
    anchors = _anchors(happening, ev, cues)
    if (
        _headline(happening)
        and later.sentence > 0
        and cues.stem in happening.stems
        and rules.apply(LEAD_RETOLD, "event")
    ):
        return LEAD_RETOLD
    if anchors >= 2 and rules.apply(RETOLD, "event"):
        return RETOLD
    # a crowd's detail with no place or day of its own ("demonstrators burned tyres")
    detail = ev.location is None and not _dated(ev)
    if crowd_pair(host, ev) and (anchors >= 1 or detail) and rules.apply(ONE_CROWD, "event"):
        return ONE_CROWD
    return None


def _operation_part(happening: _Happening, ev: Event, cues: Cues) -> bool:
    """``ev`` is another part of the police operation ``happening`` tells: nothing
    conflicts, and it shares the place or the day, or gives neither."""
    host = happening.event
    detail = ev.location is None and not _dated(ev)
    return (
        _flags_agree(host, ev)
        and _dates_agree(host, ev)
        and _places_agree(host, ev)
        and _actors_agree(host, ev)
        and (detail or _anchors(happening, ev, cues) >= 1)
        and rules.apply(ONE_OPERATION, "event")
    )


# --- merging --------------------------------------------------------------------------------


def _place_rank(place: Place | None) -> tuple[int, int, int]:
    """Smaller is more specific: a place before none, a point before a name, a town before
    a region before a country."""
    if place is None:
        return (1, 1, 9)
    return (0, place.lat is None, _WIDE.get(place.feature or "", 1))


def _taken(host: Event, other: Event) -> list[str]:
    """The fields ``other`` tells more specifically than ``host``."""
    keys: list[str] = []
    if _dated(other) and (
        not _dated(host) or (other.time_precision or 1) < (host.time_precision or 1)
    ):
        keys += ["date", "time_precision"]
    if _place_rank(other.location) < _place_rank(host.location) and _places_agree(host, other):
        keys.append("location")
    for key in ("actor1", "actor2"):
        if _named(getattr(host, key)) is None and _named(getattr(other, key)) is not None:
            keys.append(key)
    for key in COUNT_KEYS:
        mine, theirs = getattr(host, key), getattr(other, key)
        if theirs is not None and (mine is None or theirs > mine):
            keys.append(key)
    if not host.reported_by and other.reported_by:
        keys.append("reported_by")
    return keys


def _merge(happening: _Happening, later: Event, rule: str, span: Span, stem: str) -> None:
    host = happening.event
    keys = _taken(host, later)
    evidence = {k: v for k, v in host.evidence if k not in LIST_EVIDENCE}
    sides = [(k, v) for k, v in host.evidence if k in LIST_EVIDENCE and k != "mentions"]
    theirs = dict(later.evidence)
    values: dict[str, Any] = {}
    for key in keys:
        values[key] = getattr(later, key)
        ev_key = "date" if key == "time_precision" else key
        if key != "reported_by":
            evidence.pop(ev_key, None)
            if ev_key in theirs:
                evidence[ev_key] = theirs[ev_key]
    if any(k in keys for k in ("actor1", "actor2", *COUNT_KEYS)) and "sentence" in theirs:
        # the sentence evidence covers every sentence the event draws its sides and counts from
        (s1, e1), (s2, e2) = evidence["sentence"], theirs["sentence"]
        evidence["sentence"] = (min(s1, s2), max(e1, e2))
    happening.mentions.append(span)
    happening.stems.add(stem)
    pairs = [(k, v) for k, v in evidence.items()] + sides
    pairs += [("mentions", m) for m in sorted(happening.mentions)]
    merged = replace(host, evidence=tuple(pairs), **values)
    # the fields taken keep the rules that decided them in the mention they came from
    taken = {k for k in keys} | ({"time_precision"} if "date" in keys else set())
    pairs_by = [(k, n) for k, names in host.decided_by if k not in taken for n in names]
    pairs_by += [(k, n) for k, names in later.decided_by if k in taken for n in names]
    merged = replace(merged, decided_by=decisions(tuple(pairs_by)))
    merged = with_decision(merged, rule, "event", *changed_fields(host, merged))
    happening.event = operation_type(gravest(merged, later), later)


def _trigger(event: Event) -> Span | None:
    return dict(event.evidence).get("trigger")


def _told_before(
    happenings: list[_Happening], later: _Draft, cues: Cues
) -> tuple[_Happening | None, str | None]:
    """The happening ``later`` tells again and the rule that says so: the nearest one told
    with the same word ("the bombing" after "a suicide bomber", whatever violent type each
    was given), else the nearest of the same kind, else, for a noun pointing back by
    another violent word ("the fighting"), the earliest (the story's main happening)."""
    span, kind = _trigger(later.event), later.event.plover_type
    if cues.by_argument and not cues.fresh:  # "the deal" already told: its clause's verb
        for h in happenings:
            if cues.argument in h.mentions and rules.apply(ARGUMENT_BACK, "event"):
                return h, ARGUMENT_BACK
    # events made from one trigger (one per coordinated actor, or per actor a dictionary
    # codes as several) are apart by design, not a happening told twice
    nearest = [
        h
        for h in reversed(happenings)
        if (
            h.event.plover_type == kind
            or crowd_pair(h.event, later.event)
            or truce_pair(h.event, later.event)
            or operation_pair(h.event, h.stems, later.event, {cues.stem})
        )
        and span not in h.mentions
    ]
    # a happening is told again in another sentence; two events of one sentence are its
    # clauses' business (extract/triggers.py groups the triggers of one clause), but for
    # the parts of one police operation ("seized rifles ... and arrested 13 people")
    nearest = [
        h
        for h in nearest
        if later.sentence not in h.sentences
        or operation_pair(h.event, h.stems, later.event, {cues.stem})
    ]
    passes = (
        ([h for h in nearest if cues.stem in h.stems], True),
        (nearest, False),
        (nearest[::-1] if cues.points_back else [], True),
    )
    for candidates, loose in passes:
        for h in candidates:
            rule = _reason(h, later, cues, loose)
            if rule is not None:
                return h, rule
    return None, None


def merge_retold(
    drafts: list[_Draft], doc: Any, act_nouns: Mapping[str, str] | None = None
) -> list[Event]:
    """The events of the article with every retelling merged into the happening it tells
    again (drafts in text order; ``doc`` the parsed article, for the trigger's words;
    ``act_nouns``: noun lemma -> PLOVER type, the lexicon's act nouns)."""
    happenings: list[_Happening] = []
    text = doc_text(doc) if doc is not None else ""
    for d in drafts:
        span = _trigger(d.event)
        kin = [h for h in happenings if same_trigger(h.event, d.event, span, h.mentions)]
        if kin and (folded := fold_actors(kin[-1].event, d.event)) is not None:
            kin[-1].event = folded  # one happening told with several parties
            continue
        cues = read_cues(doc, text, d.event, act_nouns)
        target, rule = (None, None)
        if span is not None and any(
            h.event.plover_type == d.event.plover_type
            or crowd_pair(h.event, d.event)
            or truce_pair(h.event, d.event)
            or operation_pair(h.event, h.stems, d.event, {cues.stem})
            for h in happenings
        ):
            target, rule = _told_before(happenings, d, cues)
        for h in happenings:  # a headline is told again by the first event of its kind
            if _kinds_agree(h.event, d.event, loose=False):
                h.retold_by_kin = True
        if target is None or rule is None or span is None:
            first = [span] if span is not None else []
            happenings.append(
                _Happening(d.event, d.sentence, first, {cues.stem}, False, {d.sentence})
            )
            continue
        _merge(target, d.event, rule, span, cues.stem)
        target.sentences.add(d.sentence)
    return [h.event for h in happenings]
