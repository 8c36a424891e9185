"""The named rules of toponym recognition and resolution (stage ``place``, see
:mod:`eventdesk.rules`), in the order the resolver applies them: recognition
(:mod:`~eventdesk.resolve.place_recognition`), candidates
(:mod:`~eventdesk.resolve.place_candidates`), decision (:mod:`~eventdesk.resolve.place_decision`;
those rules are written in :mod:`~eventdesk.resolve.place_rules_decision` and read from here).

An example's ``expect`` and ``without`` hold ``("place", "TEXT -> VALUE")``: what the places
whose text is ``TEXT`` resolve to with the rule on (all of them) and off (one at least).
``VALUE`` is ``none`` (no such place), ``unlocated`` (a place kept by name only), ``ISO3``,
``ISO3/feature`` or ``ISO3/feature/admin1``; only the parts given are checked. The base rules
(the model's entities, the best score) are always on.
"""

from __future__ import annotations

from eventdesk import rules
from eventdesk.resolve.place_rule_kit import example as _ex
from eventdesk.resolve.place_rule_kit import fire  # noqa: F401  (the decision module's)

# -- recognition ----------------------------------------------------------------------------

MODEL_PLACE_ENTITY = rules.register(
    "place.model_place_entity",
    "A name the model labels GPE or LOC is a toponym (unless it is a stop name); one it labels "
    "FAC when the gazetteer knows it by its own name or it is a street.",
    fields=("place",),
    examples=(
        _ex(
            "Protesters marched through Nairobi on Tuesday.",
            "Nairobi -> KEN/city",
            "Nairobi -> none",
        ),
    ),
    base=True,
)
NAME_KNOWN_WHOLE = rules.register(
    "place.name_known_whole",
    "A name the model split or cut short is taken whole when the gazetteer knows it whole: "
    'joined by "de"/"do"/"of" ("Santa Cruz de la Sierra"), two places side by side ("Boa" + '
    '"Vista"), or a place and the capitalised words after it.',
    fields=("place",),
    examples=(
        _ex(
            "Nurses protested in Santa Cruz de la Sierra on Monday.",
            "Santa Cruz de la Sierra -> BOL/city",
            "Santa Cruz de la Sierra -> none",
        ),
    ),
)
STOP_NAMES = rules.register(
    "place.stop_names",
    "Months, weekdays, titles, directions and a few bodies (Congress, Senate) are no toponyms, "
    "even where a town somewhere has that name.",
    fields=("place",),
    examples=(
        _ex(
            "Farmers protested as the bill was discussed in Congress on Monday.",
            "Congress -> none",
            "Congress -> USA",
        ),
    ),
)
PEOPLE_AS_PLACE = rules.register(
    "place.people_entity_as_place",
    "A NORP entity (a people) is a toponym when it is a country's name or demonym, a country, "
    "or a place name the context confirms.",
    fields=("place",),
    examples=(
        _ex("Syrian troops shelled the town on Sunday.", "Syrian -> SYR/country", "Syrian -> none"),
    ),
)
NAME_IN_OTHER_ENTITY = rules.register(
    "place.name_in_other_entity",
    "A place the model labelled an organisation, person, work or event is a toponym when the "
    'gazetteer accepts it: the whole entity ("in Fargo" taken for a person) or the place inside '
    'an organisation\'s name ("the Ohio Department of Health", "... of X").',
    fields=("place",),
    examples=(
        _ex(
            "Nurses at the Ohio Department of Health went on strike on Monday.",
            "Ohio -> USA/admin1",
            "Ohio -> none",
        ),
        _ex(
            "Officials in Fargo said police arrested two protesters.",
            "Fargo -> USA/city/North Dakota",
            "Fargo -> none",
        ),
    ),
)
SURNAME_IS_PERSON = rules.register(
    "place.surname_is_person",
    'A one-word PERSON entity that is the surname of a full name elsewhere in the text ("Mike '
    'Jackson" ... "Jackson") is the person, not a town.',
    fields=("place",),
    examples=(
        _ex(
            "Senator Tom Moore was attacked at a rally. Later, Moore said he was unhurt.",
            "Moore -> none",
            "Moore -> USA/city",
        ),
    ),
)
TOWN_WITH_ITS_REGION = rules.register(
    "place.town_followed_by_its_region",
    "A small town the model took for a person, a body or a date is a toponym when the region "
    'or country after it holds a town of that name ("in X, Rio Grande do Sul", "X (Misiones)", '
    '"X of the Y region").',
    fields=("place",),
    examples=(
        _ex(
            "Teachers protested in Shklow of the Mogilev region on Sunday.",
            "Shklow -> BLR/city/Mogilev",
            "Shklow -> none",
        ),
    ),
)
CAPITALISED_RUN = rules.register(
    "place.capitalised_run",
    "Capitalised proper-noun runs that no entity covers are looked up in the gazetteer and "
    "taken when accepted.",
    fields=("place",),
    examples=(
        _ex(
            "In Chegutu, traders protested against new taxes.",
            "Chegutu -> ZWE/city",
            "Chegutu -> none",
        ),
    ),
)
REGION_NAME_ACCEPTED = rules.register(
    "place.region_name_accepted",
    "A candidate toponym that is a country, first- or second-level region or continent by its "
    "own name is accepted whatever its context.",
    fields=("place",),
    examples=(_ex("Students protested in Unity on Monday.", "Unity -> SSD/admin1"),),
)
AREA_OR_NEAR_WORD = rules.register(
    "place.area_or_near_word",
    'A name after an area word ("eastern X", "rural X", "the X countryside") that a town of '
    '20,000 goes by, or after "near"/"outside" that any town goes by, is a toponym.',
    fields=("place",),
    examples=(
        _ex("Shelling killed two civilians near Shyrokyne on Sunday.", "Shyrokyne -> UKR/city"),
    ),
)
TOWN_BY_POPULATION = rules.register(
    "place.town_by_population",
    "A town is accepted by its population for its context: 50,000 anywhere; with a cue before "
    "or after it (a preposition, a comma, a feature word, the object of a capture verb) 5,000 "
    "(where the model saw a person) or 1,000; at a sentence start without a cue 100,000; inside "
    "an organisation's name 20,000.",
    fields=("place",),
    examples=(
        _ex(
            "In Chegutu, traders protested against new taxes.",
            "Chegutu -> ZWE/city",
            "Chegutu -> none",
        ),
    ),
)
CONTEXT_CUE = rules.register(
    "place.context_cue",
    'A name a place-kind word marks is a place even unknown to the gazetteer: "the village of '
    'X", "X district", "Kafr X", lists ("the villages of A, B and C").',
    fields=("place",),
    examples=(
        _ex(
            "Troops burned Gidan Dutse village on Monday.",
            "Gidan Dutse -> unlocated",
            "Gidan Dutse -> none",
        ),
        _ex("Gunmen attacked the town of Madagali on Monday.", "Madagali -> NGA/city"),
    ),
)
CUE_NEAR_OR_ENTRY = rules.register(
    "place.cue_near_or_entry_verb",
    'A name after "near" or as the object of an entry verb ("troops entered X", "stormed X") '
    "is a place, unless a person's or a body's.",
    fields=("place",),
    examples=(
        _ex("Rebels stormed Bambari on Sunday, killing three soldiers.", "Bambari -> CAF/city"),
    ),
)
CUE_WHERE_PHRASE = rules.register(
    "place.cue_where_phrase",
    'A name that what follows places: "in X, just north of Y", "in X in Helmand province", '
    '"X (District, Region)".',
    fields=("place",),
    examples=(
        _ex(
            "Looters burned shops in Gidan Dutse, just north of Kano, on Monday.",
            "Gidan Dutse -> unlocated",
            "Gidan Dutse -> none",
        ),
        _ex(
            "Shelling killed two people in Talbiseh, just north of Homs, on Monday.",
            "Talbiseh -> SYR/city",
        ),
    ),
)

