"""Templates -> bytes. The Jinja2 environment of a theme, and nothing that touches files in public/.

Autoescaping is on for HTML and XML; links are made relative to the page being rendered with the
`url` filter, so templates never build paths by hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from . import charts, urls
from .config import Config
from .errors import Problem, ThemeError, current_file
from .i18n import Dates, base_language, translations
from .media import localize
from .model import slugs
from .pages import Page
from .theme import Hooks, template_dirs

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "example")
"""Hosts reserved for examples (RFC 2606): a base_url there is a placeholder, not an address."""


def is_placeholder(base_url: str) -> bool:
    """Whether base_url is the sample's placeholder (or another reserved example address): then
    the 404 page links root-relative, print shows no addresses, and `check` warns."""
    from urllib.parse import urlsplit

    host = (urlsplit(base_url).hostname or "").lower()
    return bool(host) and any(host == h or host.endswith("." + h) for h in PLACEHOLDER_HOSTS)


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What every template knows about the site."""

    title: str
    description: str
    language: str
    base_url: str
    pretty_urls: bool
    taxonomies: tuple[tuple[str, str], ...]
    """(URL, title) of each taxonomy index, for the navigation."""
    search: bool = True
    """Whether the site has search (the header's box and the search page)."""

    @property
    def placeholder(self) -> bool:
        """base_url is the sample's placeholder: never shown to readers (print, 404)."""
        return is_placeholder(self.base_url)

    @property
    def lang(self) -> str:
        return base_language(self.language)


def site_info(config: Config) -> SiteInfo:
    from .model import TAXONOMY_TITLES

    taxonomies = tuple((urls.taxonomy(k), TAXONOMY_TITLES[k][0]) for k in config.taxonomies)
    return SiteInfo(
        title=config.title,
        description=config.description,
        language=config.language,
        base_url=config.base_url,
        pretty_urls=config.pretty_urls,
        taxonomies=taxonomies,
        search=config.search,
    )


class Renderer:
    """Compiles a theme's templates once and renders pages to bytes."""

    def __init__(self, chain: tuple[Path, ...], site: SiteInfo, cache_dir: Path | None = None, hooks: Hooks | None = None):
        folders = template_dirs(chain)
        if not folders:
            raise ThemeError(Problem(str(chain[0] / "templates"), "the theme has no templates/ folder; check 'paths.theme' in the config"))
        bytecode = _template_cache(cache_dir)
        self.templates_dir = folders[0]
        self.site = site
        self.hooks = hooks or Hooks()
        self.env = jinja2.Environment(
            # The site's theme first, the default theme last: a template the site lacks is the default's.
            loader=jinja2.FileSystemLoader([str(f) for f in folders]),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html", "xml", "htm"), disabled_extensions=("json", "txt"), default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=bytecode,
            auto_reload=False,
            extensions=["jinja2.ext.i18n"],
        )
        self.env.install_gettext_translations(translations(site.language), newstyle=True)  # type: ignore[attr-defined]
        dates = Dates(site.language)
        self.env.filters.update(
            url=_url_filter,
            absolute=_absolute_filter,
            date=dates.day,
            isodate=_isodate,
            month_name=dates.month,
            month_year=lambda ym: dates.month_year(*ym),
            month_short=dates.month_short,
            day_month=dates.day_month,
            when=lambda card: dates.when(card.date, card.date_note),
            json_script=json_for_script,
            year_bars=charts.year_bars,
            timeline_chart=_timeline_filter,
            json_feed=_json_feed,
            nest_body=nest_body,
            slugs=slugs,
            feed_summary=_feed_summary,  # slugs: map(attribute="slug")|join(" ") at a fraction of the cost
            fresh_summary=fresh_summary,
            css_string=css_string,
            time_tag=_time_tag,
            t=translations(site.language).gettext,
            month_bars=_month_bars,
            lang_attr=_lang_attr,
        )
        self.env.globals["site"] = site
        self.env.globals["dates"] = dates

    def preload(self, names) -> None:
        """Compile the templates now (before worker processes are forked, so they share them)."""
        for name in sorted(set(names)):
            self._template(name, None)

    def _template(self, name: str, page: Page | None):
        try:
            return self.env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise ThemeError(Problem(exc.filename or str(self.templates_dir / (exc.name or name)), f"template error: {exc.message}", exc.lineno)) from None
        except jinja2.TemplateNotFound as exc:
            where = f" (needed for {page.url or 'the home page'})" if page else ""
            raise ThemeError(Problem(str(self.templates_dir / str(exc.name)), f"template not found{where}")) from None

    def _path_of(self, name: str) -> str:
        """The file the loader reads for a template name (a compiled template from a shared cache
        may carry the path of another copy)."""
        try:
            return self.env.loader.get_source(self.env, name)[1] or str(self.templates_dir / name)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            return str(self.templates_dir / name)

    def render(self, page: Page, bodies: dict[str, str] | None = None, extras: dict[str, Any] | None = None) -> bytes:
        """The page's bytes. `bodies` maps content hashes to rendered Markdown (article and week
        pages); `extras` holds what a page needs from outside the model (the map's picture)."""
        current_file.set(f"{self.templates_dir / page.template} for {page.url or 'the home page'}")
        try:
            template = self._template(page.template, page)
            if bodies and page.kind in ("article", "week"):
                bodies = localize(page, bodies, self.site.pretty_urls)  # (images beside the page: their published copies)
            text = template.render(page=page, bodies=bodies or {}, **(extras or {}), **page.context.variables())
        except jinja2.TemplateSyntaxError as exc:
            raise ThemeError(Problem(exc.filename or str(self.templates_dir / (exc.name or page.template)), f"template error: {exc.message}", exc.lineno)) from None
        except jinja2.UndefinedError as exc:
            raise ThemeError(Problem(self._path_of(page.template), f"template error while rendering {page.url or 'the home page'}: {exc.message}")) from None
        if page.template.endswith(".html"):
            text = self.hooks.page(page, text)
        return text.encode("utf-8")


