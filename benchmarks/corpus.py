"""A seeded generator of realistic hydrogen / NEV industry news, for benchmarks.

    python benchmarks/corpus.py 1000 /tmp/corpus-1k --seed 1

writes ``article-00001.txt`` ... into the folder. Every name is invented, composed from
syllable and word lists: alliances and consortia, companies with legal forms, ministries
and commissions, associations, universities and institutes, people, places, plans and
projects such as "Velmar Hydrogen Valley". Articles follow several templates (alliance
founded, members join, partnership signed, appointment, plan with targets, project
milestone), are padded with industry commentary to 150-900 words, and carry the page
furniture of real news sites: "Related News" lists, share and subscribe prompts, contact
lines, disclaimers.

The same ``N``, ``--seed`` and options give the same bytes (only ``random.Random(seed)``
decides anything; no clock, no hash order). A pool of organisations is shared across the
corpus, so the same company or alliance recurs in many articles, as in a real archive.
"""
from __future__ import annotations

import argparse
import html
import random
import sys
from dataclasses import dataclass
from pathlib import Path

# ---------------------------------------------------------------- word and syllable lists
PINYIN = ("an bai bei bin bo cang chang chen cheng chun da dong feng fu gang guang gui hai han "
          "hang hao he heng hong hua huai hui jia jian jiang jin jing jun kai kang lan lian lin "
          "ling long lu luo ming nan ning pei ping qi qian qiao qin qing rong rui shan shang sheng "
          "shi shu song tai tang tian ting wan wei wen xi xia xiang xin xing xu ya yan yang yao "
          "yi ying yong yu yuan yue zhang zhao zhen zheng zhi zhong zhou zi").split()
WEST = ("al an ar bel bran cal dor el fen gar hal is kel lor mar mer nor ol par quen ral ros "
        "sal tor val ven wil yar zan ber cor dal").split()
WEST_END = ("ach ade and ar ber bourne brook burg dale den don el feld ford gard heim holm "
            "ing ley ly mar mont more ne ria rode sen stad ton vik wick").split()
COINED_END = ("ax ex ion ia ora on ix is yn ar um ent eon ova iq").split()
PLACE_END_CN = ("zhou yang ning shan jiang cheng an hai").split()
COUNTRIES = ("China Germany Japan Korea France Canada Spain Italy Netherlands Norway Australia "
             "Chile Brazil India Denmark Sweden Austria Poland").split()
SURNAMES_CN = ("Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma "
               "Luo Liang Song Zheng Xie Han Tang Feng Yu Dong Xiao Cheng Cao Yuan Deng Fu Shen "
               "Peng Lu Jiang Cai Jia Ding Wei Xue Ye Yan Pan Du Dai Xia Zhong Tian Ren Fan Fang "
               "Shi Yao Tan Liao Zou Xiong Jin Lu Hao Kong Bai Cui Kang Mao Qiu Qin Gu Hou Shao "
               "Meng Long Wan Duan Qian Tang Yin Li Yi Chang Wu Qiao He Lai Gong Wen").split()
GIVEN_WEST = ("Anna Thomas Katharina Florian Marie Lukas Sofia Jonas Elena David Laura Martin "
              "Clara Stefan Julia Pierre Camille Hugo Ines Marco Giulia Pablo Lucia Hiroshi Yuki "
              "Kenji Akiko Min-jun Seo-yeon Olivia James Emily Daniel Sarah Michael Hannah Erik "
              "Ingrid Lars Astrid Piotr Agnieszka Rafael Beatriz Noah Emma Oliver Mia").split()
TITLES = ("Chairman;President;Chief Executive Officer;General Manager;Vice President;"
          "Secretary-General;Executive Vice President;Chief Technology Officer;Director;"
          "Deputy Director;Dean;Professor;Executive Director;Head of Hydrogen Business;"
          "Managing Director;Chief Scientist;Party Secretary;Deputy Secretary-General").split(";")

FIELDS = ("Hydrogen Energy;Fuel Cell;Hydrogen;New Energy Vehicle;Green Hydrogen;Hydrogen Mobility;"
          "Fuel Cell Vehicle;Clean Energy;Intelligent Connected Vehicle;Hydrogen Storage").split(";")
