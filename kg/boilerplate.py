"""Tell the article from the page around it.

News pages carry "Related News" lists, teasers of other articles, sign-in prompts,
disclaimers, contact lines and navigation. None of it is the article, and nothing found
only there belongs in the graph (see the contract's "Boilerplate"). This module works on
plain text, line by line, so it serves text files and the text trafilatura takes out of
HTML alike. It returns the kept lines and the dropped ones, so ``h2kg inspect`` can show
both.
"""
from __future__ import annotations

import re

# A line that starts a block of other articles: everything from it to the end goes.
_TAIL_HEADER = re.compile(
    r"^\s*(related (news|articles?|stories|posts|reading|content|coverage)|you (may|might) also "
    r"(like|be interested in)|more (news|stories|articles) ?(from .*)?|recommended( for you| reading)?|"
    r"most (read|popular)|latest (news|articles)|trending( now)?|read next|further reading|"
    r"also read|see also|popular (posts|articles)|more on this topic|related coverage|"
    r"other news|editor'?s picks?|hot news|recommended articles|more from [\w &-]{1,30}|"
    r"read more from [\w &-]{1,30}|more in [\w &-]{1,30}|what to read next)\s*:?\s*$", re.I)

# A line that opens a contact block: it and its short lines after it go.
_CONTACT_HEADER = re.compile(
    r"^\s*(media|press|investor|editorial)?\s*(inquiries|enquiries|contacts?|relations)\s*:?\s*$|"
    r"^\s*(media|press) (inquiries|enquiries|contacts?)\b", re.I)

_DROP_LINE = [re.compile(p, re.I) for p in (
    r"\b(register|sign[ -]?in|sign[ -]?up|log[ -]?in|subscribe|subscription|newsletter)\b.{0,60}"
    r"(continue|read|access|here|now|today|free|updates|account|our)",
    r"^\s*(register|sign in|log in|subscribe)\b",
    r"already have an account", r"gain access to", r"create (a free|an) account",
    r"continue reading", r"^\s*read more\b", r"^\s*click here\b", r"^\s*advertisement\s*$",
    r"^\s*(data source statement|disclaimer|statement)\s*:",
    r"do not constitute (investment|decision)", r"for reference only",
    r"copyright|\u00a9|all rights reserved|reproduc(tion|ed) without",
    # an e-mail address; the lookbehind and the bounds keep the search linear on a
    # 100,000-character line without spaces (unbounded, it took seconds)
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{1,63}",
    r"^\s*(tel|phone|fax|mobile|e-?mail|website|web)\s*\.?\s*:",
    r"\+\d{1,3}[\s-]?\(?\d{1,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}",  # a phone number
    r"for (any|more) (inquiries|information|enquiries).{0,40}contact",
    r"please contact", r"^\s*contact( us)?\s*:",
    r"^\s*(share|share this( article| story| post)?|share on|follow us|tweet|print|email this)\b.{0,40}$",
    r"^\s*\d+\s+(seconds?|minutes?|hours?|days?|weeks?)\s+ago\s*$",
    r"^\s*\[[^\]]{2,60}\]",                               # "[Site Weekly Review] ..." teasers
    r"^\s*\[.*\]\s*$",                                     # "[Photo caption: ...]"
    r"^\s*(photo|image|picture|caption|photo caption|file photo)\s*:",
    r"\b(photo|image|picture) (by|credit|courtesy)\b",
    r"^\s*(also read|read also|see also|related|recommended)\s*[|:]",
    r"comments? (will be|are) (moderated|reviewed)|keep comments|posting rules",
    r"^\s*the (writer|author|reporter)s? (is|are|was)\b",
    r"^\s*(home|news)\s*(>|/|\u00bb|\u203a)\s*\w+",          # breadcrumbs
    r"^\s*tags?\s*:",
    r"^\s*\(?\s*(reporting|writing|editing|additional reporting|compiled|translated) by\b",
    r"^[^|]{0,60}(\|[^|]{0,60}){2,}$",                    # "3 July 2025 | Electrolysers | Briefing"
    r"^\s*share to\s*:",
    r"^\s*(previous|next|prev)\s*(article|post|story|page)?\s*[:>|\u00bb]",
    r"^\s*\[?\s*(reporter|editor|translator|proofreader|responsible editor|photo|image)\s*:",
    r"follow us on|scan the qr code|qr code to|wechat official account",
    r"\bcookies?\b.{0,80}\b(accept|consent|policy|browsing|experience)",
    r"^\s*(accept|reject)( all)?( cookies)?\s*$",
    r"^\s*(back to top|top of page|skip to (main )?content|main menu|menu)\s*$",
    r"^\s*(print|e-?mail|share|comments?)\s*(\||/)\s*",
    r"^\s*(source|editor|author|reporter|written by|by)\s*:",
    r"^\s*(published|updated|posted|release date|date)\s*:",
)]

# A metadata line that dates the article.
_PUBLISHED = re.compile(r"^\s*(published|posted|release date|date|updated)\s*:?\s*(?P<date>.+)$", re.I)


# An author's note: "Catherine Liu covers ports ... for China Freight Weekly." (case matters here)
_AUTHOR_NOTE = re.compile(
    r"^(?!The\b|This\b|A\b)[A-Z][\w'’.-]+( [A-Z][\w'’.-]+){1,3}\s+(covers .{3,80} for [A-Z]|writes about|"
    r"reports on .{3,80} for [A-Z]|is an? [\w -]{0,40}(journalist|reporter|correspondent|editor|writer|"
    r"columnist|contributor))")

# Lines this long are prose: only the anchored disclaimer rules apply to them.
_SHORT_LINE_WORDS = 30
_ANY_LENGTH = [re.compile(p, re.I) for p in (
    r"^\s*(data source statement|disclaimer)\s*:",
    r"^\s*(copyright|\u00a9)",
)]


def _squeeze(line: str) -> str:
    """The line with each run of whitespace made one space. The rules only ever look for
    one space between words, and a line of 100,000 spaces no longer makes a pattern like
    ``tel\s*\.?\s*:`` try every split of the run (seconds per line)."""
    return " ".join(line.split())


def is_boilerplate_line(line: str) -> bool:
    """True for a single line that is page furniture rather than article text."""
    line = _squeeze(line)
    if any(p.search(line) for p in _ANY_LENGTH):
        return True
    return len(line.split()) <= _SHORT_LINE_WORDS and (
        any(p.search(line) for p in _DROP_LINE) or bool(_AUTHOR_NOTE.search(line)))


def split_boilerplate(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split body lines into (kept, dropped); blank lines are kept to keep paragraphs."""
    kept: list[str] = []
    dropped: list[str] = []
    in_contact = False
    for i, line in enumerate(lines):
        text = _squeeze(line)
        if _TAIL_HEADER.match(text):
            dropped.extend(x for x in lines[i:] if x.strip())
            break
        if _CONTACT_HEADER.match(text):
            in_contact = True
            dropped.append(line)
            continue
        if in_contact:
            if not text:
                continue
            if len(text.split()) <= 12:
                dropped.append(line)
                continue
            in_contact = False
        if text and is_boilerplate_line(text):
            dropped.append(line)
            continue
        kept.append(line)
    # collapse the blank runs left behind
    out: list[str] = []
    for line in kept:
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line.rstrip())
    while out and not out[-1].strip():
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    return out, dropped


def published_line(line: str) -> str | None:
    """The date part of a "Published: ..." line, or None."""
    m = _PUBLISHED.match(_squeeze(line))
    return m.group("date") if m else None
