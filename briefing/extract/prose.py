"""The fields made from the story's prose: title, summary, tags and the Markdown body."""

from __future__ import annotations

import re

from . import dates
from .document import Document
from .gazetteer import Gazetteer
from .lines import BULLET
from .model import Finding, Options
from .text import Sentence, squash

_ATTRIBUTION = re.compile(
    r",\s+(?:[\w’'.\- ]{0,40}\s)?(?:said|says|told|reported|reports|learned|has\s+learned|informed|noted|stated|"
    r"announced|according\s+to|сообщ\w+|заяви\w+|отмети\w+|рассказа\w+)\b.*$",
    re.I,
)
_CUT_WORDS = {"in", "on", "at", "during", "with", "for", "to", "after", "as", "which", "that", "and", "while", "within", "under", "by", "в", "на", "и", "по", "с", "для"}
_TRAILING_STOP = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "for", "with", "by", "as", "its", "their", "his", "her", "и", "в", "на", "с", "по"}


def find_title(doc: Document, options: Options) -> Finding:
    """The printed headline; when there is none, a short title made from the lede."""
    if doc.headline:
        return Finding(" ".join(doc.as_written(*doc.headline).split()), doc.headline_rule, *doc.headline)
    lede = doc.lede(1)
    if lede:
        sent = lede[0]
        return Finding(title_from_sentence(doc.as_written(sent.start, sent.end), options.title_max_words), "title made from the lede", sent.start, sent.end)
    return Finding("Untitled item", "no text to make a title from")


def title_from_sentence(sentence: str, max_words: int) -> str:
    """'On 5 June, the EEC and RCC signed a memorandum in Minsk, BelTA reported.' ->
    'The EEC and RCC signed a memorandum in Minsk'."""
    s = re.sub(r"\s*\([^)]{1,60}\)", "", sentence)  # (EEC), (BelTA)
    s = re.sub(r"^[\"“«]|[\"”»]$", "", s.strip())
    lead = re.match(r"^(?:On|In|At|By)\s+[^,]{1,40}?,\s+", s)
    if lead and dates.find_mentions(lead.group()):
        s = s[lead.end() :]
    s = _ATTRIBUTION.sub("", s)
    s = s.rstrip(" .!?;:,")
    trailing = [m for m in dates.find_mentions(s) if m.end >= len(s) - 1]
    if trailing:  # "... signed a memorandum in Moscow on April 4": the date is in the page's meta
        s = re.sub(r"\s+(?:on|in|at)?\s*$", "", s[: trailing[-1].start].rstrip(" ,"))
    words = s.split()
    if len(words) > max_words:
        clause = re.split(r",\s+|\s+[–—]\s+|;\s+", s)[0].split()
        if 5 <= len(clause) <= max_words:
            words = clause
        else:
            cut = max((i for i, w in enumerate(words[: max_words + 1]) if w.casefold() in _CUT_WORDS and i >= 5), default=max_words)
            words = words[:cut]
    while len(words) > 3 and words[-1].casefold().strip(",") in _TRAILING_STOP:
        words.pop()
    title = " ".join(words).rstrip(",;:")
    return title[:1].upper() + title[1:] if title else "Untitled item"


def find_summary(doc: Document, options: Options) -> Finding:
    """The first one or two sentences of the story (without the dateline), within a length limit."""
    picked: list[Sentence] = []
    for sent in doc.iter_sentences():
        if len(sent.text.split()) < 4 or BULLET.match(sent.text):
            if picked:
                break
            continue
        candidate = " ".join([*(s.text for s in picked), sent.text])
        if picked and len(candidate) > options.summary_max_chars:
            break
        picked.append(sent)
        if len(picked) >= options.summary_sentences:
            break
    if not picked:
        return Finding("", "no sentence in the story")
    text = squash(" ".join(doc.as_written(s.start, s.end) for s in picked))
    if len(text) > options.summary_max_chars:
        cut = text[: options.summary_max_chars].rsplit(" ", 1)[0].rstrip(",;:")
        text = cut + "…"
    return Finding(text, f"first {len(picked)} sentence(s) of the story", picked[0].start, picked[-1].end)


def find_tags(doc: Document, gaz: Gazetteer, options: Options, title: str) -> list[Finding]:
    """Tags of the vocabulary whose keywords the story uses most (a keyword in the title counts 3x)."""
    body = " ".join(doc.flow[s:e] for s, e in doc.spans(include_headline=False))
    if gaz.tags is None:
        return []
    in_body, in_title = gaz.tags.count(body), gaz.tags.count(title)
    scores = []
    for tag in set(in_body) | set(in_title):
        hits = in_body.get(tag, [])
        score = len(hits) + 3 * len(in_title.get(tag, []))
        if score >= 2:
            scores.append((-score, tag, hits[0] if hits else tag))
    scores.sort()
    return [Finding(tag, f"vocabulary keywords, score {-s} (e.g. '{word}')") for s, tag, word in scores[: options.max_tags]]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")  # a regex: str.translate with a table is 10x slower here
_MD_LINE_START = re.compile(r"^(\s*)(#|>|\+|=|-(?!\s)|\d+[.)](?=\s))")


def body_markdown(doc: Document) -> str:
    """The story as Markdown: one paragraph per block, bullets as a list, text escaped literally."""
    out: list[str] = []
    prev_bullet = False
    for p in doc.paragraphs:
        text = squash(doc.as_written(p.start, p.end))
        if p.bullet:
            item = _escape(BULLET.sub("", text, count=1))
            if out and not prev_bullet:
                out.append("")
            out.append(f"- {item}")
            prev_bullet = True
            continue
        if out:
            out.append("")
        out.append(_escape(text))
        prev_bullet = False
    return "\n".join(out).strip() + "\n" if out else ""


def _escape(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
