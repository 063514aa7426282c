"""Shared fixtures: the language model is loaded once, the seeds are built once."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "tests" / "corpus"
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"


@pytest.fixture(scope="session")
def extractor():
    from kg.extract import Extractor
    return Extractor()


@pytest.fixture(scope="session")
def extract(extractor):
    """extract(text) -> Extraction of an article whose first line is its title."""
    from kg.ingest import make_document

    def run(text: str, doc_id: str = "test"):
        return extractor.extract(make_document(text, doc_id=doc_id, source=f"{doc_id}.txt"))
    return run


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    from kg import build
    return build([SEEDS], tmp_path_factory.mktemp("seeds-out"))


def score(gold: Path, graph: Path) -> dict:
    """The shared scorer's result as a dict (skips when the scorer is not beside the repo)."""
    scorer = SCORER if SCORER.exists() else None
    if scorer is None:
        pytest.skip(f"{SCORER} not found: the scorer lives in ../shared beside the repository")
    import json
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--graph", str(graph),
                          "--json", "--explain"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)
