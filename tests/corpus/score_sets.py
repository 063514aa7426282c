"""Score h2kg on the seeds and on each set of test articles, with the shared scorer.

    .venv/bin/python tests/corpus/score_sets.py            # or: make score

Sets are the articles' name prefixes (a-, b-: first written; c- to g-: written later, as
held-out checks). Prints one line per set, as `score.py` does.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
SETS = {"seeds": None, "a+b": ("a-", "b-"), "c": ("c-",), "d": ("d-",), "e": ("e-",), "f": ("f-",),
        "g": ("g-",)}


def main() -> int:
    if not SCORER.exists():
        print(f"the scorer is not at {SCORER}", file=sys.stderr)
        return 2
    from kg import build
    with tempfile.TemporaryDirectory() as tmp:
        for name, prefixes in SETS.items():
            work = Path(tmp) / name
            if prefixes is None:
                articles, gold = ROOT / "seeds", ROOT.parent / "shared" / "gold"
            else:
                articles, gold = work / "articles", work / "gold"
                articles.mkdir(parents=True)
                gold.mkdir()
                for g in sorted((CORPUS / "gold").glob("*.json")):
                    if g.name.startswith(prefixes):
                        shutil.copy(g, gold)
                        shutil.copy(CORPUS / "articles" / f"{g.stem}.txt", articles)
            report = build([articles], work / "out", views=False)
            out = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--graph",
                                  str(report.graph_path)], capture_output=True, text=True, check=True)
            n = len(list(gold.glob("*.json")))
            print(f"{name:6} ({n:2} articles) {out.stdout.strip().splitlines()[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
