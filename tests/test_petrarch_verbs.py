"""The PETRARCH/TABARI verb dictionary reader, on a dictionary written for this test."""

from __future__ import annotations

from pathlib import Path

from eventdesk.extract.lexicon import Lexicon, TriggerEntry
from eventdesk.resolve.petrarch_verbs import code_root, paired_code, read_verbs, verb_forms

VERBS = """\
<!-- a test dictionary -->
&SOMESET
+ALPHA
+BETA GAMMA

&NESTED
+&SOMESET
+DELTA

--- MEND  [064]  ---
MEND    # a comment
- * FENCES  [064]
- * BRIDGES WITH  [057]
- * NOTHING  [---]
- * ODD WORDS  [+++]
- NOT * RELATIONS  [112]
- IN_* [075]
- + * TOWARD $  [043]

--- GROWL  [130] ---
GROWL
- * &SOMESET  [131]

--- SNUB  [---] [120] ---
SNUB {SNUBBED SNUBBING}
COLD_+SHOULDER [121]
- * RIVALS  [125]

--- WAVE  [---] ---
WAVE
- WILL * [010]

--- DRIFT  [---] ---
DRIFT
- * AWAY  [---]

--- GREET  [032:033] ---
GREET
- % *  [050:050]

--- MURMUR  [025?] ---
MURMUR

--- HUM  [904]  ---
HUM
- * &NESTED TUNE [042]
"""


def _entries(tmp_path: Path) -> dict[str, TriggerEntry]:
    path = tmp_path / "verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return {e.trigger: e for e in read_verbs(path, Lexicon.load().cameo_plover)}


def test_code_root() -> None:
    assert code_root("064") == "06"
    assert code_root("102b") == "10"
    assert code_root("032:032") == "03"
    assert code_root("---") == ""
    assert code_root("903") == ""


def test_verb_forms() -> None:
    assert verb_forms("restore") == ["restores", "restored", "restoring"]
    assert verb_forms("deny") == ["denies", "denied", "denying"]
    assert verb_forms("push") == ["pushes", "pushed", "pushing"]
    assert verb_forms("mend") == ["mends", "mended", "mending"]


def test_read_verbs(tmp_path: Path) -> None:
    entries = _entries(tmp_path)
    mend = entries["mend"]
    assert (mend.cameo, mend.plover, mend.pos) == ("06", "COOPERATE", "VERB")
    # longest pattern first; markers ($ + % ^) are not words; words before the verb come
    # before a "*" ("_" ties words together); patterns whose code has no digits are not
    # used; "---" means no event
    assert mend.patterns == (
        (("bridges", "with"), "05"),
        (("not", "*", "relations"), "11"),
        (("fences",), "06"),
        (("nothing",), ""),
        (("in", "_", "*"), "07"),
        (("toward",), "04"),
    )
    # regular forms are triggers too, with the block's patterns
    assert entries["mended"].patterns == mend.patterns


def test_synonym_sets_expand(tmp_path: Path) -> None:
    entries = _entries(tmp_path)
    assert set(entries["growl"].patterns) == {
        (("alpha",), "13"),
        (("beta", "gamma"), "13"),
    }
    hum = entries["hum"]
    assert hum.cameo == "01" and set(hum.patterns) == {
        (("alpha", "tune"), "04"),
        (("beta", "gamma", "tune"), "04"),
        (("delta", "tune"), "04"),
        ((), ""),  # the block's own code is no CAMEO event: only the patterns code
    }


def test_block_verbs_forms_and_phrasal_verbs(tmp_path: Path) -> None:
    entries = _entries(tmp_path)
    # a block without an event code: its verbs code only through a pattern
    snub = entries["snub"]
    assert snub.patterns == ((("rivals",), "12"), ((), ""))
    assert "snubbed" in entries and "snubbing" in entries and "snubs" not in entries
    # a verb line with its own code; '+' marks the inflected word of a phrasal verb
    cold = entries["cold shoulder"]
    assert cold.cameo == "12" and cold.patterns == ((("rivals",), "12"),)
    assert "cold shouldered" in entries and "cold shoulders" in entries
    # a block without an event code codes through its patterns, before-verb ones too
    assert entries["wave"].patterns == ((("will", "*"), "01"), ((), ""))
    # a block that can never give an event adds no trigger
    assert "drift" not in entries


def test_paired_compound_and_undecided_codes(tmp_path: Path) -> None:
    entries = _entries(tmp_path)
    # a paired code: the verb's own code, then the code of the swapped coding
    assert entries["greet"].cameo == "03"
    assert entries["greet"].patterns == ((("%", "*"), "05:05"), ((), "03:03"))
    # '025?' is a code its authors left undecided: the verb is not coded
    assert "murmur" not in entries
    assert code_root("025?") == "" and paired_code("032:033") == "03:03"
    assert paired_code("064") == "06" and paired_code("032:---") == "03"


def test_verbs_extend_the_lexicon(tmp_path: Path) -> None:
    path = tmp_path / "verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    lex = Lexicon.load()
    extended = lex.extended(triggers=read_verbs(path, lex.cameo_plover))
    keys = {(t.trigger, t.pos) for t in extended.triggers}
    assert ("mend", "VERB") in keys and ("attack", "ANY") in keys
