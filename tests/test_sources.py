import codecs

import pytest

from briefing.errors import SeedError
from briefing.sources import add_seed, decode, find_seeds

CYRILLIC = "МИНСК, 30 сентября. /ТАСС/. Главы правительств собрались на заседание."


@pytest.mark.parametrize(
    "data",
    [
        CYRILLIC.encode("utf-8"),
        codecs.BOM_UTF8 + CYRILLIC.encode("utf-8"),
        CYRILLIC.encode("utf-16"),  # with BOM
        CYRILLIC.encode("utf-16-le"),  # without BOM
        (CYRILLIC + " Ещё немного текста о сотрудничестве стран.").encode("cp1251"),
        (CYRILLIC + " Ещё немного текста о сотрудничестве стран.").encode("koi8_r"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "cp1251", "koi8r"],
)
def test_decodes_the_encodings_news_arrives_in(data):
    assert decode(data).startswith("МИНСК, 30 сентября.")


def test_newlines_are_normalised_and_nuls_dropped():
    assert decode(b"one\r\ntwo\rthree\x00\n") == "one\ntwo\nthree\n"


@pytest.mark.parametrize("data,reason", [(b"", "empty"), (b"  \n\t\n", "empty"), (bytes(range(256)) * 20, "binary")])
def test_unusable_seeds_raise_with_a_reason(data, reason):
    with pytest.raises(SeedError, match=reason):
        decode(data)


def test_find_seeds_sorted_and_skips_hidden(tmp_path):
    for name in ("b.txt", "a.txt", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    found, refused = find_seeds(tmp_path, tmp_path)
    assert [p.name for p in found] == ["a.txt", "b.txt"] and refused == []


def test_add_seed_never_overwrites(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "item.txt").write_text("original")
    outside = tmp_path / "item.txt"
    outside.write_text("another item")
    copied = add_seed(outside, seeds)
    assert copied.name == "item-2.txt"
    assert (seeds / "item.txt").read_text() == "original"
    assert add_seed(outside, seeds) == copied  # the same file again is not copied twice
