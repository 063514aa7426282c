"""The h2kg ontology (ontology/h2kg.ttl) and its SHACL shapes (ontology/shapes.ttl).

These tests double as documentation of the model described in docs/rdf-model.md:

* every h2kg: term the document names is declared in the ontology, with a label, a
  comment and (for properties) a domain and a range, and is aligned with the standard
  vocabularies the contract names (W3C ORG, schema.org, PROV-O, FOAF, Wikidata);
* a small graph written exactly the way the extractor writes it (CONFORMING_GRAPH)
  passes the shapes with no inference at all;
* each "near miss" below changes that graph in one way the model forbids, and the
  shapes report exactly that one rule, on exactly that node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "h2kg.ttl"
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
RDF_MODEL_DOC = ROOT / "docs" / "rdf-model.md"

ONTOLOGY_IRI = URIRef("https://w3id.org/h2kg/ontology")
H2KG = Namespace("https://w3id.org/h2kg/ontology#")
H2KGR = Namespace("https://w3id.org/h2kg/id/")
H2KGSH = Namespace("https://w3id.org/h2kg/shapes#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # open namespace: no warnings from pytest


# ---------------------------------------------------------------------------
# The vocabulary, as docs/rdf-model.md lists it
# ---------------------------------------------------------------------------

#: Every entity has exactly one of these nine classes.
ENTITY_CLASSES = [
    "Alliance", "Company", "GovernmentBody", "Association", "ResearchInstitution",
    "Person", "Place", "Plan", "Project",
]
#: The five classes that together are "an organisation".
ORGANISATION_CLASSES = [
    "Alliance", "Company", "GovernmentBody", "Association", "ResearchInstitution",
]
#: Classes for the nodes that are not entities.
AUXILIARY_CLASSES = ["UnnamedPlan", "Document", "Post", "Target", "Evidence", "Organization"]

#: The ten relations between entities.
RELATIONS = [
    "memberOf", "foundedBy", "guidedBy", "issuedBy", "partnerOf", "worksFor",
    "headquarteredIn", "locatedIn", "subOrganizationOf", "participatedIn",
]
#: Object properties of posts, plans and entities that are not relations.
OTHER_OBJECT_PROPERTIES = ["holder", "postIn", "hasTarget", "mentionedIn"]
#: Literal-valued properties.
DATATYPE_PROPERTIES = [
    "foundingDate", "memberCount", "role", "metric", "value", "unit", "targetYear",
    "sentence", "startChar", "endChar", "extractor", "confidence", "contentHash", "encoding",
]

ALL_CLASSES = ENTITY_CLASSES + AUXILIARY_CLASSES
OBJECT_PROPERTIES = RELATIONS + OTHER_OBJECT_PROPERTIES
ALL_PROPERTIES = OBJECT_PROPERTIES + DATATYPE_PROPERTIES

#: How each term lines up with the standard vocabularies (the contract's
#: "standard term" column). (h2kg term, alignment property, standard term).
ALIGNMENTS = [
    (H2KG.Alliance, RDFS.subClassOf, ORG.OrganizationalCollaboration),
    (H2KG.Company, RDFS.subClassOf, SCHEMA.Corporation),
    (H2KG.Company, RDFS.subClassOf, ORG.FormalOrganization),
    (H2KG.GovernmentBody, RDFS.subClassOf, SCHEMA.GovernmentOrganization),
    (H2KG.Association, RDFS.subClassOf, ORG.FormalOrganization),
    (H2KG.ResearchInstitution, RDFS.subClassOf, SCHEMA.ResearchOrganization),
    (H2KG.ResearchInstitution, SKOS.closeMatch, SCHEMA.CollegeOrUniversity),
    (H2KG.Person, RDFS.subClassOf, FOAF.Person),
    (H2KG.Place, RDFS.subClassOf, SCHEMA.Place),
    (H2KG.Plan, SKOS.closeMatch, SCHEMA.Legislation),  # "loosely"
    (H2KG.Project, RDFS.subClassOf, SCHEMA.Project),
    (H2KG.Organization, RDFS.subClassOf, ORG.Organization),
    (H2KG.UnnamedPlan, RDFS.subClassOf, H2KG.Plan),
    (H2KG.Document, RDFS.subClassOf, PROV.Entity),
    (H2KG.Post, RDFS.subClassOf, ORG.Post),
    (H2KG.Evidence, RDFS.subClassOf, RDF.Statement),
    (H2KG.memberOf, RDFS.subPropertyOf, ORG.memberOf),
    (H2KG.memberOf, RDFS.subPropertyOf, SCHEMA.memberOf),
    (H2KG.memberOf, SKOS.closeMatch, WDT.P463),
    (H2KG.foundedBy, RDFS.subPropertyOf, SCHEMA.founder),
    (H2KG.foundedBy, SKOS.closeMatch, WDT.P112),
    (H2KG.guidedBy, RDFS.subPropertyOf, ORG.linkedTo),
    (H2KG.issuedBy, SKOS.closeMatch, SCHEMA.legislationPassedBy),
    (H2KG.partnerOf, RDFS.subPropertyOf, ORG.linkedTo),
    (H2KG.worksFor, RDFS.subPropertyOf, SCHEMA.worksFor),
    (H2KG.worksFor, SKOS.closeMatch, WDT.P108),
    (H2KG.headquarteredIn, SKOS.closeMatch, WDT.P159),
    (H2KG.locatedIn, RDFS.subPropertyOf, SCHEMA.containedInPlace),
    (H2KG.subOrganizationOf, RDFS.subPropertyOf, ORG.subOrganizationOf),
    (H2KG.holder, RDFS.subPropertyOf, ORG.heldBy),
    (H2KG.postIn, RDFS.subPropertyOf, ORG.postIn),
    (H2KG.foundingDate, RDFS.subPropertyOf, SCHEMA.foundingDate),
    (H2KG.foundingDate, SKOS.closeMatch, WDT.P571),
]


# ---------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


# Resource IRIs are written relative to @base, e.g. <company/shanghai-refire-technology>:
# "h2kgr:company/..." as in docs/rdf-model.md is shorthand, not legal Turtle (a "/" in a
# prefixed name's local part must be escaped), and rdflib writes such IRIs in full.
PREFIXES = """\
@base    <https://w3id.org/h2kg/id/> .
@prefix h2kg:    <https://w3id.org/h2kg/ontology#> .
@prefix h2kgr:   <https://w3id.org/h2kg/id/> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""

