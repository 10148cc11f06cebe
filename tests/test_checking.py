"""`python -m calculator check`: every kind of problem, told as `file:line: where: what`.

Each case breaks one thing in a copy of a real board file and expects exactly one problem, on
the line where the break is.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calculator.tools.checking import check_file, load_schema
from conftest import BOARD_IDS, POLICIES, ROOT

KENT = (POLICIES / "kent-medway.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def replace_once(text: str, old: str, new: str, occurrence: int = 1) -> str:
    parts = text.split(old)
    assert len(parts) > occurrence, f"{old!r} occurs fewer than {occurrence} times"
    return old.join(parts[:occurrence]) + new + old.join(parts[occurrence:])


def check_text(tmp_path: Path, text: str, name: str = "kent-medway") -> list[str]:
    shutil.copy(POLICIES / "schema.json", tmp_path / "schema.json")
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(p) for p in check_file(path, f"policies/{name}.yaml", load_schema(tmp_path))]


def test_the_real_policies_pass(tmp_path):
    schema = load_schema(POLICIES)
    for path in sorted(POLICIES.glob("*.yaml")):
        assert check_file(path, path.name, schema) == []


# (what breaks, old text, new text, occurrence, the line to expect it on (a needle in the
#  broken text), the message expected after "file:line: ")
BREAKS = [
    ("a whole number of days",
     "      days: 5\n      anchor: stage_start", "      days: five\n      anchor: stage_start", 1,
     "days: five", "stages[2].timescale.days: must be a whole number, not 'five'"),
    ("a missing source",
     "    source: Kent & Medway §1\n  - text: Being clear", "  - text: Being clear", 1,
     "- text: Agencies work together", "principles[0]: missing 'source'"),
    ("an unknown field",
     "    title: Escalate to Team Manager\n",
     "    title: Escalate to Team Manager\n    colour: red\n", 1,
     "colour: red", "stages[0].colour: unknown field 'colour'"),
    ("an unknown timescale kind",
     "      kind: working_days_after", "      kind: fortnightly", 1,
     "kind: fortnightly", "stages[0].timescale.kind: must be one of"),
    ("a field that does not go with the kind",
     "      kind: none\n      words: The procedure sets no separate",
     "      kind: none\n      days: 3\n      words: The procedure sets no separate", 1,
     "days: 3", "stages[1].timescale.days: is not used with kind 'none'"),
    ("an anchor stage missing for stage_start",
     "      anchor_stage: 3\n", "", 1,
     "timescale:", "stages[2].timescale: missing 'anchor_stage'", 3),
    ("stages out of order",
     "  - number: 2\n", "  - number: 3\n", 1,
     "- number: 3", "stages[1].number: expected 2: stages are numbered 1, 2, 3... in order"),
    ("an anchor that names no stage",
     "      anchor_stage: 3\n", "      anchor_stage: 9\n", 1,
     "anchor_stage: 9", "stages[2].timescale.anchor_stage: there is no stage 9 (stages 1 to 4)"),
    ("an anchor that looks forward",
     "      anchor_stage: 3\n", "      anchor_stage: 4\n", 1,
     "anchor_stage: 4", "stages[2].timescale.anchor_stage: stage 3 cannot count from the start "
     "of a later stage (4)"),
    ("a role table for a stage that does not exist",
     "      - stage: 3\n        role: Your Detective Chief",
     "      - stage: 7\n        role: Your Detective Chief", 1,
     "- stage: 7", "agencies[0].roles[2].stage: there is no stage 7 (stages 1 to 4)"),
    ("a month that does not exist",
     'date: "2019-05"', 'date: "2019-13"', 1,
     'date: "2019-13"', "source_document.dates[0].date: 2019-13 is not a real date"),
    ("a date that does not exist",
     "extra_non_working_days: []",
     'extra_non_working_days:\n  - date: "2026-02-30"\n    name: A day\n    source: test', 1,
     'date: "2026-02-30"', "extra_non_working_days[0].date: 2026-02-30 is not a real date"),
    ("a weekend as an extra day",
     "extra_non_working_days: []",
     'extra_non_working_days:\n  - date: "2026-11-28"\n    name: A day\n    source: test', 1,
     'date: "2026-11-28"', "extra_non_working_days[0].date: 2026-11-28 is a weekend day"),
    ("an agency given twice",
     "  - id: health\n", "  - id: police\n", 1,
     "  - id: police", "agencies[1].id: 'police' is given twice", 2),
    ("the reserved agency id",
     "  - id: care-provider\n", "  - id: any\n", 1,
     "  - id: any", "agencies[3].id: 'any' is kept for the generic choice"),
    ("an unclear item that names a missing agency",
     "    in_plan:\n      stages: [3]", "    in_plan:\n      agencies: [fire]", 1,
     "agencies: [fire]", "unclear[1].in_plan.agencies[0]: no agency 'fire' in this file"),
    ("a key given twice",
     "short_name: KMSAB\n", "short_name: KMSAB\nshort_name: KMSAB\n", 1,
     "short_name: KMSAB", "short_name: this key is given twice", 2),
    ("an id that is not the file name",
     "id: kent-medway\n", "id: kent\n", 1,
     "id: kent", "id: must match the file name: expected 'kent-medway', not 'kent'"),
    ("a file that does not name its schema",
     "# yaml-language-server: $schema=schema.json\n", "", 1,
     None, "the first line must be '# yaml-language-server: $schema=schema.json'"),
]


@pytest.mark.parametrize("case", BREAKS, ids=[case[0] for case in BREAKS])
def test_each_problem_names_its_line(tmp_path, case):
    _, old, new, occurrence, needle, message, *needle_occurrence = case
    broken = replace_once(KENT, old, new, occurrence)
    problems = check_text(tmp_path, broken)
    assert len(problems) == 1, problems
    line = line_of(broken, needle, *needle_occurrence) if needle else 1
    assert problems[0].startswith(f"policies/kent-medway.yaml:{line}: "), problems
    assert message in problems[0], problems


def test_yaml_syntax_error_names_its_line(tmp_path):
    broken = replace_once(KENT, "short_name: KMSAB\n", "short_name: [KMSAB\n")
    problems = check_text(tmp_path, broken)
    assert len(problems) == 1
    assert problems[0].startswith("policies/kent-medway.yaml:")
    assert "not valid YAML" in problems[0]
    line = int(problems[0].split(":")[1])
    assert line_of(broken, "short_name: [KMSAB") <= line <= line_of(broken, "short_name:") + 2


def run_check(*paths: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator", "check", *paths], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_command_passes_the_policies():
    result = run_check()
    assert result.returncode == 0, result.stdout + result.stderr
    # Nothing but notes (what a board's entry still needs, say its golden cases).
    assert [line for line in result.stdout.splitlines() if ": note: " not in line] == []
    assert result.stderr.startswith(f"{len(BOARD_IDS)} files checked: no problems")


def test_command_reports_every_problem_and_exits_1(tmp_path):
    broken = replace_once(KENT, "      days: 5\n      anchor: stage_start",
                          "      days: five\n      anchor: stage_start")
    broken = replace_once(broken, "id: kent-medway\n", "id: kent\n")
    shutil.copy(POLICIES / "schema.json", tmp_path / "schema.json")
    (tmp_path / "kent-medway.yaml").write_text(broken, encoding="utf-8")
    result = run_check(str(tmp_path / "kent-medway.yaml"), str(tmp_path / "missing.yaml"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].endswith("missing.yaml:1: no such file or folder")
    # A schema problem and a rule problem in one run, in the order of their lines.
    assert lines[1].endswith("kent-medway.yaml:3: id: must match the file name: expected "
                             "'kent-medway', not 'kent'")
    assert f"kent-medway.yaml:{line_of(broken, 'days: five')}: stages[2].timescale.days" in lines[2]
    assert len(lines) == 3
    assert "Traceback" not in result.stdout + result.stderr


def test_command_reports_a_yaml_error_without_a_traceback(tmp_path):
    (tmp_path / "schema.json").write_text((POLICIES / "schema.json").read_text())
    (tmp_path / "bad.yaml").write_text("id: [unclosed\n")
    result = run_check(str(tmp_path))
    assert result.returncode == 1
    assert "bad.yaml:" in result.stdout and "not valid YAML" in result.stdout
    assert "Traceback" not in result.stderr
