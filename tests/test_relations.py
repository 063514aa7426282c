"""Relations: one positive sentence and one near miss per rule. Names are invented."""


def triples(ex):
    names = {k: e.label for k, e in ex.entities.items()} | ex.unnamed_plans
    return {(names[r.subj], r.pred, names[r.obj]) for r in ex.relations}


def test_founded_by_passive_with_a_list(extract):
    ex = extract("News\n\nOn May 3, 2024, the Ostrava Hydrogen Alliance was established by 4 companies, "
                 "including Vitkovice Energy, Moravia Gas Group and Beskyd Motors.")
    t = triples(ex)
    for founder in ("Vitkovice Energy", "Moravia Gas Group", "Beskyd Motors"):
        assert ("Ostrava Hydrogen Alliance", "foundedBy", founder) in t
    attrs = {(a.pred, a.value) for a in ex.attributes}
    assert ("foundingDate", "2024-05-03") in attrs
    assert ("memberCount", 4) in attrs


def test_founding_members_include(extract):
    ex = extract("News\n\nThe Liguria Hydrogen Consortium was launched in Genoa, and its founding "
                 "members include Genova Port Authority and Tirreno Energy.")
    assert ("Liguria Hydrogen Consortium", "foundedBy", "Tirreno Energy") in triples(ex)


def test_near_miss_it_is_necessary_to_establish(extract):
    ex = extract("News\n\nThe Danube Fuel Cell Association praised the sector. Against such "
                 "backdrop, it is necessary to establish the Danube Hydrogen Alliance.")
    assert not any(p == "foundedBy" for _, p, _ in triples(ex))


def test_guided_by(extract):
    ex = extract("News\n\nUnder the guidance of the Ministry of Coastal Energy, the Nordhavn Hydrogen "
                 "Alliance was established by Fjord Power Group.")
    assert ("Nordhavn Hydrogen Alliance", "guidedBy", "Ministry of Coastal Energy") in triples(ex)


def test_partners_from_with_phrases(extract):
    ex = extract("News\n\nHalvorsen Motors signed an agreement with Brenner Logistics Group. "
                 "Separately, Kestrel Fuel Systems will partner with Orvika Energy and Tallinn Port "
                 "Group.")
    t = {frozenset((a, b)) for a, p, b in triples(ex) if p == "partnerOf"}
    assert frozenset(("Halvorsen Motors", "Brenner Logistics Group")) in t
    assert frozenset(("Kestrel Fuel Systems", "Orvika Energy")) in t
    assert frozenset(("Kestrel Fuel Systems", "Tallinn Port Group")) in t


def test_near_miss_together_with_generic_companies(extract):
    ex = extract("News\n\nHalvorsen Motors, together with several enterprises, visited Oslo.")
    assert not any(p == "partnerOf" for _, p, _ in triples(ex))


def test_member_of_as_one_of_the_member_units(extract):
    ex = extract("News\n\nThe Silesia Hydrogen Alliance was set up this week. As one of the first 30 "
                 "member units, Katowice Energy Group will supply hydrogen.")
    assert ("Katowice Energy Group", "memberOf", "Silesia Hydrogen Alliance") in triples(ex)


def test_joined(extract):
    ex = extract("News\n\nKestrel Fuel Systems joined the Nordhavn Hydrogen Alliance on Monday.")
    assert ("Kestrel Fuel Systems", "memberOf", "Nordhavn Hydrogen Alliance") in triples(ex)


def test_post_and_works_for_from_apposition(extract):
    ex = extract("News\n\nMaren Solberg, Deputy Director of the Division of Port Energy of the "
                 "Ministry of Coastal Energy, spoke at the event.")
    t = triples(ex)
    assert ("Maren Solberg", "worksFor", "Division of Port Energy") in t
    assert ("Maren Solberg", "worksFor", "Ministry of Coastal Energy") in t
    assert ("Division of Port Energy", "subOrganizationOf", "Ministry of Coastal Energy") in t
    assert [p.role for p in ex.posts] == ["Deputy Director"]


def test_near_miss_a_person_without_a_post(extract):
    ex = extract("News\n\nMaren Solberg, who lives in Bergen, visited Kestrel Fuel Systems.")
    assert not any(p == "worksFor" for _, p, _ in triples(ex))


def test_headquartered_fronted_participle_and_based(extract):
    ex = extract("News\n\nHeadquartered in Tartu, Orvika Energy is a maker of electrolysers. "
                 "Brenner Logistics Group, a Bergen-based operator, runs trucks.")
    t = triples(ex)
    assert ("Orvika Energy", "headquarteredIn", "Tartu") in t
    assert ("Brenner Logistics Group", "headquarteredIn", "Bergen") in t


def test_participated_in_a_ceremony(extract):
    ex = extract("News\n\nThe Silesia Hydrogen Alliance was founded by Katowice Energy Group. "
                 "Representatives from Opole University and Gliwice Bus Company attended the ceremony.")
    t = triples(ex)
    assert ("Opole University", "participatedIn", "Silesia Hydrogen Alliance") in t
    assert ("Gliwice Bus Company", "participatedIn", "Silesia Hydrogen Alliance") in t


def test_plan_issued_by_and_its_targets(extract):
    ex = extract("News\n\nThe Valdoria provincial government released the Valdoria Hydrogen Action "
                 "Plan on Monday. Under the plan, Valdoria will build at least 300 hydrogen "
                 "refuelling stations by 2027.")
    assert ("Valdoria Hydrogen Action Plan", "issuedBy", "Valdoria Provincial Government") in triples(ex)
    assert [(t.value, t.year) for t in ex.targets] == [(300.0, 2027)]


