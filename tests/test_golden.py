"""Golden output: a small fixed site is built and compared byte for byte with the committed tree.

After an intended change to templates or rendering, run `python -m tests.golden.regen` and review
the diff of tests/golden/small_site/expected/.
"""

import difflib
from pathlib import Path

from tests.golden.regen import SITE, build_into


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_golden_site(tmp_path):
    got = files(build_into(tmp_path / "site"))
    expected = files(SITE / "expected")
    assert sorted(got) == sorted(expected), "set of files differs; run `python -m tests.golden.regen` if intended"
    for path in expected:
        if got[path] != expected[path]:
            diff = "\n".join(
                difflib.unified_diff(
                    expected[path].decode("utf-8", "replace").splitlines(),
                    got[path].decode("utf-8", "replace").splitlines(),
                    f"expected/{path}",
                    f"built/{path}",
                    lineterm="",
                    n=2,
                )
            )
            raise AssertionError(f"{path} differs from the golden output:\n{diff[:4000]}")


def test_golden_output_shows_what_the_inputs_say():
    out = SITE / "expected"
    article = (out / "articles/memorandum/index.html").read_text(encoding="utf-8")
    assert "<strong>digital forum</strong>" in article
    assert 'href="../../organizations/eurasian-economic-commission/"' in article  # alias -> canonical
    assert 'rel="noopener noreferrer nofollow"' in article  # external link in the body
    assert not (out / "articles/draft").exists()  # drafts are not published
    people = (out / "people/index.html").read_text(encoding="utf-8")
    assert "Alexander Lukashenko" in people and "Lukashenka" not in people
    assert (out / "places/minsk/index.html").exists() and not (out / "places/minsk-belarus").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<section class="lead"' in index and index.count('class="row card') == 2  # the lead, then page_size: 2 rows
    assert (out / "page/2/index.html").exists() is False  # three articles: one leads, two fill page 1
    assert "urn:" not in (out / "feed.xml").read_text(encoding="utf-8")  # base_url makes ids absolute
