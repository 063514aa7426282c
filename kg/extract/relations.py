"""Relations and attributes from the structure of each sentence; :class:`RelationFinder`
runs them with the rules for posts (:mod:`.posts`) and targets (:mod:`.targets`).

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

from spacy.tokens import Span, Token

from .. import lexicon
from ..records import ORGANISATIONS
from .context import MEMBER_NOUNS, SUBORG_NOUNS, ArticleContext, _number
from .posts import PostRules
from .targets import TargetRules

FOUND_VERBS = {"establish", "found", "launch", "initiate", "form", "create", "co-found",
               "cofound", "inaugurate", "set", "start", "sponsor", "constitute", "incorporate"}
PARTNER_HEADS = {"partner", "collaborate", "cooperate", "work", "team", "join", "ally",
                 "agreement", "partnership", "cooperation", "collaboration", "contract",
                 "memorandum", "mou", "deal", "pact", "venture", "alliance", "hands", "sign",
                 "tie", "link"}
ISSUE_VERBS = {"release", "issue", "unveil", "publish", "announce", "introduce", "adopt",
               "promulgate", "approve", "roll", "formulate", "launch", "present", "enact", "pass"}
#: nouns that make whoever they name a founder: "a founding partner of", "the initiators are"
FOUNDER_NOUNS = {"founder", "founders", "co-founder", "co-founders", "cofounder", "initiator", "initiators"}
#: "a founding member", "its initiating units": the adjectives that make a member a founder
FOUNDING_WORDS = {"founding", "initiating", "co-founding", "initial"}
GUIDANCE = {"guidance", "auspices", "supervision", "leadership", "direction", "guide"}
AGREEMENT_NOUNS = {"agreement", "memorandum", "mou", "contract", "deal", "pact", "framework", "charter"}
STAKE_NOUNS = {"stake", "interest", "share", "shareholding", "equity"}
#: "its supervising unit", "the competent unit of the alliance"
SUPERVISING = {"supervising", "supervisory", "competent", "guiding"}
GUIDE_VERBS = {"guide", "supervise", "approve", "oversee", "steer"}
ATTEND_VERBS = {"witness", "attend", "participate", "join"}
OTHER_EVENTS = {"signing", "groundbreaking", "opening", "award", "awards", "contract", "commissioning",
                "completion", "handover", "delivery", "press", "trade", "annual", "ribbon-cutting"}
EVENT_NOUNS = {"ceremony", "establishment", "launch", "event", "meeting", "signing",
               "conference", "forum", "inauguration", "unveiling", "founding", "celebration"}
COUNT_VERBS = {"bring", "have", "gather", "comprise", "include", "unite", "count", "number", "compose",
               "consist", "grow", "reach", "boast", "group", "gather"}
WORK_VERBS = {"build", "construct", "develop", "operate", "run", "lead", "supply", "fund", "finance",
              "invest", "participate", "join", "deliver", "design", "commission", "manage", "equip",
              "provide", "install", "co-develop", "codevelop", "launch", "spearhead", "anchor", "support"}
BUILD_VERBS = {"build", "construct", "develop", "create", "establish", "operate", "deploy"}


#: Rules that only fire on a token whose lower-case form or lemma is one of these words
#: (each rule's first test of every token); sentences without any are not looked at.
TRIGGERS: dict[str, frozenset[str]] = {
    "founding": frozenset(FOUND_VERBS),
    "founding_event": frozenset({"establishment", "founding", "launch", "inauguration", "creation",
                                 "formation", "conference", "ceremony", "meeting", "assembly"}),
    "founding_agreement": frozenset({"sign"}),
    "guidance": frozenset(GUIDANCE | GUIDE_VERBS | SUPERVISING),
    "partners": frozenset({"with"}),
    "issued": frozenset(ISSUE_VERBS),
    "attendance": frozenset(ATTEND_VERBS),
    "project_work": frozenset(WORK_VERBS),
    "headquarters": frozenset({"headquartered", "based", "headquarters", "office", "base"}),
    "deals": frozenset({"agree", "sign", "award", "stake", "interest", "shareholding", "equity", "jointly"}),
    "joining": frozenset({"sign", "join", "make", "consist", "compose", "comprise", "among", "aboard", "board",
                          "include", "including", "newcomer", "newcomers", "new", "newest", "latest", "entrant"}
                         | FOUNDER_NOUNS | FOUNDING_WORDS),
}


class RelationFinder(PostRules, TargetRules, ArticleContext):
    """Adds relations, attributes, posts and targets to an Extraction: :meth:`run`."""

    def run(self) -> None:
        self.described_alliances()
        sents = [s for s in map(self.doc.sentence, self.doc.sents) if s.text.strip() and not self.in_heading(s)]
        # each sentence's words and lemmas: a rule whose trigger words are all missing is skipped
        words = [{t.lower_ for t in s} | {t.lemma_.lower() for t in s} for s in sents]
        for sent, w in zip(sents, words):   # who founded what decides what is an alliance
            if not FOUND_VERBS.isdisjoint(w):
                self.founding(sent)
        self.collaborations()
        for sent, w in zip(sents, words):
            for rule in (self.founding, self.founding_event, self.founding_agreement, self.guidance, self.partners,
                         self.membership, self.joining, self.deals,
                         self.issued, self.attendance, self.project_work, self.headquarters,
                         self.introduced_at_home, self.located,
                         self.posts, self.suborganisation, self.targets):
                needed = TRIGGERS.get(rule.__name__)
                if needed is None or not needed.isdisjoint(w):
                    rule(sent)
            subs = [self.ent(t) for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"]
            subs = [s for s in subs if s and self.cls(s) in ORGANISATIONS]
            self._previous_subject = subs[0] if subs else None
            if subs:
                self._last_subject = subs[0]

    def described_alliances(self) -> None:
        """A project's name the article calls a consortium or an alliance in apposition ("the
        Upper Vistula Hydrogen Valley (UVHV), the regional consortium of which ...") names an
        alliance: a body whose members are organisations."""
        for e in self.ents.values():
            if e.cls != "Project":
                continue
            for m in e.mentions:
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None and self._called_alliance(span.end):
                    e.cls = "Alliance"
                    for mm in e.mentions:
                        mm.cls = "Alliance"
                    break

    def _called_alliance(self, k: int) -> bool:
        """Whether the words from token ``k`` (just after a name) are ", the (regional)
        consortium" / ", an alliance": the apposition, read from the words (the parser often
        hangs it elsewhere); a parenthesised short form in between is skipped."""
        doc = self.doc
        if k < len(doc) and doc[k].text == "(":
            k = next((j + 1 for j in range(k, min(k + 8, len(doc))) if doc[j].text == ")"), len(doc))
        if k + 2 >= len(doc) or doc[k].text != "," or doc[k + 1].lower_ not in ("the", "a", "an"):
            return False
        for j in range(k + 2, min(k + 6, len(doc))):
            if j in self.token_ent:
                return False
            if doc[j].lower_ in ("consortium", "alliance", "coalition"):
                return True
            if doc[j].pos_ not in ("ADJ", "NOUN", "PROPN"):
                return False
        return False

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
            if passive and passive[0].lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
                passive = [verb.head]             # "the Institute, which was jointly founded by ..."
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
                    roots = [t for t in self.doc[verb.i + 1:max(sent.end, verb.i + 30)]
                             if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")]
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
                if verb.lemma_.lower() in ("establish", "found", "launch", "inaugurate", "form", "set",
                                           "initiate", "create", "co-found", "cofound", "constitute",
                                           "incorporate"):
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
            counted = [t for t in sent if t.i < tok.i and t.like_num and t.ent_type_ not in ("DATE", "TIME")
                       and t.i + 1 < len(self.doc) and t.nbor(1).lemma_.lower() in
                       MEMBER_NOUNS | {"partner", "body", "organisation", "organization", "party"}
                       and not any(x.pos_ == "VERB" for x in self.doc[sent.start:t.i])]
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
            elif lemma in ("unit", "department", "body", "authority") and any(
                    c.lower_ in SUPERVISING for c in tok.children):
                self._supervising_unit(tok, sent)
                continue
            else:
                continue
            guides = [g for g in guides if self.cls(g) == "GovernmentBody"]
            if not guides:
                continue
            targets = [k for k in self.subject(verb) if self.cls(k) == "Alliance"]
            if not targets:
                targets = [self.token_ent[t.i] for t in sent if self.token_ent.get(t.i)
                           and self.cls(self.token_ent[t.i]) == "Alliance"][:1]
            if not targets and self.focus_alliance() and any(
                    self.the_alliance(s) or any(c.dep_ == "poss" and self.the_alliance(c) for c in s.children)
                    for s in verb.children if s.dep_ in ("nsubj", "nsubjpass")):
                targets = [self.focus_alliance()]   # "The consortium's work programme is overseen by X"
            for a in targets:
                for g in guides:
                    self.rel(a, "guidedBy", g, sent, "rule:under-guidance-of")

    def deals(self, sent: Span) -> None:
        """Partners by the deal they strike: "A and B agreed to replace ...", "A and B signed a
        memorandum", "A will acquire a 30% interest in B", "A awarded the EPC contract to B"."""
        for verb in sent:
            lemma = verb.lemma_.lower()
            if verb.pos_ != "VERB":
                continue
            if any(c.dep_ == "advmod" and c.lower_ == "jointly" for c in verb.children) and \
                    lemma not in FOUND_VERBS and lemma not in ISSUE_VERBS:
                # "X and Y will jointly develop a station", "where the centre and X jointly run a bench"
                subjects = [k for c in verb.children if c.dep_ == "nsubj" for k in self.expand(c)
                            if self.cls(k) in ORGANISATIONS]
                for i, a in enumerate(subjects):
                    for b in subjects[i + 1:]:
                        self.rel(a, "partnerOf", b, sent, "rule:jointly", 0.7)
                continue
            if lemma in ("agree", "sign"):
                if lemma == "agree" and not any(c.dep_ in ("xcomp", "prep") for c in verb.children):
                    continue
                if lemma == "sign" and not any(c.dep_ == "dobj" and c.lemma_.lower() in AGREEMENT_NOUNS
                                               for c in verb.children):
                    continue
                subjects = [k for c in verb.children if c.dep_ == "nsubj" for k in self.expand(c)
                            if self.cls(k) in ORGANISATIONS]
                for i, a in enumerate(subjects):
                    for b in subjects[i + 1:]:
                        self.rel(a, "partnerOf", b, sent, f"rule:{'agreed' if lemma == 'agree' else 'signed'}-together", 0.7)
            elif lemma in ("acquire", "take", "buy", "purchase"):
                stakes = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in STAKE_NOUNS]
                held = [k for c in stakes for p in c.children if p.dep_ == "prep" and p.lower_ == "in"
                        for g in p.children if g.dep_ == "pobj" for k in self.expand(g)]
                for b in held:
                    for a in self.subject(verb):
                        if self.cls(b) == "Alliance":
                            self.rel(a, "memberOf", b, sent, "rule:stake-in-consortium", 0.7)
                        elif self.cls(a) in ORGANISATIONS and self.cls(b) in ORGANISATIONS:
                            self.rel(a, "partnerOf", b, sent, "rule:stake-in-company", 0.7)
            elif lemma == "award" and any(c.dep_ == "dobj" and c.lemma_.lower() in ("contract", "order", "tender")
                                          for c in verb.children):
                to = [k for c in verb.children if c.dep_ in ("dative", "prep") and c.lower_ == "to"
                      for g in c.children if g.dep_ == "pobj" for k in self.expand(g)]
                for a in self.subject(verb):
                    for b in to:
                        if self.cls(a) in ORGANISATIONS and self.cls(b) in ORGANISATIONS:
                            self.rel(a, "partnerOf", b, sent, "rule:awarded-contract", 0.7)

    def _supervising_unit(self, unit: Token, sent: Span) -> None:
        """"with the Municipal Bureau of ... acting as its supervising unit", "the commission is
        the alliance's competent unit": the body guides the alliance."""
        if unit.dep_ == "pobj" and unit.head.lower_ == "as":
            guides = self.subject(unit.head.head)
        elif unit.dep_ == "attr":
            guides = self.subject(unit.head)
        else:
            return
        owners = [self.token_ent[t.i] for t in sent if t.i in self.token_ent]       # the one named here,
        owners += [k for c in unit.children if c.dep_ == "poss" for k in [self.ent(c)] if k]   # "its",
        owners = [k for k in owners if self.cls(k) == "Alliance"] or [k for k in [self.focus_alliance()] if k]
        for a in owners[:1]:
            for g in guides:
                if self.cls(g) == "GovernmentBody":
                    self.rel(a, "guidedBy", g, sent, "rule:supervising-unit")

    def partners(self, sent: Span) -> None:
        for w in sent:
            if w.lower_ != "with" or w.dep_ not in ("prep", "dative"):
                continue
            if any(c.lower_ == "together" for c in w.children) and w.head.pos_ == "VERB" \
                    and w.head.lemma_.lower() not in FOUND_VERBS:
                # "X is running the project together with Y and Z": they work as partners
                together = [k for c in w.children if c.dep_ == "pobj" for k in self.expand(c)
                            if self.cls(k) in ORGANISATIONS]
                subjects = [k for k in self.subject(w.head) if self.cls(k) in ORGANISATIONS]
                group = list(dict.fromkeys(subjects + together))
                for i, a in enumerate(group):
                    for b in group[i + 1:]:
                        self.rel(a, "partnerOf", b, sent, "rule:together-with", 0.7)
                continue
            head = w.head
            if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in PARTNER_HEADS:
                head = head.head.head              # "a memorandum of understanding with X"
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
            # "Majan holds 45 per cent of the consortium": a stake in an alliance is membership
            if tok.lemma_.lower() in ("hold", "own", "control", "take") and tok.pos_ == "VERB":
                stake = [c for c in tok.children if c.dep_ == "dobj" and (
                    c.lower_ in ("cent", "percent", "%", "stake", "share", "shares")
                    or any(g.lower_ in ("cent", "percent", "%") for g in c.subtree))]
                owners = [k for c in stake for t in c.subtree if t.dep_ == "pobj" and t.head.lower_ == "of"
                          for k in [self.ent(t)] if k and self.cls(k) == "Alliance"]
                if owners:
                    for m in self.subject(tok):
                        self.rel(m, "memberOf", owners[0], sent, "rule:stake-in-consortium", 0.7)
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
            # (the parser may hang "among" on the last name listed)
            among = next((c for c in tok.subtree if c.i > tok.i and c.lower_ == "among" and any(
                g.lemma_.lower() == "member" for g in c.children)), None) \
                if tok.lemma_.lower() in ("count", "number", "list") and tok.pos_ == "VERB" else None
            if among is not None:
                owners = [k for k in self.subject(tok) if self.cls(k) == "Alliance"] or \
                    [k for c in tok.children if c.dep_ == "nsubj" for k in [self.ent(c)] if k]
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
                        or c.dep_ == "nsubj" and c.lower_ in ("members", "founders")
                        or c.dep_ == "nsubj" and c.lemma_.lower() in ("unit", "organization", "organisation", "company")
                        and any(g.lower_ == "member" for g in c.children)]      # "Member units ... include"
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
            # "the X Alliance, a group of 31 companies, universities and agencies"
            if tok.like_num and tok.dep_ == "nummod" and tok.head.lemma_.lower() in MEMBER_NOUNS \
                    and tok.head.dep_ == "pobj" and tok.head.head.lower_ == "of" \
                    and tok.head.head.head.lemma_.lower() in ("group", "grouping", "network", "coalition", "body") \
                    and tok.head.head.head.dep_ == "appos":
                owner = self.token_ent.get(tok.head.head.head.head.i)
                n = _number(tok)
                if owner and self.cls(owner) == "Alliance" and n:
                    self.attr(owner, "memberCount", n, "integer", sent, "rule:group-of-n-members")
            # "The 11-member partnership", "the 23-member Ruhr Hydrogen Alliance"
            if tok.like_num and tok.dep_ == "nummod" and tok.head.lower_ == "member" \
                    and tok.head.dep_ in ("compound", "amod"):
                noun = tok.head.head
                owner = self.token_ent.get(noun.i) or (alliance if self.the_alliance(noun) else None)
                n = _number(tok)
                if owner and self.cls(owner) == "Alliance" and n:
                    self.attr(owner, "memberCount", n, "integer", sent, "rule:n-member-alliance")
            # "..., bringing membership to seven" / "..., bringing the total to twelve" after joining
            if tok.like_num and tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lemma_.lower() == "bring" \
                    and alliance and any(c.dep_ == "dobj" and (c.lower_ == "membership" or c.lower_ in ("total", "number")
                                         and self._joining_told(sent)) for c in tok.head.head.children):
                n = _number(tok)
                if n:
                    self.attr(alliance, "memberCount", n, "integer", sent, "rule:bringing-membership-to")
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
                if not subs and verb.pos_ == "VERB" and alliance and any(
                        c.dep_ == "nsubj" and self.the_alliance(c) for c in verb.children):
                    subs = [alliance]                      # "the group now counts nine members"
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

    def joining(self, sent: Span) -> None:
        """Membership and founding told by other words: "signed up (to the alliance)",
        "joined last year", "made up of X, Y and Z", "a founding partner of", "one of the
        alliance's initiating units", "the initiators are X and Y", "Among them are ..."."""
        alliance = self.focus_alliance()
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" and lemma in ("sign", "join"):
                self._signed_up(tok, lemma, alliance, sent)
            elif tok.pos_ == "VERB" and lemma in ("make", "consist", "compose", "comprise"):
                self._made_up_of(tok, lemma, sent)
            elif tok.pos_ == "VERB" and lemma in ("come", "climb", "hop", "get") and any(
                    c.lower_ == "aboard" or c.dep_ == "prep" and c.lower_ == "on" and any(
                        g.lower_ == "board" for g in c.children) for c in tok.children):
                self._came_aboard(tok, alliance, sent)
            elif alliance and tok.lower_ in ("members", "units") and tok.dep_ != "pobj":
                self._member_units_including(tok, alliance, sent)
            elif tok.pos_ == "VERB" and lemma == "include" and alliance:
                self._membership_includes(tok, alliance, sent)
            elif alliance and tok.dep_ == "nsubj" and tok.head.lemma_ == "be" and (
                    lemma in ("newcomer", "entrant", "joiner") or lemma == "member" and any(
                        c.lower_ in ("new", "newest", "latest") for c in tok.children)):
                self._newcomers_are(tok, alliance, sent)
            elif tok.pos_ in ("NOUN", "PROPN") and (tok.lower_ in FOUNDER_NOUNS or (
                    tok.lower_ in MEMBER_NOUNS and any(c.lower_ in FOUNDING_WORDS for c in tok.children))):
                self._founder_noun(tok, alliance, sent)
        first = sent[0] if len(sent) else None
        if first is not None and first.lower_ == "among" and alliance:
            self._among_them(first, alliance, sent)

    @staticmethod
    def _joining_told(sent: Span) -> bool:
        """Whether the sentence tells of organisations joining ("signed up", "came aboard", "new members")."""
        return any(t.lemma_.lower() in ("join", "member", "aboard", "board", "admit") or
                   t.lower_ == "up" and t.head.lemma_.lower() == "sign" for t in sent)

    def _member_units_including(self, noun: Token, alliance: str, sent: Span) -> None:
        """"Alliance member units, including X and Y, shall ...", "the consortium's members,
        including X": a list after members said to be the alliance's."""
        including = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "including"]
        words = (*noun.children, *(g for c in noun.children if c.dep_ == "compound" for g in c.children))
        if not including or not any(
                c.dep_ in ("compound", "poss") and (self.the_alliance(c) or c.lower_ in lexicon.ALLIANCE_REFERENCES
                                                    or self.ent(c) == alliance) for c in words):
            return
        for m in (k for c in including for g in c.children if g.dep_ == "pobj" for k in self.expand(g)):
            if self.cls(m) in ORGANISATIONS:
                self.rel(m, "memberOf", alliance, sent, "rule:alliance-members-including", 0.75)

    def _newcomers_are(self, noun: Token, alliance: str, sent: Span) -> None:
        """"The newcomers are X, Y and Z": every organisation named after the verb."""
        for k in dict.fromkeys(self.token_ent[t.i] for t in sent if t.i > noun.head.i and t.i in self.token_ent):
            if self.cls(k) in ORGANISATIONS:
                self.rel(k, "memberOf", alliance, sent, "rule:newcomers-are", 0.7)

    def _membership_includes(self, verb: Token, alliance: str, sent: Span) -> None:
        """"Its membership has since grown to include X and Y", "the alliance's membership
        includes X"."""
        t = verb.head if verb.dep_ == "xcomp" else verb
        subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lemma_.lower() != "membership":
            return
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        target = self.ent(owner) if owner is not None else None
        if (target is None or self.cls(target) != "Alliance") and owner is not None and self.the_alliance(owner):
            target = alliance
        if target is None or self.cls(target) != "Alliance":
            return
        for m in (k for c in verb.children if c.dep_ == "dobj" for k in self.expand(c)):
            if self.cls(m) in ORGANISATIONS:
                self.rel(m, "memberOf", target, sent, "rule:membership-includes", 0.75)

    def _came_aboard(self, verb: Token, alliance: str | None, sent: Span) -> None:
        """"X and Y have since come on board", "Eight organisations have come aboard since,
        among them X and Y": new members of the article's alliance (or of the one named after
        "to"/"as members of")."""
        preps = [c for c in verb.children if c.dep_ == "prep"]
        if any(c.lower_ == "as" for c in preps):
            return                                  # "came on board as chief executive"
        named = [k for c in preps if c.lower_ in ("to", "at", "with")
                 for g in c.children if g.dep_ == "pobj" for k in [self.ent(g)] if k]
        targets = [k for k in named if self.cls(k) == "Alliance"] or ([alliance] if alliance and not named else [])
        for m in dict.fromkeys(self.subject(verb)):
            if targets and self.cls(m) in ORGANISATIONS:
                self.rel(m, "memberOf", targets[0], sent, "rule:came-aboard", 0.7)

    def _signed_up(self, verb: Token, lemma: str, alliance: str | None, sent: Span) -> None:
        """"X has signed up to the alliance" / "X has also signed up, as has Y" / "X joined
        last autumn" (no object: the article's alliance)."""
        if lemma == "sign" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
            return
        if any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in verb.children):
            return                                  # "signed up 40 members", "joined forces"
        preps = [c for c in verb.children if c.dep_ == "prep"]
        to = [g for c in preps if c.lower_ in ("to", "for", "with") for g in c.children if g.dep_ == "pobj"]
        if lemma == "join" and (to or any(c.lower_ in ("as", "in") and any(
                g.dep_ == "pobj" and not g.like_num and g.ent_type_ != "DATE" for g in c.children) for c in preps)):
            return                                  # "joined as chief executive", "joined in the talks"
        targets = [k for g in to for k in [self.ent(g)] if k and self.cls(k) == "Alliance"] if to else \
            [alliance] if alliance else []
        if not targets:
            return
        members = self.subject(verb)
        for c in verb.children:                     # "..., as has Y"
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children):
                members += [k for s in c.children if s.dep_ == "nsubj" for k in self.expand(s)]
        for m in dict.fromkeys(members):
            if self.cls(m) in ORGANISATIONS:
                self.rel(m, "memberOf", targets[0], sent, f"rule:{'signed-up' if lemma == 'sign' else 'joined'}", 0.7)

    def _made_up_of(self, verb: Token, lemma: str, sent: Span) -> None:
        """"The consortium - made up of X, Y and Z -", "the alliance, which consists of X and Y"."""
        if lemma == "make" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
            return
        if lemma == "comprise":
            parts = [c for c in verb.children if c.dep_ == "dobj"]
        else:
            parts = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"]
        owners = [k for k in self.subject(verb) if self.cls(k) == "Alliance"]
        if not owners and verb.dep_ in ("acl", "relcl"):
            owners = [k for k in [self.ent(verb.head)] if k and self.cls(k) == "Alliance"]
        for a in owners[:1]:
            for m in (k for g in parts for k in self.expand(g)):
                self.rel(m, "memberOf", a, sent, "rule:made-up-of", 0.75)

    def _founder_noun(self, noun: Token, alliance: str | None, sent: Span) -> None:
        """"X was a founding partner of Y", "Y, of which X was a founding partner", "X took part
        as one of the alliance's seven initiating units", "The remaining three initiators are X,
        Y and Z"."""
        owners = [k for c in noun.children if c.dep_ == "poss" for k in [self.ent(c)] if k]
        ofs = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
        if noun.dep_ == "attr" and noun.head.dep_ == "relcl":    # "of which" hung on the verb
            ofs += [c for c in noun.head.children if c.dep_ == "prep" and c.lower_ == "of"]
        for of in ofs:
            for g in (g for g in of.children if g.dep_ == "pobj"):
                if g.lower_ in ("which", "whom") and noun.head.dep_ == "relcl":
                    owners += self._antecedent(noun.head.head, sent)          # "Y, of which X was a ..."
                else:
                    owners += [k for k in [self.ent(g)] if k]
        owners = [o for o in owners if self.cls(o) == "Alliance"]
        if not owners and noun.dep_ in ("nsubj", "nsubjpass") and alliance:
            owners = [alliance]                     # "The remaining three initiators are ..."
        if not owners:
            return
        head, founders = noun.head, []
        if noun.dep_ == "appos":                    # "X, a founding member of Y,"
            founders = [k for k in [self.ent(head)] if k]
        elif noun.dep_ == "attr":                   # "X was a founding partner of Y"
            founders = self.subject(head)
        elif noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() == "be":
            founders = [k for c in head.children if c.dep_ == "attr" for k in self.expand(c)]
        elif noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ == "one":
            one = head.head                         # "as one of the alliance's initiating units"
            if one.dep_ == "pobj" and one.head.lower_ == "as":
                founders = self.subject(one.head.head)
            elif one.dep_ == "appos":
                founders = [k for k in [self.ent(one.head)] if k]
            elif one.dep_ == "attr":
                founders = self.subject(one.head)
        if founders:                                # "..., formed in 2022 together with A and B"
            founders += [k for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in FOUND_VERBS
                         for w in c.children if w.dep_ == "prep" and w.lower_ == "with"
                         and any(x.lower_ in ("together", "along") for x in w.children)
                         for g in w.children if g.dep_ == "pobj" for k in self.expand(g)]
        for m in dict.fromkeys(founders):
            if m not in owners and self.cls(m) in ORGANISATIONS:
                self.rel(owners[0], "foundedBy", m, sent, "rule:founder-noun", 0.75)

    def _antecedent(self, tok: Token, sent: Span) -> list[str]:
        """What a relative clause's head noun stands for: its own name, else the alliance named
        just before it in apposition ("the X Valley (XV), the regional consortium of which")."""
        if tok.i in self.token_ent:
            return [self.token_ent[tok.i]]
        before = [self.token_ent[t.i] for t in sent if t.i < tok.i and t.i in self.token_ent]
        if before and self.cls(before[-1]) == "Alliance":
            k = min(t.i for t in sent if self.token_ent.get(t.i) == before[-1])
            while self.token_ent.get(k + 1) == before[-1]:
                k += 1                               # the end of its name, before any "(XV)"
            if self._called_alliance(k + 1):
                return [before[-1]]
        return [k for k in [self.ent(tok)] if k]

    def _among_them(self, first: Token, alliance: str, sent: Span) -> None:
        """"The other 32 member units signed the charter. Among them are X and Y.": members
        listed after a sentence about the members."""
        if not any(g.lower_ in ("them", "these", "those") for g in first.children):
            return
        prev = self.doc[sent.start - 1].sent if sent.start > 0 else None
        if prev is None or not any(t.lemma_.lower() == "member" for t in prev):
            return
        verb = first.head
        listed = [k for c in verb.children if c.dep_ in ("nsubj", "attr") for k in self.expand(c)]
        for m in dict.fromkeys(listed):
            if self.cls(m) in ORGANISATIONS:
                self.rel(m, "memberOf", alliance, sent, "rule:among-the-members", 0.7)

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
                if plan_tok is None and verb.dep_ == "conj":     # "was drawn up and jointly issued by"
                    plan_tok = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
                if plan_tok is None and verb.dep_ == "advcl" and verb.tag_ == "VBN":
                    # "... supports the X Strategy until 2030, published by the Ministry": the name
                    # just before the participle
                    plan_tok = next((t for t in reversed(self.doc[sent.start:verb.i]) if t.i in self.token_ent), None)
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
            if not any(c.lower_ in ("jointly", "together") for c in verb.children):
                issuers = issuers[:1]
            for p in plans:
                for g in issuers:
                    self.rel(p, "issuedBy", g, sent, "rule:issued-by")

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
                actors += [k for w in verb.children if w.dep_ == "prep" and w.lower_ == "with"   # "together with"
                           and any(x.lower_ == "together" for x in w.children)
                           for g in w.children if g.dep_ == "pobj" for k in self.expand(g)]
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
            if low not in ("headquartered", "based", "headquarters", "office", "base"):
                continue
            if low in ("headquarters", "base") or (low == "office" and any(c.lower_ == "head" for c in tok.children)):
                if low == "base" and not any(c.lower_ == "home" for c in tok.children):
                    continue
                if any(c.lower_ == "whose" for c in tok.children) and tok.head.lemma_ == "be":
                    # "Tauern Elektrolyse GmbH, whose head office is in Linz", "X, an operator whose
                    # headquarters are in Jeddah", "X, whose home base is Kurashiki"
                    wh = [k for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "in"
                          for g in c.children if g.dep_ == "pobj" for k in [self.ent(g)] if k and self.cls(k) == "Place"]
                    wh += [k for c in tok.head.children if c.dep_ == "attr" for k in [self.ent(c)]
                           if k and self.cls(k) == "Place"]
                    rel_head = tok.head
                    org = self._named_by(rel_head.head) if rel_head.dep_ == "relcl" else None
                    if org and wh and self.cls(org) in ORGANISATIONS:
                        self.rel(org, "headquarteredIn", wh[0], sent, "rule:whose-head-office-in")
                    continue
            if low == "base":
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
            elif any(c.lower_ == "which" and c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                orgs = [k for k in [self._before_which(tok)] if k]   # "..., which is based in X"
            elif tok.dep_ == "advcl":                       # "Headquartered in X, Y is ..."
                orgs = self.subject(tok.head)
            else:
                orgs = self.subject(tok)
            for o in orgs[:1]:
                self.rel(o, "headquarteredIn", places[0], sent, "rule:headquartered-in")

    def _named_by(self, noun: Token) -> str | None:
        """The entity a noun names, or the one it stands in apposition with ("X, an operator")."""
        k = self.ent(noun)
        if not k and noun.dep_ == "appos":
            k = self.ent(noun.head)
        return k or next((self.ent(c) for c in noun.children if c.dep_ == "appos" and self.ent(c)), None)

    def _before_which(self, verb: Token) -> str | None:
        """The organisation named just before ", which" (a short form in brackets skipped)."""
        which = next(c for c in verb.children if c.lower_ == "which")
        k = which.i - 1
        if k >= 0 and self.doc[k].text == ",":
            k -= 1
        if k >= 0 and self.doc[k].text == ")":
            while k >= 0 and self.doc[k].text != "(":
                k -= 1
            k -= 1
        key = self.token_ent.get(k) if k >= 0 else None
        return key if key and self.cls(key) in ORGANISATIONS else None

    def introduced_at_home(self, sent: Span) -> None:
        """'Galway bus operator Corrib Connect', 'Fraser Cell Power Inc., of Vancouver': where it is from."""
        for key, span in self.mentions_in(sent, ORGANISATIONS - {"GovernmentBody"}):
            k = span.start - 1                 # "<Place> (bus) operator <Org>"
            while k > sent.start and self.doc[k].pos_ == "NOUN" and self.doc[k].lower_ not in lexicon.ORG_NOUNS:
                k -= 1
            if k > sent.start and self.doc[k].lower_ in lexicon.ORG_NOUNS and self.doc[k].pos_ == "NOUN":
                j = k - 1
                while j > sent.start and self.doc[j].pos_ == "NOUN":
                    j -= 1
                place = self.token_ent.get(j)
                if place and self.cls(place) == "Place":
                    self.rel(key, "headquarteredIn", place, sent, "rule:place-noun-org", 0.7)
            e = span.end                       # "<Org>, of Vancouver, Canada"
            if e + 2 < len(self.doc) and self.doc[e].text == "," and self.doc[e + 1].lower_ == "of":
                place = self.token_ent.get(e + 2)
                if place and self.cls(place) == "Place":
                    self.rel(key, "headquarteredIn", place, sent, "rule:org-of-place", 0.7)

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

    def suborganisation(self, sent: Span) -> None:
        # "the General Office of the Fuzhou Municipal People's Government": one name, whose
        # body belongs to the one it names after "of the"
        for key, _ in self.mentions_in(sent, ("GovernmentBody",)):
            parent = self.ents[key].label.partition(" of the ")[2]
            if parent:
                for other, e in self.ents.items():
                    if other != key and e.cls in ORGANISATIONS and parent in e.names():
                        self.rel(key, "subOrganizationOf", other, sent, "rule:office-of-body")
                        break
        for tok in sent:
            if tok.lemma_.lower() not in SUBORG_NOUNS or tok.dep_ not in ("appos", "attr"):
                continue
            of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "under")]
            parents = [k for c in of for g in c.children if g.dep_ == "pobj" for k in self.expand(g)]
            parents += [self.token_ent[c.i] for c in tok.children          # "a Haihe subsidiary"
                        if c.dep_ in ("compound", "nmod", "poss") and c.i in self.token_ent]
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
