"""Store benchmark: Oxigraph on disk against rdflib's memory store, in the same run, on a
generated graph of about a million triples in h2kg's model.

    python benchmarks/store_bench.py                  # ~1.0 M triples
    python benchmarks/store_bench.py --docs 500       # a quick run (~0.1 M)
    python benchmarks/store_bench.py --json out.json

The graph is made the way `h2kg add` makes it: seeded synthetic extractions (organisations,
alliances, government bodies, people, plans, each relation with its evidence record, posts,
targets) go through ``kg.store.extraction_quads`` and ``entity_facts``, so the triples have
the real shape: one named graph per document, the entity graph, the names bookkeeping.

Measured, both stores in one process, one after the other:

* load: every quad into an empty store (pyoxigraph ``bulk_extend`` on disk; rdflib
  ``Dataset.addN`` in memory);
* the h2kg add path: documents written one transaction each through ``GraphStore``
  (entity facts recomputed per document), on a sample of documents added to the loaded store;
* each canned query of ``kg/queries`` through ``GraphStore.query_named`` (median of 3
  warm runs; one run when it takes more than 10 s);
* Turtle export of the whole graph (h2kg's sorted writer over pyoxigraph; rdflib's
  ``serialize``).

Ratios are rdflib time / Oxigraph time.
"""
from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import iri as iri_  # noqa: E402
from kg.records import (Attribute, Document, Entity, Evidence, Extraction, Post,  # noqa: E402
                        Relation, Target)

WORDS = ("nord hav vel mar kest rel ost ling fen tar brae sol vin dal ker mon ash gil rau "
         "tev lun cor bel sar min gor hal tam ves pra dun").split()
ORG_KINDS = [("Company", "{} {} Hydrogen Co."), ("Company", "{} {} Fuel Cell Technology"),
             ("Alliance", "{} {} Hydrogen Alliance"), ("GovernmentBody", "{} {} Energy Commission"),
             ("Association", "{} {} Automotive Association"),
             ("ResearchInstitution", "{} {} Institute of Technology")]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) for _ in range(2)).title()


class World:
    """A seeded pool of entities that documents draw from, so entities recur."""

    def __init__(self, rng: random.Random, n_orgs: int, n_people: int, n_places: int):
        self.orgs: list[tuple[str, str, str]] = []      # (cls, label, iri)
        seen = set()
        while len(self.orgs) < n_orgs:
            cls, pattern = rng.choice(ORG_KINDS)
            label = pattern.format(_name(rng), _name(rng))
            if label in seen:
                continue
            seen.add(label)
            self.orgs.append((cls, label, iri_.entity_iri(cls, label)))
        self.alliances = [o for o in self.orgs if o[0] == "Alliance"]
        self.bodies = [o for o in self.orgs if o[0] == "GovernmentBody"]
        self.people = [("Person", f"{_name(rng)} {_name(rng)}", None) for _ in range(n_people)]
        self.people = [(c, n, iri_.entity_iri(c, n)) for c, n, _ in self.people]
        self.places = [("Place", f"{_name(rng)}shan", None) for _ in range(n_places)]
        self.places = [(c, n, iri_.entity_iri(c, n)) for c, n, _ in self.places]


