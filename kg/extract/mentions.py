"""Find and type the names in a parsed article.

The statistical NER proposes spans; rules over the same tokens repair and type them:

* name runs: maximal stretches of capitalised tokens joined by "of", "for", "and", "-",
  parentheses ("China Western (Chongqing) Hydrogen Valley", "Action Plan for Building
  ... Clusters"), cut after the head word in headlines ("... Alliance Officially
  Established" -> "... Alliance") and split at "of the" where both sides are names;
* typing by head words (:func:`kg.lexicon.head_class`), then by the NER label;
* spans cleaned: no leading "the", no possessive, never across a line break;
* people need a first and last name or a title, else they are checked against context
  ("worked with Bosch and Qingling": a one-word "person" listed among organisations is one);
* lower-case names the model cannot see: "Shanghai municipal government",
  "Chengdu-Chongqing economic circle", '"dual carbon" strategy';
* acronyms defined by a lower-case phrase ("new energy vehicle (NEV)") are common nouns,
  not entities.

The result is a list of :class:`Candidate` token spans, before any alias resolution.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .. import lexicon
from ..records import ORGANISATIONS
from .tokens import cached

NER_CLASS = {"ORG": "Company", "GPE": "Place", "LOC": "Place", "PERSON": "Person",
             "FAC": "Project", "LAW": "Plan"}
CONNECT = {"of", "for", "and", "&", "(", ")", "-", "–", "de", "on", "the", "into", "a", "to", "in"}
# connectors allowed inside any name; the others only inside plan titles
CONNECT_ANY = {"of", "for", "and", "&", "(", ")", "-", "–", "de", "the", "do", "da", "dos", "das", "del",
               "della", "di", "du", "des", "der", "den", "von", "van", "la", "le", "bin", "bint", "ibn"}
TERMINAL_FORMS = {"ltd.", "inc.", "corp.", "llc.", "plc.", "s.a.", "s.p.a.", "s.l.", "s.r.l.", "gmbh", "ag.",
                  "n.v.", "b.v.", "lda.", "pte.", "k.k."}
CALENDAR_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                  "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
                  "saturday", "sunday"}
#: words that with a head word alone name no body of their own: "General Office" of the X
#: Government is that government's office, one name with it
GENERIC_UNIT_WORDS = {"general", "main", "central", "executive", "standing", "joint", "head", "administrative"}
LEADING_DROP = {"the", "a", "an", "its", "their", "our", "his", "her", "this", "that", "these",
                "those"}
FUNCTION_POS = {"ADV", "ADP", "DET", "PRON", "SCONJ", "CCONJ", "AUX", "PART", "INTJ", "VERB",
                "NUM"}


@dataclass
class Candidate:
    start: int          # token offsets in the Doc
    end: int
    cls: str
    rule: str
    heading: bool = False   # found in the title or a section heading

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]


def heading_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the title and of section headings (short title-case lines)."""
    ranges = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        words = line.split()
        if words:
            caps = sum(w[:1].isupper() or not w[:1].isalpha() for w in words)
            short = len(words) <= 18 and not line.rstrip().endswith((".", "?", "!", ":", ";", '"', "”"))
            if i == 0 or (short and caps >= 0.6 * len(words) and len(words) >= 2):
                ranges.append((pos, pos + len(line)))
        pos += len(line) + 1
    return ranges


def _text(doc: Doc) -> str:
    """The Doc's text, built once (``Doc.text`` joins every token on each call)."""
    if "h2kg_text" not in doc.user_data:
        doc.user_data["h2kg_text"] = doc.text
    return doc.user_data["h2kg_text"]


def _ents(doc: Doc) -> tuple:
    """The Doc's entities, listed once (``Doc.ents`` walks every token on each call)."""
    if "h2kg_ents" not in doc.user_data:
        doc.user_data["h2kg_ents"] = tuple(doc.ents)
    return doc.user_data["h2kg_ents"]


_ORDINAL_OR_CODE = re.compile(r"\d+(st|nd|rd|th)|\d+[A-Z]+[A-Za-z]*")
_YEAR = re.compile(r"(19|20)\d\d")
_CAMEL = re.compile(r"^[a-z]+[A-Z]")         # "eMobility", "iPhone"


def _is_name_token(tok, sent_first: bool) -> bool:
    text = tok.text
    if tok.ent_type_ in ("DATE", "TIME") and tok.lower_ in CALENDAR_WORDS:
        return False                      # "On 28 May the Autonomous Region ...": May is a month
    if tok.is_space or not text[:1].isalnum() or any(c in text for c in "$€£¥"):
        return False                      # "A$210 million", "HK$": money, not a name
    if text[:1].isdigit():
        return bool(_ORDINAL_OR_CODE.fullmatch(text)) or (
            bool(_YEAR.fullmatch(text)) and tok.i + 1 < len(tok.doc)
            and tok.nbor(1).is_title and not tok.nbor(1).is_sent_start)      # "2030 Changwon ... Plan"
    if not text[:1].isupper():
        return bool(_CAMEL.match(text))            # "eMobility", "iPhone"
    if sent_first and tok.pos_ in FUNCTION_POS and tok.lower_ not in lexicon.HEADS:
        return False
    opens = sent_first or (tok.i > 0 and tok.nbor(-1).is_quote and tok.nbor(-1).is_sent_start)
    if opens and tok.tag_ == "VBG" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ in ("the", "a", "an"):
        return False                      # "Joining the Alliance gives us ...": a verb, not a name
    return tok.lower_ not in ("i",)


