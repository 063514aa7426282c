"""Helpers for the store, query and export tests: extractions cached per article, so each
test that fills a store costs milliseconds instead of a language-model run."""
from __future__ import annotations

import copy
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

SGIC = "https://w3id.org/h2kg/id/company/sgic"
SFC_ALLIANCE = "Shanghai Fuel Cell Industry Innovation Alliance"


class CachedExtractor:
    """Wraps the session's Extractor; the same article (id and content) is read once."""

    def __init__(self, extractor):
        self.extractor = extractor
        self.cache = {}

    def pipe(self, docs):
        for d in docs:
            key = (d.id, d.content_hash)
            if key not in self.cache:
                self.cache[key] = self.extractor.extract(d)
            yield copy.deepcopy(self.cache[key])       # resolve() writes IRIs into it


@pytest.fixture(scope="session")
def cached(extractor):
    """A CachedExtractor over the session's language model."""
    return CachedExtractor(extractor)


def public_quads(store) -> set[str]:
    """The store's exported quads as N-Quads lines (comparable across stores)."""
    return {str(q) for q in store.quads()}


def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed articles."""
    dst = tmp_path / "articles"
    shutil.copytree(SEEDS, dst)
    return dst


def run_h2kg(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, **kw)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, seconds: float = 20.0) -> None:
    """Wait until ``url`` answers (any HTTP status); skip the test if the server died."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else ""
            pytest.skip(f"the server exited at start (status {proc.returncode}): {err[:300]}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    proc.kill()
    pytest.skip(f"the server did not answer at {url} within {seconds:g} s")
