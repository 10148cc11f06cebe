"""scripts/sitegen/bytecode.py: the page's Python compiled at build time by the vendored Pyodide.
The calculator's zip holds a .pyc for every core module and no source; the standard library's .pyc
carry the runtime's own magic number and replace only their .py; the same inputs give the same
bytes; and Pyodide started from the compiled zips answers every golden case, plan and details,
with exactly the text CPython answers from the sources."""

import io
import json
import os
import shutil
import subprocess
import zipfile

import pytest

from calculator.browser import PlanService
from calculator.tools.holiday_table import calendar_data
from golden_cases import load_cases, text_request
from scripts.sitegen import bytecode, runtime

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node")

#: Modules the calculator cannot answer without: each must be among those compiled.
MUST_BE_COMPILED = ("json/__init__.py", "json/decoder.py", "re/__init__.py", "dataclasses.py",
                    "datetime.py", "textwrap.py", "urllib/parse.py", "_pyodide/__init__.py",
                    "encodings/__init__.py")


@pytest.fixture(scope="module")
def board_list(boards) -> list[dict]:
    return [boards[board] for board in sorted(boards)]


@pytest.fixture(scope="module")
def compiled(board_list) -> dict[str, bytes]:
    return bytecode.compiled_runtime(board_list, calendar_data())


def names(archive: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(archive)).namelist()


def runtime_magic() -> bytes:
    """The magic number of the Python in the vendored Pyodide, asked of that Python."""
    script = ("const { loadPyodide } = await import(process.argv[1]);"
              "const py = await loadPyodide({ packages: [] });"
              "console.log(py.runPython("
              "'import importlib.util; importlib.util.MAGIC_NUMBER.hex()'))")
    done = subprocess.run(["node", "--input-type=module", "-e", script,
                           (runtime.PYODIDE_DIR / "pyodide.mjs").as_uri()],
                          capture_output=True, text=True, timeout=300, check=True)
    return bytes.fromhex(done.stdout.strip().splitlines()[-1])


def test_the_calculator_zip_is_pyc_only_one_for_each_core_module(compiled):
    assert sorted(names(compiled["calculator"])) == sorted(
        f"calculator/{module}.pyc" for module in runtime.CORE_MODULES)


def test_the_stdlib_is_trimmed_to_the_compiled_modules_and_carries_the_runtimes_magic(compiled):
    magic = runtime_magic()
    stock = names((runtime.PYODIDE_DIR / bytecode.STDLIB_NAME).read_bytes())
    shipped = zipfile.ZipFile(io.BytesIO(compiled["stdlib"]))
    *pyc, listing = shipped.namelist()
    manifest = json.loads(compiled["manifest"])["stdlib"]
    # Exactly the compiled modules, each in place of its .py, in the stock zip's order; then
    # what the whole library holds, for the fallback.
    assert pyc == [name + "c" for name in stock if name in set(manifest)]
    assert listing == bytecode.AVAILABLE_MODULE
    namespace: dict = {}
    exec(shipped.read(listing).decode(), namespace)
    assert {"json", "fractions", "email", "zoneinfo"} <= namespace["TOP_LEVEL"]
    assert not {"_hashlib", "calculator", "yaml"} & namespace["TOP_LEVEL"]
    assert len(pyc) == len(manifest)
    assert set(MUST_BE_COMPILED) <= {name[:-1] for name in pyc}
    assert all(info.compress_type == zipfile.ZIP_STORED for info in shipped.infolist())
    assert len(pyc) < len(stock) / 2
    for name in pyc:
        header = shipped.read(name)[:8]
        assert header[:4] == magic, name
        assert header[4:8] == (0b01).to_bytes(4, "little"), f"{name}: not an unchecked hash pyc"
    with zipfile.ZipFile(io.BytesIO(compiled["calculator"])) as package:
        assert all(package.read(name)[:4] == magic for name in package.namelist())


def test_the_build_is_deterministic(board_list, compiled):
    """Compiled afresh twice (no cache), then against the cached copy: the same bytes."""
    first = bytecode.compiled_runtime(board_list, calendar_data(), cache=None)
    second = bytecode.compiled_runtime(board_list, calendar_data(), cache=None)
    assert first == second == compiled


ANSWER_IN_PYODIDE = """
const [pyodideMjs, stdlib, calculator, job] = process.argv.slice(1);
const fs = await import("node:fs");
const { loadPyodide } = await import(pyodideMjs);
const py = await loadPyodide({ packages: [], stdLibURL: stdlib });
py.FS.writeFile("/tmp/calculator.zip", fs.readFileSync(calculator));
py.FS.writeFile("/tmp/job.json", fs.readFileSync(job));
console.log(py.runPython(`
import json, sys
sys.path.insert(0, "/tmp/calculator.zip")
import calculator.plan
from calculator.browser import PlanService
job = json.load(open("/tmp/job.json"))
service = PlanService(job["calendar"], job["ids"])
for board in job["boards"]:
    service.add_board(board)
json.dumps({
    "files": [calculator.plan.__file__, json.__file__, json.decoder.__file__],
    "answers": [[service.plan(r), service.details(r, "https://example.org/")]
                for r in job["requests"]],
})`));
"""


