"""Targets: numbers a plan sets for a year ("exceed 1.2 million units ... by 2025").

A sentence that looks ahead (a modal, "aims", "target", an infinitive) and names a year
after "by"/"in" gives one :class:`~kg.records.Target` per number with a unit: its metric is
the subject of the verb the number completes, or the noun it counts. Targets go to the plan
the sentence names, or to the article's unnamed plan.
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..records import Target
from .context import ArticleContext, _number

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

_THIS_CENTURY = re.compile(r"20\d\d")
_YEAR = re.compile(r"(19|20)\d\d")


class TargetRules(ArticleContext):
    """The rules for plan targets."""

    def targets(self, sent: Span) -> None:
        years = [t for t in sent if _THIS_CENTURY.fullmatch(t.text) and t.i not in self.token_ent and (
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
            if not tok.like_num or tok.i in {y.i for y in years} or _YEAR.fullmatch(tok.text):
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
