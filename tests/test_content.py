import datetime as dt

import pytest

from briefing import frontmatter
from briefing.content import load_articles, parse_page
from tests.conftest import page


def parse(text: str):
    return parse_page(text.encode("utf-8"), "content/articles/x.md", "x")


def test_a_valid_page():
    result = parse(page(location="Minsk", organizations="[EEC, CIS]", tags="trade; energy", draft="false"))
    a = result.article
    assert result.problems == []
    assert a.title == "A title" and a.date == dt.date(2024, 6, 5)
    assert a.organizations == ("EEC", "CIS") and a.tags == ("trade", "energy")
    assert a.slug == "x" and a.body.strip() == "Body text."


def test_lists_drop_blanks_and_repeats():
    a = parse(page(people="[Vladimir Putin, '', vladimir putin, Alexander Lukashenko]")).article
    assert a.people == ("Vladimir Putin", "Alexander Lukashenko")


def test_iso_datetime_is_accepted():
    assert parse(page(date="2024-06-05T10:30:00+03:00")).article.date == dt.date(2024, 6, 5)


@pytest.mark.parametrize(
    "fields,message,line",
    [
        ({"date": "tomorrow"}, "'date' must be a date like 2024-06-05 (YYYY-MM-DD), not 'tomorrow'", 3),
        ({"tags": "5"}, "'tags' must be a list of names like [A, B], not 5", 4),
        ({"draft": "maybe"}, "'draft' must be true or false, not 'maybe'", 4),
        ({"draft": '"true"'}, "'draft' must be true or false, not 'true'; write it without quotes", 4),
        ({"period": "{start: 2024-02-19, end: 2024-02-13}"}, "'period' ends (2024-02-13) before it starts (2024-02-19)", 4),
        ({"slug": "Not A Slug"}, "'slug' must be lower-case letters, digits and hyphens", 4),
    ],
)
def test_wrong_types_name_the_key_and_line(fields, message, line):
    text = page(**fields) if "date" not in fields else page(date=fields["date"])
    result = parse(text)
    assert result.article is None
    (problem,) = result.problems
    assert message in problem.message
    assert problem.line == line


def test_missing_title_and_broken_yaml():
    result = parse("---\ndate: 2024-01-01\n---\nBody\n")
    assert any("missing 'title'" in p.message for p in result.problems)
    result = parse("---\ntitle: [unclosed\ndate: 2024-01-01\n---\nBody\n")
    (problem,) = result.problems
    assert problem.message.startswith("invalid YAML front-matter")
    assert problem.line == 2  # where the unclosed list begins


@pytest.mark.parametrize(
    "front,line,advice",
    [
        ("title: T\ndate: 2024-01-01\norganizations:\n  - X\n - Y\n", 6, "check this line's indentation"),
        ("title: T\ndate: 2024-01-01\n  people: [A]\n", 4, "start each key at the beginning of its line"),
        ("title: Minsk: talks on trade\ndate: 2024-01-01\n", 2, 'put a value that contains ": " in quotes'),
        ('title: T\nsummary: "Talks\ndate: 2024-01-01\n', 3, "close the quote opened on this line"),
        ("title: T\n\tdate: 2024-01-01\n", 3, "indent with spaces"),
    ],
)
def test_a_yaml_mistake_is_named_at_its_own_line_with_what_to_do(front, line, advice):
    (problem,) = parse(f"---\n{front}---\nBody\n").problems
    assert problem.message.startswith("invalid YAML front-matter") and advice in problem.message
    assert problem.line == line


def test_an_impossible_date_is_named_at_its_line_not_an_internal_error():
    (problem,) = parse("---\ntitle: T\ndate: 2024-02-30\n---\nBody\n").problems
    assert problem.message == "invalid YAML front-matter: '2024-02-30' is not a valid date (day is out of range for month)"
    assert problem.line == 3


def test_no_front_matter():
    (problem,) = parse("Just text\n").problems
    assert "must start with a line '---'" in problem.message and problem.line == 1


def test_unknown_key_is_kept_and_a_typo_gets_a_suggestion():
    result = parse(page(tilte="x", analyst="Anna"))
    assert result.article is not None
    assert dict(result.article.extra) == {"tilte": "x", "analyst": "Anna"}
    (warning,) = result.problems
    assert warning.severity == "warning" and "did you mean 'title'?" in warning.message and warning.line == 4


def test_duplicate_slugs_are_an_error_naming_both_files(tmp_path):
    folder = tmp_path / "content" / "articles"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text(page(slug="same"), encoding="utf-8")
    (folder / "same.md").write_text(page(), encoding="utf-8")
    articles, problems = load_articles(folder, tmp_path)
    assert len(articles) == 2
    (problem,) = problems
    assert "slug 'same' is also used by content/articles/a.md" in problem.message


def test_the_keys_of_the_original_and_of_the_story_are_read_and_checked():
    article = parse(page(language="RU", source_url="https://example.org/news/1", publisher="TASS", published="2024-06-04", story="none", publish="2024-06-06")).article
    assert (article.language, article.source_url, article.publisher) == ("ru", "https://example.org/news/1", "TASS")
    assert (article.published.isoformat(), article.story, article.publish.isoformat()) == ("2024-06-04", "none", "2024-06-06")
    messages = {p.message for p in parse(page(source_url="javascript:alert(1)", language="Russian language", story="Not A Slug")).problems}
    assert "'source_url' must be an http(s) address like https://example.org/news/1, not 'javascript:alert(1)'" in messages
    assert "'language' must be a language code such as en or ru, not 'Russian language'" in messages
    assert any(m.startswith("'story' must be the slug of a story's first report") for m in messages)


def test_what_ingest_writes_follows_the_declared_order_and_reads_back_the_same():
    from briefing.content import article_meta

    article = parse(page(language="ru", source_url="https://example.org/a", tags="[x, y]")).article
    meta = article_meta(article)
    assert list(meta)[:2] == ["title", "date"] and "slug" not in meta
    assert list(meta).index("tags") < list(meta).index("summary") < list(meta).index("language") < list(meta).index("source_url")
    again = parse(frontmatter.compose(meta, article.body)).article
    assert again.language == "ru" and again.source_url == "https://example.org/a" and again.tags == ("x", "y")
