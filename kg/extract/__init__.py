"""Extract: Documents in, Extractions out (entities with mentions, relations, attributes,
posts and targets, each with its evidence).

    >>> from kg.extract import Extractor
    >>> ex = Extractor()
    >>> result = ex.extract(document)

Documents stream through ``nlp.pipe`` in batches; no list of parsed Docs is kept.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from .. import nlp as nlp_
from ..records import Document, Extraction
from .entities import EntityBuilder
from .mentions import find_candidates, heading_lines
from .relations import RelationFinder


class Extractor:
    """Runs the language model and h2kg's rules over documents."""

    def __init__(self, model: str = nlp_.DEFAULT_MODEL, n_process: int = 1, batch_size: int = 32):
        self.model = model
        self.n_process = n_process
        self.batch_size = batch_size
        self.nlp = nlp_.load(model)

    def extract(self, document: Document) -> Extraction:
        """Everything one document says."""
        return self.from_doc(self.nlp(document.text), document)

    def pipe(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Extractions in the order of the documents, streamed."""
        stream = ((d.text, d) for d in documents)
        for doc, document in self.nlp.pipe(stream, as_tuples=True, n_process=self.n_process,
                                           batch_size=self.batch_size):
            yield self.from_doc(doc, document)

    @staticmethod
    def from_doc(doc: Doc, document: Document) -> Extraction:
        """Rules over a parsed Doc: entities first, then what they say about each other."""
        headings = heading_lines(document.text)
        candidates = find_candidates(doc, headings)
        entities = EntityBuilder(doc, document.id).build(candidates)
        result = Extraction(document=document, entities=entities)
        RelationFinder(doc, result, headings).run()
        return result
