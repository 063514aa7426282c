"""One entity per real thing within an article: mentions grouped, aliases kept.

* parenthetical definitions: ``X (hereinafter referred to as the "Innovation Alliance")``,
  ``X (CHA)``: the alias joins X;
* variants: the same words up to stems and filler ("Shanghai Economic and Information
  Commission" / "Shanghai Municipal Commission of Economy and Informatization"), a
  headline's variant ("Ecosystem" / "Ecological"), acronyms of a name;
* short forms: "Innovation Alliance" when one alliance's name contains it, "REFIRE" for
  "REFIRE Group", "Qingling" for "Qingling Motors", a surname for a person;
* names in headlines attach to an entity of the body or are dropped;
* after grouping, the text is searched again for each entity's names, so a short form
  the model missed ("REFIRE is the world's leading ...") becomes a mention too.

The label is the fullest form in the body; every other form is an alias.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from rapidfuzz import fuzz
from spacy.tokens import Doc

from .. import lexicon
from ..records import Entity, Mention
from .mentions import Candidate
from .tokens import cached

QUOTES = "\"'“”‘’"
_ALIAS_DEF = re.compile(
    r"^\s*\(\s*(?:hereinafter|hereafter|below)?\s*(?:referred to as|called|known as|abbreviated as)?\s*"
    r"(?:the\s+)?[\"“']?(?P<alias>[^()\"”]{1,60}?)[\"”']?\s*\)", re.I)


def clean_name(text: str) -> str:
    text = re.sub(rf"[{QUOTES}]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(the|The)\s+", "", text)
    return text


_STEM_WORDS = re.compile(r"[\w&]+")
_NAME_WORDS = re.compile(r"[\w&.'-]+")


@functools.lru_cache(maxsize=1)
def _filler_stems() -> frozenset[str]:
    return frozenset(w[:5] for w in lexicon.FILLER_WORDS)


def _stems(name: str) -> list[str]:
    return [w[:5] for w in _STEM_WORDS.findall(name.lower())]


def _tokens(name: str) -> list[str]:
    return list(_name_words(name))


@functools.lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    """The words of a name (the same few names are compared many times an article)."""
    return tuple(_NAME_WORDS.findall(name))


def initials(name: str) -> str:
    return "".join(w[0] for w in _tokens(name) if w[0].isupper() or w[0].isdigit())


def core(name: str) -> str:
    """The distinctive part of a company's name: no leading places, no corporate words."""
    words = _tokens(name)
    while len(words) > 1 and lexicon.is_place(words[0]):
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in lexicon.CORPORATE_WORDS:
        words = words[:-1]
    return " ".join(words)


def _head_class(name: str) -> str | None:
    """The class a name's head word gives, read past a trailing legal form ("Tupkaragan
    Logistics LLP", "Longxi Hydrogen Heavy Truck Co., Ltd." are headed by their words)."""
    words = _tokens(name)
    found = lexicon.head_class(words)
    while found is None and len(words) > 1 and words[-1].lower().rstrip(".") in lexicon.LEGAL_FORMS:
        words = words[:-1]
        found = lexicon.head_class(words)
    return found


def _legal_core(name: str) -> str:
    words = [w for w in _tokens(name) if w.lower().rstrip(".") not in lexicon.LEGAL_FORMS]
    while len(words) > 1 and lexicon.is_place(words[0]):
        words = words[1:]
    return " ".join(words)


