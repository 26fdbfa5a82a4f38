"""The README stays current: it opens with the two commands and documents every config key."""

from briefing.config import describe_schema
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_opens_with_the_two_setup_commands():
    block = README.split("```")[1]
    assert "python -m pip install -r requirements.txt && python build.py" in block
    assert "python -m pip install -r requirements-dev.txt && python -m pytest" in block


def test_every_config_key_is_documented():
    for key, _default, _doc in describe_schema():
        assert f"`{key}`" in README, key


def test_every_page_kind_has_a_screenshot_that_exists():
    import re

    images = re.findall(r"!\[[^\]]+\]\((docs/[^)]+\.png)\)", README)
    for image in images:
        assert (ROOT / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image
    shown = {image.removeprefix("docs/").removesuffix(".png") for image in images}
    kinds = {"digest", "article", "person", "organization", "place", "country", "tag", "people", "places", "timeline", "weeks", "week", "search", "not-found", "digest-ru"}
    assert kinds <= shown, kinds - shown
