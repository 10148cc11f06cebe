"""What the "Check a board file" page loads: the command line's `check` as a zip of pure-Python
modules (`assets/calculator/board-check.zip`) and the schema it checks against
(`data/schema.json`). Only that page asks for them: the calculator pages keep their small zip.

The zip holds the whole `calculator` package the check needs, and the very PyYAML, jsonschema,
referencing, attrs and jsonschema-specifications the command line runs, copied from the
installed distributions (so their versions are requirements.txt's pins), less anything compiled.
jsonschema's one compiled dependency, rpds-py, cannot run under Pyodide here: the pure-Python
pyrsistent-as-rpds-py and pyrsistent (requirements-browser.txt, installed by scripts/install
into BROWSER_PACKAGES) stand in for it, behind a two-line `rpds` module.
"""

import zipfile
from importlib.metadata import Distribution, PackageNotFoundError, distribution, distributions
from io import BytesIO
from pathlib import Path, PurePosixPath

from scripts.sitegen.data import script_mount, worker_address
from scripts.sitegen.runtime import CORE_MODULES, ZIP_TIMESTAMP

ROOT = Path(__file__).resolve().parents[2]
BROWSER_PACKAGES = ROOT / ".browser-packages"
PACKAGE_PATH = "assets/calculator/board-check.zip"
SCHEMA_PATH = "data/schema.json"

#: The core, plus the tools `check` needs (none of them is on the calculator pages): paths in
#: the package, without ".py".
CHECK_MODULES = (*CORE_MODULES, "tools/__init__", "tools/board_check", "tools/checking",
                 "tools/loading")

#: Distribution -> the top-level names it ships to the page. PyYAML's `_yaml` is its C
#: extension's shim: without it, `yaml` uses its pure-Python modules, as the CLI can.
FROM_VENV = {
    "PyYAML": ("yaml",),
    "jsonschema": ("jsonschema",),
    "referencing": ("referencing",),
    "attrs": ("attr", "attrs"),
    "jsonschema-specifications": ("jsonschema_specifications",),
}
FROM_BROWSER_PACKAGES = {
    "pyrsistent": ("pyrsistent", "_pyrsistent_version.py"),
    "pyrsistent-as-rpds-py": ("pyrsistent_as_rpds",),
}
#: Test suites and benchmarks the check never imports.
_LEFT_OUT = ("jsonschema/tests/", "jsonschema/benchmarks/")

#: What `import rpds` finds in the page: the adapter's pure-Python classes under rpds's name.
RPDS_SHIM = (
    '"""rpds-py\'s API for jsonschema and referencing, from pyrsistent (check_page.py)."""\n'
    "from pyrsistent_as_rpds.pure import HashTrieMap, HashTrieSet, List, Queue  # noqa: F401\n"
)


class CheckPackageMissing(Exception):
    """A distribution the page's check needs is not installed; the message says how to fix it."""


def _wanted(name: str, tops: tuple[str, ...]) -> bool:
    """A file of one of `tops` that Python reads: source or package data, nothing compiled."""
    path = PurePosixPath(name)
    if not any(name == top or name.startswith(top + "/") for top in tops):
        return False
    if name.startswith(_LEFT_OUT) or "__pycache__" in path.parts:
        return False
    return path.suffix not in (".so", ".pyd", ".pyc", ".pyi", ".typed")


def _installed(name: str, path: list[str] | None = None) -> Distribution:
    """The distribution as installed in the venv, or in the folders of `path`."""
    try:
        return distribution(name) if path is None else next(
            iter(distributions(name=name, path=path)))
    except (PackageNotFoundError, StopIteration):
        where = "" if path is None else f" in {path[0]}"
        raise CheckPackageMissing(f"{name} is not installed{where} (run scripts/install)") \
            from None


def distribution_files(name: str, tops: tuple[str, ...], path: list[str] | None = None
                       ) -> dict[str, bytes]:
    """Zip path -> bytes of the installed distribution's files under `tops` (from its RECORD)."""
    found = _installed(name, path)
    return {str(file): file.locate().read_bytes() for file in found.files or []
            if _wanted(str(file), tops)}


def versions() -> dict[str, str]:
    """The version of every distribution the zip copies, as installed now."""
    venv = {name: _installed(name).version for name in FROM_VENV}
    browser = {name: _installed(name, [str(BROWSER_PACKAGES)]).version
               for name in FROM_BROWSER_PACKAGES}
    return {**venv, **browser}


def package_files() -> dict[str, bytes]:
    """Every file of the zip, by its path in it."""
    files = {f"calculator/{module}.py": (ROOT / "calculator" / f"{module}.py").read_bytes()
             for module in CHECK_MODULES}
    for name, tops in FROM_VENV.items():
        files.update(distribution_files(name, tops))
    if not BROWSER_PACKAGES.is_dir():
        raise CheckPackageMissing(f"{BROWSER_PACKAGES} is missing (run scripts/install)")
    for name, tops in FROM_BROWSER_PACKAGES.items():
        files.update(distribution_files(name, tops, [str(BROWSER_PACKAGES)]))
    files["rpds/__init__.py"] = RPDS_SHIM.encode()
    return files


def check_zip() -> bytes:
    """The zip, deterministic: sorted paths, a fixed timestamp."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path, content in sorted(package_files().items()):
            info = zipfile.ZipInfo(path, ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def check_files(policies: Path) -> dict[str, bytes]:
    """Site-relative path -> content: the zip, and the schema exactly as policies/ has it."""
    return {PACKAGE_PATH: check_zip(), SCHEMA_PATH: (policies / "schema.json").read_bytes()}


def check_mount(build: str, pyodide_version: str) -> str:
    """The page's place for the checker: its build id and Pyodide version, as the calculator's
    mount has them (docs/assets/js/check-page.js draws the form into it)."""
    attributes = {
        "class": "board-check",
        "data-build": build,
        "data-pyodide": pyodide_version,
        "data-package": PACKAGE_PATH,
        "data-schema": SCHEMA_PATH,
        "data-worker": worker_address(build, pyodide_version, package=PACKAGE_PATH,
                                      schema=SCHEMA_PATH),
    }
    return script_mount(attributes, (
        "Checking a file in the page needs JavaScript, which is off or has not loaded. The "
        "command line checks the same way: "
        "<code>python -m calculator check policies/&lt;id&gt;.yaml</code>."))
