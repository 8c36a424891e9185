"""Who the article credits for a claim, and direct quotes with their speakers.

``reported_by``: "according to X", "citing X", and "X said/reported/claimed that ..." where the
event sits inside the reported clause. Quotes: text in double quotes with a reporting verb
nearby; "he said" resolves to the last named person before the quote.
"""

from __future__ import annotations

import re
from typing import Any

from ..nlp import doc_text, doc_words
from ..records import Actor, Quote
from .actors import ActorResolver
from .triggers import TriggerFinder

_QUOTE = re.compile(r"[\"“]([^\"“”]{12,1500})[\"”]")


def _phrase(tok: Any) -> tuple[str, tuple[int, int]]:
    toks = [t for t in tok.subtree if t.dep_ not in {"relcl", "punct"}]
    toks = [t for t in toks if abs(t.i - tok.i) <= 6]
    while toks and toks[0].dep_ == "det":
        toks = toks[1:]
    if not toks:
        toks = [tok]
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return doc_text(tok.doc)[s:e], (s, e)


class Attributor:
    def __init__(self, finder: TriggerFinder, actors: ActorResolver) -> None:
        self.finder = finder
        self.actors = actors

    def source_name(self, tok: Any, doc_country: str | None) -> str:
        mention = self.actors.from_token(tok, doc_country)
        if mention is not None and (mention.actor.sector in {"IGO", "NGO"} or tok.pos_ == "PROPN"):
            return mention.actor.name
        return _phrase(tok)[0]

    def sentence_sources(self, sent: Any, doc_country: str | None) -> list[str]:
        """Sources credited for the whole sentence: 'according to X', 'citing X'."""
        out: list[str] = []
        words = doc_words(sent.doc)
        for i in range(sent.start, sent.end):
            if words.lower[i] != "according" and words.lemma[i] != "cite":
                continue  # neither branch below (without making the token)
            tok = sent.doc[i]
            if tok.lower_ == "according":
                for to in tok.children:
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            out.append(self.source_name(obj, doc_country))
            elif tok.lemma_.lower() == "cite" and tok.pos_ == "VERB":
                for obj in tok.children:
                    if obj.dep_ == "dobj":
                        out.append(self.source_name(obj, doc_country))
        return out

    def clause_sources(self, head: Any, doc_country: str | None) -> list[str]:
        """Sources of 'say'-type verbs above the trigger (the trigger in what they report)."""
        out: list[str] = []
        t = head
        while t.head.i != t.i:
            parent = t.head
            if self.finder.is_reporting(parent) and t.dep_ not in {"nsubj", "nsubjpass"}:
                for c in parent.children:
                    if c.dep_ in {"nsubj", "nsubjpass"} and c.i != t.i:
                        out.append(self.source_name(c, doc_country))
            t = parent
        return out

    def quotes(self, doc: Any, doc_country: str | None) -> list[Quote]:
        out: list[Quote] = []
        text = doc_text(doc)
        for m in _QUOTE.finditer(text):
            qs, qe = m.start(1), m.end(1)
            speaker = self._speaker(doc, m.start(), m.end(), doc_country)
            evidence: list[tuple[str, tuple[int, int]]] = [("quote", (qs, qe))]
            actor: Actor | None = None
            if speaker is not None:
                actor, span = speaker
                evidence.append(("speaker", span))
            out.append(Quote(speaker=actor, text=text[qs:qe], evidence=tuple(evidence)))
        return out

    def _speaker(
        self, doc: Any, start: int, end: int, doc_country: str | None
    ) -> tuple[Actor, tuple[int, int]] | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        # the quote's sentences plus the tokens up to 120 characters after it (asking every
        # token of the doc for its sentence cost more than the rest of quote finding)
        cand = {t.i: t for sent in (span[0].sent, span[-1].sent) for t in sent}
        i = span.end
        while i < len(doc) and doc[i].idx < end + 120:
            cand[i] = doc[i]
            i += 1
        window = [cand[i] for i in sorted(cand)]
        for tok in window:
            if start <= tok.idx < end or not self.finder.is_reporting(tok):
                continue
            for c in tok.children:
                if c.dep_ == "nsubj" and not (start <= c.idx < end):
                    if c.lower_ in {"he", "she"}:
                        return self._last_person(doc, start, doc_country)
                    mention = self.actors.from_token(c, doc_country)
                    if mention is not None:
                        return mention.actor, mention.span
                    text, sp = _phrase(c)
                    return Actor(text=text, name=text, country=doc_country), sp
        return None

    def _last_person(
        self, doc: Any, before: int, doc_country: str | None
    ) -> tuple[Actor, tuple[int, int]] | None:
        for ent in reversed(doc.ents):
            if ent.label_ == "PERSON" and ent.end_char <= before:
                mention = self.actors.from_token(ent.root, doc_country)
                if mention is not None:
                    return mention.actor, mention.span
                return Actor(text=ent.text, name=ent.text, country=doc_country), (
                    ent.start_char,
                    ent.end_char,
                )
        return None