#: A small graph in the exact shape the extractor writes (graph.ttl), taken from the
#: Shanghai fuel-cell alliance and Shanghai NEV plan seed articles. It uses every
#: relation, a post, an unnamed plan with a target, documents and evidence records.
CONFORMING_GRAPH = PREFIXES + """
# --- documents -------------------------------------------------------------
<document/shanghai-fuel-cell-alliance-2023> a h2kg:Document ;
    dcterms:title "Shanghai Fuel Cell Industry Innovation Alliance Officially Established" ;
    dcterms:source "seeds/shanghai-fuel-cell-alliance-2023.txt" ;
    dcterms:date "2023-02-17"^^xsd:date ;
    h2kg:contentHash "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" .

<document/shanghai-nev-plan-2025> a h2kg:Document ;
    dcterms:title "Shanghai eyes over 1.2 million units in NEV annual outputs by 2025" ;
    dcterms:source "seeds/shanghai-nev-plan-2025.txt" .

# --- entities: one class, one label, alt labels, mentionedIn -----------------
<alliance/shanghai-fuel-cell-industry-innovation-alliance> a h2kg:Alliance ;
    rdfs:label "Shanghai Fuel Cell Industry Innovation Alliance" ;
    skos:altLabel "Shanghai Fuel Cell Innovation Alliance", "Innovation Alliance" ;
    h2kg:mentionedIn <document/shanghai-fuel-cell-alliance-2023> ;
    h2kg:foundingDate "2023-02-17"^^xsd:date ;
    h2kg:memberCount 11 ;
    h2kg:guidedBy <government-body/shanghai-municipal-commission-of-economy-and-informatization> ;
    h2kg:foundedBy <company/shanghai-refire-technology> ;
    h2kg:locatedIn <place/shanghai> .

<company/shanghai-refire-technology> a h2kg:Company ;
    rdfs:label "Shanghai REFIRE Technology" ;
    skos:altLabel "REFIRE" ;
    h2kg:mentionedIn <document/shanghai-fuel-cell-alliance-2023> ;
    h2kg:memberOf <alliance/shanghai-fuel-cell-industry-innovation-alliance> ;
    h2kg:headquarteredIn <place/shanghai> ;
    h2kg:partnerOf <research-institution/tongji-university> .

<government-body/shanghai-municipal-commission-of-economy-and-informatization>
    a h2kg:GovernmentBody ;
    rdfs:label "Shanghai Municipal Commission of Economy and Informatization" ;
    h2kg:mentionedIn <document/shanghai-fuel-cell-alliance-2023> ;
    h2kg:participatedIn <alliance/shanghai-fuel-cell-industry-innovation-alliance> .

<government-body/division-of-technological-improvement> a h2kg:GovernmentBody ;
    rdfs:label "Division of Technological Improvement"@en ;
    h2kg:mentionedIn <document/shanghai-fuel-cell-alliance-2023> ;
    h2kg:subOrganizationOf
        <government-body/shanghai-municipal-commission-of-economy-and-informatization> .

<government-body/shanghai-municipal-government> a h2kg:GovernmentBody ;
    rdfs:label "Shanghai municipal government" ;
    h2kg:mentionedIn <document/shanghai-fuel-cell-alliance-2023> .

<association/china-association-of-automobile-manufacturers> a h2kg:Association ;
    rdfs:label "China Association of Automobile Manufacturers" ;
    skos:altLabel "CAAM" ;
    h2kg:mentionedIn <document/shanghai-fuel-cell-alliance-2023> ;
    h2kg:participatedIn <alliance/shanghai-fuel-cell-industry-innovation-alliance> .

<research-institution/tongji-university> a h2kg:ResearchInstitution ;
    rdfs:label "Tongji University" ;
    h2kg:mentionedIn <document/shanghai-fuel-cell-alliance-2023> ;
    h2kg:participatedIn <alliance/shanghai-fuel-cell-industry-innovation-alliance> .

<person/ju-xinjue> a h2kg:Person ;
    rdfs:label "Ju Xinjue" ;
    h2kg:mentionedIn <document/shanghai-fuel-cell-alliance-2023> ;
    h2kg:worksFor <government-body/division-of-technological-improvement> ;
    h2kg:participatedIn <alliance/shanghai-fuel-cell-industry-innovation-alliance> .

<place/shanghai> a h2kg:Place ;
    rdfs:label "Shanghai" ;
    h2kg:mentionedIn <document/shanghai-fuel-cell-alliance-2023>,
        <document/shanghai-nev-plan-2025> ;
    h2kg:locatedIn <place/yangtze-river-delta> .

<place/yangtze-river-delta> a h2kg:Place ;
    rdfs:label "Yangtze River Delta" ;
    h2kg:mentionedIn <document/shanghai-nev-plan-2025> .

<plan/action-plan-for-building-shanghai-into-a-high-ground-for-future-industry-innovation>
    a h2kg:Plan ;
    rdfs:label "Action Plan for Building Shanghai into a High Ground for Future Industry Innovation and Developing and Expanding Future Industry Clusters" ;
    h2kg:mentionedIn <document/shanghai-fuel-cell-alliance-2023> ;
    h2kg:issuedBy <government-body/shanghai-municipal-government> .

<project/shanghai-fcv-demonstration-city-cluster> a h2kg:Project ;
    rdfs:label "Shanghai FCV demonstration city cluster" ;
    h2kg:mentionedIn <document/shanghai-nev-plan-2025> ;
    h2kg:locatedIn <place/shanghai> .

# --- a post: the W3C ORG way of keeping Ju Xinjue's role ---------------------
<post/ju-xinjue-deputy-director-division-of-technological-improvement> a h2kg:Post ;
    h2kg:holder <person/ju-xinjue> ;
    h2kg:postIn <government-body/division-of-technological-improvement> ;
    h2kg:role "Deputy Director" .

# --- an unnamed plan, issued by a place standing for its government, with a target
<plan/unnamed-shanghai-nev-plan-2025-1> a h2kg:UnnamedPlan ;
    rdfs:label "plan released by Shanghai municipal government on July 14" ;
    h2kg:mentionedIn <document/shanghai-nev-plan-2025> ;
    h2kg:issuedBy <place/shanghai> ;
    h2kg:hasTarget <target/shanghai-annual-nev-output-2025> .

<target/shanghai-annual-nev-output-2025> a h2kg:Target ;
    h2kg:metric "annual NEV output" ;
    h2kg:value 1200000.0 ;
    h2kg:unit "vehicles" ;
    h2kg:targetYear "2025"^^xsd:gYear ;
    h2kg:mentionedIn <document/shanghai-nev-plan-2025> .

# --- evidence records: one for a relation, one for an attribute ---------------
<evidence/3f1c0a> a h2kg:Evidence, rdf:Statement ;
    rdf:subject <alliance/shanghai-fuel-cell-industry-innovation-alliance> ;
    rdf:predicate h2kg:guidedBy ;
    rdf:object <government-body/shanghai-municipal-commission-of-economy-and-informatization> ;
    prov:wasDerivedFrom <document/shanghai-fuel-cell-alliance-2023> ;
    h2kg:sentence "On Feb 17, 2023, under the guidance of Shanghai Municipal Commission of Economy and Informatization, the Shanghai Fuel Cell Innovation Alliance ... was officially established by 11 companies ..." ;
    h2kg:startChar 74 ;
    h2kg:endChar 380 ;
    h2kg:extractor "rule:guided-by" ;
    h2kg:confidence 0.9 .

<evidence/77ab12> a h2kg:Evidence, rdf:Statement ;
    rdf:subject <alliance/shanghai-fuel-cell-industry-innovation-alliance> ;
    rdf:predicate h2kg:foundingDate ;
    rdf:object "2023-02-17"^^xsd:date ;
    prov:wasDerivedFrom <document/shanghai-fuel-cell-alliance-2023> ;
    h2kg:sentence "On Feb 17, 2023, under the guidance of ..." ;
    h2kg:startChar 74 ;
    h2kg:endChar 380 ;
    h2kg:extractor "rule:founding-date" ;
    h2kg:confidence 1.0 .
"""

