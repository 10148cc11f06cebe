"""The "Check a board file" page's Python: its zip (scripts/sitegen/check_page.py) holds the command
line's own libraries at their pinned versions and nothing compiled, and the check run from that
zip alone (rpds-py replaced by its pure-Python stand-in) answers as the command line does.
The page itself is tested in Chromium: tests/browser/test_check_page.py."""

import json
import re
import subprocess
import sys
import zipfile
from io import BytesIO

import pytest

from calculator.tools.board_check import check_answer, file_names
from conftest import ROOT
from scripts.sitegen import check_page

TEMPLATE = ROOT / "policies" / "template" / "exampleshire.yaml"


@pytest.fixture(scope="module")
def browser_packages() -> None:
    """scripts/install makes them; a bare copy of the project (git's files alone) has none, and
    its site build then fails with how to fix it, so these tests need not fail too."""
    if not check_page.BROWSER_PACKAGES.is_dir():
        pytest.skip(f"{check_page.BROWSER_PACKAGES} is missing: run scripts/install")


@pytest.fixture(scope="module")
def package(browser_packages) -> bytes:
    return check_page.check_zip()


def pins(requirements: str) -> dict[str, str]:
    text = (ROOT / requirements).read_text(encoding="utf-8")
    return dict(re.findall(r"(?m)^([A-Za-z0-9_.-]+)==(\S+)$", text))


def test_file_names():
    assert file_names("newshire.yaml") == ("newshire", "newshire.yaml")
    assert file_names("C:\\boards\\newshire.YML") == ("newshire", "newshire.YML")
    assert file_names(" newshire ") == ("newshire", "newshire.yaml")


def test_the_zip_is_the_same_every_build(package):
    assert check_page.check_zip() == package


def test_the_zip_holds_source_only(package):
    names = zipfile.ZipFile(BytesIO(package)).namelist()
    compiled = [name for name in names if name.endswith((".so", ".pyd", ".pyc"))]
    assert compiled == []
    assert "_yaml/__init__.py" not in names  # PyYAML's C extension's shim
    for module in ("yaml/__init__.py", "jsonschema/__init__.py", "rpds/__init__.py",
                   "calculator/tools/checking.py", "calculator/tools/board_check.py"):
        assert module in names


def test_the_zip_ships_the_pinned_versions(browser_packages):
    pinned = {**pins("requirements.txt"), **pins("requirements-browser.txt")}
    installed = check_page.versions()
    for name in ("PyYAML", "jsonschema", "pyrsistent", "pyrsistent-as-rpds-py"):
        assert installed[name] == pinned[name]


PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from calculator.tools.board_check import check_answer
import rpds
text, name, schema, calendar = json.loads(sys.stdin.read())
answer = check_answer(text, name, "2026-03-02", schema, calendar)
print(json.dumps({"answer": answer, "rpds": rpds.__file__}))
"""


@pytest.mark.parametrize("change", [
    ("id: exampleshire", "id: newshire"),
    ("short_name: ESAB", "short_name: ESAB\ncolour: blue"),
    ("  - number: 1\n", "  - number: one\n"),
])
def test_the_zip_alone_answers_as_the_command_line(package, tmp_path, calendar_table, change):
    path = tmp_path / "board-check.zip"
    path.write_bytes(package)
    text = TEMPLATE.read_text(encoding="utf-8").replace("id: exampleshire", "id: newshire", 1)
    text = text.replace(*change, 1)
    schema = json.loads((ROOT / "policies" / "schema.json").read_text(encoding="utf-8"))
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path,
                          input=json.dumps([text, "newshire.yaml", schema, calendar_table]))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["rpds"].startswith(str(path))  # the stand-in, not the compiled rpds-py
    assert result["answer"] == check_answer(text, "newshire.yaml", "2026-03-02", schema,
                                            calendar_table)