def test_targets_of_an_unnamed_plan(extract):
    ex = extract("News\n\nValdoria expects its annual hydrogen output to exceed 1.5 million tonnes by "
                 "2030, according to a plan released by the Valdoria municipal government.")
    assert [(t.value, t.year, t.unit) for t in ex.targets] == [(1_500_000.0, 2030, "tonnes")]
    plan = ex.targets[0].plan
    assert plan in ex.unnamed_plans
    assert (ex.unnamed_plans[plan], "issuedBy", "Valdoria Municipal Government") in triples(ex)


def test_every_relation_carries_its_sentence(extract):
    text = "News\n\nHalvorsen Motors signed an agreement with Brenner Logistics Group in May."
    ex = extract(text)
    ev = ex.relations[0].evidence
    assert ev.sentence == text[ev.start:ev.end].strip()
    assert ev.rule.startswith("rule:") and 0 < ev.confidence <= 1


def test_posts_in_other_word_orders(extract):
    ex = extract("News\n\nOrvika Energy's Chief Technology Officer, Tiina Kask, said the plant would open. "
                 "Dr. Lena Brandt, Director of Research at Varga Institute of Electrochemistry, agreed. "
                 "Arvo Saar, Vice Chairman of Orvika Energy, was elected as the first chairman of the "
                 "Baltic Hydrogen Alliance.")
    posts = {(ex.entities[p.holder].label, p.role, ex.entities[p.orgs[0]].label) for p in ex.posts}
    assert ("Tiina Kask", "Chief Technology Officer", "Orvika Energy") in posts
    assert ("Lena Brandt", "Director of Research", "Varga Institute of Electrochemistry") in posts
    assert ("Arvo Saar", "chairman", "Baltic Hydrogen Alliance") in posts
    assert ("Arvo Saar", "Vice Chairman", "Orvika Energy") in posts


def test_the_commission_is_the_commission_named_last(extract):
    ex = extract("News\n\nThe Valdoria Energy Commission met the Valdoria Transport Bureau. In March, "
                 "the commission issued the Valdoria Hydrogen Vehicle Plan.")
    assert ("Valdoria Hydrogen Vehicle Plan", "issuedBy", "Valdoria Energy Commission") in triples(ex)


def test_membership_in_other_words(extract):
    ex = extract("News\n\nKestrel Fuel Systems became a member of the Nordhavn Hydrogen Alliance in May. "
                 "Orvika Energy, a member of the Nordhavn Hydrogen Alliance, makes stacks.")
    t = triples(ex)
    assert ("Kestrel Fuel Systems", "memberOf", "Nordhavn Hydrogen Alliance") in t
    assert ("Orvika Energy", "memberOf", "Nordhavn Hydrogen Alliance") in t


def test_a_project_covering_cities(extract):
    ex = extract("News\n\nThe Valdoria Hydrogen Corridor covers Tartu, Bergen and Linz.")
    t = triples(ex)
    for city in ("Tartu", "Bergen", "Linz"):
        assert ("Valdoria Hydrogen Corridor", "locatedIn", city) in t


def test_owned_by_is_a_sub_organisation(extract):
    ex = extract("News\n\nOrvika Stack Systems, which is owned by Orvika Energy Group, builds electrolysers.")
    assert ("Orvika Stack Systems", "subOrganizationOf", "Orvika Energy Group") in triples(ex)


def test_a_city_then_its_country_or_province(extract):
    ex = extract("News\n\nKestrel Fuel Systems opened an office in Stavanger, Norway, and another in "
                 "Ningbo, Zhejiang Province. In the Pearl River Delta, Guangdong will build stations.")
    t = triples(ex)
    assert ("Stavanger", "locatedIn", "Norway") in t
    assert ("Ningbo", "locatedIn", "Zhejiang Province") in t
    assert not any(p == "locatedIn" and o == "Guangdong" for _, p, o in t)


def test_posts_phrased_loosely(extract):
    ex = extract("News\n\nLuo Ming, second-level inspector of the Valdoria Energy Commission, spoke. "
                 "Orvika Energy Group's vice president for hydrogen, Chen Wei, who is also chairman of "
                 "Orvika Stack Systems, signed the deal.")
    posts = {(ex.entities[p.holder].label, p.role, ex.entities[p.orgs[0]].label) for p in ex.posts}
    assert ("Luo Ming", "second-level inspector", "Valdoria Energy Commission") in posts
    assert ("Chen Wei", "vice president for hydrogen", "Orvika Energy Group") in posts
    assert ("Chen Wei", "chairman", "Orvika Stack Systems") in posts


def test_founding_in_a_participle_and_member_count_in_other_words(extract):
    ex = extract("News\n\nOrkney Ferries became a member of the North Sea Hydrogen Alliance, a grouping "
                 "co-founded by Grampian Energy Group and Torvald Energi on 6 March 2023. The "
                 "Kirkwall-based operator brings the alliance to 19 members.")
    t = triples(ex)
    assert ("North Sea Hydrogen Alliance", "foundedBy", "Grampian Energy Group") in t
    assert ("North Sea Hydrogen Alliance", "foundedBy", "Torvald Energi") in t
    attrs = {(a.pred, a.value) for a in ex.attributes}
    assert ("foundingDate", "2023-03-06") in attrs and ("memberCount", 19) in attrs
    assert {e.label: e.cls for e in ex.entities.values()}["Kirkwall"] == "Place"


