"""The named rules that decide among a toponym's gazetteer candidates (stage ``place``):
the scores of :mod:`~eventdesk.resolve.place_decision` and the checks after it. Read them
through :mod:`eventdesk.resolve.place_rules`, which registers them after the recognition and
candidate rules and documents the examples' form."""

from __future__ import annotations

from eventdesk import rules
from eventdesk.resolve.place_rule_kit import example as _ex

# -- decision -------------------------------------------------------------------------------

GAZETTEER_BEST_SCORE = rules.register(
    "place.gazetteer_best_score",
    "The default decision: of a mention's candidates, the one with the best score (kind and "
    "population priors, penalties for alternate and loose spellings, and the context rules "
    "below). Off: the gazetteer's first candidate (exact before loose, most populous first).",
    fields=("place",),
    examples=(
        _ex("Traders in Kaduna went on strike.", "Kaduna -> NGA/city", "Kaduna -> NGA/admin1"),
    ),
    base=True,
)
COUNTRY_OF_DOCUMENT = rules.register(
    "place.country_of_document",
    "Candidates in the countries and first-level regions the text's other places and demonyms "
    "name score higher.",
    fields=("place",),
    examples=(
        _ex(
            "Louisiana police said a man from Alexandria was arrested.",
            "Alexandria -> USA/city/Louisiana",
            "Alexandria -> EGY",
        ),
    ),
)
NEAR_OTHER_PLACES = rules.register(
    "place.near_other_places",
    "Candidates near the text's other towns (over 250 km) and regions (over 800 km) score "
    "higher: places in one story tend to be close.",
    fields=("place",),
    examples=(
        _ex(
            "Police in Fargo and Alexandria arrested four protesters on Monday.",
            "Alexandria -> USA/city/Minnesota",
            "Alexandria -> USA/city/Virginia",
        ),
    ),
)
TERRITORY_VOTES = rules.register(
    "place.territory_shares_votes",
    "A territory and the state news tells its places with (lexicon geo/shared_votes.tsv: "
    "Palestine and Israel, Western Sahara and Morocco) share the text's country votes: "
    "'Gaza' in a story of Israel is the Palestinian city, not the Mozambican province.",
    fields=("place",),
    examples=(
        _ex(
            "Israeli air strikes hit Gaza on Tuesday, the army said.",
            "Gaza -> PSE/city",
            "Gaza -> MOZ/admin1",
        ),
    ),
)
KIND_OF_OTHER_PLACES = rules.register(
    "place.kind_of_other_places",
    "A country or first-level region scores by the share of the text's other places of its "
    'kind: a list of states makes "Washington" the state.',
    fields=("place",),
    examples=(
        _ex(
            "Voters in Oregon, Idaho and Washington protested on Monday.",
            "Washington -> USA/admin1/Washington",
            "Washington -> USA/admin2",
        ),
    ),
)
CITY_OVER_REGION = rules.register(
    "place.city_over_namesake_region",
    'A region named after a big city ("Moscow", "Aleppo") is the city unless a feature word '
    'says region ("Aleppo province").',
    fields=("place",),
    examples=(
        _ex("Fighting resumed in Aleppo on Sunday.", "Aleppo -> SYR/city", "Aleppo -> SYR/admin1"),
    ),
)
FEATURE_WORD_HINT = rules.register(
    "place.feature_word_hint",
    'A feature word next to the name ("X province", "the town of X") favours candidates of '
    "that kind and disfavours countries.",
    fields=("place",),
    examples=(
        _ex(
            "Gunmen killed five people in Kano state on Monday.",
            "Kano -> NGA/admin1",
            "Kano -> NGA/city",
        ),
    ),
)
DROP_FOREIGN_WEAK = rules.register(
    "place.drop_foreign_weak",
    "In a text clearly about one country, a weak match abroad (a small town, an alternate or "
    "loose spelling) that nothing else points at is dropped as a misreading.",
    fields=("place",),
    examples=(
        _ex(
            (
                "Party members clashed in Solwezi and Mwinilunga, in North-Western Province of "
                "Zambia."
            ),
            "North-Western Province -> unlocated",
            "North-Western Province -> LKA",
        ),
    ),
)
PLACES_DECIDE_ABROAD = rules.register(
    "place.places_decide_abroad",
    "Nationality words alone ('Turkish drones', 'a Saudi statement') never make a place in "
    "another country a misreading: place.drop_foreign_weak needs a place of the text in the "
    "country it favours.",
    fields=("place",),
    examples=(
        _ex(
            "Turkish drones struck fighters in Qamishli, a Turkish ministry statement said, "
            "adding that Turkish forces would press on.",
            "Qamishli -> SYR",
            "Qamishli -> unlocated",
        ),
    ),
)
FUZZY_NEEDS_SUPPORT = rules.register(
    "place.fuzzy_needs_support",
    "A near miss is kept only where another place of the text, or a country or people's "
    "name, points at its country; alone it is left unlocated.",
    fields=("place",),
    examples=(
        _ex(
            "Workers protested in Pietermaritzbrug on Monday.",
            "Pietermaritzbrug -> unlocated",
            "Pietermaritzbrug -> ZAF/city/KwaZulu-Natal",
        ),
    ),
)
ONE_SENSE = rules.register(
    "place.one_sense_per_document",
    'A name means one place throughout a text: where one mention says which ("Athens, '
    'Greece"), the bare mentions of it mean that place too.',
    fields=("place",),
    examples=(
        _ex(
            (
                "Students protested in Athens, Ohio, on Friday. Athens students later marched in "
                "Atlanta and Macon."
            ),
            "Athens -> USA/city/Ohio",
            "Athens -> USA/city/Georgia",
        ),
    ),
)
CONTAINER_AS_REGION = rules.register(
    "place.container_as_region",
    'In "X, Donetsk" the name after the comma is the region X lies in (the oblast, not a town), '
    "when X was resolved inside it or stands in for it.",
    fields=("place",),
    examples=(
        _ex(
            "Shelling killed a man in Avdiivka, Donetsk, on Sunday.",
            "Donetsk -> UKR/admin1",
            "Donetsk -> UKR/city",
        ),
    ),
)
FRONT_TOWN_PREFERRED = rules.register(
    "place.front_town_preferred",
    "In a report on a front, a town of the front's country is the namesake inside the front's "
    "regions, the one nearest the settlements listed on it.",
    fields=("place",),
    examples=(
        _ex(
            "The SMM recorded two explosions near Katerynivka.",
            "Katerynivka -> UKR/city/Donetska",
            "Katerynivka -> UKR/city/Luhanska",
        ),
    ),
)
FRONT_STAND_IN = rules.register(
    "place.front_stand_in",
    "In a report on a front, a village known only far from it, or not at all, stands in at the "
    "front's region (or country) by its own name.",
    fields=("place",),
    examples=(
        _ex(
            "The SMM recorded explosions near Komsomolets.",
            "Komsomolets -> UKR/admin1/Donetska",
            "Komsomolets -> RUS/city",
        ),
    ),
)
MARKED_WEAK_ABROAD = rules.register(
    "place.marked_weak_abroad_dropped",
    'A name its context calls a place ("the village of X") keeps a small town\'s entry only in '
    "a country the text's other places or demonyms name.",
    fields=("place",),
    examples=(
        _ex(
            "Gunmen burned the village of Olecko near Gusau on Monday.",
            "Olecko -> unlocated",
            "Olecko -> POL",
        ),
    ),
)
PART_OF_NAMED_CITY = rules.register(
    "place.part_of_named_city",
    'A neighbourhood, suburb or quarter ("the X neighbourhood") lies in the city the text '
    "names, not in a namesake town elsewhere: it stands in at that city by its own name.",
    fields=("place",),
    examples=(
        _ex(
            "Police raided homes in Recife on Monday, in the Boa Viagem neighbourhood.",
            "Boa Viagem -> BRA/city/Pernambuco",
            "Boa Viagem -> BRA/city/Ceará",
        ),
    ),
)
