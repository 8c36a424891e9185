"""Turning a noun phrase into an Actor: named groups, titled persons, agents, countries.

The country of a generic agent ("the army", "police") comes from a country word in the phrase
("Syrian troops", "the army of Mali") or else from the document's main country, as ACLED coders
do. Country words (names, demonyms, capitals standing for governments) come from the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from .. import rules
from ..nlp import doc_text, entity_at
from ..records import Actor
from ..rules import Example, register
from .doc_country import CountryLookup, capital_country
from .leaders import KNOWN_LEADER
from .lexicon import AgentEntry, GroupEntry, Lexicon, TitleEntry
from .loyal import LOYAL_TO, armed_nouns, loyal_force, loyal_to_whom
from .phrases import as_written, first_word, phrase_tokens, whole_name
from .roles import prep_object

MEMBER_SECTORS = frozenset({"PTY", "LAB"})  # parties and unions: acting through their members
PARTY_MEMBERS = register(
    "actors.party_members_civilians",
    "A political party or a union (sector PTY or LAB in the actor knowledge base) named as a "
    "side is its members: civilians, or protesters or rioters where the event makes them so, "
    "with the party as associated actor, as ACLED codes them; a party is never an armed group.",
    ("actor1", "actor2"),
    (
        Example(
            "Ruling party youths beat two members of the Indian National Congress in Patna "
            "on Sunday.",
            (("actor2", "Civilians (India)"),),
        ),
    ),
)

UNTAGGED_NAME = register(
    "actors.untagged_name_after_title",
    "Capitalised words after a title of titles.tsv that end the phrase are a person's name "
    "even where the model tags no person ('Foreign Minister Ana Torvik'): the person holds "
    "that office.",
    ("actor1", "actor2"),
    (
        Example(
            "Foreign Minister Ana Torvik began a two-day visit to Nairobi on Monday.",
            (("actor1", "inter 1"),),
        ),
    ),
)

TITLED_PERSON = register(
    "actors.titled_person",
    "A person written after a word for a state force or an armed group ('rebel commander "
    "N', 'army spokesman N', 'Northfield police commissioner N') acts for that force, "
    "whatever their title (lexicon/actors/titles.tsv) would make them.",
    ("actor1", "actor2"),
    (
        Example(
            "Rebel commander Dana Okafor accused the army of shelling Tessaro.",
            (("actor1", "inter 2"),),
            (("actor1", "inter 1"),),
        ),
    ),
)

_TOKENISH = re.compile(r"\w+|[^\w\s]")  # about the tokens the model makes of a name
NON_STATE_ARMED = {2, 3, 4}  # ACLED inter: rebels, political militias, identity militias
_SERVED = frozenset({1, 2, 3, 4})  # inter codes of the forces a titled person can serve
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "this", "them"}


@dataclass(frozen=True, slots=True)
class ActorMention:
    actor: Actor
    span: tuple[int, int]  # char offsets of the phrase


class _LexiconCountries:
    """User country words (e.g. from PETRARCH dictionaries) first, then the gazetteer."""

    def __init__(self, words: dict[str, str], fallback: CountryLookup) -> None:
        self.words = words
        self.fallback = fallback

    def country_for_word(self, word: str) -> str | None:
        return self.words.get(word.lower()) or self.fallback.country_for_word(word)

    def country_name(self, iso3: str) -> str | None:
        return self.fallback.country_name(iso3)


class ActorResolver:
    """Maps noun phrases to Actors using the lexicon and a country lookup."""

    def __init__(self, lexicon: Lexicon, countries: CountryLookup) -> None:
        self.lexicon = lexicon
        self.countries: CountryLookup = (
            _LexiconCountries(lexicon.country_words, countries)
            if lexicon.country_words
            else countries
        )
        self._groups: dict[str, GroupEntry] = {}
        for g in reversed(lexicon.groups):  # earlier entries (user dictionaries) win
            for alias in g.aliases:
                self._groups[alias.lower()] = g
        # the most tokens a name starting with a word can take ("the", "front", "us" start
        # few long names): a scan tries only those lengths
        self._group_starts: dict[str, int] = {}
        for alias in self._groups:
            first, size = first_word(alias), len(_TOKENISH.findall(alias))
            self._group_starts[first] = max(self._group_starts.get(first, 0), size)
        # office holders' names (lexicon/actors/leaders.tsv), found in a phrase as written;
        # extract/leaders.py codes the government they served on the article's date
        self._leaders = {a.casefold(): a for t in lexicon.leaders for a in t.aliases}
        # parties and unions by ACLED name: the body whose members a side is (conventions.py)
        self.parties = {g.acled_name: g for g in lexicon.groups if g.sector in MEMBER_SECTORS}
        self._leader_countries = {
            a.casefold(): t.country for t in lexicon.leaders for a in t.aliases
        }
        self._armed = armed_nouns(lexicon.agents)
        self._leader_words = max((len(a.split()) for a in self._leaders), default=0)
        self._max_agent_words = max((len(a.split()) for a in lexicon.agents), default=1)
        self.titles = lexicon.titles
        # "prime minister" before "minister"
        self._title_keys = sorted(self.titles, key=len, reverse=True)

    # --- public -------------------------------------------------------------------------
    def from_token(self, head: Any, doc_country: str | None) -> ActorMention | None:
        """The actor a noun-phrase head denotes, or None for pronouns and non-actors."""
        if head.lower_ in PRONOUNS:
            return None
        whom = loyal_to_whom(head, self._armed) if rules.on(LOYAL_TO) else None
        if whom is not None:  # "forces loyal to X": the force X leads (extract/loyal.py)
            last = max(whom.subtree, key=lambda t: t.i)  # "forces loyal to Khalifa Haftar"
            span = (phrase_tokens(head)[0].idx, last.idx + len(last.text))
            force = loyal_force(self, doc_text(head.doc)[span[0] : span[1]], whom, doc_country)
            if force is not None:
                rules.fired(LOYAL_TO)
                return ActorMention(force, span)
        if head.lemma_.lower() in self.lexicon.cue_words("part_of_group"):
            of_whom = prep_object(head, "of")  # "members of the Gulf Cartel": the cartel acts
            if of_whom is not None:
                whole = self.from_token(of_whom, doc_country)
                if whole is not None and whole.actor.inter is not None:
                    return whole
        tokens = phrase_tokens(head)
        possession = head.lemma_.lower() in self.lexicon.cue_words("possession")
        if possession and not self._agent_phrase(tokens, head):
            owner = self._owner(head, doc_country)
            if owner is not None:
                return owner
        span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
        text = doc_text(head.doc)[span[0] : span[1]]
        actor = self.from_phrase(tokens, head, doc_country)
        if (actor is None or actor.inter is None) and head.pos_ == "PROPN":
            shared = self._shared_head(head, doc_country)
            if shared is not None:
                return shared
        if actor is None:
            return None
        return ActorMention(
            Actor(
                text=text,
                name=actor.name,
                country=actor.country,
                sector=actor.sector,
                inter=actor.inter,
                cameo=actor.cameo,
                role=actor.role,
                associate=actor.associate,
            ),
            span,
        )

    def _shared_head(self, name: Any, doc_country: str | None) -> ActorMention | None:
        """A bare name coordinated with a named group of the same kind shares its head:
        "Tiv and Jukun Ethnic Militias" -> Tiv Ethnic Militia; "Bachama and Tula militias"."""
        identity = self.lexicon.cue_words("identity")
        for conj in name.children:
            if conj.dep_ != "conj" or conj.pos_ not in {"NOUN", "PROPN"}:
                continue
            rest = phrase_tokens(conj)
            while len(rest) > 1 and rest[0].pos_ == "PROPN" and rest[0].lower_ not in identity:
                rest = rest[1:]  # the other name
            if rest[0].i == conj.i and conj.pos_ == "PROPN":
                continue  # "Tiv and Jukun": two names, no head to share
            actor = self.from_phrase([name, *rest], conj, doc_country)
            if actor is not None and actor.inter is not None:
                span = (name.idx, name.idx + len(name.text))
                return ActorMention(replace(actor, text=name.text), span)
        return None

    def _owner(self, head: Any, doc_country: str | None) -> ActorMention | None:
        """'the positions of the army', 'an army post', 'a police station' -> the owner."""
        of_whom = prep_object(head, "of")
        if of_whom is not None:
            return self.from_token(of_whom, doc_country)
        # names first ("LNA military vehicles" are the LNA's), then nouns ("pro-government
        # militia members" are the militia's), then adjectives; the nearest first in each
        rank = {"PROPN": 0, "NOUN": 1}
        mods = sorted(reversed(list(head.lefts)), key=lambda c: rank.get(c.pos_, 2))
        for child in mods:
            if (
                child.dep_ in {"compound", "amod", "poss", "nmod"}
                and child.i < head.i
                and (child.lemma_.lower() in self.lexicon.agents or child.pos_ == "PROPN")
            ):
                owner = self.from_token(child, doc_country)
                if (
                    owner is not None
                    and owner.actor.inter is None
                    and head.lemma_.lower() in self.lexicon.agents
                ):
                    return None  # "a CNL member": a member (of an unknown body) is the actor
                return owner
        return None

    def from_phrase(self, tokens: list[Any], head: Any, doc_country: str | None) -> Actor | None:
        text = " ".join(t.text for t in tokens)
        group = self._group_in(tokens)
        explicit_country = self._country_in(tokens, head)
        associate = self._associate(tokens, doc_country)
        if group is not None and self._country_modifier(group, tokens, head):
            # "the Calenardhon government": a state named as modifier of an agent
            explicit_country, group = group.cameo, None
        if group is not None:
            return self._group_actor(group, text, explicit_country or doc_country, associate)
        leader = self._leader_in(tokens)
        if leader is not None:  # "Sudan's army chief Abdel Fattah al-Burhan": the person
            title = self._title(" ".join(t.lower_ for t in tokens))
            where = explicit_country or doc_country
            sector = title.sector if title else "CVL"
            return Actor(
                text=text,
                name=leader,
                country=where,
                sector=sector,
                inter=title.inter if title else None,
                cameo=f"{where or '---'}{sector}",
                role=title.role if title else "",
            )
        if head.pos_ == "PROPN" and explicit_country is None and group is None:
            explicit_country = self.countries.country_for_word(head.text)
            if explicit_country is not None:  # a country name, whatever the NER label says
                return self._state(text, explicit_country)
        person = self._person(tokens, head)
        country = explicit_country or doc_country
        if person is not None:
            role, sector, inter, name = person
            return Actor(
                text=text,
                name=name,
                country=country,
                sector=sector,
                inter=inter,
                cameo=f"{country or '---'}{sector}",
                role=role,
            )
        agent = self._agent(tokens, head)
        if agent is not None and agent.inter == 3 and agent.sector == "REB":
            identity = self._identity(tokens)
            if identity is not None:  # "Nuer militia", "clan militiamen": identity militia
                cname = self.countries.country_name(country) if country else None
                suffix = f" ({cname})" if cname else ""
                return Actor(
                    text=text,
                    name=f"{identity} Militia{suffix}",
                    country=country,
                    sector="REB",
                    inter=4,
                    cameo=f"{country or '---'}REB",
                )
        if (
            agent is not None
            and agent.inter in {5, 6, 7}
            and any(
                t.lower_ in self.lexicon.cue_words("armed_modifier")
                and t.dep_ == "amod"
                and t.head.i == head.i
                for t in tokens
            )
            and "armed men" in self.lexicon.agents
        ):  # "armed pastoralists", "masked youths", "unknown people": an armed group, as
            # ACLED names attackers nobody identifies, not a crowd
            agent = self.lexicon.agents["armed men"]
        if agent is not None:
            return self._agent_actor(text, agent, country, associate)
        if head.ent_type_ in {"GPE", "NORP"} or (explicit_country and head.pos_ == "PROPN"):
            iso = self.countries.country_for_word(head.text) or explicit_country
            if iso is not None:
                return self._state(text, iso)
        if (
            head.pos_ == "PROPN"
            and head.ent_type_ not in {"GPE", "LOC", "FAC", "DATE"}
            and not any(ch.isdigit() for ch in head.text)  # "82mm" is a calibre
            and not (head.i > 0 and head.nbor(-1).like_num and not head.nbor(-1).whitespace_)
        ):
            ent = entity_at(head)
            name = ent.text if ent is not None else text
            return Actor(text=text, name=name, country=country, sector=None, inter=None)
        return None

    def agent_actor(self, agent_key: str, text: str, country: str | None) -> Actor | None:
        entry = self.lexicon.agents.get(agent_key)
        return self._agent_actor(text, entry, country, None) if entry else None

    # --- helpers ------------------------------------------------------------------------
    def _agent_actor(
        self, text: str, agent: AgentEntry, country: str | None, associate: str | None
    ) -> Actor:
        if agent.cameo_sector.startswith("IGO"):
            country = None  # an international body's agents belong to no country
        cname = self.countries.country_name(country) if country else None
        name = agent.acled_name.format(country=cname or "Unknown", iso3=country or "---")
        if "(Unknown)" in name:
            name = name.replace(" (Unknown)", "")
        cameo = agent.cameo_sector if agent.cameo_sector.startswith("IGO") else None
        if cameo is None:
            cameo = f"{country or '---'}{agent.cameo_sector}"
        return Actor(
            text=text,
            name=name,
            country=country,
            sector=agent.sector,
            inter=agent.inter,
            cameo=cameo,
            associate=associate,
        )

    def _group_in(self, tokens: list[Any]) -> GroupEntry | None:
        return next((g for g, _, _ in self._groups_in(tokens)), None)

    def _groups_in(self, tokens: list[Any]) -> Iterator[tuple[GroupEntry, int, int]]:
        """Named groups in ``tokens``, longest first: (entry, first token, token count); each
        start's phrases grow a token at a time, as written (see ``as_written``)."""
        longest = self._group_starts
        found: list[tuple[int, int, GroupEntry]] = []  # (token count, first token, entry)
        for i, first in enumerate(tokens):
            most = longest.get(first_word(first.lower_))
            if most is None:
                continue
            phrase = first.text
            for n in range(1, min(len(tokens) - i, 8, most + 2) + 1):  # "People's": 2 tokens
                if n > 1:
                    prev, tok = tokens[i + n - 2], tokens[i + n - 1]
                    gap = prev.whitespace_ or tok.i != prev.i + 1
                    phrase = f"{phrase} {tok.text}" if gap else phrase + tok.text
                g = self._groups.get(phrase.lower())
                if g is None:
                    continue
                # short acronyms ("IS", "UN", "AU") must be written in capitals
                if len(phrase) <= 3 and phrase != phrase.upper():
                    continue
                if first.dep_ == "amod" and n == 1 and first.pos_ == "ADJ":
                    continue
                found.append((n, i, g))
        found.sort(key=lambda f: (-f[0], f[1]))
        for n, i, g in found:
            yield g, i, n

    def armed_groups(self, sent: Any, doc_country: str | None) -> Iterator[ActorMention]:
        """Named non-state armed groups (rebels, militias, gangs) written in ``sent``."""
        tokens = list(sent)
        taken: set[int] = set()
        for g, i, n in self._groups_in(tokens):
            members = g.sector in MEMBER_SECTORS
            if g.inter not in NON_STATE_ARMED or members or taken & set(range(i, i + n)):
                continue
            taken.update(range(i, i + n))
            span = (tokens[i].idx, tokens[i + n - 1].idx + len(tokens[i + n - 1].text))
            text = doc_text(sent.doc)[span[0] : span[1]]
            yield ActorMention(self._group_actor(g, text, doc_country, None), span)

    def group_actor(self, alias: str, text: str, country: str | None) -> Actor | None:
        """The actor of the group (groups.tsv) one of whose names is ``alias``."""
        group = self._groups.get(alias.lower())  # the alias index the name scan uses
        return None if group is None else self._group_actor(group, text, country, None)

    def _group_actor(
        self, group: GroupEntry, text: str, country: str | None, associate: str | None
    ) -> Actor:
        if group.sector in MEMBER_SECTORS and rules.on(PARTY_MEMBERS):
            members = self.agent_actor("civilian", text, group.country or country)
            if members is not None:
                rules.fired(PARTY_MEMBERS)
                return replace(members, associate=group.acled_name)
        if group.sector in {"IGO", "NGO"} or group.cameo.startswith("IGO"):
            country = None  # an international body belongs to no country (the UN in Gaza)
        return Actor(
            text=text,
            name=group.acled_name,
            country=group.country or country,
            sector=group.sector,
            inter=group.inter,
            cameo=group.cameo,
            associate=associate,
        )

    def state(self, text: str, iso: str) -> Actor:
        """The government of the state ``iso``, told by ``text`` (a place of that state)."""
        return self._state(text, iso)

    def _state(self, text: str, iso: str) -> Actor:
        """A state named alone ("Turkey", "Moscow"): its government, with the bare country
        code CAMEO gives a state."""
        name = self.countries.country_name(iso) or iso
        return Actor(
            text=text, name=f"Government of {name}", country=iso, sector="GOV", inter=1, cameo=iso
        )

    def _country_modifier(self, group: GroupEntry, tokens: list[Any], head: Any) -> bool:
        """True when a country-coded group only modifies an agent noun ('X government')."""
        if len(group.cameo) != 3 or self._agent(tokens, head) is None:
            return False
        return head.text.lower() not in {a.lower() for a in group.aliases}

    def _country_in(self, tokens: list[Any], head: Any) -> str | None:
        ent = entity_at(head)
        if ent is not None and ent.label_ in {"GPE", "NORP"} and len(ent) > 1:
            iso = self.countries.country_for_word(ent.text)  # "the United States"
            if iso is not None:
                return iso
        if ent is not None and ent.label_ == "GPE" and head.i == ent.root.i:
            iso = capital_country(ent.text)  # "Moscow said": the government of Russia
            if iso is not None:
                return iso
        for t in tokens:
            if t.i == head.i and head.ent_type_ not in {"GPE", "NORP"}:
                continue
            if t.pos_ in {"PROPN", "ADJ", "NOUN"} and t.text[:1].isupper():
                iso = self.countries.country_for_word(t.text)
                if iso is not None:
                    return iso
        for child in head.children:  # "the army of Mali"
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        iso = self.countries.country_for_word(obj.text)
                        if iso is not None:
                            return iso
        return None

    def _associate(self, tokens: list[Any], doc_country: str | None) -> str | None:
        """'Turkish-backed rebels', 'Russia-backed forces' -> the backer's forces."""
        for i, t in enumerate(tokens):
            if t.lower_ in {"backed", "-backed", "supported", "allied"} and i > 0:
                prev = tokens[i - 1] if tokens[i - 1].text != "-" else tokens[max(i - 2, 0)]
                iso = self.countries.country_for_word(prev.text)
                if iso is not None:
                    cname = self.countries.country_name(iso) or iso
                    return f"Military Forces of {cname}"
                g = self._groups.get(prev.text.lower())
                if g is not None:
                    return g.acled_name
        return None

    def _leader_in(self, tokens: list[Any]) -> str | None:
        """The longest office holder's name written in ``tokens`` (lexicon/actors/leaders.tsv),
        as the file spells it; names start and end with a proper noun."""
        if not self._leaders or not rules.on(KNOWN_LEADER):
            return None
        for n in range(min(len(tokens), self._leader_words * 3), 0, -1):
            for i in range(len(tokens) - n + 1):
                if tokens[i].pos_ != "PROPN" or tokens[i + n - 1].pos_ != "PROPN":
                    continue
                name = self._leaders.get(as_written(tokens[i : i + n]).casefold())
                if name is not None and whole_name(tokens[i], tokens[i + n - 1]):
                    return name
        return None

    def _title(self, lowered: str) -> TitleEntry | None:
        """The longest title of lexicon/actors/titles.tsv written in ``lowered``."""
        padded = f" {lowered} "
        return next((self.titles[k] for k in self._title_keys if f" {k} " in padded), None)

    def _person(self, tokens: list[Any], head: Any) -> tuple[str, str, int | None, str] | None:
        """(role, sector, inter, name) of a person named in ``tokens``: with
        **actors.titled_person**, the force or group a word before the name says they serve
        ("rebel commander N", "army spokesman N", "Northfield police commissioner N"), else
        the office of a title (titles.tsv), else a civilian without an inter code."""
        names = [t for t in tokens if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"]
        if not names and head.pos_ == "PROPN" and not head.ent_type_ and rules.on(UNTAGGED_NAME):
            names = self._name_after_title(tokens, head)  # a name the model left untagged
            if names:
                rules.fired(UNTAGGED_NAME)
        words = [t for t in tokens if t not in names]
        title = self._title(" ".join(t.lower_ for t in words))
        if not names or (title is None and head.ent_type_ != "PERSON"):
            return None
        name = " ".join(t.text for t in names)
        before = [t for t in words if t.i < names[0].i and t.pos_ in {"NOUN", "ADJ"}]
        served = [t for t in before if t.lemma_.lower() not in self.titles]  # not "commander"
        agent = next(
            (a for t in reversed(served) if (a := self.lexicon.agents.get(t.lemma_.lower()))),
            None,
        )
        if agent is not None and agent.inter in _SERVED and rules.on(TITLED_PERSON):
            rules.fired(TITLED_PERSON)  # counted; which side it is, the caller knows
            role = title.role if title else " ".join(t.text for t in before)
            return role, agent.sector, agent.inter, name
        if title is not None:
            return title.role, title.sector, title.inter, name
        return "", "CVL", None, name

    def _name_after_title(self, tokens: list[Any], head: Any) -> list[Any]:
        """The capitalised words after a title that end the phrase ("Foreign Minister Ana
        Torvik" when the model tags no person): the name; [] when no title leads them."""
        i = len(tokens)
        while i > 0 and tokens[i - 1].pos_ == "PROPN" and tokens[i - 1].text[:1].isupper():
            i -= 1
        for start in range(max(i - 1, 0), len(tokens) - 1):  # a title may be capitalised
            title = self._title(" ".join(t.lower_ for t in tokens[: start + 1]))
            rest = tokens[start + 1 :]
            if title is not None and all(t.lower_ not in title.title.split() for t in rest):
                return rest if head in rest else []
        return []

    def _identity(self, tokens: list[Any]) -> str | None:
        """The name an identity militia goes by, less "Militia": the people or clan of a
        militia phrase ('Bul Nuer militia', 'Tiv militias', 'Saad clan militiamen' -> "Nuer
        Ethnic"), the community it comes from ('militias from Umuoka' -> "Umuoka
        Communal"), or "Unidentified Communal" for 'clan/tribal/communal/local' without a
        name."""
        for t in tokens:
            if (
                (t.ent_type_ == "NORP" or t.pos_ == "PROPN")
                # a modifier, or a name sharing the head ("Tiv and Jukun militias")
                and (t.dep_ in {"compound", "amod", "nmod"} or t is tokens[0])
                and self.countries.country_for_word(t.text) is None
                and t.lower_ not in self.lexicon.cue_words("political_creed")
                and t.lower_ not in self.lexicon.cue_words("identity")  # "Ethnic Militias"
            ):  # "Nuer militia", but "Islamist militants" fight for a creed, not a people
                return f"{t.text} Ethnic"
        for t in tokens:
            for prep in t.children:
                if prep.dep_ != "prep" or prep.lower_ != "from":
                    continue
                for o in prep.children:
                    names = (
                        [o]
                        if o.pos_ == "PROPN"
                        else [k for k in o.children if k.dep_ == "compound" and k.pos_ == "PROPN"]
                    )
                    if names and self.countries.country_for_word(names[0].text) is None:
                        return f"{names[0].text} Communal"
        words = {t.lower_ for t in tokens} | {
            w.lower_ for t in tokens for c in t.children if c.dep_ == "prep" for w in c.subtree
        }
        if words & self.lexicon.cue_words("identity"):
            return "Unidentified Communal"
        return None

    def _agent_phrase(self, tokens: list[Any], head: Any) -> bool:
        """True when words before the head make it an agent of several words ("Gondor's main
        opposition group"): then the phrase is that agent, not a thing its possessor owns."""
        words = [t.lower_ for t in tokens if t.i <= head.i]
        lemmas = [*words[:-1], head.lemma_.lower()]
        return any(
            " ".join(seq[-n:]) in self.lexicon.agents
            for seq in (words, lemmas)
            for n in range(2, min(self._max_agent_words, len(seq)) + 1)
        )

    def _agent(self, tokens: list[Any], head: Any) -> AgentEntry | None:
        if head.lemma_.lower() in self.lexicon.cue_words("generic_agent"):
            # "rebel forces", "police units", "militia members": the modifier is the agent,
            # the nearest one first ("a chief police officer" is police)
            for t in reversed(tokens):
                if t.i < head.i and t.dep_ in {"compound", "amod", "nmod"}:
                    entry = self.lexicon.agents.get(t.lemma_.lower())
                    if entry is not None and t.lemma_.lower() not in {"government"}:
                        return entry
        lemmas = [t.lemma_.lower() for t in tokens if t.i <= head.i]
        words = [t.lower_ for t in tokens if t.i <= head.i]
        seqs = [lemmas, words]
        if head.pos_ == "PROPN" and head.is_sent_start and words[-1].endswith("s"):
            # "Gendarmes seized ...": a plural the model took for a name opening the sentence
            seqs.append([*words[:-1], words[-1][:-1]])
        for seq in seqs:
            for n in range(min(self._max_agent_words, len(seq)), 0, -1):
                key = " ".join(seq[-n:])
                entry = self.lexicon.agents.get(key)
                if entry is not None:
                    return entry
        return None
