"""Snapshots of what the generator and the calculator write, kept in tests/snapshots/ so that a
change to either shows in review as a diff of the output itself (as python-holidays keeps its
snapshots).

    python -m scripts.snapshots            write them (and remove any no longer produced)
    python -m scripts.snapshots --check    compare only: exit 1 if any differ, are missing or stale

What is kept, from the boards in policies/ as the site's build loads them, with a fixed
"today" so that the same code and data always give the same bytes:

    site/<page>.md                       every generated page of the whole site (scripts/sitegen:
                                         board pages and sub-pages, compare, working days,
                                         training pages), at the page's docs path
    parts/<marker>.md                    the home and hand-written pages' generated parts
    one-board/<id>/<page>.md             a one-board site's pages that differ from the whole
                                         site's (the board page, working days, training index)
                                         and its parts; its other pages are the same as site/'s
    plans/<id>/<request>.txt, .json      `python -m calculator plan ... --format text|json` for
                                         requests made from the board's data; requests.txt gives
                                         each as a command line
    boards.txt                           the boards the snapshots were written for

tests/test_snapshots.py makes them again in memory and compares.
"""

import argparse
import difflib
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from calculator.errors import InputError
from calculator.plan import make_plan
from calculator.policy import ANY_AGENCY, USER_SET_KINDS, board_from_data
from calculator.text import render_plan
from calculator.tools.holiday_table import calendar_data
from calculator.training import scenario_steps
from calculator.workdays import calendar_from_data
from scripts.sitegen import data as site_data
from scripts.sitegen import embed, training_pages
from scripts.sitegen import pages as site_pages

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "tests" / "snapshots"
MANIFEST = "boards.txt"
#: The hint every failure ends with.
HINT = "run python -m scripts.snapshots if the change is intended"

#: The day every request is raised: the Thursday before Good Friday, so a long weekend is skipped.
RAISED = date(2025, 4, 17)
#: "Today" for the pages and the plans: after Kent & Medway's review date, before Surrey's, and
#: late enough that every later stage below has started and some dates have passed.
TODAY = date(2025, 5, 30)
#: Working days between one stage's start and the next's, and from a stage's start to a date
#: someone sets for it.
STAGE_GAP = 2
AGREED_AFTER = 3

#: Group of the snapshots that show every board (compare, working days, ...): not one board's.
WHOLE_SITE = ""


# ---------------------------------------------------------------------------------------------
# The requests


def plan_requests(board: Mapping, calendar: Mapping) -> dict[str, dict]:
    """name -> request: on the day raised; at each stage (each later stage started STAGE_GAP
    working days after the one before), for the generic agency; at the top stage for each
    agency the board names; and with every other event dated, where the board counts from one."""
    model = board_from_data(board)
    working = calendar_from_data(calendar)
    starts = {stage.number: working.add_working_days(RAISED, STAGE_GAP * (stage.number - 1))
              for stage in model.stages}

    def at_stage(top: int, agency: str | None) -> dict:
        reached = [stage for stage in model.stages[:top] if stage.applies_to(agency or ANY_AGENCY)]
        started = {str(s.number): starts[s.number].isoformat() for s in reached if s.number > 1}
        agreed = {str(s.number): working.add_working_days(starts[s.number], AGREED_AFTER)
                  .isoformat() for s in reached
                  if s.timescale.set_by_user and s.timescale.primary.kind in USER_SET_KINDS}
        return {"board": board["id"], "raised": RAISED.isoformat(), "agency": agency,
                "started": started, "agreed": agreed, "events": {}, "today": TODAY.isoformat()}

    requests = {"on-the-day": {**at_stage(1, None), "agreed": {}, "today": RAISED.isoformat()}}
    for stage in model.stages:
        requests[f"stage-{stage.number}"] = at_stage(stage.number, None)
    for agency in board["agencies"]:
        requests[f"agency-{agency['id']}"] = at_stage(len(model.stages), agency["id"])
    later_events = {event["id"]: working.add_working_days(RAISED, 1).isoformat()
                    for event in board["events"][1:]}
    if later_events:
        requests["events"] = {**at_stage(1, None), "events": later_events}
    return requests


def command_line(request: Mapping) -> str:
    """The request as the command line that makes the same plan."""
    words = ["python -m calculator plan", request["board"], "--raised", request["raised"]]
    if request["agency"]:
        words += ["--agency", request["agency"]]
    for option, key in (("--started", "started"), ("--agreed", "agreed"), ("--event", "events")):
        words += [f"{option} {name}={day}" for name, day in request[key].items()]
    return " ".join([*words, "--today", request["today"]])


def plan_files(board: Mapping, calendar: Mapping) -> dict[str, str]:
    """plans/<id>/...: each request's plan as `--format text` and `--format json` print it; a
    request the calculator refuses keeps its one-line message instead."""
    folder = f"plans/{board['id']}"
    requests = plan_requests(board, calendar)
    files = {f"{folder}/requests.txt": "".join(f"{name}: {command_line(request)}\n"
                                               for name, request in requests.items())}
    for name, request in requests.items():
        try:
            result = make_plan(board, request, calendar)
        except InputError as error:
            files[f"{folder}/{name}.txt"] = f"refused: {error}\n"
            continue
        files[f"{folder}/{name}.txt"] = render_plan(result).rstrip("\n") + "\n"
        files[f"{folder}/{name}.json"] = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    return files


# ---------------------------------------------------------------------------------------------
# The pages


