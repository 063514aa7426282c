"""Entities: found in the text, typed by their own words, one node per real thing.

Every name here is invented: the rules must work from the text, not from a list.
"""
import pytest


def by_label(ex):
    return {e.label: e for e in ex.entities.values()}


def test_organisations_are_typed_by_their_head_words(extract):
    ex = extract("Regional news\n\n"
                 "The Nordhavn Hydrogen Alliance, the Ministry of Coastal Energy, the Varga Institute "
                 "of Electrochemistry, the Baltic Fuel Cell Association and Kestrel Fuel Systems GmbH "
                 "met in Gdansk on Monday to discuss the Clean Harbour Action Plan.")
    types = {e.label: e.cls for e in ex.entities.values()}
    assert types["Nordhavn Hydrogen Alliance"] == "Alliance"
    assert types["Ministry of Coastal Energy"] == "GovernmentBody"
    assert types["Varga Institute of Electrochemistry"] == "ResearchInstitution"
    assert types["Baltic Fuel Cell Association"] == "Association"
    assert types["Kestrel Fuel Systems GmbH"] == "Company"
    assert types["Gdansk"] == "Place"
    assert types["Clean Harbour Action Plan"] == "Plan"


def test_headline_words_are_not_glued_onto_names(extract):
    ex = extract("Nordhavn Hydrogen Alliance Officially Established\n\n"
                 "The Nordhavn Hydrogen Alliance was officially established in Aarhus on Monday.")
    assert "Nordhavn Hydrogen Alliance" in by_label(ex)
    assert not any("Established" in n for e in ex.entities.values() for n in e.names())


def test_a_headline_verb_separates_two_names(extract):
    ex = extract("Kestrel Fuel Systems Joins Nordhavn Hydrogen Alliance\n\n"
                 "Kestrel Fuel Systems GmbH has joined the Nordhavn Hydrogen Alliance, it said on Monday.")
    names = {n for e in ex.entities.values() for n in e.names()}
    assert "Nordhavn Hydrogen Alliance" in by_label(ex)
    assert not any("Joins" in n for n in names)
    # near miss: a capitalised word that is no verb stays inside the name
    ex = extract("Kestrel Launch Systems Opens Plant\n\nKestrel Launch Systems GmbH opened a plant in Aarhus.")
    assert "Kestrel Launch Systems GmbH" in by_label(ex)


def test_a_sentence_opening_with_a_verb_and_the_is_no_name(extract):
    ex = extract("Members speak\n\n\"Joining the Nordhavn Hydrogen Alliance gives us partners,\" said "
                 "Ola Berg of Kestrel Fuel Systems GmbH.\n\"Manufacturing Partners Group is a member too.\"")
    labels = set(by_label(ex))
    assert "Nordhavn Hydrogen Alliance" in labels and not any(lb.startswith("Joining") for lb in labels)


def test_parenthetical_alias_and_short_forms_join_one_entity(extract):
    ex = extract("News\n\n"
                 "The Tarragona Green Hydrogen Innovation Alliance (hereinafter referred to as the "
                 "\"Innovation Alliance\") was founded on Friday. The Innovation Alliance will meet "
                 "again in May, and the Innovative Alliance plans a second meeting in June.")
    alliances = [e for e in ex.entities.values() if e.cls == "Alliance"]
    assert len(alliances) == 1
    assert alliances[0].label == "Tarragona Green Hydrogen Innovation Alliance"
    assert {"Innovation Alliance", "Innovative Alliance"} <= alliances[0].aliases


def test_acronyms_defined_in_brackets_are_aliases(extract):
    ex = extract("News\n\nThe Hydrogen Council of Valdoria (HCV) said on Monday that HCV members "
                 "would invest more.")
    council = by_label(ex)["Hydrogen Council of Valdoria"]
    assert "HCV" in council.aliases


def test_a_company_short_form_found_again(extract):
    ex = extract("News\n\nOrvika Group signed a deal in Tallinn. Headquartered in Tartu, Orvika is "
                 "a maker of electrolysers.")
    orvika = by_label(ex)["Orvika Group"]
    assert "Orvika" in orvika.aliases
    assert len(orvika.mentions) == 2


def test_a_place_and_its_government_never_merge(extract):
    ex = extract("News\n\nThe Valdoria municipal government released a plan. Valdoria will build "
                 "ten stations.")
    classes = {e.label: e.cls for e in ex.entities.values()}
    assert classes["Valdoria Municipal Government"] == "GovernmentBody"
    assert classes["Valdoria"] == "Place"


def test_common_nouns_with_acronyms_are_not_entities(extract):
    ex = extract("News\n\nThe city wants more new energy vehicles (NEVs) and fuel cell electric "
                 "vehicles (FCEV) on its roads by 2030.")
    names = {n for e in ex.entities.values() for n in e.names()}
    assert not names & {"NEVs", "NEV", "FCEV"}


