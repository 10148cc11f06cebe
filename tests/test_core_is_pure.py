"""Every module in the page's zip (scripts/sitegen/runtime.calculator_zip) runs on the standard
library alone, as Pyodide runs it, and reads no file, clock or network.

One probe, in a Python started with `-I -S` and no environment, so that its sys.path is the
standard library only (no site-packages, no project folder); the zip is then put first. It
  1. reads every module's source in the zip for imports, those inside functions too;
  2. imports every module in the zip under an import hook that records (and refuses) any
     module outside the standard library and the zip, even one whose ImportError is caught;
  3. with files, sockets, processes and the clock refused (an audit hook; `date.today()` and
     `time.time()` replaced), answers a request for every board through the page's own entry
     (`calculator.browser.PlanService`), with the record's text, the plan's text, the form's
     words and the training scenarios.
The answers must be the ones the same code gives here. The second test builds zips with an
offending module and shows that the probe catches each kind of offence.
"""

import inspect
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scripts.sitegen import runtime

PROBE = r'''
import ast, datetime, importlib, json, os, sys, sysconfig, time, zipfile

zip_path = sys.argv[1]
boards, calendar = json.loads(sys.stdin.read())  # read before any guard is on
STDLIB = frozenset(sys.stdlib_module_names)
STDLIB_DIRS = tuple({sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib")})
# -I -S: the standard library only (its folders, lib-dynload, and pythonNN.zip beside them).
STDLIB_ZIP = os.path.join(os.path.dirname(STDLIB_DIRS[0]),
                          "python{}{}.zip".format(*sys.version_info[:2]))
outside = [entry for entry in sys.path if "-packages" in entry
           or not (entry.startswith(STDLIB_DIRS) or entry == STDLIB_ZIP)]
refused, touched = [f"not the standard library on sys.path: {entry}" for entry in outside], []
sys.path.insert(0, zip_path)

with zipfile.ZipFile(zip_path) as archive:
    sources = {name: archive.read(name) for name in archive.namelist()}
MODULES = sorted(name[:-3].replace("/", ".").removesuffix(".__init__") for name in sources)


def allowed(module):
    return module.partition(".")[0] in STDLIB or module in MODULES


# 1. Every import written in the zip, wherever it is (a function imports only when called).
for name, source in sources.items():
    package = name.rsplit("/", 1)[0].replace("/", ".")
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Import):
            wanted = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            wanted = [node.module]
        elif isinstance(node, ast.ImportFrom):  # relative: a module of the zip, or nothing
            parts = package.split(".")
            base = ".".join(parts[:len(parts) - node.level + 1])
            wanted = [f"{base}.{node.module}"] if node.module else [
                f"{base}.{alias.name}" for alias in node.names]
            refused += [f"{name}:{node.lineno}: imports {module}, not in the zip"
                        for module in wanted if module not in MODULES]
            continue
        else:
            continue
        refused += [f"{name}:{node.lineno}: imports {module}" for module in wanted
                    if not allowed(module)]


# 2. Import every module of the zip; record anything else asked for, even if it is caught.
def importer():
    """The file of the code that asked for the import (past the import system's frames)."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith("<frozen "):
        frame = frame.f_back
    return frame.f_code.co_filename if frame is not None else ""


class Refuse:
    """Refuses the zip's modules any other module (the standard library's own tries of
    optional modules, such as copy's Jython `org`, are its own business)."""

    def find_spec(self, fullname, path=None, target=None):
        if allowed(fullname) or not importer().startswith(zip_path):
            return None
        refused.append(f"import {fullname}")
        raise ModuleNotFoundError(f"{fullname} is not in the standard library", name=fullname)


sys.meta_path.insert(0, Refuse())


class ClockRead(Exception):
    pass


def no_clock(what):
    def refuse(*args, **kwargs):
        touched.append(what)
        raise ClockRead(f"the core read the clock: {what}")
    return refuse


# Before the imports, since the core binds `date` and `datetime` when it imports them.
datetime.date = type("date", (datetime.date,), {"today": classmethod(no_clock("date.today"))})
datetime.datetime = type("datetime", (datetime.datetime,), {
    name: classmethod(no_clock(f"datetime.{name}")) for name in ("today", "now", "utcnow")})
for module in MODULES:
    try:
        loaded = importlib.import_module(module)
    except Exception as error:  # told with the rest, not instead of it
        refused.append(f"{module} does not import: {type(error).__name__}: {error}")
        continue
    if not loaded.__file__.startswith(zip_path):
        refused.append(f"{module} was not imported from the zip: {loaded.__file__}")

# 3. No file, socket, process or clock while it works (a standard-library module it imports
# late may still be read: that is the standard library, not data).
for name in ("time", "time_ns", "localtime", "gmtime", "ctime", "monotonic", "perf_counter"):
    setattr(time, name, no_clock(f"time.{name}"))
REFUSED_EVENTS = ("open", "socket.", "subprocess.", "os.", "shutil.", "urllib.", "http.",
                  "ftplib.", "smtplib.", "webbrowser.", "ctypes.", "sqlite3.", "time.sleep")


def audit(event, args):
    if not event.startswith(REFUSED_EVENTS):
        return
    first = args[0] if args else None
    if isinstance(first, (str, bytes)) and os.fsdecode(first).startswith(
            STDLIB_DIRS + (zip_path,)) and event in ("open", "os.listdir", "os.scandir"):
        return  # the import system, reading the standard library or the zip
    touched.append(f"{event} {first!r}")
    raise PermissionError(f"the core may not {event}")


ANSWERS
if refused:  # a module that does not import cannot answer: what it needs is the report
    print(json.dumps({"refused": refused, "touched": [], "modules": MODULES, "answers": None}))
    sys.exit()
sys.addaudithook(audit)
print(json.dumps({"refused": refused, "touched": touched, "modules": MODULES,
                  "answers": answers(boards, calendar)}))
'''