def make_extraction(rng: random.Random, world: World, i: int) -> Extraction:
    doc_id = f"bench-{i:06d}"
    text = "x" * 4000
    doc = Document(id=doc_id, source=f"bench/{doc_id}.txt", title=f"Bench article {i}", text=text,
                   date=f"20{rng.randint(15, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                   content_hash=f"{i:064x}")
    picks = rng.sample(world.orgs, 14) + [rng.choice(world.alliances), rng.choice(world.bodies)]
    picks += rng.sample(world.people, 3) + rng.sample(world.places, 3)
    ex = Extraction(document=doc)
    keys = []
    for k, (cls, label, iri) in enumerate(picks):
        key = f"e{k}"
        aliases = {label.split()[0]} if rng.random() < 0.3 else set()
        ex.entities[key] = Entity(key=key, cls=cls, label=label, aliases=aliases, iri=iri)
        keys.append((key, cls))
    orgs = [k for k, c in keys if c not in ("Person", "Place")]
    alliance = next(k for k, c in reversed(keys) if c == "Alliance")
    body = next(k for k, c in reversed(keys) if c == "GovernmentBody")
    people = [k for k, c in keys if c == "Person"]
    places = [k for k, c in keys if c == "Place"]

    def ev(rule):
        start = rng.randint(0, 3800)
        return Evidence(doc_id=doc_id, sentence=f"Sentence {rng.random():.12f} about the alliance and "
                        "its members, as the article puts it.", start=start, end=start + 120,
                        rule=rule, confidence=round(rng.uniform(0.6, 0.95), 2))
    rels = [(o, "memberOf", alliance) for o in rng.sample(orgs[:-2], 6)]
    rels += [(alliance, "foundedBy", o) for o in rng.sample(orgs[:-2], 2)]
    rels += [(alliance, "guidedBy", body)]
    rels += [(a, "partnerOf", b) for a, b in zip(orgs[0:6:2], orgs[1:7:2])]
    rels += [(p, "worksFor", rng.choice(orgs)) for p in people]
    rels += [(o, "headquarteredIn", rng.choice(places)) for o in orgs[8:11]]
    for s, p, o in rels:
        if s != o:
            ex.relations.append(Relation(s, p, o, ev(f"rule:{p}")))
    ex.attributes.append(Attribute(alliance, "memberCount", rng.randint(5, 80), "integer", ev("rule:count")))
    for p in people[:2]:
        ex.posts.append(Post(p, (rng.choice(orgs),), rng.choice(["Chairman", "Deputy Director", "CEO"]),
                             ev("rule:post")))
    ex.unnamed_plans["plan#1"] = f"Plan described in article {i}"
    ex.relations.append(Relation("plan#1", "issuedBy", body, ev("rule:issued-by")))
    ex.targets.append(Target("plan#1", "hydrogen refuelling stations", float(rng.randint(10, 500)),
                             "stations", rng.randint(2025, 2035), ev("rule:target")))
    return ex


def generate(n_docs: int, seed: int):
    """(all quads, extractions) for ``n_docs`` documents."""
    from kg.store import _Support, entity_facts, extraction_quads
    import pyoxigraph as ox
    rng = random.Random(seed)
    world = World(rng, n_orgs=max(200, n_docs * 3), n_people=max(100, n_docs), n_places=300)
    quads, support = [], defaultdict(_Support)
    extractions = []
    for i in range(n_docs):
        ex = make_extraction(rng, world, i)
        extractions.append(ex)
        doc_q, names_q = extraction_quads(ex)
        quads += doc_q
        quads += names_q
        for q in names_q:
            sup = support[q.subject]
            if q.predicate.value.endswith("#class"):
                sup.classes.add(q.object)
            elif q.predicate.value.endswith("#label"):
                sup.labels.add(q.object.value)
            else:
                sup.names.add(q.object.value)
    for e, sup in support.items():
        quads += entity_facts(e, sup)
    assert all(isinstance(q, ox.Quad) for q in quads[:10])
    return quads, extractions, world


def timed(fn, *args, **kw):
    gc.collect()
    t = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - t, out


def query_times(store, params: dict[str, dict], repeat: int = 3) -> dict[str, tuple[float, int]]:
    from kg.query import canned_queries
    out = {}
    for name, q in canned_queries().items():
        p = {k: v for k, v in params.items() if k in q.params}
        first, res = timed(store.query_named, name, **p)
        times = [first]
        if first < 10:
            for _ in range(repeat):
                times.append(timed(store.query_named, name, **p)[0])
            times = times[1:]          # warm runs
        out[name] = (statistics.median(times), len(res))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2500, help="documents to generate (2500 ~ 1 M quads)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--add-sample", type=int, default=100, help="documents for the per-transaction add path")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    args = ap.parse_args(argv)

    import pyoxigraph as ox
    import rdflib

    from kg.export import turtle_bytes
    from kg.store import GraphStore, _OxigraphBackend, _RdflibBackend, is_public_graph, to_rdflib

    t0 = time.perf_counter()
    quads, extractions, world = generate(args.docs, args.seed)
    sample = [make_extraction(random.Random(args.seed + 1), world, args.docs + i)
              for i in range(args.add_sample)]
    print(f"generated {len(quads):,} quads ({args.docs} documents) in {time.perf_counter() - t0:.1f} s",
          flush=True)
    target = next(ex for ex in extractions if ex.relations)
    alliance = next(e.label for e in target.entities.values() if e.cls == "Alliance")
    member = next(target.entities[r.subj].label for r in target.relations if r.pred == "memberOf")
    rel = next(r for r in target.relations if r.pred == "memberOf")
    params = {"alliance": alliance, "org": member, "subject": target.entities[rel.subj].label,
              "predicate": "memberOf", "object": target.entities[rel.obj].label}

    results: dict[str, dict] = {"quads": len(quads), "documents": args.docs, "steps": {}}
    tmp = Path(tempfile.mkdtemp(prefix="h2kg-store-bench-"))
    try:
        # --- Oxigraph on disk
        ox_backend = _OxigraphBackend(tmp / "store")
        t_ox_load, _ = timed(ox_backend.store.bulk_extend, quads)
        ox_backend.store.optimize()
        ox_store = GraphStore(ox_backend, str(tmp / "store"))
        print(f"oxigraph: loaded in {t_ox_load:.1f} s", flush=True)
        ox_q = query_times(ox_store, params)
        print("oxigraph: queries " + ", ".join(f"{k} {v[0] * 1000:.1f} ms" for k, v in ox_q.items()), flush=True)
        t_ox_ttl, data = timed(lambda: turtle_bytes(list(ox_store.quads())))
        print(f"oxigraph: turtle export {t_ox_ttl:.1f} s ({len(data) / 1e6:.0f} MB)", flush=True)
        del data

        def add_path(store):
            for ex in sample:
                store.put_extraction(ex)
        t_ox_add, _ = timed(add_path, ox_store)
        print(f"oxigraph: {args.add_sample} documents added one transaction each in {t_ox_add:.2f} s",
              flush=True)
        ox_store.close()

        # --- rdflib in memory
        mem = _RdflibBackend()
        rq = [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
               mem.ds.graph(rdflib.URIRef(q.graph_name.value))) for q in quads]
        t_rd_load, _ = timed(mem.ds.addN, rq)
        del rq
        rd_store = GraphStore(mem, "memory")
        print(f"rdflib: loaded in {t_rd_load:.1f} s", flush=True)
        rd_q = query_times(rd_store, params)
        print("rdflib: queries " + ", ".join(f"{k} {v[0] * 1000:.1f} ms" for k, v in rd_q.items()), flush=True)

        def rdflib_turtle():
            g = rdflib.Graph()
            for s, p, o, c in mem.ds.quads((None, None, None, None)):
                if is_public_graph(c):
                    g.add((s, p, o))
            return g.serialize(format="turtle").encode()
        t_rd_ttl, data = timed(rdflib_turtle)
        print(f"rdflib: turtle export {t_rd_ttl:.1f} s", flush=True)
        del data
        n_rd_add = max(1, args.add_sample // 10)
        sample_rd = sample[:n_rd_add]

        def add_path_rd(store):
            for ex in sample_rd:
                store.put_extraction(ex)
        t_rd_add, _ = timed(add_path_rd, rd_store)
        t_rd_add *= args.add_sample / n_rd_add
        print(f"rdflib: add path {t_rd_add:.2f} s per {args.add_sample} documents "
              f"(measured on {n_rd_add})", flush=True)

        steps = {"load (all quads)": (t_rd_load, t_ox_load),
                 f"add {args.add_sample} documents, one transaction each": (t_rd_add, t_ox_add),
                 "turtle export": (t_rd_ttl, t_ox_ttl)}
        for name in ox_q:
            assert ox_q[name][1] == rd_q[name][1], (name, ox_q[name], rd_q[name])
            steps[f"query {name} ({ox_q[name][1]} rows)"] = (rd_q[name][0], ox_q[name][0])
        results["steps"] = {k: {"rdflib_s": r, "oxigraph_s": o, "ratio": r / o if o else None}
                            for k, (r, o) in steps.items()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\n{len(quads):,} quads, {args.docs} documents; time in seconds; ratio = rdflib / Oxigraph\n")
    print(f"| step | rdflib memory | Oxigraph disk | ratio |\n| --- | --- | --- | --- |")
    for k, v in results["steps"].items():
        print(f"| {k} | {v['rdflib_s']:.3f} | {v['oxigraph_s']:.3f} | {v['ratio']:.1f}x |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
