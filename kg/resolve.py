"""Resolve: one canonical entity per real thing across documents, with a stable IRI.

Each document's entities are looked up in a :class:`Resolver` by their names (exact after
normalisation, then as variants within a blocking key, so the cost grows with the
corpus, not with its square). A match joins the canonical entity; otherwise a new one is
made, its IRI minted from its class and label. Guards: classes must agree, so "Shanghai"
the place never merges with "Shanghai Municipal Government".
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from . import iri as iri_
from . import lexicon
from .extract.entities import _legal_core, is_variant
from .records import Extraction


def norm(name: str) -> str:
    """Names compared after NFKC, case folding, no leading "the", punctuation folded."""
    s = unicodedata.normalize("NFKC", name).casefold()
    s = re.sub(r"[\u2018\u2019\u201c\u201d\"'`]", "", s)
    s = re.sub(r"[^\w]+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    return s


_FILL = frozenset(lexicon.FILLER_WORDS)


@dataclass
class Canonical:
    """One real thing across the corpus."""
    iri: str
    cls: str
    label: str
    aliases: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)

    def names(self) -> set[str]:
        return {self.label, *self.aliases}


def same_across_documents(short: str, long: str, cls: str) -> bool:
    """Stricter than within one article, where context tells short forms apart: across
    articles only spelling variants, legal forms and acronyms join ("Hydrogen Action Plan"
    in one article is not the "Chengdu Action Plan for ... Hydrogen ..." of another)."""
    if norm(short) == norm(long):
        return True
    if cls == "Company" and _legal_core(short) and _legal_core(short).lower() == _legal_core(long).lower():
        return True
    a, b = norm(short).split(), norm(long).split()
    if len(a) == len(b) and len(a) >= 3 and is_variant(short, long, cls):
        return True                  # one word spelled two ways ("Ecosystem" / "Ecological")
    return len(a) >= 2 and set(a) - _FILL == set(b) - _FILL and is_variant(short, long, cls)


def _keys(name: str, cls: str) -> set[tuple]:
    """Blocking keys: two names can only pass :func:`same_across_documents` if they share
    one (the same non-filler words; the same words up to spelling, by their first three
    letters; the same legal core). Each key is specific, so a lookup returns a handful
    of candidates however large the corpus, and resolution costs about linear time."""
    words = norm(name).split()
    keys: set[tuple] = set()
    if cls == "Company":
        legal = _legal_core(name).lower()
        if legal:
            keys.add(("core", legal))
    if len(words) >= 2 and set(words) - _FILL:
        keys.add(("set", frozenset(set(words) - _FILL)))
    if len(words) >= 3:
        keys.add(("pre", len(words), tuple(sorted(w[:3] for w in words))))
        keys.add(("nfpre", len(words), tuple(sorted(w[:3] for w in words if w not in _FILL))))
    return keys


class Resolver:
    """Holds the canonical entities; :meth:`resolve` sets ``Entity.iri`` in an Extraction."""

    def __init__(self):
        self.entities: dict[str, Canonical] = {}
        self._by_name: dict[tuple[str, str], str] = {}
        self._by_key: dict[tuple[str, tuple], set[str]] = defaultdict(set)

    def add_known(self, canonical: Canonical) -> None:
        """Register an entity already in a store, so new articles join it."""
        self.entities[canonical.iri] = canonical
        self._index(canonical)

    def _index(self, c: Canonical, names: set[str] | None = None) -> None:
        for n in c.names() if names is None else names:
            self._by_name.setdefault((c.cls, norm(n)), c.iri)
            for k in _keys(n, c.cls):
                self._by_key[(c.cls, k)].add(c.iri)

    def _find(self, cls: str, names: set[str]) -> str | None:
        for n in sorted(names):
            hit = self._by_name.get((cls, norm(n)))
            if hit:
                return hit
        candidates: set[str] = set()
        for n in names:
            for k in _keys(n, cls):
                candidates |= self._by_key.get((cls, k), set())
        matches = set()
        for iri in sorted(candidates):
            c = self.entities[iri]
            for n in names:
                for m in c.names():
                    short, long = sorted((n, m), key=len)
                    if same_across_documents(short, long, cls):
                        matches.add(iri)
        return matches.pop() if len(matches) == 1 else None

    def resolve(self, extraction: Extraction) -> Extraction:
        """Give every entity of the extraction its canonical IRI (in place) and return it."""
        doc_id = extraction.document.id
        for e in sorted(extraction.entities.values(), key=lambda e: (-len(e.label), e.key)):
            found = self._find(e.cls, e.names())
            if found is None:
                new_iri = iri_.entity_iri(e.cls, e.label)
                n = 2
                while new_iri in self.entities:          # same slug, different thing
                    new_iri = iri_.entity_iri(e.cls, f"{e.label} {n}")
                    n += 1
                c = Canonical(iri=new_iri, cls=e.cls, label=e.label)
                self.entities[new_iri] = c
            else:
                c = self.entities[found]
            known = set() if found is None else c.names()
            new = e.names() - known
            if new:     # a name seen before changes nothing: the cost stays flat however often
                names = known | new
                # the fullest label any document gives is the label; the IRI stays as first minted
                c.label = max({c.label, e.label}, key=lambda n: (len(n.split()), len(n), n))
                c.aliases = {n for n in names if n != c.label and norm(n) != norm(c.label)}
                self._index(c, new if found is not None else names)
            c.documents.add(doc_id)
            e.iri = c.iri
        return extraction