def name_runs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of capitalised runs, joined by connectors, never across a line break."""
    toks = cached(doc).tokens
    runs = []
    i, n = 0, len(doc)
    while i < n:
        tok = toks[i]
        if not _is_name_token(tok, tok.is_sent_start or (i > 0 and "\n" in toks[i - 1].text)):
            i += 1
            continue
        j = i + 1
        last_name = i
        depth = 0
        while j < n:
            t = toks[j]
            if t.is_space or "\n" in t.text:
                break
            if _is_name_token(t, False):
                last_name = j
                if t.lower_ in TERMINAL_FORMS:
                    j += 1
                    break                          # "... Co., Ltd. Jinhai Power": "Ltd." ends a name
            elif t.is_alpha and t.text.islower() and (t.lower_ not in (
                    "based", "headquartered", "led", "backed", "funded", "run", "made", "listed", "registered")
                    or any(toks[m].lower_ == "of" for m in range(i, j))) \
                    and toks[j - 1].text in ("-", "–") and last_name == j - 2 \
                    and j + 1 < n and _is_name_token(toks[j + 1], False):
                last_name = j                      # "Long-term", "Institute of Coal-based Hydrogen ..."
            elif t.text == "," and j + 1 < n and toks[j + 1].lower_.rstrip(".") in (
                    "ltd", "inc", "llc", "limited", "corp", "plc", "s.a", "gmbh", "ag", "s.l", "lda", "s.r.l",
                    "a/s", "s.p.a", "sas", "s.a.s", "bv", "nv", "b.v", "n.v", "co"):
                pass                               # "Co., Ltd."
            elif t.is_alpha and t.text.islower() and toks[j - 1].text in ("-", "–") and j + 1 < n \
                    and toks[j + 1].text in ("-", "–"):
                pass                               # "Solar-to-Hydrogen"
            elif t.text == "," and _comma_in_name(doc, i, j):
                pass                               # "Ministry of Economy, Trade and Industry"
            elif t.text == "." and not toks[j - 1].whitespace_ and not t.whitespace_ and j + 1 < n \
                    and _is_name_token(toks[j + 1], False):
                pass                               # "S.p" "." "A.": an abbreviation the tokenizer split
            elif t.text == "." and not toks[j - 1].whitespace_ and toks[j - 1].lower_ in lexicon.LEGAL_FORMS \
                    and last_name == j - 1 and j + 1 < n and toks[j + 1].text == ",":
                last_name = j                      # "Lda., Químicos do Sado ..."
            elif t.text == "/" and len(toks[j - 1].text) == 1 and j + 1 < n and len(toks[j + 1].text) == 1 \
                    and toks[j + 1].is_upper:
                pass                               # "A/S"
            elif t.text in ("'s", "’s") and toks[j - 1].lower_ == "people":
                pass                               # "Municipal People's Government"
            elif t.lower_ in CONNECT_ANY:
                depth += t.text == "("
                depth -= t.text == ")"
                if depth < 0:
                    break
                if t.text == ")" and depth == 0:
                    last_name = j if j + 1 < n and _is_name_token(toks[j + 1], False) else last_name
            else:
                break
            j += 1
        end = last_name + 1
        runs.append((i, end))
        i = max(end, i + 1)
    return runs


def _comma_in_name(doc: Doc, start: int, j: int) -> bool:
    """A comma inside an "of" complement listing words up to "and": "of Economy, Trade and Industry"."""
    if not any(doc[k].lower_ == "of" for k in range(start, j)) or j + 3 >= len(doc):
        return False
    if lexicon.head_class([t.text for t in doc[start:j]]) not in ("GovernmentBody", "Association", "ResearchInstitution"):
        return False
    k = j + 1
    while k < min(len(doc), j + 5) and _is_name_token(doc[k], False):
        k += 1
    return k > j + 1 and k < len(doc) and doc[k].lower_ == "and" and k + 1 < len(doc) \
        and _is_name_token(doc[k + 1], False) and not lexicon.head_class([t.text for t in doc[j + 1:k]])


_TRAILING_DROP = (CONNECT_ANY - {")"}) | {"'s", "’s", "’", "'"}


def _strip(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading articles and trailing connectors, possessives and punctuation."""
    toks = cached(doc).tokens        # the shared Token list: ~13 lookups a call
    while start < end and (toks[start].lower_ in LEADING_DROP or toks[start].is_punct
                           or toks[start].is_space or toks[start].text in ("“", '"', "'")):
        start += 1
    while end > start and (toks[end - 1].lower_ in _TRAILING_DROP
                           or toks[end - 1].is_space
                           or (toks[end - 1].is_punct and toks[end - 1].text != ")" and not (
                               toks[end - 1].text == "." and end - 2 >= start and not toks[end - 2].whitespace_
                               and toks[end - 2].lower_ in lexicon.LEGAL_FORMS))   # keep "Lda."
                           or (toks[end - 1].text == ")" and not any(t.text == "(" for t in doc[start:end]))):
        end -= 1
    # a bracketed acronym after the name is an alias, not part of it: "Centro Ricerche (CRES)"
    if end - start >= 4 and toks[end - 1].text == ")" and toks[end - 3].text == "(" and toks[end - 2].is_upper:
        return _strip(doc, start, end - 3)
    # unbalanced parentheses: cut at the first stray one
    depth = 0
    for k in range(start, end):
        depth += toks[k].text == "("
        depth -= toks[k].text == ")"
        if depth < 0:
            return _strip(doc, start, k)
    if depth > 0:
        opened = max(k for k in range(start, end) if toks[k].text == "(")
        return _strip(doc, start, opened)
    return start, end