NAMED_FACILITY = rules.register(
    "place.named_facility",
    "A named building or site the model took for an organisation or a person ('the Ombarin "
    "General Hospital', 'Liberty Square') is a place, kept by its name (eventdesk.pipeline).",
    fields=("place",),
    examples=(
        _ex(
            "Gunmen stormed the Ombarin General Hospital on Monday.",
            "Ombarin General Hospital -> unlocated",
            "Ombarin General Hospital -> none",
        ),
    ),
)

PERSON_NAME_NOT_PLACE = rules.register(
    "place.person_name_not_place",
    "A one-word name the gazetteer cannot place, that is a word of a person the article names "
    "in full ('Thaksin' after 'Prime Minister Thaksin Shinawatra'), is that person, not a "
    "place kept by its name (eventdesk.pipeline); a place-kind word ('the village of X') "
    "still makes it a place.",
    fields=("place",),
    examples=(
        _ex(
            "Police arrested two strikers at a power plant in Ombarin on Monday. Prime "
            "Minister Thaksin Shinawatra toured the plant later. Thaksin told workers their "
            "jobs were safe.",
            "Thaksin -> none",
            "Thaksin -> unlocated",
        ),
    ),
)

# -- candidates -----------------------------------------------------------------------------

REGION_AFTER_COMMA = rules.register(
    "place.region_after_comma",
    'The region or country after a comma or in brackets ("Paris, Tenn.", "X, Syria", '
    '"X (Misrata)") contains the place: its candidates there win.',
    fields=("place",),
    examples=(
        _ex(
            "Police clashed with vendors in Mbare, Harare, on Monday.",
            "Mbare -> ZWE/admin1/Harare",
            "Mbare -> unlocated",
        ),
        _ex("Police in Paris, Tenn., arrested two men on Friday.", "Paris -> USA/city/Tennessee"),
    ),
)
IN_TOWN_NAMED_AFTER = rules.register(
    "place.in_town_named_after",
    'A place "in" the town, region or country named right after it ("Hampton Park in '
    'Charleston") lies there: its town readings elsewhere are dropped (none left: a local '
    "name the gazetteer does not know, which casts no vote for a country).",
    fields=("place",),
    examples=(
        _ex(
            "A man was shot dead near Hampton Park in Charleston on Sunday.",
            "Hampton Park -> unlocated",
            "Hampton Park -> AUS",
        ),
    ),
)
COMMA_LIST = rules.register(
    "place.comma_list_no_container",
    'A list of states or countries is no "X, Region" pair: "Washington, Pennsylvania and '
    'California", "Mali, Niger and Chad".',
    fields=("place",),
    examples=(
        _ex(
            "Protesters rallied in Washington, Oregon and Idaho on Monday.",
            "Washington -> USA/admin1/Washington",
            "Washington -> USA/admin2/Oregon",
        ),
    ),
)
KNOWN_ALIAS = rules.register(
    "place.known_alias",
    'A nickname or abbreviation of a place (lexicon/geo/place_aliases.tsv: "Philly", '
    '"NYC") stands for that place.',
    fields=("place",),
    examples=(
        _ex(
            "Tenants protested against rent rises in NYC on Monday.",
            "NYC -> USA/city/New York",
            "NYC -> unlocated",
        ),
    ),
)
US_STATE_ABBREVIATION = rules.register(
    "place.us_state_abbreviation",
    'A US state abbreviation or postal code ("Tenn.", "N.D.", "TX") is the state.',
    fields=("place",),
    examples=(
        _ex(
            "A Tenn. man was arrested on Monday.",
            "Tenn. -> USA/admin1/Tennessee",
            "Tenn. -> unlocated",
        ),
    ),
)
KNOWN_PART = rules.register(
    "place.known_part_of_name",
    "A name the gazetteer does not know is looked up by a known part: without its feature "
    'word, without a direction ("Northeast Georgia"), or by its head ("Douglas County Road").',
    fields=("place",),
    examples=(
        _ex(
            "Police arrested two men on Douglas County Road on Monday.",
            "Douglas County Road -> USA/admin2",
            "Douglas County Road -> unlocated",
        ),
    ),
)
COUNTRY_OF_DEMONYM = rules.register(
    "place.country_of_demonym",
    'A country name or demonym ("Syrian") that names no region of its own reads as the country.',
    fields=("place",),
    examples=(
        _ex(
            "Hundreds of Egyptian students protested on Monday.",
            "Egyptian -> EGY/country",
            "Egyptian -> none",
        ),
    ),
)
PRIMARY_OVER_ALTERNATE = rules.register(
    "place.primary_name_over_alternate",
    "A country or region called by this name beats a town (or, for a country, a region) that "
    'goes by it only as an alternate name ("Mexico" the country).',
    fields=("place",),
    examples=(_ex("Protesters marched in New York on Monday.", "New York -> USA/admin1/New York"),),
)
REGION_OVER_HAMLETS = rules.register(
    "place.region_over_hamlets",
    'A curated region ("Middle East") or a state of a million people ("Oklahoma") beats the '
    "small towns named after it.",
    fields=("place",),
    examples=(_ex("Ranchers protested in Oklahoma on Monday.", "Oklahoma -> USA/admin1"),),
)
FUZZY_MATCH = rules.register(
    "place.fuzzy_match",
    "A name of five letters or more that nothing matches takes the near miss among countries, "
    "regions and towns of 5,000 (a misspelling).",
    fields=("place",),
    examples=(
        _ex(
            "South African workers protested in Pietermaritzbrug on Monday.",
            "Pietermaritzbrug -> ZAF/city/KwaZulu-Natal",
            "Pietermaritzbrug -> unlocated",
        ),
    ),
)
CONTAINER_STANDS_IN = rules.register(
    "place.container_stands_in",
    'A town the gazetteer does not know in the region or country after the comma ("Bradford, '
    'Ontario" with no Bradford in Canada) stands in at that region or country, by its own name.',
    fields=("place",),
    examples=(
        _ex(
            "Farmers protested in Bradford, Ontario, on Saturday.",
            "Bradford -> CAN/admin1/Ontario",
            "Bradford -> GBR/city",
        ),
    ),
)
FAR_NAMESAKE_DROPPED = rules.register(
    "place.far_namesake_dropped",
    'A namesake across the country, 300 km from the region after the comma, is not meant ("X, '
    'Donetsk" is no X of another oblast), unless its region is named alike or it is famous.',
    fields=("place",),
    examples=(
        _ex(
            "Mortar rounds killed a man near Kalynivka, Donetsk, on Sunday.",
            "Kalynivka -> UKR/city/Donetska",
        ),
    ),
)
TOWN_WITH_OWN_REGION = rules.register(
    "place.town_named_with_own_region",
    'A place followed by the region of its own name is the town: "Medenine (Medenine)", '
    '"Colon (Colon)".',
    fields=("place",),
    examples=(
        _ex(
            "Soldiers repelled an attack near Gitega (Gitega) on Monday.",
            "Gitega -> BDI/city",
            "Gitega -> BDI/admin1",
        ),
    ),
)

