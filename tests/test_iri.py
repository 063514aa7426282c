"""IRIs are readable, stable and valid whatever the name."""
import re

from hypothesis import given, strategies as st

from kg.iri import entity_iri, kind, slug


def test_readable_slugs():
    assert slug("Shanghai Fuel Cell (SFC) Alliance") == "shanghai-fuel-cell-sfc-alliance"
    assert kind("GovernmentBody") == "government-body"
    assert entity_iri("Company", "Kestrel Fuel Systems GmbH") == \
        "https://w3id.org/h2kg/id/company/kestrel-fuel-systems-gmbh"


def test_names_that_lose_characters_get_a_hash_so_they_never_collide():
    assert slug("上海") != slug("北京")
    assert re.fullmatch(r"[0-9a-f]{8}", slug("上海"))
    assert slug("x" * 10_000) != slug("x" * 9_999)
    assert len(slug("x" * 10_000)) < 100


@given(st.text())
def test_any_name_gives_a_valid_iri(name):
    s = slug(name)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s)
    assert slug(name) == s
