"""Parsed text whose Token objects are made once.

Indexing a spaCy ``Doc`` (``doc[i]``), iterating a ``Span`` or asking a Span for its
``text`` builds new ``Token`` objects every time. The rules look at each token many times
over (about 20,000 lookups per article), and building those objects was a fifth of the
rules' time. :class:`Tokens` wraps a Doc and hands out one shared Token object per token;
its slices and sentences are :class:`Tokens` too, over the same objects. Everything else
(``sents``, ``ents``, ``char_span``, ``root``, ``start_char``...) is spaCy's own: a slice
makes its spaCy ``Span`` only when one of those is asked for.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token


class Tokens:
    """A Doc, or a span of it, whose ``[i]``, slices, ``len``, iteration and ``text`` use
    Token objects made once; other attributes are the Doc's or the Span's."""

    __slots__ = ("doc", "start", "end", "tokens", "_span", "_text")

    def __init__(self, doc: Doc, start: int | None = None, end: int | None = None,
                 tokens: list[Token] | None = None, text: str | None = None, span: Span | None = None):
        self.doc = doc
        self.tokens: list[Token] = list(doc) if tokens is None else tokens
        self.start, self.end = start, end         # None: the whole Doc
        self._text = text                         # the Doc's text, joined once
        self._span = span

    @property
    def of(self) -> Doc | Span:
        """The spaCy object itself: the Doc, or the Span (made when first asked for)."""
        if self.start is None:
            return self.doc
        if self._span is None:
            self._span = self.doc[self.start:self.end]
        return self._span

    def doc_text(self) -> str:
        if self._text is None:
            self._text = "".join(t.text_with_ws for t in self.tokens) if self.start is None else self.doc.text
        return self._text

    def __getitem__(self, i):
        if i.__class__ is int:
            return self.tokens[i]
        if isinstance(i, slice) and i.step in (None, 1):      # a Span, as spaCy makes it
            r = range(len(self.tokens))[i]
            start, end = r.start, max(r.start, r.stop)
            base = self.start or 0
            return Tokens(self.doc, base + start, base + end, self.tokens[start:end], self.doc_text())
        return self.of[i]

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self):
        return iter(self.tokens)

    def __getattr__(self, name: str):
        return getattr(self.of, name)

    @property
    def text(self) -> str:
        """The text, as ``Doc.text`` / ``Span.text`` give it."""
        if self.start is None:
            return self.doc_text()
        if not self.tokens:
            return ""
        first, last = self.tokens[0], self.tokens[-1]
        return self.doc_text()[first.idx:last.idx + len(last)]

    def sentence(self, span: Span) -> Tokens:
        """``span`` (a span of this Doc) with the Doc's shared Token objects."""
        base = self.start or 0
        return Tokens(self.doc, span.start, span.end, self.tokens[span.start - base:span.end - base],
                      self.doc_text(), span)


def cached(doc: Doc | Tokens) -> Tokens:
    """``doc`` with shared Token objects (itself when it already has them)."""
    return doc if isinstance(doc, Tokens) else Tokens(doc)
