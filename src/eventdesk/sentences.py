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
side that fired). A dateline inside a line (a headline, a byline, then "OMBARIN, March 6 (Wire)
-", as some corpora run a story into one line) starts a sentence too, and so does the text
after its dash.

These breaks belong to the parse, before any rule runs, so they are not rules of the rule
registry: ``EVENTDESK_SENTENCE_BREAKS=0`` in the environment leaves them out (to measure them;
`eventdesk eval articles` gains +0.004 precision, +0.013 actor country, +0.026 place
country and +0.046 date with the inline datelines on the development articles).
"""

from __future__ import annotations

import os
import re
from typing import Any

COMPONENT = "eventdesk_paragraph_breaks"
SWITCH = "EVENTDESK_SENTENCE_BREAKS"
# tags (set by the tagger, which runs before this component) of a word a line cannot end a
# headline on: a preposition, determiner, conjunction, 'to', a modal, a possessive
_LEADS_ON = frozenset({"IN", "DT", "CC", "TO", "PRP$", "WDT", "MD", "POS"})
_CLOSERS = frozenset('.!?:;"\u201d\u2019)')
_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
_DATELINE_TOKENS = 14  # "SAN JOSE, Costa Rica, Sept. 14 (Wire Service) -"
# a dateline inside a line ("... market reopens. NEW TESSARO -- Traders returned", "Ana Varo
# OMBARIN, March 6 (Wire) - Gunmen shot"): a place in capitals, an optional date and agency, a dash
_INLINE_DATELINE = re.compile(
    r"\b[A-Z][A-Z'.-]{2,}(?: [A-Z][A-Z'.-]+){0,3}"
    r"(?:, [A-Z][a-z]+\.? \d{1,2})?(?: \([A-Za-z .]+\))? (?:--?|\u2013|\u2014) "
)


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
            and before.tag_ not in _LEADS_ON
            and (doc[i].text[:1].isupper() or doc[i].text[:1].isdigit())
        )
        if blank or headline:
            doc[i].is_sent_start = True
            _dateline(doc, i)
        opens_paragraph = blank or headline
    if len(doc):
        _dateline(doc, 0)
        _inline_datelines(doc)
    return doc


def _inline_datelines(doc: Any) -> None:
    """A dateline after a sentence's end or after a byline's name starts a sentence, and so
    does the text after its dash (``_dateline`` reads the longer forms that open a paragraph,
    "SAN JOSE, Costa Rica, Sept. 14 (Wire) -", token by token)."""
    text = doc.text
    for m in _INLINE_DATELINE.finditer(text):
        before = text[max(0, m.start() - 80) : m.start()].rstrip()  # the words just before
        after_end = bool(before) and before[-1] in ".!?"
        after_name = bool(before) and before.split()[-1][:1].isupper() and before[-1].isalpha()
        if m.start() > 0 and not (after_end or after_name):
            continue
        for at in (m.start(), m.end()):
            span = doc.char_span(at, min(at + 1, len(text)), alignment_mode="expand")
            if span is not None and len(span) and span[0].i > 0:
                span[0].is_sent_start = True


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
    """Add the component before the parser (once; not with EVENTDESK_SENTENCE_BREAKS=0)."""
    from spacy.language import Language

    if os.environ.get(SWITCH, "1") == "0" or COMPONENT in nlp.pipe_names:
        return
    if COMPONENT not in Language.factories:
        Language.component(COMPONENT, func=paragraph_breaks)
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe(COMPONENT, before=before)
