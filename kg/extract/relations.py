"""Relations, attributes, posts and targets from the structure of each sentence.

Each rule reads spaCy's dependency parse around a trigger word and names itself in the
evidence it leaves (``rule:partner-with``, ``rule:founded-by-passive`` ...). Lists are
expanded through conjunctions, appositions and "including"/"such as", so "established by
11 companies, including X, Y and Z" gives three ``foundedBy``. Subjects that are pronouns
or short forms ("it", "the company", "the alliance") resolve to the entity the article
makes unambiguous, or the rule does not fire: a wrong edge costs an analyst more than a
missing one.
"""
from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span, Token

from .. import lexicon
from ..ingest import parse_date
from ..records import (ORGANISATIONS, Attribute, Entity, Evidence, Extraction, Post,
                       Relation, Target)

FOUND_VERBS = {"establish", "found", "launch", "initiate", "form", "create", "co-found",
               "cofound", "inaugurate", "set", "start", "sponsor"}
PARTNER_HEADS = {"partner", "collaborate", "cooperate", "work", "team", "join", "ally",
                 "agreement", "partnership", "cooperation", "collaboration", "contract",
                 "memorandum", "mou", "deal", "pact", "venture", "alliance", "hands", "sign",
                 "tie", "link"}
ISSUE_VERBS = {"release", "issue", "unveil", "publish", "announce", "introduce", "adopt",
               "promulgate", "approve", "roll", "formulate", "launch", "present", "enact", "pass"}
GUIDANCE = {"guidance", "auspices", "supervision", "leadership", "direction", "guide"}
GUIDE_VERBS = {"guide", "supervise", "approve", "oversee", "steer"}
ATTEND_VERBS = {"witness", "attend", "participate", "join"}
OTHER_EVENTS = {"signing", "groundbreaking", "opening", "award", "awards", "contract", "commissioning",
                "completion", "handover", "delivery", "press", "trade", "annual", "ribbon-cutting"}
EVENT_NOUNS = {"ceremony", "establishment", "launch", "event", "meeting", "signing",
               "conference", "forum", "inauguration", "unveiling", "founding", "celebration"}
#: Attribute evidence a later rule may replace.
STRONGER = {"rule:founding-event-date": ("rule:founding-agreement",)}
COUNT_VERBS = {"bring", "have", "gather", "comprise", "include", "unite", "count", "number", "compose",
               "consist", "grow", "reach", "boast"}
WORK_VERBS = {"build", "construct", "develop", "operate", "run", "lead", "supply", "fund", "finance",
              "invest", "participate", "join", "deliver", "design", "commission", "manage", "equip",
              "provide", "install", "co-develop", "codevelop", "launch", "spearhead", "anchor", "support"}
BUILD_VERBS = {"build", "construct", "develop", "create", "establish", "operate", "deploy"}
MEMBER_NOUNS = {"member", "members", "unit", "units", "company", "companies", "enterprise",
                "enterprises", "organization", "organizations", "organisation", "organisations",
                "institution", "institutions", "firm", "firms", "partner", "partners"}
SUBORG_NOUNS = {"subsidiary", "unit", "division", "branch", "arm", "affiliate", "department",
                "bureau", "office", "institute"}
PRONOUNS = {"it", "its", "they", "their"}
GENERIC_ORG_NOUNS = {"company": "Company", "firm": "Company", "group": "Company",
                     "enterprise": "Company", "corporation": "Company", "automaker": "Company",
                     "alliance": "Alliance", "consortium": "Alliance", "partnership": "Alliance",
                     "coalition": "Alliance", "council": "Association", "federation": "Association",
                     "association": "Association", "university": "ResearchInstitution",
                     "institute": "ResearchInstitution", "ministry": "GovernmentBody",
                     "commission": "GovernmentBody", "government": "GovernmentBody",
                     "plan": "Plan", "strategy": "Plan", "project": "Project"}
MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
               "k": 1e3, "mn": 1e6, "bn": 1e9}
UNIT_WORDS = {"yuan": "yuan", "rmb": "yuan", "dollars": "USD", "usd": "USD", "euros": "EUR",
              "eur": "EUR", "won": "KRW", "yen": "JPY", "units": "vehicles", "vehicles": "vehicles",
              "cars": "vehicles", "trucks": "vehicles", "buses": "vehicles", "stations": "stations",
              "gw": "GW", "mw": "MW", "gigawatts": "GW", "megawatts": "MW", "tonnes": "tonnes",
              "tons": "tonnes", "kilometres": "km", "kilometers": "km", "km": "km", "%": "%",
              "percent": "%", "per": ""}
INTENT_WORDS = {"aim", "target", "goal", "plan", "ambition", "expect", "strive", "commit", "call",
                "seek", "intend", "envisage", "want", "set", "design", "objective", "will"}
TARGET_VERBS = {"exceed", "top", "reach", "hit", "achieve", "surpass", "attain", "deploy",
                "build", "install", "have", "produce", "aim", "target", "expect", "strive", "open",
                "fall", "cut", "reduce", "increase", "raise", "double", "operate", "put", "add"}


