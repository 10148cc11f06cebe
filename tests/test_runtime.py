"""scripts/sitegen/runtime.py: what the page's Python gets. The calculator's zip holds exactly the
pure-Python core, is the same bytes every build, and runs `make_plan` on its own: a Python
started with no site-packages and no project folder imports it from the zip alone."""

import io
import json
import subprocess
import sys
import zipfile

import pytest

from calculator.plan import make_plan
from calculator.tools.holiday_table import calendar_data
from conftest import ROOT
from scripts.sitegen import runtime


def names_in(archive: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(archive)).namelist()


def test_the_zip_holds_exactly_the_core_modules():
    names = names_in(runtime.calculator_zip())
    assert sorted(names) == sorted(f"calculator/{module}.py" for module in runtime.CORE_MODULES)
    # The core is the top of the folder, but the entry point; the tools sub-package never ships.
    every = {path.stem for path in (ROOT / "calculator").glob("*.py")}
    assert set(runtime.CORE_MODULES) == every - {"__main__"}
    assert not any(module.startswith("tools") for module in runtime.CORE_MODULES)


def test_the_zip_holds_the_sources_as_they_are():
    with zipfile.ZipFile(io.BytesIO(runtime.calculator_zip())) as archive:
        for info in archive.infolist():
            assert archive.read(info) == (ROOT / info.filename).read_bytes(), info.filename
            assert info.date_time == runtime.ZIP_TIMESTAMP


def test_the_zip_is_reproducible_byte_for_byte():
    assert runtime.calculator_zip() == runtime.calculator_zip()


RUN_FROM_ZIP = """
import json, sys
zip_path, board_path, calendar_path, request = sys.argv[1:5]
assert not any("site-packages" in entry for entry in sys.path), sys.path
sys.path.insert(0, zip_path)
import calculator
from calculator.plan import make_plan
assert calculator.__file__.startswith(zip_path), calculator.__file__
with open(board_path) as f:
    board = json.load(f)
with open(calendar_path) as f:
    calendar = json.load(f)
print(json.dumps(make_plan(board, json.loads(request), calendar)))
"""


def test_make_plan_runs_from_the_zip_alone(tmp_path, boards):
    package = tmp_path / "calculator.zip"
    package.write_bytes(runtime.calculator_zip())
    board, calendar = tmp_path / "board.json", tmp_path / "calendar.json"
    board.write_text(json.dumps(boards["north-east-lincolnshire"]), encoding="utf-8")
    calendar.write_text(json.dumps(calendar_data()), encoding="utf-8")
    request = {"board": "north-east-lincolnshire", "raised": "2026-04-02", "agency": "school",
               "started": {"2": "2026-04-08"}, "today": "2026-04-09"}
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", RUN_FROM_ZIP, str(package), str(board),
         str(calendar), json.dumps(request)],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, env={}, check=False)
    assert done.returncode == 0, done.stderr
    expected = make_plan(boards["north-east-lincolnshire"], request, calendar_data())
    assert json.loads(done.stdout) == expected


def test_the_pyodide_files_are_there():
    files = runtime.pyodide_files()
    assert sorted(files) == sorted(f"pyodide/{name}" for name in runtime.PYODIDE_FILES)
    assert all(path.is_file() for path in files.values())
    version = json.loads((runtime.PYODIDE_DIR / "package.json").read_text())["version"]
    assert runtime.pyodide_version() == version


def test_a_missing_pyodide_is_said_plainly(monkeypatch, tmp_path):
    monkeypatch.setattr(runtime, "PYODIDE_DIR", tmp_path / "pyodide")
    with pytest.raises(runtime.RuntimeMissing, match="npm ci"):
        runtime.pyodide_version()
    with pytest.raises(runtime.RuntimeMissing, match="npm ci"):
        runtime.pyodide_files()
