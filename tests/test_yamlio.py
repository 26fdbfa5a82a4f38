"""yamlio: PyYAML's safe loader, with errors that name the line."""

import pytest
import yaml

from briefing import yamlio


def test_an_impossible_date_is_a_yaml_error_at_its_line():
    with pytest.raises(yaml.YAMLError) as exc:
        yamlio.load("title: X\ndate: 2024-02-30\n")
    assert yamlio.error_line(exc.value) == 2 and "'2024-02-30' is not a valid date" in yamlio.error_text(exc.value)


def test_valid_dates_and_times_still_load():
    assert str(yamlio.load("date: 2024-02-29\n")["date"]) == "2024-02-29"
    assert str(yamlio.load("at: 2024-02-29 10:30:00\n")["at"]) == "2024-02-29 10:30:00"