def test_a_baseline_is_not_a_target(extract):
    ex = extract("News\n\nThe plan calls on producers to cut costs to 25 yuan per kilogram by 2030, down "
                 "from around 35 yuan at present.")
    assert [(t.value, t.year) for t in ex.targets] == [(25.0, 2030)]


def test_the_x_based_company_and_the_companys_post(extract):
    ex = extract("News\n\nTorvald Energi's vice president for hydrogen, Kari Lunde, described how the "
                 "Stavanger-based utility is converting ferries. Marco Bianchi, the company's chief "
                 "technology officer, agreed. Callum Reid, who heads Grampian Energy Group's hydrogen "
                 "unit, presented the hub. Tokyo-based Kuroda Shoji will invest.")
    t = triples(ex)
    assert ("Torvald Energi", "headquarteredIn", "Stavanger") in t
    assert ("Kari Lunde", "worksFor", "Torvald Energi") in t
    assert ("Marco Bianchi", "worksFor", "Torvald Energi") in t
    assert ("Callum Reid", "worksFor", "Grampian Energy Group") in t
    assert ("Kuroda Shoji", "headquarteredIn", "Tokyo") in t


def test_terms_are_not_companies(extract):
    ex = extract("News\n\nGreen Hydrogen is the future, said Orvika Energy.")
    assert "Green Hydrogen" not in {e.label for e in ex.entities.values()}


def test_the_noun_a_company_was_introduced_with(extract):
    ex = extract("News\n\nJapanese trading house Kuroda Shoji will invest in the Gopalpur Ammonia Project, "
                 "which is developed by Kalinga Green Fuels. To move the cargo, the trading house inked a "
                 "deal with Haedong Shipping.")
    t = {frozenset((a, b)) for a, p, b in triples(ex) if p == "partnerOf"}
    assert frozenset(("Kuroda Shoji", "Haedong Shipping")) in t
    assert frozenset(("Kalinga Green Fuels", "Haedong Shipping")) not in t


def test_a_company_building_somewhere_is_not_located_there(extract):
    ex = extract("News\n\nTaihua Chemical Group will build a hydrogen plant in Zibo.")
    assert not any(p == "locatedIn" for _, p, _ in triples(ex))


def test_organisations_working_on_a_project_take_part_in_it(extract):
    ex = extract("News\n\nBluepeak Energy will build five stations for the Valdoria Hydrogen Corridor. "
                 "The Tartu Hydrogen Hub, led by Orvika Energy, opens in May.")
    t = triples(ex)
    assert ("Bluepeak Energy", "participatedIn", "Valdoria Hydrogen Corridor") in t
    assert ("Orvika Energy", "participatedIn", "Tartu Hydrogen Hub") in t


def test_near_miss_a_company_near_a_project_does_nothing_for_it(extract):
    ex = extract("News\n\nBluepeak Energy said the Valdoria Hydrogen Corridor was a good idea.")
    assert not any(p == "participatedIn" for _, p, _ in triples(ex))


def test_founding_told_as_an_event(extract):
    ex = extract("News\n\nOn October 18, 2024, the founding conference of the Sava Hydrogen Alliance was "
                 "held in Zagreb. The four founding members signed the charter.")
    attrs = {(a.pred, a.value) for a in ex.attributes}
    assert ("foundingDate", "2024-10-18") in attrs and ("memberCount", 4) in attrs


def test_member_count_when_the_parse_loses_the_verb(extract):
    ex = extract("News\n\nKestrel Fuel Systems became a member of the Odra Hydrogen Alliance. The alliance, "
                 "initiated by Opole Energy in 2023, now has 42 member companies and coordinates shared water.")
    assert ("memberCount", 42) in {(a.pred, a.value) for a in ex.attributes}


def test_posts_at_governments_and_acronyms(extract):
    ex = extract("News\n\nThe Changwon Institute of Science and Technology (CIST) signed with Changwon City "
                 "Hall. Changwon Mayor Seo Jae-hyun spoke. CIST President Oh Min-seok agreed. Paulo Menezes, "
                 "state secretary for economic development at the Ceará State Government, said so.")
    posts = {(ex.entities[p.holder].label, p.role, ex.entities[p.orgs[0]].label) for p in ex.posts}
    assert ("Seo Jae-hyun", "Mayor", "Changwon City Hall") in posts
    assert ("Oh Min-seok", "President", "Changwon Institute of Science and Technology") in posts
    assert ("Paulo Menezes", "state secretary for economic development", "Ceará State Government") in posts


def test_founding_agreement_signed_by_and_more_posts(extract):
    ex = extract("News\n\nSINES, Portugal, 4 February 2025 - Three partners today announced the creation of the "
                 "Sines Hydrogen Valley Consortium. The consortium's founding agreement was signed on 31 January "
                 "2025 by Lusovento Energias S.A., Químicos do Sado, S.A. and the University of Évora. Rui Tavares, "
                 "chairman of the board of directors of Lusovento Energias S.A., spoke. The University of Évora, "
                 "whose director is Dr. Sofia Brandão, agreed.")
    t = triples(ex)
    assert ("Sines Hydrogen Valley Consortium", "foundedBy", "University of Évora") in t
    attrs = {(a.pred, a.value) for a in ex.attributes}
    assert ("foundingDate", "2025-01-31") in attrs and ("memberCount", 3) in attrs
    posts = {(ex.entities[p.holder].label, ex.entities[p.orgs[0]].label) for p in ex.posts}
    assert ("Rui Tavares", "Lusovento Energias S.A.") in posts
    assert ("Sofia Brandão", "University of Évora") in posts


