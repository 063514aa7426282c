"""Readable, stable, always-valid IRIs: ``h2kgr:{kind}/{slug}``.

Names from articles are untrusted: quotes, angle brackets, spaces, emoji, Chinese and
10,000-character names all become a slug of ``[a-z0-9-]``. When the slug loses
information (characters dropped, or cut for length) a short hash of the full name is
appended, so two different names never share an IRI by accident.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

ONTOLOGY = "https://w3id.org/h2kg/ontology#"
RESOURCE = "https://w3id.org/h2kg/id/"
MAX_SLUG = 80


def slug(name: str) -> str:
    """``"Shanghai Fuel Cell (SFC) Alliance"`` -> ``"shanghai-fuel-cell-sfc-alliance"``."""
    text = unicodedata.normalize("NFKC", str(name)).replace("&", " and ")
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    lossy = len(out) > MAX_SLUG or _letters(text) != _letters(ascii_)
    out = out[:MAX_SLUG].rstrip("-")
    if lossy or not out:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        out = f"{out}-{digest}" if out else digest
    return out


def _letters(s: str) -> int:
    return sum(ch.isalnum() for ch in s)


def kind(cls: str) -> str:
    """``"GovernmentBody"`` -> ``"government-body"``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", cls).lower()


def entity_iri(cls: str, label: str) -> str:
    return f"{RESOURCE}{kind(cls)}/{slug(label)}"


def resource_iri(kind_: str, key: str) -> str:
    """An IRI for a non-entity resource (document, post, target, evidence)."""
    return f"{RESOURCE}{kind_}/{slug(key)}"