COMPANY_WORDS = ("Hydrogen Technology;Hydrogen Energy;Fuel Cell Systems;New Energy;Power;"
                 "Motors;Electrolyser;Energy Storage;Automotive;Gas;Mobility;Clean Energy;"
                 "Technology;Equipment;Materials;Chemical").split(";")
LEGAL_FORMS = {
    "cn": ("Co., Ltd.", "Group", "Group Co., Ltd.", "Technology Co., Ltd.", "Holdings"),
    "de": ("GmbH", "AG", "SE", "GmbH & Co. KG"),
    "fr": ("SAS", "SA"),
    "en": ("Inc.", "Corporation", "Ltd.", "plc", "LLC", "Holdings"),
    "nl": ("B.V.", "N.V."),
    "jp": ("Corporation", "K.K.", "Co., Ltd."),
}
ALLIANCE_HEADS = ("Industry Technology Innovation Alliance;Innovation Alliance;Industry Alliance;"
                  "Consortium;Industrial Development Alliance;Coalition;Partnership;"
                  "Industry Innovation Consortium;Strategic Alliance").split(";")
GOV_FORMS = (
    "{p} Municipal Commission of Economy and Informatization",
    "{p} Provincial Development and Reform Commission",
    "{p} Municipal People's Government",
    "{p} Provincial Department of Industry and Information Technology",
    "{p} Municipal Bureau of Science and Technology",
    "{p} District Economic Commission",
    "{p} State Ministry for Economic Affairs and Energy",
    "Ministry of Energy of {c}",
    "Ministry of Industry and Trade of {c}",
    "{c} National Energy Administration",
    "{p} Regional Energy Agency",
)
ASSOC_FORMS = (
    "{p} Hydrogen Energy Industry Association",
    "{c} Association of Automobile Manufacturers",
    "{p} Automotive Parts Industry Association",
    "{c} Hydrogen Council",
    "{p} Fuel Cell Society",
    "{c} Federation of New Energy Enterprises",
)
RESEARCH_FORMS = (
    "{p} University of Technology",
    "{p} University",
    "University of {p}",
    "{p} Institute of Clean Energy",
    "{p} Institute for Applied Electrochemistry",
    "{k} Laboratory",
    "{p} Polytechnic University of Energy",
    "{c} Academy of Sciences Institute of Hydrogen Research",
    "{p} Hydrogen Research Institute",
)
PROJECT_FORMS = (
    "{p} Hydrogen Valley",
    "{k} Green Hydrogen Park",
    "{p}-{q} Hydrogen Corridor",
    "{p} Hydrogen Refuelling Network",
    "{k} Fuel Cell Truck Pilot",
    "{p} Hydrogen Industrial Park",
    "{p} Offshore Wind-to-Hydrogen Project",
)
PLAN_FORMS = (
    "{p} Action Plan for Hydrogen Energy Industry Development ({y0}-{y1})",
    "Implementation Plan for Accelerating the Development of the Hydrogen Industry in {p} ({y0}-{y1})",
    "{p} Hydrogen Roadmap {y1}",
    "{p} 14th Five-Year Plan for New Energy Vehicle Industry Development",
    "{p} Hydrogen Strategy",
    "Three-Year Action Plan for Fuel Cell Vehicle Demonstration in {p}",
)
TARGETS = (
    ("build at least {n} hydrogen refuelling stations", "{n} hydrogen refuelling stations", (20, 500)),
    ("put {n} fuel cell vehicles into service", "{n} fuel cell vehicles", (500, 50000)),
    ("reach an industry output value of {n} billion yuan", "{n} billion yuan of output", (10, 300)),
    ("install {n} megawatts of electrolysis capacity", "{n} MW of electrolysers", (50, 5000)),
    ("produce {n} tonnes of green hydrogen a year", "{n} tonnes of green hydrogen", (1000, 200000)),
    ("cultivate {n} leading hydrogen enterprises", "{n} leading enterprises", (5, 100)),
)
MONTHS = ("January February March April May June July August September October November "
          "December").split()