@functools.lru_cache(maxsize=65536)
def is_variant(short: str, long: str, cls: str) -> bool:
    """True when ``short`` names the same thing as ``long`` (both of class ``cls``). The
    same pairs come back article after article: the answers are kept."""
    a, b = short.lower(), long.lower()
    if a == b:
        return True
    if short.isupper() and len(short) >= 2 and " " not in short:
        return initials(long) == short or initials(long).replace("O", "") == short
    sa, sb = set(_stems(short)) - {"the"}, set(_stems(long)) - {"the"}
    filler = _filler_stems()
    if cls == "Place":
        # "Inner Mongolia" / "Inner Mongolia Autonomous Region", "Zhejiang" / "Zhejiang Province"
        strip = lambda n: [w for w in _tokens(n.lower()) if w not in lexicon.ADMIN_WORDS]
        return bool(strip(short)) and strip(short) == strip(long)
    if cls == "Person":
        toks_a, toks_b = _tokens(short), _tokens(long)
        return len(toks_a) == 1 and toks_a[0] in (toks_b[0], toks_b[-1]) and len(toks_b) > 1
    place_a = any(lexicon.is_place(w) for w in _tokens(short))
    if sa and sa <= sb:
        extra = sb - sa
        if not place_a or extra <= filler:
            # the head must agree: a short form names the same kind of thing
            return lexicon.head_class(_tokens(short)) in (None, _head_class(long))
    if (sa - filler) and (sa - filler) <= sb and (sb - sa) <= filler:
        return True
    if cls in ("Company",):
        # "REFIRE Group" / "Shanghai REFIRE Technology": equal but for places and legal forms
        ca, cb = _legal_core(short), _legal_core(long)
        if ca and ca.lower() == cb.lower() and ca[:1].isupper():
            return True
        if len(_tokens(short)) == 1 and _tokens(long) and short == core(long).split()[0] and short[:1].isupper():
            return True
    # a headline's variant: same length, the differing words share a prefix and are no places
    ta, tb = _tokens(short), _tokens(long)
    if len(ta) == len(tb) and len(ta) >= 3 and fuzz.token_sort_ratio(a, b) >= 80:
        diff = [(x, y) for x, y in zip(ta, tb) if x.lower() != y.lower()]
        return all(x[:3].lower() == y[:3].lower() and not lexicon.is_place(x) and not lexicon.is_place(y)
                   for x, y in diff)
    return False


def _occurrences(text: str, name: str, ignore_case: bool = False) -> Iterator[tuple[int, int]]:
    """Where ``name`` stands in ``text`` as a whole word (no word character or hyphen either
    side), left to right and not overlapping: what ``re.finditer`` over
    ``(?<![\w-])NAME(?![\w-])`` gives, without compiling a pattern for every name."""
    hay = text.lower() if ignore_case else text
    if len(hay) != len(text):                   # lower() changed the length: let re do it
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.I if ignore_case else 0)
        yield from (m.span() for m in pattern.finditer(text))
        return
    needle = name.lower() if ignore_case else name
    n, pos = len(needle), 0
    while n and (s := hay.find(needle, pos)) >= 0:
        t = s + n
        if (s == 0 or not _word_char(text[s - 1])) and (t == len(text) or not _word_char(text[t])):
            yield s, t
            pos = t
        else:
            pos = s + 1


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