def _parts(boards: Sequence[Mapping]) -> dict[str, str]:
    """The generated parts the hand-written pages take through markers (mkdocs_hooks.py)."""
    return {
        "board-list.md": site_pages.board_list_markdown(boards),
        "immediate-risk.md": site_pages.immediate_risk_markdown(boards),
        "choose-board.md": site_pages.choose_board_markdown(boards),
        "publisher.md": site_pages.publisher_words(boards),
        "embed-snippets.md": site_pages.embed_snippets_markdown(
            boards, [embed.iframe_snippet(board) for board in boards]),
    }


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def site_files(boards: Sequence[Mapping], calendar: Mapping,
               worked: Mapping[str, list]) -> dict[str, str]:
    """Every page as the build generates it for these boards, at its docs path."""
    pages = site_pages.generated_pages(list(boards), calendar, TODAY)
    pages.update(training_pages.training_pages(boards, worked))
    return pages


def snapshot_groups(boards: Sequence[Mapping], calendar: Mapping) -> dict[str, dict[str, str]]:
    """Board id -> its snapshots (path under tests/snapshots/ -> text); WHOLE_SITE -> those
    that show every board."""
    worked = {board["id"]: [(scenario, scenario_steps(board, scenario, calendar))
                            for scenario in board["scenarios"]] for board in boards}
    site = site_files(boards, calendar, worked)
    groups: dict[str, dict[str, str]] = {WHOLE_SITE: {}}
    for board in boards:
        groups[board["id"]] = {}
    for path, text in site.items():
        owner = _page_owner(path, boards)
        groups[owner][f"site/{path}"] = text
    for name, text in _parts(boards).items():
        groups[WHOLE_SITE][f"parts/{name}"] = _with_newline(text)
    for board in boards:
        group = groups[board["id"]]
        alone = site_files([board], calendar, {board["id"]: worked[board["id"]]})
        for path, text in alone.items():
            if site.get(path) != text:  # the same as the whole site's page: kept once, there
                group[f"one-board/{board['id']}/{path}"] = text
        for name, text in _parts([board]).items():
            group[f"one-board/{board['id']}/parts/{name}"] = _with_newline(text)
        group.update(plan_files(board, calendar))
    return groups


def _page_owner(path: str, boards: Sequence[Mapping]) -> str:
    """The board a page belongs to (boards/<id>.md, boards/<id>/...), else the whole site."""
    for board in boards:
        if path == f"boards/{board['id']}.md" or path.startswith(f"boards/{board['id']}/"):
            return board["id"]
    return WHOLE_SITE


def manifest_text(boards: Sequence[Mapping]) -> str:
    return "".join(f"{board['id']}\n" for board in boards)


def expected_files(policies: Path = site_data.POLICIES) -> dict[str, str]:
    """Every snapshot, path under tests/snapshots/ -> text, made afresh."""
    boards = site_data.load_boards(policies)
    groups = snapshot_groups(boards, calendar_data())
    files = {MANIFEST: manifest_text(boards)}
    for group in groups.values():
        files.update(group)
    return files


# ---------------------------------------------------------------------------------------------
# Comparing and writing


def files_on_disk(folder: Path = SNAPSHOTS) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*")) if path.is_file()}


def short_diff(path: str, old: str, new: str, most: int = 30) -> str:
    """A unified diff of one snapshot, cut to `most` lines."""
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(),
                                      f"tests/snapshots/{path} (kept)",
                                      f"{path} (made now)", n=1, lineterm=""))
    if len(lines) > most:
        lines = [*lines[:most], f"... {len(lines) - most} more lines of diff"]
    return "\n".join(lines)


def differences(kept: Mapping[str, str], made: Mapping[str, str]) -> list[str]:
    """One entry per snapshot that differs, is missing or is no longer produced."""
    found = []
    for path in sorted(set(kept) | set(made)):
        if path not in kept:
            found.append(f"missing: tests/snapshots/{path}")
        elif path not in made:
            found.append(f"no longer produced: tests/snapshots/{path}")
        elif kept[path] != made[path]:
            found.append(short_diff(path, kept[path], made[path]))
    return found


def differ(count: int) -> str:
    return "1 snapshot differs" if count == 1 else f"{count} snapshots differ"


def write(made: Mapping[str, str], folder: Path = SNAPSHOTS) -> tuple[int, int]:
    """Write every snapshot that changed and remove those no longer produced."""
    kept = files_on_disk(folder)
    changed = [path for path, text in made.items() if kept.get(path) != text]
    for path in changed:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(made[path], encoding="utf-8", newline="\n")
    stale = [path for path in kept if path not in made]
    for path in stale:
        (folder / path).unlink()
    for directory in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    return len(changed), len(stale)


def main(argv: list[str] | None = None, folder: Path = SNAPSHOTS) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.snapshots",
                                     description="Write (or --check) tests/snapshots/.")
    parser.add_argument("--check", action="store_true",
                        help="compare only; exit 1 if any snapshot differs, is missing or stale")
    args = parser.parse_args(argv)
    try:
        made = expected_files()
    except (site_data.SiteBuildError, InputError) as error:
        print(f"cannot make the snapshots: {error}", file=sys.stderr)
        return 2
    if args.check:
        found = differences(files_on_disk(folder), made)
        for entry in found[:10]:
            print(entry, file=sys.stderr)
        if found:
            more = f" ({len(found) - 10} more not shown)" if len(found) > 10 else ""
            print(f"{differ(len(found))}{more}: {HINT}", file=sys.stderr)
            return 1
        print(f"{len(made)} snapshots match", file=sys.stderr)
        return 0
    changed, removed = write(made, folder)
    print(f"{len(made)} snapshots in {folder}: {changed} written, {removed} removed",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
