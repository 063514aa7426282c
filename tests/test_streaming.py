"""Issue 9: graph.ttl / graph.trig are streamed from the store and the views read it through
lookups; nothing holds the whole graph in Python. The streamed files are the bytes of the
in-memory serialisers, on every backend, and are replaced atomically."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph

from storekit import cached, free_port, seed_copy, wait_http  # noqa: F401 (cached: a fixture)

import kg.export as export_mod
from kg.export import jsonld_bytes, nquads_bytes, trig_bytes, turtle_bytes, write_rdf
from kg.store import open_store, to_rdflib
from kg.views import StoreGraph, write_views

IN_MEMORY = {"turtle": turtle_bytes, "trig": trig_bytes, "nquads": nquads_bytes, "jsonld": jsonld_bytes}


@pytest.fixture(scope="module")
def seeds(seed_build):
    with open_store(seed_build.files["store"], read_only=True) as kg:
        yield kg


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory):
    exe = shutil.which("oxigraph") or os.path.join(os.path.dirname(sys.executable), "oxigraph")
    if not os.path.exists(exe):
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path_factory.mktemp("server")),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/query?query=ASK%7B%7D", proc)
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.mark.parametrize("fmt", sorted(IN_MEMORY))
def test_streamed_files_are_the_in_memory_bytes(seeds, tmp_path, fmt):
    path = write_rdf(seeds, fmt, tmp_path / f"g.{fmt}")
    assert path.read_bytes() == IN_MEMORY[fmt](list(seeds.quads()))


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_a_graph_too_big_to_sort_in_memory_is_read_subject_by_subject(seeds, tmp_path, monkeypatch, fmt):
    whole = write_rdf(seeds, fmt, tmp_path / "whole").read_bytes()
    monkeypatch.setattr(export_mod, "GRAPH_IN_MEMORY", 3)
    monkeypatch.setattr(export_mod, "SUBJECTS_PER_QUERY", 2)
    assert write_rdf(seeds, fmt, tmp_path / "parts").read_bytes() == whole


def test_graph_files_of_a_build_parse_and_leave_out_the_bookkeeping(seed_build, seeds):
    ttl = seed_build.graph_path.read_bytes()
    trig = (seed_build.out_dir / "graph.trig").read_bytes()
    for data in (ttl, trig):
        assert b"/graph/names/" not in data and b"https://w3id.org/h2kg/store#" not in data
        assert data.startswith(b"@prefix dcterms: ")
    g = Graph().parse(data=ttl, format="turtle")
    assert {(s, p, o) for s, p, o in g} == {
        (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in seeds.quads()}
    ds = Dataset()
    ds.parse(data=trig, format="trig")
    graphs = {str(c.identifier) for c in ds.contexts() if len(c)}
    assert graphs == {q.graph_name.value for q in seeds.quads()}


def test_the_same_bytes_from_every_backend(tmp_path, cached, oxigraph_url):
    articles = seed_copy(tmp_path)
    written: dict[str, dict[str, bytes]] = {}
    for where in (tmp_path / "embedded", "memory", oxigraph_url):
        with open_store(where) as kg:
            kg.add([articles], extractor=cached)
            for fmt in ("turtle", "trig"):
                data = write_rdf(kg, fmt, tmp_path / f"{kg.kind}.{fmt}").read_bytes()
                assert data == IN_MEMORY[fmt](list(kg.quads())), (kg.kind, fmt)
                written.setdefault(fmt, {})[kg.kind] = data
    for fmt, by_kind in written.items():
        assert by_kind["memory"] == by_kind["oxigraph"] == by_kind["sparql"], fmt


def test_replaced_whole_or_not_at_all(seeds, tmp_path, monkeypatch):
    path = tmp_path / "graph.ttl"
    write_rdf(seeds, "turtle", path)
    good = path.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]     # no temp file left

    real = export_mod.stream_triples

    def broken(store):
        yield from list(real(store))[:50]
        raise OSError("disk gone")
    monkeypatch.setattr(export_mod, "stream_triples", broken)
    with pytest.raises(OSError, match="disk gone"):
        write_rdf(seeds, "turtle", path)
    assert path.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_views_over_the_store_are_the_views_over_a_copy(seeds, seed_build, tmp_path):
    g = Graph()
    for q in seeds.quads():
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    copied = write_views(g, tmp_path / "copy")
    direct = write_views(StoreGraph(seeds), tmp_path / "store")
    for name, path in copied.items():
        assert direct[name].read_bytes() == path.read_bytes(), name
        assert (seed_build.out_dir / path.name).read_bytes() == path.read_bytes(), name


def test_store_graph_reads_each_triple_once_and_no_bookkeeping(seeds):
    from rdflib import RDF, RDFS, URIRef
    sg = StoreGraph(seeds)
    types = list(sg.subject_objects(RDF.type))
    assert len(types) == len(set(types)) > 0
    entity = URIRef("https://w3id.org/h2kg/id/company/sgic")
    assert sg.value(entity, RDFS.label) is not None
    assert not list(sg.triples((None, URIRef("https://w3id.org/h2kg/store#name"), None)))
