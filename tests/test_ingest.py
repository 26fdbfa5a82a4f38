"""Ingest: new seeds make pages; editors' pages are never overwritten; proposals go beside them."""

import json

from briefing.ingest import STATE_FILE, ingest
from tests.conftest import TODAY, messages

SEED = """EEC and RCC signed a Memorandum of Interaction

A Memorandum between the Eurasian Economic Commission and the Regional Commonwealth in the Field of Communications was signed by Varos Simonyan on June 5, 2024 in Minsk.
"""
SEED_CHANGED = SEED + "\nThe parties plan joint seminars on digital trust in 2025.\n"


def site_with(tmp_site, files):
    return tmp_site(files=files)


def test_new_seed_makes_a_page_and_records_it(tmp_site, reporter):
    config = site_with(tmp_site, {"seeds/a.txt": SEED})
    report = ingest(config, reporter, today=TODAY)
    assert report.created == ["articles/eec-and-rcc-signed-a-memorandum-of-interaction.md"]
    page = (config.articles_dir / "eec-and-rcc-signed-a-memorandum-of-interaction.md").read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: EEC and RCC signed a Memorandum of Interaction\ndate: 2024-06-05\n")
    assert "source: seeds/a.txt\n" in page
    state = json.loads((config.path("content") / STATE_FILE).read_text())
    assert set(state["seeds"]) == {"seeds/a.txt"}


def test_unchanged_seed_is_not_extracted_again(tmp_site, reporter):
    config = site_with(tmp_site, {"seeds/a.txt": SEED})
    ingest(config, reporter, today=TODAY)
    report = ingest(config, reporter, today=TODAY)
    assert report.created == [] and report.updated == [] and report.unchanged == 1


def test_changed_seed_rewrites_an_unedited_page(tmp_site, reporter):
    config = site_with(tmp_site, {"seeds/a.txt": SEED})
    ingest(config, reporter, today=TODAY)
    (config.path("seeds") / "a.txt").write_text(SEED_CHANGED, encoding="utf-8")
    report = ingest(config, reporter, today=TODAY)
    assert report.updated == ["articles/eec-and-rcc-signed-a-memorandum-of-interaction.md"]
    assert "digital trust" in (config.articles_dir / "eec-and-rcc-signed-a-memorandum-of-interaction.md").read_text()


def test_edited_page_survives_and_a_changed_seed_goes_beside_it_once(tmp_site, reporter):
    config = site_with(tmp_site, {"seeds/a.txt": SEED})
    ingest(config, reporter, today=TODAY)
    page = config.articles_dir / "eec-and-rcc-signed-a-memorandum-of-interaction.md"
    edited = page.read_text().replace("location: Minsk", "location: Moscow")
    page.write_text(edited, encoding="utf-8")
    assert ingest(config, reporter, refresh=True, today=TODAY).updated == []
    (config.path("seeds") / "a.txt").write_text(SEED_CHANGED, encoding="utf-8")
    report = ingest(config, reporter, today=TODAY)
    assert page.read_text() == edited
    proposal = page.with_name(page.name + ".new")
    assert report.proposals == [str(proposal)] and "digital trust" in proposal.read_text()
    differing = messages(reporter).split("fields that differ: ")[1].split(")")[0].split(", ")
    assert "location" in differing and "body" in differing and "title" not in differing
    again = ingest(config, reporter, today=TODAY)
    assert again.proposals == [] and messages(reporter).count("fields that differ") == 1


def test_refresh_reextracts_unedited_pages(tmp_site, reporter):
    config = site_with(tmp_site, {"seeds/a.txt": SEED})
    ingest(config, reporter, today=TODAY)
    page = config.articles_dir / "eec-and-rcc-signed-a-memorandum-of-interaction.md"
    state_file = config.path("content") / STATE_FILE
    state = json.loads(state_file.read_text())
    # Pretend an older extractor wrote a poorer page.
    old = page.read_text().replace("location: Minsk\n", "")
    page.write_text(old, encoding="utf-8")
    import hashlib

    state["seeds"]["seeds/a.txt"]["written_sha256"] = hashlib.sha256(old.encode()).hexdigest()
    state_file.write_text(json.dumps(state))
    report = ingest(config, reporter, refresh=True, today=TODAY)
    assert report.updated == ["articles/eec-and-rcc-signed-a-memorandum-of-interaction.md"]
    assert "location: Minsk" in page.read_text()


