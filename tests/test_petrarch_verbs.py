"""The PETRARCH/TABARI verb dictionary reader, on a dictionary written for this test."""

from __future__ import annotations

from pathlib import Path

from eventdesk.extract.lexicon import Lexicon
from eventdesk.resolve.petrarch_verbs import code_root, read_verbs

VERBS = """\
&SOMESET
+ALPHA
+BETA

--- MEND  [064]  ---
MEND    # a comment
- * FENCES  [064]
- * BRIDGES WITH  [057]
- * NOTHING  [---]
- NOT * RELATIONS  [112]
- IN_* [075]

--- GROWL  [130] ---
GROWL
- * &SOMESET  [131]
"""


def test_code_root() -> None:
    assert code_root("064") == "06"
    assert code_root("102b") == "10"
    assert code_root("032:032") == "03"
    assert code_root("---") == ""
    assert code_root("903") == ""


def test_read_verbs(tmp_path: Path) -> None:
    path = tmp_path / "verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    lex = Lexicon.load()
    entries = {e.trigger: e for e in read_verbs(path, lex.cameo_plover)}
    assert set(entries) == {"mend", "growl"}
    mend = entries["mend"]
    assert (mend.cameo, mend.plover, mend.pos) == ("06", "COOPERATE", "VERB")
    # longest pattern first; synonym-set and before-verb patterns are not used
    assert mend.patterns == ((("bridges", "with"), "05"), (("fences",), "06"), (("nothing",), ""))
    assert entries["growl"].cameo == "13" and entries["growl"].patterns == ()


def test_verbs_extend_the_lexicon(tmp_path: Path) -> None:
    path = tmp_path / "verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    lex = Lexicon.load()
    extended = lex.extended(triggers=read_verbs(path, lex.cameo_plover))
    keys = {(t.trigger, t.pos) for t in extended.triggers}
    assert ("mend", "VERB") in keys and ("attack", "ANY") in keys
