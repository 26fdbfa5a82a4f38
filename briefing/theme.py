"""The theme chain and the site's hooks.

A site's theme (`paths.theme`) overrides the default theme file by file, as MkDocs' `custom_dir`
does: a template or static file it has wins, anything it lacks comes from the default theme. So a
site that wants another footer holds one template, `templates/base.html`, and nothing else.

A site may also hold `hooks.py` (`paths.hooks`): plain functions named after the events they take.
    on_article(article: Article) -> Article | None   each content page, before the site model
    on_page(page: Page, html: str) -> str | None     each rendered HTML page, before it is written
Returning None keeps the value. The theme and the hooks are inputs of the build: a change to either
rebuilds what depends on it.
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from .errors import BriefingError, Problem, ThemeError

if TYPE_CHECKING:
    from .config import Config
    from .content import Article
    from .pages import Page

_HERE = Path(__file__).resolve().parent
DEFAULT_THEME = _HERE / "default_theme" if (_HERE / "default_theme").is_dir() else _HERE.parent / "themes" / "default"
"""The default theme: `themes/default/` of a checkout, shipped inside the package by `pip install .`."""


def theme_chain(config: Config) -> tuple[Path, ...]:
    """The theme folders a file is looked up in, the site's own first, the default theme last."""
    site = config.path("theme")
    if site == DEFAULT_THEME.resolve():
        return (DEFAULT_THEME,)
    if not site.is_dir():
        if config.paths.theme == type(config.paths)().theme:  # the default setting on a site with no themes/ folder
            return (DEFAULT_THEME,)
        raise ThemeError(Problem(str(site), "the theme folder does not exist; check 'paths.theme' in the config"))
    return (site, DEFAULT_THEME)


def template_dirs(chain: tuple[Path, ...]) -> list[Path]:
    return [d / "templates" for d in chain if (d / "templates").is_dir()]


def template_files(chain: tuple[Path, ...]) -> list[Path]:
    """Every template of the chain (overridden ones too: a build depends on which exist)."""
    return [p for d in template_dirs(chain) for p in sorted(d.rglob("*")) if p.is_file()]


def static_files(chain: tuple[Path, ...], warn: Callable[[Path, str], None] | None = None) -> dict[str, bytes]:
    """The static/ folders of the chain merged (the site's file wins), to be copied to static/ as
    they are. A link to a file outside its theme is not followed (`warn(path, reason)` is told)."""
    out: dict[str, bytes] = {}
    for theme in reversed(chain):
        static_dir = theme / "static"
        if not static_dir.is_dir():
            continue
        root = static_dir.resolve().parent
        for path in sorted(static_dir.rglob("*")):  # (rglob does not enter linked folders)
            if path.name.startswith(".") or not path.is_file():
                continue
            if path.is_symlink() and root not in path.resolve().parents:
                if warn is not None:
                    warn(path, "not copied: it is a link to a file outside the theme, which is not followed")
                continue
            out["static/" + path.relative_to(static_dir).as_posix()] = path.read_bytes()
    return dict(sorted(out.items()))


# --- hooks ---------------------------------------------------------------------------------------

EVENTS = ("on_article", "on_page")


@dataclass(frozen=True)
class Hooks:
    """The site's hook functions (none by default)."""

    path: Path | None = None
    on_article: Callable[[Article], Article | None] | None = None
    on_page: Callable[[Page, str], str | None] | None = None

    def article(self, article: Article) -> Article:
        if self.on_article is None:
            return article
        with _reported(self.path, "on_article", article.path):
            changed = self.on_article(article)
        return article if changed is None else changed

    def page(self, page: Page, html: str) -> str:
        if self.on_page is None:
            return html
        with _reported(self.path, "on_page", page.url or "the home page"):
            changed = self.on_page(page, html)
        if changed is not None and not isinstance(changed, str):
            raise BriefingError(Problem(str(self.path), f"on_page returned {type(changed).__name__} for {page.url or 'the home page'}; return the HTML as a str, or None"))
        return html if changed is None else changed


@contextmanager
def _reported(path: Path | None, event: str, what: str) -> Iterator[None]:
    """An exception in a hook is the site's error: reported with the hook file's line, exit 1."""
    try:
        yield
    except BriefingError:
        raise
    except Exception as exc:  # noqa: BLE001 - the site's code
        raise BriefingError(Problem(str(path), f"{event} failed on {what}: {type(exc).__name__}: {exc}", _line_in(exc.__traceback__, path))) from None


def _line_in(tb, path: Path | None) -> int | None:
    lines = [frame.lineno for frame in traceback.extract_tb(tb) if path is not None and Path(frame.filename) == path]
    return lines[-1] if lines else None


def load_hooks(config: Config) -> Hooks:
    """The site's hooks.py, if it has one."""
    path = config.path("hooks")
    if not path.is_file():
        return Hooks()
    spec = importlib.util.spec_from_file_location("briefing_site_hooks", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (dataclasses and pickling look modules up by name)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - the site's code: its error, with its line
        line = exc.lineno if isinstance(exc, SyntaxError) else _line_in(exc.__traceback__, path)
        raise BriefingError(Problem(str(path), f"the hooks file failed to load: {type(exc).__name__}: {exc}", line)) from None
    return Hooks(path, **_events(module, path))


def _events(module: ModuleType, path: Path) -> dict:
    found = {}
    for name in dir(module):
        if name.startswith("on_") and name not in EVENTS:
            raise BriefingError(Problem(str(path), f"unknown hook {name!r}; the hooks are: {', '.join(EVENTS)}"))
    for name in EVENTS:
        fn = getattr(module, name, None)
        if fn is not None and not callable(fn):
            raise BriefingError(Problem(str(path), f"{name} must be a function"))
        found[name] = fn
    return found
