from pathlib import Path

import pytest

from briefing.config import Config, default_config, describe_schema, load_config
from briefing.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_apply_and_paths_are_relative_to_the_config_file(tmp_path):
    config = load_config(write(tmp_path, "title: My digest\n"))
    assert config.title == "My digest"
    assert config.page_size == Config().page_size
    assert config.path("output") == (tmp_path / "public").resolve()
    assert config.articles_dir == (tmp_path / "content" / "articles").resolve()


def test_nested_keys_are_read(tmp_path):
    config = load_config(write(tmp_path, "paths:\n  output: site\nextraction:\n  max_tags: 2\n"))
    assert config.path("output") == (tmp_path / "site").resolve()
    assert config.extraction.max_tags == 2


def test_unknown_key_names_file_line_and_suggests_the_right_key(tmp_path):
    path = write(tmp_path, "title: x\ntitel: y\n")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    (problem,) = exc.value.problems
    assert problem.path == str(path)
    assert problem.line == 2
    assert "unknown key 'titel' (did you mean 'title'?)" in problem.message


def test_unknown_nested_key_is_named_with_its_section(tmp_path):
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, "paths:\n  outptu: site\n"))
    assert "unknown key 'paths.outptu' (did you mean 'paths.output'?)" in exc.value.problems[0].message
    assert exc.value.problems[0].line == 2


def test_wrong_types_are_all_reported_together(tmp_path):
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, "page_size: many\npretty_urls: 'yes'\ntaxonomies: 5\n"))
    text = "\n".join(p.message for p in exc.value.problems)
    assert "'page_size' must be a whole number, not 'many'" in text
    assert "'pretty_urls' must be true or false, not 'yes'" in text
    assert "'taxonomies' must be a list of strings, not 5" in text
    assert [p.line for p in exc.value.problems] == [1, 2, 3]


def test_bad_values_are_errors(tmp_path):
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, "page_size: 0\nbase_url: example.org\ntaxonomies: [tags, topics]\n"))
    text = "\n".join(p.message for p in exc.value.problems)
    assert "'page_size' must be at least 1" in text
    assert "'base_url' must start with http:// or https://" in text
    assert "unknown kind 'topics'" in text


def test_output_may_not_overlap_an_input_folder(tmp_path):
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, "paths:\n  output: content\n"))
    assert "'paths.content' (" in exc.value.problems[0].message and "and 'paths.output' (" in exc.value.problems[0].message
    assert exc.value.problems[0].message.endswith("overlap; give each its own folder")
    with pytest.raises(ConfigError):
        load_config(write(tmp_path, "paths:\n  output: .\n"))


def test_invalid_yaml_and_missing_file(tmp_path):
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, "title: [unclosed\n"))
    assert exc.value.problems[0].message.startswith("invalid YAML")
    assert exc.value.problems[0].line is not None
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path / "nope.yaml")
    assert "config file not found" in exc.value.problems[0].message


def test_every_key_is_documented():
    rows = describe_schema()
    keys = {k for k, _default, _doc in rows}
    assert {"title", "base_url", "pretty_urls", "paths.output", "extraction.max_tags"} <= keys
    assert all(doc for _k, _d, doc in rows)


def test_default_config_roots_at_a_folder(tmp_path):
    assert default_config(tmp_path).root == tmp_path.resolve()
