"""python -m calculator boards | agencies | plan | check  (see README.md).

Exit status: 0 done; 1 a policy file has problems; 2 the command or its input is wrong. Every
error is one line on stderr, never a traceback.
"""

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from ..board_summary import read_options, summary_file
from ..dates import shown_value
from ..errors import InputError
from ..ics import MAX_CASE_REFERENCE, plan_calendar
from ..plan import make_plan, unknown_board
from ..policy import board_from_data
from ..record import record_for, record_text
from ..text import render_plan
from .checking import check_path, load_checked, load_schema, policies_folder
from .holiday_table import calendar_data
from .loading import Problem

DEFAULT_POLICIES = Path(__file__).resolve().parents[2] / "policies"
EXIT_POLICY_PROBLEM, EXIT_BAD_INPUT = 1, 2
#: How an error the calculator did not foresee begins: still one line, never a traceback. The
#: tests fail on it: every input the calculator refuses must have its own message.
UNFORESEEN = "the calculator could not work this out"


class UsageError(Exception):
    """The command line itself is wrong (exit 2)."""


class PolicyProblems(Exception):
    """A policy file has problems (exit 1); each is printed on its own line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


class _Parser(argparse.ArgumentParser):
    """argparse, but an error is one line (argparse prints the usage first)."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{message} (see: python -m calculator --help)")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------
# Reading boards


def board_files(policies: Path) -> dict[str, Path]:
    if not policies.is_dir():
        raise UsageError(f"no policies folder at {policies}")
    return {path.stem: path for path in sorted(policies.glob("*.yaml"))}


def load_board(policies: Path, board_id: str) -> dict:
    """The board's data, refusing a file that does not pass `check`."""
    files = board_files(policies)
    if board_id not in files:
        raise unknown_board(board_id, list(files))
    schema_dir = policies_folder(files[board_id])  # a template's folder borrows the one above
    if not (schema_dir / "schema.json").is_file():
        raise UsageError(f"no schema.json in {policies} or the folder above it")
    problems, data = load_checked(files[board_id], _shown(files[board_id]), load_schema(schema_dir))
    if problems:
        raise PolicyProblems(problems)
    return data


def all_boards(policies: Path) -> list[dict]:
    return [load_board(policies, board_id) for board_id in board_files(policies)]


# ---------------------------------------------------------------------------------------------
# Commands


def _print(value: object, as_json: bool, text: str) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False) if as_json else text)


def cmd_boards(args: argparse.Namespace) -> int:
    boards = [
        {"id": data["id"], "name": data["name"], "stages": len(data["stages"]),
         "events": [{"id": event["id"], "label": event["label"]} for event in data["events"]]}
        for data in all_boards(args.policies)
    ]
    text = "\n".join(
        f"{b['id']:<26} {b['stages']} stages  {b['name']}\n" + "\n".join(
            f"{'':<26} --{'raised' if i == 0 else 'event ' + e['id'] + '='}: {e['label']}"
            for i, e in enumerate(b["events"]))
        for b in boards)
    _print(boards, args.format == "json", text)
    return 0


def cmd_agencies(args: argparse.Namespace) -> int:
    choices = board_from_data(load_board(args.policies, args.board)).agency_choices()
    _print(choices, args.format == "json", "\n".join(f"{c['id']:<22} {c['name']}"
                                                      for c in choices))
    return 0


def _stage_date_options(pairs: list[str], option: str) -> dict[str, str]:
    """--started 2=2026-03-04 ... -> {"2": "2026-03-04"}. Only spaces around the parts are
    dropped: what the stage number and the date may be is the core's to say (make_plan), so
    that the page and the command line refuse the same things with the same words."""
    dated: dict[str, str] = {}
    for pair in pairs:
        number, sep, day = (part.strip(" \t") for part in pair.partition("="))
        if not sep or not number or not day:
            raise UsageError(f"{option} takes STAGE=YYYY-MM-DD, e.g. {option} 2=2026-03-04, "
                             f"not {shown_value(pair)}")
        if number in dated:
            plain = number.isprintable() and len(number) <= 3
            raise UsageError(f"{option} gives stage {number if plain else shown_value(number)} "
                             f"twice ({shown_value(dated[number])} and {shown_value(day)}); "
                             "give each stage once")
        dated[number] = day
    return dated


