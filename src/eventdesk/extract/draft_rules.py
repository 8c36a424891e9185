"""The named rules of the draft passes (extract/draft.py): each with its description,
fields and examples. Typing's own rules are in typing.py and its parts, ACLED's actor
conventions in conventions.py, the flags in flags.py."""

from __future__ import annotations

from ..rules import Example, register
from .dates import HISTORICAL_DAYS

DEPENDENCY_SIDES = register(
    "actors.dependency_sides",
    "The trigger's subject (or agent) is actor1, its object (or victim) actor2, as the "
    "dependency parse and the actor dictionary find them.",
    ("actor1", "actor2"),
    (Example("Rebels attacked an army base near Tessaro.", (("actor1", "REB"),)),),
    base=True,
)
OFF_DUTY = register(
    "actors.off_duty_civilian",
    "Security personnel attacked off duty are civilians (ACLED).",
    ("actor2",),
    (Example("Gunmen shot dead an off-duty soldier in Ombarin.", (("actor2", "CVL"),)),),
)
CLAUSE_COUNTS = register(
    "counts.clause_counts",
    "The counts (killed, injured, displaced, arrested) of the trigger's own clause, the "
    "largest of each kind.",
    ("fatalities", "injured", "displaced", "arrested"),
    (Example("Gunmen killed five villagers in Tessaro.", (("fatalities", "5"),)),),
    base=True,
)
EVENT_PLACE = register(
    "scene.event_place",
    "Where it happened: the trigger's place arguments, else the sentence's most specific "
    "place (extract/scene.py), resolved by the place rules.",
    ("location",),
    (Example("Rebels attacked an army base near Tessaro.", (("location", "Tessaro"),)),),
    base=True,
)
CROWD_DEMAND = register(
    "events.crowd_demand",
    "A demand made by a crowd (protesters, rioters, residents, workers) in a sentence that "
    "tells of its protest or strike, or right after one, is what the protest asks for, not "
    "a request of its own: ACLED and PLOVER coders code the protest.",
    ("event",),
    (
        Example(
            "Nurses in Tessaro went on strike on Monday. The nurses were demanding higher pay.",
            (),
            (("plover", "REQUEST"),),
        ),
    ),
)
CROWDS = frozenset({5, 6, 7})  # rioters, protesters, civilians
UNFOUND_IN_DOCUMENT_COUNTRY = register(
    "scene.unfound_in_document_country",
    "A place the gazetteer does not know, with no area named around it, is somewhere in the "
    "document's country: the event keeps the place's name, takes that country and no point "
    "(geo_precision 3).",
    ("location",),
    (
        Example(
            "Kenyan police said gunmen killed two herders in the village of Kwangendo on Tuesday.",
            (("location", "Kwangendo, KEN"),),
            (("location", "Kwangendo, ?"),),
        ),
    ),
)
MOVER_SIDE = register(
    "scene.mover_side_of_border",
    "A movement to or along a border ('sent troops to its border with X', 'massed tanks along "
    "the X border') happens on the mover's side: in the country of the state that moves, "
    "when the text names it as a place.",
    ("location",),
    (
        Example(
            "Norway moved 900 troops to its border with Sweden on Monday, the defence ministry "
            "said.",
            (("location", "Norway"),),
        ),
    ),
)
SENTENCE_DATE = register(
    "dates.sentence_date",
    "The date of the trigger's own clause, else the sentence's full calendar date, else the "
    "nearest date of the sentence.",
    ("date", "time_precision"),
    (Example("On 3 March 2024, rebels attacked Tessaro.", (("date", "2024-03-03"),)),),
    base=True,
)
LATER_CLAUSE_DATE = register(
    "dates.later_clause_not_own",
    "A date in a later clause that tells what will come ('arrested a man and he will appear "
    "in court on Friday') is that clause's, never the trigger's.",
    ("date", "time_precision"),
    (
        Example(
            "Police arrested a trader in Ombarin and he will appear in court on Friday.",
            (("date", "2024-03-13"),),
            (("date", "2024-03-08"),),
            published="2024-03-13",
        ),
    ),
)
CARRIED_DATE = register(
    "dates.carried_from_earlier_sentence",
    "A sentence without a date takes the last recent date of its paragraph.",
    ("date", "time_precision"),
    (
        Example(
            "Rebels attacked Tessaro on Friday. They burned the market.",
            (("date", "2024-03-08"),),
        ),
    ),
)
FUTURE_DATE_FORWARD = register(
    "dates.future_reads_forward",
    "A future event's weekday or month is read forward from publication ('will meet on Monday').",
    ("date",),
    (Example("The ministers will meet in Tessaro on Monday.", (("date", "2024-03-11"),)),),
)
PUBLICATION_DATE = register(
    "dates.publication_week",
    "An event with no date of its own is dated to the publication date, to the week "
    "(time precision 2).",
    ("date", "time_precision"),
    (Example("Rebels attacked Tessaro.", (("date", "2024-03-10"),)),),
)
HISTORICAL = register(
    "flags.historical",
    f"An event dated more than {HISTORICAL_DAYS} days before publication is historical.",
    ("historical",),
    (Example("In May 2019 rebels attacked Tessaro.", (("historical", "true"),)),),
)
FUTURE_BY_DATE = register(
    "flags.future_by_date",
    "An event dated after publication is future.",
    ("future",),
    (Example("The ministers will meet in Tessaro on 20 March 2024.", (("future", "true"),)),),
)
SOURCES = register(
    "attribution.sources",
    "Who the clause and the sentence credit for the claim ('police said', 'according to Reuters').",
    ("reported_by",),
    (Example("Rebels attacked Tessaro, police said.", (("reported_by", "police"),)),),
    base=True,
)
VERB_PATTERN = register(
    "typing.verb_pattern",
    "A verb-dictionary pattern the sentence matches sets the CAMEO code (and its PLOVER "
    "type); a pattern coded as no event drops the event.",
    ("cameo", "plover", "event"),
)
POLICE_INTERVENED = register(
    "sides.police_intervened",
    "A protest with intervention, or a riot, without a second side: the police named nearby "
    "(for a riot, anywhere later in its paragraph) are actor2.",
    ("actor2",),
    (
        Example(
            "Protesters burned tyres in Tessaro. Police restored order.",
            (("actor2", "COP"),),
        ),
    ),
)
OTHER_SIDE = register(
    "sides.other_side",
    "A second side the text implies without naming it apart: counter-protesters, the other "
    "half of a group that fought itself, the other of two forces before one head.",
    ("actor2",),
    (Example("Rival militias clashed in Ombarin.", (("actor2", "militia"),)),),
)
GOVERNMENT_ASSAULT_MILITARY = register(
    "actors.government_assault_is_military",
    "A government that fires or shells acts through its military.",
    ("actor1",),
    (Example("The government of Sudan shelled villages near El Fasher.", (("actor1", "SDNMIL"),)),),
)
CONFIDENCE = register(
    "confidence.score",
    "Confidence from the trigger's priority, the sides, place and date found, lowered for "
    "negated, hypothetical, historical and subordinate events.",
    ("confidence",),
    (Example("Rebels attacked an army base near Tessaro on Monday."),),
    base=True,
)