def test_more_ways_to_be_a_member(extract):
    ex = extract("News\n\nHalvorsen Motors, Fjord Power Group and Bergen Port Authority jointly initiated the Vestland "
                 "Hydrogen Council on March 14, 2024. Orvika Energy joined the council last year. Kestrel Fuel Systems "
                 "is one of the members of the Vestland Hydrogen Council. Besides the three initiators, the first "
                 "batch includes Brenner Logistics Group and Tartu Bus Company.")
    t = triples(ex)
    assert {e.label: e.cls for e in ex.entities.values()}["Vestland Hydrogen Council"] == "Alliance"
    for m in ("Orvika Energy", "Kestrel Fuel Systems", "Brenner Logistics Group", "Tartu Bus Company"):
        assert (m, "memberOf", "Vestland Hydrogen Council") in t


def test_places_of_a_region(extract):
    ex = extract("News\n\nThe port cities of Qinzhou, Beihai and Fangchenggang on the Beibu Gulf will host projects.")
    t = triples(ex)
    for city in ("Qinzhou", "Beihai", "Fangchenggang"):
        assert (city, "locatedIn", "Beibu Gulf") in t


def test_a_signing_ceremony_is_not_the_alliance(extract):
    ex = extract("News\n\nThe Jilin Hydrogen Alliance was founded by Boreal Energy Group. Representatives from "
                 "Baicheng Port Group attended the signing ceremony.")
    assert not any(p == "participatedIn" for _, p, _ in triples(ex))


def test_the_x_based_company_in_the_same_sentence_is_its_subject(extract):
    ex = extract("News\n\nLimfjord Electrolysis A/S has signed an agreement with Hokuyo Electric Power Co. for "
                 "100 megawatts of electrolysers, the Aalborg-based company said on Thursday.")
    t = triples(ex)
    assert ("Limfjord Electrolysis A/S", "headquarteredIn", "Aalborg") in t
    assert not any(s.startswith("Hokuyo") and p == "headquarteredIn" for s, p, _ in t)


def test_more_post_and_place_phrasings(extract):
    ex = extract("News\n\nThe Kanto Fuel Cell Consortium was launched by Kyushu University and Hoshino Motors. "
                 "The fifth founding member, Luheng Commercial Vehicle, signed the charter. Haruto Ishii, who leads "
                 "the catalyst group at Kyushu University, spoke. Lee Sun-young, Director-General of the Hydrogen "
                 "Economy Policy Bureau at the Ministry of Trade, spoke too. The Valdoria Energy Agency announced "
                 "the grant at its headquarters in Sacramento. Construction started on the Ordos Hydrogen Base, "
                 "a project located in Ordos.")
    t = triples(ex)
    assert ("Kanto Fuel Cell Consortium", "foundedBy", "Luheng Commercial Vehicle") in t
    assert ("Haruto Ishii", "worksFor", "Kyushu University") in t
    assert ("Lee Sun-young", "worksFor", "Ministry of Trade") in t
    assert ("Hydrogen Economy Policy Bureau", "subOrganizationOf", "Ministry of Trade") in t
    assert ("Valdoria Energy Agency", "headquarteredIn", "Sacramento") in t
    assert ("Ordos Hydrogen Base", "locatedIn", "Ordos") in t


def test_founding_and_counts_in_relative_clauses_and_appositions(extract):
    ex = extract("News\n\nResearch support comes from the Central China Hydrogen Institute, which was jointly "
                 "founded on April 12, 2022 by Wuhan University of Technology and Jiangcheng Energy Group. "
                 "Orvika Energy is a member of the Middle Yangtze Hydrogen Alliance, which groups 64 companies "
                 "and universities. Jangada is one of the members of the Ceará Hydrogen Alliance, a group of 31 "
                 "companies and agencies.")
    t = triples(ex)
    assert ("Central China Hydrogen Institute", "foundedBy", "Wuhan University of Technology") in t
    attrs = {(ex.entities[a.subj].label, a.pred, a.value) for a in ex.attributes}
    assert ("Central China Hydrogen Institute", "foundingDate", "2022-04-12") in attrs
    assert ("Middle Yangtze Hydrogen Alliance", "memberCount", 64) in attrs
    assert ("Ceará Hydrogen Alliance", "memberCount", 31) in attrs


def test_working_together_and_fronted_founders(extract):
    ex = extract("News\n\nInitiated jointly by Qinling Hydrogen Technology Co., Ltd. and Weihe Automobile Group, and "
                 "operating under the guidance of the Shaanxi Energy Department, the Guanzhong Hydrogen Alliance "
                 "gathered 42 enterprises. Member units named at the meeting include Baoji Titanium Group. "
                 "Bohai Gateway Terminal Co. is running the Dongjiang Hydrogen Logistics Project together with "
                 "Haihe Heavy Truck Co., Ltd. and Nangang Hydrogen Supply Co., Ltd. Jinhai Power Systems, a "
                 "Haihe subsidiary, makes stacks.")
    t = triples(ex)
    assert ("Guanzhong Hydrogen Alliance", "foundedBy", "Weihe Automobile Group") in t
    assert ("Baoji Titanium Group", "memberOf", "Guanzhong Hydrogen Alliance") in t
    pairs = {frozenset((a, b)) for a, p, b in t if p == "partnerOf"}
    assert frozenset(("Bohai Gateway Terminal Co.", "Haihe Heavy Truck Co., Ltd.")) in pairs
    assert ("Nangang Hydrogen Supply Co., Ltd.", "participatedIn", "Dongjiang Hydrogen Logistics Project") in t
    assert ("Jinhai Power Systems", "subOrganizationOf", "Haihe Heavy Truck Co., Ltd.") in t


