"""The evaluation gate against the development gold data beside the checkout.

Runs when ``../shared/data/dev`` exists (about 1.5 minutes). Locally it can be skipped with
``EVENTDESK_SKIP_GATE=1``; when ``CI`` is set it always runs if the data is there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eventdesk.eval.gate import run_gate
from eventdesk.pipeline import Pipeline

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev"


@pytest.mark.gate
def test_gate_passes(pipeline: Pipeline) -> None:
    if not DATA.is_dir():
        pytest.skip(f"no development gold data at {DATA}")
    if os.environ.get("EVENTDESK_SKIP_GATE") and not os.environ.get("CI"):
        pytest.skip("EVENTDESK_SKIP_GATE is set")
    result = run_gate(DATA, pipeline=pipeline)
    print(result.table())
    assert result.passed, "\n" + result.table()
