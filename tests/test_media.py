"""Images and files beside a content page (or in content/media/): copied under fingerprinted names,
linked relatively from every page that shows the body, og:image from the first image; an edited
image gets a new name and re-renders exactly its pages; incremental == cold; check warns."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from briefing.check import check
from briefing.errors import Reporter
from briefing.pipeline import build
from tests.conftest import TODAY, messages, page

JPG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
PDF = b"%PDF-1.4 the report\n"
BODY = "![A river port at dusk](port.jpg)\n\nSee [the report](report.pdf#page=2) and [another page](../x/).\n"


def name(data: bytes, stem: str, ext: str) -> str:
    return f"media/{stem}.{hashlib.sha256(data).hexdigest()[:8]}.{ext}"


def files(body: str = BODY, **extra) -> dict:
    return {
        "content/articles/port.md": page(title="Port", date="2024-06-05", body=body),
        "content/articles/port.jpg": JPG,
        "content/media/report.pdf": PDF,
        **extra,
    }


def built(tmp_site, files, config=None, rep=None):
    kwargs = {"config": config} if config else {}
    cfg = tmp_site(files, **kwargs)
    build(cfg, rep or Reporter(), ingest_seeds=False, today=TODAY, index_search=False)
    return cfg, cfg.path("output")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_files_beside_a_page_and_in_media_are_copied_fingerprinted_and_linked_relatively(tmp_site):
    cfg, out = built(tmp_site, files())
    jpg, pdf = name(JPG, "port", "jpg"), name(PDF, "report", "pdf")
    assert (out / jpg).read_bytes() == JPG and (out / pdf).read_bytes() == PDF
    assert sorted(p.name for p in (out / "media").iterdir()) == sorted([Path(jpg).name, Path(pdf).name])  # only what is referenced
    article = (out / "articles/port/index.html").read_text()
    assert f'<img alt="A river port at dusk" src="../../{jpg}">' in article
    assert f'href="../../{pdf}#page=2"' in article
    assert 'href="../x/"' in article  # a link to a page, not a file: as written
    week = next((out / "weeks").glob("2024-w*/index.html")).read_text()
    assert f'src="../../{jpg}"' in week and f'href="../../{pdf}#page=2"' in week
    # og:image, absolute through base_url, with the alt text
    assert f'<meta property="og:image" content="https://example.org/digest/{jpg}">' in article
    assert '<meta property="og:image:alt" content="A river port at dusk">' in article
    # nothing written into content/, nothing taken from it
    assert sorted(p.name for p in cfg.path("content").rglob("*") if p.is_file()) == ["port.jpg", "port.md", "report.pdf"]
    assert (cfg.path("content") / "articles/port.jpg").read_bytes() == JPG


def test_no_og_image_without_base_url_and_links_work_without_pretty_urls(tmp_site):
    _cfg, out = built(tmp_site, files(), config="title: T\npretty_urls: false\n")
    article = (out / "articles/port/index.html").read_text()
    assert "og:image" not in article
    assert f'src="../../{name(JPG, "port", "jpg")}"' in article


def test_an_edited_image_gets_a_new_name_rerenders_its_pages_and_matches_a_cold_build(tmp_site, tmp_path):
    other = page(title="Other", date="2023-01-02", body="No pictures.")
    cfg, out = built(tmp_site, files(**{"content/articles/other.md": other}))
    old = out / name(JPG, "port", "jpg")
    assert old.exists()
    new_jpg = JPG + b"edited"
    (cfg.path("content") / "articles/port.jpg").write_bytes(new_jpg)
    report = build(cfg, Reporter(), ingest_seeds=False, today=TODAY, index_search=False)
    assert (out / name(new_jpg, "port", "jpg")).read_bytes() == new_jpg
    assert not old.exists()  # the old copy is removed (the build wrote it)
    assert report.rendered == 2  # the article and its weekly issue; not the other article
    assert name(new_jpg, "port", "jpg") in (out / "articles/port/index.html").read_text()
    incremental = tree(out)
    shutil.rmtree(out)
    shutil.rmtree(cfg.path("cache"))
    build(cfg, Reporter(), ingest_seeds=False, today=TODAY, index_search=False)
    assert tree(out) == incremental
    # and a build with nothing changed copies nothing again
    again = build(cfg, Reporter(), ingest_seeds=False, today=TODAY, index_search=False)
    assert again.rendered == 0 and again.write.written == []


def test_a_missing_file_is_a_warning_naming_page_and_line(tmp_site):
    rep = Reporter(stream=__import__("io").StringIO())
    body = "First line.\n\n![A map](map.png)\n"
    _cfg, out = built(tmp_site, {"content/articles/a.md": page(body=body)}, rep=rep)
    text = messages(rep)
    assert re.search(r"content/articles/a\.md:8: warning: the image 'map\.png' does not exist \(looked in content/articles/ or content/media/\)", text), text
    assert 'src="map.png"' in (out / "articles/a/index.html").read_text()


def test_files_outside_content_and_over_the_cap_are_not_copied(tmp_site, monkeypatch):
    from briefing import media

    monkeypatch.setattr(media, "MAX_MEDIA_BYTES", 100)
    rep = Reporter(stream=__import__("io").StringIO())
    body = "![big](port.jpg) [secret](../../config.yaml.txt)\n"
    _cfg, out = built(tmp_site, {**files(body=body), "config.yaml.txt": "secret"}, rep=rep)
    text = messages(rep)
    assert "the image 'port.jpg' is 0 MB, over the 0 MB" in text
    assert "the file '../../config.yaml.txt' is outside the content folder" in text
    assert not (out / "media").exists()


def test_non_markdown_files_in_content_are_not_read_as_pages(tmp_site):
    rep = Reporter(stream=__import__("io").StringIO())
    _cfg, out = built(tmp_site, {**files(), "content/articles/notes.txt": "---\ntitle: [broken\n", "content/articles/x.png": b"\x89PNG\r\n\x1a\n\x00"}, rep=rep)
    assert sorted(p.name for p in (out / "articles").iterdir()) == ["port"]
    assert "notes" not in messages(rep) and "x.png" not in messages(rep)


def test_check_warns_of_an_image_without_alt_text_with_file_and_line(tmp_site):
    body = "Text.\n\n![](port.jpg)\n\n![A river port at dusk](port.jpg)\n"
    cfg, _out = built(tmp_site, files(body=body))
    problems = [str(p) for p in check(cfg, Reporter())]
    assert "content/articles/port.md:8: warning: the image 'port.jpg' has no alt text: write what it shows between the brackets, ![...](port.jpg)" in problems
    assert not any("port.md:10" in p for p in problems)  # the second one has its alt text
    assert not [p for p in problems if "error" in p.split(":", 3)[2]]  # the copies resolve: no broken link


def test_the_body_cache_holds_the_reference_as_written(tmp_site):
    """The rendered Markdown (cached by the page's hash) does not depend on the image's bytes."""
    from briefing.markup import render_page_body

    html, _warnings, found = render_page_body(BODY + "![](https://example.org/x.png)\n")
    assert 'src="port.jpg"' in html
    assert found == [("port.jpg", "img", "A river port at dusk"), ("report.pdf#page=2", "a", "")]