def answers(boards: dict, calendar: dict) -> dict:
    """What the page asks of the core, for every board (run here and in the probe)."""
    import json

    from calculator.browser import PlanService
    from calculator.form import form_words
    from calculator.policy import board_from_data
    from calculator.text import render_plan
    from calculator.training import scenario_steps

    service = PlanService(json.dumps(calendar), json.dumps(sorted(boards)))
    found = {}
    for board_id, board in sorted(boards.items()):
        service.add_board(json.dumps(board))
        agency = board["agencies"][0]["id"] if board["agencies"] else "any"
        top = {str(number): "2026-04-07" for number in range(2, len(board["stages"]) + 1)}
        for name, request in (
                ("first", {"raised": "2026-04-02", "today": "2026-04-02", "agency": agency}),
                ("top", {"raised": "2026-04-02", "today": "2026-04-07", "started": top})):
            request = json.dumps({"board": board_id, **request})
            details = json.loads(service.details(request, "https://example.org/",
                                                 json.dumps({"case_reference": "A1"})))
            record = service.record_text(json.dumps(details.get("record")),
                                         json.dumps({"case-reference": "A1"}))
            found[f"{board_id} {name}"] = {
                "details": details, "record_text": record,
                "text": render_plan(details["plan"]) if "plan" in details else None}
        found[f"{board_id} form"] = form_words(board_from_data(board))
        found[f"{board_id} training"] = [scenario_steps(board, scenario, calendar)
                                         for scenario in board["scenarios"]]
    return found


def probe(archive: bytes, folder: Path, boards: dict, calendar: dict) -> dict:
    """The probe's report on a zip: what it refused, what it touched, and its answers."""
    package = folder / "calculator.zip"
    package.write_bytes(archive)
    code = PROBE.replace("ANSWERS", inspect.getsource(answers))
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(package)], cwd=folder, env={},
        input=json.dumps([boards, calendar]), capture_output=True, text=True, timeout=120)
    if done.returncode:  # an import that failed outright, say: its traceback is the report
        return {"refused": [f"the probe failed: {done.stderr[-3000:]}"], "touched": [],
                "modules": [], "answers": None}
    return json.loads(done.stdout)


def test_every_module_in_the_zip_runs_on_the_standard_library_alone(tmp_path, boards,
                                                                     calendar_table):
    report = probe(runtime.calculator_zip(), tmp_path, boards, calendar_table)
    assert report["refused"] == []
    assert report["touched"] == []
    assert report["modules"] == sorted(
        "calculator" if module == "__init__" else f"calculator.{module}"
        for module in runtime.CORE_MODULES)
    expected = json.loads(json.dumps(answers(boards, calendar_table)))
    assert report["answers"] == expected
    planned = [value["details"] for value in expected.values() if "details" in value]
    assert planned and all("plan" in details and details["calendar"] for details in planned)


def with_module(source: str) -> bytes:
    """The page's zip with one more module, calculator/offender.py."""
    buffer = io.BytesIO(runtime.calculator_zip())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("calculator/offender.py", source)
    return buffer.getvalue()


#: Wrap the service's make_plan (the offender is imported after calculator.browser) so that
#: the offence happens while the probe answers, behind the service's own catch-all.
WHILE_PLANNING = """
import calculator.browser as browser
_make_plan = browser.make_plan
def make_plan(*args):
    {}
    return _make_plan(*args)
browser.make_plan = make_plan
"""

OFFENCES = [
    ("a third-party import", "import yaml\n", "calculator/offender.py:1: imports yaml"),
    ("one inside a function", "def later():\n    import jsonschema\n",
     "calculator/offender.py:2: imports jsonschema"),
    ("one whose ImportError is caught", "try:\n    import holidays\nexcept ImportError:\n"
     "    holidays = None\n", "import holidays"),
    ("the CPython tools", "from .tools import cli\n", "imports calculator.tools"),
    ("reading a file", WHILE_PLANNING.format("open('/etc/hostname').read()"), "open '/etc"),
    ("reading the clock", WHILE_PLANNING.format(
        "import datetime; datetime.date.today()"), "date.today"),
    ("the network", WHILE_PLANNING.format(
        "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)"), "socket."),
]


@pytest.mark.parametrize(("source", "caught"), [offence[1:] for offence in OFFENCES],
                         ids=[offence[0] for offence in OFFENCES])
def test_the_probe_catches_a_module_that_needs_more(tmp_path, boards, calendar_table, source,
                                                    caught):
    one = {board_id: boards[board_id] for board_id in sorted(boards)[:1]}
    report = probe(with_module(source), tmp_path, one, calendar_table)
    said = report["refused"] + report["touched"]
    assert [line for line in said if caught in line], said