def test_a_one_word_person_listed_with_companies_is_a_company(extract):
    ex = extract("News\n\nThe firm worked with Brenner and Halvorsen Motors to build trucks.")
    assert by_label(ex)["Brenner"].cls == "Company"


def test_section_headings_add_no_entities_of_their_own(extract):
    ex = extract("Title Here\n\nDeepening Presence with Solid Steps\n\n"
                 "Kestrel Fuel Systems opened a plant in Linz.")
    names = {n for e in ex.entities.values() for n in e.names()}
    assert "Solid Steps" not in names
    assert "Kestrel Fuel Systems" in names


def test_names_in_other_languages_and_other_shapes(extract):
    ex = extract("News\n\nUniversité Lyon Confluence and Fundación Estepa Austral met Austral Energía in the "
                 "Strait of Magellan. Bluepeak CEO Maria Delgado spoke. Callum Reid, who heads the unit, "
                 "agreed. The Kirkwall-based operator will grow. The Green Hydrogen Action Plan 2023-2030 "
                 "was cited.")
    types = {e.label: e.cls for e in ex.entities.values()}
    assert types["Université Lyon Confluence"] == "ResearchInstitution"
    assert types["Fundación Estepa Austral"] == "Association"
    assert types["Austral Energía"] == "Company"
    assert types["Strait of Magellan"] == "Place"
    assert types["Maria Delgado"] == "Person"
    assert types["Callum Reid"] == "Person"
    assert types["Kirkwall"] == "Place"
    assert types["Green Hydrogen Action Plan 2023-2030"] == "Plan"


def test_short_forms_of_companies_and_places_join_their_entity(extract):
    ex = extract("News\n\nMengyuan Energy signed an agreement with Jinshan Hydrogen Energy. Under the "
                 "agreement, Jinshan will lay a pipeline through Inner Mongolia Autonomous Region. "
                 "Inner Mongolia has wind.")
    jinshan = {e.label: e for e in ex.entities.values()}["Jinshan Hydrogen Energy"]
    assert "Jinshan" in jinshan.aliases
    places = [e for e in ex.entities.values() if e.cls == "Place"]
    assert len(places) == 1 and "Inner Mongolia" in places[0].names()


def test_more_name_shapes(extract):
    ex = extract("News\n\nThe Guangxi Hydrogen Energy Industry Development Action Plan (2025-2030) was issued. "
                 "Limfjord Electrolysis A/S signed with Químicos do Sado, S.A. and the Japanese government. "
                 "Under the 2030 Changwon Hydrogen Mobility Plan, Changwon City Hall will buy buses.")
    types = {e.label: e.cls for e in ex.entities.values()}
    assert types["Guangxi Hydrogen Energy Industry Development Action Plan (2025-2030)"] == "Plan"
    assert types["Limfjord Electrolysis A/S"] == "Company"
    assert types["Químicos do Sado, S.A."] == "Company"
    assert types["Japanese Government"] == "GovernmentBody"
    assert types["2030 Changwon Hydrogen Mobility Plan"] == "Plan"
    assert types["Changwon City Hall"] == "GovernmentBody"


def test_wire_credits_and_metadata_lines_are_boilerplate(extract):
    ex = extract("News\n\n3 July 2025 | Electrolysers | Nordic Hydrogen Briefing\n\nKestrel Fuel Systems "
                 "opened a plant.\n\n(Reporting by Luana Ferreira in Fortaleza; Editing by Mark Potter)\n\n"
                 "More from Industry\n- Xiaogan Transmission Parts wins order")
    names = {n for e in ex.entities.values() for n in e.names()}
    assert names == {"Kestrel Fuel Systems"}
    assert ex.document.date == "2025-07-03"


def test_a_national_plan_named_by_its_span_but_not_any_plan(extract):
    ex = extract("News\n\nWith the national medium- and long-term plan for the hydrogen industry in force, "
                 "regions grew. The long-term plan for the company is good.")
    plans = [e.label for e in ex.entities.values() if e.cls == "Plan"]
    assert plans == ["national medium- and long-term plan for the hydrogen industry"]


def test_split_abbreviations_years_and_bracketed_acronyms(extract):
    ex = extract("News\n\nZinc producer Iglesiente Metalli S.p.A. joined the Centro Ricerche Energia Sulcis (CRES) "
                 "under Oman Vision 2040 and the State-owned Assets Supervision and Administration Commission.")
    labels = {e.label: e for e in ex.entities.values()}
    assert labels["Iglesiente Metalli S.p.A."].cls == "Company"
    assert "CRES" in labels["Centro Ricerche Energia Sulcis"].aliases
    assert labels["Oman Vision 2040"].cls == "Plan"
    assert labels["State-owned Assets Supervision and Administration Commission"].cls == "GovernmentBody"