def test_pyodide_from_the_compiled_zips_answers_as_cpython_does(tmp_path, compiled, board_list):
    calendar = json.dumps(calendar_data())
    ids = json.dumps([board["id"] for board in board_list])
    requests = [json.dumps({"board": board, **text_request(given)})
                for _name, board, given, expect in load_cases() if "broken" not in expect]
    assert len(requests) > 20
    job = {"calendar": calendar, "ids": ids, "requests": requests,
           "boards": [json.dumps(board) for board in board_list]}
    for name, content in (("stdlib.zip", compiled["stdlib"]),
                          ("calculator.zip", compiled["calculator"]),
                          ("job.json", json.dumps(job).encode())):
        (tmp_path / name).write_bytes(content)
    done = subprocess.run(
        ["node", "--input-type=module", "-e", ANSWER_IN_PYODIDE,
         (runtime.PYODIDE_DIR / "pyodide.mjs").as_uri(), str(tmp_path / "stdlib.zip"),
         str(tmp_path / "calculator.zip"), str(tmp_path / "job.json")],
        capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["files"] == ["/tmp/calculator.zip/calculator/plan.pyc",
                               "/lib/python314.zip/json/__init__.pyc",
                               "/lib/python314.zip/json/decoder.pyc"]
    service = PlanService(calendar, ids)
    for board in job["boards"]:
        service.add_board(board)
    expected = [[service.plan(r), service.details(r, "https://example.org/")] for r in requests]
    assert result["answers"] == expected


FALLBACK_IN_PYODIDE = """
const [pyodideMjs, stdlib, calculator, full] = process.argv.slice(1);
const fs = await import("node:fs");
const { loadPyodide } = await import(pyodideMjs);
const py = await loadPyodide({ packages: [], stdLibURL: stdlib });
py.FS.writeFile("/tmp/calculator.zip", fs.readFileSync(calculator));
py.runPython("import sys; sys.path.insert(0, '/tmp/calculator.zip')");
let fetched = 0;
const trimmed = py.runPython(
  "next(p for p in sys.path if p.endswith('.zip') and p.startswith('/lib/'))");
py.pyimport("calculator.stdlib_fallback").install(trimmed, () => {
  fetched += 1;
  py.FS.writeFile("/tmp/full.zip", fs.readFileSync(full));
  return "/tmp/full.zip";
});
const out = {};
out.unknown = py.runPython(`
result = []
for name in ("no_such_module_anywhere", "_hashlib"):  # _hashlib: tried by hashlib, never there
    try:
        __import__(name)
        result.append("imported")
    except ModuleNotFoundError:
        result.append("refused")
",".join(result)`);
out.fetchedForUnknown = fetched;
for (const name of JSON.parse(process.env.NAMES)) {
  out[name] = py.runPython(`import importlib; importlib.import_module("${name}").__file__`);
}
out.fetched = fetched;
console.log(JSON.stringify(out));
"""


def test_a_standard_module_the_build_did_not_foresee_is_fetched_once_from_the_whole_library(
        tmp_path, compiled):
    shipped = {name.removesuffix("c") for name in names(compiled["stdlib"])}
    stock = names((runtime.PYODIDE_DIR / bytecode.STDLIB_NAME).read_bytes())
    # A top-level module, and a submodule of a package the trimmed library does hold.
    top = next(name for name in ("fractions.py", "calendar.py", "statistics.py")
               if name in stock and name not in shipped)
    package = next(name for name in stock if name.endswith(".py") and "/" in name
                   and name not in shipped and name.split("/")[0] + "/__init__.py" in shipped)
    modules = [path.removesuffix(".py").replace("/", ".") for path in (top, package)]
    for name, content in (("stdlib.zip", compiled["stdlib"]),
                          ("calculator.zip", compiled["calculator"])):
        (tmp_path / name).write_bytes(content)
    done = subprocess.run(
        ["node", "--input-type=module", "-e", FALLBACK_IN_PYODIDE,
         (runtime.PYODIDE_DIR / "pyodide.mjs").as_uri(), str(tmp_path / "stdlib.zip"),
         str(tmp_path / "calculator.zip"), str(runtime.PYODIDE_DIR / bytecode.STDLIB_NAME)],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "NAMES": json.dumps(modules)})
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["unknown"] == "refused,refused"
    assert result["fetchedForUnknown"] == 0  # not the standard library's: nothing is fetched
    assert result["fetched"] == 1  # once, for both modules
    assert result[modules[0]] == f"/tmp/full.zip/{top}"
    assert result[modules[1]] == f"/tmp/full.zip/{package}"
