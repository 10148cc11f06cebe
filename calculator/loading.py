"""Reading a policy file: YAML with the line of every value, so that each problem can name its
file and line. Runs under CPython (`check`, the build) and under Pyodide (the page that checks a
board file), with PyYAML's pure-Python modules in both."""

from dataclasses import dataclass
from pathlib import Path

import yaml

Path_ = tuple[str | int, ...]


class _PolicyLoader(yaml.SafeLoader):
    """Safe YAML, except that dates stay text: `check` then tells an impossible date such as
    2026-02-30 by its line, and the data stays plain JSON."""


_PolicyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a policy file, printed as `file:line: where: what`."""

    file: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


class PolicyFileError(Exception):
    """The file cannot be read as YAML at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class LoadedPolicy:
    data: object
    lines: dict[Path_, int]  # the 1-based line of each value, by its path in the data
    duplicates: list[tuple[Path_, int]]  # a key given twice in one mapping, and its line

    def line_of(self, path: Path_) -> int:
        """The line of the value at `path`, or of its nearest parent that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def format_path(path: Path_) -> str:
    """('stages', 2, 'timescale', 'days') -> 'stages[2].timescale.days'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _index_lines(node: yaml.Node, path: Path_, lines: dict, duplicates: list) -> None:
    """A value's line is where it starts; a mapping entry's is its key's, so that 'missing
    source' under `timescale:` points at `timescale:`."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            key = int(key) if key_node.tag.endswith(":int") else key
            if key in seen:
                duplicates.append(((*path, key), key_node.start_mark.line + 1))
            seen.add(key)
            lines.setdefault((*path, key), key_node.start_mark.line + 1)
            _index_lines(value_node, (*path, key), lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), lines, duplicates)


def read_policy_file(path: Path, shown_as: str) -> str:
    """The file's text; a file that cannot be read raises PolicyFileError."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not readable as UTF-8 text"
        raise PolicyFileError(Problem(shown_as, 1, "", f"cannot read the file: {reason}")) from None


def parse_policy(text: str, shown_as: str) -> LoadedPolicy:
    """Parse a policy file's text; text that is not YAML raises PolicyFileError naming its
    line. Pure: the in-browser check runs this same code under Pyodide."""
    loader = _PolicyLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise PolicyFileError(Problem(shown_as, line, "", f"not valid YAML: {reason}")) from None
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    duplicates: list = []
    if node is not None:
        _index_lines(node, (), lines, duplicates)
    return LoadedPolicy(data, lines, duplicates)


def load_policy(path: Path, shown_as: str) -> LoadedPolicy:
    """Read and parse `path`."""
    return parse_policy(read_policy_file(path, shown_as), shown_as)