class RelationFinder:
    """Adds relations, attributes, posts and targets to an Extraction."""

    def __init__(self, doc: Doc, result: Extraction, headings: list[tuple[int, int]]):
        self.doc = doc
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
        self._last_subject: str | None = None
        self._counts = Counter({k: len(e.mentions) for k, e in self.ents.items()})

    # ----------------------------------------------------------------- helpers
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
            if cls == "Company" and self._last_subject and self.cls(self._last_subject) == "Company":
                return self._last_subject
            if cls == "Company":
                near = self._previous_org(tok, ("Company",))   # the company named last, if close by
                if near:
                    return near
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
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            key = self.ent(t)
            if key and key not in out:
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
            # a mention's tokens: walk up to the mention root's conjuncts
            if key and t.head.i != t.i and self.token_ent.get(t.head.i) == key:
                stack.append(t.head)
        if out:
            for k in self.surface_list(tok):     # the parser often loses long lists of names
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
            if subs:
                keys = []
                for s in subs:
                    keys += self.expand(s)
                    for c in s.children:        # "X, together with Y,"
                        if c.dep_ == "prep" and c.lower_ == "with" and any(x.lower_ == "together" for x in c.children):
                            keys += [k for g in c.children if g.dep_ == "pobj" for k in self.expand(g)]
                return keys
            if t.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp", "relcl", "ccomp") and t.head.i != t.i:
                if t.dep_ == "acl" and self.ent(t.head):
                    return [self.ent(t.head)]
                t = t.head
            else:
                break
        return []

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

    def focus_alliance(self) -> str | None:
        alliances = self.of_class("Alliance")
        if len(alliances) == 1:
            return alliances[0]
        if alliances:
            ranked = sorted(alliances, key=lambda k: -self._counts[k])
            if self._counts[ranked[0]] >= 2 * self._counts[ranked[1]]:
                return ranked[0]
        return None

    # ----------------------------------------------------------------- rules
    def run(self) -> None:
        sents = [s for s in self.doc.sents if s.text.strip() and not self.in_heading(s)]
        for sent in sents:                  # who founded what decides what is an alliance
            self.founding(sent)
        self.collaborations()
        for sent in sents:
            for rule in (self.founding, self.founding_event, self.founding_agreement, self.guidance, self.partners, self.membership,
                         self.issued, self.attendance, self.project_work, self.headquarters, self.located,
                         self.posts, self.suborganisation, self.targets):
                rule(sent)
            subs = [self.ent(t) for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"]
            subs = [s for s in subs if s and self.cls(s) in ORGANISATIONS]
            if subs:
                self._last_subject = subs[0]

    def collaborations(self) -> None:
        """A council or forum that several organisations founded together is an alliance (the
        contract's "body whose members are organisations, formed to cooperate")."""
        for key, e in self.ents.items():
            if e.cls != "Association":
                continue
            head = e.label.split(" of ")[0].split()[-1].lower()
            if head not in ("council", "forum", "platform", "union", "network", "committee", "coalition"):
                continue
            founders = {r.obj for r in self.result.relations if r.subj == key and r.pred == "foundedBy"}
            if len(founders) >= 2 and all(self.cls(f) in ORGANISATIONS for f in founders):
                e.cls = "Alliance"
                for m in e.mentions:
                    m.cls = "Alliance"

    def founding(self, sent: Span) -> None:
        for verb in sent:
            if verb.lemma_.lower() not in FOUND_VERBS or verb.pos_ not in ("VERB", "AUX"):
                continue
            passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
            founded: list[str] = []
            founders: list[str] = []
            counted = None
            if not passive and any(c.dep_ == "auxpass" for c in verb.children):
                # the parser lost the subject: the nearest alliance named before the verb
                before = [self.token_ent[t.i] for t in sent if t.i < verb.i and t.i in self.token_ent]
                before = [k for k in before if self.cls(k) == "Alliance"]
                if before:
                    passive = [self.doc[max(t.i for t in sent if self.token_ent.get(t.i) == before[-1])]]
            if passive:
                founded = [k for p in passive for k in self.expand(p)]
                for w in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                          and any(x.lower_ in ("together", "along") for x in c.children)):
                    founders += [k for g in w.children if g.dep_ == "pobj" for k in self.expand(g)]
                for agent in (c for c in verb.children if c.dep_ == "agent"):
                    for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                        founders += self.expand(pobj)
                        num = [c for c in pobj.children if c.like_num]
                        if num and pobj.lower_ in MEMBER_NOUNS:
                            counted = _number(num[0])
            elif verb.dep_ == "acl" or (verb.dep_ in ("advcl", "ROOT") and verb.i == sent.start + (
                    1 if sent[0].lower_ in ("co", "jointly") else 0) and any(c.dep_ == "agent" or c.lower_ == "on"
                                                                         for c in verb.children)):
                # "a grouping co-founded by X and Y", "Established on May 8, the company ..."
                head = verb.head
                if verb.dep_ == "acl":
                    founded = [k for k in [self.ent(head) or (self.ent(head.head) if head.dep_ == "appos" else None)] if k]
                    if not founded and head.pos_ == "NOUN" and head.i > sent.start:
                        # "the X Alliance, a grouping co-founded by ...": the name before the comma
                        first = min([c.i for c in head.children if c.dep_ == "det"] + [head.i])
                        if self.doc[first - 1].text == ",":
                            k = self.token_ent.get(first - 2)
                            founded = [k] if k and self.cls(k) in ORGANISATIONS else []
                else:
                    roots = [t for t in self.doc[verb.i + 1:verb.i + 30] if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")]
                    founded = self.subject(roots[0]) if roots else []
                for agent in (c for c in verb.children if c.dep_ == "agent"):
                    founders += [k for g in agent.children if g.dep_ == "pobj" for k in self.expand(g)]
                passive = [verb]
            else:
                founded = [k for c in verb.children if c.dep_ == "dobj" for k in self.expand(c)]
                founders = self.subject(verb)
            founded = [k for k in founded if self.cls(k) in ORGANISATIONS]
            for a in founded:
                for f in founders:
                    if f != a and self.cls(f) in ORGANISATIONS:
                        self.rel(a, "foundedBy", f, sent, "rule:founded-by" + ("-passive" if passive else ""))
                if self.cls(a) == "Alliance" and counted:
                    self.attr(a, "memberCount", counted, "integer", sent, "rule:founded-by-count")
                if verb.lemma_.lower() in ("establish", "found", "launch", "inaugurate", "form", "set"):
                    when = self.date_in(sent)
                    if when:
                        self.attr(a, "foundingDate", when[0], when[1], sent, "rule:founding-date")

    def founding_event(self, sent: Span) -> None:
        """'the founding conference of X was held on ...', 'announced today the establishment of X'."""
        for tok in sent:
            lemma = tok.lemma_.lower()
            event = tok.lower_ in ("establishment", "founding", "launch", "inauguration", "creation", "formation")
            event = event or (lemma in ("conference", "ceremony", "meeting", "assembly") and any(
                c.lower_ in ("founding", "launch", "inaugural", "establishment") for c in tok.children))
            if not event or tok.pos_ != "NOUN":
                continue
            of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj"]
            orgs = [k for g in of for k in self.expand(g)[:1] if self.cls(k) in ("Alliance", "Association")]
            if not orgs:
                continue
            when = self.date_in(sent)
            if when is None and any(t.lower_ == "today" for t in sent) and self.result.document.date:
                when = (self.result.document.date, "date")   # "today announced": the dateline's day
            if when:
                self.attr(orgs[0], "foundingDate", when[0], when[1], sent, "rule:founding-event-date")
            counted = [t for t in sent if t.i < tok.i and t.dep_ == "nummod" and t.ent_type_ not in ("DATE", "TIME")
                       and t.head.lemma_.lower() in MEMBER_NOUNS | {"partner", "body", "organisation"}
                       and t.head.dep_ in ("nsubj", "nsubjpass")]
            if counted and self.cls(orgs[0]) == "Alliance":
                n = _number(counted[0])            # "Eight companies ... announced the creation of X"
                if n:
                    self.attr(orgs[0], "memberCount", n, "integer", sent, "rule:founders-count")

    def founding_agreement(self, sent: Span) -> None:
        """"The consortium's founding agreement was signed on 31 January 2025 by A, B and C"."""
        for verb in sent:
            if verb.lemma_.lower() != "sign" or not any(c.dep_ == "agent" for c in verb.children):
                continue
            doc_noun = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if doc_noun is None or doc_noun.lemma_.lower() not in ("agreement", "charter", "memorandum", "declaration",
                                                                  "document", "convention", "statute", "articles"):
                continue
            if not any(c.lower_ in ("founding", "establishment", "constitutive", "inaugural") for c in doc_noun.children):
                continue
            owner = [self.ent(c) for c in doc_noun.children if c.dep_ == "poss"]
            owner = [o for o in owner if o and self.cls(o) in ("Alliance", "Association")] or \
                ([self.focus_alliance()] if self.focus_alliance() else [])
            signers = [k for c in verb.children if c.dep_ == "agent"
                       for g in c.children if g.dep_ == "pobj" for k in self.expand(g)]
            for a in owner[:1]:
                for f in signers:
                    if self.cls(f) in ORGANISATIONS:
                        self.rel(a, "foundedBy", f, sent, "rule:founding-agreement-signed-by")
                when = self.date_in(sent)
                if when:
                    self.attr(a, "foundingDate", when[0], when[1], sent, "rule:founding-agreement")

    def date_in(self, sent: Span) -> tuple[str, str] | None:
        for e in sent.ents:
            if e.label_ == "DATE":
                iso = parse_date(e.text)
                if iso:
                    return iso, "date"
        return None

    def guidance(self, sent: Span) -> None:
        for tok in sent:
            lemma = tok.lemma_.lower()
            guides: list[str] = []
            if tok.lower_ in GUIDANCE and tok.head.lower_ in ("under", "with"):
                for of in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
                    guides += [k for c in of.children if c.dep_ == "pobj" for k in self.expand(c)]
                verb = tok.head.head
            elif lemma in GUIDE_VERBS and tok.pos_ == "VERB":
                for agent in (c for c in tok.children if c.dep_ == "agent"):
                    guides += [k for c in agent.children if c.dep_ == "pobj" for k in self.expand(c)]
                verb = tok
            else:
                continue
            guides = [g for g in guides if self.cls(g) == "GovernmentBody"]
            if not guides:
                continue
            targets = [k for k in self.subject(verb) if self.cls(k) == "Alliance"]
            if not targets:
                targets = [self.token_ent[t.i] for t in sent if self.token_ent.get(t.i)
                           and self.cls(self.token_ent[t.i]) == "Alliance"][:1]
            for a in targets:
                for g in guides:
                    self.rel(a, "guidedBy", g, sent, "rule:under-guidance-of")

    def partners(self, sent: Span) -> None:
        for w in sent:
            if w.lower_ != "with" or w.dep_ not in ("prep", "dative"):
                continue
            head = w.head
            hl = head.lemma_.lower()
            if hl not in PARTNER_HEADS and head.lower_ not in PARTNER_HEADS:
                # "inked a deal with X": the verb's object says it is a partnership
                objs = [c.lemma_.lower() for c in head.children if c.dep_ == "dobj"]
                if head.pos_ != "VERB" or not any(o in PARTNER_HEADS for o in objs):
                    continue
                hl = next(o for o in objs if o in PARTNER_HEADS)
            if any(c.lower_ == "together" for c in w.children):
                continue
            others = [k for c in w.children if c.dep_ == "pobj" for k in self.expand(c)]
            others = [k for k in others if self.cls(k) in ORGANISATIONS]
            if not others:
                continue
            verb = head
            while verb.pos_ not in ("VERB",) and verb.head.i != verb.i:
                verb = verb.head
            subjects = [k for k in self.subject(verb) if self.cls(k) in ORGANISATIONS]
            if not subjects and head.pos_ == "VERB" and head.dep_ in ("acl", "advcl", "relcl"):
                subjects = [k for k in [self.ent(head.head)] if k]
            for s in subjects:
                for o in others:
                    self.rel(s, "partnerOf", o, sent, f"rule:partner-with:{hl}")
            # "... to jointly build X and Y": everyone at the table takes part
            for x in verb.subtree:
                if x.lemma_.lower() in BUILD_VERBS and x.i > w.i and x.dep_ in ("xcomp", "advcl", "acl", "relcl"):
                    projects = [k for c in x.children if c.dep_ == "dobj" for k in self.expand(c)
                                if self.cls(k) == "Project"]
                    for p in projects:
                        for s in subjects + others:
                            self.rel(s, "participatedIn", p, sent, "rule:jointly-build")

    def membership(self, sent: Span) -> None:
        alliance = self.focus_alliance()
        for tok in sent:
            low = tok.lower_
            # "As one of the first 45 member units, X ..." / "As a key member of the alliance, X"
            if low == "as" and tok.dep_ == "prep":
                sub = list(tok.subtree)
                if any(t.lower_ in ("member", "members") for t in sub):
                    named = [self.token_ent[t.i] for t in sub if t.i in self.token_ent
                             and self.cls(self.token_ent[t.i]) == "Alliance"]
                    target = named[0] if named else alliance
                    members = self.subject(tok.head)
                    for m in members:
                        self.rel(m, "memberOf", target, sent, "rule:as-member", 0.75)
                    for t in sub:
                        if t.like_num and t.head.lower_ in MEMBER_NOUNS and target:
                            n = _number(t)
                            if n:
                                self.attr(target, "memberCount", n, "integer", sent, "rule:member-count")
            # "X became a member of the alliance", "X, a member of the alliance,"
            if tok.lower_ in ("member", "members") and tok.dep_ in ("attr", "appos", "oprd"):
                of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"]
                targets = [k for g in of for k in [self.ent(g)] if k and self.cls(k) == "Alliance"]
                if targets:
                    members = [self.ent(tok.head)] if tok.dep_ == "appos" else self.subject(tok.head)
                    for m in members:
                        self.rel(m, "memberOf", targets[0], sent, "rule:member-of")
            # "The fifth founding member, Luheng Commercial Vehicle, signed the charter"
            if tok.lemma_.lower() == "member" and alliance and any(
                    c.dep_ == "appos" and self.token_ent.get(c.i) for c in tok.children):
                founding = any(c.lower_ in ("founding", "initial") for c in tok.children)
                for c in tok.children:
                    k = self.token_ent.get(c.i) if c.dep_ == "appos" else None
                    if k and self.cls(k) in ORGANISATIONS:
                        if founding:
                            self.rel(alliance, "foundedBy", k, sent, "rule:founding-member-apposition")
                        else:
                            self.rel(k, "memberOf", alliance, sent, "rule:member-apposition")
            # "Jangada is one of the members of the Ceará Green Hydrogen Alliance"
            if tok.lower_ == "one" and tok.dep_ in ("attr", "appos"):
                of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in ("member", "founder")]
                owners = [k for g in of for c in g.children if c.dep_ == "prep" and c.lower_ == "of"
                          for gg in c.children if gg.dep_ == "pobj" for k in [self.ent(gg)] if k]
                owners = [o for o in owners if self.cls(o) == "Alliance"]
                if owners:
                    members = [self.ent(tok.head)] if tok.dep_ == "appos" else self.subject(tok.head)
                    rel = "foundedBy" if of[0].lemma_.lower() == "founder" else "memberOf"
                    for m in members:
                        if rel == "memberOf":
                            self.rel(m, "memberOf", owners[0], sent, "rule:one-of-the-members")
                        else:
                            self.rel(owners[0], "foundedBy", m, sent, "rule:one-of-the-founders")
            # "the alliance now counts X among its members"
            if tok.lemma_.lower() in ("count", "number", "list") and tok.pos_ == "VERB" and any(
                    c.lower_ == "among" and any(g.lemma_.lower() == "member" for g in c.children)
                    for c in tok.children):
                owners = [k for k in self.subject(tok) if self.cls(k) == "Alliance"] or \
                    [k for c in tok.children if c.dep_ == "nsubj" for k in [self.ent(c)] if k]
                among = next(c for c in tok.children if c.lower_ == "among")
                objs = list(dict.fromkeys(self.token_ent[t.i] for t in self.doc[tok.i + 1:among.i]
                                          if t.i in self.token_ent))
                for a in owners[:1]:
                    for m in objs:
                        self.rel(m, "memberOf", a, sent, "rule:counts-among-members")
            # "X joined the alliance"
            if tok.lemma_.lower() == "join" and tok.pos_ == "VERB":
                objs = [k for c in tok.children if c.dep_ == "dobj" for k in self.expand(c)]
                for a in objs:
                    if self.cls(a) == "Alliance":
                        for m in self.subject(tok):
                            self.rel(m, "memberOf", a, sent, "rule:joined")
            # "members include X, Y" / "its members are X and Y"
            if tok.lemma_.lower() in ("include", "be", "comprise") and tok.pos_ in ("VERB", "AUX"):
                subj = [c for c in tok.children if c.dep_ == "nsubj" and c.lemma_.lower() in (
                            "member", "founder", "batch", "membership", "roster", "lineup")
                        or c.dep_ == "nsubj" and c.lower_ in ("members", "founders")]
                if not subj:
                    continue
                s = subj[0]
                founding = any(c.lower_ in ("founding", "initial") for c in s.children)
                owner = [self.ent(c) for c in s.children if c.dep_ == "poss"]
                owner += [k for c in s.children if c.dep_ == "prep" and c.lower_ == "of"
                          for g in c.children if g.dep_ == "pobj" for k in [self.ent(g)]]
                owner = [o for o in owner if o and self.cls(o) == "Alliance"] or ([alliance] if alliance else [])
                objs = [k for c in tok.children if c.dep_ in ("dobj", "attr") for k in self.expand(c)]
                for a in owner[:1]:
                    for m in objs:
                        if founding:
                            self.rel(a, "foundedBy", m, sent, "rule:founding-members-include")
                        else:
                            self.rel(m, "memberOf", a, sent, "rule:members-include")
            # "The four founding members signed the charter"
            if tok.like_num and tok.dep_ == "nummod" and tok.head.lower_ == "members" and \
                    tok.head.dep_ in ("nsubj", "nsubjpass") and alliance and any(
                        c.lower_ in ("founding", "initial") for c in tok.head.children):
                n = _number(tok)
                if n:
                    self.attr(alliance, "memberCount", n, "integer", sent, "rule:founding-members-count")
            # "brings together 45 member units"
            if tok.like_num and tok.head.lower_ in ("units", "members", "companies", "enterprises",
                                                     "organizations", "organisations", "institutions") \
                    and tok.dep_ == "nummod":
                verb = tok.head.head
                if verb.pos_ == "ADP":
                    verb = verb.head                       # "brings the alliance to 19 members"
                subs = [k for k in self.subject(verb) if self.cls(k) == "Alliance"] if verb.pos_ == "VERB" else []
                if verb.lemma_.lower() == "bring":          # "brings the alliance to 19 members"
                    subs = [k for c in verb.children if c.dep_ == "dobj" for k in [self.ent(c)]
                            if k and self.cls(k) == "Alliance"] or subs
                if subs and verb.lemma_.lower() in COUNT_VERBS:
                    n = _number(tok)
                    if n:
                        self.attr(subs[0], "memberCount", n, "integer", sent, "rule:member-count")
                elif any(t.lemma_.lower() in COUNT_VERBS for t in self.doc[max(tok.i - 3, sent.start):tok.i]):
                    # the parse lost the verb: "The alliance ... now has 42 member companies"
                    named = [self.ent(t) for t in sent if t.i < tok.i and t.dep_ in ("nsubj", "nsubjpass")]
                    named = [k for k in named if k and self.cls(k) == "Alliance"]
                    n = _number(tok)
                    if named and n:
                        self.attr(named[0], "memberCount", n, "integer", sent, "rule:member-count")

    def issued(self, sent: Span) -> None:
        for verb in sent:
            if verb.lemma_.lower() not in ISSUE_VERBS or verb.pos_ != "VERB":
                continue
            if verb.dep_ in ("acl", "relcl") or any(c.dep_ == "agent" for c in verb.children):
                plan_tok = verb.head if verb.dep_ in ("acl", "relcl") else None
                issuers = [k for c in verb.children if c.dep_ == "agent"
                           for g in c.children if g.dep_ == "pobj" for k in self.expand(g)]
                if verb.dep_ == "relcl" and not issuers:   # "the Plan, which the commission issued"
                    issuers = [k for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in ("which", "that")
                               for k in self.expand(c)]
                if plan_tok is None:
                    plan_tok = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            else:
                issuers = self.subject(verb)
                plan_tok = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if plan_tok is None:
                continue
            issuers = [k for k in issuers if self.cls(k) in ("GovernmentBody", "Place")]
            if not issuers:
                continue
            plans = [k for k in self.expand(plan_tok) if self.cls(k) == "Plan"]
            if not plans and plan_tok.lemma_.lower() in ("plan", "strategy", "policy", "roadmap", "programme",
                                                          "program", "guideline", "measure", "opinion"):
                plans = [self.unnamed_plan(plan_tok, sent)]
            for p in plans:
                for g in issuers[:1]:
                    self.rel(p, "issuedBy", g, sent, "rule:issued-by")

    def unnamed_plan(self, tok: Token, sent: Span, what: str | None = None) -> str:
        for key in self.result.unnamed_plans:
            return key
        key = f"{self.result.document.id}#plan1"
        what = what or f"{tok.lemma_.capitalize()} described"
        self.result.unnamed_plans[key] = f"{what} in \u201c{self.result.document.title}\u201d"
        return key

    def attendance(self, sent: Span) -> None:
        for verb in sent:
            lemma = verb.lemma_.lower()
            if lemma not in ATTEND_VERBS or verb.pos_ != "VERB":
                continue
            objs = [c for c in verb.children if c.dep_ == "dobj"]
            objs += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"
                     for g in c.children if g.dep_ == "pobj"]
            target = None
            for o in objs:
                k = self.ent(o)
                if k and self.cls(k) in ("Project", "Alliance"):
                    target = k
                elif (o.lemma_.lower() in EVENT_NOUNS or any(c.lemma_.lower() in EVENT_NOUNS for c in o.children)) \
                        and not any(c.lower_ in OTHER_EVENTS for c in o.children) and o.lower_ not in OTHER_EVENTS:
                    target = self.focus_alliance()     # not a "signing ceremony": that is another event
            if not target or lemma == "join" and self.cls(target) == "Alliance":
                continue
            people = []
            for s in (c for c in verb.children if c.dep_ == "nsubj"):
                people += self.expand(s)
                people += [self.token_ent[t.i] for t in s.subtree if t.i in self.token_ent]
                for prep in (c for c in s.subtree if c.dep_ == "prep" and c.lower_ in ("from", "of")):
                    for g in prep.children:
                        if g.dep_ == "pobj":
                            people += self.expand(g)
            for p in dict.fromkeys(people):
                self.rel(p, "participatedIn", target, sent, f"rule:{lemma}-event", 0.7)

    def project_work(self, sent: Span) -> None:
        """Organisations that build, run, lead, supply or fund a named project take part in it:
        "Bluepeak will build five stations for the Central Valley Corridor", "the hub, led by X"."""
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in WORK_VERBS:
                continue
            passive = any(c.dep_ in ("auxpass", "agent") for c in verb.children) or verb.dep_ == "acl"
            if passive:
                actors = [k for c in verb.children if c.dep_ == "agent"
                          for g in c.children if g.dep_ == "pobj" for k in self.expand(g)]
                targets = [k for c in verb.children if c.dep_ == "nsubjpass" for k in self.expand(c)]
                if verb.dep_ in ("acl", "relcl") and self.ent(verb.head):
                    targets.append(self.ent(verb.head))
            else:
                actors = self.subject(verb)
                targets = [k for c in verb.children if c.dep_ == "dobj" for k in self.expand(c)]
            heads = [verb] + [c for c in verb.children if c.dep_ == "dobj"]   # "build stations for X"
            targets += [k for h in heads for c in h.children
                        if c.dep_ == "prep" and c.lower_ in ("for", "on", "to", "at", "in", "along")
                        for g in c.children if g.dep_ == "pobj" for k in self.expand(g)]
            for a in actors:
                for t in targets:
                    if self.cls(t) == "Project" and self.cls(a) in ORGANISATIONS:
                        self.rel(a, "participatedIn", t, sent, f"rule:{verb.lemma_.lower()}-project", 0.7)

    def headquarters(self, sent: Span) -> None:
        for tok in sent:
            low = tok.lower_
            if low not in ("headquartered", "based", "headquarters"):
                continue
            if low == "headquarters":               # "at its headquarters in Sacramento"
                owner = [c for c in tok.children if c.dep_ == "poss"]
                wh = [k for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"
                      for g in c.children if g.dep_ == "pobj" for k in [self.ent(g)] if k and self.cls(k) == "Place"]
                org = self.ent(owner[0]) if owner else None
                if org and wh and self.cls(org) in ORGANISATIONS:
                    self.rel(org, "headquarteredIn", wh[0], sent, "rule:its-headquarters-in")
                continue
            places = []
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "at"):
                    places += [k for g in c.children if g.dep_ == "pobj" for k in self.expand(g)]
                if c.dep_ in ("npadvmod", "compound", "nmod") and low in ("based", "headquartered"):   # "Munich-based"
                    k = self.ent(c)
                    if k:
                        places.append(k)
            if not places and tok.i + 2 < len(self.doc) and self.doc[tok.i + 1].lower_ in ("in", "at"):
                k = self.ent(self.doc[tok.i + 2])     # the parse missed it: read the surface
                places = [k] if k else []
            places = [p for p in places if self.cls(p) == "Place"][:1]
            if not places:
                continue
            orgs: list[str] = []
            if tok.i == sent.start or tok.dep_ == "ROOT" and tok.i < sent.root.i or (
                    tok.dep_ == "ROOT" and tok.pos_ == "PROPN"):
                # the clause after the participle (the parser may have cut it into a sentence of its own)
                roots = [t for t in self.doc[tok.i + 1:tok.i + 25] if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")]
                if roots:
                    orgs = self.subject(roots[0])
                    for o in orgs[:1]:
                        self.rel(o, "headquarteredIn", places[0], sent, "rule:headquartered-in")
                    continue
            if tok.dep_ in ("amod", "acl") and tok.head.i != tok.i:
                noun = tok.head
                k = self.token_ent.get(noun.i)
                if not k and noun.lemma_.lower() in lexicon.ORG_NOUNS and any(
                        c.lower_ in ("the", "this") for c in noun.children):
                    # "X signed with Y ..., the Aalborg-based company said": the sentence's subject first
                    root_subj = [self.token_ent[t.i] for t in sent if t.i < noun.i and t.dep_ == "nsubj"
                                 and t.i in self.token_ent and self.cls(self.token_ent[t.i]) in ORGANISATIONS]
                    k = root_subj[0] if root_subj else (self.ent(noun) or self._previous_org(noun))
                k = k or self.ent(noun)
                if not k and noun.dep_ == "appos":           # "Redline, a Fresno-based operator"
                    k = self.ent(noun.head)
                elif not k and noun.dep_ == "attr":          # "X is a Baotou-based company"
                    k = next(iter(self.subject(noun.head)), None)
                orgs = [k] if k else []
            elif tok.dep_ == "advcl":                       # "Headquartered in X, Y is ..."
                orgs = self.subject(tok.head)
            else:
                orgs = self.subject(tok)
            for o in orgs[:1]:
                self.rel(o, "headquarteredIn", places[0], sent, "rule:headquartered-in")

    def located(self, sent: Span) -> None:
        # "X in Jiulongpo District" / "located in Y": a project or organisation next to a place
        for tok in sent:
            if tok.lower_ not in ("in", "at") or tok.dep_ != "prep":
                continue
            objs = [g for g in tok.children if g.dep_ == "pobj"]
            # "in the city of Lingwu", "in the province of Jiangsu"
            objs += [gg for g in objs if g.lemma_.lower() in ("city", "town", "province", "district", "county",
                                                              "state", "region", "village", "municipality")
                     for c in g.children if c.dep_ == "prep" and c.lower_ == "of"
                     for gg in c.children if gg.dep_ == "pobj"]
            places = [k for g in objs for k in [self.ent(g)] if k and self.cls(k) == "Place"]
            if not places:
                continue
            head = tok.head
            lemma = head.lemma_.lower()
            placing = lemma in ("locate", "situate", "site", "set", "build", "construct", "house")
            if placing and head.dep_ in ("acl", "relcl") and not self.token_ent.get(head.head.i) \
                    and head.head.dep_ == "appos" and self.token_ent.get(head.head.head.i):
                subs = [self.token_ent[head.head.head.i]]   # "the X Base, a project located in Ordos"
            elif placing and head.dep_ in ("acl", "relcl") and self.ent(head.head):
                subs = [self.ent(head.head)]        # "the Center, to be set up in Yinchuan"
            elif lemma in ("locate", "situate", "site"):
                subs = self.subject(head)           # "X is located in Y"
            else:
                k = self.token_ent.get(head.i)
                subs = [k] if k else []
            for s in subs:
                if self.cls(s) in ("Project", "Place") or placing:
                    self.rel(s, "locatedIn", places[-1], sent, "rule:located-in", 0.7)
        # "the cluster covers Guangzhou, Shenzhen and Foshan"
        for verb in sent:
            if verb.lemma_.lower() in ("cover", "span", "encompass", "include", "stretch") and verb.pos_ == "VERB":
                subs = [k for k in self.subject(verb) if self.cls(k) in ("Project", "Place")]
                places = list(dict.fromkeys(
                    self.token_ent[t.i] for t in verb.subtree if t.i > verb.i and t.i in self.token_ent
                    and self.cls(self.token_ent[t.i]) == "Place" and not any(
                        a.dep_ in ("relcl", "advcl", "acl") and a.i > verb.i for a in t.ancestors
                        if a.i < t.i and verb in a.ancestors)))
                for s_ in subs[:1]:
                    for p in places:
                        self.rel(s_, "locatedIn", p, sent, "rule:covers-places", 0.7)
        # "Qingbaijiang District of Chengdu", "Pidu District, Chengdu", "Jiading District in Shanghai"
        for i in range(len(sent) - 2):
            a = self.token_ent.get(sent[i].i)
            if not a or self.cls(a) != "Place" or sent[i].lower_ not in ("district", "county", "province", "prefecture", "city"):
                continue
            if sent[i + 1].lower_ in ("of", ",", "in"):
                b = self.token_ent.get(sent[i + 2].i)
                if b and b != a and self.cls(b) == "Place":
                    self.rel(a, "locatedIn", b, sent, "rule:district-of-place", 0.8)
        # "the port cities of Qinzhou, Beihai and Fangchenggang on the Beibu Gulf"
        for tok in sent:
            if tok.lemma_.lower() not in ("city", "port", "town", "county", "district", "province", "area", "region"):
                continue
            listed = [k for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj" for k in self.expand(g) if self.cls(k) == "Place"]
            where = [k for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "in", "along", "around")
                     for g in c.children if g.dep_ == "pobj" for k in [self.ent(g)] if k and self.cls(k) == "Place"]
            if not where and listed:
                last = self.doc[max(self.doc.char_span(m.start, m.end, alignment_mode="expand").end
                                    for m in self.ents[listed[-1]].mentions if sent.start_char <= m.start < sent.end_char) - 1]
                nxt = last.i + 1
                if nxt + 1 < len(self.doc) and self.doc[nxt].lower_ in ("on", "in", "along", "around"):
                    k = self.ent(self.doc[nxt + 2]) if self.doc[nxt + 1].lower_ == "the" else self.ent(self.doc[nxt + 1])
                    where = [k] if k and self.cls(k) == "Place" else []
            for p in listed:
                for w in where[:1]:
                    self.rel(p, "locatedIn", w, sent, "rule:places-of-a-region", 0.7)
        # "Aberdeen, Scotland", "Ningbo, Zhejiang Province": a place, then its country or province
        for i in range(len(sent) - 2):
            a = self.token_ent.get(sent[i].i)
            if not a or self.cls(a) != "Place" or sent[i + 1].text != "," or self.token_ent.get(sent[i + 1].i):
                continue
            if self.token_ent.get(sent[i + 2].i) in (None, a):
                continue
            b = self.token_ent[sent[i + 2].i]
            end = sent[i + 2].i
            while end + 1 < len(self.doc) and self.token_ent.get(end + 1) == b:
                end += 1
            after = self.doc[end + 1] if end + 1 < len(self.doc) else None
            if after is not None and after.pos_ in ("AUX", "VERB"):
                continue                              # "... in the Delta, Shanghai will build ..."
            if self.cls(b) == "Place" and lexicon.is_region(self.ents[b].label) and \
                    not lexicon.is_region(self.ents[a].label) and \
                    lexicon.head_class(self.ents[a].label.split()) != "Place":
                self.rel(a, "locatedIn", b, sent, "rule:place-comma-region", 0.8)
        # "Chengdu, capital of Sichuan province"
        for tok in sent:
            if tok.lower_ == "capital" and tok.dep_ == "appos":
                city = self.ent(tok.head)
                of = [k for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj" for t in g.subtree for k in [self.ent(t)] if k]
                if city and of and self.cls(city) == "Place" and self.cls(of[0]) == "Place":
                    self.rel(city, "locatedIn", of[0], sent, "rule:capital-of", 0.9)
        # a place in brackets inside a project's name: "China Western (Chongqing) Hydrogen Valley"
        for key in {self.token_ent[t.i] for t in sent if t.i in self.token_ent}:
            e = self.ents[key]
            if e.cls != "Project":
                continue
            for other in self.of_class("Place"):
                place = self.ents[other]
                if any(re.search(rf"\({re.escape(n)}\)", e.label) for n in place.names()) \
                        and place.label != e.label:
                    m = next(m for m in e.mentions if m.start >= sent.start_char)
                    ev_sent = self.doc.char_span(m.start, m.end, alignment_mode="expand").sent
                    self.rel(key, "locatedIn", other, ev_sent, "rule:place-in-project-name", 0.6)

    def posts(self, sent: Span) -> None:
        for key in sorted({self.token_ent[t.i] for t in sent if t.i in self.token_ent}):
            if self.cls(key) != "Person":
                continue
            for m in self.ents[key].mentions:
                if not (sent.start_char <= m.start < sent.end_char):
                    continue
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                for found in (self._post_after(span), self._post_before(span), self._post_elected(span)):
                    if not found:
                        continue
                    role, orgs, rule = found
                    for o in orgs:
                        self.rel(key, "worksFor", o, sent, rule)
                    if not any(p.holder == key and set(p.orgs) == set(orgs) for p in self.result.posts):
                        self.result.posts.append(Post(key, tuple(orgs), role, self.evidence(sent, rule)))

    def _role_run(self, start: int, stop_words=("of", "at", "for", "with")) -> tuple[int, int]:
        k = start
        while k < len(self.doc):
            t = self.doc[k]
            if t.lower_ in stop_words and k > start:
                break
            if t.lower_ in lexicon.ROLE_WORDS or t.text == "-" or (t.lower_ == "and" and k > start):
                k += 1
                continue
            break
        while k > start and self.doc[k - 1].lower_ in ("and", "of", "the", "-"):
            k -= 1
        return start, k

    def _orgs_from(self, k: int) -> tuple[list[str], int]:
        """Organisations named from token k on: 'the Division of X of the Y' -> [division, Y]."""
        orgs = []
        while k < len(self.doc):
            if self.doc[k].lower_ in ("the", "of", "at"):
                k += 1
                continue
            key = self.token_ent.get(k)
            if key and self.cls(key) == "Place" and not orgs:
                key = self._government_of(key)   # "Mayor of Baicheng"
            if not key or self.cls(key) not in ORGANISATIONS:
                break
            if key not in orgs:
                orgs.append(key)
            while k < len(self.doc) and self.token_ent.get(k) == key:
                k += 1
            if not (k < len(self.doc) and self.doc[k].lower_ in ("of", "at")):
                break                                  # "... of the Policy Bureau at MOTIE"
        return orgs, k

    def _post_after(self, span: Span):
        """'Ju Xinjue, Deputy Director of the Division of ... of the Commission'."""
        k = span.end
        if k >= len(self.doc) or self.doc[k].text != ",":
            return None
        if k + 2 < len(self.doc) and self.doc[k + 1].lower_ == "who" and self.doc[k + 2].lemma_ == "be":
            k += 2                                    # "X, who is also chairman of Y"
            while k + 1 < len(self.doc) and self.doc[k + 1].pos_ == "ADV":
                k += 1
        s, e = self._role_run(k + 1)
        board = re.match(r"of the (supervisory |executive |management )?board( of directors| of supervisors)?\b",
                         self.doc[e:e + 7].text) if e < len(self.doc) else None
        if board and any(t.lower_ in lexicon.ROLE_HEADS for t in self.doc[s:e]):
            # "chairman of the board of directors of APSA": the board is part of the post
            e = self.doc.char_span(self.doc[e].idx, self.doc[e].idx + board.end(), alignment_mode="expand").end
        if not any(t.lower_ in lexicon.ROLE_HEADS for t in self.doc[s:e]):
            # "second-level inspector of", "net zero convener at": any short phrase ending in a post
            j = k + 1
            while j < min(len(self.doc), k + 10) and (self.doc[j].is_alpha or self.doc[j].text == "-") \
                    and self.doc[j].lower_ not in ("of", "at", "said", "says") and j not in self.token_ent:
                j += 1
            head_part = [t for t in self.doc[k + 1:j]]
            if "for" in [t.lower_ for t in head_part]:   # "state secretary for economic development at"
                head_part = head_part[:[t.lower_ for t in head_part].index("for")]
            if j < len(self.doc) and self.doc[j].lower_ in ("of", "at") and head_part and \
                    head_part[-1].lower_ in lexicon.ROLE_HEADS:
                s, e = k + 1, j
        role_toks = self.doc[s:e]
        if k + 2 < len(self.doc) and self.doc[k + 1].lower_ == "who" and \
                self.doc[k + 2].lemma_.lower() in ("head", "lead", "chair", "run", "direct", "manage"):
            orgs, _ = self._orgs_from(k + 3)           # "Callum Reid, who heads Grampian Energy Group's ..."
            at = next((t for t in self.doc[k + 3:k + 12] if t.lower_ == "at" and t.head.i >= k + 2), None)
            if not orgs and at is not None:            # "who leads the catalyst group at Kyushu University"
                orgs, _ = self._orgs_from(at.i + 1)
            if not orgs:                               # "who heads the research center"
                obj = next((c for c in self.doc[k + 2].children if c.dep_ == "dobj"), None)
                found = self.ent(obj) if obj is not None else None
                orgs = [found] if found and self.cls(found) in ORGANISATIONS else []
            if orgs:
                role = {"chair": "chair", "direct": "director", "manage": "manager"}.get(
                    self.doc[k + 2].lemma_.lower(), "head")
                return role, orgs[:1], "rule:who-heads-org"
        if not any(t.lower_ in lexicon.ROLE_HEADS for t in role_toks):
            # "Dana Whitfield, X's chief technology officer" / "Marco Bianchi, the company's CTO"
            first = k + 2 if k + 2 < len(self.doc) and self.doc[k + 1].lower_ == "the" else k + 1
            key = self.token_ent.get(first) or (self.ent(self.doc[first]) if first < len(self.doc) else None)
            if key and self.cls(key) in ORGANISATIONS:
                j = first
                while j < len(self.doc) and self.token_ent.get(j) == key:
                    j += 1
                j = max(j, first + 1)
                if j < len(self.doc) and self.doc[j].text in ("'s", "’s", "'", "’"):
                    s2, e2 = self._role_run(j + 1)
                    if any(t.lower_ in lexicon.ROLE_HEADS for t in self.doc[s2:e2]):
                        return self.doc[s2:e2].text, [key], "rule:person-org-possessive-role"
            return None
        if e < len(self.doc) and self.doc[e].lower_ in ("of", "at", "for", "with"):
            orgs, _ = self._orgs_from(e + 1)
            if orgs:
                self._suborg_chain(orgs, span.sent)
                return role_toks.text, orgs, "rule:person-role-of-org"
            # "Director of Research at X": the post runs on to "at"
            j = e + 1
            while j < min(len(self.doc), e + 5) and self.doc[j].text[:1].isupper() and j not in self.token_ent:
                j += 1
            if j < len(self.doc) and j > e + 1 and self.doc[j].lower_ == "at":
                orgs, _ = self._orgs_from(j + 1)
                if orgs:
                    return self.doc[s:j].text, orgs, "rule:person-role-at-org"
        return None

    def _post_elected(self, span: Span):
        """'Kim, ..., was elected (as) the first chairman of the UHMC'."""
        verb = span.root.head
        if verb.lemma_.lower() not in ("elect", "appoint", "name", "select", "choose") or \
                span.root.dep_ != "nsubjpass":
            return None
        for k in range(verb.i + 1, min(len(self.doc), verb.i + 5)):
            if self.doc[k].lower_ in lexicon.ROLE_WORDS and self.doc[k].lower_ not in ("the", "of", "and"):
                s, e = self._role_run(k)
                if e < len(self.doc) and self.doc[e].lower_ == "of" and any(
                        t.lower_ in lexicon.ROLE_HEADS for t in self.doc[s:e]):
                    target = self.ent(self.doc[e + 2]) if e + 2 < len(self.doc) and self.doc[e + 1].lower_ == "the" \
                        else self.ent(self.doc[e + 1]) if e + 1 < len(self.doc) else None
                    if target and self.cls(target) in ORGANISATIONS:
                        return self.doc[s:e].text, [target], "rule:elected-role-of-org"
                break
        return None

    def _post_before(self, span: Span):
        """'REFIRE's chairman Lin Qi', 'Chairman of X Lin Qi', 'X CEO Jane Doe'."""
        k = span.start - 1
        while k >= 0 and self.doc[k].lower_.rstrip(".") + "." in {t.rstrip(".") + "." for t in lexicon.PERSON_TITLES}:
            k -= 1
        if k >= 3 and self.doc[k].lemma_ == "be" and self.doc[k - 1].lower_ in lexicon.ROLE_HEADS \
                and self.doc[k - 2].lower_ == "whose":
            org = self.ent(self.doc[k - 4]) if self.doc[k - 3].text == "," else self.ent(self.doc[k - 3])
            if org and self.cls(org) in ORGANISATIONS:   # "the Institute, whose director is Dr. Sofia Brandão"
                return self.doc[k - 1].text, [org], "rule:whose-role-is"
        if k >= 3 and self.doc[k].text == "," and self.doc[k - 1].lower_ in lexicon.ROLE_HEADS \
                and self.doc[k - 2].lower_ == "whose":
            org = self.ent(self.doc[k - 4]) if self.doc[k - 3].text == "," else self.ent(self.doc[k - 3])
            if org and self.cls(org) in ORGANISATIONS:   # "the Institute, whose director, Professor Fei Ran,"
                return self.doc[k - 1].text, [org], "rule:whose-role-is"
        if k >= 0 and self.doc[k].text == ",":
            k -= 1                                  # "X's Chief Technology Officer, Florian Weiss"
        j = k
        while j >= 0 and (self.doc[j].lower_ in lexicon.ROLE_WORDS or self.doc[j].text == "-"
                          or self.doc[j].lower_ == "for") and self.doc[j].lower_ not in ("of", "the", "and"):
            j -= 1                                  # "vice president for hydrogen"
        role = self.doc[j + 1:k + 1]
        if not len(role) or not any(t.lower_ in lexicon.ROLE_HEADS for t in role):
            return None
        p = j
        if p >= 0 and self.doc[p].text in ("'s", "’s", "'", "’"):
            p -= 1
        key = self.ent(self.doc[p]) if p >= 0 else None
        if p >= 0 and self.doc[p].lower_ in ("its", "their"):
            key = self._previous_org(self.doc[p])  # "Its director, Professor Zhang Ruolin,"
        if key and self.cls(key) == "Place":
            key = self._government_of(key)       # "Changwon Mayor Seo Jae-hyun"
        elif key is None and p >= 0 and self.doc[p].text[:1].isupper():
            govs = [k for k, e in self.ents.items() if e.cls == "GovernmentBody"
                    and e.label.startswith(self.doc[p].text + " ")]
            key = govs[0] if len(govs) == 1 else None
        if key and self.cls(key) in ORGANISATIONS:
            return role.text, [key], "rule:org-role-person"
        return None

    def _government_of(self, place: str) -> str | None:
        """The one government body of the article named after a place ("Changwon City Hall")."""
        names = self.ents[place].names()
        govs = [k for k, e in self.ents.items() if e.cls == "GovernmentBody"
                and any(e.label.startswith(n + " ") for n in names)]
        return govs[0] if len(govs) == 1 else None

    def _suborg_chain(self, orgs: list[str], sent: Span) -> None:
        for a, b in zip(orgs, orgs[1:]):
            head = self.ents[a].label.split(" of ")[0].split()[-1].lower()
            if head in SUBORG_NOUNS:
                self.rel(a, "subOrganizationOf", b, sent, "rule:division-of")

    def suborganisation(self, sent: Span) -> None:
        for tok in sent:
            if tok.lemma_.lower() not in SUBORG_NOUNS or tok.dep_ not in ("appos", "attr"):
                continue
            of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "under")]
            parents = [k for c in of for g in c.children if g.dep_ == "pobj" for k in self.expand(g)]
            child = self.ent(tok.head) if tok.dep_ == "appos" else next(
                (k for c in tok.head.children if c.dep_ == "nsubj" for k in [self.ent(c)] if k), None)
            for p in parents[:1]:
                if child and self.cls(p) in ORGANISATIONS:
                    self.rel(child, "subOrganizationOf", p, sent, "rule:subsidiary-of")
        # "X, which is owned by Y" / "X, wholly owned by Y"
        for verb in sent:
            if verb.lemma_.lower() in ("own", "control") and any(c.dep_ == "agent" for c in verb.children):
                parents = [k for c in verb.children if c.dep_ == "agent"
                           for g in c.children if g.dep_ == "pobj" for k in self.expand(g)]
                if verb.dep_ in ("acl", "relcl"):
                    child = self.ent(verb.head)
                else:
                    child = next(iter(self.subject(verb)), None)
                for p in parents[:1]:
                    if child and self.cls(child) in ORGANISATIONS and self.cls(p) in ORGANISATIONS:
                        self.rel(child, "subOrganizationOf", p, sent, "rule:owned-by")
        # "the Division of X of the Y" written as two adjacent names
        keys = [self.token_ent.get(t.i) for t in sent]
        for i in range(len(sent) - 2):
            a, b = keys[i], keys[i + 2] if sent[i + 1].lower_ == "of" else None
            if a and b and a != b and sent[i + 1].lower_ == "of":
                self._suborg_chain([a, b], sent)
            if a and i + 3 < len(sent) and sent[i + 1].lower_ == "of" and sent[i + 2].lower_ == "the":
                c = keys[i + 3]
                if c and c != a:
                    self._suborg_chain([a, c], sent)

    def targets(self, sent: Span) -> None:
        years = [t for t in sent if re.fullmatch(r"20\d\d", t.text) and t.i not in self.token_ent and (
            t.head.lower_ in ("by", "in", "until", "before", "through")
            or (t.head.lower_ == "of" and t.head.head.lower_ == "end"))]
        if not years:
            return
        year = int(years[-1].text)
        intent = any(t.tag_ == "MD" or t.lemma_.lower() in INTENT_WORDS for t in sent) or any(
            t.lower_ == "to" and t.dep_ == "aux" and t.head.pos_ == "VERB" for t in sent)
        if not intent:
            return                                          # a fact about the past, not a target
        plan = None
        for tok in sent:
            if not tok.like_num or tok.i in {y.i for y in years} or re.fullmatch(r"(19|20)\d\d", tok.text):
                continue
            if tok.i in self.token_ent or tok.ent_type_ in ("DATE", "TIME", "ORDINAL"):
                continue                                    # part of a name or a date
            if any(t.lower_ == "from" for t in self.doc[max(tok.i - 3, 0):tok.i]):
                continue                                    # "down from 35 yuan": a baseline
            if tok.i > 0 and self.doc[tok.i - 1].text in ("$", "€", "¥", "£") and \
                    any(t.text == "(" for t in self.doc[max(tok.i - 3, 0):tok.i]):
                continue                                    # a currency conversion in brackets
            value = _number(tok)
            if value is None:
                continue
            j = tok.i + 1
            while j < len(self.doc) and self.doc[j].lower_ in MULTIPLIERS:
                value *= MULTIPLIERS[self.doc[j].lower_]
                j += 1
            unit_tok = self.doc[j] if j < len(self.doc) else None
            unit = UNIT_WORDS.get(unit_tok.lower_, unit_tok.text) if unit_tok is not None else ""
            if unit_tok is None or unit_tok.is_punct and unit != "%" or unit_tok.like_num:
                continue
            if any(r.value == value and r.year == year for r in self.result.targets):
                continue
            metric = self._metric(tok)
            if not metric:
                metric = self._counted(tok, j)
                if metric and unit_tok.lower_ not in UNIT_WORDS:
                    head = tok.head
                    while head.like_num and head.head.i != head.i:
                        head = head.head
                    unit = UNIT_WORDS.get(head.lower_, head.text)   # "300 hydrogen refuelling stations"
            if not metric:
                continue
            plan = plan or self._plan_for(sent)
            self.result.targets.append(Target(plan, metric, float(value), unit or "", year,
                                              self.evidence(sent, "rule:target-by-year", 0.7)))

    def _metric(self, num: Token) -> str | None:
        """What the number measures: the subject of the verb it completes."""
        verb = num.head
        hops = 0
        while verb.pos_ not in ("VERB",) and verb.head.i != verb.i and hops < 4:
            verb, hops = verb.head, hops + 1
        if verb.lemma_.lower() not in TARGET_VERBS and not any(c.lemma_.lower() in TARGET_VERBS for c in verb.children):
            return None
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            # "... and the output value of the industry to top 350 billion yuan": the words
            # before "to", back to the conjunction
            to = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"), None)
            if to is None:
                return None
            k = to.i - 1
            while k > 0 and not (self.doc[k].pos_ in ("CCONJ", "VERB", "NUM") or self.doc[k].is_punct):
                k -= 1
            words = [t.text for t in self.doc[k + 1:to.i] if t.pos_ not in ("DET", "PRON") and not t.is_punct]
            return " ".join(words) or None
        if subj.pos_ == "PRON" or self.token_ent.get(subj.i):
            objs = [c for c in verb.children if c.dep_ == "dobj" and c.i < num.i]
            if not objs:
                return None
            subj = objs[0]
        words = [t.text for t in subj.subtree if t.dep_ not in ("det", "poss") and not t.is_punct
                 and t.i < num.i]
        return re.sub(r"\s+", " ", " ".join(words)).strip() or None

    def _counted(self, num: Token, j: int) -> str | None:
        """'at least 300 hydrogen refuelling stations': the noun phrase the number counts."""
        head = num.head
        while head.like_num and head.head.i != head.i:
            head = head.head
        if head.pos_ not in ("NOUN", "PROPN") or head.i < num.i or head.lower_ in MULTIPLIERS:
            return None
        words = [t.text for t in self.doc[j:head.i + 1] if not t.is_punct]
        for c in head.children:                    # "of green hydrogen", "in operation"
            if c.dep_ == "prep" and c.i > head.i and c.lower_ in ("of", "in"):
                words += [t.text for t in c.subtree if not t.is_punct][:5]
        return " ".join(words) or None

    def _plan_for(self, sent: Span) -> str | None:
        named = [self.token_ent[t.i] for t in sent if t.i in self.token_ent and self.cls(self.token_ent[t.i]) == "Plan"]
        if named:
            return named[0]
        if self.result.unnamed_plans:
            return next(iter(self.result.unnamed_plans))
        plans = self.of_class("Plan")
        if len(plans) == 1 and any(t.lemma_.lower() == "plan" for t in sent):
            return plans[0]
        for t in sent:
            if t.lemma_.lower() in ("plan", "strategy", "roadmap", "programme", "program", "policy"):
                return self.unnamed_plan(t, sent)
        # a target with no plan named: the article's own unnamed plan holds it
        return self.unnamed_plan(sent[0], sent, "Targets")


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