def test_posts_in_yet_more_word_orders(extract):
    ex = extract("News\n\nSardegna Idrogeno S.r.l. is a Cagliari-based developer whose managing director, Efisio "
                 "Cabras, also chairs the Sulcis Hydrogen Consortium. Huang Chien-ming, a professor of mechanical "
                 "engineering at Tainan University, spoke. Matteo Loi, the research centre's director, agreed; the "
                 "Sulcis Energy Research Centre hosts the tests.")
    posts = {(ex.entities[p.holder].label, p.role, ex.entities[p.orgs[0]].label.rstrip(".")) for p in ex.posts}
    assert ("Efisio Cabras", "managing director", "Sardegna Idrogeno S.r.l") in posts
    assert ("Huang Chien-ming", "professor of mechanical engineering", "Tainan University") in posts


def test_stakes_and_head_offices(extract):
    ex = extract("News\n\nThe Ras Madrakah Hydrogen Consortium won the block. Majan Clean Energy holds 45 per cent of "
                 "the consortium. The rest belongs to Tauern Elektrolyse GmbH, whose head office is in Linz.")
    t = triples(ex)
    assert ("Majan Clean Energy", "memberOf", "Ras Madrakah Hydrogen Consortium") in t
    assert ("Tauern Elektrolyse GmbH", "headquarteredIn", "Linz") in t


def test_where_a_company_is_introduced_from(extract):
    ex = extract("News\n\nGalway bus operator Corrib Connect Ltd has ordered buses. The stacks come from Fraser "
                 "Cell Power Inc., of Vancouver, Canada.")
    t = triples(ex)
    assert ("Corrib Connect Ltd", "headquarteredIn", "Galway") in t
    assert ("Fraser Cell Power Inc.", "headquarteredIn", "Vancouver") in t


def test_signed_up_and_joined_without_an_object(extract):
    ex = extract("News\n\nThe Baltic Hydrogen Alliance was founded in Gdansk by Pomorze Energy Group. "
                 "Wisla Fuel Cells Co., Ltd. has also signed up, as has the Sopot Hydrogen Testing Center. "
                 "Kaszuby Logistics Group, a trucking operator, joined last autumn. "
                 "Hel Port Services and Oliwa Steel have since signed up to the alliance.")
    t = triples(ex)
    for member in ("Wisla Fuel Cells Co., Ltd.", "Sopot Hydrogen Testing Center", "Kaszuby Logistics Group",
                   "Hel Port Services", "Oliwa Steel"):
        assert (member, "memberOf", "Baltic Hydrogen Alliance") in t


def test_near_miss_signed_up_customers_and_joined_as_an_officer(extract):
    ex = extract("News\n\nThe Baltic Hydrogen Alliance was founded in Gdansk by Pomorze Energy Group. "
                 "Wisla Fuel Cells has signed up 40 new customers. Oliwa Steel joined in the talks. "
                 "Anna Nowak joined as chief executive.")
    members = {s for s, p, _ in triples(ex) if p == "memberOf"}
    assert not members & {"Wisla Fuel Cells", "Oliwa Steel", "Anna Nowak"}


def test_made_up_of_and_counts_among_its_members(extract):
    ex = extract("News\n\nThe Mekong Green Hydrogen Consortium (MGHC) - made up of Delta Wind JSC, "
                 "Saigon Port Logistics and Haenam Fuel Systems Co. - proposes to build a plant. "
                 "Output will go to the Cuu Long Hydrogen Alliance, which counts Tra Vinh Power Co., Ltd., "
                 "the Can Tho-based Mekong Bus Manufacturing Co., Ltd. and the Delta Institute of Clean "
                 "Energy among its 40 members.")
    t = triples(ex)
    for member in ("Delta Wind JSC", "Saigon Port Logistics", "Haenam Fuel Systems Co."):
        assert (member, "memberOf", "Mekong Green Hydrogen Consortium") in t
    for member in ("Tra Vinh Power Co., Ltd.", "Mekong Bus Manufacturing Co., Ltd.", "Delta Institute of Clean Energy"):
        assert (member, "memberOf", "Cuu Long Hydrogen Alliance") in t


def test_near_miss_made_up_of_places(extract):
    ex = extract("News\n\nThe Mekong Green Hydrogen Consortium was founded by Delta Wind JSC. The western "
                 "wing, made up of Saigon Port Logistics and Haenam Fuel Systems, will make hydrogen.")
    members = {s for s, p, _ in triples(ex) if p == "memberOf"}
    assert "Saigon Port Logistics" not in members and "Haenam Fuel Systems" not in members


def test_founders_told_by_founder_nouns(extract):
    ex = extract("News\n\nThe Ruhr Hydrogen Alliance was launched on Monday. Emscher Power took part "
                 "in the founding as one of the alliance's five initiating units. The remaining two "
                 "initiators are Lippe Gas Group and Bochum Fuel Cell Institute. Dortmund Steel was a "
                 "founding partner of the Westfalen Hydrogen Coalition, formed in 2022 together with "
                 "Hamm Port Authority. Essen Logistics is a member of the Ruhr Hydrogen Alliance.")
    t = triples(ex)
    for founder in ("Emscher Power", "Lippe Gas Group", "Bochum Fuel Cell Institute"):
        assert ("Ruhr Hydrogen Alliance", "foundedBy", founder) in t
    assert ("Westfalen Hydrogen Coalition", "foundedBy", "Dortmund Steel") in t
    assert ("Westfalen Hydrogen Coalition", "foundedBy", "Hamm Port Authority") in t
    assert ("Ruhr Hydrogen Alliance", "foundedBy", "Essen Logistics") not in t     # a member, not a founder