# Short names for the fixture's nodes, used by the near misses below.
ALLIANCE = H2KGR["alliance/shanghai-fuel-cell-industry-innovation-alliance"]
REFIRE = H2KGR["company/shanghai-refire-technology"]
COMMISSION = H2KGR["government-body/shanghai-municipal-commission-of-economy-and-informatization"]
CAAM = H2KGR["association/china-association-of-automobile-manufacturers"]
TONGJI = H2KGR["research-institution/tongji-university"]
JU_XINJUE = H2KGR["person/ju-xinjue"]
SHANGHAI = H2KGR["place/shanghai"]
NAMED_PLAN = H2KGR["plan/action-plan-for-building-shanghai-into-a-high-ground-for-future-industry-innovation"]
UNNAMED_PLAN = H2KGR["plan/unnamed-shanghai-nev-plan-2025-1"]
PROJECT = H2KGR["project/shanghai-fcv-demonstration-city-cluster"]
POST = H2KGR["post/ju-xinjue-deputy-director-division-of-technological-improvement"]
TARGET = H2KGR["target/shanghai-annual-nev-output-2025"]
DOC = H2KGR["document/shanghai-fuel-cell-alliance-2023"]
EVIDENCE = H2KGR["evidence/3f1c0a"]


def conforming_graph() -> Graph:
    return Graph().parse(data=CONFORMING_GRAPH, format="turtle")


