"""Plain records that the stages hand each other.

ingest -> :class:`Document`; extract -> :class:`Extraction` (entities with their
mentions, relations, attributes, posts and targets, each with its :class:`Evidence`);
resolve -> the same records with every entity given a canonical IRI; store -> RDF.
Nothing here knows RDF.
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: The nine entity classes of the contract, in the order the views list them.
CLASSES = ("Alliance", "Company", "GovernmentBody", "Association", "ResearchInstitution",
           "Person", "Place", "Plan", "Project")
#: The classes that are organisations (may found, join, partner, employ).
ORGANISATIONS = frozenset({"Alliance", "Company", "GovernmentBody", "Association",
                           "ResearchInstitution"})
#: The ten relations of the contract.
RELATIONS = ("memberOf", "foundedBy", "guidedBy", "issuedBy", "partnerOf", "worksFor",
             "headquarteredIn", "locatedIn", "subOrganizationOf", "participatedIn")


@dataclass(frozen=True)
class Document:
    """One article, after ingest: its kept text (title, blank line, body)."""
    id: str                      # stable slug, from the file name
    source: str                  # the file path or URL it came from
    title: str
    text: str                    # title + "\n\n" + body with boilerplate removed
    date: str | None = None      # publication date, ISO yyyy-mm-dd, when the text gives one
    content_hash: str = ""       # sha256 of the raw bytes
    encoding: str = "utf-8"
    removed: tuple[str, ...] = ()  # boilerplate lines that were dropped, for --explain


@dataclass(frozen=True)
class Evidence:
    """Where a statement came from: the sentence, its offsets and the rule that fired."""
    doc_id: str
    sentence: str
    start: int                   # character offsets of the sentence in Document.text
    end: int
    rule: str
    confidence: float = 0.8


@dataclass
class Mention:
    """One stretch of text that names an entity."""
    text: str
    start: int
    end: int
    cls: str
    rule: str                    # which model label or rule found it
    sent_start: int = 0


@dataclass
class Entity:
    """One real thing within one document (``key`` is local to that document)."""
    key: str
    cls: str
    label: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    iri: str | None = None       # set by resolve

    def names(self) -> set[str]:
        return {self.label, *self.aliases}


@dataclass(frozen=True)
class Relation:
    subj: str                    # entity keys (or IRIs after resolve)
    pred: str
    obj: str
    evidence: Evidence


@dataclass(frozen=True)
class Attribute:
    subj: str
    pred: str                    # foundingDate | memberCount
    value: str | int
    datatype: str                # "date" | "gYear" | "integer"
    evidence: Evidence


@dataclass(frozen=True)
class Post:
    holder: str
    orgs: tuple[str, ...]
    role: str
    evidence: Evidence


@dataclass(frozen=True)
class Target:
    plan: str                    # entity key of the Plan (or of an unnamed plan)
    metric: str
    value: float
    unit: str
    year: int
    evidence: Evidence


@dataclass
class Extraction:
    """Everything extracted from one document."""
    document: Document
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    unnamed_plans: dict[str, str] = field(default_factory=dict)  # key -> description


@dataclass(frozen=True)
class InputError:
    """An input that could not be used, with a one-line reason."""
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
