"""Vendor the browser runtime into the built site: Pyodide's files from node_modules (pinned by
package-lock.json) and the calculator's pure-Python core as a zip that Pyodide puts on sys.path.
"""

import json
import zipfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"

#: What a Pyodide start with no extra packages fetches; nothing else of the npm package ships.
PYODIDE_FILES = (
    "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json",
)

CORE_DIR = ROOT / "calculator"
#: Not part of the core though it sits beside it: the command line's entry point
#: (`python -m calculator`), which only starts calculator.tools.cli.
ENTRY_POINT = "__main__"


def core_modules() -> tuple[str, ...]:
    """The core: every module at the top of the `calculator` folder but the entry point. The
    CPython tools are a sub-package, so walking the folder's top never reaches them (the split is
    described once, in calculator/__init__.py)."""
    return tuple(sorted(path.stem for path in CORE_DIR.glob("*.py") if path.stem != ENTRY_POINT))


CORE_MODULES = core_modules()

#: A fixed timestamp, so that the same code gives the same zip, byte for byte.
ZIP_TIMESTAMP = (2020, 1, 1, 0, 0, 0)


class RuntimeMissing(Exception):
    """Pyodide is not installed: `npm ci` has not run."""


def pyodide_version() -> str:
    package = PYODIDE_DIR / "package.json"
    if not package.exists():
        raise RuntimeMissing(
            f"Pyodide is missing ({PYODIDE_DIR} not found); run `npm ci` (scripts/install does)"
        )
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def pyodide_files() -> dict[str, Path]:
    """Site-relative name -> file on disk, for every Pyodide file the site serves."""
    pyodide_version()
    files = {f"pyodide/{name}": PYODIDE_DIR / name for name in PYODIDE_FILES}
    missing = [str(path) for path in files.values() if not path.exists()]
    if missing:
        raise RuntimeMissing(f"Pyodide files missing: {', '.join(missing)}; run `npm ci`")
    return files


def calculator_zip() -> bytes:
    """The core package as a deterministic zip of its .py files (`calculator/...`)."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for module in CORE_MODULES:
            info = zipfile.ZipInfo(f"calculator/{module}.py", ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            source = (ROOT / "calculator" / f"{module}.py").read_bytes()
            archive.writestr(info, source)
    return buffer.getvalue()


def package_free_lock_file() -> bytes:
    """Pyodide's lock file with its `info` (the runtime's ABI and Python) and no packages: the
    calculator installs none, so its worker reads this instead of the 119 kB list of them."""
    try:
        info = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise RuntimeMissing(f"Pyodide's lock file cannot be read ({error!r}); run `npm ci`") \
            from None
    return json.dumps({"info": info, "packages": {}}, sort_keys=True).encode() + b"\n"
