"""The template for a new board (policies/template/) and every board's version history.

The template is a made-up board, Exampleshire: it passes `check`, shows every field the schema
allows with a comment on it, and a copy of it in a policies folder is a working board.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from calculator.tools.checking import (
    GOLDEN_ANSWERS_FOR_COMPLETE_ENTRY,
    check_file,
    contrast_with_white,
    load_schema,
)
from calculator.tools.loading import Path_, load_policy, parse_policy
from conftest import BOARD_IDS, HAND_CHECKED, POLICIES, ROOT

TEMPLATE = POLICIES / "template" / "exampleshire.yaml"
TEXT = TEMPLATE.read_text(encoding="utf-8")
LOADED = parse_policy(TEXT, TEMPLATE.name)
#: What the tests below need of the template, read from it.
DATA = LOADED.data
TEMPLATE_ID = DATA["id"]
LOGO = DATA["branding"]["logo"]
COPY = DATA["source_document"]["copy"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


# ---------------------------------------------------------------------------------------------
# The template itself


def test_the_template_passes_check():
    shown = TEMPLATE.relative_to(ROOT).as_posix()
    result = run("check", shown)
    assert result.returncode == 0, result.stdout
    # A made-up board has no golden cases: the one note says so, and nothing else is missing.
    assert result.stdout.splitlines() == [
        f"{shown}:1: note: 0 golden case(s) in tests/golden/{TEMPLATE.name}: a complete entry "
        f"has at least {GOLDEN_ANSWERS_FOR_COMPLETE_ENTRY}, counted by hand from the procedure "
        "and a printed calendar (docs/adding-a-board.md)"]
    assert result.stderr.strip().startswith("1 file checked: no problems; 1 note(s)")


def test_the_template_is_never_taken_for_a_real_board():
    assert TEMPLATE_ID not in BOARD_IDS
    assert not (POLICIES / f"{TEMPLATE_ID}.yaml").exists()
    result = run("boards", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert TEMPLATE_ID not in [board["id"] for board in json.loads(result.stdout)]


def schema_properties(node: object) -> set[str]:
    """Every property name defined anywhere in the schema ($defs, nested objects, if/then)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                found |= set(value)
            found |= schema_properties(value)
    elif isinstance(node, list):
        for item in node:
            found |= schema_properties(item)
    return found


def data_keys(node: object) -> set[str]:
    if isinstance(node, dict):
        return set(node).union(*(data_keys(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(data_keys(item) for item in node))
    return set()


def test_every_field_the_schema_allows_is_in_the_template():
    schema = json.loads((POLICIES / "schema.json").read_text(encoding="utf-8"))
    allowed = schema_properties(schema)
    assert {"branding", "accent", "history", "changes", "why", "whole_process"} <= allowed
    template = load_policy(TEMPLATE, TEMPLATE.name).data
    assert sorted(allowed - data_keys(template)) == []


KEY_LINE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_]*:(?:\s|$)")
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"' + r"|'(?:[^']|'')*'")


def uncommented_keys(text: str) -> list[int]:
    """The key lines with no comment on them or on the line just above."""
    lines = text.splitlines()
    missing = []
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith("#") or not KEY_LINE.match(line):
            continue
        trailing = re.search(r"\s#", QUOTED.sub('""', line))
        above = number > 1 and lines[number - 2].lstrip().startswith("#")
        if not (trailing or above):
            missing.append(number)
    return missing


def test_the_comment_finder_finds_what_it_should():
    assert uncommented_keys('a: 1\n# b is...\nb: 2\nc: "#fff"\nd: x  # d\n- e: 1\n') == [1, 4, 6]


def test_every_key_line_in_the_template_is_commented():
    assert sum(1 for line in TEXT.splitlines() if KEY_LINE.match(line)) > 150
    assert uncommented_keys(TEXT) == []


