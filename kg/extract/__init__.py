"""Extract: Documents in, Extractions out (entities with mentions, relations, attributes,
posts and targets, each with its evidence).

    >>> from kg.extract import Extractor
    >>> ex = Extractor()
    >>> result = ex.extract(document)

Documents stream through ``nlp.pipe`` in chunks; no list of parsed Docs is kept beyond
the chunk being worked on.
"""
from __future__ import annotations

import multiprocessing
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from spacy.tokens import Doc

from .. import nlp as nlp_
from ..records import Document, Extraction
from .entities import EntityBuilder
from .mentions import find_candidates, heading_lines
from .relations import RelationFinder
from .tokens import cached


class Extractor:
    """Runs the language model and h2kg's rules over documents.

    With ``n_process`` > 1 each worker process runs both the model and the rules over
    chunks of ``batch_size`` documents and sends back plain :class:`Extraction` records,
    so the rules run in parallel too and no parsed Doc crosses a process boundary.
    """

    def __init__(self, model: str = nlp_.DEFAULT_MODEL, n_process: int = 1, batch_size: int = 32):
        self.model = model
        self.n_process = max(1, n_process)
        self.batch_size = max(1, batch_size)
        self.nlp = nlp_.load(model)

    def extract(self, document: Document) -> Extraction:
        """Everything one document says."""
        return self.from_doc(self.nlp(document.text), document)

    def pipe(self, documents: Iterable[Document], *,
             on_error: Callable[[Document, Exception], None] | None = None) -> Iterator[Extraction]:
        """Extractions in the order of the documents, streamed: documents are read from
        ``documents`` a few chunks ahead of what has been yielded, never all at once.

        A document whose extraction raises is passed to ``on_error`` with the exception
        and the stream goes on (without ``on_error`` the exception propagates)."""
        chunks = _chunks(documents, self.batch_size)
        if self.n_process == 1:
            results = (_extract_chunk(self.nlp, chunk) for chunk in chunks)
        else:
            results = self._pool(chunks)
        for chunk in results:
            for document, result in chunk:
                if isinstance(result, Extraction):
                    yield result
                elif on_error is None:
                    raise result
                else:
                    on_error(document, result)

    def _pool(self, chunks: Iterator[list[Document]]) -> Iterator[list[tuple]]:
        """Chunks extracted by ``n_process`` worker processes, in order, with at most two
        chunks per worker in flight (so memory stays flat however long the input)."""
        context = (multiprocessing.get_context("fork")
                   if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(self.n_process, mp_context=context, initializer=_worker_init,
                                 initargs=(self.model,)) as pool:
            pending: deque = deque()
            for chunk in chunks:
                pending.append(pool.submit(_worker_chunk, chunk))
                if len(pending) >= 2 * self.n_process:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    @staticmethod
    def from_doc(doc: Doc, document: Document) -> Extraction:
        """Rules over a parsed Doc: entities first, then what they say about each other."""
        doc = cached(doc)
        headings = heading_lines(document.text)
        candidates = find_candidates(doc, headings)
        entities = EntityBuilder(doc, document.id).build(candidates)
        result = Extraction(document=document, entities=entities)
        RelationFinder(doc, result, headings).run()
        return result


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while chunk := list(islice(it, size)):
        yield chunk


def _extract_chunk(nlp, documents: list[Document]) -> Iterator[tuple[Document, Extraction | Exception]]:
    """Model and rules over one chunk, document by document; a document that fails gets
    its exception instead of an Extraction (when the model fails on the chunk, each
    document is retried alone to find which)."""
    try:
        docs = list(nlp.pipe(d.text for d in documents))
    except Exception:   # noqa: BLE001 - retried one by one below
        docs = None
    for i, document in enumerate(documents):
        try:
            doc = docs[i] if docs is not None else nlp(document.text)
            yield document, Extractor.from_doc(doc, document)
        except Exception as exc:   # noqa: BLE001 - one article must not stop the rest
            yield document, _portable(exc)


def _portable(exc: Exception) -> Exception:
    """The exception, or a RuntimeError saying the same, if it cannot cross processes."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:   # noqa: BLE001
        return RuntimeError(f"{type(exc).__name__}: {exc}")


_worker_nlp = None


def _worker_init(model: str) -> None:
    global _worker_nlp
    _die_with_parent()
    _worker_nlp = nlp_.load(model)     # forked: the parent's loaded model, shared pages


def _die_with_parent() -> None:
    """On Linux, a worker is killed when the process that started it dies (even by
    SIGKILL), rather than living on as an orphan."""
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)          # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_chunk(documents: list[Document]) -> list[tuple[Document, Extraction | Exception]]:
    return list(_extract_chunk(_worker_nlp, documents))
