"""YAML in and out: the C loader for speed, and key line numbers only when an error needs them."""
from __future__ import annotations

from typing import Any

import yaml

try:  # libyaml is in every PyYAML wheel; the pure-Python classes are a fallback, not a requirement
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

YAMLError = yaml.YAMLError


class SafeLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, with an impossible date (2024-02-30) reported as a YAML error at its line."""


def _timestamp(loader: SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a valid date ({exc})", node.start_mark) from None


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load(text: str) -> Any:
    """Parse one YAML document with the safe C loader (no arbitrary objects)."""
    return yaml.load(text, Loader=SafeLoader)


def error_line(exc: yaml.YAMLError) -> int | None:
    """The 1-based line of a YAML syntax error: where the broken construct began, else where parsing stopped."""
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None


def error_text(exc: yaml.YAMLError) -> str:
    """A one-line description of a YAML syntax error, without the parser's position block."""
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    parts = [p for p in (context, problem) if p]
    return " ".join(parts) if parts else str(exc).splitlines()[0]


def key_lines(text: str) -> dict[str, int]:
    """1-based line of every key of a mapping document, as dotted paths ('paths.output').

    Composes the document again, so call it only on the error path."""
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}

    def walk(n: yaml.Node, prefix: str) -> None:
        if isinstance(n, yaml.MappingNode):
            for key_node, value_node in n.value:
                key = f"{prefix}{key_node.value}"
                lines[key] = key_node.start_mark.line + 1
                walk(value_node, key + ".")

    if node is not None:
        walk(node, "")
    return lines


def dump(data: dict[str, Any]) -> str:
    """Block-style YAML with keys in the order given and short lists inline, as editors write it."""
    return yaml.dump(
        data,
        Dumper=_FlowListDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=1_000_000,  # one line per value: editors search and diff front-matter line by line
    )


class _FlowListDumper(yaml.SafeDumper):
    """Safe dumper that writes lists of plain strings as `[a, b]` and mappings as blocks."""

    def represent_list(self, data: list) -> yaml.SequenceNode:  # type: ignore[override]
        flow = all(isinstance(x, str) for x in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)

    def represent_dict(self, data: dict) -> yaml.MappingNode:  # type: ignore[override]
        return self.represent_mapping("tag:yaml.org,2002:map", data, flow_style=False)


_FlowListDumper.add_representer(list, _FlowListDumper.represent_list)
_FlowListDumper.add_representer(tuple, _FlowListDumper.represent_list)
_FlowListDumper.add_representer(dict, _FlowListDumper.represent_dict)