def test_same_headline_gets_distinct_stable_slugs_in_seed_name_order(tmp_site, reporter):
    config = site_with(tmp_site, {"seeds/b.txt": SEED, "seeds/a.txt": SEED.replace("June 5", "June 6")})
    ingest(config, reporter, today=TODAY)
    base = "eec-and-rcc-signed-a-memorandum-of-interaction"
    assert "June 6" in (config.articles_dir / f"{base}.md").read_text() or "2024-06-06" in (config.articles_dir / f"{base}.md").read_text()
    assert "2024-06-05" in (config.articles_dir / f"{base}-2.md").read_text()


def test_unusable_seed_is_a_warning_and_the_rest_is_ingested(tmp_site, reporter):
    config = site_with(tmp_site, {"seeds/a.txt": SEED, "seeds/empty.txt": "", "seeds/bin.txt": bytes(range(256)) * 8})
    report = ingest(config, reporter, today=TODAY)
    assert len(report.created) == 1 and len(report.skipped) == 2
    out = messages(reporter)
    assert "seeds/empty.txt: warning: seed skipped: the file is empty" in out
    assert "seeds/bin.txt: warning: seed skipped: the file looks binary" in out


def test_deleted_page_is_not_recreated_unless_asked(tmp_site, reporter):
    config = site_with(tmp_site, {"seeds/a.txt": SEED})
    ingest(config, reporter, today=TODAY)
    page = config.articles_dir / "eec-and-rcc-signed-a-memorandum-of-interaction.md"
    page.unlink()
    ingest(config, reporter, today=TODAY)
    assert not page.exists() and "was deleted, so it is not recreated" in messages(reporter)
    ingest(config, reporter, files=[config.path("seeds") / "a.txt"], today=TODAY)
    assert page.exists()


def test_a_renamed_page_is_still_its_seeds_page(tmp_site, reporter):
    """Found by its `source:`: a changed seed updates it where it now is (or, edited, gets its
    proposal beside it); no second page, no "was deleted" warning."""
    config = site_with(tmp_site, {"seeds/a.txt": SEED})
    ingest(config, reporter, today=TODAY)
    page = config.articles_dir / "eec-and-rcc-signed-a-memorandum-of-interaction.md"
    renamed = page.rename(config.articles_dir / "memorandum.md")
    seed = config.path("seeds") / "a.txt"
    seed.write_text(SEED + "\nThe parties will meet again in autumn.\n", encoding="utf-8")
    report = ingest(config, reporter, today=TODAY)
    assert report.updated == ["articles/memorandum.md"] and report.created == []
    assert "meet again in autumn" in renamed.read_text() and not page.exists()
    renamed.write_text(renamed.read_text().replace("title: ", "title: Edited ", 1), encoding="utf-8")
    seed.write_text(SEED + "\nThe parties will meet again in winter.\n", encoding="utf-8")
    ingest(config, reporter, today=TODAY)
    assert (config.articles_dir / "memorandum.md.new").exists() and sorted(p.name for p in config.articles_dir.glob("*.md")) == ["memorandum.md"]
    assert "was deleted" not in messages(reporter)


def test_removed_seed_never_deletes_its_page(tmp_site, reporter):
    config = site_with(tmp_site, {"seeds/a.txt": SEED})
    ingest(config, reporter, today=TODAY)
    (config.path("seeds") / "a.txt").unlink()
    ingest(config, reporter, today=TODAY)
    assert (config.articles_dir / "eec-and-rcc-signed-a-memorandum-of-interaction.md").exists()


def test_ingest_file_from_outside_copies_it_into_seeds(tmp_site, reporter, tmp_path):
    config = site_with(tmp_site, {})
    outside = tmp_path / "download.txt"
    outside.write_text(SEED, encoding="utf-8")
    report = ingest(config, reporter, files=[outside], today=TODAY)
    assert (config.path("seeds") / "download.txt").read_text() == SEED
    assert len(report.created) == 1


RUSSIAN_SEED = """Саммит в Минске завершился подписанием соглашения

Главы государств 5 июня 2024 года в Минске обсудили общий рынок энергии и подписали соглашение о сотрудничестве.
"""