def edited(remove: str = "", add: str = "") -> Graph:
    """The conforming graph with the Turtle triples in `remove` taken out and those in
    `add` put in."""
    g = conforming_graph()
    for triple in Graph().parse(data=PREFIXES + remove, format="turtle"):
        assert triple in g, f"near miss removes a triple the fixture lacks: {triple}"
        g.remove(triple)
    g += Graph().parse(data=PREFIXES + add, format="turtle")
    return g


@dataclass(frozen=True)
class Violation:
    focus: object
    shape: object
    value: object
    message: str


def validate(data: Graph, shapes: Graph, **options) -> tuple[bool, list[Violation], str]:
    """Run pyshacl with no inference (unless told otherwise) and list the violations."""
    options.setdefault("inference", "none")
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, **options)
    violations = [
        Violation(
            focus=report.value(r, SH.focusNode),
            shape=report.value(r, SH.sourceShape),
            value=report.value(r, SH.value),
            message=str(report.value(r, SH.resultMessage)),
        )
        # Top-level results only: pyshacl also types the nested results of sh:node /
        # sh:or (given as sh:detail) as sh:ValidationResult.
        for r in report.objects(None, SH.result)
    ]
    return conforms, violations, text


# ---------------------------------------------------------------------------
# (a) Both files are well-formed Turtle
# ---------------------------------------------------------------------------

def test_ontology_parses_and_describes_itself(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.description) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.title) is not None


def test_shapes_parse_and_are_valid_shacl(shapes):
    assert len(list(shapes.subjects(RDF.type, SH.NodeShape))) > 0
    # meta_shacl=True first checks the shapes graph itself against SHACL-for-SHACL.
    conforms, violations, text = validate(conforming_graph(), shapes, meta_shacl=True)
    assert conforms, text


# ---------------------------------------------------------------------------
# (b) Every term of docs/rdf-model.md is declared, labelled, commented, typed
# ---------------------------------------------------------------------------

def h2kg_terms_in_rdf_model_doc() -> set[str]:
    return set(re.findall(r"\bh2kg:([A-Za-z]+)", RDF_MODEL_DOC.read_text(encoding="utf-8")))


def test_the_lists_in_this_file_cover_docs_rdf_model():
    """If the model document gains a term, these lists (and the ontology) must too."""
    assert h2kg_terms_in_rdf_model_doc() <= set(ALL_CLASSES + ALL_PROPERTIES)


@pytest.mark.parametrize("term", sorted(h2kg_terms_in_rdf_model_doc()))
def test_every_term_named_in_docs_rdf_model_is_declared(ontology, term):
    declared_as = set(ontology.objects(H2KG[term], RDF.type))
    assert declared_as & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, term


@pytest.mark.parametrize("name", ALL_CLASSES)
def test_class_is_declared_with_label_and_comment(ontology, name):
    cls = H2KG[name]
    assert (cls, RDF.type, OWL.Class) in ontology
    assert ontology.value(cls, RDFS.label) is not None
    assert ontology.value(cls, RDFS.comment) is not None


@pytest.mark.parametrize(
    "name, kind",
    [(p, OWL.ObjectProperty) for p in OBJECT_PROPERTIES]
    + [(p, OWL.DatatypeProperty) for p in DATATYPE_PROPERTIES],
)
def test_property_is_declared_with_label_comment_domain_and_range(ontology, name, kind):
    prop = H2KG[name]
    assert (prop, RDF.type, kind) in ontology
    for annotation in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
        assert ontology.value(prop, annotation) is not None, f"h2kg:{name} lacks {annotation}"


