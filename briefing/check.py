"""`python build.py check`: validate what a build relies on, and the links of the built site.

- content: every page parses and validates (the same rules as the build); pages whose date an
  editor should look at (`date_note`), pending `.md.new` proposals, images without alt text and
  references to files that do not exist are listed as warnings;
- stories: every story of several reports, with how each report came into it, and the pairs of
  reports that came close to being one story (notes); a `story:` that names no article (a
  warning); seeds whose text an earlier seed already has (notes);
- data and theme: the entity data file loads, every template compiles;
- the built site: every internal link and asset resolves, nothing loads from another host;
- with `external=True` (`check --external`) only: its links to other hosts answer (external.py).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from . import yamlio
from .canon import load_canon
from .config import Config
from .content import load_articles
from .errors import BriefingError, Problem, Reporter, display_path
from .media import check_media
from .theme import theme_chain
from .urls import split_url


def check(config: Config, reporter: Reporter, external: bool = False) -> list[Problem]:
    problems: list[Problem] = []
    problems += check_base_url(config)
    articles, content_problems = load_articles(config.articles_dir, config.root)
    problems += content_problems
    for a in articles:
        if a.date_note:
            problems.append(Problem(a.path, _date_note_message(a), severity="warning"))
    problems += check_media(articles, config.path("content"), config.root)
    for proposal in sorted(config.articles_dir.glob("*.md.new")) if config.articles_dir.is_dir() else []:
        problems.append(Problem(display_path(proposal, config.root), "a new extraction waits to be merged into the edited page beside it; delete this file when done", severity="warning"))
    try:
        canon = load_canon(config.path("data"))
    except BriefingError as exc:
        problems += exc.problems
        canon = None
    problems += check_stories(articles, canon)
    problems += repeated_seeds(config)
    problems += check_templates(theme_chain(config))
    output = config.path("output")
    if output.is_dir():
        problems += check_links(output, config.root)
        if external:
            from .external import check_external

            reporter.info("check: testing the links to other hosts...")
            problems += check_external(output, config.root, config.base_url)
    else:
        problems.append(Problem(display_path(output, config.root), "no built site to check; run `python build.py` first", severity="warning"))
    return problems


def check_stories(articles, canon) -> list[Problem]:
    """Explain the grouping of reports into stories (stories.py), as `check` shows it."""
    from .stories import group

    published = [a for a in articles if not a.draft]
    by_slug = {a.slug: a for a in published}
    stories = group(published, canon)
    problems = []

    def who(slug: str) -> str:
        a = by_slug[slug]
        return f"{slug} ({a.publisher or a.agency})" if (a.publisher or a.agency) else slug

    for name, members in sorted(stories.members.items()):
        problems.append(
            Problem(
                by_slug[name].path,
                f"first report of the story '{name}' ({len(members)} reports, shown once in the digest and the weekly issue): {', '.join(who(s) for s in members[1:])}",
                severity="note",
            )
        )
        for slug in members[1:]:
            link = stories.links.get(slug)
            if link is not None and link.editor:
                why = f"'story: {by_slug[slug].story}' in its front-matter"
            elif link is not None:
                why = f"like {link.to}: {link.evidence.describe()}"
            else:
                why = "with the report it joined"
            problems.append(Problem(by_slug[slug].path, f"in the story '{name}': {why}; 'story: none' keeps it apart", severity="note"))
    for earlier, later, evidence in stories.near:
        if stories.story_of.get(earlier) is not None and stories.story_of.get(earlier) == stories.story_of.get(later):
            continue
        problems.append(Problem(by_slug[later].path, f"not in the story of {earlier}, though close: {evidence.describe()}; add 'story: {earlier}' to join it", severity="note"))
    for slug, value in stories.unknown:
        problems.append(Problem(by_slug[slug].path, f"'story: {value}' names no published article; give the slug of a report of the story (or none)", severity="warning"))
    return problems


def repeated_seeds(config: Config) -> list[Problem]:
    """Seeds that have no page because an earlier seed has the same text (see duplicates.py)."""
    from .ingest_state import STATE_FILE, IngestState

    content = config.path("content")
    try:
        state = IngestState.load(content, display_path(content / STATE_FILE, config.root))
    except BriefingError as exc:
        return exc.problems
    return [Problem(seed, f"the same text as {rec.duplicate_of} (its page {rec.page}): no page of its own", severity="note") for seed, rec in sorted(state.records.items()) if rec.duplicate_of]


def _date_note_message(a) -> str:
    from .i18n import is_uncertain

    if is_uncertain(a.date_note):
        return (
            f"the date {a.date.isoformat()} needs an editor's look: {a.date_note}; readers see it as uncertain and it never "
            "leads the digest or a weekly issue until you confirm it (remove the date_note)"
        )
    return f"the date {a.date.isoformat()} needs an editor's look: {a.date_note}"


def _key_line(path: Path | None, key: str) -> int | None:
    if path is None or not path.exists():
        return None
    return yamlio.key_lines(path.read_text(encoding="utf-8", errors="replace")).get(key)


def check_base_url(config: Config) -> list[Problem]:
    """A placeholder base_url (the sample's, or any reserved example address) would be the address
    of every feed, sitemap and canonical link: warn until it is the real one."""
    from .render import is_placeholder

    if not config.base_url or not is_placeholder(config.base_url):
        return []
    where = display_path(config.source, config.root) if config.source else "config.yaml"
    return [
        Problem(
            where,
            f"'base_url' is the placeholder {config.base_url}: set the address the site will be published at before you deploy (feeds, sitemap and canonical links use it; the 404 page links root-relative until then)",
            _key_line(config.source, "base_url"),
            severity="warning",
        )
    ]


def check_templates(chain: tuple[Path, ...]) -> list[Problem]:
    """Every template of the theme chain compiles (with the filters the build provides)."""
    import jinja2

    from .config import default_config
    from .render import Renderer, site_info

    try:
        renderer = Renderer(chain, site_info(default_config()))
    except BriefingError as exc:
        return exc.problems
    problems = []
    for name in renderer.env.list_templates():  # (the one the chain picks for each name)
        try:
            renderer.env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(exc.filename or name, f"template error: {exc.message}", exc.lineno))
    return problems


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, int, str]] = []  # (attribute, value, line, "link" | "load")
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").split()
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if value and name in ("href", "src"):
                # <a>, rel=canonical and rel=alternate are links; src and stylesheets are loads.
                kind = "link" if tag == "a" or (tag == "link" and not {"stylesheet", "icon", "preload", "manifest"} & set(rel)) else "load"
                self.links.append((f"{tag}[{name}]", value, self.getpos()[0], kind))


def check_links(output: Path, root: Path) -> list[Problem]:
    """Every href/src of every HTML page: internal ones must resolve, none may load another host."""
    problems = []
    for page in sorted(output.rglob("*.html")):
        if page.name == "404.html" and page.parent == output:
            continue  # links through base_url on purpose: it is served at any depth
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        rel = display_path(page, root)
        for attr, value, line, kind in parser.links:
            parts = split_url(value)
            if parts is None:
                problems.append(Problem(rel, f"not a valid address: {value}", line, severity="warning"))
                continue
            if parts.scheme in ("mailto", "tel", "data", "javascript"):
                continue
            if parts.scheme or value.startswith("//"):
                if kind == "load":
                    problems.append(Problem(rel, f"{attr} loads from another host: {value}", line))
                continue
            if not parts.path:
                continue  # a link to a fragment of the same page
            target = (page.parent / unquote(parts.path)).resolve()
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if output.resolve() not in target.parents and target != output.resolve():
                problems.append(Problem(rel, f"{attr} points outside the site: {value}", line))
            elif not target.exists():
                problems.append(Problem(rel, f"broken link {attr}='{value}': no such file", line))
    return problems
