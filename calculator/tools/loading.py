"""Reading a policy file: YAML with the line of every value, so that each problem can name its
file and line. Runs under CPython (`check`, the build) and under Pyodide (the page that checks a
board file), with PyYAML's pure-Python modules in both.

A board file, or a pull request, may send anything: whatever the bytes, reading and parsing end
in data or in one PolicyFileError naming a line, never in a traceback or a hang. What a board
file never needs is refused before it is built: anchors and aliases (a cycle, or a billion
laughs), tags, nesting deeper than MAX_DEPTH, files over MAX_BYTES, anything not a regular file.
"""

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

Path_ = tuple[str | int, ...]

MAX_BYTES = 1_000_000  # the largest board file is about 55 kB
MAX_DEPTH = 50  # a board file nests about 8 deep
MAX_DIGITS = 100  # Python refuses to read an int of more than 4,300 digits
_CLIP = 200  # the longest stretch of a value or a key a problem quotes

_YAML_TAG = "tag:yaml.org,2002:"
_INT, _STR = _YAML_TAG + "int", _YAML_TAG + "str"
#: Characters no text in a board file has, which a double-quoted escape ("\0", "\ud800") can
#: still make: control characters (but tab and newline), and lone surrogates, which are not
#: characters at all (UTF-8 cannot encode them, so `plan --format ics` would fail).
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class _PolicyLoader(yaml.SafeLoader):
    """Safe YAML, but stricter: dates stay text (so that `check` tells an impossible date such
    as 2026-02-30 by its line), a number is a number only as a person writes it (`010` is not
    octal 8, `1:30` not 90, `1_000` not 1000: they stay text and the schema says so), `<<` and
    `=` are plain text, and an anchor, alias, tag or deep nesting is refused as it is met."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        event = self.peek_event()
        refusal = _event_refusal(event)
        if refusal:
            raise _Refused(event.start_mark.line + 1, refusal)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(event.start_mark.line + 1, (
                    f"nested more than {MAX_DEPTH} levels deep: a board file needs far fewer "
                    "(is a bracket left open?)"))
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_DROPPED = {_YAML_TAG + name for name in ("timestamp", "merge", "value", "int", "float")}
_PolicyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PolicyLoader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
                                    list("-+0123456789"))
_PolicyLoader.add_implicit_resolver(
    _YAML_TAG + "float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."))


class _Refused(Exception):
    """Something a board file may not hold, at a line (and a place in the data, if known)."""

    def __init__(self, line: int, message: str, where: str = "") -> None:
        super().__init__(message)
        self.line, self.where, self.message = line, where, message


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag


def _event_refusal(event: yaml.Event) -> str | None:
    """Why a node cannot be in a board file, or None."""
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
        return ("anchors and aliases (&name, *name) are not allowed in a board file: write the "
                "value out in full")
    tag = getattr(event, "tag", None)
    if tag is not None:
        return (f"tags such as {clip(_short_tag(tag))} are not allowed in a board file: remove "
                "it (and put the value in quotes if it is text)")
    return None


def clip(text: str, limit: int = _CLIP) -> str:
    """`text`, cut short if long, so that a problem stays readable."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def one_line(text: str) -> str:
    """`text` with every character that is not printable (newlines, controls...) escaped."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a policy file, printed as `file:line: where: what`, on one line
    whatever the file holds."""

    file: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f"{clip(self.where)}: " if self.where else ""
        return one_line(f"{self.file}:{self.line}: {where}{clip(self.message, 1000)}")


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


# ---------------------------------------------------------------------------------------------
# From nodes to data, with each value's line


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _checked_text(text: str, node: yaml.Node, path: Path_) -> str:
    found = _BAD_CHARACTER.search(text)
    if found is None:
        return text
    char = found.group()
    code = f"U+{ord(char):04X}"
    what = (f"a lone surrogate ({code}), which is not a character: write the character "
            "itself, or its pair of surrogates") if "\ud800" <= char <= "\udfff" else \
        f"the control character {code}: remove it"
    raise _Refused(_line(node), f"contains {what}", format_path(path))