def members_of_union(g: Graph, node) -> set:
    """The classes of an owl:unionOf list, or {node} itself if it is a named class."""
    if isinstance(node, URIRef):
        return {node}
    return set(g.items(g.value(node, OWL.unionOf)))


@pytest.mark.parametrize("name", DATATYPE_PROPERTIES)
def test_datatype_properties_range_over_xsd_datatypes(ontology, name):
    rng = ontology.value(H2KG[name], RDFS.range)
    assert members_of_union(ontology, rng) and all(
        str(dt).startswith(str(XSD)) for dt in members_of_union(ontology, rng)
    )


@pytest.mark.parametrize("name", OBJECT_PROPERTIES)
def test_object_properties_range_over_h2kg_classes(ontology, name):
    for end in (RDFS.domain, RDFS.range):
        node = ontology.value(H2KG[name], end)
        for cls in members_of_union(ontology, node):
            assert (cls, RDF.type, OWL.Class) in ontology, (name, end, cls)


def test_organization_is_the_union_of_the_five_organisation_classes(ontology):
    union = ontology.value(H2KG.Organization, OWL.equivalentClass)
    assert members_of_union(ontology, union) == {H2KG[c] for c in ORGANISATION_CLASSES}
    for c in ORGANISATION_CLASSES:
        assert (H2KG[c], RDFS.subClassOf, H2KG.Organization) in ontology


