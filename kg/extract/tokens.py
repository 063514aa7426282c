"""Parsed text whose Token objects are made once.

Indexing a spaCy ``Doc`` (``doc[i]``) or iterating a ``Span`` builds a new ``Token`` object
every time. The rules look at each token many times over (about 20,000 lookups per
article), and building those objects was a fifth of the rules' time. :class:`Tokens` wraps
a Doc, or a sentence of it, and hands out one shared Token object per token; everything
else (slices, ``sents``, ``ents``, ``char_span``, ``text``, ``start_char``...) is the
wrapped object's own.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token


class Tokens:
    """A Doc or Span whose ``[i]``, ``len`` and iteration use Token objects made once."""

    __slots__ = ("of", "tokens")

    def __init__(self, of: Doc | Span, tokens: list[Token] | None = None):
        self.of = of
        self.tokens: list[Token] = list(of) if tokens is None else tokens

    def __getitem__(self, i):
        if i.__class__ is int:
            return self.tokens[i]
        return self.of[i]                   # a slice: spaCy's own Span

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self):
        return iter(self.tokens)

    def __getattr__(self, name: str):
        return getattr(self.of, name)

    def sentence(self, span: Span) -> Tokens:
        """``span`` (a span of this Doc) with the Doc's shared Token objects."""
        return Tokens(span, self.tokens[span.start:span.end])


def cached(doc: Doc | Tokens) -> Tokens:
    """``doc`` with shared Token objects (itself when it already has them)."""
    return doc if isinstance(doc, Tokens) else Tokens(doc)