COMMENTARY = (
    "Analysts said the {f} sector has moved from demonstration projects towards early commercial "
    "scale, but the cost of delivered hydrogen remains well above the level needed to compete "
    "with diesel without subsidies.",
    "Industry observers noted that electrolyser prices have fallen by roughly a third over the "
    "past three years, while orders for fuel cell trucks, buses and port equipment continue to "
    "grow in the main demonstration regions.",
    "The region has abundant wind and solar resources in its northern areas and a large base of "
    "heavy industry in the south, giving it both a supply of green hydrogen and a market for it.",
    "Participants at the meeting agreed that shared testing platforms, common standards for "
    "high-pressure storage and a reliable refuelling network are the most urgent tasks for the "
    "industry.",
    "Storage and transport are still the weakest links of the chain: most hydrogen today travels "
    "by tube trailer over short distances, and pipelines are only beginning to be planned.",
    "According to the organisers, more than {n} guests from enterprises, universities and "
    "research institutes attended the event, which was also streamed online.",
    "Fuel cell vehicles in the region have now covered more than {n} million kilometres in daily "
    "operation, most of them in logistics, sanitation and public transport.",
    "Speakers also called for lower electricity prices for electrolysis, faster approval of "
    "refuelling stations and clearer rules for transporting hydrogen by road.",
    "The local government has offered land, subsidies for early vehicles and a fast-track "
    "permitting procedure to companies that set up production in the area.",
    "Several participants pointed out that key components such as membrane electrodes, bipolar "
    "plates, carbon paper and air compressors are still partly imported, and that localisation "
    "would be decisive for cost.",
    "The {f} market is expected to keep growing over the next decade as carbon targets tighten "
    "and heavy-duty transport looks for alternatives to diesel.",
    "Observers cautioned that several announced projects have been delayed by financing "
    "difficulties and by uncertainty about long-term offtake contracts.",
    "Researchers presented results on catalyst durability, low-temperature start-up and the "
    "recycling of platinum group metals, topics that members want to pursue jointly.",
    "The organisers said a second meeting would be held later in the year to review progress "
    "and to admit new members.",
    "{org} said its orders for fuel cell systems rose by {pct} percent in {year}, driven by "
    "demand from logistics fleets in {place}.",
    "Last year {org} delivered {n} fuel cell buses to operators in {place} and {place2}.",
    "{person}, {title} of {org}, told reporters that the company expects to reach break-even on "
    "its hydrogen business by {year2}.",
    "In {place}, {org} and {org2} are testing hydrogen-powered port tractors and refuse trucks "
    "on a {n}-kilometre route.",
    "The {gov} has promised subsidies of up to {n} million yuan for each refuelling station "
    "completed before the end of {year2}.",
    "A pilot pipeline linking {place} with {place2} is under study, and a feasibility report is "
    "expected in {year2}.",
    "{org} opened a stack assembly line in {place} in {year}, with an annual capacity of {n} "
    "units.",
    "Researchers at the {uni} reported a catalyst that cut platinum loading by {pct} percent "
    "without loss of durability.",
    "The {assoc} estimates that more than {n} hydrogen refuelling stations were in operation "
    "nationwide at the end of {year}.",
    "{person} of the {uni} said that talent remains a bottleneck, with too few engineers trained "
    "in hydrogen safety and high-pressure systems.",
    "Prices of grey hydrogen in {place} averaged {n} yuan per kilogram in the first quarter, "
    "according to data compiled by {org}.",
    "{org} has raised {n} million yuan in a new financing round to expand production of "
    "bipolar plates.",
    "Earlier this year, {org2} started deliveries of {n} heavy-duty fuel cell trucks to a "
    "steel group in {place}.",
    "The {gov} said applications for the next round of demonstration funding will open in "
    "{month}.",
)
RELATED_HEADERS = ("Related News", "Related Articles", "You may also like", "More News",
                   "Recommended for you", "Latest News")
TEASER_FORMS = ("{a} Signs Supply Deal with {b}", "{p} Opens First Hydrogen Refuelling Station",
                "{a} Unveils New Fuel Cell Stack", "Hydrogen Prices Fall in {p} as Supply Rises",
                "{a} and {b} to Build Electrolyser Plant", "[Weekly Review] Hydrogen Market Roundup",
                "{p} Announces Subsidies for Fuel Cell Trucks", "{a} Reports Record Orders")


# ---------------------------------------------------------------------------- the names
@dataclass
class Org:
    name: str
    short: str          # the name an article uses after the first mention
    cls: str
    place: str


