"""The site configuration: a typed schema with defaults, validated as a whole.

`load_config(path)` reads `config.yaml`, checks every key against the schema below and reports
all problems together (unknown key, wrong type, bad value), each with the file, line and key.
Paths in the file are relative to the file's folder, so a whole site can live anywhere.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, Literal

from . import yamlio
from .errors import ConfigError, Problem

TAXONOMY_KINDS = ("tags", "organizations", "people", "places", "countries")


@dataclass(frozen=True)
class PathsConfig:
    seeds: str = "seeds"
    """Raw inputs: plain-text news items as editors dropped them. The build never modifies them."""
    content: str = "content"
    """Markdown pages with YAML front-matter; generated pages go to `articles/` inside it."""
    data: str = "data"
    """Curated data: entities and aliases, tag vocabulary, place table."""
    theme: str = "themes/default"
    """Theme folder with `templates/` (Jinja2) and `static/` (copied as is). A site's own theme
    holds only the files it changes: anything it lacks comes from the default theme."""
    hooks: str = "hooks.py"
    """Python file with the site's hook functions (`on_article`, `on_page`), if the site has one."""
    output: str = "public"
    """Where the built site is written. Only files the build wrote are ever deleted from it."""
    cache: str = ".cache"
    """Rebuildable state (parsed pages, rendered Markdown, output manifest). Safe to delete."""


@dataclass(frozen=True)
class ExtractionConfig:
    summary_sentences: int = 2
    """How many sentences of the lede make the summary (1-5)."""
    summary_max_chars: int = 320
    """Upper bound of the summary length (40-2000); the summary is cut at a sentence or word boundary."""
    title_max_words: int = 16
    """Longest title made from the lede when the text has no headline."""
    max_tags: int = 4
    """At most this many tags from the vocabulary (`data/tags.yaml`) per article (0-50)."""


@dataclass(frozen=True)
class Config:
    title: str = "Briefing"
    """Site title, shown in the header, the page titles and the feeds."""
    description: str = "A digest of regional cooperation news."
    """One line describing the site, for the home page, feeds and search engines."""
    language: str = "en"
    """Language of the site (the `lang` attribute of every page), e.g. `en` or `ru`."""
    base_url: str = ""
    """Published address, e.g. `https://example.org/briefing/`. Makes feed, sitemap and canonical
    URLs absolute; leave empty to build a site without them (pages always link relatively)."""
    pretty_urls: bool = True
    """Link to folders (`tags/minsk/`). Set to false to link to `index.html` files, which also
    works when the site is opened from disk (`file://`)."""
    page_size: int = 20
    """Articles per page of the digest (index, page/2/, ...)."""
    feed_size: int = 30
    """Newest articles in the Atom feeds."""
    search: bool = True
    """Build a full-text search index of the articles with Pagefind (the `pagefind[bin]` package)
    after each build that changed an article. Without Pagefind the build warns and goes on."""
    taxonomies: tuple[str, ...] = TAXONOMY_KINDS
    """Which lists get their own pages: any of tags, organizations, people, places, countries."""
    paths: PathsConfig = field(default_factory=PathsConfig)
    """Folders of the site, relative to this file."""
    extraction: ExtractionConfig = field(default_factory=ExtractionConfig)
    """Settings of the seed -> front-matter extraction."""

    # Not part of the file: where it was read from. Excluded from the schema by the leading underscore.
    _root: Path = field(default=Path("."), repr=False)
    _source: Path | None = field(default=None, repr=False)

    @property
    def root(self) -> Path:
        return self._root

    @property
    def source(self) -> Path | None:
        return self._source

    def path(self, name: str) -> Path:
        """An absolute folder of the site: `config.path('output')`."""
        return (self._root / getattr(self.paths, name)).resolve()

    @property
    def articles_dir(self) -> Path:
        return self.path("content") / "articles"


# --- validation -------------------------------------------------------------------------------


def _schema_fields(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: f for f in fields(cls) if not f.name.startswith("_")} | {"__hints__": hints}