def test_four_organisations_initiated_the_alliance_then_listed(extract):
    ex = extract("News\n\nThe Taihe Hydrogen Alliance was set up in Anqing. Four organisations jointly "
                 "initiated the alliance: Wanjiang Hydrogen Technology Co., Ltd., Tongling Coking Group "
                 "Co., Ltd., Chizhou Heavy Vehicle Co., Ltd. and the Anhui Institute of Coal-based "
                 "Hydrogen Engineering. The other 30 member units signed the charter. Among them are "
                 "Anqing Public Transport Group and Huangshan Finance Leasing Co., Ltd.")
    t = triples(ex)
    for founder in ("Wanjiang Hydrogen Technology Co., Ltd.", "Tongling Coking Group Co., Ltd.",
                    "Chizhou Heavy Vehicle Co., Ltd.", "Anhui Institute of Coal-based Hydrogen Engineering"):
        assert ("Taihe Hydrogen Alliance", "foundedBy", founder) in t
    for member in ("Anqing Public Transport Group", "Huangshan Finance Leasing Co., Ltd."):
        assert (member, "memberOf", "Taihe Hydrogen Alliance") in t


def test_near_miss_among_them_after_a_sentence_without_members(extract):
    ex = extract("News\n\nThe Taihe Hydrogen Alliance was set up in Anqing by Wanjiang Hydrogen. "
                 "Several projects will start this year. Among them is the Anqing Hydrogen Bus Project, to "
                 "be built by Huangshan Bus Co., Ltd.")
    assert not any(p == "memberOf" for _, p, _ in triples(ex))


def test_supervising_unit_and_an_alliance_called_a_consortium(extract):
    ex = extract("News\n\nSet up under the guidance of the Anhui Provincial Energy Administration, and with "
                 "the Anqing Municipal Bureau of Industry and Information Technology acting as its "
                 "supervising unit, the Taihe Hydrogen Alliance brings together 36 enterprises. "
                 "Buyers sit inside the Upper Oder Hydrogen Valley (UOHV), the regional consortium of which "
                 "Opole Hydrogen was a founding partner.")
    t = triples(ex)
    assert ("Taihe Hydrogen Alliance", "guidedBy", "Anqing Municipal Bureau of Industry and Information Technology") in t
    assert ("Upper Oder Hydrogen Valley", "foundedBy", "Opole Hydrogen") in t
    assert ex.entities[next(k for k, e in ex.entities.items() if e.label == "Upper Oder Hydrogen Valley")].cls == "Alliance"


def test_chaired_by_and_who_also_chairs(extract):
    ex = extract("News\n\nThe Caspian Green Hydrogen Consortium was set up by Aktau Energy Holding. The "
                 "consortium is chaired by Saule Abenova, director of the Aktau Institute of Hydrogen "
                 "Technologies. Karijini Managing Director Fiona Tregenza, who also chairs the Pilbara "
                 "Hydrogen Hub Alliance, said the deal was signed.")
    t = triples(ex)
    assert ("Saule Abenova", "worksFor", "Caspian Green Hydrogen Consortium") in t
    assert ("Fiona Tregenza", "worksFor", "Pilbara Hydrogen Hub Alliance") in t
    roles = {(ex.entities[p.holder].label, p.role) for p in ex.posts}
    assert ("Saule Abenova", "chair") in roles and ("Fiona Tregenza", "chair") in roles


def test_near_miss_who_leads_a_group_at_a_university(extract):
    ex = extract("News\n\nThe catalyst was developed by Hoshino Fuel Cell Technologies. Haruto Ishii, who "
                 "leads the catalyst group at Kyushu University, said tests went well. The station is "
                 "run by Nagoya Gas.")
    t = triples(ex)
    assert ("Haruto Ishii", "worksFor", "Hoshino Fuel Cell Technologies") not in t


def test_partners_by_the_deal_they_strike(extract):
    ex = extract("News\n\nIn a separate agreement, Anqing Public Transport Group and Wanjiang Hydrogen agreed "
                 "to replace 100 diesel buses. Hanseong Steel Co. has agreed to acquire a 30% interest in "
                 "Spinifex Hydrogen Pty Ltd for A$210 million. The Oued Draa Green Ammonia Company has awarded the "
                 "engineering contract to Ebro Ingenieria S.A., a Zaragoza-based contractor.")
    pairs = {frozenset((a, b)) for a, p, b in triples(ex) if p == "partnerOf"}
    assert frozenset(("Anqing Public Transport Group", "Wanjiang Hydrogen")) in pairs
    assert frozenset(("Hanseong Steel Co.", "Spinifex Hydrogen Pty Ltd")) in pairs
    assert frozenset(("Oued Draa Green Ammonia Company", "Ebro Ingenieria S.A.")) in pairs


def test_near_miss_agreeing_alone_and_signing_a_cheque(extract):
    ex = extract("News\n\nAnqing Public Transport Group and Wanjiang Hydrogen disagree. Hanseong Steel Co. "
                 "agreed that prices were high, and Oued Draa Green Ammonia Company and Ebro Ingenieria "
                 "S.A. signed the visitors' book.")
    assert not any(p == "partnerOf" for _, p, _ in triples(ex))