def test_the_template_is_a_made_up_board_citing_its_own_clauses(boards):
    """Short enough to read, with more than one agency and several kinds of timescale; no real
    board's; every source a clause of its own made-up procedure, cited by its place name."""
    assert TEMPLATE.stem == TEMPLATE_ID
    assert 3 <= len(DATA["stages"]) <= 4 and len(DATA["agencies"]) >= 2
    assert len({stage["timescale"]["kind"] for stage in DATA["stages"]}) >= 3
    real = [boards[board_id] for board_id in HAND_CHECKED if board_id in boards]
    assert DATA["name"] not in {board["name"] for board in real}
    assert DATA["area"] not in {board["area"] for board in real}
    place = DATA["name"].split()[0]  # "Exampleshire Safeguarding Adults Board"
    sources = re.findall(r"^\s*(?:-\s+)?source: (.*?)(?:\s+#.*)?$", TEXT, re.MULTILINE)
    assert len(sources) > 50
    assert [source for source in sources if not source.startswith(place)] == []
    assert (POLICIES / LOGO).is_file()
    assert "<svg" in (POLICIES / LOGO).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# A copy of the template as a new board


@pytest.fixture
def new_board(tmp_path: Path) -> Path:
    """A policies folder holding schema.json, the template as policies/exampleshire.yaml, and
    its logo; returns the folder."""
    policies = tmp_path / "policies"
    (policies / "template").mkdir(parents=True)
    shutil.copy(POLICIES / "schema.json", policies / "schema.json")
    shutil.copy(POLICIES / LOGO, policies / LOGO)
    (policies / "sources").mkdir()
    shutil.copy(POLICIES / COPY, policies / COPY)  # the procedure's plain-text copy
    shutil.copy(TEMPLATE, policies / TEMPLATE.name)
    return policies


def test_a_copy_of_the_template_is_a_working_board(new_board):
    assert check_file(new_board / TEMPLATE.name, f"policies/{TEMPLATE.name}",
                      load_schema(new_board)) == []
    folder = str(new_board)
    checked = run("--policies", folder, "check")
    assert checked.returncode == 0, checked.stdout
    listed = run("--policies", folder, "boards", "--format", "json")
    template = load_policy(new_board / TEMPLATE.name, TEMPLATE_ID).data
    assert json.loads(listed.stdout) == [
        {"id": TEMPLATE_ID, "name": template["name"], "stages": len(template["stages"]),
         "events": [{"id": event["id"], "label": event["label"]}
                    for event in template["events"]]}]
    # Raised Thu 2 Apr 2026: Good Friday and Easter Monday are skipped. Stage 1, 2 working days
    # after: Tue 7, Wed 8 Apr. Stage 2, working day 5: Thu 2, Tue 7, Wed 8, Thu 9, Fri 10 Apr.
    planned = run("--policies", folder, "plan", TEMPLATE_ID, "--raised", "2026-04-02",
                  "--today", "2026-04-02", "--format", "json")
    assert planned.returncode == 0, planned.stderr
    stages = json.loads(planned.stdout)["stages"]
    assert [stage["due"] for stage in stages[:2]] == ["2026-04-08", "2026-04-10"]


_SCALAR = r"(\"[^\"]*\"|'[^']*'|[^\s#]+)"


def broken_at(path: Path_, new: str | None) -> tuple[str, int]:
    """The template's text with the value at `path` written as `new` (YAML), or with its line
    left out (None); and the line a problem about it is told on."""
    lines = TEXT.splitlines(keepends=True)
    number = LOADED.line_of(path)
    if new is None:
        del lines[number - 1]
        return "".join(lines), LOADED.line_of(path[:-1])
    pattern = rf"^(\s*(?:-\s+)?{re.escape(str(path[-1]))}:\s*){_SCALAR}"
    changed = re.sub(pattern, lambda found: found.group(1) + new, lines[number - 1], count=1)
    assert changed != lines[number - 1], (path, lines[number - 1])
    lines[number - 1] = changed
    return "".join(lines), number