def _describe(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if origin in (tuple, list):
        return "a list of strings"
    if is_dataclass(tp):
        return "a mapping"
    return {str: "a string", int: "a whole number", bool: "true or false", float: "a number"}.get(tp, str(tp))


def _coerce(value: Any, tp: Any, key: str, problems: list[str]) -> Any:
    """Check `value` against the annotated type; return the value to store."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return None if value is None else _coerce(value, args[0], key, problems)
    if origin is tuple:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"'{key}' must be {_describe(tp)}, not {value!r}")
            return MISSING
        return tuple(value)
    if is_dataclass(tp):
        if not isinstance(value, dict):
            problems.append(f"'{key}' must be {_describe(tp)}, not {value!r}")
            return MISSING
        return _build(tp, value, key + ".", problems)
    ok = isinstance(value, tp) and not (tp is int and isinstance(value, bool))
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        ok = True
    if not ok:
        problems.append(f"'{key}' must be {_describe(tp)}, not {value!r}")
        return MISSING
    return value


def _build(cls: type, data: dict[str, Any], prefix: str, problems: list[str]) -> Any:
    schema = _schema_fields(cls)
    hints = schema.pop("__hints__")
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key)
        if name not in schema:
            close = difflib.get_close_matches(name, list(schema), n=1, cutoff=0.6)
            hint = f" (did you mean '{prefix}{close[0]}'?)" if close else ""
            known = ", ".join(schema)
            problems.append(f"unknown key '{prefix}{name}'{hint}; known keys here: {known}")
            continue
        coerced = _coerce(value, hints[name], prefix + name, problems)
        if coerced is not MISSING:
            values[name] = coerced
    return cls(**values)


def _check_values(config: Config) -> list[str]:
    problems = []
    if config.page_size < 1:
        problems.append("'page_size' must be at least 1")
    if config.feed_size < 1:
        problems.append("'feed_size' must be at least 1")
    for kind in config.taxonomies:
        if kind not in TAXONOMY_KINDS:
            problems.append(f"'taxonomies' has unknown kind '{kind}'; use any of {', '.join(TAXONOMY_KINDS)}")
    if config.base_url and not config.base_url.startswith(("http://", "https://")):
        problems.append(f"'base_url' must start with http:// or https://, not {config.base_url!r}")
    ex = config.extraction
    if not 1 <= ex.summary_sentences <= 5:
        problems.append("'extraction.summary_sentences' must be between 1 and 5")
    if not 4 <= ex.title_max_words <= 20:
        problems.append("'extraction.title_max_words' must be between 4 and 20")
    if not 40 <= ex.summary_max_chars <= 2000:
        problems.append("'extraction.summary_max_chars' must be between 40 and 2000")
    if not 0 <= ex.max_tags <= 50:
        problems.append("'extraction.max_tags' must be between 0 and 50")
    return problems + _check_paths(config)


def _check_paths(config: Config) -> list[str]:
    """No two folders of the site may be one or hold the other: the output is emptied of stale
    files and published as a whole (the cache holds drafts' titles), the seeds are never
    written, pages are read from the content folder. Nor may the output or the cache be the site
    folder or one above it."""
    problems = []
    root = config.root.resolve()
    folders = {name: config.path(name) for name in ("seeds", "content", "data", "theme", "output", "cache")}
    for name in ("output", "cache"):
        folder = folders[name]
        if folder == root or folder in root.parents:
            problems.append(f"'paths.{name}' ({folder}) must not be the site folder or one above it")
    names = list(folders)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            fa, fb = folders[a], folders[b]
            if fa == fb or fa in fb.parents or fb in fa.parents:
                problems.append(f"'paths.{a}' ({fa}) and 'paths.{b}' ({fb}) overlap; give each its own folder")
    return problems


def default_config(root: Path | None = None) -> Config:
    """Built-in defaults, rooted at `root` (the current folder by default)."""
    return Config(_root=(root or Path.cwd()).resolve())


def load_config(path: Path) -> Config:
    """Read and validate a config file; raise ConfigError listing every problem with its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(Problem(str(path), "config file not found; pass --config FILE or create config.yaml")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(Problem(str(path), f"cannot read the config file: {exc}")) from None
    try:
        data = yamlio.load(text) or {}
    except yamlio.YAMLError as exc:
        raise ConfigError(Problem(str(path), f"invalid YAML: {yamlio.error_text(exc)}", yamlio.error_line(exc))) from None
    if not isinstance(data, dict):
        raise ConfigError(Problem(str(path), "the config file must be a mapping of keys to values", 1))

    messages: list[str] = []
    config = _build(Config, data, "", messages)
    config = replace(config, _root=path.parent.resolve(), _source=path)
    if not messages:
        messages = _check_values(config)
    if messages:
        lines = yamlio.key_lines(text)
        raise ConfigError([Problem(str(path), m, _line_of(m, lines)) for m in messages])
    return config


def _line_of(message: str, lines: dict[str, int]) -> int | None:
    """The line of the first quoted key in a message ('paths.output' -> its line)."""
    if "'" in message:
        key = message.split("'")[1]
        return lines.get(key)
    return None


def describe_schema() -> list[tuple[str, str, str]]:
    """(key, default, doc) for every config key, for the README and `--help`."""
    import ast
    import inspect

    rows: list[tuple[str, str, str]] = []

    def docs_of(cls: type) -> dict[str, str]:
        tree = ast.parse(inspect.getsource(cls))
        body = tree.body[0].body  # type: ignore[attr-defined]
        out = {}
        for node, nxt in zip(body, body[1:]):
            if isinstance(node, ast.AnnAssign) and isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant):
                out[node.target.id] = " ".join(str(nxt.value.value).split())  # type: ignore[union-attr]
        return out

    def walk(cls: type, prefix: str) -> None:
        docs = docs_of(cls)
        instance = cls()
        for f in fields(cls):
            if f.name.startswith("_"):
                continue
            value = getattr(instance, f.name)
            if is_dataclass(value):
                walk(type(value), prefix + f.name + ".")
            else:
                rows.append((prefix + f.name, repr(value), docs.get(f.name, "")))

    walk(Config, "")
    return rows
