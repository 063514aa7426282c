"""Parsed text whose Token objects are made once, with their attributes read once.

Indexing a spaCy ``Doc`` (``doc[i]``), iterating a ``Span`` or asking a Span for its
``text`` builds new ``Token`` objects every time, and every ``lower_`` or ``dep_`` read is a
StringStore lookup. The rules look at each token many times over (about 20,000 reads per
article). :class:`Tokens` wraps a Doc and hands out one shared :class:`Tok` per token, made
from one ``Doc.to_array``; its slices and sentences are :class:`Tokens` too, over the same
objects. Everything else (``sents``, ``ents``, ``char_span``, ``root``, ``start_char``...)
is spaCy's own: a slice makes its spaCy ``Span`` only when one of those is asked for.
"""
from __future__ import annotations

from spacy.attrs import (DEP, ENT_TYPE, HEAD, IDX, IS_ALPHA, IS_PUNCT, IS_QUOTE, IS_SPACE, IS_TITLE,
                         IS_UPPER, LEMMA, LIKE_NUM, LOWER, ORTH, POS, SENT_START, SPACY, TAG)
from spacy.tokens import Doc, Span, Token


class Tok(Token):
    """A spaCy Token whose most-read attributes are plain Python attributes.

    spaCy's ``Token`` computes every attribute on each read (``lower_`` and ``dep_`` are a
    StringStore lookup and a new string each time) and ``head`` / ``children`` make new
    Token objects. The rules read about 20,000 attributes an article, so the ones they
    read most are copied here once per token, and ``head``, ``children``, ``lefts``,
    ``rights``, ``subtree``, ``ancestors``, ``conjuncts`` and ``nbor`` give the same
    shared :class:`Tok` objects. It is a Token: everything else is spaCy's own, and it
    is equal to, and hashes like, spaCy's Token of the same Doc and index."""

    __slots__ = ("toks", "text", "lower_", "dep_", "lemma_", "pos_", "tag_", "ent_type_",
                 "whitespace_", "idx", "is_sent_start", "like_num", "is_space", "is_punct",
                 "is_alpha", "is_quote", "is_title", "is_upper", "_head", "_children")

    @property
    def head(self) -> Tok:
        return self.toks[self._head]

    @property
    def children(self) -> list[Tok]:
        """The syntactic children, left to right (a fresh list, as spaCy gives a fresh
        generator)."""
        return list(self._children)

    @property
    def lefts(self) -> list[Tok]:
        return [c for c in self._children if c.i < self.i]

    @property
    def rights(self) -> list[Tok]:
        return [c for c in self._children if c.i > self.i]

    @property
    def subtree(self) -> list[Tok]:
        return [self.toks[t.i] for t in Token.subtree.__get__(self)]

    @property
    def ancestors(self) -> list[Tok]:
        return [self.toks[t.i] for t in Token.ancestors.__get__(self)]

    @property
    def conjuncts(self) -> tuple[Tok, ...]:
        return tuple(self.toks[t.i] for t in Token.conjuncts.__get__(self))

    @property
    def left_edge(self) -> Tok:
        return self.toks[Token.left_edge.__get__(self).i]

    @property
    def right_edge(self) -> Tok:
        return self.toks[Token.right_edge.__get__(self).i]

    @property
    def text_with_ws(self) -> str:
        return self.text + self.whitespace_

    def nbor(self, k: int = 1) -> Tok:
        j = self.i + k
        if not 0 <= j < len(self.toks):
            raise IndexError(f"token {self.i} has no neighbour at offset {k}")
        return self.toks[j]


_ARRAY = [ORTH, LOWER, DEP, LEMMA, POS, TAG, ENT_TYPE, SPACY, IDX, SENT_START, HEAD,
          LIKE_NUM, IS_SPACE, IS_PUNCT, IS_ALPHA, IS_QUOTE, IS_TITLE, IS_UPPER]
_SIGN, _WRAP = 1 << 63, 1 << 64


def _toks(doc: Doc) -> list[Tok]:
    """A Doc's tokens as :class:`Tok`, heads and children linked: one ``Doc.to_array`` and
    one StringStore lookup per distinct string."""
    array = doc.to_array(_ARRAY)                 # uint64: HEAD and SENT_START wrap below 0
    strings = doc.vocab.strings
    string = {k: strings[k] if k else "" for k in set(array[:, :7].ravel().tolist())}
    rows = array.tolist()
    toks: list[Tok] = []
    new, vocab = Tok.__new__, doc.vocab
    for i, (orth, low, dep, lemma, pos, tag, ent, spacy, idx, start, head,
            num, space, punct, alpha, quote, title, upper) in enumerate(rows):
        t = new(Tok, vocab, doc, i)
        t.toks = toks
        t.text, t.lower_, t.dep_, t.lemma_ = string[orth], string[low], string[dep], string[lemma]
        t.pos_, t.tag_, t.ent_type_ = string[pos], string[tag], string[ent]
        t.whitespace_, t.idx = " " if spacy else "", idx
        t.is_sent_start = None if start == 0 else start < _SIGN
        t.like_num, t.is_space, t.is_punct, t.is_alpha = bool(num), bool(space), bool(punct), bool(alpha)
        t.is_quote, t.is_title, t.is_upper = bool(quote), bool(title), bool(upper)
        t._head, t._children = i + (head if head < _SIGN else head - _WRAP), []
        toks.append(t)
    for t in toks:
        if t._head != t.i:
            toks[t._head]._children.append(t)
    return toks


class Tokens:
    """A Doc, or a span of it, whose ``[i]``, slices, ``len``, iteration and ``text`` use
    Token objects made once; other attributes are the Doc's or the Span's."""

    __slots__ = ("doc", "start", "end", "tokens", "_span", "_text")

    def __init__(self, doc: Doc, start: int | None = None, end: int | None = None,
                 tokens: list[Tok] | None = None, text: str | None = None, span: Span | None = None):
        self.doc = doc
        self.tokens: list[Tok] = _toks(doc) if tokens is None else tokens
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