TEMPLATE_CACHE_ENV = "BRIEFING_TEMPLATE_CACHE"
"""A folder for compiled templates that sites share (a CI cache, the test suite); else each site
keeps its own in its cache folder."""


def _template_cache(cache_dir: Path | None) -> jinja2.BytecodeCache | None:
    shared = os.environ.get(TEMPLATE_CACHE_ENV)
    folder = Path(shared) if shared else cache_dir / "jinja" if cache_dir is not None else None
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a cache: a folder that cannot be made only costs compiling the templates
    return _CompiledTemplates(str(folder), shared=bool(shared))


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates, filed by name, by the settings that shape the code (this module's
    source, Jinja's and Python's versions: the environment's options are set here) and, in a
    site's own folder, by path (an edited template replaces its file); in a shared folder, by
    source text instead, so a copy of a theme in another site finds the code compiled for the same
    text (a traceback of an internal error then names the copy it was compiled from; error
    messages name the file the loader found). Jinja checks the source's checksum on load; writes
    are atomic (a temporary file renamed), and one that fails is skipped."""

    def __init__(self, directory: str, shared: bool) -> None:
        super().__init__(directory)
        self.shared = shared

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> jinja2.bccache.Bucket:
        checksum = self.get_source_checksum(source)
        where = checksum if self.shared else filename or ""
        bucket = jinja2.bccache.Bucket(environment, self.get_cache_key(f"{name}|{where}|{_code_settings()}"), checksum)
        self.load_bytecode(bucket)
        return bucket

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@lru_cache(maxsize=1)
def _code_settings() -> str:
    return hashlib.blake2b(Path(__file__).read_bytes() + f"|{jinja2.__version__}|{sys.version_info[:2]}".encode(), digest_size=8).hexdigest()


@jinja2.pass_context
def _url_filter(context, target: str) -> str:
    """A link from the page being rendered to `target` (a site URL such as 'tags/minsk/')."""
    site: SiteInfo = context["site"]
    return urls.relative(context["page"].url, target, site.pretty_urls)


@jinja2.pass_context
def _absolute_filter(context, target: str) -> str:
    """The published address of `target`, or '' when the site has no base_url."""
    site: SiteInfo = context["site"]
    return urls.absolute(site.base_url, target)


@jinja2.pass_context
def _timeline_filter(context, years, lanes) -> Markup:
    site: SiteInfo = context["site"]
    return charts.timeline_chart(years, lanes, context["page"].url, site.pretty_urls, Dates(site.language), translations(site.language))


@jinja2.pass_context
def _feed_summary(context, card) -> str:
    return feed_summary(card, context["site"].language)


@jinja2.pass_context
def _month_bars(context, term) -> Markup:
    site: SiteInfo = context["site"]
    return charts.month_bars(term, Dates(site.language), translations(site.language))


@jinja2.pass_context
def _lang_attr(context, card) -> Markup:
    """' lang="ru"' on an item's content when its language is not the page's."""
    site: SiteInfo = context["site"]
    if card.language and base_language(card.language) != site.lang:
        return Markup(f' lang="{card.language}"')
    return Markup("")


@jinja2.pass_context
def _time_tag(context, card) -> Markup:
    """A card's date as a <time> element: an uncertain one marked, in the reader's words."""
    site: SiteInfo = context["site"]
    dates = Dates(site.language)
    if not card.uncertain:
        return Markup(f'<time datetime="{card.date.isoformat()}">{escape(dates.day(card.date))}</time>')
    # Not a <time>: the year is not known, so there is no machine-readable date to give.
    tr = translations(site.language)
    why = (
        tr.gettext("The source gives no date; this is the day it was added.")
        if card.date_note == "no date in source"
        else tr.gettext("The source does not say the year; an editor has not confirmed it yet.")
    )
    return Markup(f'<span class="date uncertain" title="{escape(why)}">{escape(dates.when(card.date, card.date_note))}</span>')


_WORD = re.compile(r"\w+", re.U)


def fresh_summary(summary: str, title: str) -> str:
    """A summary that does not repeat the headline a row already shows: a summary that opens
    with the title loses it (keeping what follows), one whose first sentence says no more than
    the title loses that sentence; '' when nothing new is left."""
    if not summary:
        return ""
    t_words = [w.casefold() for w in _WORD.findall(title)]
    s_words = list(_WORD.finditer(summary))
    if t_words and len(s_words) >= len(t_words) and [m.group().casefold() for m in s_words[: len(t_words)]] == t_words:
        rest = summary[s_words[len(t_words) - 1].end() :].lstrip(" ,;:–—-")
        return _capital(rest) if len(_WORD.findall(rest)) >= 4 else ""
    first, _sep, rest = summary.partition(". ")
    words = {w.casefold() for w in _WORD.findall(first)}
    if t_words and sum(w in words for w in t_words) >= 0.8 * len(t_words) and len(words) <= len(set(t_words)) + 3:
        return _capital(rest.strip())
    return summary


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else ""


def css_string(value: str) -> Markup:
    """A CSS string literal (for the print view's running head)."""
    out = []
    for ch in value:
        if ch in '"\\' or ch in "<>&" or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')


@jinja2.pass_context
def _json_feed(context, feed) -> str:
    """A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1) for a Feed."""
    site: SiteInfo = context["site"]
    page_url = context["page"].url

    def link(url: str) -> str:
        return urls.absolute(site.base_url, url) or urls.relative(page_url, url, site.pretty_urls)

    doc: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "description": site.description,
        "home_page_url": link(feed.alternate),
        "language": site.language,
        "items": [
            {
                "id": link(c.url),
                "url": link(c.url),
                "title": c.title,
                "content_text": feed_summary(c, site.language) or c.title,
                "summary": feed_summary(c, site.language),
                "date_published": f"{c.date.isoformat()}T00:00:00Z",
                "tags": [t.name for t in c.tags],
            }
            for c in feed.cards
        ],
    }
    if site.base_url:
        doc["feed_url"] = link(feed.url)
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def feed_summary(card, language: str) -> str:
    """A card's summary for feeds: an uncertain date is said first, in the reader's words."""
    if not card.uncertain:
        return card.summary
    note = translations(language).gettext("Date: %(when)s.") % {"when": Dates(language).when(card.date, card.date_note)}
    return f"{note} {card.summary}".strip()


def format_date(value: dt.date | None) -> str:
    """'5 June 2024': unambiguous in every English variant, and no locale involved."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _isodate(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _month_name(number: int) -> str:
    return MONTHS[number - 1]


_HEADING = re.compile(r"<(/?)h([2-5])\b")
_ID = re.compile(r'\b(id="|href="#)([^"]*)"')


def nest_body(html: str, prefix: str) -> Markup:
    """An article body placed inside a page of several (a weekly issue): its headings one level
    down (under the item's own h2), and its ids (footnotes, headings) and the links to them
    prefixed, so that two bodies on one page never share an id."""
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)
    if 'id="' in html or 'href="#' in html:  # most bodies have neither (and the scan is slow)
        html = _ID.sub(lambda m: f'{m.group(1)}{prefix}-{m.group(2)}"', html)
    return Markup(html)


def json_for_script(value: Any) -> str:
    """JSON safe inside <script>: no '</script>' break-out, no HTML comment or entity tricks."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)