def _scalar(loader: _PolicyLoader, node: yaml.ScalarNode, path: Path_) -> object:
    if node.tag == _INT:
        if len(node.value.lstrip("+-")) > MAX_DIGITS:
            raise _Refused(_line(node), f"a number of more than {MAX_DIGITS} digits",
                           format_path(path))
        return int(node.value)
    value = loader.construct_object(node)
    return _checked_text(value, node, path) if isinstance(value, str) else value


class _Builder:
    """The data of a document's nodes, with the line of each value and each key given twice.
    A value's line is where it starts; a mapping entry's is its key's, so that 'missing
    source' under `timescale:` points at `timescale:`."""

    def __init__(self, loader: _PolicyLoader) -> None:
        self.loader = loader
        self.lines: dict[Path_, int] = {}
        self.duplicates: list[tuple[Path_, int]] = []

    def value(self, node: yaml.Node, path: Path_) -> object:
        self.lines.setdefault(path, _line(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, index)) for index, item in enumerate(node.value)]
        return _scalar(self.loader, node, path)

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        data: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(_line(key_node), "a key must be a plain name, not a list or a "
                               "mapping (is a '?' or a bracket out of place?)", format_path(path))
            key = _scalar(self.loader, key_node, path)
            if key in data:
                self.duplicates.append(((*path, key), _line(key_node)))  # type: ignore[arg-type]
            self.lines.setdefault((*path, key), _line(key_node))  # type: ignore[arg-type]
            data[key] = self.value(value_node, (*path, key))  # type: ignore[arg-type]
        return data


# ---------------------------------------------------------------------------------------------
# YAML's own errors, with how to fix them where the cause is plain