def test_council_posts_told_without_the_alliance_name(extract):
    ex = extract("News\n\nThe Taihe Hydrogen Alliance was founded in Anqing on Monday. The first council of "
                 "the alliance was elected at the meeting. Wang Lei, general manager of Tongling Coking Group, "
                 "became executive vice-chairman, and the post of secretary-general went to Zhao Min, director "
                 "of the Anhui Institute of Hydrogen. Chen Bo was elected chairman of the alliance, while "
                 "Wanjiang Hydrogen's deputy general manager, Ayxem Tursun, was appointed its deputy "
                 "secretary-general.")
    posts = {(ex.entities[p.holder].label, p.role, ex.entities[p.orgs[0]].label) for p in ex.posts}
    assert ("Wang Lei", "executive vice-chairman", "Taihe Hydrogen Alliance") in posts
    assert ("Zhao Min", "secretary-general", "Taihe Hydrogen Alliance") in posts
    assert ("Ayxem Tursun", "deputy secretary-general", "Taihe Hydrogen Alliance") in posts


def test_near_miss_became_a_post_with_no_council_in_sight(extract):
    ex = extract("News\n\nThe Taihe Hydrogen Alliance was founded in Anqing on Monday. Separately, Wang Lei "
                 "became chief executive in 2019 after a long career in steel.")
    assert ("Wang Lei", "worksFor", "Taihe Hydrogen Alliance") not in triples(ex)


def test_ministers_mayors_and_korean_names(extract):
    ex = extract("News\n\nThe Ministry of Energy of the Republic of Kazakhstan and the Changzhi Municipal "
                 "People's Government backed the plan, drafted with the Changzhi Municipal Bureau of Commerce. "
                 "Askar Nurlanuly, vice minister of energy, spoke first. The meeting was presided over by Xue "
                 "Hongbin, vice mayor of Changzhi. \"We are ready,\" said Park Ji-hoon, executive vice "
                 "president of Hanseong Steel.")
    t = triples(ex)
    assert ("Askar Nurlanuly", "worksFor", "Ministry of Energy of the Republic of Kazakhstan") in t
    assert ("Xue Hongbin", "worksFor", "Changzhi Municipal Peoples Government") in t
    assert ("Park Ji-hoon", "worksFor", "Hanseong Steel") in t


def test_members_who_came_aboard_and_how_many_there_are_now(extract):
    ex = extract("News\n\nThe Tasman Hydrogen Alliance was founded by Kauri Energy and Rimu Motors in May. "
                 "Eight organisations have come aboard since, among them the Napier insurer Kowhai Mutual "
                 "and Totara Cold Chain Logistics, bringing the total to twelve. A bus operator, Matai Transit Ltd., "
                 "has since come on board too.")
    t = triples(ex)
    for member in ("Kowhai Mutual", "Totara Cold Chain Logistics", "Matai Transit Ltd."):
        assert (member, "memberOf", "Tasman Hydrogen Alliance") in t
    assert ("memberCount", 12) in {(a.pred, a.value) for a in ex.attributes}


def test_member_counts_told_of_the_alliance_without_its_name(extract):
    for sentence, n in (("The 11-member alliance now brings together ports and utilities.", 11),
                        ("Two firms joined on Monday, and the group now counts nine members.", 9),
                        ("Three firms signed up on the same day, bringing membership to seven.", 7)):
        ex = extract("News\n\nThe Tasman Hydrogen Alliance was founded by Kauri Energy and Rimu Motors. " + sentence)
        assert ("memberCount", n) in {(a.pred, a.value) for a in ex.attributes}, sentence


def test_near_miss_a_total_that_is_not_of_members(extract):
    ex = extract("News\n\nThe Tasman Hydrogen Alliance was founded by Kauri Energy and Rimu Motors. The "
                 "city opened two more stations, bringing the total to twelve. Kauri Energy came aboard as "
                 "a supplier of the port project.")
    assert not any(a.pred == "memberCount" and a.value == 12 for a in ex.attributes)
    assert ("Kauri Energy", "memberOf", "Tasman Hydrogen Alliance") not in triples(ex)


def test_guidance_of_the_alliance_told_by_its_work(extract):
    ex = extract("News\n\nThe Tasman Hydrogen Alliance was founded by Kauri Energy and Rimu Motors. The "
                 "consortium's work programme is overseen by the Ministry of Coastal Energy.")
    assert ("Tasman Hydrogen Alliance", "guidedBy", "Ministry of Coastal Energy") in triples(ex)


def test_posts_in_relative_clauses_and_told_with_is(extract):
    ex = extract("News\n\nThe Tasman Hydrogen Alliance was founded by Kauri Energy and Rimu Motors. "
                 "Mere Tane, chief executive of Kauri Energy, who was elected president of the alliance, "
                 "spoke first. Aroha Ngata, chief regional officer of the Hawke's Bay Regional Council, who "
                 "chairs the alliance's board, welcomed it. The alliance's secretary-general is Hemi Walker, "
                 "research director of Rimu Motors. Rawiri Paki, undersecretary of energy at the Ministry of "
                 "Coastal Energy, said it would help.")
    posts = {(ex.entities[p.holder].label, p.role, ex.entities[p.orgs[0]].label) for p in ex.posts}
    assert ("Mere Tane", "chief executive", "Kauri Energy") in posts
    assert ("Mere Tane", "president", "Tasman Hydrogen Alliance") in posts
    assert ("Hemi Walker", "secretary-general", "Tasman Hydrogen Alliance") in posts
    assert ("Rawiri Paki", "undersecretary of energy", "Ministry of Coastal Energy") in posts


