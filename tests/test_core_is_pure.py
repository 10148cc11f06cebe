"""The core runs unchanged under Pyodide: importing it and planning loads no third-party
package, and it reads no file, clock or network."""

import subprocess
import sys

from conftest import ROOT

PROBE = """
import json, sys
import calculator
from calculator import make_plan
board, calendar = json.loads(sys.stdin.read())
make_plan(board, {"raised": "2026-11-23", "today": "2026-11-24", "agency": "police"}, calendar)
third_party = sorted(m for m in ("yaml", "jsonschema", "holidays", "dateutil") if m in sys.modules)
print(json.dumps(third_party))
"""


def test_core_imports_only_the_standard_library(boards, calendar_table):
    import json

    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60,
        input=json.dumps([boards["kent-medway"], calendar_table]),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
