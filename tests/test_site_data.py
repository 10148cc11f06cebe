"""scripts/sitegen/data.py: the data files the page's calculator reads, made from the checked
policies, and a build that stops, naming the file and line, when a policy has a problem."""

import json
import shutil

import pytest

from calculator.policy import board_from_data
from calculator.tools.holiday_table import calendar_data
from conftest import BOARD_IDS, POLICIES
from scripts.sitegen.data import (
    SiteBuildError,
    board_summary,
    build_id,
    calculator_mount,
    data_files,
    load_boards,
    navigation,
)
from scripts.sitegen.pages import BOARD_SUB_PAGES


@pytest.fixture(scope="module")
def boards() -> list[dict]:
    return load_boards()


@pytest.fixture(scope="module")
def files(boards) -> dict[str, bytes]:
    return data_files(boards, calendar_data())


def test_every_board_file_has_its_data_file(files, boards):
    assert [board["id"] for board in boards] == BOARD_IDS
    assert set(files) == {"data/calendar.json", "data/boards.json",
                          *(f"data/boards/{board}.json" for board in BOARD_IDS)}
    for board in boards:
        assert json.loads(files[f"data/boards/{board['id']}.json"]) == board


def test_the_calendar_file_is_the_calendar(files):
    assert json.loads(files["data/calendar.json"]) == calendar_data()


def test_the_summary_agrees_with_the_calculators_model(files, boards):
    summaries = json.loads(files["data/boards.json"])
    assert [summary["id"] for summary in summaries] == BOARD_IDS
    for summary, data in zip(summaries, boards, strict=True):
        model = board_from_data(data)
        assert summary == board_summary(data)
        assert (summary["name"], summary["short_name"]) == (model.name, model.short_name)
        assert [(s["number"], s["title"], s["agreed_allowed"]) for s in summary["stages"]] == [
            (s.number, s.title, s.timescale.set_by_user) for s in model.stages]
        assert summary["agencies"] == model.agency_choices()
        assert summary["agencies"][-1]["id"] == "any"


def test_some_board_lets_a_date_be_agreed_and_some_not(files):
    allowed = [s["agreed_allowed"] for b in json.loads(files["data/boards.json"])
               for s in b["stages"]]
    assert any(allowed) and not all(allowed)


def test_the_build_id_follows_the_content():
    first = build_id([b"calendar", b"boards"])
    assert first == build_id([b"calendar", b"boards"])
    assert len(first) == 12 and int(first, 16) >= 0
    assert build_id([b"calendar", b"boards!"]) != first
    assert build_id([b"boards", b"calendar"]) != first
    assert build_id([b"calendarb", b"oards"]) != first  # each content is hashed on its own


def test_the_build_id_changes_with_a_board(boards, tmp_path):
    before = build_id(list(data_files(boards, calendar_data()).values()))
    changed = [{**boards[0], "name": boards[0]["name"] + " (renamed)"}, *boards[1:]]
    assert build_id(list(data_files(changed, calendar_data()).values())) != before


def test_a_policy_problem_stops_the_build_naming_file_and_line(tmp_path):
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    path = policies / "surrey.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("short_name:"))
    lines[number - 1] = "short_name: 42\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(SiteBuildError) as stopped:
        load_boards(policies)
    assert f"{path}:{number}: short_name:" in str(stopped.value)
    assert "kent-medway" not in str(stopped.value)  # the sound files are not blamed


def test_a_file_that_is_not_yaml_stops_the_build(tmp_path):
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    (policies / "worcestershire.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(SiteBuildError, match=r"worcestershire\.yaml:\d+"):
        load_boards(policies)


def test_no_policy_files_stops_the_build(tmp_path):
    with pytest.raises(SiteBuildError, match="no board files"):
        load_boards(tmp_path)


def test_the_mount_carries_what_the_script_needs(boards):
    mount = calculator_mount(boards[0], "abc123", "0.1.2")
    assert 'data-build="abc123"' in mount and 'data-pyodide="0.1.2"' in mount
    assert f'data-board="{boards[0]["id"]}"' in mount
    assert 'class="calc-no-script"' in mount
    assert "data-board" not in calculator_mount(None, "abc123", "0.1.2")


def test_the_navigation_has_each_board_with_its_sub_pages(boards):
    nav = [{"Home": "index.md"}, {"Boards": []}, {"Compare the boards": "compare.md"}]
    home, section, compare = navigation(nav, boards)
    assert home == {"Home": "index.md"} and compare == {"Compare the boards": "compare.md"}
    for board, entry in zip(boards, section["Boards"], strict=True):
        (name, pages), = entry.items()
        assert name == board["name"]
        assert [path for page in pages for path in page.values()] == [
            f"boards/{board['id']}.md",
            *(f"boards/{board['id']}/{sub}.md" for sub, _, _ in BOARD_SUB_PAGES)]
    surrey = next(board for board in boards if board["id"] == "surrey")
    _, alone = navigation(nav, [surrey])
    (title, pages), = alone.items()
    assert title == f"The {surrey['short_name']} procedure"
    assert pages[0] == {"Next step and stages": "boards/surrey.md"}
