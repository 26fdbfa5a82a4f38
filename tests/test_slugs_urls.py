import pytest

from briefing import urls
from briefing.slugs import is_valid_slug, slugify, unique_slug


@pytest.mark.parametrize(
    "text,slug",
    [
        ("EEC and RCC signed a Memorandum", "eec-and-rcc-signed-a-memorandum"),
        ("Медведев и Лукашенко назначили Путина", "medvedev-i-lukashenko-naznachili-putina"),
        ("🎉🎉", "item"),
        ("con", "con-item"),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_long_titles_are_cut_at_a_word_boundary():
    slug = slugify("word " * 40)
    assert len(slug) <= 80 and not slug.endswith("-") and slug.endswith("word")


def test_unique_slug_adds_a_number():
    assert unique_slug("a", {"a", "a-2"}) == "a-3"
    assert unique_slug("b", {"a"}) == "b"


def test_valid_slugs():
    assert is_valid_slug("eec-memorandum-2")
    assert not is_valid_slug("Upper") and not is_valid_slug("a/b") and not is_valid_slug("nul")


@pytest.mark.parametrize(
    "src,dst,pretty,link",
    [
        ("", "tags/minsk/", True, "tags/minsk/"),
        ("", "", True, "./"),
        ("", "", False, "index.html"),
        ("articles/x/", "tags/minsk/", True, "../../tags/minsk/"),
        ("articles/x/", "tags/minsk/", False, "../../tags/minsk/index.html"),
        ("articles/x/", "", False, "../../index.html"),
        ("tags/minsk/feed.xml", "articles/x/", True, "../../articles/x/"),
        ("page/2/", "static/style.css", True, "../../static/style.css"),
    ],
)
def test_relative_links(src, dst, pretty, link):
    assert urls.relative(src, dst, pretty) == link


def test_output_paths_and_absolute_urls():
    assert urls.output_path("") == "index.html"
    assert urls.output_path("tags/x/") == "tags/x/index.html"
    assert urls.output_path("feed.xml") == "feed.xml"
    assert urls.absolute("https://example.org/digest/", "tags/x/") == "https://example.org/digest/tags/x/"
    assert urls.absolute("", "tags/x/") == ""