def test_near_miss_a_relative_clause_about_someone_else(extract):
    ex = extract("News\n\nThe Tasman Hydrogen Alliance was founded by Kauri Energy and Rimu Motors. "
                 "Mere Tane thanked Hemi Walker, who was elected president of the alliance. The group's "
                 "chairman is unknown.")
    holders = {ex.entities[p.holder].label for p in ex.posts if ex.entities[p.orgs[0]].label == "Tasman Hydrogen Alliance"}
    assert "Mere Tane" not in holders


def test_members_told_as_membership_newcomers_and_member_units(extract):
    ex = extract("News\n\nThe Tasman Hydrogen Alliance was founded by Kauri Energy and Rimu Motors. Its membership "
                 "has since grown to include Kowhai Port Services Ltd and the Municipality of Napier. The "
                 "newcomers are the Gisborne shipyard Matai Marine Ltd. and Pohutukawa Electrolysis S.p.A., an "
                 "electrolyser maker from Trieste, Italy. Alliance member units, including Totara Transport Co., "
                 "Ltd., shall take the lead.")
    t = triples(ex)
    for member in ("Kowhai Port Services Ltd", "Municipality of Napier", "Matai Marine Ltd.",
                   "Pohutukawa Electrolysis S.p.A.", "Totara Transport Co., Ltd."):
        assert (member, "memberOf", "Tasman Hydrogen Alliance") in t


def test_near_miss_other_lists_that_include_companies(extract):
    ex = extract("News\n\nThe Tasman Hydrogen Alliance was founded by Kauri Energy and Rimu Motors. The port's "
                 "tenants include Kowhai Port Services Ltd. Companies, including Matai Marine Ltd., shall cut "
                 "emissions. The visitors are Totara Transport Co., Ltd. staff.")
    members = {a for a, p, b in triples(ex) if p == "memberOf"}
    assert not members & {"Kowhai Port Services Ltd", "Matai Marine Ltd.", "Totara Transport Co., Ltd."}


def test_a_memorandum_of_understanding_with_and_dotted_legal_forms(extract):
    ex = extract("News\n\nAdriatica Elettrolisi S.p.A. signed a memorandum of understanding with Portul Verde "
                 "Terminals S.A. last week. Halvorsen Motors signed a letter of thanks with Brenner Logistics Group.")
    pairs = {frozenset((a, b)) for a, p, b in triples(ex) if p == "partnerOf"}
    assert frozenset(("Adriatica Elettrolisi S.p.A.", "Portul Verde Terminals S.A.")) in pairs
    assert frozenset(("Halvorsen Motors", "Brenner Logistics Group")) not in pairs


def test_headquarters_told_in_relative_clauses(extract):
    ex = extract("News\n\nAl-Sawari Passenger Transport Company, an intercity coach operator whose headquarters are "
                 "in Jeddah, said so. The supplier Setouchi Fuel Cell Co., Ltd., whose home base is Kurashiki, "
                 "signed it. The partnership works under the supervision of the South-East Regional Development "
                 "Agency (ADR Sud-Est), which is based in Braila.")
    t = triples(ex)
    assert ("Al-Sawari Passenger Transport Company", "headquarteredIn", "Jeddah") in t
    assert ("Setouchi Fuel Cell Co., Ltd.", "headquarteredIn", "Kurashiki") in t
    assert ("South-East Regional Development Agency", "headquarteredIn", "Braila") in t


def test_near_miss_a_base_that_is_not_home(extract):
    ex = extract("News\n\nSetouchi Fuel Cell Co., Ltd., whose customer base is Kurashiki, signed it. Kestrel Fuel "
                 "Systems praised Oslo, which is based in Norway.")
    assert not any(p == "headquarteredIn" for _, p, _ in triples(ex))


def test_a_general_office_is_one_name_and_belongs_to_its_government(extract):
    ex = extract("News\n\nThe Tongren Municipal People's Government approved the plan, which was issued by the "
                 "General Office of the Tongren Municipal People's Government. Liu Wen, Director of the Hydrogen "
                 "Energy Division of the Tongren Energy Commission, spoke.")
    labels = {e.label for e in ex.entities.values()}
    assert "General Office of the Tongren Municipal Peoples Government" in labels
    assert "General Office" not in labels
    t = triples(ex)
    assert ("General Office of the Tongren Municipal Peoples Government", "subOrganizationOf",
            "Tongren Municipal Peoples Government") in t
    assert ("Hydrogen Energy Division", "subOrganizationOf", "Tongren Energy Commission") in t


def test_the_government_of_a_state_is_one_name(extract):
    ex = extract("News\n\nThe Sonora Hydrogen Roadmap 2030, which the Government of the State of Sonora published "
                 "in March, sets targets.")
    assert ("Sonora Hydrogen Roadmap 2030", "issuedBy", "Government of the State of Sonora") in triples(ex)


def test_partners_who_jointly_do_something_but_not_jointly_issue_or_found(extract):
    ex = extract("News\n\nKestrel Fuel Systems and Orvika Energy will jointly develop a refuelling station. The "
                 "Ministry of Energy and the Ministry of Transport jointly issued the plan.")
    pairs = {frozenset((a, b)) for a, p, b in triples(ex) if p == "partnerOf"}
    assert pairs == {frozenset(("Kestrel Fuel Systems", "Orvika Energy"))}
