"""A rebuild, once the up-to-date check (pipeline.py) found a change: read content -> site model ->
plan pages -> fingerprints -> render (staged) -> publish -> search index.

All reading and modelling happens before any writing, and every page is rendered (into a staging
folder) before the first file in public/ changes, so an error anywhere leaves the published site
as it was. A page whose inputs hash as they did last time, and whose file is still the one written
then, is not rendered again; a content page whose bytes hash as before is not parsed again. Big
jobs (Markdown of many pages, many pages to render) are spread over the cores.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from . import kept, locator, notes, parallel, search, searchpages, searchterms, trash
from .cache import PACKAGE, BodyStore, Snapshot, load_cached, save_cached
from .canon import DESCRIPTIONS, Canon, load_canon
from .config import Config
from .errors import Reporter, display_path
from .faults import fault_point
from .fingerprint import files_digest, fingerprint, quick, value_key
from .i18n import CATALOGUES
from .ingest import IngestReport
from .media import resolve_media, to_copy
from .output import Output, Staged, WriteReport
from .pages import Page, body_digests, check_unique_outputs, plan
from .pipeline import BuildReport, Phases
from .reading import body_texts, read_content
from .search import SearchReport
from .site import build_model, hold_scheduled
from .theme import Hooks, load_hooks, static_files, template_files, theme_chain

PARALLEL_PAGES = 150
WHOLE_SITE_KINDS = ("timeline", "sitemap", "weeks")
CANON_VERSION = b"canon 3: details with founded, descriptions.yaml\n"
"""Part of the key of the cached entity data: a change to what Canon holds makes it again."""


def rebuild(config: Config, reporter: Reporter, snapshot: Snapshot, inputs: dict, ingested: IngestReport | None, *, today: dt.date, future: bool, index_search: bool, phase: Phases) -> BuildReport:
    """Bring the output folder up to date (the build lock held, `inputs` the stats the check took)."""
    cache_dir = config.path("cache")
    snapshot.clear()
    store = BodyStore(cache_dir)
    emptier = None
    try:
        articles, bodies = read_content(config, reporter, store, inputs)
        hooks = load_hooks(config)
        articles = [hooks.article(a) for a in articles]
        articles, release = (articles, None) if future else hold_scheduled(articles, today)
        articles, media = resolve_media(articles, config.path("content"), config.root, cache_dir, reporter)
        phase("read content")
        canon = _canon(config, cache_dir)
        with searchterms.forms_cache(cache_dir / "case-forms.json"), notes.cache(cache_dir / "quotes.pickle"), kept.cache(cache_dir / "co-mentions.pickle"):
            model = build_model(articles, canon, config.taxonomies, body_texts(store, articles, bodies))
        with locator.cache(cache_dir / "places-located.pickle", config.path("data"), _geo_version(config)) as geo_version:
            pages = plan(model, config, geo_version)
        check_unique_outputs(pages)
        phase("model and plan")
        output = Output(config.path("output"), cache_dir)
        signature = _signature(config, canon)
        todo, keep = [], set()
        for page in pages:
            fp = _page_fingerprint(signature, page)
            if output.is_current(page.output, fp):
                keep.add(page.output)
            else:
                todo.append((page, fp))
        copies = to_copy(media, output, keep)
        phase("fingerprints")
        staged = render_pages(config, canon, todo, output, store, bodies, reporter, hooks, copies)
        phase("render")
        # The previous builds' replaced shards and these pages' old versions are deleted by a
        # thread while the index is made (trash.py); not before: no thread while workers fork.
        emptier = trash.Emptier(cache_dir)
        write = output.publish(staged, keep, emptier.unlink)
        phase("publish")
        pending = _search_pending(config, write, bool(model.stories))
        searched = search_index(config, reporter, searchpages.article_pages(output.manifest.files)) if pending and index_search else None
        phase("search index")
        out = str(config.path("output"))
        published = [os.path.join(out, p) for p in output.manifest.files]
        if config.search:
            published.append(os.path.join(out, search.ENTRY))  # a lost index sends the next build down the full path
        if not pending or searched is not None:  # an index still to make (or that failed): the next build looks again
            snapshot.save(inputs, Snapshot.capture([], published, known=output.unchanged_stats), len(pages), release, future)
    finally:
        store.close()
        if emptier is not None:
            emptier.join()
    return BuildReport(ingested, len(pages), len(todo), write, phase.total(), phase.seconds, searched, pending and not index_search)


def _search_pending(config: Config, write: WriteReport, has_articles: bool) -> bool:
    """Whether the search index must be made again (see search.py)."""
    out = config.path("output")
    if not config.search or not has_articles:
        search.remove(out)  # no stale results for articles that are gone
        return False
    return search.needs_index(out, write.written + write.removed)


def search_index(config: Config, reporter: Reporter, pages: dict[str, str] | None = None) -> SearchReport | None:
    """Index the published articles for search (`pages`: their paths and hashes; from the output
    manifest when not given); only the shards whose pages changed are indexed again (search.py).
    A failure is a warning (the site works without)."""
    out = config.path("output")
    if pages is None:
        pages = searchpages.article_pages(Output(out, config.path("cache")).manifest.files)
    # (A progress line only from the main thread: `serve` updates the index from a thread of its own,
    # while its main thread prints.)
    shown = threading.current_thread() is threading.main_thread()
    phase = (lambda total: reporter.progress("search", total, "pages")) if shown else None
    try:
        return search.index(out, config.path("cache"), config.language, config.pretty_urls, pages, phase)
    except search.SearchError as exc:
        reporter.warn(display_path(out, config.root) + "/" + search.BUNDLE, f"search index not updated: {exc}. The site is built without search")
        return None


def _page_fingerprint(signature: str, page: Page) -> str:
    """Hash of everything a page shows: values with a precomputed fingerprint (articles, terms,
    weeks) and tuples of them (a page of cards) by it, the rest value by value (fingerprint.value_key)."""
    parts = [signature, page.url, page.template, page.kind, page.title, str(page.feed)]
    parts += [f"{k}={value_key(v)}" for k, v in page.context.variables().items()]
    return quick("|".join(parts))


def _canon(config: Config, cache_dir: Path) -> Canon:
    """The entity data file, parsed once per version of it."""
    path = config.path("data") / "entities.yaml"
    if not path.exists():
        return Canon()
    extra = config.path("data") / DESCRIPTIONS
    key = hashlib.sha256(CANON_VERSION + path.read_bytes() + (extra.read_bytes() if extra.exists() else b"")).hexdigest()
    canon = load_cached(cache_dir / "canon.pickle", key)
    if canon is None:
        canon = load_canon(config.path("data"))
        save_cached(cache_dir / "canon.pickle", key, canon)
    return canon


# --- rendering -------------------------------------------------------------------------------


def _signature(config: Config, canon: Canon) -> str:
    """What every page depends on: the rendering code, the templates and catalogues, the hooks, the config, the entity data."""
    code = [
        p for p in PACKAGE.glob("*.py") if p.stem in ("pages", "render", "site", "urls", "markup", "markup_bounds", "media", "fingerprint", "charts", "geo", "theme", "i18n", "mentions", "searchterms")
    ]
    code += list(CATALOGUES)
    themes = [files_digest(template_files((theme,)), theme) for theme in theme_chain(config)]
    hooks = config.path("hooks")
    site_code = hashlib.sha256(hooks.read_bytes() if hooks.is_file() else b"").hexdigest()
    return fingerprint(files_digest(code, PACKAGE), *themes, site_code, repr(config), canon.digest)


def render_pages(
    config: Config,
    canon: Canon,
    todo: list[tuple[Page, str]],
    output: Output,
    store: BodyStore,
    bodies: dict[str, str],
    reporter: Reporter,
    hooks: Hooks,
    copies: dict[str, tuple[str, str]] | None = None,
) -> list[Staged]:
    """Render the pages whose inputs changed into the staging folder (in parallel when many), and
    stage the theme's static files and the media `copies` ({output path: (source, sha256)}).
    Nothing in public/ changes here."""
    chain = theme_chain(config)
    statics = static_files(chain, lambda path, why: reporter.warn(display_path(path, config.root), why))
    copies = copies or {}
    output.begin()  # (clears what a killed build left: temporary files, kept old versions)

    def stage_files() -> list[Staged]:
        return [output.stage(p, data) for p, data in statics.items()] + [output.stage(p, Path(src).read_bytes(), fp) for p, (src, fp) in copies.items()]

    if not todo:
        output.prepare([*statics, *copies])
        return stage_files()
    from .render import Renderer, site_info

    renderer = Renderer(chain, site_info(config), config.path("cache"), hooks)
    renderer.preload(p.template for p, _fp in todo)
    wanted = {d for p, _fp in todo for d in body_digests(p)} - bodies.keys()
    bodies = {**bodies, **store.get_many(wanted)} if wanted else bodies
    extras = _extras(config, canon, [p for p, _fp in todo])

    def render_chunk(items: Sequence[tuple[Page, str]]) -> list[Staged]:
        staged = []
        for page, fp in items:
            fault_point("render.page")
            staged.append(output.stage(page.output, renderer.render(page, bodies, extras.get(page.url)), fp))
        return staged

    # The pages that list every article (the timeline alone is ~0.1 s at 5,000 articles) go first:
    # in the last chunk of a parallel render (a cold build, or an added article that shifts the
    # digest's pages), they would keep one core busy while the other waits.
    todo = sorted(todo, key=lambda item: item[0].kind not in WHOLE_SITE_KINDS)

    try:
        output.prepare([p.output for p, _fp in todo] + list(statics) + list(copies))
        staged = parallel.map_chunks(render_chunk, todo, PARALLEL_PAGES, reporter.progress("render", len(todo), "pages"))
        staged += stage_files()
    except BaseException:
        output.abort()  # also the temporary files of workers that failed half-way
        raise
    return staged


def _geo_version(config: Config) -> str:
    """Identifies the map data (outlines, place table, venues): the map re-renders when it changes."""
    data = config.path("data")
    files = [data / name for name in ("world-110m.json", "places.tsv", "venues.yaml") if (data / name).exists()]
    return files_digest(files, data) if files else ""


def _extras(config: Config, canon: Canon, pages: list[Page]) -> dict[str, dict]:
    """What pages need from outside the model, prepared once in the parent: the maps' pictures
    (the place table is read once for all of them)."""
    out: dict[str, dict] = {}
    maps = [(p, m) for p in pages if (m := getattr(p.context, "map", None)) is not None]
    if not maps:
        return out
    from .geo import map_svg
    from .i18n import translations

    names = sorted({m.ref.name for _p, inputs in maps for m in inputs.places})
    where = locator.located(names, config.path("data"), _geo_version(config))
    tr = translations(config.language)
    for page, inputs in maps:
        out[page.url] = {"map_svg": map_svg(inputs, canon, config.path("data"), page.url, config.pretty_urls, where, tr)}
    return out