RECOGNITION_RULES = (
    MODEL_PLACE_ENTITY,
    NAME_KNOWN_WHOLE,
    STOP_NAMES,
    PEOPLE_AS_PLACE,
    NAME_IN_OTHER_ENTITY,
    SURNAME_IS_PERSON,
    TOWN_WITH_ITS_REGION,
    CAPITALISED_RUN,
    REGION_NAME_ACCEPTED,
    AREA_OR_NEAR_WORD,
    TOWN_BY_POPULATION,
    CONTEXT_CUE,
    CUE_NEAR_OR_ENTRY,
    CUE_WHERE_PHRASE,
)

ACRONYM_NEEDS_CONTEXT = rules.register(
    "place.acronym_needs_place_context",
    'An acronym or short all-caps word ("BA", "MoD", "TN") is a toponym only when it names a '
    'place itself (a country, an alias, a region that goes by it: "US", "DRC", "NSW"), a '
    'place-kind word marks it, it opens a dateline ("KABUL (Reuters) -") or a place comes '
    'with it ("Memphis, TN", "X, Fiji"); else it is an organisation, a degree, an airline.',
    fields=("place",),
    examples=(
        _ex(
            "Passengers protested at the BA desk in London on Monday.",
            "BA -> none",
            "BA -> FJI",
        ),
        _ex(
            "Rebels in London denied claims made by the MoD on Monday.", "MoD -> none", "MoD -> USA"
        ),
    ),
)
COMMON_WORD_NEEDS_CONTEXT = rules.register(
    "place.common_word_needs_place_context",
    'A capitalised word the text also uses as a lowercase word ("Most ... most homes", "Man '
    '... a man") is a toponym only when the model calls it a place, a place-kind word marks '
    "it or it names a country or region by its own name; else it is a common word that a "
    "town somewhere bears.",
    fields=("place",),
    examples=(
        _ex(
            "Most residents fled the fighting, and most homes in Kherson were damaged.",
            "Most -> none",
            "Most -> CZE",
        ),
        _ex(
            "Man arrested after a man was stabbed in Leeds on Friday.", "Man -> none", "Man -> CAN"
        ),
    ),
)
COMPANY_NAME = rules.register(
    "place.company_name_not_place",
    "A name set beside a word for a firm, bank or outlet ('the mining company X', 'X, the "
    "mining company') is that organisation, even where the model calls it a place and a town "
    "somewhere bears its name.",
    fields=("place",),
    examples=(
        _ex(
            "Protesters rallied in Oslo against a mine run by the mining company Vale.",
            "Vale -> none",
            "Vale -> GGY",
        ),
    ),
)

# the decision rules (resolve/place_rules_decision.py) register after the recognition and
# candidate rules, as the resolver applies them; every module reads them from here
from eventdesk.resolve.place_rules_decision import (  # noqa: E402, F401
    CITY_OVER_REGION,
    CONTAINER_AS_REGION,
    COUNTRY_OF_DOCUMENT,
    DROP_FOREIGN_WEAK,
    FEATURE_WORD_HINT,
    FRONT_STAND_IN,
    FRONT_TOWN_PREFERRED,
    FUZZY_NEEDS_SUPPORT,
    GAZETTEER_BEST_SCORE,
    KIND_OF_OTHER_PLACES,
    MARKED_WEAK_ABROAD,
    NEAR_OTHER_PLACES,
    ONE_SENSE,
    PART_OF_NAMED_CITY,
    PLACES_DECIDE_ABROAD,
    TERRITORY_VOTES,
)
