"""YAML in and out: the C loader for speed, and key line numbers only when an error needs them.

Every document is bounded before it is built: nesting deeper than MAX_DEPTH (PyYAML's composer
recurses in C: 100,000 nested `[` crash the process) and aliases that would expand to more than
MAX_ALIAS_NODES nodes (a "billion laughs" document is a few hundred bytes) are errors at their
line, found by reading the document's events, which stops at the first one too deep. A key given
twice in one mapping is an error at its second line (YAML keeps the last one, silently).
Strings lose the characters XML forbids (see chars.py).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .chars import strip_forbidden

try:  # libyaml is in every PyYAML wheel; the pure-Python classes are a fallback, not a requirement
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader

YAMLError = yaml.YAMLError


MAX_DEPTH = 64
"""Nesting of collections; front-matter needs 2, the data files 4."""
MAX_ALIAS_NODES = 100_000
"""Nodes that aliases may add to a document, all expanded."""
_NESTING = "[{-?:"  # every level of nesting begins with one of these characters


class SafeLoader(_BaseLoader):
    """The safe loader, with an impossible date (2024-02-30), an integer too long to convert and a
    key given twice reported as YAML errors at their line."""

    has_escapes = True
    """Whether the document has a backslash (set by `load`): only then may a string hold a
    character XML forbids."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key_node, _value in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    key = (key_node.tag, key_node.value)
                    if key in seen:
                        raise yaml.constructor.ConstructorError(None, None, f"the key {key_node.value!r} is given twice in one mapping; keep one", key_node.start_mark)
                    seen.add(key)
        return super().construct_mapping(node, deep)


def _timestamp(loader: SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a valid date ({exc})", node.start_mark) from None


def _int(loader: SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:  # more digits than Python converts (the conversion is quadratic)
        raise yaml.constructor.ConstructorError(None, None, "this number has too many digits; put it in quotes to keep it as text", node.start_mark) from None


def _str(loader: SafeLoader, node: yaml.ScalarNode) -> str:
    value = loader.construct_scalar(node)
    # YAML refuses those characters as they are: only an escape ("\x01") can make one.
    return strip_forbidden(value) if loader.has_escapes else value


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
SafeLoader.add_constructor("tag:yaml.org,2002:int", _int)
SafeLoader.add_constructor("tag:yaml.org,2002:str", _str)


def load(text: str) -> Any:
    """Parse one YAML document with the safe C loader (no arbitrary objects), bounded (see above)."""
    if "*" in text or sum(map(text.count, _NESTING)) > MAX_DEPTH:  # else it cannot be too deep, nor expand
        check_shape(text)
    loader = SafeLoader(text)  # (what yaml.load does, with one more attribute)
    loader.has_escapes = "\\" in text
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def check_shape(text: str) -> None:
    """Raise a YAML error at the line where the document nests deeper than MAX_DEPTH or its
    aliases, expanded, add more than MAX_ALIAS_NODES nodes. Reads events only (no recursion)."""
    open_sizes: list[list] = []  # per open collection: [anchor, nodes so far]
    sizes: dict[str, int] = {}  # nodes of each anchored node, its own aliases expanded
    added = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(open_sizes) >= MAX_DEPTH:
                raise yaml.MarkedYAMLError(problem=f"nested deeper than {MAX_DEPTH} levels", problem_mark=event.start_mark)
            open_sizes.append([event.anchor, 1])
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, n = open_sizes.pop()
            if anchor:
                sizes[anchor] = n
        elif isinstance(event, yaml.ScalarEvent):
            n = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            n = sizes.get(event.anchor, 1)
            added += n
            if added > MAX_ALIAS_NODES:
                raise yaml.MarkedYAMLError(problem=f"its aliases expand to more than {MAX_ALIAS_NODES:,} values", problem_mark=event.start_mark)
        else:
            continue
        if open_sizes:
            open_sizes[-1][1] += n


def error_line(exc: yaml.YAMLError) -> int | None:
    """The 1-based line of a YAML syntax error: where an unclosed quote or bracket opened, else where
    parsing stopped (a block mapping's start, the other "context", is the front-matter's first line)."""
    context = getattr(exc, "context", None) or ""
    opened = "quoted scalar" in context or "flow" in context
    mark = (getattr(exc, "context_mark", None) if opened else None) or getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


_ADVICE = (
    ("mapping values are not allowed", 'put a value that contains ": " in quotes (title: "Minsk: talks"), and start each key at the beginning of its line'),
    ("found unexpected end of stream", "close the quote opened on this line"),
    ("did not find expected ',' or ']'", "close the list opened on this line with ]"),
    ("did not find expected ',' or '}'", "close the mapping opened on this line with }"),
    ("did not find expected key", "check this line's indentation: keys start at the beginning of a line, the items of one list are indented alike"),
    ("expected <block end>", "check this line's indentation: keys start at the beginning of a line, the items of one list are indented alike"),
    ("tab", "indent with spaces: YAML does not allow tabs"),
)
"""What to do about the parser's commonest complaints, by a phrase of its message."""


def error_text(exc: yaml.YAMLError) -> str:
    """A one-line description of a YAML syntax error, without the parser's position block, with
    what to do when the complaint is a common one."""
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    parts = [p for p in (context, problem) if p]
    text = " ".join(parts) if parts else str(exc).splitlines()[0]
    advice = next((a for phrase, a in _ADVICE if phrase in (problem or "")), None)
    return f"{text}; {advice}" if advice else text


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
    """Block-style YAML with keys in the order given and short lists inline, as editors write it.
    libyaml's emitter writes the same text ~6x faster, except for strings with a line break or a
    character beyond U+FFFF (it writes those as escapes: "\\n", "\\U0001F600"); such front-matter
    goes through the pure-Python emitter, which writes them as an editor would."""
    dumper = _FlowListDumper if _needs_python_emitter(data) else _FastFlowListDumper
    return yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=1_000_000,  # one line per value: editors search and diff front-matter line by line
    )


_PYTHON_ONLY = re.compile("[\n\r\x85\u2028\u2029\U00010000-\U0010ffff]")


def _needs_python_emitter(value: Any) -> bool:
    """Whether a string in the value (keys too) is one libyaml would write as escapes."""
    if isinstance(value, str):
        return _PYTHON_ONLY.search(value) is not None
    if isinstance(value, dict):
        return any(_needs_python_emitter(k) or _needs_python_emitter(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(map(_needs_python_emitter, value))
    return False


class _FlowLists:
    """Lists of plain strings as `[a, b]`, mappings as blocks (mixed into a safe dumper)."""

    def represent_list(self, data: list) -> yaml.SequenceNode:
        flow = all(isinstance(x, str) for x in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)  # type: ignore[attr-defined]

    def represent_dict(self, data: dict) -> yaml.MappingNode:
        return self.represent_mapping("tag:yaml.org,2002:map", data, flow_style=False)  # type: ignore[attr-defined]


class _FlowListDumper(_FlowLists, yaml.SafeDumper):
    pass


class _FastFlowListDumper(_FlowLists, getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


for _dumper in (_FlowListDumper, _FastFlowListDumper):
    _dumper.add_representer(list, _FlowLists.represent_list)
    _dumper.add_representer(tuple, _FlowLists.represent_list)
    _dumper.add_representer(dict, _FlowLists.represent_dict)
