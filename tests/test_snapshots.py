"""The snapshots in tests/snapshots/ (scripts/snapshots.py): every generated page and a set of
plans per board, made again in memory and compared byte for byte, so that a change to the
generator or the calculator that changes what a reader sees cannot pass unseen.

A board added to policies/ after the snapshots were written has none: its own test is skipped,
saying which snapshots are missing and how to write them, and so are the pages that show every
board (they change with the new board). A board added must pass every other test without a
file to edit (tests/test_a_board_adds_itself.py); its snapshots are a record for review, written
when its author runs the command. A board listed in tests/snapshots/boards.txt whose snapshots
are missing fails.
"""

import pytest

from calculator.tools.cli import main as calculator_main
from calculator.tools.holiday_table import calendar_data
from conftest import BOARD_IDS
from scripts import snapshots
from scripts.sitegen.data import load_boards

MOST_SHOWN = 5  # snapshots shown in one failure; the rest are counted


@pytest.fixture(scope="module")
def groups() -> dict[str, dict[str, str]]:
    return snapshots.snapshot_groups(load_boards(), calendar_data())


@pytest.fixture(scope="module")
def kept() -> dict[str, str]:
    return snapshots.files_on_disk()


@pytest.fixture(scope="module")
def written_for(kept) -> list[str]:
    """The boards the snapshots were written for (tests/snapshots/boards.txt)."""
    if snapshots.MANIFEST not in kept:
        pytest.fail(f"tests/snapshots/{snapshots.MANIFEST} is missing: {snapshots.HINT}")
    return kept[snapshots.MANIFEST].split()


def assert_same(kept: dict[str, str], made: dict[str, str]) -> None:
    found = snapshots.differences({path: kept[path] for path in made if path in kept}, made)
    shown = "\n".join(found[:MOST_SHOWN])
    more = f"\n... and {len(found) - MOST_SHOWN} more" if len(found) > MOST_SHOWN else ""
    if found:  # the message alone: the arguments' reprs would bury the diff
        pytest.fail(f"{snapshots.differ(len(found))}:\n{shown}{more}\n{snapshots.HINT}",
                    pytrace=False)


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_board_snapshots_match(groups, kept, written_for, board_id):
    made = groups[board_id]
    if board_id not in written_for:
        pytest.skip(f"board {board_id} was added after the snapshots were written, so its "
                    f"{len(made)} snapshots (tests/snapshots/site/boards/{board_id}.md, ...) are "
                    "missing: run python -m scripts.snapshots to write them")
    assert_same(kept, made)


def test_whole_site_snapshots_match(groups, kept, written_for):
    added = sorted(set(BOARD_IDS) - set(written_for))
    if added:
        pytest.skip(f"the pages that show every board change with the boards added since the "
                    f"snapshots were written ({', '.join(added)}): run python -m "
                    "scripts.snapshots to write them")
    assert written_for == BOARD_IDS, (
        f"the snapshots were written for {written_for}, policies/ has {BOARD_IDS}: "
        f"{snapshots.HINT}")
    assert_same(kept, groups[snapshots.WHOLE_SITE])


def test_no_snapshot_is_left_that_nothing_produces(groups, kept):
    made = {path for group in groups.values() for path in group} | {snapshots.MANIFEST}
    stale = sorted(set(kept) - made)
    assert not stale, (f"{len(stale)} snapshots are no longer produced "
                       f"(tests/snapshots/{stale[0]}, ...): {snapshots.HINT} (it removes them)")


def test_every_board_has_pages_and_plans_of_its_own(groups):
    """The snapshots hold what they say: each board's page, sub-pages and plans."""
    for board_id in BOARD_IDS:
        paths = set(groups[board_id])
        assert f"site/boards/{board_id}.md" in paths
        assert f"site/boards/{board_id}/contacts.md" in paths
        assert f"plans/{board_id}/stage-1.txt" in paths
        assert f"plans/{board_id}/stage-1.json" in paths
    assert "site/compare.md" in groups[snapshots.WHOLE_SITE] or len(BOARD_IDS) == 1


def test_the_snapshots_are_the_same_each_time(groups):
    """Nothing in them depends on the day or the run (a build id, today's date)."""
    again = snapshots.snapshot_groups(load_boards(), calendar_data())
    assert again == groups


def test_a_difference_is_shown_as_a_short_diff_with_the_hint():
    kept = {"a.md": "".join(f"line {n}\n" for n in range(100)), "gone.md": "x\n"}
    made = {"a.md": "".join(f"line {n * 2}\n" for n in range(100)), "new.md": "y\n"}
    found = snapshots.differences(kept, made)
    assert found[0].startswith("--- tests/snapshots/a.md (kept)\n+++ a.md (made now)")
    assert found[0].endswith("more lines of diff")
    assert len(found[0].splitlines()) == 31
    assert found[1:] == ["no longer produced: tests/snapshots/gone.md",
                         "missing: tests/snapshots/new.md"]


def test_the_command_writes_then_checks(tmp_path, capsys):
    assert snapshots.main(["--check"], tmp_path) == 1
    assert snapshots.HINT in capsys.readouterr().err
    assert snapshots.main([], tmp_path) == 0
    assert snapshots.main(["--check"], tmp_path) == 0
    (tmp_path / "site" / "stale.md").write_text("x\n", encoding="utf-8")
    assert snapshots.main(["--check"], tmp_path) == 1
    assert "no longer produced: tests/snapshots/site/stale.md" in capsys.readouterr().err
    assert snapshots.main([], tmp_path) == 0
    assert not (tmp_path / "site" / "stale.md").exists()


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_a_plan_snapshot_is_what_the_command_line_prints(groups, board_id, capsys):
    """Each board's last request, run as requests.txt gives it: the same text and JSON."""
    made = groups[board_id]
    name, command = made[f"plans/{board_id}/requests.txt"].splitlines()[-1].split(": ", 1)
    argv = command.removeprefix("python -m calculator ").split()
    for fmt in ("text", "json"):
        assert calculator_main([*argv, "--format", fmt]) == 0
        printed = capsys.readouterr().out
        suffix = "txt" if fmt == "text" else "json"
        assert printed == made[f"plans/{board_id}/{name}.{suffix}"], (name, fmt)
