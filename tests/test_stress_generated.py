"""Stress suite, generated inputs (Hypothesis): a pattern of pieces that trouble parsers, repeated
up to 1 MB, through every stage under the caps of test_stress.py (where the crafted inputs are)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_stress import LEDE, MB, PUNCTUATION, _fill, run_capped

pytestmark = pytest.mark.slow

PIECES = st.sampled_from(
    list(PUNCTUATION)
    + [
        "\n",
        "\n\n",
        "    ",
        "- ",
        "> ",
        "1. ",
        "# ",
        "```",
        "---",
        "|",
        "MINSK, 17 November (BelTA) – ",
        "ЕЭК",
        "Минске",
        "Commission",
        "2024",
        "&#1;",
        "\x00",
        "\x0b",
        "\ufffe",
        "🚀",
        "\u0301",
        "\u202e",
        "http://",
        "![",
        "](",
    ]
)
PATTERN = st.lists(PIECES | st.text(st.characters(blacklist_categories=("Cs",)), max_size=4), min_size=1, max_size=12).map("".join).filter(bool)


@settings(max_examples=12, deadline=None, derandomize=False, suppress_health_check=list(HealthCheck))
@given(pattern=PATTERN, size=st.integers(1_000, MB), lede=st.booleans())
def test_generated_input_through_every_stage(tmp_path_factory, pattern, size, lede):
    text = (LEDE if lede else "") + _fill(pattern, size)
    run_capped(text.encode("utf-8"), tmp_path_factory.mktemp("stress"))