def _event_options(pairs: list[str]) -> dict[str, str]:
    """--event invoked=2026-03-04 ... -> {"invoked": "2026-03-04"}: the dates of a board's other
    events (its `events` after the first; `boards` lists them). Which ids a board has is the
    core's to say."""
    dated: dict[str, str] = {}
    for pair in pairs:
        name, sep, day = (part.strip(" \t") for part in pair.partition("="))
        if not sep or not name or not day:
            raise UsageError("--event takes ID=YYYY-MM-DD, e.g. --event invoked=2026-03-04, "
                             f"not {shown_value(pair)}")
        if name in dated:
            raise UsageError(f"--event gives {shown_value(name)} twice; give each event once")
        dated[name] = day
    return dated


def cmd_plan(args: argparse.Namespace) -> int:
    if args.format != "ics":
        for option, given in (("--case-reference", args.case_reference is not None),
                              ("--include-past", args.include_past)):
            if given:
                raise UsageError(f"{option} goes only with --format ics: it is for the "
                                 "calendar file alone")
    if args.resolved is not None and not args.format.startswith("summary-"):
        raise UsageError("--resolved goes only with --format summary-csv or summary-json")
    request = {
        "board": args.board,
        "raised": args.raised,
        "agency": args.agency,
        "other_agency": args.other_agency,
        "started": _stage_date_options(args.started, "--started"),
        "agreed": _stage_date_options(args.agreed, "--agreed"),
        "events": _event_options(args.event),
        # Only a missing --today means the real date: `--today ''` is refused as empty.
        "today": date.today().isoformat() if args.today is None else args.today,
    }
    board = load_board(args.policies, args.board)
    result = make_plan(board, request, calendar_data())
    if args.format == "ics":
        # Bytes as they are: RFC 5545 wants CRLF line endings, which text mode could alter.
        try:
            text = plan_calendar(result, board, case_reference=args.case_reference,
                                 include_past=args.include_past)
        except InputError as error:
            if error.field != "include_past":
                raise
            raise UsageError(f"{error} (--include-past)") from None
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    elif args.format.startswith("summary-"):
        # The page's bytes: CSV lines end in CRLF (RFC 4180), which text mode could alter.
        made = summary_file(result, board, args.format.removeprefix("summary-"),
                            read_options({"resolved": args.resolved}))
        sys.stdout.flush()
        sys.stdout.buffer.write(made["text"].encode("utf-8"))
        sys.stdout.buffer.flush()
    elif args.format == "record":
        print(record_text(record_for(board, result)).rstrip("\n"))
    else:
        _print(result, args.format == "json", render_plan(result).rstrip("\n"))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [args.policies]
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.glob("*.yaml"))
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), 1, "", "no such file or folder"))
    notes: list[Problem] = []
    for file in files:
        schema_dir = file.parent if (file.parent / "schema.json").exists() else args.policies
        checked = check_path(file, _shown(file), load_schema(schema_dir.resolve()))
        problems += checked.problems
        notes += checked.notes
    for line in [*problems, *notes]:
        print(line)
    noun = "file" if len(files) == 1 else "files"
    noted = (f"; {len(notes)} note(s): the board appears on the site, but its entry is not "
             "complete until they are done") if notes else ""
    if problems:
        print(f"{len(problems)} problem(s) in {len(files)} {noun}{noted}", file=sys.stderr)
        return EXIT_POLICY_PROBLEM
    print(f"{len(files)} {noun} checked: no problems{noted}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------------
# Arguments


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m calculator", description=(
        "Escalation stages, working-day due dates and roles for Safeguarding Adults Boards."))
    parser.add_argument("--policies", type=Path, default=DEFAULT_POLICIES, metavar="DIR",
                        help="the folder of board files (default: the project's policies/)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def with_format(sub: argparse.ArgumentParser, *more: str) -> None:
        sub.add_argument("--format", choices=("text", "json", *more), default="text")

    boards = commands.add_parser("boards", help="list the boards")
    with_format(boards)
    boards.set_defaults(run=cmd_boards)

    agencies = commands.add_parser("agencies", help="list a board's agencies")
    agencies.add_argument("board")
    with_format(agencies)
    agencies.set_defaults(run=cmd_agencies)

    plan = commands.add_parser("plan", help="work out the stages, due dates and contacts")
    plan.add_argument("board")
    plan.add_argument("--raised", required=True, metavar="YYYY-MM-DD",
                      help="the day the count starts from, in each board's own words (the day "
                           "raised, notified, become aware of...: `boards` lists them)")
    plan.add_argument("--agency", metavar="ID", help="your agency (see: agencies BOARD)")
    plan.add_argument("--other-agency", metavar="ID",
                      help="the agency you disagree with, where the board's roles depend on it "
                           "(see: agencies BOARD)")
    plan.add_argument("--started", action="append", default=[], metavar="N=YYYY-MM-DD",
                      help="stage N started on that day (repeat for each stage)")
    plan.add_argument("--agreed", action="append", default=[], metavar="N=YYYY-MM-DD",
                      help="the date someone set for stage N, where the procedure sets none and "
                           "says who may set one (agreed, set by the professional escalating, "
                           "or given to you)")
    plan.add_argument("--event", action="append", default=[], metavar="ID=YYYY-MM-DD",
                      help="the date of another event the board counts from, e.g. "
                           "worcestershire's invoked=...; left out, it is the --raised date "
                           "(`boards` lists each board's events)")
    plan.add_argument("--today", metavar="YYYY-MM-DD", help="default: today's date")
    # ics: the due dates as an iCalendar file; record: a blank record of escalation to fill in;
    # summary-csv, summary-json: the summary for the Board, for a board that asks for reports.
    with_format(plan, "ics", "record", "summary-csv", "summary-json")
    plan.add_argument("--case-reference", metavar="TEXT",
                      help="with --format ics: your own reference for the case (at most "
                           f"{MAX_CASE_REFERENCE} characters), written into each event's title "
                           "and description, so that two cases raised the same day have events "
                           "of their own")
    plan.add_argument("--include-past", action="store_true",
                      help="with --format ics: keep the dates before --today (left out unless "
                           "this is given)")
    plan.add_argument("--resolved", metavar="YYYY-MM-DD",
                      help="with --format summary-csv|summary-json: the day the disagreement "
                           "was resolved, at the stage reached (left out: not resolved)")
    plan.set_defaults(run=cmd_plan)

    check = commands.add_parser("check", help="check policy files (default: all of policies/)")
    check.add_argument("paths", nargs="*", metavar="PATH")
    check.set_defaults(run=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
    except (UsageError, InputError) as error:
        print(_one_line(str(error)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except PolicyProblems as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_POLICY_PROBLEM
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except Exception as error:  # no check foresaw it: still one line, never a traceback
        print(unforeseen(error), file=sys.stderr)
        return EXIT_BAD_INPUT


def unforeseen(error: BaseException) -> str:
    """One line for an error no check foresaw, naming it, so that it can be reported."""
    said = str(error).strip().splitlines()
    detail = f"{type(error).__name__}: {said[0][:200]}" if said else type(error).__name__
    return _one_line(f"{UNFORESEEN} ({detail}); check the values given, and please report this "
                     "with the command that gave it")


def _one_line(message: str) -> str:
    """An error as printed: one line, whatever the input it quotes holds (argparse quotes a
    bad argument as it is, newlines and all)."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in message)