ACCENT, LOGO_AT, HISTORY = ("branding", "accent"), ("branding", "logo"), DATA["history"]
#: A month before the second version: earlier than the entry above it.
EARLIER = f"{int(HISTORY[1]['date'][:4]) - 1}-12"
GIF = str(PurePosixPath(LOGO).with_suffix(".gif"))
# (what breaks, where, the new value (None: the line left out), the message after "line: ")
BREAKS = [
    ("an accent too light for white text", ACCENT, '"#5c7cfa"',
     "branding.accent: #5c7cfa has a contrast ratio of 3.67:1 with white text, below 4.5:1: "
     "choose a darker colour"),
    ("an accent just too light", ACCENT, '"#777777"',
     "branding.accent: #777777 has a contrast ratio of 4.47:1"),
    ("an accent that is not #rrggbb", ACCENT, '"#0b6e4"',
     "branding.accent: must be a colour written #rrggbb (six hex digits), not '#0b6e4'"),
    ("a logo that is not there", LOGO_AT, "template/missing.svg",
     "branding.logo: no file 'template/missing.svg' in policies/"),
    ("a logo that is not SVG or PNG", LOGO_AT, GIF,
     f"branding.logo: must be an SVG or PNG file (.svg or .png), not {GIF!r}"),
    ("a logo outside policies/", LOGO_AT, "../schema.svg",
     "branding.logo: must be a path inside policies/, not '../schema.svg'"),
    ("branding without a logo", LOGO_AT, None, "branding: missing 'logo'"),
    ("a history date that does not exist", ("history", 1, "date"), '"2023-02-30"',
     "history[1].date: 2023-02-30 is not a real date"),
    ("a history date written wrongly", ("history", 1, "date"), '"10/01/2023"',
     "history[1].date: must be a date YYYY-MM-DD, a month YYYY-MM, or null, not '10/01/2023'"),
    ("a history out of order", ("history", 2, "date"), f'"{EARLIER}"',
     f"history[2].date: {EARLIER} is earlier than the entry above ({HISTORY[1]['date']}): "
     "list the versions oldest first"),
    ("an undated version among dated ones", ("history", 0, "date"), "null",
     "history[0].date: only a history of one entry may be undated"),
    ("a history entry without its source", ("history", 0, "source"), None,
     "history[0]: missing 'source'"),
]


@pytest.mark.parametrize(("path", "new", "message"), [b[1:] for b in BREAKS],
                         ids=[b[0] for b in BREAKS])
def test_a_broken_copy_gives_one_problem_on_its_line(new_board, path, new, message):
    broken, line = broken_at(path, new)
    shown = f"policies/{TEMPLATE.name}"
    target = new_board / TEMPLATE.name
    target.write_text(broken, encoding="utf-8")
    problems = [str(p) for p in check_file(target, shown, load_schema(new_board))]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{shown}:{line}: {message}"), problems[0]
    assert "\n" not in problems[0]


def test_the_command_line_tells_a_broken_copy_in_one_line(new_board):
    broken, line = broken_at(LOGO_AT, "logos/none.png")
    (new_board / TEMPLATE.name).write_text(broken, encoding="utf-8")
    result = run("--policies", str(new_board), "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].endswith(
        f"{TEMPLATE.name}:{line}: branding.logo: no file 'logos/none.png' in policies/ (the "
        "path is relative to policies/)")


def test_contrast_with_white_follows_wcag():
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)  # the lightest grey
    assert contrast_with_white("#777777") < 4.5  # that passes AA, and the next one up
    assert contrast_with_white("#1D70B8") == pytest.approx(5.17, abs=0.01)


# ---------------------------------------------------------------------------------------------
# The real boards (their histories' order is `check`'s rule: the breaks above)


def test_the_histories_list_the_versions_the_sources_record(boards):
    versions = {board: [(e["date"], e["version"]) for e in boards[board]["history"]]
                for board in BOARD_IDS if board in HAND_CHECKED}
    assert versions == {
        "kent-medway": [("2019-05", None)],
        "north-east-lincolnshire": [(None, None)],
        "staffordshire-stoke": [(None, None)],
        "surrey": [("2020-04", "1"), ("2020-05", "2"), ("2020-05", "3"), ("2022-10", "4"),
                   ("2023-03", "5"), ("2023-06", "6"), ("2023-10", "7")],
        "worcestershire": [("2014-08-05", "V3"), ("2014-10-07", "V4"), ("2014-12-05", "V6"),
                           ("2015-02-25", "V7"), ("2015-10-14", "V8")],
    }


@pytest.mark.parametrize("board_id", [board for board in BOARD_IDS if board in HAND_CHECKED])
def test_no_real_board_has_branding(boards, board_id):
    """We have no permission to use the real boards' logos or colours (a board that adds
    itself may give its own)."""
    assert "branding" not in boards[board_id]
