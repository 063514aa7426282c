"""What a relation rule needs to read one article: who is who and what a phrase names.

:class:`ArticleContext` maps tokens to the article's entities, resolves pronouns and short
forms ("it", "the company", "the commission", "the trading house") to the entity the
article makes unambiguous, expands lists ("X, Y and Z", "including ...") and finds the
subject of a verb. It records statements with their evidence. The rules themselves live in
:mod:`.relations`, :mod:`.posts` and :mod:`.targets`.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from .. import lexicon
from ..ingest import parse_date
from ..records import ORGANISATIONS, Attribute, Evidence, Extraction, Relation
from .tokens import cached

PRONOUNS = {"it", "its", "they", "their"}
GENERIC_ORG_NOUNS = {"company": "Company", "firm": "Company", "group": "Company",
                     "enterprise": "Company", "corporation": "Company", "automaker": "Company",
                     "alliance": "Alliance", "consortium": "Alliance", "partnership": "Alliance",
                     "coalition": "Alliance", "council": "Association", "federation": "Association",
                     "association": "Association", "university": "ResearchInstitution",
                     "institute": "ResearchInstitution", "ministry": "GovernmentBody",
                     "commission": "GovernmentBody", "government": "GovernmentBody",
                     "plan": "Plan", "strategy": "Plan", "project": "Project"}
MEMBER_NOUNS = {"member", "members", "unit", "units", "company", "companies", "enterprise",
                "enterprises", "organization", "organizations", "organisation", "organisations",
                "institution", "institutions", "firm", "firms", "partner", "partners"}
SUBORG_NOUNS = {"subsidiary", "unit", "division", "branch", "arm", "affiliate", "department",
                "bureau", "office", "institute"}
#: Attribute evidence a later rule may replace.
STRONGER = {"rule:founding-event-date": ("rule:founding-agreement",)}


class ArticleContext:
    """One parsed article and its entities, as the relation rules see them."""

    def __init__(self, doc: Doc, result: Extraction, headings: list[tuple[int, int]]):
        self.doc = cached(doc)
        self.result = result
        self.ents = result.entities
        self.headings = headings
        self.token_ent: dict[int, str] = {}
        for key, e in self.ents.items():
            for m in e.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None:
                    for t in span:
                        self.token_ent.setdefault(t.i, key)
        self._seen: set[tuple] = set()
        self.descriptors = self._descriptors()
        self._last_subject: str | None = None       # the last organisation a sentence was about
        self._previous_subject: str | None = None   # the organisation the previous sentence was about
        self._counts = Counter({k: len(e.mentions) for k, e in self.ents.items()})

    def of_class(self, *classes: str) -> list[str]:
        return [k for k, e in self.ents.items() if e.cls in classes]

    def cls(self, key: str) -> str:
        return self.ents[key].cls if key in self.ents else "Plan"

    def ent(self, tok: Token) -> str | None:
        """The entity a token names, resolving pronouns and "the company"-style short forms."""
        key = self.token_ent.get(tok.i)
        if key:
            return key
        low = tok.lower_
        if low in PRONOUNS and tok.pos_ == "PRON":
            if tok.dep_ == "expl" or (low == "it" and tok.head.lemma_ == "be" and any(
                    c.dep_ in ("acomp", "xcomp", "ccomp", "attr") for c in tok.head.children)):
                return None                 # "it is necessary to ...": no one in particular
            if tok.dep_ == "poss":          # "X announced ... at its headquarters": its = X
                verb = tok.head
                while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                    verb = verb.head
                subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]
                k = self.token_ent.get(subj[0].i) if subj else None
                if k:
                    return k
            return self._last_subject
        if tok.pos_ == "NOUN" and any(c.lower_ in ("the", "this") for c in tok.children) and \
                (lexicon.HEADS.get(low) or low in lexicon.CENTRE) and low not in ("plan", "project"):
            named = self._latest_with_head(low, tok)
            if named:
                return named                # "the commission": the commission named last
        cls = GENERIC_ORG_NOUNS.get(tok.lemma_.lower() if tok.lemma_ else low)
        if not cls and low in lexicon.ORG_NOUNS and any(c.lower_ in ("the", "this") for c in tok.children):
            cls = "Company"                      # "the trading house", "the utility"
        if low in self.descriptors and low not in GENERIC_ORG_NOUNS and \
                any(c.lower_ in ("the", "this") for c in tok.children):
            return self.descriptors[low]     # "the trading house": the one introduced as such
        if cls and any(c.lower_ in ("the", "this", "its") for c in tok.children):
            if cls == "Company" and self._previous_subject and self.cls(self._previous_subject) == "Company":
                return self._previous_subject               # what the previous sentence was about
            if cls == "Company":
                near = self._previous_org(tok, ("Company",))   # the company named last, if close by
                if near:
                    return near
                if self._last_subject and self.cls(self._last_subject) == "Company":
                    return self._last_subject
            cands = self.of_class(cls)
            if len(cands) == 1:
                return cands[0]
            if cands and cls == "Company":
                top = self._counts.most_common()
                top = [k for k, _ in top if k in cands]
                if len(top) > 1 and self._counts[top[0]] > 2 * self._counts[top[1]]:
                    return top[0]
        return None

    def _descriptors(self) -> dict[str, str]:
        """Common nouns the article introduces a company with: "trading house Kuroda Shoji",
        "Nordvik Electrolysis AS, a Norwegian maker of ..." -> {"house": ..., "maker": ...}."""
        out: dict[str, str] = {}
        for key, e in self.ents.items():
            if e.cls not in ORGANISATIONS:
                continue
            for m in e.mentions:
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                before = self.doc[span.start - 1] if span.start > 0 else None
                if before is not None and before.lower_ in lexicon.ORG_NOUNS and before.pos_ == "NOUN":
                    out.setdefault(before.lower_, key)
                for t in span.root.children:
                    if t.dep_ == "appos" and t.lower_ in lexicon.ORG_NOUNS and t.i > span.end:
                        out.setdefault(t.lower_, key)
        return out

    def _previous_org(self, tok: Token, classes=("Company", "Alliance", "Association", "ResearchInstitution")) -> str | None:
        """The organisation of one of ``classes`` named last before ``tok`` (about two sentences back)."""
        for t in reversed(self.doc[max(0, tok.i - 80):tok.i]):
            k = self.token_ent.get(t.i)
            if k and self.cls(k) in classes:
                if any(a.dep_ == "appos" and a.i < t.i and self.token_ent.get(a.i) != k for a in t.ancestors):
                    continue              # "X, a subsidiary of Y": "the company" is X, not Y
                return k
        return None

    def _latest_with_head(self, noun: str, tok: Token) -> str | None:
        """The entity named last before ``tok`` whose name has ``noun`` as its head word."""
        best, best_pos = None, -1
        for key, e in self.ents.items():
            heads = {n.split(" of ")[0].split()[-1].lower() for n in e.names() if n.split()}
            if noun not in heads:
                continue
            pos = max((m.start for m in e.mentions if m.start < tok.idx), default=-1)
            if pos > best_pos:
                best, best_pos = key, pos
        return best

    def expand(self, tok: Token) -> list[str]:
        """The entities a phrase lists: conjuncts, appositions, 'including', 'such as'."""
        out: list[str] = []
        stack = [tok]
        seen = set()
        first = tok              # where the listed names start: "four firms: X, Y, Z and W"
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            key = self.ent(t)
            if key and key not in out:
                if not out and not self.token_ent.get(tok.i):
                    first = t
                out.append(key)
            for c in t.children:
                if c.dep_ in ("conj", "appos"):
                    stack.append(c)
                elif c.dep_ == "prep" and c.lower_ in ("including", "like", "as") or (
                        c.dep_ == "prep" and c.lower_ == "such"):
                    stack += [g for g in c.children if g.dep_ == "pobj"]
                    stack += [g for gg in c.children for g in gg.children if g.dep_ == "pobj"]
                elif c.dep_ == "prep" and c.lower_ == "with" and any(x.lower_ in ("together", "along")
                                                                     for x in c.children):
                    stack += [g for g in c.children if g.dep_ == "pobj"]   # "X together with Y"
                elif c.dep_ in ("acl", "amod", "prep") and c.lower_ == "including":
                    stack += [g for g in c.children if g.dep_ in ("pobj", "dobj")]
                elif c.dep_ == "compound" and not key:
                    stack.append(c)
                elif not key and c.i == t.i + 1 and c.i in self.token_ent:
                    stack.append(c)              # "the German developer Havelstrom GmbH", misparsed
            # a mention's tokens: walk up to the mention root's conjuncts
            if key and t.head.i != t.i and self.token_ent.get(t.head.i) == key:
                stack.append(t.head)
        if out:
            for k in self.surface_list(first):   # the parser often loses long lists of names
                if k not in out:
                    out.append(k)
        return out

    def surface_list(self, tok: Token) -> list[str]:
        """Names listed after the one at ``tok`` in the text: "X, Y, Z and W"."""
        key = self.token_ent.get(tok.i)
        if not key:
            return []
        kind = "Place" if self.cls(key) == "Place" else "other"
        i = tok.i
        while i + 1 < len(self.doc) and self.token_ent.get(i + 1) == key:
            i += 1
        out = []
        while True:
            j, seps = i + 1, 0
            if j < len(self.doc) and self.doc[j].text == "(":      # "Authority (APSA), ..."
                close = next((x for x in range(j, min(j + 12, len(self.doc))) if self.doc[x].text == ")"), None)
                if close is not None:
                    j = close + 1
            while j < len(self.doc) and (self.doc[j].text in (",", "&") or self.doc[j].lower_ in ("and", "the", "as", "well")
                                         or (self.doc[j].text == "." and j + 1 < len(self.doc) and self.doc[j + 1].text == ",")):
                seps += 1
                j += 1
            nxt = self.token_ent.get(j) if j < len(self.doc) else None
            if not seps or not nxt or nxt == key or nxt in out or \
                    ("Place" if self.cls(nxt) == "Place" else "other") != kind:
                return out
            if self.doc[j - 1].text == "," and self.doc[j].lower_ in ("a", "an"):
                return out
            out.append(nxt)
            i = j
            while i + 1 < len(self.doc) and self.token_ent.get(i + 1) == nxt:
                i += 1

    def subject(self, verb: Token) -> list[str]:
        """The entities that do what ``verb`` says (climbing participles and conjunctions)."""
        t = verb
        for _ in range(4):
            subs = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subs and subs[0].lower_ in ("which", "that", "who") and t.dep_ == "relcl" and self.ent(t.head):
                return [self.ent(t.head)]         # "the Alliance, which groups 64 companies"
            if subs:
                keys = []
                for s in subs:
                    keys += self.expand(s)
                    for c in s.children:        # "X, together with Y,"
                        if c.dep_ == "prep" and c.lower_ == "with" and any(x.lower_ == "together" for x in c.children):
                            keys += [k for g in c.children if g.dep_ == "pobj" for k in self.expand(g)]
                return keys
            if t.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp", "relcl", "ccomp") and t.head.i != t.i:
                if t.dep_ in ("acl", "relcl") and self.ent(t.head):
                    return [self.ent(t.head)]
                t = t.head
            else:
                break
        return []

    def mentions_in(self, sent: Span, classes) -> list[tuple[str, Span]]:
        """Each mention in the sentence of an entity of one of ``classes``, as (key, span)."""
        out = []
        token_ent = self.token_ent
        for key in sorted({token_ent[i] for i in range(sent.start, sent.end) if i in token_ent}):
            if self.cls(key) not in classes:
                continue
            for m in self.ents[key].mentions:
                if sent.start_char <= m.start < sent.end_char:
                    span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                    if span is not None:
                        out.append((key, span))
        return out

    def evidence(self, sent: Span, rule: str, confidence: float = 0.8) -> Evidence:
        return Evidence(doc_id=self.result.document.id, sentence=sent.text.strip(),
                        start=sent.start_char, end=sent.end_char, rule=rule, confidence=confidence)

    def rel(self, s: str | None, p: str, o: str | None, sent: Span, rule: str, conf: float = 0.8) -> None:
        if not s or not o or s == o:
            return
        cs, co = self.cls(s), self.cls(o)
        ok = {
            "memberOf": cs in ORGANISATIONS and co == "Alliance",
            "foundedBy": cs in ORGANISATIONS and co in ORGANISATIONS,
            "guidedBy": cs in ORGANISATIONS and co in ("GovernmentBody",),
            "issuedBy": cs == "Plan" and co in ("GovernmentBody", "Place"),
            "partnerOf": cs in ORGANISATIONS and co in ORGANISATIONS,
            "worksFor": cs == "Person" and co in ORGANISATIONS,
            "headquarteredIn": cs in ORGANISATIONS and co == "Place",
            "locatedIn": cs in ORGANISATIONS | {"Project", "Place"} and co == "Place",
            "subOrganizationOf": cs in ORGANISATIONS and co in ORGANISATIONS,
            "participatedIn": cs in ORGANISATIONS | {"Person"} and co in ("Project", "Alliance"),
        }[p]
        if not ok:
            return
        key = (s, p, o) if p != "partnerOf" else (min(s, o), p, max(s, o))
        if key in self._seen:
            return
        self._seen.add(key)
        self.result.relations.append(Relation(s, p, o, self.evidence(sent, rule, conf)))

    def attr(self, s: str, p: str, value, datatype: str, sent: Span, rule: str) -> None:
        old = [a for a in self.result.attributes if a.subj == s and a.pred == p]
        if old and rule in STRONGER.get(old[0].evidence.rule, ()):
            self.result.attributes.remove(old[0])   # the signing beats the announcement
            old = []
        if old:
            return
        self.result.attributes.append(Attribute(s, p, value, datatype, self.evidence(sent, rule)))

    def in_heading(self, sent: Span) -> bool:
        return any(a <= sent.start_char < b for a, b in self.headings)

    @staticmethod
    def the_alliance(tok: Token, words=lexicon.ALLIANCE_REFERENCES, pronoun: bool = True) -> bool:
        """Whether ``tok`` is the article's alliance told without its name: "the consortium",
        "the alliance's", "its" (who it is: :meth:`focus_alliance`)."""
        if pronoun and tok.lower_ == "its":
            return True
        return tok.lower_ in words and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children)

    def focus_alliance(self) -> str | None:
        alliances = self.of_class("Alliance")
        if len(alliances) == 1:
            return alliances[0]
        if alliances:
            ranked = sorted(alliances, key=lambda k: -self._counts[k])
            if self._counts[ranked[0]] >= 2 * self._counts[ranked[1]]:
                return ranked[0]
        return None

    def date_in(self, sent: Span) -> tuple[str, str] | None:
        for e in sent.ents:
            if e.label_ == "DATE":
                iso = parse_date(e.text)
                if iso:
                    return iso, "date"
        return None

    def unnamed_plan(self, tok: Token, sent: Span, what: str | None = None) -> str:
        for key in self.result.unnamed_plans:
            return key
        key = f"{self.result.document.id}#plan1"
        what = what or f"{tok.lemma_.capitalize()} described"
        self.result.unnamed_plans[key] = f"{what} in \u201c{self.result.document.title}\u201d"
        return key


def _number(tok: Token) -> float | None:
    text = tok.text.replace(",", "")
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12}
    if text.lower() in words:
        return words[text.lower()]
    try:
        v = float(text)
    except ValueError:
        return None
    return int(v) if v.is_integer() else v
