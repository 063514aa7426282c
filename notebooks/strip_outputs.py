"""Strip the notebooks of outputs before committing them (tests/test_notebooks.py checks).

    python notebooks/strip_outputs.py                 # every notebook in notebooks/
    python notebooks/strip_outputs.py path/to/x.ipynb

Removes code cells' outputs, execution counts and execution timings, and saved widget
state, in place; the file is written the way Jupyter writes it (nbformat's JSON layout).
Standard library only.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def strip(path: Path) -> bool:
    """Strip one notebook in place; True if it changed."""
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)
    nb.get("metadata", {}).pop("widgets", None)
    new = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(Path(__file__).resolve().parent.glob("*.ipynb"))
    for p in paths:
        if strip(p):
            print(f"stripped {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
