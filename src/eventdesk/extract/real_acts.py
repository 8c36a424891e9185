"""Whether a trigger reports an act, or only names one (issue 19, "only real events").

A trigger word in its event sense can still name an act the text does not report as done:
the topic of talk ("gave no details of the agreement"), a protest's grievance ("marched
against the attack on press freedom"), an act prevented ("sent troops to prevent attacks"),
the aim of another act ("met in Tessaro to discuss a ceasefire"), what a request asks for
("urged the army to withdraw"), a discovery the article has already reported as a death
("the bodies were found"), a habit or a generic statement ("they often clash"). Each test
reads the dependency parse and is a named rule of stage ``events`` (field ``event``); word
lists are cues in ``lexicon/cues.tsv``.

:meth:`ActTests.not_an_act` says which rule finds a trigger no act; the draft pass
``EventBuilder.real_acts`` drops a trigger group when every trigger of it is no act (a group
with one real act keeps its other words as type cues: "fired tear gas to disperse the
protest" stays a protest event).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import rules
from ..rules import Example, register
from .lexicon import Lexicon
from .triggers import MERGE_CLASSES, VIOLENT_TYPES, Trigger, TriggerFinder

# event types that say or agree something: a noun they are about is their topic
VERBAL = frozenset(
    {
        "AGREE",
        "CONSULT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "SUPPORT",
        "COOPERATE",
        "AID",
        "CONCEDE",
    }
)
# activities that can frame another event ('killed while on patrol')
FRAMING = frozenset({"MOBILIZE", "SUPPORT", "COOPERATE", "AID"})
NOUNS = {"NOUN", "PROPN"}
_FOUND_BEFORE = "eventdesk.deaths_reported_before"


def _none(text: str, without: str, published: str | None = "2024-03-10") -> Example:
    """An example that gives no event of that kind with the rule on; ``without``: the
    ACLED type (or PLOVER type) the text gives with the rule off."""
    key = "plover" if without.isupper() else "acled"
    return Example(text, (), ((key, without),), published)


TOPIC_NOUN = register(
    "events.topic_noun",
    "A non-violent act named only as the topic of other words is no event: the object of "
    "'about' (a noun or a gerund: 'it is not about retreating'), of a noun of talk or "
    "record (cue topic_noun: 'no details of the agreement') or "
    "of a verbal event ('called for talks', 'rejected the deal'). Talk of a violent act may "
    "retell a real one: kept.",
    ("event",),
    (
        _none("The mayor of Ombarin gave no details of the agreement.", "AGREE"),
        _none("The two envoys in Tessaro rejected the truce.", "Strategic developments"),
        _none('"This is not about retreating from Tessaro," the mayor said.', "RETREAT"),
    ),
)
POSSIBLE_ACT = register(
    "events.possible_act",
    "An act that is only possible, owed or permitted is no event: after a noun of will, need "
    "or chance (cue modal_noun: 'a warrant for his arrest', 'an arrest warrant', 'an "
    "obligation to sign a deal') "
    "or in the complement of a word of right or readiness (cue modal_word: 'officers are "
    "entitled to detain suspects').",
    ("event",),
    (
        _none("Police in Tessaro issued a warrant for the arrest of the mayor.", "COERCE"),
        _none("Under the decree, soldiers are entitled to detain suspects in Ombarin.", "COERCE"),
    ),
)
SAME_ACT = register(
    "events.same_act_modifier",
    "A verb that describes a trigger noun of the same kind ('the agreement signed in "
    "Tessaro', 'the talks that were held', 'a visit to Tessaro, where she met the mayor') "
    "tells of that noun's act: one event, the noun's.",
    ("event",),
    (
        Example(
            "The agreement signed in Tessaro on Monday ends the dispute.",
            (("plover", "AGREE"),),
        ),
    ),
)
SELF_HARM = register(
    "events.self_harm",
    "Killing or shooting oneself, with no one else as victim ('he shot himself'), is no attack.",
    ("event",),
    (_none("A farmer in Ombarin shot himself on Monday.", "Violence against civilians"),),
)
CIRCUMSTANCE = register(
    "events.circumstance",
    "A deployment, patrol, support or aid that frames another event ('killed while on "
    "patrol', 'wounded while supporting an operation'; a 'while' clause or 'during' "
    "phrase) is its circumstance, not an event.",
    ("event",),
    (
        _none(
            "A soldier was killed in Tessaro while supporting a patrol.",
            "SUPPORT",
        ),
    ),
)
GRIEVANCE = register(
    "events.grievance",
    "What a protest is against, over or about (cue grievance_preposition), or the object of "
    "'protested', is its grievance, not an event, unless it was done to someone named or "
    "counted: 'journalists marched against the attack on press freedom' is only the march "
    "('against the arrest of two editors' keeps the arrest: events.protest_apart).",
    ("event",),
    (
        Example(
            "Villagers protested the shelling of their farms in Tessaro.",
            (("acled", "Protests/Peaceful protest"),),
            (("acled", "Explosions/Remote violence"),),
        ),
    ),
)
PREVENTED_ACT = register(
    "events.prevented_act",
    "An act that someone prevents, averts or deters (cue prevent: 'sent troops to prevent "
    "attacks', 'prevented the army from shelling X') did not happen: no event.",
    ("event",),
    (_none("The governor sent troops to Tessaro to prevent attacks.", "Battles"),),
)
PURPOSE_CLAUSE = register(
    "events.purpose_clause",
    "An act named as the aim of another event ('to'-infinitive or 'in order to' clause: "
    "'the ministers met in Tessaro to discuss a ceasefire') is its purpose, not an event of "
    "its own.",
    ("event",),
    (_none("The two ministers met in Tessaro to discuss the border.", "CONSULT"),),
)
REQUESTED_ACT = register(
    "events.requested_act",
    "An act that a request, appeal or demand asks for ('urged the army to withdraw', "
    "'calls for the rebels to hand over their weapons') is what was asked, not an event.",
    ("event",),
    (
        _none(
            "The council in Ombarin urged the militia to withdraw its fighters.",
            "Strategic developments/Non-violent transfer of territory",
        ),
    ),
)
RETOLD_DISCOVERY = register(
    "events.retold_discovery",
    "A body found ('the bodies of the two men were found'), told with a definite article "
    "after the article has already reported a death or a killing, is that death told again, "
    "not a new event (a first report of a discovery stays an event).",
    ("event",),
    (
        _none(
            "Gunmen killed two traders in Tessaro on Monday. "
            "Their relatives found the bodies near the market.",
            "ASSAULT",
        ),
    ),
)
GENERIC = register(
    "events.generic_statement",
    "A habit or a general statement is no event: a trigger with a habitual adverb (cue "
    "habitual: 'police often raid the market'), an act named as the subject of a "
    "predicate ('supporting the troops is our duty'), or a bare plural act as the subject of "
    "a trend verb (cue trend_verb: 'strikes are increasing').",
    ("event",),
    (
        _none("Herders in Tessaro often clash with farmers over water.", "Battles"),
        _none("Labour strikes in Ombarin are increasing, the union said.", "PROTEST"),
    ),
)

OVER_A_PERIOD = register(
    "events.over_a_period",
    "An act told over an open span of time is a trend, not a dated happening: a trigger "
    "(or the verb it belongs to) with 'in/over/during' a period of recent or past weeks, "
    "months or years (cues period_preposition, period_noun, period_modifier: 'increased "
    "patrols in recent weeks'), or 'since', 'from' or 'between' a year ('unrest since 2013', "
    "'strikes from 2009 to 2015').",
    ("event",),
    (
        _none("The army has stepped up patrols around Tessaro in recent weeks.", "MOBILIZE"),
        _none("Villagers in Tessaro have staged protests over the past few years.", "PROTEST"),
    ),
)
LEGAL_CHARGE = register(
    "events.legal_charge",
    "A crime named as what a legal step is about (cue legal_frame: 'faces charges of "
    "assault', 'charged with murder', 'held on suspicion of kidnapping', 'convicted of "
    "attacking') is the step's topic, not a happening the text reports.",
    ("event",),
    (
        _none(
            "A man from Ombarin will appear in court on Friday on charges of assault.",
            "ASSAULT",
        ),
    ),
)


class ActTests:
    """The tests, with the cue words they read."""

    def __init__(self, lexicon: Lexicon, finder: TriggerFinder) -> None:
        cue = lexicon.cue_words
        self.finder = finder
        self.topic_preps = cue("topic_preposition")
        self.topic_links = cue("topic_link")
        self.topic_nouns = cue("topic_noun")
        self.modal_nouns = cue("modal_noun")
        self.modal_words = cue("modal_word")
        self.generic_dets = cue("generic_determiner")
        self.grievance = cue("grievance_preposition")
        self.agents = frozenset(lexicon.agents)
        self.prevent = cue("prevent")
        self.habitual = cue("habitual")
        self.period_preps = cue("period_preposition")
        self.period_nouns = cue("period_noun")
        self.period_mods = cue("period_modifier")
        self.legal_frame = cue("legal_frame")
        self.trend_verbs = cue("trend_verb")
        self.tests: tuple[tuple[str, Callable[[Trigger, list[Trigger]], bool]], ...] = (
            (TOPIC_NOUN, self._topic),
            (POSSIBLE_ACT, self._possible),
            (SAME_ACT, self._same_act),
            (SELF_HARM, self._self_harm),
            (CIRCUMSTANCE, self._circumstance),
            (GRIEVANCE, self._grievance),
            (PREVENTED_ACT, self._prevented),
            (PURPOSE_CLAUSE, self._purpose),
            (REQUESTED_ACT, self._requested),
            (RETOLD_DISCOVERY, self._retold),
            (GENERIC, self._generic),
            (OVER_A_PERIOD, self._over_a_period),
            (LEGAL_CHARGE, self._legal),
        )

    def not_an_act(self, trig: Trigger, sent_triggers: list[Trigger]) -> str | None:
        """The name of the first rule (switched on) that finds ``trig`` no act, or None."""
        others = [t for t in sent_triggers if t.head.i != trig.head.i]
        for name, test in self.tests:
            if rules.on(name) and test(trig, others):
                return name
        return None

    # --- the tests ----------------------------------------------------------------------
    def _topic(self, trig: Trigger, others: list[Trigger]) -> bool:
        head = _first_conjunct(trig.head)
        if (
            head.tag_ == "VBG"
            and head.dep_ == "pcomp"
            and head.head.lower_ in self.topic_preps
            and trig.entry.plover not in MERGE_CLASSES
        ):
            return True  # 'not about retreating': a gerund as the topic
        if head.pos_ not in NOUNS:
            return False
        verbal = {t.head.i for t in others if t.entry.plover in VERBAL}
        mine_violent = trig.entry.plover in MERGE_CLASSES
        if head.dep_ == "pobj" and head.head.dep_ == "prep":
            prep = head.head
            gov = prep.head
            p = prep.lower_
            if p in self.topic_preps and not mine_violent:
                return True
            # talk of an act ('news of the shooting') may retell a real one: only a
            # non-violent act is dropped
            kind = gov.lemma_.lower()
            if p in self.topic_links and gov.pos_ in NOUNS and kind in self.topic_nouns:
                return not mine_violent
            if p == "of" and kind in self.generic_dets:  # 'all of the deals'
                return True
            if p in self.topic_links and gov.i in verbal and not mine_violent:
                return True
        return head.dep_ == "dobj" and head.head.i in verbal and not mine_violent

    def _possible(self, trig: Trigger, others: list[Trigger]) -> bool:
        head = _first_conjunct(trig.head)
        prep = head.head
        if (
            head.dep_ == "compound"
            and prep.pos_ in NOUNS
            and prep.lemma_.lower() in self.modal_nouns
        ):  # "an arrest warrant", "a death threat": the act is only what it would allow
            return True
        if head.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in self.topic_links:
            gov = prep.head
            if gov.pos_ in NOUNS and gov.lemma_.lower() in self.modal_nouns:
                return True
        tok = head
        while tok.head.i != tok.i and tok.dep_ not in {"ccomp", "parataxis", "relcl"}:
            if _infinitive(tok) and tok.dep_ in {"acl", "xcomp"}:
                gov = tok.head
                words = self.modal_nouns if gov.pos_ in NOUNS else self.modal_words
                return gov.lemma_.lower() in words
            if tok.dep_ == "acl":  # a participle tells of its own act ('the men killed')
                return False
            tok = tok.head
        return False

    def _same_act(self, trig: Trigger, others: list[Trigger]) -> bool:
        head = trig.head
        if head.pos_ not in {"VERB", "AUX"} or head.dep_ not in {"acl", "relcl", "amod"}:
            return False
        kin = {t.head.i for t in others if t.entry.plover == trig.entry.plover}
        gov = head.head
        for _ in range(3):  # "a visit to Prague, where he met ...": up the noun's own phrase
            if gov.i in kin or _names_kin(gov, kin):
                return True
            if gov.dep_ not in {"pobj", "prep", "appos"} or gov.head.i == gov.i:
                return False
            gov = gov.head
        return gov.i in kin or _names_kin(gov, kin)

    def _self_harm(self, trig: Trigger, others: list[Trigger]) -> bool:
        if trig.entry.acled_event_type not in VIOLENT_TYPES:
            return False
        objs = [c for c in trig.head.children if c.dep_ == "dobj"]
        return bool(objs) and all(
            o.lower_.endswith(("self", "selves")) and o.pos_ == "PRON" and not o.conjuncts
            for o in objs
        )

    def _circumstance(self, trig: Trigger, others: list[Trigger]) -> bool:
        if trig.entry.plover not in FRAMING:
            return False
        tok = trig.head
        for _ in range(4):
            if tok.dep_ == "pobj" and tok.head.lower_ in {"during", "while"}:
                return True
            if any(c.dep_ in {"mark", "advmod"} and c.lower_ == "while" for c in tok.children):
                return True
            if tok.head.i == tok.i or tok.dep_ in {"ccomp", "parataxis", "relcl"}:
                return False
            tok = tok.head
        return False

    def _grievance(self, trig: Trigger, others: list[Trigger]) -> bool:
        i = trig.head.i
        for p in others:
            if p.entry.plover != "PROTEST":
                continue
            for c in p.head.children:
                about = c.dep_ == "prep" and c.lower_ in self.grievance
                # "protested the arrest of X" (a demonstration's object, not a road blocked)
                protested = c.dep_ == "dobj" and p.head.pos_ == "VERB" and p.entry.mode == "demo"
                if (about or protested) and c.left_edge.i <= i <= c.right_edge.i:
                    return not self._done_to_someone(trig.head)
        return False

    def _done_to_someone(self, head: Any) -> bool:
        """The act has a named or counted victim ('the arrest of two vendors', 'the killing
        of Ana Ruiz', 'arrested him'): a real happening the protest is about, its own event
        (events.protest_apart), unlike 'the attack on press freedom'."""
        objects = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass", "poss"}]
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in {"of", "on", "against"}:
                objects.extend(g for g in prep.children if g.dep_ == "pobj")
        if any(o.pos_ == "PRON" for o in objects):  # 'arrested him', 'their arrest'
            return True
        return any(
            t.ent_type_ in {"PERSON", "ORG", "NORP"}
            or t.dep_ == "nummod"
            or (t.pos_ == "NOUN" and t.lemma_.lower() in self.agents)
            for o in objects
            for t in o.subtree
        )

    def _prevented(self, trig: Trigger, others: list[Trigger]) -> bool:
        tok = _first_conjunct(trig.head)
        if tok.dep_ in {"pcomp", "pobj"} and tok.head.lower_ == "from":
            return tok.head.head.lemma_.lower() in self.prevent
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.prevent:
            # "prevented the march from reaching X": the march was; its reaching was not
            return not any(c.dep_ == "prep" and c.lower_ == "from" for c in tok.head.children)
        return False

    def _purpose(self, trig: Trigger, others: list[Trigger]) -> bool:
        by_head = {t.head.i: t for t in others}
        tok = trig.head
        while tok.head.i != tok.i:
            if _purpose_verb(tok):
                # the aim is this trigger itself, or the words of an aim that is a trigger
                if not (tok.i == trig.head.i or tok.i in by_head):
                    return False
                acts = _governing_events(tok.head, tok, by_head)
                # a material aim of the same kind is in the act's own trigger group, where it
                # names the same act ('gathered to protest'): it may stay its main word
                kind = trig.entry.plover
                same = kind in MERGE_CLASSES and any(t.entry.plover == kind for t in acts)
                return bool(acts) and not same
            if tok.dep_ in {"ccomp", "parataxis"}:
                return False
            tok = tok.head
        return False

    def _requested(self, trig: Trigger, others: list[Trigger]) -> bool:
        asks = {t.head.i for t in others if t.entry.plover == "REQUEST"}
        tok = trig.head
        while tok.head.i != tok.i:
            if _infinitive(tok) and tok.head.i in asks:
                return True
            if tok.dep_ in {"ccomp", "parataxis"} and tok.head.i not in asks:
                return False
            tok = tok.head
        return False

    def _retold(self, trig: Trigger, others: list[Trigger]) -> bool:
        head = trig.head
        if "needs_find" not in trig.entry.cues or head.pos_ not in NOUNS:
            return False
        return _definite(head) and self._death_before(head)

    def _death_before(self, head: Any) -> bool:
        """Did a sentence before this one report a killing or a death (a violent trigger)?"""
        doc = head.doc
        starts = doc.user_data.get(_FOUND_BEFORE)
        if starts is None:
            starts = []
            with rules.tracing(rules.Trace()), rules.counting():  # a look, not a decision
                for sent in doc.sents:
                    if any(
                        t.entry.acled_event_type in VIOLENT_TYPES for t in self.finder.find(sent)
                    ):
                        starts.append(sent.start)
            doc.user_data[_FOUND_BEFORE] = starts
        return any(s < head.sent.start for s in starts)

    def _generic(self, trig: Trigger, others: list[Trigger]) -> bool:
        head = trig.head
        clause = head.head if head.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj"} else head
        for tok in {head, clause}:
            if any(c.dep_ == "advmod" and c.lower_ in self.habitual for c in tok.children):
                return True
        if (  # 'strikes are increasing': a bare plural act as the subject of a trend
            head.tag_ == "NNS"
            and head.dep_ == "nsubj"
            and head.head.lemma_.lower() in self.trend_verbs
            and not any(c.dep_ in {"det", "nummod", "poss"} for c in head.children)
        ):
            return True
        return head.tag_ == "VBG" and head.dep_ in {"csubj", "nsubj"} and head.head.lemma_ == "be"

    def _legal(self, trig: Trigger, others: list[Trigger]) -> bool:
        head = _first_conjunct(trig.head)
        if head.dep_ not in {"pobj", "pcomp"} or head.head.lower_ not in _LEGAL_PREPS:
            return False
        gov = head.head.head  # 'charges' of 'charges of assault', 'charged' of 'charged with'
        return gov.lemma_.lower() in self.legal_frame

    def _over_a_period(self, trig: Trigger, others: list[Trigger]) -> bool:
        head = _first_conjunct(trig.head)
        verb = head
        for _ in range(3):  # a noun trigger: the verb of its clause ('strikes ... increased')
            if verb.pos_ in {"VERB", "AUX"} or verb.head.i == verb.i:
                break
            verb = verb.head
        return any(self._period(prep) for tok in {head, verb} for prep in tok.children)

    def _period(self, prep: Any) -> bool:
        """'in recent weeks', 'over the past few years', 'since 2013' (a year, not a day)."""
        if prep.dep_ != "prep":
            return False
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        if not objs:
            return False
        obj = objs[0]
        if prep.lower_ in _YEAR_SPAN_PREPS:  # 'since 2013', 'from 1995 to 2012'
            return any(t.like_num and len(t.text) == 4 and t.text.isdigit() for t in obj.subtree)
        return (
            prep.lower_ in self.period_preps
            and obj.lemma_.lower() in self.period_nouns
            and obj.tag_ in {"NNS", "NNPS"}
            and any(t.lower_ in self.period_mods for t in obj.subtree)
        )


_LEGAL_PREPS = frozenset({"of", "with", "for"})
_YEAR_SPAN_PREPS = frozenset({"since", "from", "between"})


def _names_kin(tok: Any, kin: set[int]) -> bool:
    """``tok`` is a verb whose object is a trigger of the kind ("made a visit ... on Monday,
    where she met": the light verb's object tells the act)."""
    return tok.pos_ in {"VERB", "AUX"} and any(
        c.dep_ == "dobj" and c.i in kin for c in tok.children
    )


def _first_conjunct(tok: Any) -> Any:
    while tok.dep_ in {"conj", "appos"} and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _infinitive(tok: Any) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
    )


def _purpose_verb(tok: Any) -> bool:
    """A 'to'-infinitive clause of purpose: 'met to discuss', 'in order to end'."""
    if not _infinitive(tok):
        return False
    if tok.dep_ == "advcl":
        return True
    return tok.dep_ == "acl" and tok.head.lower_ == "order" and tok.head.head.lower_ == "in"


def _governing_events(gov: Any, aim: Any, by_head: dict[int, Trigger]) -> list[Trigger]:
    """The events of the clause the purpose belongs to: its verb's trigger, or those of its
    words outside the purpose clause ('held a meeting to discuss')."""
    if gov.lower_ == "order":  # "in order to": the clause of "in"
        gov = gov.head.head
    if gov.i in by_head:
        return [by_head[gov.i]]
    return [
        by_head[c.i]
        for c in gov.children
        if c.i in by_head and not aim.left_edge.i <= c.i <= aim.right_edge.i
    ]


def _definite(tok: Any) -> bool:
    """'the bodies', 'their bodies', 'these remains', 'he was found dead'."""
    if tok.pos_ == "PRON" or (tok.pos_ == "PROPN" and tok.ent_type_ == "PERSON"):
        return True
    return any(
        (c.dep_ == "det" and c.lower_ in {"the", "these", "those", "this", "that"})
        or c.dep_ == "poss"
        for c in tok.children
    )
