"""Markdown bodies: safe HTML, headings demoted, and the fast path (inline patterns and block
processors tried only where their trigger strings occur) identical to the full converter."""

import glob

from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing import markup, markup_fast
from tests.conftest import ROOT


def full(text: str) -> str:
    md = markup._converter(fast=False)  # Python-Markdown as it is
    md.reset()
    return md.convert(text)


def fast(text: str) -> str:
    md = markup._converter()
    md.reset()
    return md.convert(text)


# Pieces that exercise every inline pattern and the block syntax around them.
PIECES = st.sampled_from(
    [
        "word",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\r\n",
        "\t\n",
        "  \n",
        " \r",
        "*",
        "**",
        "_",
        "__",
        "`",
        "``",
        "\\",
        "[",
        "]",
        "(",
        ")",
        "![",
        "[^1]",
        "[^1]: note",
        "<",
        ">",
        "http://x.org",
        "a@b.org",
        "&",
        "&amp;",
        ";",
        "#",
        "- ",
        "1. ",
        "> ",
        "|",
        "---",
        ":",
        "    ",
        "*[EEC]: Eurasian Economic Commission",
        "EEC",
        "{: .x }",
        "```",
        "~~~",
        "[x]: http://y.org",
        "[x]",
        "=",
        "===",
        "-",
        "a | b",
        ": ",
        "]:",
        "\x02",
        "\x03",
    ]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
@example("word\t\nfoo")  # a tab becomes spaces, so it can end a line with a break
@example("a  \rb")
def test_fast_path_gives_the_same_html_as_every_pattern(text):
    assert fast(text) == full(text)


EVERY_BLOCK = (
    "Title\n===\n\nSub\n---\n\n> quoted\n\nterm\n: definition\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    "text[^1] with EEC and [a link][x]\n\n[^1]: the note\n\n*[EEC]: Eurasian Economic Commission\n\n"
    "[x]: https://example.org\n\n# Hash heading\n\n## Anchored {: #anchor }\n\na \\*literal\\* star\n\n"
    "```\ncode\n```\n"
)


def test_fast_path_still_applies_every_processor():
    html = fast(EVERY_BLOCK)
    assert html == full(EVERY_BLOCK)
    for element in (
        "<h2>Title</h2>",
        "<h3>Sub</h3>",
        "<blockquote>",
        "<dl>",
        "<table>",
        'class="footnote"',
        '<abbr title="Eurasian Economic Commission">',
        '<a href="https://example.org">',
        "<h2>Hash heading</h2>",
        '<h3 id="anchor">Anchored</h3>',
        "a *literal* star",
        "<pre><code>code\n</code></pre>",
    ):
        assert element in html, element


def test_fast_path_on_the_sample_content_and_devset():
    files = glob.glob(str(ROOT / "content/articles/*.md")) + glob.glob(str(ROOT / "../shared/devset/**/*.md"), recursive=True)
    for path in files:
        text = open(path, encoding="utf-8").read()
        assert fast(text) == full(text), path


def test_raw_html_is_text_and_links_are_safe():
    html = markup.render_markdown("<script>alert(1)</script>\n\n[x](javascript:alert(2)) [y](https://example.org) <b>b</b>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html and "<b>" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">y</a>' in html


def test_headings_are_demoted_outside_code_fences():
    html = markup.render_markdown("# Top\n\n## Sub\n\n```\n# not a heading\n```\n\n###### Six\n")
    assert "<h2>Top</h2>" in html and "<h3>Sub</h3>" in html and "# not a heading" in html and "<h1>" not in html
    assert "<h6>Six</h6>" in html


def test_setext_headings_are_demoted_too():
    html = markup.render_markdown("Top\n===\n\nSub\n---\n\ntext\n")
    assert "<h2>Top</h2>" in html and "<h3>Sub</h3>" in html and "<h1>" not in html


def test_the_skipping_recognises_every_pattern_and_listed_processor_of_this_markdown():
    # A pattern or processor that markup_fast's tables do not recognise (another Python-Markdown
    # release) is run as Markdown runs it: the same HTML, slower. This fails then, as a reminder to
    # check the tables against the new release.
    fast("x")  # (the inline processor learns the patterns on its first body)
    md = markup._converter()
    assert md.treeprocessors["inline"].every_pattern_known
    assert md.preprocessors["normalize_whitespace"].adds_two_blank_lines
    for name in markup_fast.BLOCK_TRIGGERS:
        assert type(md.parser.blockprocessors[name]).__name__ == "TriggeredBlockProcessor", name
    for registry, name in markup_fast.SOURCE_TRIGGERS:
        assert type(getattr(md, registry)[name]).__name__.startswith("Gated"), name
    assert type(markup._converter(fast=False).treeprocessors["inline"]).__name__ == "InlineProcessor"


def test_a_pattern_the_tables_do_not_know_turns_the_inline_skipping_off():
    import markdown
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    def converter(*extra):
        md = markdown.Markdown(extensions=[markup._extension(name) for name in markup.EXTENSIONS])
        md.inlinePatterns.deregister("html")
        md.registerExtensions(extra, {})
        return md

    known, unknown = converter(markup_fast.SkipWhatCannotMatch()), converter(markup_fast.SkipWhatCannotMatch())
    unknown.inlinePatterns.register(SimpleTagInlineProcessor(r"()==(.+?)==", "mark"), "mark", 65)
    text = "a ==marked== word, *b* [c](https://d.org/)\n\n==plain text=="
    assert "<mark>" not in known.convert(text) and known.treeprocessors["inline"].every_pattern_known
    html = unknown.convert(text)
    assert "<mark>plain text</mark>" in html and not unknown.treeprocessors["inline"].every_pattern_known
    plain = converter()
    plain.inlinePatterns.register(SimpleTagInlineProcessor(r"()==(.+?)==", "mark"), "mark", 65)
    assert html == plain.convert(text)


def test_a_reference_that_is_no_address_is_kept_as_text_not_a_crash():
    """'http://host[' makes urlsplit raise (an unclosed IPv6 bracket); the body still renders."""
    html = markup.render_markdown("[x]: http://y.org[\nword[x]: http://y.org\n\n![a picture](http://[broken)\n")
    assert "word" in html