class Names:
    """Invented names, composed from the lists above by one seeded Random."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def coined(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return (r.choice(PINYIN) + r.choice(PINYIN)).capitalize()
        if r.random() < 0.5:
            return (r.choice(WEST) + r.choice(COINED_END)).capitalize()
        return (r.choice(WEST) + r.choice(WEST) + r.choice(COINED_END)).capitalize()

    def place(self) -> str:
        r = self.rng
        if r.random() < 0.55:
            return (r.choice(PINYIN) + r.choice(PLACE_END_CN)).capitalize()
        return (r.choice(WEST) + r.choice(WEST_END)).capitalize()

    def person(self) -> str:
        r = self.rng
        if r.random() < 0.6:
            given = r.choice(PINYIN) + (r.choice(PINYIN) if r.random() < 0.7 else "")
            return f"{r.choice(SURNAMES_CN)} {given.capitalize()}"
        surname = (r.choice(WEST) + r.choice(WEST_END)).capitalize()
        return f"{r.choice(GIVEN_WEST)} {surname}"


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


class World:
    """A shared pool of places and organisations, so names recur across articles."""

    def __init__(self, rng: random.Random, n_articles: int):
        self.rng = rng
        self.names = Names(rng)
        size = max(40, n_articles // 3)
        self.places = self._unique(self.names.place, max(30, size // 4))
        self.companies = [self._company() for _ in range(size)]
        self.govs = [self._from_forms(GOV_FORMS, "GovernmentBody") for _ in range(max(20, size // 6))]
        self.assocs = [self._from_forms(ASSOC_FORMS, "Association") for _ in range(max(10, size // 12))]
        self.research = [self._from_forms(RESEARCH_FORMS, "ResearchInstitution")
                         for _ in range(max(15, size // 8))]
        self.alliances = [self._alliance() for _ in range(max(15, size // 8))]

    def _unique(self, make, n: int) -> list[str]:
        out: list[str] = []
        seen: set[str] = set()
        while len(out) < n:
            x = make()
            if x not in seen:
                seen.add(x)
                out.append(x)
        return out

    def _company(self) -> Org:
        r = self.rng
        core = self.names.coined()
        style = r.choice(list(LEGAL_FORMS))
        word = r.choice(COMPANY_WORDS)
        place = r.choice(self.places)
        if style == "cn" and r.random() < 0.5:
            name = f"{place} {core} {word} {r.choice(LEGAL_FORMS[style])}"
        else:
            name = f"{core} {word} {r.choice(LEGAL_FORMS[style])}"
        short = f"{core} {word.split()[0]}" if r.random() < 0.5 else core
        return Org(name, short, "Company", place)

    def _from_forms(self, forms, cls: str) -> Org:
        r = self.rng
        p, q = r.sample(self.places, 2)
        name = r.choice(forms).format(p=p, q=q, c=r.choice(COUNTRIES), k=self.names.coined())
        short = _acronym(name) if r.random() < 0.3 and len(_acronym(name)) >= 3 else name
        return Org(name, short, cls, p)

    def _alliance(self) -> Org:
        r = self.rng
        p = r.choice(self.places)
        name = f"{p} {r.choice(FIELDS)} {r.choice(ALLIANCE_HEADS)}"
        head = name.split()[-1]
        return Org(name, f"the {head}", "Alliance", p)

    def project(self) -> str:
        r = self.rng
        p, q = r.sample(self.places, 2)
        return r.choice(PROJECT_FORMS).format(p=p, q=q, k=self.names.coined())

    def plan(self, year: int, place: str) -> str:
        r = self.rng
        return r.choice(PLAN_FORMS).format(p=place, y0=year, y1=year + r.choice((2, 3, 5, 10)))


# ------------------------------------------------------------------------- the articles
class Writer:
    """One article at a time: a template's paragraphs, commentary to length, furniture."""

    def __init__(self, world: World, rng: random.Random):
        self.w = world
        self.r = rng

    # small helpers
    def date(self) -> tuple[int, int, int]:
        return self.r.randint(2019, 2026), self.r.randint(1, 12), self.r.randint(1, 28)

    def day(self, y, m, d, style: int) -> str:
        return (f"{MONTHS[m - 1]} {d}, {y}", f"{d} {MONTHS[m - 1]} {y}",
                f"{MONTHS[m - 1][:3]} {d}, {y}")[style]

    def person_with_title(self, org: Org) -> tuple[str, str]:
        return self.w.names.person(), self.r.choice(TITLES)

    def orgs(self, pool, k: int) -> list[Org]:
        return self.r.sample(pool, k)

    def listing(self, names: list[str]) -> str:
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def commentary(self, template: str, year: int) -> str:
        r, w = self.r, self.w
        org, org2 = self.orgs(w.companies, 2)
        place, place2 = r.sample(w.places, 2)
        return template.format(
            f=r.choice(FIELDS).lower(), n=r.choice((5, 12, 40, 120, 150, 200, 300, 600, 1200)),
            pct=r.randint(8, 65), year=year - r.randint(0, 2), year2=year + r.randint(1, 5),
            org=org.short, org2=org2.name, place=place, place2=place2, person=w.names.person(),
            title=r.choice(TITLES), gov=r.choice(w.govs).name, uni=r.choice(w.research).name,
            assoc=r.choice(w.assocs).name, month=r.choice(MONTHS))

    def padding(self, paras: list[str], target: int, year: int) -> list[str]:
        """Commentary paragraphs between the template's, until the article has ``target`` words."""
        r = self.r
        words = sum(len(p.split()) for p in paras)
        pool = list(COMMENTARY)
        r.shuffle(pool)
        while words < target and pool:
            sentences = []
            for _ in range(r.randint(2, 4)):
                if not pool or words >= target:
                    break
                sentences.append(self.commentary(pool.pop(), year))
                words += len(sentences[-1].split())
            if sentences:
                paras.insert(r.randint(1, len(paras)), " ".join(sentences))
        return paras

    # the templates: each returns (title, paragraphs)
    def founding(self, when: str):
        r, w = self.r, self.w
        a = r.choice(w.alliances)
        founders = self.orgs(w.companies, r.randint(2, 4)) + self.orgs(w.research, r.randint(0, 2))
        gov = r.choice(w.govs)
        n = r.randint(11, 60)
        chair, title = self.person_with_title(founders[0])
        title_line = r.choice((f"{a.name} Officially Established",
                               f"{a.name} Launched in {a.place}, {n} Founding Members Sign Up",
                               f"{founders[0].short} and Partners Found {a.name}"))
        p1 = (f"On {when}, under the guidance of the {gov.name}, the {a.name} (hereinafter the "
              f"\"Alliance\") was officially established in {a.place} by {n} enterprises and "
              f"institutions, including {self.listing([f.name for f in founders])}.")
        p2 = (f"The Alliance was jointly initiated by {founders[0].name} and {founders[1].name}, and "
              f"operates under the guidance of the {gov.name}. Its members cover hydrogen production, "
              f"storage and transport equipment, fuel cell systems and vehicle manufacturing.")
        p3 = (f"At the ceremony, {chair}, {title} of {founders[0].short}, was elected as the first "
              f"chairman of the Alliance. {founders[0].short}, headquartered in {founders[0].place}, "
              f"supplies electrolysers and refuelling equipment to customers across the region.")
        guests = self.orgs(w.govs + w.assocs, 3)
        p4 = (f"Representatives from the {guests[0].name}, the {guests[1].name} and the "
              f"{guests[2].name} witnessed the establishment ceremony.")
        return title_line, [p1, p2, p3, p4]

    def joining(self, when: str):
        r, w = self.r, self.w
        a = r.choice(w.alliances)
        newcomers = self.orgs(w.companies, r.randint(1, 3)) + self.orgs(w.research, r.randint(0, 1))
        boss, title = self.person_with_title(newcomers[0])
        title_line = r.choice((f"{newcomers[0].short} Joins {a.name}",
                               f"{a.name} Admits {len(newcomers)} New Members"))
        p1 = (f"{newcomers[0].name} has joined the {a.name}, the company said on {when}. "
              + (f"{self.listing([n.name for n in newcomers[1:]])} also became members of the "
                 f"Alliance at the same meeting." if len(newcomers) > 1 else ""))
        p2 = (f"\"Joining the Alliance gives us access to shared testing platforms and to partners "
              f"along the whole hydrogen chain,\" said {boss}, {title} of {newcomers[0].short}.")
        p3 = (f"Founded in {r.randint(2016, 2024)}, the {a.name} is based in {a.place} and now has "
              f"more than {r.randint(30, 200)} members.")
        return title_line, [p1, p2, p3]

    def partnership(self, when: str):
        r, w = self.r, self.w
        x, y = self.orgs(w.companies, 2)
        proj = w.project()
        mw = r.choice((20, 40, 60, 100, 150, 300))
        boss, title = self.person_with_title(x)
        title_line = r.choice((f"{x.short} and {y.short} Team Up on {proj}",
                               f"{x.short} Signs Strategic Cooperation Agreement with {y.short}",
                               f"{x.short}, {y.short} Partner on Fuel Cell Trucks"))
        p1 = (f"{x.place.upper()}, {when} -- {x.place}-based {x.name} has signed a strategic "
              f"cooperation agreement with {y.name} for the supply of up to {mw} megawatts of "
              f"electrolysers, the two companies announced.")
        p2 = (f"The equipment is destined for the {proj}, which {x.short} is developing in "
              f"{r.choice(w.places)}. {y.short} will deliver the stacks in three phases and provide "
              f"maintenance for ten years.")
        p3 = (f"\"Working with a partner close to home means shorter supply chains and faster "
              f"service,\" said {boss}, {title} of {x.short}.")
        inst = r.choice(w.research)
        p4 = (f"{y.short} has also collaborated with the {inst.name} to extend the lifetime of its "
              f"membranes. Headquartered in {y.place}, {y.short} employs around "
              f"{r.randint(80, 4000)} people.")
        return title_line, [p1, p2, p3, p4]

    def appointment(self, when: str):
        r, w = self.r, self.w
        org = r.choice(w.companies + w.assocs + w.research)
        person = w.names.person()
        title = r.choice(TITLES)
        prev = r.choice(w.companies)
        title_line = r.choice((f"{org.short} Appoints {person} as {title}",
                               f"{person} Named {title} of {org.short}"))
        p1 = (f"{org.name} announced on {when} that {person} has been appointed {title}, "
              f"effective immediately.")
        p2 = (f"{person} previously served as {r.choice(TITLES)} of {prev.name}, where "
              f"{r.choice(('he', 'she'))} led the development of fuel cell systems for heavy trucks.")
        p3 = (f"\"We are delighted to welcome a leader with deep experience in hydrogen,\" said "
              f"{w.names.person()}, {r.choice(TITLES)} of {org.short}.")
        return title_line, [p1, p2, p3]

    def plan_news(self, when: str, year: int):
        r, w = self.r, self.w
        gov = r.choice(w.govs)
        plan = w.plan(year, gov.place)
        y1 = year + r.choice((2, 3, 5))
        picks = r.sample(TARGETS, r.randint(2, 3))
        goals = []
        heads = []
        for verb, head, (lo, hi) in picks:
            n = r.randint(lo, hi)
            goals.append(verb.format(n=n))
            heads.append(head.format(n=n))
        title_line = f"{gov.place} Targets {heads[0]} by {y1}"
        p1 = (f"The {gov.name} has issued the {plan}, setting out how the region intends to move "
              f"hydrogen from pilot projects to commercial scale.")
        p2 = (f"Under the plan, {gov.place} will {self.listing(goals)} by {y1}.")
        proj = w.project()
        p3 = (f"A central pillar of the plan is the {proj}, led by {r.choice(w.companies).name} "
              f"and located in {r.choice(w.places)}.")
        inst = r.choice(w.research)
        p4 = (f"The plan names the {inst.name} as a provincial platform for catalyst and hydrogen "
              f"storage research, and implementation will be led by the {r.choice(w.govs).name}.")
        return title_line, [p1, p2, p3, p4]

    def project_news(self, when: str):
        r, w = self.r, self.w
        proj = w.project()
        lead, other = self.orgs(w.companies, 2)
        title_line = r.choice((f"First Phase of {proj} Enters Operation",
                               f"{lead.short} Breaks Ground on {proj}"))
        p1 = (f"The first phase of the {proj} entered trial operation on {when}, according to its "
              f"developer {lead.name}.")
        p2 = (f"The project, located in {r.choice(w.places)}, combines {r.randint(50, 800)} "
              f"megawatts of wind and solar power with electrolysers supplied by {other.name}.")
        p3 = (f"{lead.short} is a member of the {r.choice(w.alliances).name} and participated in "
              f"drafting the regional standards for green hydrogen certification.")
        return title_line, [p1, p2, p3]

    # furniture
    def furniture(self) -> list[str]:
        r, w = self.r, self.w
        blocks: list[str] = []
        if r.random() < 0.4:
            blocks.append(r.choice(("Share this article", "Share on WeChat", "Subscribe to our newsletter",
                                    "Register to continue reading")))
        if r.random() < 0.35:
            blocks.append(f"Media Inquiries:\n\n{w.names.person()}\n\nTel.: +86 {r.randint(10, 99)} "
                          f"{r.randint(1000, 9999)} {r.randint(1000, 9999)}\n\n"
                          f"Email: press@{w.names.coined().lower()}.com")
        if r.random() < 0.2:
            blocks.append("Disclaimer: The information in this article is for reference only and "
                          "does not constitute investment advice.")
        if r.random() < 0.55:
            teasers = []
            for form in r.sample(TEASER_FORMS, r.randint(3, 6)):
                a, b = self.orgs(w.companies, 2)
                teasers.append(headline(form.format(a=a.short, b=b.short, p=r.choice(w.places))))
            blocks.append(r.choice(RELATED_HEADERS) + "\n\n" + "\n\n".join(teasers))
        return blocks

    def article(self) -> tuple[str, str]:
        r = self.r
        y, m, d = self.date()
        when = self.day(y, m, d, r.randrange(3))
        kind = r.choices(("founding", "joining", "partnership", "appointment", "plan", "project"),
                         weights=(3, 2, 3, 2, 2, 2))[0]
        if kind == "plan":
            title, paras = self.plan_news(when, y)
        else:
            title, paras = getattr(self, {"founding": "founding", "joining": "joining",
                                          "partnership": "partnership", "appointment": "appointment",
                                          "project": "project_news"}[kind])(when)
        paras = self.padding(paras, int(r.triangular(130, 860, 360)), y)
        head = [headline(title), ""]
        if r.random() < 0.6:
            head += [f"Published: {MONTHS[m - 1][:3]} {d}, {y} {r.randint(7, 22):02d}:{r.choice((0, 10, 20, 30, 45)):02d}", ""]
        body = "\n\n".join(paras)
        furniture = self.furniture()
        text = "\n".join(head) + "\n" + body + ("\n\n\n" + "\n\n".join(furniture) if furniture else "") + "\n"
        return kind, text


SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def headline(text: str) -> str:
    """Headline case: every word capitalised except short function words."""
    words = text.split(" ")
    return " ".join(w if (i and w in SMALL_WORDS) or not w[:1].islower() else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def as_html(text: str) -> str:
    """The article as a small news page (title, paragraphs, a navigation bar and footer)."""
    title, _, rest = text.partition("\n")
    paras = "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in rest.split("\n\n") if p.strip())
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"</head>\n<body><nav><a href=\"/\">Home</a> | <a href=\"/news\">News</a></nav>\n"
            f"<article><h1>{html.escape(title)}</h1>\n{paras}\n</article>\n"
            f"<footer>All rights reserved.</footer></body></html>\n")


def generate(n: int, out_dir: str | Path, seed: int = 1, html_share: float = 0.0) -> list[Path]:
    """Write ``n`` articles into ``out_dir``; returns their paths in order."""
    rng = random.Random(seed)
    world = World(rng, n)
    writer = Writer(world, rng)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(n)))
    paths = []
    for i in range(1, n + 1):
        _, text = writer.article()
        if rng.random() < html_share:
            path = out / f"article-{i:0{width}d}.html"
            data = as_html(text)
        else:
            path = out / f"article-{i:0{width}d}.txt"
            data = text
        path.write_bytes(data.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write N invented hydrogen/NEV news articles into OUTDIR.")
    ap.add_argument("n", type=int, metavar="N")
    ap.add_argument("out", metavar="OUTDIR")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--html", type=float, default=0.0, metavar="SHARE",
                    help="share of articles written as HTML pages (default 0)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    paths = generate(args.n, args.out, seed=args.seed, html_share=args.html)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"wrote {len(paths)} articles ({words} words) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