class EntityBuilder:
    """Groups one document's candidates into entities."""

    def __init__(self, doc: Doc, doc_id: str):
        self.doc = cached(doc)
        self.text = doc.text
        self.doc_id = doc_id
        self.entities: dict[str, Entity] = {}
        self._n = 0

    def _new(self, cls: str, name: str) -> Entity:
        self._n += 1
        e = Entity(key=f"{self.doc_id}#e{self._n}", cls=cls, label=name)
        self.entities[e.key] = e
        return e

    def _mention(self, c: Candidate, text: str | None = None) -> Mention:
        span = c.span(self.doc)
        return Mention(text=text or clean_name(span.text), start=span.start_char, end=span.end_char,
                       cls=c.cls, rule=c.rule, sent_start=span.sent.start_char)

    def find(self, name: str, cls: str | None = None, prefer_long: bool = True) -> list[Entity]:
        """Entities that ``name`` could refer to (same class when given)."""
        hits = []
        for e in self.entities.values():
            if cls and e.cls != cls:
                continue
            if any(n.lower() == name.lower() for n in e.names()):
                return [e]
            if any(is_variant(name, n, e.cls) for n in e.names() if len(n) >= len(name)):
                hits.append(e)
        return hits

    def build(self, candidates: list[Candidate]) -> dict[str, Entity]:
        body = [c for c in candidates if not c.heading]
        heads = [c for c in candidates if c.heading]
        declared: dict[str, Entity] = {}
        # full names first, so short forms find what they are short for
        order = sorted(body, key=lambda c: -len(self.doc[c.start:c.end].text))
        pending = []
        for c in order:
            name = clean_name(c.span(self.doc).text)
            if name in declared:
                self._attach(declared[name], c, name)
                continue
            same = [e for e in self.entities.values() if e.cls == c.cls and
                    any(n.lower() == name.lower() for n in e.names())]
            if same:
                self._attach(same[0], c, name)
                continue
            if " " not in name and name.isupper() and len(name) >= 2:
                expanded = [e for e in self.entities.values() if len(e.label.split()) > 1
                            and any(initials(n) == name for n in e.names())]
                if len(expanded) == 1:         # "CIST" for the institute, whatever the model typed
                    self._attach(expanded[0], c, name)
                    continue
            if " " not in name:
                people = [e for e in self.entities.values() if e.cls == "Person"
                          and is_variant(name, e.label, "Person")]
                if len(people) == 1:       # "Wang said": the surname of a person named before
                    self._attach(people[0], c, name)
                    continue
                acting = c.span(self.doc).root.dep_ in ("nsubj", "nsubjpass", "poss")
                firms = [e for e in self.entities.values() if e.cls == "Company" and e.label != name and (
                    _tokens(core(e.label))[:1] == [name]
                    or (acting and _tokens(e.label)[:1] == [name] and not lexicon.is_region(name)))]
                if len(firms) == 1 and c.cls in ("Place", "Company", "Person"):
                    self._attach(firms[0], c, name)   # "Jinshan" after "Jinshan Hydrogen Energy"
                    continue
            variants = self.find(name, c.cls)
            if len(variants) == 1:
                self._attach(variants[0], c, name)
                continue
            if len(variants) > 1:
                pending.append((c, name, variants))
                continue
            e = self._new(c.cls, name)
            self._attach(e, c, name)
            alias = self._parenthetical(c)
            if alias:
                e.aliases.add(alias)
                declared[alias] = e
        for c, name, variants in pending:   # ambiguous short form: the nearest entity before it
            before = [(max((m.start for m in e.mentions if m.start < c.span(self.doc).start_char), default=-1), e)
                      for e in variants]
            pos, e = max(before, key=lambda x: x[0])
            if pos >= 0:
                self._attach(e, c, name)
        for c in heads:
            name = clean_name(c.span(self.doc).text)
            hits = [e for e in self.entities.values() if e.cls == c.cls or c.cls in ("Company", "Place")]
            hits = [e for e in hits if any(n.lower() == name.lower() or is_variant(name, n, e.cls)
                                           or is_variant(n, name, e.cls) for n in e.names())]
            if len(hits) == 1:
                self._attach(hits[0], c, name)
        self._merge_variants()
        self._merge_across_classes()
        self._search_again()
        for e in self.entities.values():
            self._relabel(e)
        return self.entities

    def _attach(self, e: Entity, c: Candidate, name: str) -> None:
        if name != e.label:
            e.aliases.add(name)
        e.mentions.append(self._mention(c, name))

    def _parenthetical(self, c: Candidate) -> str | None:
        """'X (hereinafter referred to as the "Y")' or 'X (ABC)' -> Y / ABC."""
        end = c.span(self.doc).end_char
        m = _ALIAS_DEF.match(self.text[end:end + 120])
        if not m:
            return None
        alias = clean_name(m.group("alias"))
        if not alias or alias[:1].islower() or re.fullmatch(r"[\d\s,.%-]+", alias):
            return None
        name = clean_name(c.span(self.doc).text)
        if alias.isupper() and " " not in alias:
            return alias if alias[0] == initials(name)[:1] or len(alias) >= 2 else None
        return alias if set(_stems(alias)) & set(_stems(name)) else None

    def _merge_variants(self) -> None:
        """Entities of one class whose names are variants of each other become one."""
        changed = True
        while changed:
            changed = False
            ents = sorted(self.entities.values(), key=lambda e: -len(e.label))
            for i, big in enumerate(ents):
                for small in ents[i + 1:]:
                    if small.cls != big.cls or small.key not in self.entities:
                        continue
                    if any(is_variant(s, b, big.cls) for s in small.names() for b in big.names()):
                        others = [e for e in ents if e is not small and e.cls == small.cls and e.key in self.entities
                                  and any(is_variant(s, b, e.cls) for s in small.names() for b in e.names())]
                        if len(others) == 1:
                            big.aliases |= small.names()
                            big.mentions += small.mentions
                            del self.entities[small.key]
                            changed = True

    def _merge_across_classes(self) -> None:
        """One name typed two ways in one article is one thing: rules' evidence wins over the
        model's, then the class with more mentions ("Kuroda Shoji" as a company and a person)."""
        by_name: dict[str, list[Entity]] = {}
        for e in self.entities.values():
            key = e.label.lower()
            if e.cls == "Person":             # "Elbe Ammoniak Handel" beside "Elbe Ammoniak Handel GmbH"
                firms = [f for f in self.entities.values() if f.cls == "Company"
                         and _legal_core(f.label).lower() == key and f.label.lower() != key]
                if len(firms) == 1:
                    key = firms[0].label.lower()
            by_name.setdefault(key, []).append(e)
        for group in by_name.values():
            if len(group) < 2:
                continue
            best = max(group, key=lambda e: (e.label.lower() in by_name and e.cls != "Person",
                                             sum(m.rule.startswith("rule:") for m in e.mentions),
                                             len(e.mentions), e.cls != "Person"))
            for e in group:
                if e is not best:
                    best.aliases |= e.aliases
                    best.mentions += [Mention(m.text, m.start, m.end, best.cls, m.rule, m.sent_start)
                                      for m in e.mentions]
                    del self.entities[e.key]

    def _search_again(self) -> None:
        """Find the other occurrences of each entity's names that no candidate covered."""
        text = self.text
        covered = [(m.start, m.end) for e in self.entities.values() for m in e.mentions]
        title_end = text.find("\n")
        names = []
        for e in self.entities.values():
            forms = set(e.names())
            if e.cls == "Company":
                c = core(e.label)
                if c != e.label and c[:1].isupper() and len(c) >= 3 and not lexicon.is_place(c) \
                        and c.lower() not in lexicon.HEADS and not re.search(rf"\b{re.escape(c.lower())}\b", text):
                    # a distinctive core ("REFIRE" of "REFIRE Group") that never appears in lower case
                    forms.add(c)
                first = _tokens(c)[0] if _tokens(c) else ""
                if first != e.label and len(first) >= 4 and first[:1].isupper() and not lexicon.is_place(first) \
                        and first.lower() not in lexicon.HEADS and first.lower() not in lexicon.CORPORATE_WORDS \
                        and not re.search(rf"\b{re.escape(first.lower())}\b", text) and sum(
                            _tokens(core(o.label))[:1] == [first] for o in self.entities.values()) == 1:
                    forms.add(first)        # "Saishang" for "Saishang Green Hydrogen"
            for f in forms:
                if len(f) >= 2:
                    names.append((f, e))
            words = e.label.split()
            if e.cls == "GovernmentBody" and len(words) >= 4 and lexicon.is_place(words[0]):
                # "the provincial development and reform commission" for the one named in full
                names.append((" ".join(words[1:]).lower(), e))
        for f, e in sorted(names, key=lambda x: -len(x[0])):
            for s, t in _occurrences(text, f, ignore_case=f.islower()):
                if s < title_end and e.cls not in ("Company", "Alliance"):
                    continue
                if any(a < t and s < b for a, b in covered):
                    continue
                span = self.doc.char_span(s, t, alignment_mode="expand")
                if span is None:
                    continue
                e.mentions.append(Mention(text=f, start=s, end=t, cls=e.cls, rule="rule:name-found-again",
                                          sent_start=span.sent.start_char))
                if f != e.label and not f.islower():   # a lower-case description is no alias
                    e.aliases.add(f)
                covered.append((s, t))

    def _relabel(self, e: Entity) -> None:
        """The label is the fullest form the body gives; the rest are aliases."""
        title_end = self.text.find("\n")
        body = {m.text for m in e.mentions if m.start > title_end} or {e.label}
        names = e.names()
        label = max(body, key=lambda n: (len(n.split()), len(n), n))
        if e.cls == "GovernmentBody" and label[:1].isupper():
            label = " ".join(w[:1].upper() + w[1:] if w.islower() and w not in ("of", "and", "for", "the") else w
                             for w in label.split())
        e.label = label
        e.aliases = {n for n in names if n != label}
        e.mentions.sort(key=lambda m: m.start)
