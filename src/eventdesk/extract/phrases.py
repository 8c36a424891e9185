"""Noun phrases as the actor resolver reads them (extract/actors.py): the phrase of a head
token, its words as written, and whether a span is a person's whole name."""

from __future__ import annotations

import re
from typing import Any

from .leaders import TITLE_WORDS

_WORD = re.compile(r"\w+")


def first_word(text: str) -> str:
    m = _WORD.match(text)
    return m.group(0) if m else text


def as_written(tokens: list[Any]) -> str:
    """Tokens joined as the text writes them ("People's" is two tokens, one word); a gap in
    the token sequence is a space."""
    parts: list[str] = []
    for t, nxt in zip(tokens, [*tokens[1:], None], strict=True):
        parts.append(t.text)
        if nxt is not None and (t.whitespace_ or nxt.i != t.i + 1):
            parts.append(" ")
    return "".join(parts)


def inner_hyphen(tok: Any) -> bool:
    """A hyphen written inside a person's name, with no space on either side ("al-Burhan",
    "Amir-Abdollahian"); not one between two names ("EU-Israel")."""
    return (
        tok.text in {"-", "\u2010", "\u2011"}
        and not tok.whitespace_
        and 0 < tok.i < len(tok.doc) - 1
        and not tok.doc[tok.i - 1].whitespace_
        and tok.doc[tok.i - 1].ent_type_ == tok.doc[tok.i + 1].ent_type_ == "PERSON"
        and tok.doc[tok.i + 1].ent_iob_ != "B"  # one name, not two people side by side
    )


def whole_name(first: Any, last: Any) -> bool:
    """Do ``first``..``last`` make up a person's whole name as the model reads it (titles
    before it aside)? "Hunter Biden" is not Biden, "Petro Kotin" not Petro."""
    doc = first.doc
    if last.i + 1 < len(doc) and doc[last.i + 1].ent_iob_ == "I" and last.ent_type_:
        return False  # the name goes on
    k = first.i
    while k > 0 and doc[k].ent_iob_ == "I" and doc[k].ent_type_ == "PERSON":
        k -= 1  # the words of the same name before it must all be titles
        if doc[k].lower_.rstrip(".") not in TITLE_WORDS:
            return False
    return True


def phrase_tokens(head: Any) -> list[Any]:
    """The head's noun phrase: its subtree without clauses, appositions and most prepositions."""
    keep = [head]
    stack = [c for c in head.children]
    while stack:
        tok = stack.pop()
        if tok.dep_ in {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep"} and not (
            (tok.dep_ == "prep" and tok.lower_ in {"of", "from", "loyal"} and tok.head == head)
            or inner_hyphen(tok)  # "al-Sudani": a hyphen inside a name is part of it
        ):
            continue
        keep.append(tok)
        stack.extend(tok.children)
    keep.sort(key=lambda t: t.i)
    # keep only the contiguous run around the head
    idx = [t.i for t in keep]
    start = end = idx.index(head.i)
    while start > 0 and idx[start - 1] == idx[start] - 1:
        start -= 1
    while end < len(idx) - 1 and idx[end + 1] == idx[end] + 1:
        end += 1
    run = keep[start : end + 1]
    while run and run[0].dep_ in {"det", "punct"} and run[0].lower_ not in {"a", "an"}:
        run = run[1:]
    return run or [head]
