"""Finder: countries beyond their names (demonyms of state actors, hyphenated pairs, typos)."""

from __future__ import annotations

from itertools import compress
from operator import or_

from .patterns import RU_STATE_NOUNS, STATE_NOUNS
from .scan import Mention, Scan


def find_countries(scan: Scan) -> None:
    demonyms = scan.gaz.demonyms
    countries = scan.marks["country"]
    # Demonyms, names and typos are capitalised (Russian adjectives excepted).
    no_typo = _words_without_typo(scan)
    wanted = map(or_, scan.capitalised, map(demonyms.__contains__, scan.keys))
    for i in list(compress(range(len(scan.tokens)), wanted)):
        tok, k = scan.tokens[i], scan.keys[i]
        text = tok.text
        if not text[0].isupper() and not tok.is_cyrillic:
            continue
        if countries.find(1, tok.start, tok.end) >= 0:
            continue  # already named
        country = demonyms.get(k)
        if country:
            after = scan.text[tok.end : tok.end + 40]
            rx = RU_STATE_NOUNS if tok.is_cyrillic else STATE_NOUNS
            if rx.match(after):
                scan.add(Mention("country", tok.start, tok.end, tok.text, "demonym of a state actor (Kazakh President)", country))
            continue
        if "-" in text:
            pos = tok.start
            for part in tok.text.split("-"):
                hit = scan.country_entity(part)
                if hit:
                    scan.add(Mention("country", pos, pos + len(part), part, "country in a hyphenated pair (Belarus-Russia)", hit))
                pos += len(part) + 1
            continue
        if len(text) >= 7 and text not in no_typo and not scan.covered(tok.start, tok.end):
            hit = scan.country_typo(tok.text)
            if hit:
                scan.add(Mention("country", tok.start, tok.end, tok.text, "country name with a typo", hit))
            elif len(no_typo) < 200_000:
                no_typo.add(tok.text)


def _words_without_typo(scan: Scan) -> set[str]:
    """Words found to be no country's name with a typo (the answer depends on the word alone): a
    text's and a digest's words repeat."""
    found = scan.gaz.memo.get(("words without a country typo", ""))
    if found is None:
        found = scan.gaz.memo[("words without a country typo", "")] = set()
    return found  # type: ignore[return-value]
