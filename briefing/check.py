"""`python build.py check`: validate what a build relies on, and the links of the built site.

- content: every page parses and validates (the same rules as the build); pages whose date an
  editor should look at (`date_note`) and pending `.md.new` proposals are listed as warnings;
- data and theme: the entity data file loads, every template compiles;
- the built site: every internal link and asset resolves, nothing loads from another host.
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .canon import load_canon
from .config import Config
from .content import load_articles
from .errors import BriefingError, Problem, Reporter, display_path


def check(config: Config, reporter: Reporter) -> list[Problem]:
    problems: list[Problem] = []
    problems += check_base_url(config)
    articles, content_problems = load_articles(config.articles_dir, config.root)
    problems += content_problems
    for a in articles:
        if a.date_note:
            problems.append(Problem(a.path, _date_note_message(a), severity="warning"))
    for proposal in sorted(config.articles_dir.glob("*.md.new")) if config.articles_dir.is_dir() else []:
        problems.append(Problem(display_path(proposal, config.root), "a new extraction waits to be merged into the edited page beside it; delete this file when done", severity="warning"))
    try:
        load_canon(config.path("data"))
    except BriefingError as exc:
        problems += exc.problems
    problems += check_templates(config.path("theme"))
    output = config.path("output")
    if output.is_dir():
        problems += check_links(output, config.root)
    else:
        problems.append(Problem(display_path(output, config.root), "no built site to check; run `python build.py` first", severity="warning"))
    return problems


def _date_note_message(a) -> str:
    from .i18n import is_uncertain

    if is_uncertain(a.date_note):
        return (f"the date {a.date.isoformat()} needs an editor's look: {a.date_note}; readers see it as uncertain and it never "
                "leads the digest or a weekly issue until you confirm it (remove the date_note)")
    return f"the date {a.date.isoformat()} needs an editor's look: {a.date_note}"


def check_base_url(config: Config) -> list[Problem]:
    """A placeholder base_url (the sample's, or any reserved example address) would be the address
    of every feed, sitemap and canonical link: warn until it is the real one."""
    from .render import is_placeholder

    if not config.base_url or not is_placeholder(config.base_url):
        return []
    where = display_path(config.source, config.root) if config.source else "config.yaml"
    return [Problem(where, f"'base_url' is the placeholder {config.base_url}: set the address the site will be published at before you deploy (feeds, sitemap and canonical links use it; the 404 page links root-relative until then)", _line_of(config.source, "base_url"), severity="warning")]


def _line_of(path: Path | None, key: str) -> int | None:
    if path is None or not path.exists():
        return None
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return n
    return None


def check_templates(theme: Path) -> list[Problem]:
    """Every template of the theme compiles (with the filters the build provides)."""
    import jinja2

    from .config import default_config
    from .render import Renderer, site_info

    try:
        renderer = Renderer(theme, site_info(default_config()))
    except BriefingError as exc:
        return exc.problems
    problems = []
    folder = renderer.templates_dir
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            try:
                renderer.env.get_template(path.relative_to(folder).as_posix())
            except jinja2.TemplateSyntaxError as exc:
                problems.append(Problem(str(path), f"template error: {exc.message}", exc.lineno))
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
            parts = urlsplit(value)
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


