"""A site's own theme over the default one, file by file, and the site's hooks."""

import pytest

from briefing.errors import BriefingError
from briefing.pipeline import build
from tests.conftest import TODAY, page

FILES = {"content/articles/talks.md": page("Talks on transit tariffs", "2024-03-04", "Delegations met in a river port.", tags="[transport]")}
OWN_THEME = "title: Test digest\npaths:\n  theme: mytheme\n"


def test_a_site_theme_with_one_template_overrides_only_that_template(tmp_site, reporter):
    config = tmp_site(
        {
            **FILES,
            "mytheme/templates/_meta.html": '<p class="own-meta">{{ card.title }}</p>\n',
            "mytheme/static/extra.css": "body { margin: 0 }\n",
        },
        config=OWN_THEME,
    )
    build(config, reporter, today=TODAY)
    out = config.path("output")
    html = (out / "articles/talks/index.html").read_text(encoding="utf-8")
    assert '<p class="own-meta">Talks on transit tariffs</p>' in html  # the site's template
    assert "<main" in html  # the rest of the page from the default theme
    assert (out / "static/extra.css").is_file() and (out / "static/style.css").is_file()


def test_editing_the_site_theme_rebuilds_the_pages(tmp_site, reporter):
    config = tmp_site({**FILES, "mytheme/templates/_meta.html": "<p>one</p>\n"}, config=OWN_THEME)
    build(config, reporter, today=TODAY)
    (config.root / "mytheme/templates/_meta.html").write_text("<p>two</p>\n", encoding="utf-8")
    report = build(config, reporter, today=TODAY)
    assert report.rendered > 0
    assert "<p>two</p>" in (config.path("output") / "articles/talks/index.html").read_text(encoding="utf-8")


def test_a_missing_site_theme_names_the_setting(tmp_site, reporter):
    config = tmp_site(FILES, config="paths:\n  theme: nowhere\n")
    with pytest.raises(BriefingError) as err:
        build(config, reporter, today=TODAY)
    assert "paths.theme" in str(err.value.problems[0])


HOOKS = """
import dataclasses

def on_article(article):
    return dataclasses.replace(article, title=article.title.upper())

def on_page(page, html):
    return html.replace("</body>", "<!-- hooked -->\\n</body>")
"""


def test_hooks_change_articles_and_pages_and_count_as_inputs(tmp_site, reporter):
    config = tmp_site({**FILES, "hooks.py": HOOKS})
    build(config, reporter, today=TODAY)
    html = (config.path("output") / "articles/talks/index.html").read_text(encoding="utf-8")
    assert "TALKS ON TRANSIT TARIFFS" in html and "<!-- hooked -->" in html
    (config.root / "hooks.py").write_text(HOOKS.replace("hooked", "hooked again"), encoding="utf-8")
    build(config, reporter, today=TODAY)
    html = (config.path("output") / "articles/talks/index.html").read_text(encoding="utf-8")
    assert "<!-- hooked again -->" in html


def test_a_failing_hook_is_the_sites_error_with_its_line(tmp_site, reporter):
    config = tmp_site({**FILES, "hooks.py": "def on_page(page, html):\n    return html\n\ndef on_article(article):\n    raise ValueError('no')\n"})
    with pytest.raises(BriefingError) as err:
        build(config, reporter, today=TODAY)
    problem = err.value.problems[0]
    assert problem.path.endswith("hooks.py") and problem.line == 5 and "on_article" in problem.message


def test_an_unknown_hook_name_is_an_error(tmp_site, reporter):
    config = tmp_site({**FILES, "hooks.py": "def on_post_build(site):\n    pass\n"})
    with pytest.raises(BriefingError) as err:
        build(config, reporter, today=TODAY)
    assert "on_post_build" in err.value.problems[0].message


def test_compiled_templates_are_shared_by_source_and_an_edited_one_is_compiled_again(tmp_path, monkeypatch):
    """BRIEFING_TEMPLATE_CACHE: a second site with the same template text loads the compiled code
    (nothing compiled); an edited copy of the template gets its own code, so its pages show the edit."""
    import jinja2

    from briefing.render import TEMPLATE_CACHE_ENV, Renderer, SiteInfo

    monkeypatch.setenv(TEMPLATE_CACHE_ENV, str(tmp_path / "shared"))
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    info = SiteInfo("T", "", "en", "", True, ())

    def render_in(site: str, text: str) -> str:
        (tmp_path / site / "templates").mkdir(parents=True, exist_ok=True)
        (tmp_path / site / "templates" / "one.txt").write_text(text, encoding="utf-8")
        return Renderer((tmp_path / site,), info, tmp_path / site / ".cache").env.get_template("one.txt").render(x=2)

    assert render_in("a", "x={{ x }}") == "x=2" and compiled == ["one.txt"]
    assert render_in("b", "x={{ x }}") == "x=2" and compiled == ["one.txt"]  # another site, same text: loaded
    assert render_in("c", "x is {{ x }}") == "x is 2" and compiled == ["one.txt", "one.txt"]
    assert not (tmp_path / "a" / ".cache").exists()  # the shared folder, not the site's


def test_a_template_error_names_this_sites_file_when_the_compiled_code_came_from_another_copy(tmp_path, reporter):
    """The shared cache (the suite sets one) hands the second site the code compiled in the first:
    the error must still name the second site's own template file."""
    from briefing.config import load_config
    from tests.conftest import copy_project, write_files

    for name in ("first", "second"):
        root = tmp_path / name
        copy_project(root, "themes")
        write_files(root, {"config.yaml": "title: Test digest\n", **FILES, "themes/default/templates/_meta.html": "<p>{{ nope }}</p>\n"})
        with pytest.raises(BriefingError) as failed:
            build(load_config(root / "config.yaml"), reporter, today=TODAY)
        assert "'nope' is undefined" in str(failed.value) and str(failed.value).startswith(str(root / "themes")), str(failed.value)


def test_a_template_cache_folder_that_cannot_be_written_only_costs_the_compile(tmp_site, reporter, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_TEMPLATE_CACHE", str(blocker / "templates"))
    config = tmp_site(FILES)
    build(config, reporter, today=TODAY)
    assert (config.path("output") / "articles/talks/index.html").is_file()
