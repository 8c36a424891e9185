"""Language identification, offline (py3langid's bundled model, loaded once per process).

A text is judged only when it has at least ``MIN_LETTERS`` letters; the answer counts only
when its normalised probability is at least ``MIN_PROBABILITY``. Otherwise the language is
unknown (None) and the article is kept: short feed summaries and headlines are too short to
judge, and wrongly skipping an English article costs more than coding a foreign one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MIN_LETTERS = 40
MIN_PROBABILITY = 0.90
_SAMPLE_CHARS = 1500  # the start of a long article is enough, and keeps this fast
_LETTERS = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code or None when too short/unsure, probability)."""
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTERS.findall(sample)) < MIN_LETTERS:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    prob = float(prob)
    if prob < MIN_PROBABILITY:
        return None, prob
    return str(lang), prob