def _words(doc: Doc, start: int, end: int) -> list[str]:
    return [t.text for t in doc[start:end]]


def _plan_run(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """A plan title that runs on through "for", "into", "a", "and": "Action Plan for ..."."""
    for k in range(start, end):
        if lexicon.HEADS.get(doc[k].lower_) == "Plan" and doc[k].text[:1].isupper():
            j, last = k + 1, k + 1
            while j < len(doc) and "\n" not in doc[j - 1].whitespace_:
                t = doc[j]
                if t.ent_type_ in ("DATE", "TIME"):
                    break                             # "... Action Plan on Monday"
                if _is_name_token(t, False):
                    last = j + 1
                elif t.lower_ not in CONNECT:
                    break
                j += 1
            m = re.match(r"\s*(\((19|20)\d\d\s*[-–]\s*(19|20)\d\d\)|(19|20)\d\d\s*[-–]\s*(19|20)\d\d\b|"
                         r"(19|20)\d\d\b(?!\s*[-–,]?\s*\d))",
                         _text(doc)[doc[last - 1].idx + len(doc[last - 1].text):][:40])
            if m:                                  # "... Plan (2021-2035)"
                endc = doc[last - 1].idx + len(doc[last - 1].text) + m.end()
                span = doc.char_span(doc[start].idx, endc, alignment_mode="expand")
                if span is not None:
                    last = span.end
            return start, last
    return None


def _after_role(doc: Doc, start: int, end: int) -> int:
    """Where the name starts after a post: "Deputy Director of the Division ..." -> "Division"."""
    for k in range(start, min(end, start + 8)):
        t = doc[k]
        if t.lower_ in ("of", "at") and any(x.lower_ in lexicon.ROLE_HEADS for x in doc[start:k]):
            if k > start and lexicon.HEADS.get(doc[k - 1].lower_) and doc[k - 1].lower_ not in lexicon.ROLE_WORDS:
                break                             # "General Office of the X Government": a body, no post
            if all(x.lower_ in lexicon.ROLE_WORDS or x.text in ("-", "–") or x.text[:1].isupper()
                   for x in doc[start:k]) and doc[start].lower_ in lexicon.ROLE_WORDS:
                return k + 1
        if not (t.text[:1].isupper() or t.lower_ in lexicon.ROLE_WORDS or t.text in ("-", "–")):
            break
    return start


#: Verbs that title-case headlines write capitalised between two names ("X Joins Y Alliance",
#: "X and Partners Found Y Alliance").
HEADLINE_VERBS = {"join", "joins", "joined", "found", "founds", "founded", "launch", "launches", "launched",
                  "form", "forms", "formed", "sign", "signs", "signed", "establish", "establishes",
                  "established", "unveil", "unveils", "unveiled", "create", "creates", "created",
                  "welcome", "welcomes", "welcomed", "ink", "inks", "inked", "back", "backs", "backed",
                  "quit", "quits", "leave", "leaves", "exit", "exits", "expand", "expands", "expanded"}


def split_run(doc: Doc, start: int, end: int, heading: bool, plan: bool = False) -> list[tuple[int, int]]:
    """Split a run into names: at "and"/"&" between two headed names, at "of the" before a
    name with a head of its own, and after the head word in headlines."""
    start, end = _strip(doc, start, end)
    start, end = _strip(doc, _after_role(doc, start, end), end)
    if start >= end:
        return []
    parts = []
    # split at "of (the)" when both sides have heads of their own (Division ... of the Commission)
    for k in range(start + 1, end - 1):
        if doc[k].lower_ in ("of", "for") and doc[k + 1].lower_ == "the":
            left, right = (start, k), (k + 2, end)
            right_cls = lexicon.head_class(_words(doc, *right))
            if plan and right_cls not in ORGANISATIONS:
                continue
            generic = (k - start >= 2 or right_cls == "Place") and \
                lexicon.HEADS.get(doc[k - 1].lower_) == "GovernmentBody" and all(
                    t.lower_ in GENERIC_UNIT_WORDS for t in doc[start:k - 1])   # "Government of the State of X"
            if lexicon.head_class(_words(doc, *left)) and right_cls and not generic:
                return split_run(doc, *left, heading, plan) + split_run(doc, *right, heading)
    # "Pohjola Stack Oy of Tampere": a company and its town
    for k in range(start + 1, end - 1):
        if doc[k].lower_ == "of" and doc[k - 1].lower_.rstrip(".") in lexicon.LEGAL_FORMS - {"and", "&", "a", "s"} \
                and lexicon.is_place(doc[k + 1:end].text):
            return [(start, k), (k + 1, end)]
    # "Qingbaijiang District of Chengdu": a place of a place
    for k in range(start + 1, end - 1):
        if doc[k].lower_ == "of" and lexicon.head_class(_words(doc, start, k)) == "Place" and \
                doc[k - 1].lower_ in ("district", "county", "prefecture", "province", "area", "city", "region") and \
                lexicon.is_place(doc[k + 1:end].text):
            return [(start, k), (k + 1, end)]
    if plan:
        return [(start, end)]
    # a bracketed acronym that spells the whole run keeps it whole: "Sines and Alentejo Ports Authority (APSA)"
    after = _text(doc)[doc[end - 1].idx + len(doc[end - 1].text):][:20]
    m = re.match(r"\s*\(([A-Z][A-Za-z&]{1,9})\)", after)
    if m and "".join(t.text[0] for t in doc[start:end] if t.text[:1].isupper()) == m.group(1):
        return [(start, end)]
    # split at "and" / "," unless inside an of-complement without a head of its own
    for k in range(start + 1, end - 1):
        if doc[k].lower_ in ("and", "&"):
            left_cls = lexicon.head_class(_words(doc, start, k))
            nxt = next((m for m in range(k + 1, end) if doc[m].lower_ in ("and", "&")), end)
            right_cls = lexicon.head_class(_words(doc, k + 1, nxt))
            in_complement = any(doc[m].lower_ in ("of", "for") for m in range(start, k))
            if not (left_cls and right_cls) and any(e.start < k < e.end - 1 and e.start <= start + 1
                                                    for e in _ents(doc)):
                continue                  # the model reads one name across the "and"
            weak_right = right_cls == "Company" and doc[end - 1].lower_.rstrip(".") not in (
                lexicon.LEGAL_FORMS - {"technology", "technologies", "tech", "and", "&"})
            if in_complement and weak_right:
                continue                  # "of Industry and Information Technology"
            descriptor = {"hydrogen", "energy", "chemical", "chemicals", "power", "gas", "oil", "science",
                          "technology", "industry", "industrial", "equipment", "materials", "information",
                          "transport", "logistics", "trade", "economy", "environment", "fuel", "cell",
                          "vehicle", "vehicles", "automotive", "battery", "storage", "renewable", "clean",
                          "green", "new", "electric", "mobility", "innovation", "research", "development",
                          "supervision", "administration", "management", "regulation", "reform", "planning",
                          "commerce", "investment", "promotion", "ecology", "environmental", "resources",
                          "transportation", "distribution", "utilization", "utilisation", "operation",
                          "operations", "services", "service", "sales", "manufacturing", "engineering",
                          "construction", "design", "trading", "processing", "refining", "production",
                          "supply", "maintenance", "testing", "certification", "systems", "components"}
            if doc[k - 1].lower_ in descriptor and doc[k + 1].lower_ in descriptor:
                continue                  # "Ningdong Energy and Chemical Industry Base"
            if right_cls and (left_cls or not in_complement):
                return split_run(doc, start, k, heading) + split_run(doc, k + 1, end, heading)
            if left_cls and not in_complement and doc[k - 1].lower_ in lexicon.HEADS:
                return split_run(doc, start, k, heading) + split_run(doc, k + 1, end, heading)
            if not in_complement and not right_cls and not left_cls:
                return split_run(doc, start, k, heading) + split_run(doc, k + 1, end, heading)
    if heading:
        # "Yariq and Partners Found ...": the partners are no name
        if end - start >= 3 and doc[end - 1].lower_ in ("partners", "others") and doc[end - 2].lower_ in ("and", "&"):
            return split_run(doc, start, end - 2, heading)
        # "Weilian Equipment Joins Chunjiang Fuel Cell Coalition": a headline's verb is no part of a name
        for k in range(start + 1, end - 1):
            if doc[k].lower_ in HEADLINE_VERBS and doc[k].text[:1].isupper():
                return split_run(doc, start, k, heading) + split_run(doc, k + 1, end, heading)
        # "... Alliance Officially Established": end the name at its last head word
        heads = [k for k in range(start, end) if doc[k].lower_ in lexicon.HEADS]
        if heads:
            last = heads[-1]
            tail = [t for t in doc[last + 1:end]]
            if tail and tail[0].lower_ not in ("of", "for", "(", "-"):
                end = last + 1
    parts.append((start, end))
    return parts


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _in_ranges(doc: Doc, start: int, ranges: list[tuple[int, int]]) -> bool:
    c = doc[start].idx
    return any(a <= c < b for a, b in ranges)


def common_acronyms(doc: Doc) -> set[str]:
    """Acronyms the article defines as common nouns: "new energy vehicle (NEV)" -> NEV, NEVs."""
    out = set()
    # bounded word lengths keep this linear on long lower-case runs
    for m in re.finditer(r"(?<![a-z-])([a-z][a-z-]{1,40}(?:\s+[a-z][a-z/-]{1,40}){0,5})\s*\(([A-Z][A-Za-z]{1,6})s?\)",
                         _text(doc)):
        words = m.group(1).split()
        letters = m.group(2).rstrip("s")
        initials = "".join(w[0] for w in words[-len(letters) - 1:]).upper()
        if letters.upper()[0] in initials:
            out |= {letters, letters + "s"}
    return out


def _lowercase_names(doc: Doc) -> list[Candidate]:
    """Names with lower-case words the model misses."""
    toks = cached(doc).tokens
    out = []
    n = len(doc)
    for i, tok in enumerate(doc):
        # "Shanghai municipal government", "the Hebei provincial government"
        if tok.lower_ == "government" and i > 0 and toks[i - 1].ent_type_ == "NORP" and toks[i - 1].text[:1].isupper() \
                and not (i > 1 and toks[i - 2].text[:1].isupper()):
            out.append(Candidate(i - 1, i + 1, "GovernmentBody", "rule:national-government"))  # "Japanese government"
        if tok.lower_ == "government" and i > 0:
            k = i - 1
            while k >= 0 and toks[k].lower_ in lexicon.GOVERNMENT_OF_PLACE:
                k -= 1
            if k >= 0 and k < i - 0 and toks[k].text[:1].isupper() and (
                    toks[k].ent_type_ in ("GPE", "LOC") or lexicon.is_place(toks[k].text)
                    or (k > 0 and lexicon.is_place(doc[k - 1:k + 1].text))):
                s = k
                while s > 0 and toks[s - 1].text[:1].isupper() and (toks[s - 1].ent_type_ in ("GPE", "LOC")
                                                                   or lexicon.is_place(doc[s - 1:k + 1].text)):
                    s -= 1
                if any(t.text[:1].islower() for t in doc[k + 1:i + 1]):
                    out.append(Candidate(s, i + 1, "GovernmentBody", "rule:place-government"))
        # "Chengdu-Chongqing economic circle"
        if i + 1 < n and (tok.lower_, toks[i + 1].lower_) in lexicon.REGION_NOUNS and i > 0:
            k = i - 1
            s = k
            while s > 0 and (toks[s - 1].text in ("-", "–") or toks[s - 1].text[:1].isupper()) and "\n" not in toks[s - 1].whitespace_:
                s -= 1
            if toks[k].text[:1].isupper():
                out.append(Candidate(s, i + 2, "Place", "rule:named-region"))
        # "the national medium- and long-term plan for the hydrogen industry": a plan named by its span
        if tok.lower_ in ("plan", "strategy", "programme", "program") and tok.pos_ == "NOUN" and i >= 3 \
                and "term" in [t.lower_ for t in doc[max(0, i - 6):i]]:
            fors = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"]
            mods = [t for t in tok.subtree if t.i < i]
            pobj = [g for g in fors[0].children if g.dep_ == "pobj"] if fors else []
            if pobj and pobj[0].pos_ in ("NOUN", "PROPN") and any(
                    t.lower_ in ("national", "state", "provincial", "municipal") or t.pos_ == "PROPN" for t in mods):
                left = min(t.i for t in tok.subtree if t.i < i and t.dep_ != "det" and t.lower_ not in ("the", "a"))
                right = pobj[0].i + 1               # "... for the hydrogen industry", not what follows it
                if right - left <= 14:
                    out.append(Candidate(left, right, "Plan", "rule:term-plan-for"))
        # "Kirkwall-based": whatever comes before "-based" is a place
        if tok.text[:1].isupper() and tok.is_alpha and i + 2 < n and toks[i + 1].text in ("-", "–") \
                and toks[i + 2].lower_ in ("based", "headquartered") and tok.lower_ not in lexicon.HEADS:
            out.append(Candidate(i, i + 1, "Place", "rule:place-based"))
        # a gazetteer place the model missed, where places go: "in Tartu", "Tartu-based"
        if tok.pos_ == "PROPN" and tok.ent_type_ not in ("GPE", "LOC", "ORG", "FAC", "PERSON") \
                and lexicon.is_place(tok.text) and (
                (tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at", "from", "near"))
                or (tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in (
                    "capital", "city", "province", "state", "north", "south", "east", "west", "part", "region"))
                or (i + 2 < n and toks[i + 1].text == "-" and toks[i + 2].lower_ == "based")):
            if not (i + 1 < n and toks[i + 1].pos_ == "PROPN" and toks[i + 1].dep_ != "pobj"):
                out.append(Candidate(i, i + 1, "Place", "rule:gazetteer-place"))
        # a single capitalised word the gazetteer knows as a place, standing alone
        elif tok.pos_ == "PROPN" and tok.ent_type_ not in ("GPE", "LOC", "ORG", "FAC", "PERSON", "NORP") \
                and lexicon.is_place(tok.text) and len(tok.text) >= 4 \
                and (not tok.is_sent_start or (i + 1 < n and toks[i + 1].text.islower() and toks[i + 1].pos_ == "NOUN")) \
                and not (i + 1 < n and toks[i + 1].pos_ == "PROPN") and not (i > 0 and toks[i - 1].pos_ == "PROPN"):
            out.append(Candidate(i, i + 1, "Place", "rule:gazetteer-place"))
        # "the Beijing-Tianjin-Hebei region"
        if tok.lower_ in ("region", "area", "belt") and i > 2 and toks[i - 2].text in ("-", "–") \
                and toks[i - 1].text[:1].isupper():
            s = i - 1
            while s > 1 and toks[s - 1].text in ("-", "–") and toks[s - 2].text[:1].isupper():
                s -= 2
            out.append(Candidate(s, i + 1, "Place", "rule:named-region"))
        # '"dual carbon" strategy'
        if tok.text in ('"', "“") and i + 2 < n:
            close = next((j for j in range(i + 1, min(i + 8, n)) if toks[j].text in ('"', "”")), None)
            if close and close + 1 < n and lexicon.HEADS.get(toks[close + 1].lower_) == "Plan":
                if all(t.text[:1].islower() for t in doc[i + 1:close]):
                    out.append(Candidate(i + 1, close + 2, "Plan", "rule:quoted-plan"))
    return out


def find_candidates(doc: Doc, headings: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """All typed name spans in the Doc, non-overlapping, in text order."""
    doc = cached(doc)
    headings = headings if headings is not None else heading_lines(_text(doc))
    acronyms = common_acronyms(doc)
    cands: list[Candidate] = []
    runs = name_runs(doc)
    # 1. rule names: runs with a head word
    for rs, re_ in runs:
        heading = _in_ranges(doc, rs, headings)
        plan = None if heading else _plan_run(doc, rs, re_)
        pieces = split_run(doc, *plan, False, plan=True) if plan else split_run(doc, rs, re_, heading)
        for s, e in pieces:
            if s >= e:
                continue
            cls = lexicon.head_class(_words(doc, s, e))
            if cls == "Company" and all(t.lower_ in lexicon.TERM_MODIFIERS or t.lower_ in lexicon.HEADS
                                        for t in doc[s:e]):
                continue                          # "Green Hydrogen", "Clean Energy": terms, not names
            if cls and not (e - s == 1 and doc[s].lower_ in lexicon.HEADS):
                cands.append(Candidate(s, e, cls, "rule:head-word", heading))
    cands += _lowercase_names(doc)
    # a whole run that the gazetteer knows as a place ("São Gonçalo do Amarante")
    for rs, re_ in runs:
        if re_ - rs >= 2 and lexicon.is_place(doc[rs:re_].text) and not _in_ranges(doc, rs, headings):
            cands.append(Candidate(rs, re_, "Place", "rule:gazetteer-place"))
    # people the model missed after their post: "CIST President Oh Min-seok"
    for rs, re_ in runs:
        roles = [k for k in range(rs, re_ - 1) if doc[k].lower_ in lexicon.ROLE_HEADS and doc[k].text[:1].isupper()]
        if roles and not _in_ranges(doc, rs, headings):
            s0, e0 = roles[-1] + 1, re_
            while e0 + 1 < len(doc) and doc[e0].text in ("-", "–") and not doc[e0 - 1].whitespace_ \
                    and doc[e0 + 1].is_alpha:
                e0 += 2                            # "Min-seok"
            tail = doc[s0:e0]
            if 2 <= len([t for t in tail if t.is_alpha]) <= 4 and not lexicon.head_class(_words(doc, s0, e0)) \
                    and not any(lexicon.is_place(t.text) or t.lower_ in lexicon.ROLE_WORDS for t in tail):
                cands.append(Candidate(s0, e0, "Person", "rule:name-after-post"))
    # people the model missed, known by the post beside them: "Luo Ming, second-level inspector of ..."
    for rs, re_ in runs:
        c = Candidate(rs, re_, "Person", "rule:name-with-post", _in_ranges(doc, rs, headings))
        if not c.heading and not lexicon.head_class(_words(doc, rs, re_)) and \
                not lexicon.is_place(doc[rs:re_].text) and _reads_as_person(doc, c):
            cands.append(c)
    parts = [(s, e) for rs, re_ in runs if not _in_ranges(doc, rs, headings)
             for s, e in split_run(doc, rs, re_, False)]
    # 2. model names that no rule name covers
    for ent in _ents(doc):
        cls = NER_CLASS.get(ent.label_)
        if not cls:
            continue
        for s, e in _split_newlines(doc, ent.start, ent.end):
            s, e = _strip(doc, s, e)
            if s >= e:
                continue
            roles = [k for k in range(s + 1, e - 1) if doc[k].lower_ in lexicon.ROLE_HEADS and doc[k].text[:1].isupper()]
            if cls in ("Company", "Person") and roles and e - roles[-1] - 1 >= 1:
                k = roles[-1]
                while k > s and doc[k - 1].lower_ in lexicon.ROLE_WORDS and doc[k - 1].text[:1].isupper():
                    k -= 1
                if k > s:                         # "Hanul Motors CEO Bae Jung-ho": a company, a post, a person
                    before = "Place" if lexicon.is_place(doc[s:k].text) else (
                        lexicon.head_class(_words(doc, s, k)) or "Company")
                    cands.append(Candidate(s, k, before, f"model:{ent.label_}+split", _in_ranges(doc, s, headings)))
                cands.append(Candidate(roles[-1] + 1, e, "Person", f"model:{ent.label_}+split", _in_ranges(doc, s, headings)))
                continue
            if cls in ("Company", "Person"):      # "Carbon Storage" inside "Kestrel Carbon Storage"
                whole = [p for p in parts if p[0] <= s and e <= p[1] and p[1] - p[0] > e - s
                         and not any(t.ent_type_ and not (s <= t.i < e) for t in doc[p[0]:p[1]])
                         and not any(t.lower_ in lexicon.ROLE_HEADS for t in doc[p[0]:p[1]] if not s <= t.i < e)]
                if whole:
                    s, e = min(whole[0][0], s), max(whole[0][1], e)
            cands.append(Candidate(s, e, cls, f"model:{ent.label_}", _in_ranges(doc, s, headings)))
    cands = [_extend_lowercase_complement(doc, c) for c in cands]
    cands = _resolve_overlaps(doc, cands)
    out = []
    for c in cands:
        c = _check(doc, c, acronyms)
        if c is not None:
            out.append(c)
    return out


def _extend_lowercase_complement(doc: Doc, c: Candidate) -> Candidate:
    """'Shanghai Technical Committee' + 'of new energy vehicle standardization' when the
    name ends on its head word and a lower-case noun phrase follows up to a comma."""
    if c.cls not in ("Association", "GovernmentBody", "ResearchInstitution", "Alliance"):
        return c
    if c.end + 1 >= len(doc) or doc[c.end].lower_ != "of" or doc[c.end - 1].lower_ not in lexicon.HEADS:
        return c
    k = c.end + 1
    while k < len(doc) and k - c.end <= 6 and doc[k].text[:1].islower() and doc[k].pos_ in ("NOUN", "ADJ", "PROPN"):
        k += 1
    if k > c.end + 1 and (k >= len(doc) or doc[k].text in (",", ";", ".", ")")):
        return Candidate(c.start, k, c.cls, c.rule + "+complement", c.heading)
    return c


def _split_newlines(doc: Doc, start: int, end: int):
    s = start
    for k in range(start, end):
        if "\n" in doc[k].text or "\n" in doc[k].whitespace_:
            if "\n" in doc[k].text:
                if s < k:
                    yield s, k
            else:
                yield s, k + 1
            s = k + 1
    if s < end:
        yield s, end


def _priority(c: Candidate) -> tuple:
    rule_rank = 0 if c.rule.startswith("rule:") else 1
    return (rule_rank, -(c.end - c.start), c.start)


def _resolve_overlaps(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Keep rule names over model names, longer over shorter; drop the rest of an overlap."""
    chosen: list[Candidate] = []
    for c in sorted(cands, key=_priority):
        if any(_overlaps((c.start, c.end), (k.start, k.end)) for k in chosen):
            continue
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _check(doc: Doc, c: Candidate, acronyms: set[str]) -> Candidate | None:
    """Retype or drop a candidate by its words and context."""
    span = doc[c.start:c.end]
    text = span.text
    if not any(ch.isalpha() for ch in text) or text in acronyms or (
            text == text.lower() and c.rule.startswith("model:")):
        return None                       # no capital letter: a common noun ("grey hydrogen")
    if len(span) == 1 and span[0].lower_ in lexicon.HEADS:
        return None                       # "Alliance", "the Commission": a short form, not a name
    if c.rule.startswith("model:") and len(span) > 2 and span[0].pos_ == "NOUN" and span[1].lower_ == "of" \
            and span[0].lower_ not in lexicon.HEADS:
        c.start += 2                      # "Shares of Hengyuan New Energy" -> "Hengyuan New Energy"
        return _check(doc, c, acronyms)
    if len(span) == 1 and c.rule.startswith("model:") and (span[0].pos_ == "NOUN" or span[0].lower_ in lexicon.ROLE_WORDS):
        return None                       # "Diesel is still cheaper", "Party Secretary"
    if text.isupper() and len(text) <= 2 and not lexicon.is_place(text):
        return None
    words = [t.text for t in span]
    head = lexicon.head_class(words)
    if c.cls == "Company" and all(w.lower() in lexicon.TERM_MODIFIERS or w.lower() in lexicon.HEADS for w in words):
        return None                       # "Green Hydrogen", "Clean Energy": terms, not names
    if len(words) <= 3 and c.end + 1 < len(doc) and doc[c.end].text in ("-", "–") and doc[c.end + 1].lower_ == "based":
        c.cls = "Place"                   # "Kirkwall-based": what comes before "-based" is a place
        return c
    if c.rule.startswith("model:"):
        if head and not (len(words) == 1):
            c.cls = head
        elif c.cls == "Person":
            c = _check_person(doc, c)
            if c is None:
                return None
        elif c.cls == "Place":
            if not lexicon.is_place(text) and (text.isupper() or len(words) > 3):
                return None
        elif c.cls == "Company" and len(words) == 1 and lexicon.is_place(text):
            c.cls = "Place"
        elif c.cls == "Company" and _reads_as_person(doc, c):
            c.cls = "Person"
            c.rule = "rule:person-with-post"
    # strip person titles ("Dr. Amelia Varga" -> "Amelia Varga") and posts ("Bluebonnet CEO Maria Delgado")
    if c.cls == "Person":
        while c.end + 1 < len(doc) and doc[c.end].text in ("-", "–") and not doc[c.end - 1].whitespace_ \
                and not doc[c.end].whitespace_ and doc[c.end + 1].is_alpha:
            c.end += 2                    # "Bae Jung-ho"
        roles = [k for k in range(c.start, c.end - 1) if doc[k].lower_ in lexicon.ROLE_HEADS]
        if roles and c.end - roles[-1] - 1 >= 2:
            c.start = roles[-1] + 1
        while c.end - c.start > 1 and doc[c.start].lower_.rstrip(".") + "." in lexicon.PERSON_TITLES | {"mr.", "dr."} | {t + "." for t in lexicon.PERSON_TITLES}:
            c.start += 1
        if doc[c.end - 1].lower_ in lexicon.ROLE_HEADS:
            return None
    return c


def _post_follows(doc: Doc, k: int) -> bool:
    """A post starts at token k: up to eight words ending in a post word, then "of" or "at"."""
    for j in range(k, min(len(doc), k + 10)):
        if doc[j].lower_ in ("of", "at", ","):
            return j > k and any(t.lower_ in lexicon.ROLE_HEADS for t in doc[k:j])
        if not (doc[j].is_alpha or doc[j].text in ("-", "'s", "’s")):
            return False
    return False


def _reads_as_person(doc: Doc, c: Candidate) -> bool:
    """Two or three capitalised words beside a post: "Marcus Hale, Executive Director of ..."."""
    words = [t for t in doc[c.start:c.end]]
    if not 2 <= len(words) <= 3 or not all(t.is_title for t in words):
        return False
    after = doc[c.end:c.end + 4]
    before = doc[max(0, c.start - 4):c.start]
    role_after = len(after) > 1 and after[0].text == "," and _post_follows(doc, c.end + 1)
    before = doc[max(0, c.start - 7):c.start]
    role_before = len(before) > 1 and before[-1].text == "," and any(
        t.lower_ in lexicon.ROLE_HEADS for t in before[:-1]) and not any(t.text == "," for t in before[:-1])
    said = c.end < len(doc) and doc[c.end].lemma_ in ("say", "tell", "add", "note")
    who = len(after) > 1 and after[0].text == "," and after[1].lower_ == "who"     # "Callum Reid, who heads"
    return role_after or role_before or said or who


_HYPHENED_GIVEN_NAME = re.compile(r"[A-Z][a-z]{1,5}-[a-z]{2,6}")


def _check_person(doc: Doc, c: Candidate) -> Candidate | None:
    span = doc[c.start:c.end]
    words = [t.text for t in span]
    head = lexicon.head_class(words)
    if head:
        c.cls = head
        return c
    if len(span) >= 2 and _HYPHENED_GIVEN_NAME.fullmatch(span[1:].text):
        return c                          # "Park Ji-hoon", "Kim Min-seok": a surname, then a given name
    lowered = {w.lower() for w in words}
    if lowered & (lexicon.CORPORATE_WORDS - {"new", "international", "global", "and", "&"}) or \
            lowered & set(lexicon.HEADS) or lowered & lexicon.COMMON_WORDS:
        c.cls = "Company"                 # "Carbon Storage", "Jingyuan Hydrogen": not people
        c.rule = "rule:not-a-person"
        return c
    before = doc[c.start - 1].lower_ if c.start > 0 else ""
    if before.rstrip(".") + "." in {t.rstrip(".") + "." for t in lexicon.PERSON_TITLES}:
        return c
    if before == "based" or before in lexicon.ORG_NOUNS:
        c.cls = "Company"                 # "Tokyo-based Kuroda Shoji", "trading house Kuroda Shoji"
        c.rule = "rule:named-as-organisation"
        return c
    if len(words) >= 2 and all(w[:1].isupper() for w in words):
        root = span.root
        partners = [t for t in root.children if t.dep_ == "conj"] + ([root.head] if root.dep_ == "conj" else [])
        if any(t.ent_type_ == "ORG" or lexicon.HEADS.get(t.lower_) in ("Company", "Alliance", "GovernmentBody",
                                                                     "Association", "ResearchInstitution")
               for t in partners):
            c.cls = "Company"             # "Grampian Energy Group and Torvald Energi"
            c.rule = "rule:listed-with-organisations"
        return c
    if len(words) == 1 and lexicon.is_place(words[0]):
        c.cls = "Place"
        return c
    if len(words) == 1:
        # one word listed with other names ("worked with Bosch and Qingling"): an organisation
        root = span.root
        listed = [t for t in root.children if t.dep_ == "conj"]
        if root.dep_ == "conj":
            listed.append(root.head)
        if any(t.pos_ == "PROPN" and t.ent_type_ != "PERSON" for t in listed) or any(
                t.ent_type_ == "ORG" for t in listed):
            c.cls = "Company"
            c.rule = "rule:listed-with-organisations"
            return c
        if lexicon.is_place(words[0]):
            c.cls = "Place"
            return c
        return None
    return c
