"""Sentence breaks the parser cannot see: a headline or a dateline is no part of the next line.

A wire story opens with a headline on a line of its own, then a dateline ("NAIROBI, July 3
(Wire) -") and the lead. The headline has no full stop, and the statistical parser often joins
it to the lines after it, so the headline's event takes the dateline's city as its place and
the lead's words as its sides. A paragraph break (a blank line, or a line break after a
headline-like first line, see ``paragraph_breaks``) always ends a sentence; the component
below marks the token after one as a sentence start before the parser runs, and the parser
keeps preset boundaries.
A dateline (a paragraph opening with a word in capitals, then a dash within a few tokens:
"NAIROBI, July 3 (Wire) -") is a sentence of its own too: otherwise its city is parsed as the
subject of the lead ("NAIROBI ... police fired" made the city, read as the government, the
side that fired).
"""

from __future__ import annotations

from typing import Any

COMPONENT = "eventdesk_paragraph_breaks"
_CLOSERS = frozenset('.!?:;"\u201d\u2019)')
_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
_DATELINE_TOKENS = 14  # "SAN JOSE, Costa Rica, Sept. 14 (Wire Service) -"


def paragraph_breaks(doc: Any) -> Any:
    """Mark the first token after a blank line as a sentence start, and the first token of a
    line that follows a headline: a paragraph's first line with no closing punctuation, not
    ending on a short function word, followed by a line that opens with a capital or a digit
    (a hard-wrapped paragraph, "... near\nVellmar on Friday, killing\nthree fighters", keeps
    its sentences)."""
    opens_paragraph = True  # the current line is the first of its paragraph
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        gap = prev.whitespace_ + (prev.text if prev.is_space else "")
        if "\n" not in gap or doc[i].is_space:
            continue
        before = doc[i - 2] if prev.is_space and i >= 2 else prev
        blank = "\n\n" in gap or gap.count("\n") > 1
        headline = (
            opens_paragraph
            and bool(before.text)
            and before.text[-1] not in _CLOSERS
            and not before.is_stop
            and (doc[i].text[:1].isupper() or doc[i].text[:1].isdigit())
        )
        if blank or headline:
            doc[i].is_sent_start = True
            _dateline(doc, i)
        opens_paragraph = blank or headline
    if len(doc):
        _dateline(doc, 0)
    return doc


def _dateline(doc: Any, start: int) -> None:
    """End the dateline that opens the paragraph at ``start``, if it has one."""
    first = doc[start]
    if not (first.is_alpha and first.is_upper and len(first) >= 3):
        return
    for j in range(start + 1, min(start + _DATELINE_TOKENS, len(doc) - 1)):
        tok = doc[j]
        if tok.text in _DASHES and tok.whitespace_:
            doc[j + 1].is_sent_start = True
            return
        if tok.text in {".", "!", "?"} or "\n" in tok.whitespace_:
            return


def add_paragraph_breaks(nlp: Any) -> None:
    """Add the component before the parser (once)."""
    from spacy.language import Language

    if COMPONENT in nlp.pipe_names:
        return
    if COMPONENT not in Language.factories:
        Language.component(COMPONENT, func=paragraph_breaks)
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe(COMPONENT, before=before)
