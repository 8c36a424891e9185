"""The one exception family of eventdesk: messages say what failed, where, and what to do."""

from __future__ import annotations


class EventdeskError(Exception):
    """Base class for every error eventdesk raises on purpose."""


class InputError(EventdeskError):
    """An input (file, URL, record) could not be read or is not an article."""


class StoreError(EventdeskError):
    """The database could not be opened, migrated or written."""


class LexiconError(EventdeskError):
    """A lexicon or dictionary data file is malformed."""


class ModelError(EventdeskError):
    """The spaCy model could not be loaded."""


class ExtractionError(EventdeskError):
    """The model or an extraction stage failed on one article (in a batch: a recorded
    failure, and the batch goes on)."""


class RuleError(EventdeskError):
    """An unknown rule or stage was named (in --rules-off, --rules-only, `eventdesk rules`)."""


def describe(exc: BaseException, limit: int = 240) -> str:
    """``Type: message`` on one line, cut to ``limit`` characters (for recorded reasons)."""
    text = " ".join(str(exc).split())
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
