"""`check` survives any file a board, or a pull request, sends: whatever the bytes, one line per
problem naming the file and line, never a traceback, a hang or a file that passes when it
should not. Every problem is reported in one pass, with the fix where the cause is plain.

The cases start from the template (a complete made-up board), so they follow no real board.
"""

import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.tools.checking import Checked, check_board, load_schema
from calculator.tools.holiday_table import calendar_data
from calculator.tools.loading import MAX_BYTES, PolicyFileError, read_policy_file
from conftest import POLICIES, ROOT

TEMPLATE = POLICIES / "template" / "exampleshire.yaml"
TEXT = TEMPLATE.read_text(encoding="utf-8")
SCHEMA = load_schema(POLICIES)
CALENDAR = calendar_data()
SHOWN = "policies/exampleshire.yaml"
STAGE_KEYS = ", ".join(sorted(SCHEMA["$defs"]["stage"]["properties"]))


def check(text: str) -> Checked:
    return check_board(text, "exampleshire", SHOWN, SCHEMA, CALENDAR, POLICIES, None)


def lines_of(text: str) -> list[str]:
    return [str(problem) for problem in check(text).problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def replaced(old: str, new: str) -> str:
    assert TEXT.count(old) >= 1, old
    return TEXT.replace(old, new, 1)


def test_the_template_itself_has_no_problems():
    assert lines_of(TEXT) == []


# (name, the broken text, a needle on the line the problem is told on, words in the message)
HOSTILE = [
    ("a cyclic alias", TEXT + "x: &c [*c]\n", "x: &c", "anchors and aliases"),
    ("a billion laughs", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\n"
     "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", "a: &a", "anchors and aliases"),
    ("900-deep nesting", TEXT + "deep: " + "[" * 900 + "]" * 900 + "\n", "deep:",
     "nested more than"),
    ("a tag", replaced("short_name: ", "short_name: !!int abc #"), "short_name:",
     "tags such as !!int are not allowed"),
    ("a hexadecimal key", TEXT + "0x10: a\n", "0x10:", "unknown field '0x10' (allowed: "),
    ("a sexagesimal key", TEXT + "1:30: a\n", "1:30:", "unknown field '1:30' (allowed: "),
    ("an escaped NUL", replaced("short_name:", 'short_name: "a\\0b" #'), "short_name:",
     "control character U+0000"),
    ("a raw control character", replaced("short_name:", "short_name: a\x01b #"), "short_name:",
     "U+0001 is not allowed"),
    ("days written 5.0", replaced("days: 5", "days: 5.0"), "days: 5.0",
     "must be a whole number, not 5.0: write 5, without the decimal point"),
    ("a stage numbered 1.0", replaced("  - number: 1\n", "  - number: 1.0\n"), "number: 1.0",
     "write 1, without the decimal point"),
    ("days written 010", replaced("days: 5", "days: 010"), "days: 010",
     "write 10, without a leading zero"),
    ("days written 1_0", replaced("days: 5", "days: 1_0"), "days: 1_0", "write 10, without '_'"),
    ("days written 0x5", replaced("days: 5", "days: 0x5"), "days: 0x5", "write it in decimal, 5"),
    ("a date with a trailing newline", replaced('date: "2024-03-14"', 'date: "2024-03-14\\n"'),
     'date: "2024-03-14\\n"', "remove the line break at its end"),
    ("a lone surrogate", replaced("short_name:", 'short_name: "\\ud800" #'), "short_name:",
     "lone surrogate"),
    ("a NUL in the logo's path", replaced("  logo: ", '  logo: "\\0" #'), "  logo:",
     "control character U+0000"),
    ("a very long logo path", replaced("  logo: ", "  logo: " + "a" * 5000 + "/"), "  logo:",
     "(5,0"),
    ("a colon in unquoted text", replaced("short_name: ESAB", "short_name: ESAB: the board"),
     "short_name: ESAB", "put the text in quotes: it contains ': '"),
    ("a tab for indentation", replaced("\n  - number: 1\n", "\n\t- number: 1\n"), "- number: 1",
     "indent with spaces"),
    ("an unclosed quote", replaced('short_name: ESAB', 'short_name: "ESAB'), 'short_name: "ESAB',
     "the quote that opens on this line closes only on line 18: close the quote on this line"),
    ("an unclosed quote at the end", TEXT + 'last: "open\n', 'last: "open',
     "the quote that opens on this line is never closed"),
    ("a second document", TEXT + "---\nid: other\n", "---", "one document"),
]


@pytest.mark.parametrize("case", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_a_hostile_file_gets_one_line_at_its_place(case):
    _, text, needle, words = case
    found = lines_of(text)
    assert found, "a broken file passed"
    first = found[0]
    assert "\n" not in first and len(first) < 1200, first
    assert first.startswith(f"{SHOWN}:{line_of(text, needle)}: "), found
    assert words in first, found


def test_every_problem_is_reported_in_one_pass():
    """Three mistakes in three parts of the file, one run: the schema's, a rule's, a date's."""
    text = replaced("id: exampleshire\n", "id: example\n")
    text = text.replace("  - number: 1\n", "  - number: 1\n    colour: red\n", 1)
    text = text.replace('  - date: "2023-01-10"', '  - date: "2023-02-30"', 1)
    found = lines_of(text)
    assert found == sorted(found, key=lambda line: int(line.split(":")[1])), "in line order"
    assert [line.split(": ", 1)[1] for line in found] == [
        "id: must match the file name: expected 'exampleshire', not 'example'",
        "history[1].date: 2023-02-30 is not a real date",
        f"stages[0].colour: unknown field 'colour' (allowed: {STAGE_KEYS})",
    ], found


# ---------------------------------------------------------------------------------------------
# What is not a board file at all: refused before it is read, in one line


def test_a_named_pipe_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(PolicyFileError) as refused:
        read_policy_file(fifo, "pipe.yaml")
    assert str(refused.value.problem) == \
        "pipe.yaml:1: not a regular file (a named pipe): give a .yaml file"


def test_a_device_that_never_ends_is_refused():
    with pytest.raises(PolicyFileError) as refused:
        read_policy_file(Path("/dev/zero"), "/dev/zero")
    assert "not a regular file (a device)" in str(refused.value.problem)


def test_a_file_too_large_is_refused_after_reading_only_its_limit(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: b\n" * (MAX_BYTES // 5 + 1))
    with pytest.raises(PolicyFileError) as refused:
        read_policy_file(big, "big.yaml")
    assert "the file is larger than 1 MB" in str(refused.value.problem)


def test_bytes_that_are_not_utf8_name_their_line(tmp_path):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"id: a\nname: caf\xe9\n")
    with pytest.raises(PolicyFileError) as refused:
        read_policy_file(latin, "latin.yaml")
    assert str(refused.value.problem) == ("latin.yaml:2: cannot read the file: byte 0xe9 on this "
                                          "line is not UTF-8 text: save the file as UTF-8")


def test_the_command_line_survives_them_all_in_one_run(tmp_path):
    (tmp_path / "schema.json").write_text((POLICIES / "schema.json").read_text())
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "laughs.yaml").write_text(HOSTILE[1][1])
    (tmp_path / "tabs.yaml").write_text("id: a\n\tname: b\n")
    done = subprocess.run([sys.executable, "-m", "calculator", "check", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert len(done.stdout.splitlines()) == 3, done.stdout
    assert done.stderr.strip() == "3 problem(s) in 3 files"


# ---------------------------------------------------------------------------------------------
# A bounded fuzz: mutations of the template never raise, and every problem is one line


HOSTILE_BITS = ["&a ", "*a", "!!str ", "!!python/object ", "? ", "- ", ": ", "\t", "\x00", "\x85",
                "\ufeff", '"\\ud800"', "'", '"', "[", "{", "]", "}", "#", "|", ">", "%YAML 1.1\n",
                "---\n", "...\n", "0x1f", "1e400", ".nan", "~", "null", "yes", "2026-02-30",
                "1:30", "010", "5.0", "-1", "9" * 60, "\u202e", "é", "\n", "    "]


@st.composite
def mutated(draw) -> str:
    lines = TEXT.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "indent", "cut"]))
        if action == "insert":
            at = draw(st.integers(0, len(line)))
            bit = draw(st.sampled_from(HOSTILE_BITS) | st.text(string.printable, max_size=4))
            lines[index] = line[:at] + bit + line[at:]
        elif action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "indent":
            lines[index] = " " * draw(st.integers(0, 3)) + line.lstrip(" ")
        else:
            lines[index] = line[:draw(st.integers(0, len(line)))]
    return "\n".join(lines)


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_check_never_raises_on_a_mutated_file(text):
    checked = check(text)
    assert isinstance(checked, Checked)
    last_line = text.count("\n") + 1
    for problem in checked.problems + checked.notes:
        shown = str(problem)
        assert "\n" not in shown and "\r" not in shown, shown
        assert 1 <= problem.line <= last_line, shown
        shown.encode("utf-8")  # no lone surrogate reaches the output