def test_the_nine_entity_classes_are_pairwise_disjoint(ontology):
    disjoint_sets = [
        set(ontology.items(ontology.value(node, OWL.members)))
        for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert {H2KG[c] for c in ENTITY_CLASSES} in disjoint_sets


def test_partner_of_is_symmetric_and_nothing_else_is(ontology):
    assert set(ontology.subjects(RDF.type, OWL.SymmetricProperty)) == {H2KG.partnerOf}


def test_relation_domains_and_ranges_follow_the_contract(ontology):
    org = H2KG.Organization
    expected = {  # property: (domain classes, range classes)
        "memberOf": ({org}, {H2KG.Alliance}),
        "foundedBy": ({org}, {org}),
        "guidedBy": ({H2KG.Alliance}, {H2KG.GovernmentBody}),
        "issuedBy": ({H2KG.Plan}, {H2KG.GovernmentBody, H2KG.Place}),
        "partnerOf": ({org}, {org}),
        "worksFor": ({H2KG.Person}, {org}),
        "headquarteredIn": ({org}, {H2KG.Place}),
        "locatedIn": ({org, H2KG.Project, H2KG.Place}, {H2KG.Place}),
        "subOrganizationOf": ({org}, {org}),
        "participatedIn": ({org, H2KG.Person}, {H2KG.Project, org}),
        "holder": ({H2KG.Post}, {H2KG.Person}),
        "postIn": ({H2KG.Post}, {org}),
        "hasTarget": ({H2KG.Plan}, {H2KG.Target}),
    }
    for name, (domain, range_) in expected.items():
        prop = H2KG[name]
        assert members_of_union(ontology, ontology.value(prop, RDFS.domain)) == domain, name
        assert members_of_union(ontology, ontology.value(prop, RDFS.range)) == range_, name


@pytest.mark.parametrize(
    "term, alignment, standard", ALIGNMENTS,
    ids=["-".join(re.split("[#/]", str(x))[-1] for x in row) for row in ALIGNMENTS],
)
def test_terms_are_aligned_with_standard_vocabularies(ontology, term, alignment, standard):
    assert (term, alignment, standard) in ontology


# ---------------------------------------------------------------------------
# (c) A graph written the way the extractor writes it conforms
# ---------------------------------------------------------------------------

def test_conforming_graph_conforms_without_inference(shapes):
    conforms, violations, text = validate(conforming_graph(), shapes)
    assert conforms, text
    assert violations == []


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_conforming_graph_still_conforms_with_the_ontology_mixed_in(shapes, ontology, inference):
    """With the ontology as ont_graph, h2kg:UnnamedPlan nodes become (SHACL) instances of
    h2kg:Plan and, under RDFS inference, pick up org:/schema:/foaf: superclasses; the
    shapes are written so that neither breaks a conforming graph."""
    conforms, violations, text = validate(
        conforming_graph(), shapes, ont_graph=ontology, inference=inference
    )
    assert conforms, text


def owl_rl_inconsistencies(data: Graph, ontology: Graph) -> list[str]:
    """Run the OWL 2 RL closure (owlrl, a pyshacl dependency) and collect the
    inconsistencies it records."""
    import owlrl

    g = Graph()
    g += data
    g += ontology
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    error = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
    return [str(message) for message in g.objects(None, error)]


def test_conforming_graph_is_consistent_with_the_ontology_under_owl_rl(ontology):
    assert owl_rl_inconsistencies(conforming_graph(), ontology) == []


def test_owl_rl_also_rejects_an_entity_with_two_classes(ontology):
    """The nine entity classes are declared pairwise disjoint, so an OWL reasoner finds
    the same fault as h2kgsh:Entity-oneClass."""
    g = edited(add="<company/shanghai-refire-technology> a h2kg:ResearchInstitution .")
    [message] = owl_rl_inconsistencies(g, ontology)
    assert "Disjoint classes" in message and str(REFIRE) in message


def test_the_fixture_uses_every_relation_and_entity_class():
    """Sanity check of the fixture: it uses every relation and every entity class."""
    g = conforming_graph()
    used_properties = set(g.predicates())
    assert {H2KG[r] for r in RELATIONS} <= used_properties
    used_classes = set(g.objects(None, RDF.type))
    assert {H2KG[c] for c in ENTITY_CLASSES} <= used_classes


# ---------------------------------------------------------------------------
# (d) Near misses: each breaks exactly one rule, reported on exactly one node
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class NearMiss:
    what: str
    focus: URIRef  # the node the report must name as sh:focusNode
    shape: URIRef  # the shape (rule) it must name as sh:sourceShape
    remove: str = ""
    add: str = ""


NEAR_MISSES = [
    # --- entities ---------------------------------------------------------
    NearMiss(
        "an entity with two entity classes",
        REFIRE, H2KGSH["Entity-oneClass"],
        add="<company/shanghai-refire-technology> a h2kg:ResearchInstitution .",
    ),
    NearMiss(
        "an entity with no label",
        REFIRE, H2KGSH["Entity-label"],
        remove='<company/shanghai-refire-technology> rdfs:label "Shanghai REFIRE Technology" .',
    ),
    NearMiss(
        "an entity with two labels (the second belongs in skos:altLabel)",
        REFIRE, H2KGSH["Entity-label"],
        add='<company/shanghai-refire-technology> rdfs:label "REFIRE" .',
    ),
    NearMiss(
        "an entity whose label is a number",
        SHANGHAI, H2KGSH["Entity-label"],
        remove='<place/shanghai> rdfs:label "Shanghai" .',
        add="<place/shanghai> rdfs:label 42 .",
    ),
    NearMiss(
        "an entity mentioned in no document",
        TONGJI, H2KGSH["Entity-mentionedIn"],
        remove="<research-institution/tongji-university> "
               "h2kg:mentionedIn <document/shanghai-fuel-cell-alliance-2023> .",
    ),
    NearMiss(
        "mentionedIn pointing at something that is not a Document",
        TONGJI, H2KGSH["MentionedInRange"],
        add="<research-institution/tongji-university> h2kg:mentionedIn <place/shanghai> .",
    ),
    NearMiss(
        "an unnamed plan that is also typed as a Company",
        UNNAMED_PLAN, H2KGSH["UnnamedPlan-notAnEntity"],
        add="<plan/unnamed-shanghai-nev-plan-2025-1> a h2kg:Company .",
    ),
    # --- relations: subject and object classes ----------------------------
    NearMiss(
        "memberOf whose object is a Company, not an Alliance",
        CAAM, H2KGSH["MemberOfRange"],
        add="<association/china-association-of-automobile-manufacturers> "
            "h2kg:memberOf <company/shanghai-refire-technology> .",
    ),
    NearMiss(
        "memberOf from a Person",
        JU_XINJUE, H2KGSH["MemberOfDomain"],
        add="<person/ju-xinjue> "
            "h2kg:memberOf <alliance/shanghai-fuel-cell-industry-innovation-alliance> .",
    ),
    NearMiss(
        "foundedBy a Person",
        ALLIANCE, H2KGSH["FoundedByRange"],
        add="<alliance/shanghai-fuel-cell-industry-innovation-alliance> "
            "h2kg:foundedBy <person/ju-xinjue> .",
    ),
    NearMiss(
        "guidedBy whose object is an Association, not a GovernmentBody",
        ALLIANCE, H2KGSH["GuidedByRange"],
        add="<alliance/shanghai-fuel-cell-industry-innovation-alliance> "
            "h2kg:guidedBy <association/china-association-of-automobile-manufacturers> .",
    ),
    NearMiss(
        "guidedBy from a Company, not an Alliance",
        REFIRE, H2KGSH["GuidedByDomain"],
        add="<company/shanghai-refire-technology> h2kg:guidedBy "
            "<government-body/shanghai-municipal-commission-of-economy-and-informatization> .",
    ),
    NearMiss(
        "issuedBy from a Project, not a Plan",
        PROJECT, H2KGSH["IssuedByDomain"],
        add="<project/shanghai-fcv-demonstration-city-cluster> "
            "h2kg:issuedBy <government-body/shanghai-municipal-government> .",
    ),
    NearMiss(
        "issuedBy a Company, neither a GovernmentBody nor a Place",
        NAMED_PLAN, H2KGSH["IssuedByRange"],
        add="<plan/action-plan-for-building-shanghai-into-a-high-ground-for-future-industry-innovation> "
            "h2kg:issuedBy <company/shanghai-refire-technology> .",
    ),
    NearMiss(
        "partnerOf a Place",
        REFIRE, H2KGSH["PartnerOfRange"],
        add="<company/shanghai-refire-technology> h2kg:partnerOf <place/shanghai> .",
    ),
    NearMiss(
        "worksFor from a Company, not a Person",
        REFIRE, H2KGSH["WorksForDomain"],
        add="<company/shanghai-refire-technology> h2kg:worksFor "
            "<government-body/shanghai-municipal-commission-of-economy-and-informatization> .",
    ),
    NearMiss(
        "worksFor a Place, not an organisation",
        JU_XINJUE, H2KGSH["WorksForRange"],
        add="<person/ju-xinjue> h2kg:worksFor <place/shanghai> .",
    ),
    NearMiss(
        "headquarteredIn an organisation, not a Place",
        REFIRE, H2KGSH["HeadquarteredInRange"],
        add="<company/shanghai-refire-technology> h2kg:headquarteredIn "
            "<government-body/shanghai-municipal-government> .",
    ),
    NearMiss(
        "locatedIn from a Person",
        JU_XINJUE, H2KGSH["LocatedInDomain"],
        add="<person/ju-xinjue> h2kg:locatedIn <place/shanghai> .",
    ),
    NearMiss(
        "subOrganizationOf a Person",
        REFIRE, H2KGSH["SubOrganizationOfRange"],
        add="<company/shanghai-refire-technology> h2kg:subOrganizationOf <person/ju-xinjue> .",
    ),
    NearMiss(
        "participatedIn a Place",
        TONGJI, H2KGSH["ParticipatedInRange"],
        add="<research-institution/tongji-university> h2kg:participatedIn <place/shanghai> .",
    ),
    # --- attributes ---------------------------------------------------------
    NearMiss(
        "memberCount on a Company, not an Alliance",
        REFIRE, H2KGSH["MemberCountDomain"],
        add="<company/shanghai-refire-technology> h2kg:memberCount 3 .",
    ),
    NearMiss(
        "foundingDate as a plain string",
        ALLIANCE, H2KGSH["FoundingDateRange"],
        remove='<alliance/shanghai-fuel-cell-industry-innovation-alliance> '
               'h2kg:foundingDate "2023-02-17"^^xsd:date .',
        add='<alliance/shanghai-fuel-cell-industry-innovation-alliance> '
            'h2kg:foundingDate "Feb 17, 2023" .',
    ),
    # --- posts ------------------------------------------------------------------
    NearMiss(
        "a Post without a holder",
        POST, H2KGSH["Post-holder"],
        remove="<post/ju-xinjue-deputy-director-division-of-technological-improvement> "
               "h2kg:holder <person/ju-xinjue> .",
    ),
    NearMiss(
        "a Post in a Place, not an organisation",
        POST, H2KGSH["Post-postIn"],
        add="<post/ju-xinjue-deputy-director-division-of-technological-improvement> "
            "h2kg:postIn <place/shanghai> .",
    ),
    NearMiss(
        "a Post without a role",
        POST, H2KGSH["Post-role"],
        remove='<post/ju-xinjue-deputy-director-division-of-technological-improvement> '
               'h2kg:role "Deputy Director" .',
    ),
    # --- targets --------------------------------------------------------------
    NearMiss(
        "a Target whose value is an xsd:integer, not an xsd:decimal",
        TARGET, H2KGSH["Target-value"],
        remove="<target/shanghai-annual-nev-output-2025> h2kg:value 1200000.0 .",
        add="<target/shanghai-annual-nev-output-2025> h2kg:value 1200000 .",
    ),
    NearMiss(
        "a Target without a target year",
        TARGET, H2KGSH["Target-targetYear"],
        remove='<target/shanghai-annual-nev-output-2025> h2kg:targetYear "2025"^^xsd:gYear .',
    ),
    NearMiss(
        "hasTarget pointing at a Place",
        UNNAMED_PLAN, H2KGSH["HasTargetRange"],
        add="<plan/unnamed-shanghai-nev-plan-2025-1> h2kg:hasTarget <place/shanghai> .",
    ),
    # --- documents ----------------------------------------------------------------
    NearMiss(
        "a Document without a title",
        DOC, H2KGSH["Document-title"],
        remove='<document/shanghai-fuel-cell-alliance-2023> dcterms:title '
               '"Shanghai Fuel Cell Industry Innovation Alliance Officially Established" .',
    ),
    NearMiss(
        "a Document without a source",
        DOC, H2KGSH["Document-source"],
        remove='<document/shanghai-fuel-cell-alliance-2023> dcterms:source '
               '"seeds/shanghai-fuel-cell-alliance-2023.txt" .',
    ),
    NearMiss(
        "a Document whose content hash is not a SHA-256 hex digest",
        DOC, H2KGSH["Document-contentHash"],
        remove='<document/shanghai-fuel-cell-alliance-2023> h2kg:contentHash '
               '"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" .',
        add='<document/shanghai-fuel-cell-alliance-2023> h2kg:contentHash "md5:abc" .',
    ),
    # --- evidence -------------------------------------------------------------------
    NearMiss(
        "an Evidence record without its sentence",
        EVIDENCE, H2KGSH["Evidence-sentence"],
        remove='<evidence/3f1c0a> h2kg:sentence "On Feb 17, 2023, under the guidance of '
               'Shanghai Municipal Commission of Economy and Informatization, the Shanghai Fuel '
               'Cell Innovation Alliance ... was officially established by 11 companies ..." .',
    ),
    NearMiss(
        "an Evidence record without its document",
        EVIDENCE, H2KGSH["Evidence-derivedFrom"],
        remove="<evidence/3f1c0a> prov:wasDerivedFrom "
               "<document/shanghai-fuel-cell-alliance-2023> .",
    ),
    NearMiss(
        "an Evidence record without rdf:predicate",
        EVIDENCE, H2KGSH["Evidence-predicate"],
        remove="<evidence/3f1c0a> rdf:predicate h2kg:guidedBy .",
    ),
    NearMiss(
        "an Evidence record whose startChar is after its endChar",
        EVIDENCE, H2KGSH["Evidence-startChar"],
        remove="<evidence/3f1c0a> h2kg:startChar 74 .",
        add="<evidence/3f1c0a> h2kg:startChar 400 .",
    ),
    NearMiss(
        "an Evidence record with confidence above 1",
        EVIDENCE, H2KGSH["Evidence-confidence"],
        remove="<evidence/3f1c0a> h2kg:confidence 0.9 .",
        add="<evidence/3f1c0a> h2kg:confidence 1.5 .",
    ),
]


@pytest.mark.parametrize("miss", NEAR_MISSES, ids=[m.what for m in NEAR_MISSES])
def test_near_miss_breaks_exactly_one_rule(shapes, miss):
    conforms, violations, text = validate(edited(remove=miss.remove, add=miss.add), shapes)
    assert not conforms
    assert {(v.focus, v.shape) for v in violations} == {(miss.focus, miss.shape)}, text


def test_a_bad_relation_object_is_reported_as_the_value_with_a_readable_message(shapes):
    """Relation range rules report the subject as focus node, the object as sh:value,
    and the rule in words."""
    g = edited(add="<association/china-association-of-automobile-manufacturers> "
                   "h2kg:memberOf <company/shanghai-refire-technology> .")
    conforms, [violation], text = validate(g, shapes)
    assert violation == Violation(
        focus=CAAM,
        shape=H2KGSH.MemberOfRange,
        value=REFIRE,
        message="The object of h2kg:memberOf is an h2kg:Alliance.",
    )


def test_an_entity_may_not_be_a_blank_node(shapes):
    g = edited(add="""
        [] a h2kg:Company ;
           rdfs:label "Some Company" ;
           h2kg:mentionedIn <document/shanghai-fuel-cell-alliance-2023> .
    """)
    conforms, violations, text = validate(g, shapes)
    assert not conforms
    assert [(type(v.focus), v.shape) for v in violations] == [(BNode, H2KGSH.Entity)], text


def test_with_rdfs_inference_a_bad_range_shows_up_as_a_second_class(shapes, ontology):
    """Inference must not paper over a broken rule, but it can move it. Under RDFS
    inference with the ontology, "CAAM memberOf REFIRE" makes REFIRE an h2kg:Alliance
    (the range of memberOf), so the report names REFIRE as an entity with two classes
    instead of naming the memberOf triple. Validate with inference="none" to get the
    direct report."""
    g = edited(add="<association/china-association-of-automobile-manufacturers> "
                   "h2kg:memberOf <company/shanghai-refire-technology> .")
    conforms, violations, text = validate(g, shapes, ont_graph=ontology, inference="rdfs")
    assert not conforms
    assert {(v.focus, v.shape) for v in violations} == {(REFIRE, H2KGSH["Entity-oneClass"])}, text


def test_literal_types_matter():
    """A reminder of how rdflib types Python values, which the shapes check strictly:
    h2kg:value needs Decimal (xsd:decimal), not int (xsd:integer) or float (xsd:double)."""
    from decimal import Decimal

    assert Literal(Decimal("1200000")).datatype == XSD.decimal
    assert Literal(1200000).datatype == XSD.integer
    assert Literal(0.9).datatype == XSD.double
    assert Literal("2025", datatype=XSD.gYear).datatype == XSD.gYear
