"""Posts: who holds which role where ("Ju Xinjue, Deputy Director of the Division of ...").

Each rule reads a person's mention and the words around it: an apposition after the name,
a possessive or a title before it ("REFIRE's chairman Lin Qi", "CIST President Oh
Min-seok"), "was elected chairman of", "who heads", "whose director is". A post gives a
:class:`~kg.records.Post` and a ``worksFor`` for each organisation it names; a division
named inside another body gives ``subOrganizationOf``.
"""
from __future__ import annotations

import re

from spacy.tokens import Span

from .. import lexicon
from ..records import ORGANISATIONS, Post
from .context import SUBORG_NOUNS, ArticleContext


#: words for the article's alliance in a post ("president of the alliance"); not "group",
#: which in a post is most often a company's
ALLIANCE_WORDS = {"alliance", "consortium", "coalition", "partnership"}
#: verbs that give their subject a post in their object, and the role it is
HEAD_VERBS = {"chair": "chair", "head": "head", "lead": "head", "direct": "director", "run": "head"}


class PostRules(ArticleContext):
    """The rules for posts and the organisations they belong to."""

    def posts(self, sent: Span) -> None:
        for key, span in self.mentions_in(sent, ("Person",)):
            for found in (self._post_after(span), self._post_before(span), self._post_elected(span),
                          self._post_by_verb(span), self._post_in_council(span), self._post_who(span),
                          self._post_is(span)):
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
            if key is None and not orgs and self.the_alliance(self.doc[k], ALLIANCE_WORDS, pronoun=False):
                key = self.focus_alliance()             # "president of the alliance"
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
        if k + 1 < len(self.doc) and self.doc[k + 1].lower_ in ("a", "an") and \
                k + 2 < len(self.doc) and self.doc[k + 2].lower_ in lexicon.ROLE_WORDS:
            k += 1                                    # "Huang, a professor of ... at NCKU"
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
        if k + 3 < len(self.doc) and self.doc[k + 1].lower_ == "who" and self.doc[k + 2].lower_ in ("also", "now"):
            k += 1                                     # "X, who also chairs Y"
        if k + 2 < len(self.doc) and self.doc[k + 1].lower_ in ("who", "also", "now") and \
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
            poss = next((j for j in range(first, min(first + 5, len(self.doc)))
                         if self.doc[j].text in ("'s", "’s", "'", "’")), None)
            if key is None and poss is not None and poss > first:
                key, first = self.ent(self.doc[poss - 1]), poss - 1   # "the research centre's director"
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
            ministry = self._ministry_of(role_toks, e)
            if ministry:
                return self.doc[s:ministry[1]].text, [ministry[0]], "rule:minister-of-ministry"
            # "Director of Research at X": the post runs on to "at"
            j = e + 1
            while j < min(len(self.doc), e + 6) and self.doc[j].is_alpha and j not in self.token_ent \
                    and self.doc[j].lower_ != "at":
                j += 1
            if j < len(self.doc) and j > e + 1 and self.doc[j].lower_ == "at":
                orgs, _ = self._orgs_from(j + 1)
                if orgs:
                    return self.doc[s:j].text, orgs, "rule:person-role-at-org"
        return None

    def _post_by_verb(self, span: Span):
        """'Efisio Cabras also chairs the consortium', 'Li heads the Hydrogen Office', 'The
        consortium is chaired by Saule Abenova'."""
        root = span.root
        while root.dep_ == "appos" and root.head.dep_ in ("appos", "nsubj", "attr"):
            root = root.head                       # "..., whose director, X, also chairs Y"
        verb = root.head
        if span.root.dep_ == "pobj" and span.root.head.dep_ == "agent" and \
                span.root.head.head.lemma_.lower() in HEAD_VERBS:
            verb = span.root.head.head             # "Y is chaired by X"
            org = next((self.ent(c) for c in verb.children if c.dep_ == "nsubjpass"), None)
            if verb.dep_ in ("acl", "relcl") and org is None:
                org = self.ent(verb.head)          # "the consortium, chaired by X,"
            if org and self.cls(org) in ORGANISATIONS:
                return HEAD_VERBS[verb.lemma_.lower()], [org], "rule:org-headed-by-person"
            return None
        elif verb.lemma_.lower() not in HEAD_VERBS or not (
                span.root.dep_ == "nsubj" or (verb.dep_ == "advcl" and span.sent.start <= verb.i)):
            return None
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        org = self.ent(obj) if obj is not None else None
        if org and self.cls(org) in ORGANISATIONS:
            return HEAD_VERBS[verb.lemma_.lower()], [org], "rule:person-heads-org"
        return None

    def _post_elected(self, span: Span):
        """'Kim, ..., was elected (as) the first chairman of the UHMC'."""
        verb = span.root.head
        if verb.lemma_.lower() not in ("elect", "appoint", "name", "select", "choose", "nominate") or \
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

    def _post_in_council(self, span: Span):
        """A post in the article's alliance told without naming it, where its council is being
        formed: "Y became executive vice-chairman", "the post of secretary-general went to Z",
        "..., W, was appointed its secretary-general"."""
        alliance = self.focus_alliance()
        if alliance is None:
            return None
        sent = span.sent
        prev = self.doc[sent.start - 1].sent if sent.start > 0 else sent
        if not any(t.lemma_.lower() in ("council", "elect", "board", "presidium", "secretariat")
                   for t in (*prev, *sent)):
            return None
        root, role = span.root, None
        if root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"):
            root = root.head                      # "Xuelian's deputy general manager, W, was ..."
        verb = root.head
        if root.dep_ == "nsubj" and verb.lemma_.lower() == "become":
            role = self._role_after(verb.i + 1)
        elif root.dep_ == "pobj" and verb.lower_ == "to" and verb.head.lemma_.lower() == "go":
            post = next((c for c in verb.head.children if c.dep_ == "nsubj" and c.lower_ == "post"), None)
            of = next((c for c in post.children if c.lower_ == "of"), None) if post is not None else None
            role = self._role_after(of.i + 1) if of is not None else None
        elif root.dep_ == "nsubjpass" and verb.lemma_.lower() in ("appoint", "elect", "name") and \
                verb.i + 2 < len(self.doc) and self.doc[verb.i + 1].lower_ == "its":
            role = self._role_after(verb.i + 2)
        if role is None:
            return None
        return role, [alliance], "rule:council-post"

    def _post_who(self, span: Span):
        """A post told in a relative clause on the person or on their apposition: "X, chief
        executive of Y, who was elected president of the alliance", "X, ..., who chairs the
        EHVC", "X, who as deputy secretary-general of the EECO is responsible for ..."."""
        for verb in span.root.subtree:
            if verb.dep_ != "relcl" or verb.i < span.end or not any(
                    c.lower_ == "who" and c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
                continue
            if any(self.cls(self.token_ent[i]) == "Person" for i in range(span.end, verb.i) if i in self.token_ent):
                return None                           # the clause is about someone named after X
            lemma = verb.lemma_.lower()
            if lemma in HEAD_VERBS and verb.i != span.end + 2 and verb.i != span.end + 3:  # (right after
                obj = next((c for c in verb.children if c.dep_ == "dobj"), None)        # the comma:
                org = self._org_at(obj) if obj is not None else None                  # _post_after)
                if org:
                    return HEAD_VERBS[lemma], [org], "rule:who-heads-org"
            starts = [c.i + 1 for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"]
            if lemma in ("elect", "appoint", "name"):
                starts += [verb.i + 1 + (self.doc[verb.i + 1].lower_ == "as")] if verb.i + 1 < len(self.doc) else []
            for k in starts:
                s, e = self._role_run(k)
                if s < e and any(t.lower_ in lexicon.ROLE_HEADS for t in self.doc[s:e]) and \
                        e < len(self.doc) and self.doc[e].lower_ in ("of", "at"):
                    orgs, _ = self._orgs_from(e + 1)
                    if orgs:
                        return self.doc[s:e].text, orgs[:1], "rule:who-role-of-org"
        return None

    def _post_is(self, span: Span):
        """"The alliance's secretary-general is Lucía Durazo", "Lucía Durazo is Y's chief engineer"."""
        root = span.root
        if root.head.lemma_ != "be" or root.dep_ not in ("attr", "nsubj"):
            return None
        other = next((c for c in root.head.children if c.dep_ == ("nsubj" if root.dep_ == "attr" else "attr")), None)
        if other is None or other.i in self.token_ent:
            return None
        words = list(other.subtree)
        poss = next((t for t in words if t.dep_ == "poss"), None)
        if poss is None or poss.head.i not in {t.i for t in words}:
            return None
        after = [t for t in words if t.i > poss.i and t.dep_ != "case"]
        if not after or not any(t.lower_ in lexicon.ROLE_HEADS for t in after) or after[-1].i != other.i:
            return None
        org = self._org_at(poss)
        return (self.doc[after[0].i:other.i + 1].text, [org], "rule:org-post-is-person") if org else None

    def _org_at(self, tok):
        """The organisation a word names, or the article's alliance for "the consortium"."""
        key = self.ent(tok)
        if key and self.cls(key) in ORGANISATIONS:
            return key
        if key is None and self.the_alliance(tok, ALLIANCE_WORDS, pronoun=False):
            return self.focus_alliance()
        return None

    def _role_after(self, k: int) -> str | None:
        """The post that starts at token k and ends the phrase ("executive vice-chairman"); None
        when it goes on to say whose it is ("... of X") or holds no post word."""
        j = k
        while j < len(self.doc) and (self.doc[j].lower_ in lexicon.ROLE_WORDS or self.doc[j].text in ("-", "–")):
            j += 1
        words = self.doc[k:j]
        if not len(words) or not any(t.lower_ in lexicon.ROLE_HEADS for t in words) or \
                (j < len(self.doc) and self.doc[j].lower_ in ("of", "at", "for")):
            return None
        return words.text

    def _post_before(self, span: Span):
        """'REFIRE's chairman Lin Qi', 'Chairman of X Lin Qi', 'X CEO Jane Doe'."""
        k = span.start - 1
        while k >= 0 and self.doc[k].lower_.rstrip(".") + "." in {t.rstrip(".") + "." for t in lexicon.PERSON_TITLES}:
            k -= 1
        if k >= 3 and (self.doc[k].lemma_ == "be" or self.doc[k].text == ",") \
                and self.doc[k - 1].lower_ in lexicon.ROLE_HEADS:
            # "the Institute, whose director is Dr. Sofia Brandão" / "X, whose managing director, Efisio Cabras,"
            w = k - 1
            while w > 0 and self.doc[w - 1].lower_ in lexicon.ROLE_WORDS and self.doc[w - 1].lower_ != "the":
                w -= 1
            if w >= 2 and self.doc[w - 1].lower_ == "whose":
                before = self.doc[w - 3] if self.doc[w - 2].text == "," else self.doc[w - 2]
                org = self.ent(before)
                if org is None and before.dep_ == "attr":   # "X is a Cagliari-based developer whose ..."
                    org = next(iter(self.subject(before.head)), None)
                if org and self.cls(org) in ORGANISATIONS:
                    return self.doc[w:k].text, [org], "rule:whose-role-is"
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

    def _ministry_of(self, role: Span, e: int) -> tuple[str, int] | None:
        """'vice minister of energy' -> the article's 'Ministry of Energy ...' (and where the
        post's words end)."""
        if not any(t.lower_ == "minister" for t in role) or self.doc[e].lower_ != "of":
            return None
        j = e + 1
        while j < len(self.doc) and j < e + 6 and self.doc[j].is_alpha and j not in self.token_ent:
            j += 1
        field = self.doc[e + 1:j].text.lower()
        if not field:
            return None
        found = [k for k, ent in self.ents.items() if ent.cls == "GovernmentBody" and any(
            n.lower() == f"ministry of {field}" or n.lower().startswith(f"ministry of {field} ") for n in ent.names())]
        return (found[0], j) if len(found) == 1 else None

    def _government_of(self, place: str) -> str | None:
        """The one government body of the article named after a place ("Changwon City Hall")."""
        names = self.ents[place].names()
        govs = [k for k, e in self.ents.items() if e.cls == "GovernmentBody"
                and any(e.label.startswith(n + " ") for n in names)]
        if len(govs) > 1:                 # the place's government itself, not one of its bureaus
            govs = [k for k in govs if self.ents[k].label.split()[-1].lower() in (
                "government", "hall", "municipality", "council", "administration")] or govs
        return govs[0] if len(govs) == 1 else None

    def _suborg_chain(self, orgs: list[str], sent: Span) -> None:
        for a, b in zip(orgs, orgs[1:]):
            head = self.ents[a].label.split(" of ")[0].split()[-1].lower()
            if head in SUBORG_NOUNS:
                self.rel(a, "subOrganizationOf", b, sent, "rule:division-of")
