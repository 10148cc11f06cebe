"""`python -m calculator check`: every kind of problem, told as `file:line: where: what`.

Each case breaks one thing in a copy of a real board file and expects exactly one problem, on
the line where the break is.
"""

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from calculator.tools.checking import (
    BASIS,
    BASIS_FILLS,
    NO_LIST,
    SCHEMA_LINE,
    STAGE_GUIDANCE,
    check_board,
    check_file,
    load_schema,
    rule_problems,
)
from calculator.tools.loading import Path_, format_path, load_policy, parse_policy
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


# ---------------------------------------------------------------------------------------------
# Rules about the data a schema cannot say (once only in pytest, now in `check`): each on a copy
# of a board or the template broken in one place, told in one line at that place.

TEMPLATE = POLICIES / "template" / "exampleshire.yaml"


def dumped(board: dict) -> str:
    """A board's data written out as a board file (one value a line, so each has its line)."""
    return f"{SCHEMA_LINE}\n" + yaml.safe_dump(board, sort_keys=False, allow_unicode=True,
                                               width=10_000)


def problems_of(board: dict, calendar_table: dict) -> tuple[list[str], str]:
    text = dumped(board)
    checked = check_board(text, board["id"], f"policies/{board['id']}.yaml",
                          load_schema(POLICIES), calendar_table, None, None)
    return [str(problem) for problem in checked.problems], text


def told_once(board: dict, calendar_table: dict, where: Path_, message: str) -> None:
    """`check` finds exactly one problem in the board: at `where`, on its line, saying
    `message` (the start of it)."""
    found, text = problems_of(board, calendar_table)
    line = parse_policy(text, "").line_of(where)
    assert len(found) == 1, found
    assert found[0].startswith(
        f"policies/{board['id']}.yaml:{line}: {format_path(where)}: {message}"), found


def changed(board: dict, change) -> dict:
    board = copy.deepcopy(board)
    change(board)
    return board


@pytest.fixture(scope="module")
def template() -> dict:
    return load_policy(TEMPLATE, TEMPLATE.name).data


def test_the_unbroken_template_and_boards_have_no_problems(template, boards, calendar_table):
    for board in [template, *boards.values()]:
        assert problems_of(board, calendar_table)[0] == [], board["id"]


@pytest.mark.parametrize("key", list(STAGE_GUIDANCE))
def test_every_stage_says_what_to_have_ready_and_what_if_unresolved(template, calendar_table,
                                                                     key):
    for index in range(len(template["stages"])):
        without = changed(template, lambda board, index=index: board["stages"][index].pop(key))
        told_once(without, calendar_table, ("stages", index),
                  f"missing '{key}': {STAGE_GUIDANCE[key]}")


def unresolved(index: int, text: str):
    """A change: the stage at `index` says `text` of what happens if it is not resolved."""
    return lambda board: board["stages"][index]["if_unresolved"].update(text=text)


def test_if_unresolved_names_the_next_stage(template, calendar_table):
    last = len(template["stages"])
    for index in range(last - 1):
        vague = changed(template, unresolved(index, "It goes to the managers."))
        told_once(vague, calendar_table, ("stages", index, "if_unresolved", "text"),
                  f"must say where it goes next: name stage {index + 2} (e.g. '...: stage "
                  f"{index + 2}.')")
    # A stage named in capitals is named all the same.
    capitals = changed(template, unresolved(0, "It goes to the managers: Stage 2."))
    assert problems_of(capitals, calendar_table)[0] == []


def test_if_unresolved_names_no_stage_the_ladder_does_not_have(template, calendar_table):
    last = len(template["stages"])
    beyond = changed(template, unresolved(last - 1, f"It goes on to stage {last + 1}."))
    told_once(beyond, calendar_table, ("stages", last - 1, "if_unresolved", "text"),
              f"there is no stage {last + 1} (stages 1 to {last}): at the last stage, say what "
              "the procedure's final step is")
    wrong = changed(template, unresolved(0, f"It goes to stage 2, and then to stage {last + 4}."))
    told_once(wrong, calendar_table, ("stages", 0, "if_unresolved", "text"),
              f"there is no stage {last + 4} (stages 1 to {last})")


def test_the_top_of_a_ladder_we_hold_only_part_of_may_name_the_next_stage(template):
    last = len(template["stages"])

    def part(board: dict) -> None:
        board["ladder"] = {"complete": False, "words": "The stages above it are missing.",
                           "source": "test"}
        del board["final_say"]
        board["stages"][-1]["if_unresolved"]["text"] = f"It goes on to stage {last + 1}."

    assert list(rule_problems(changed(template, part), template["id"])) == []


def basis_name(board: dict) -> str | None:
    """The board a record built on the basis says gives no list, or None (it has its own)."""
    sources = [field["source"] for field in board["records"]["fields"]]
    named = [NO_LIST.search(source) for source in sources if source.startswith(BASIS)]
    return next((found.group(1) for found in named if found), None)


BOARDS_ON_THE_BASIS = [board_id for board_id in BOARD_IDS
                       if basis_name(load_policy(POLICIES / f"{board_id}.yaml", board_id).data)]


@pytest.mark.parametrize("board_id", BOARDS_ON_THE_BASIS)
def test_a_record_built_on_the_basis_says_so_in_every_field(boards, calendar_table, board_id):
    board, name = boards[board_id], basis_name(boards[board_id])
    fields = board["records"]["fields"]
    basis = [i for i, field in enumerate(fields) if field["source"].startswith(BASIS)]
    own = [i for i, field in enumerate(fields) if not field["source"].startswith(BASIS)]

    def source(index: int, text: str):
        return lambda data: data["records"]["fields"][index].update(source=text)

    told_once(changed(board, source(basis[0], f"{BASIS} NEL recording template")),
              calendar_table, ("records", "fields", basis[0], "source"),
              "a field from the basis names the board that gives no list of its own")
    told_once(changed(board, source(basis[-1], f"{BASIS} NEL (Elsewhere gives no list)")),
              calendar_table, ("records", "fields", basis[-1], "source"),
              f"names 'Elsewhere' as the board that gives no list, but the first field from "
              f"the basis names {name!r}: name the same board")
    if own:
        told_once(changed(board, source(own[0], "Elsewhere §1")), calendar_table,
                  ("records", "fields", own[0], "source"),
                  f"cite {name}'s own clause (a source starting {name!r}), or say that the "
                  f"field comes from the basis ('{BASIS} ...')")


@pytest.mark.parametrize("board_id", BOARDS_ON_THE_BASIS)
@pytest.mark.parametrize("fill", BASIS_FILLS)
def test_a_record_built_on_the_basis_fills_what_the_plan_knows(boards, calendar_table, board_id,
                                                               fill):
    def unfilled(board: dict) -> None:
        for field in board["records"]["fields"]:
            if field.get("fill") == fill:
                del field["fill"]

    told_once(changed(boards[board_id], unfilled), calendar_table, ("records", "fields"),
              f"a record built on the basis fills what the plan knows: give a field fill: {fill}")


def test_a_record_of_the_boards_own_needs_no_basis_and_no_fill(template):
    """The template's record is its own (its Appendix B): no field from the basis, so nothing
    is asked of the fields beyond the schema, not even a field the plan fills."""
    assert basis_name(template) is None
    bare = changed(template, lambda board: [field.pop("fill", None)
                                           for field in board["records"]["fields"]])
    assert list(rule_problems(bare, template["id"])) == []
