"""The analyst notebooks of ``notebooks/``.

Each one runs top to bottom in a fresh Jupyter kernel (nbclient, kernel ``python3``: the
Python running the tests, so the project's venv) with the notebooks folder as working
directory; a cell that raises fails the test with the cell and its traceback. The
notebooks write only under ``tempfile.mkdtemp()``, which lands in the test's ``tmp_path``
(through ``TMPDIR``), never in the repository. Committed notebooks carry no outputs: run
``python notebooks/strip_outputs.py`` before committing one you have run in Jupyter.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXPECTED = ["01-build-and-browse", "02-sparql", "03-network-analysis", "04-add-your-articles"]
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_four_notebooks_are_there():
    assert set(EXPECTED) <= {p.stem for p in PATHS}, f"notebooks/ holds {[p.name for p in PATHS]}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            dirty.append(f"cell {i}: outputs or an execution count")
        if "execution" in cell.get("metadata", {}):
            dirty.append(f"cell {i}: execution timings in its metadata")
    assert not dirty, (f"{path.name} is saved with outputs ({'; '.join(dirty)}): "
                       f"run `python notebooks/strip_outputs.py` and commit again")


def _repo_entries() -> set[Path]:
    """Where a notebook writing into the repository by mistake would write: its working
    directory (relative paths) and the repository's top level (an ``out/`` beside seeds/)."""
    return {p for d in (ROOT, NOTEBOOKS) for p in d.iterdir() if not p.name.startswith(".")}


def _outputs_html(nb) -> list[str]:
    return [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if "text/html" in o.get("data", {})]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_runs_top_to_bottom(path, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))      # the kernel's tempfile.mkdtemp() lands here
    nb = nbformat.read(path, as_version=4)
    before = _repo_entries()
    # a cell that hangs fails after two minutes; how long the notebooks take is not a test
    NotebookClient(nb, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    assert _repo_entries() == before, f"{path.name} wrote into the repository: {_repo_entries() - before}"
    assert any(tmp_path.iterdir()), f"{path.name} wrote nothing under its temporary folder"
    for out in _outputs_html(nb):             # inline pages must not load anything from the network
        page = html.unescape(out)
        assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page), path.name
        assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page), path.name
    if path.stem == "01-build-and-browse":
        assert sum("<iframe srcdoc=" in out for out in _outputs_html(nb)) >= 2, \
            "the alliance and focus views are shown inline"
    if path.stem == "03-network-analysis":
        figures = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
        assert len(figures) >= 2, "the overlap heat map and the alliance network are drawn"
