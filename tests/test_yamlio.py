"""yamlio: PyYAML's safe loader, with errors that name the line."""

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import yamlio


def test_an_impossible_date_is_a_yaml_error_at_its_line():
    with pytest.raises(yaml.YAMLError) as exc:
        yamlio.load("title: X\ndate: 2024-02-30\n")
    assert yamlio.error_line(exc.value) == 2 and "'2024-02-30' is not a valid date" in yamlio.error_text(exc.value)


def test_valid_dates_and_times_still_load():
    assert str(yamlio.load("date: 2024-02-29\n")["date"]) == "2024-02-29"
    assert str(yamlio.load("at: 2024-02-29 10:30:00\n")["at"]) == "2024-02-29 10:30:00"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_front_matter_is_written_as_the_pure_python_emitter_writes_it(text):
    """dump() takes libyaml's emitter when it writes the same text: any string, in every place a
    front-matter value can be (a value, a list, a nested mapping, a key)."""
    import datetime as dt

    import yaml

    from briefing import yamlio

    data = {"title": text, "date": dt.date(2024, 5, 6), "tags": [text, "trade"], "period": {"start": text}, text or "k": [1, text]}
    slow = yaml.dump(data, Dumper=yamlio._FlowListDumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=1_000_000)
    assert yamlio.dump(data) == slow


def test_an_emoji_and_a_line_break_stay_as_written():
    from briefing import yamlio

    out = yamlio.dump({"title": "Talks 🤝 in Minsk", "summary": "One.\nTwo."})
    assert "🤝" in out and "\\U" not in out