def _source_line(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _syntax_hint(error: yaml.MarkedYAMLError, text: str, line: int) -> str:
    """How to fix a syntax error whose cause can be told, or ''."""
    problem, context = error.problem or "", error.context or ""
    if "'\\t'" in problem or (problem.startswith("found character") and
                              _source_line(text, line).lstrip(" ").startswith("\t")):
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        value = _source_line(text, line).partition(": ")[2]
        if ": " in value or value.endswith(":"):
            return "put the text in quotes: it contains ': '"
        return "check the indentation of this line and the one above"
    if "quoted scalar" in context:
        return "close the quote" if "end of stream" in problem else \
            "in double quotes a backslash starts an escape: write \\\\, or use single quotes"
    if "single document" in context:
        return "a board file is one document: remove the '---' line"
    if "flow sequence" in context or "flow mapping" in context:
        return "close the bracket, or put text that starts with '[' or '{' in quotes"
    if "block mapping" in context or "block collection" in context:
        return "check the indentation: each key of a mapping starts in the same column"
    if "'@'" in problem or "'`'" in problem:
        return "put text that starts with '@' or '`' in quotes"
    if "'%'" in problem or "directive" in problem:
        return "put text that starts with '%' in quotes"
    return ""


_QUOTED_VALUE = re.compile(r'^\s*(?:- )?[^"#]*:\s+"((?:[^"\\]|\\.)*)$')


def _quote_left_open(text: str, line: int) -> int | None:
    """The line above `line` whose double-quoted value never closes on it, or None. A quote left
    open runs on to the next quote mark, and YAML then fails lines later; the open quote is
    where to look. Only values that open a quote after `key: ` count (not text in comments)."""
    lines = text.split("\n")
    for number in range(min(line, len(lines)) - 1, max(0, line - 40), -1):
        if _QUOTED_VALUE.match(lines[number - 1]):
            return number
    return None


def _yaml_problem(error: yaml.YAMLError, text: str, shown_as: str) -> Problem:
    """One line for any error PyYAML raises, at its line."""
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        return Problem(shown_as, line, "", f"not valid YAML: the character U+{error.character:04X}"
                       " is not allowed in YAML: remove it")
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem(shown_as, 1, "", f"not valid YAML: {str(error).splitlines()[0]}")
    # An unclosed quote is told at the end of the file: its start is where to look.
    quoted = "quoted scalar" in (error.context or "") and error.context_mark is not None
    mark = error.context_mark if quoted else (error.problem_mark or error.context_mark)
    line = mark.line + 1 if mark else 1
    reason = (error.problem or error.context or "the text is not YAML").removeprefix("but ")
    if quoted and "end of stream" in reason:
        reason = "the quote that opens on this line is never closed"
    hint = _syntax_hint(error, text, line)
    structural = (error.problem or "").startswith(("expected", "could not find expected"))
    opened = _quote_left_open(text, line) if structural and not quoted else None
    if opened is not None:
        line, reason = opened, f"the quote that opens on this line closes only on line {line}"
        hint = "close the quote on this line"
    return Problem(shown_as, line, "", f"not valid YAML: {reason}" + (f": {hint}" if hint else ""))


# ---------------------------------------------------------------------------------------------
# Reading and parsing


def _kind_of_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a file"


def _read_bytes(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file. Anything else (a pipe, /dev/zero, a folder)
    raises _Refused before it is read: a pipe would wait for ever, a device never end. The
    file is opened without blocking, and looked at again once open, in case it was swapped."""
    if not stat.S_ISREG(mode := os.stat(path).st_mode):
        raise _Refused(1, f"not a regular file ({_kind_of_file(mode)}): give a .yaml file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(mode := os.fstat(descriptor).st_mode):
            raise _Refused(1, f"not a regular file ({_kind_of_file(mode)}): give a .yaml file")
        chunks: list[bytes] = []
        while (left := limit - sum(map(len, chunks))) > 0:
            chunk = os.read(descriptor, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _too_large(size: str) -> str:
    return (f"the file is larger than {MAX_BYTES // 1_000_000} MB ({size}): a board file is "
            "far smaller (is it the right file?)")


def read_policy_file(path: Path, shown_as: str) -> str:
    """The file's text; a file that cannot be read raises PolicyFileError."""
    try:
        data = _read_bytes(path, MAX_BYTES + 1)
    except _Refused as refused:
        raise PolicyFileError(Problem(shown_as, 1, "", refused.message)) from None
    except (OSError, ValueError) as error:  # ValueError: a NUL in the file's name
        reason = getattr(error, "strerror", None) or str(error)
        raise PolicyFileError(Problem(shown_as, 1, "", f"cannot read the file: {reason}")) \
            from None
    if len(data) > MAX_BYTES:
        raise PolicyFileError(Problem(shown_as, 1, "", _too_large("at least that")))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PolicyFileError(Problem(shown_as, line, "", (
            f"cannot read the file: byte 0x{data[error.start]:02x} on this line is not UTF-8 "
            "text: save the file as UTF-8"))) from None


def parse_policy(text: str, shown_as: str) -> LoadedPolicy:
    """Parse a policy file's text; text that is not YAML, or holds what a board file may not,
    raises PolicyFileError naming its line. Pure: the in-browser check runs this same code
    under Pyodide, on text that has not been through read_policy_file."""
    if len(text) > MAX_BYTES:
        raise PolicyFileError(Problem(shown_as, 1, "", _too_large(f"{len(text):,} characters")))
    loader = None
    try:
        loader = _PolicyLoader(text)  # refuses a control character in the text at once
        node = loader.get_single_node()
        builder = _Builder(loader)
        data = builder.value(node, ()) if node is not None else None
    except yaml.YAMLError as error:
        raise PolicyFileError(_yaml_problem(error, text, shown_as)) from None
    except _Refused as refused:
        raise PolicyFileError(Problem(shown_as, refused.line, refused.where, refused.message)) \
            from None
    finally:
        if loader is not None:
            loader.dispose()
    return LoadedPolicy(data, builder.lines, builder.duplicates)


def load_policy(path: Path, shown_as: str) -> LoadedPolicy:
    """Read and parse `path`."""
    return parse_policy(read_policy_file(path, shown_as), shown_as)
