"""A user's PETRARCH dictionaries replace the packaged event and agent vocabularies."""

from __future__ import annotations

from pathlib import Path

from eventdesk.eval.petrarch import petrarch_lexicon
from eventdesk.extract.lexicon import Lexicon
from eventdesk.resolve.petrarch_dict import PetrarchDictionaries
from eventdesk.resolve.petrarch_verbs import read_verbs

ACTORS = "ZEMBLA  [ZEM]\n+ZEMBLAN\n"
AGENTS = "HARBOUR_MASTER [~GOV]\n"
VERBS = "--- MEND  [064]  ---\nMEND\n- * FENCES  [064]\n"


def _folder(tmp_path: Path, agents: bool = True) -> Path:
    (tmp_path / "x.actors.txt").write_text(ACTORS, encoding="utf-8")
    if agents:
        (tmp_path / "x.agents.txt").write_text(AGENTS, encoding="utf-8")
    (tmp_path / "x.verbs.txt").write_text(VERBS, encoding="utf-8")
    return tmp_path


def test_user_verbs_and_agents_replace_packaged_ones(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    base = Lexicon.load()
    verbs = read_verbs(folder / "x.verbs.txt", base.cameo_plover)
    lex = petrarch_lexicon(base, PetrarchDictionaries.read(folder), verbs, None)
    assert {t.trigger for t in lex.triggers} == {"mend", "mends", "mended", "mending"}
    assert set(lex.agents) == {"harbour master", "harbour masters"}
    # actors add to the packaged groups
    assert any(g.cameo == "ZEM" for g in lex.groups)
    assert len(lex.groups) > len(base.groups)


def test_packaged_vocabulary_kept_without_user_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path, agents=False)
    base = Lexicon.load()
    lex = petrarch_lexicon(base, PetrarchDictionaries.read(folder), [], None)
    assert lex.triggers == base.triggers and lex.agents == base.agents