def test_rules_see_the_same_tokens_through_the_shared_token_cache():
    """The rules read tokens through :class:`kg.extract.tokens.Tokens` (Token objects made
    once); indexing, slicing, iterating and sentences give what the Doc itself gives."""
    from kg import nlp as nlp_
    from kg.extract.tokens import Tokens, cached
    doc = nlp_.load()("Hydrogen Alliance was founded in Foshan.\nIts members met in May.")
    toks = cached(doc)
    assert cached(toks) is toks
    assert [t.text for t in toks] == [t.text for t in doc] and len(toks) == len(doc)
    assert toks[0] is toks[0] and toks[-1].i == doc[-1].i
    part = toks[1:3]
    assert isinstance(part, Tokens) and part.text == doc[1:3].text == "Alliance was"
    assert [t.i for t in part] == [1, 2] and part[0] is toks[1] and part.root.i == doc[1:3].root.i
    assert (part.start, part.end, part.start_char, part.end_char) == (1, 3, doc[1:3].start_char, doc[1:3].end_char)
    assert [t.i for t in toks[-3:]] == [t.i for t in doc[-3:]] and toks[5:2].text == doc[5:2].text == ""
    assert part[1:].text == "was" and part[1:][0] is toks[2]
    assert toks.text == doc.text and [s.text for s in toks.sents] == [s.text for s in doc.sents]
    second = toks.sentence(list(doc.sents)[1])
    assert isinstance(second, Tokens) and [t.i for t in second] == list(range(second.start, second.end))
    assert second[0] is toks[second.start] and second.text == "Its members met in May."


def test_shared_tokens_read_as_spacys_own():
    """Every attribute the rules read from a shared token, and every token it leads to
    (head, children, subtree, neighbours), is what spaCy's Token gives; the shared token
    is equal to, and hashes like, spaCy's Token of the same index."""
    from kg import nlp as nlp_
    from kg.extract.tokens import cached
    doc = nlp_.load()("The Kirkwall-based Orkney Hydrogen Alliance, founded in 2021 by 12 members, "
                      "met “twice” in Aberdeen and Oslo.\n\nIts chair, Dr. Ana Ruiz, spoke at 3pm. LNG is 45% cheaper.")
    toks = cached(doc)
    names = ("text", "lower_", "dep_", "lemma_", "pos_", "tag_", "ent_type_", "whitespace_", "idx",
             "is_sent_start", "like_num", "is_space", "is_punct", "is_alpha", "is_quote", "is_title",
             "is_upper", "text_with_ws", "ent_iob_", "shape_", "is_stop")
    for mine, theirs in zip(toks, doc):
        assert [getattr(mine, n) for n in names] == [getattr(theirs, n) for n in names]
        assert mine.head is toks[theirs.head.i]
        assert [c.i for c in mine.children] == [c.i for c in theirs.children]
        assert all(c is toks[c.i] for c in mine.children)
        assert [c.i for c in mine.lefts] == [c.i for c in theirs.lefts]
        assert [c.i for c in mine.rights] == [c.i for c in theirs.rights]
        assert [t.i for t in mine.subtree] == [t.i for t in theirs.subtree]
        assert [t.i for t in mine.ancestors] == [t.i for t in theirs.ancestors]
        assert [t.i for t in mine.conjuncts] == [t.i for t in theirs.conjuncts]
        assert (mine.left_edge.i, mine.right_edge.i) == (theirs.left_edge.i, theirs.right_edge.i)
        assert mine.left_edge is toks[theirs.left_edge.i] and mine.right_edge is toks[theirs.right_edge.i]
        assert mine == theirs and theirs == mine and hash(mine) == hash(theirs) and len(mine) == len(theirs)
        assert mine.doc is doc and mine.i == theirs.i and mine.sent.start == theirs.sent.start
    assert toks[1] != toks[2] and toks[1] != doc[2] and toks[1].nbor(1) is toks[2] and toks[2].nbor(-1) is toks[1]
    with pytest.raises(IndexError):
        toks[-1].nbor(1)
    assert {toks[3], doc[3]} == {doc[3]}


def test_places_written_without_their_diacritics_are_places(extract):
    ex = extract("Mekong news\n\nThe plant will be built in Tra Vinh, with a depot in Can Tho and a port "
                 "office in Lodz.")
    types = {e.label: e.cls for e in ex.entities.values()}
    assert types.get("Tra Vinh") == "Place" and types.get("Can Tho") == "Place" and types.get("Lodz") == "Place"


def test_descriptor_words_and_hyphen_compounds_stay_inside_a_name(extract):
    ex = extract("Anhui news\n\nThe Tongling-based Qinshui Hydrogen Storage and Transportation Co., Ltd. "
                 "signed a deal with the Anhui Institute of Coal-based Hydrogen Engineering.")
    labels = set(by_label(ex))
    assert "Qinshui Hydrogen Storage and Transportation Co., Ltd." in labels
    assert "Anhui Institute of Coal-based Hydrogen Engineering" in labels
    assert "Tongling" in labels and not any(label.startswith("Tongling-based") for label in labels)