def test_the_items_language_is_detected_stored_and_editable(tmp_site, reporter):
    from briefing.pipeline import build

    config = site_with(tmp_site, {"seeds/en.txt": SEED, "seeds/ru.txt": RUSSIAN_SEED})
    report = ingest(config, reporter, today=TODAY)
    pages = {p: (config.path("content") / p).read_text(encoding="utf-8") for p in report.created}
    ru = next(p for p, text in pages.items() if "source: seeds/ru.txt\n" in text)
    en = next(p for p, text in pages.items() if "source: seeds/en.txt\n" in text)
    assert "\nlanguage: ru\n" in pages[ru]
    assert "\nlanguage: ru\n" not in pages[en]
    build(config, reporter, today=TODAY)
    out = config.path("output") / "articles" / ru.split("/")[-1].removesuffix(".md") / "index.html"
    assert '<html lang="ru">' in out.read_text(encoding="utf-8")
    (config.path("content") / ru).write_text(pages[ru].replace("\nlanguage: ru\n", "\nlanguage: en\n"), encoding="utf-8")
    build(config, reporter, today=TODAY)
    assert '<html lang="en">' in out.read_text(encoding="utf-8")
    ingest(config, reporter, refresh=True, today=TODAY)  # a later ingest keeps the editor's word
    assert "\nlanguage: en\n" in (config.path("content") / ru).read_text(encoding="utf-8")


# --- speed: extraction only where a seed needs it, on every core --------------------------------


def _no_extraction(monkeypatch):
    """From now on, loading the extraction data or extracting a seed fails the test."""
    import briefing.extract

    def refuse(*_args, **_kwargs):
        raise AssertionError("extraction was not needed")

    monkeypatch.setattr(briefing.extract, "load_gazetteer", refuse)
    monkeypatch.setattr(briefing.extract, "extract", refuse)


def test_no_op_and_a_content_edit_load_no_extraction_data(tmp_site, reporter, monkeypatch):
    from briefing.pipeline import build

    config = site_with(tmp_site, {"seeds/a.txt": SEED, "seeds/b.txt": SEED.replace("EEC and RCC", "EEC and CIS")})
    build(config, reporter, today=TODAY)
    _no_extraction(monkeypatch)
    assert build(config, reporter, today=TODAY).ingest.unchanged == 2
    page = config.articles_dir / "eec-and-rcc-signed-a-memorandum-of-interaction.md"
    page.write_text(page.read_text().replace("was signed", "was signed at last"), encoding="utf-8")
    build(config, reporter, today=TODAY)
    assert "signed at last" in (config.path("output") / "articles" / page.stem / "index.html").read_text()


def test_an_edited_pages_seed_is_not_extracted_again_once_its_proposal_is_written(tmp_site, reporter, monkeypatch):
    config = site_with(tmp_site, {"seeds/a.txt": SEED})
    ingest(config, reporter, today=TODAY)
    page = config.articles_dir / "eec-and-rcc-signed-a-memorandum-of-interaction.md"
    page.write_text(page.read_text().replace("location: Minsk", "location: Moscow"), encoding="utf-8")
    (config.path("seeds") / "a.txt").write_text(SEED_CHANGED, encoding="utf-8")
    assert len(ingest(config, reporter, today=TODAY).proposals) == 1
    _no_extraction(monkeypatch)  # on the code before, every later build extracted the seed again
    again = ingest(config, reporter, today=TODAY)
    assert again.proposals == [] and again.unchanged == 1
    assert page.with_name(page.name + ".new").is_file()


def test_seeds_are_extracted_in_worker_processes_with_the_same_pages(tmp_site, reporter, monkeypatch, tmp_path):
    import os

    import briefing.extract
    from briefing import parallel

    seeds = {f"seeds/{i:02d}.txt": SEED.replace("Memorandum of Interaction", f"Memorandum number {i}") for i in range(24)}
    serial = site_with(tmp_site, seeds)
    monkeypatch.setenv("BRIEFING_JOBS", "1")
    ingest(serial, reporter, today=TODAY)
    expected = {p.name: p.read_bytes() for p in serial.articles_dir.glob("*.md")}

    pids = tmp_path / "pids"
    real = briefing.extract.extract

    def noting(*args, **kwargs):
        with open(pids, "a") as f:
            f.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(briefing.extract, "extract", noting)
    monkeypatch.setenv("BRIEFING_JOBS", "2")
    assert parallel.cores() == 2
    import shutil  # the same site from scratch: no pages, no state, no cache

    shutil.rmtree(serial.articles_dir)
    (serial.path("content") / STATE_FILE).unlink()
    shutil.rmtree(serial.path("cache"), ignore_errors=True)
    second = serial
    report = ingest(second, reporter, today=TODAY)
    assert len(report.created) == 24
    assert {p.name: p.read_bytes() for p in second.articles_dir.glob("*.md")} == expected
    used = pids.read_text().split()
    assert len(used) == 24 and str(os.getpid()) not in used  # every seed extracted in a worker
