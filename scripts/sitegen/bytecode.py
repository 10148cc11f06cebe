"""The page's Python, compiled at build time: a trimmed standard-library zip holding, as `.pyc`,
exactly the modules the calculator needs (those Pyodide imports to start, and those the
calculator imports), and the calculator's package as `.pyc` only. Pyodide then starts and
imports without compiling any of them in the browser, and downloads about a third of its own
standard library (issue 14).

The bytecode is made by the vendored Pyodide itself, under Node (bytecode.mjs, beside
this module, runs bytecode_in_pyodide.py in it), so its magic number and its code are always
the runtime's.
Which standard-library modules to compile is found by running the calculator on sample requests
there and reading sys.modules. A module the sample missed still imports: the page's worker puts
calculator/stdlib_fallback.py last on sys.meta_path, which fetches Pyodide's whole standard
library (pyodide/<version>/python_stdlib.zip, all `.py`) the first time one is needed.

The trimmed zip is stored, not deflated: the server's pre-compressed `.br`/`.gz` copy compresses
across files better than each file alone, and zipimport then inflates nothing. The sources stay
in the repository and in Pyodide's own zip (tests, the command line and tracebacks use those).

Node and Pyodide take ~10 s, so the result is kept in .build-cache/bytecode/<key>/, keyed by a
hash of every input: Pyodide's version and standard library, the calculator's sources, the
sample, and these scripts. Both zips are deterministic: the same inputs give the same bytes.
"""

import hashlib
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from calculator.policy import ANY_AGENCY
from scripts.sitegen import runtime

ROOT = runtime.ROOT
HERE = Path(__file__).resolve().parent
CACHE = ROOT / ".build-cache" / "bytecode"
SCRIPTS = (HERE / "bytecode.mjs", HERE / "bytecode_in_pyodide.py",
           Path(__file__))
STDLIB_NAME = "python_stdlib.zip"
TIMEOUT_S = 600


class BytecodeError(Exception):
    """The bytecode could not be made (Node missing, Pyodide failed)."""


def sample(boards: list[dict], calendar: dict) -> dict:
    """What the calculator runs on before its modules are counted: every board, a request at
    each of its stages (started, so that every stage's checklist and record are made)."""
    requests = []
    for board in boards:
        base = {"board": board["id"], "raised": "2025-04-17", "agency": ANY_AGENCY,
                "today": "2025-05-20"}
        requests.append(base)
        started = {}
        for stage in board.get("stages", [])[1:]:
            started[str(stage["number"])] = "2025-04-24"
            requests.append({**base, "started": dict(started)})
    return {"modules": [f"calculator.{name}".removesuffix(".__init__")
                        for name in runtime.CORE_MODULES],
            "calendar": calendar, "boards": boards, "requests": requests}


def cache_key(package: bytes, sample_json: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(runtime.pyodide_version().encode())
    for part in (runtime.PYODIDE_DIR / STDLIB_NAME).read_bytes(), package, sample_json:
        digest.update(hashlib.sha256(part).digest())
    for script in SCRIPTS:
        digest.update(hashlib.sha256(script.read_bytes()).digest())
    return digest.hexdigest()[:24]


def compile_in_pyodide(package: bytes, sample_json: bytes) -> bytes:
    """compiled.zip from bytecode_in_pyodide.py: stdlib/...pyc, calculator/...pyc, manifest."""
    node = shutil.which("node")
    if node is None:
        raise BytecodeError("Node is needed to compile the page's Python (sitegen/bytecode.mjs)")
    with tempfile.TemporaryDirectory(prefix="bytecode-") as job:
        (Path(job) / "calculator.zip").write_bytes(package)
        (Path(job) / "sample.json").write_bytes(sample_json)
        done = subprocess.run(
            [node, str(HERE / "bytecode.mjs"), str(runtime.PYODIDE_DIR), job],
            capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        if done.returncode != 0:
            said = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise BytecodeError(f"compiling the page's Python under Pyodide failed: {said}")
        return (Path(job) / "compiled.zip").read_bytes()


def _write(archive: zipfile.ZipFile, name: str, date_time: tuple, data: bytes,
           compress_type: int = zipfile.ZIP_DEFLATED) -> None:
    info = zipfile.ZipInfo(name, date_time)
    info.compress_type = compress_type
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compresslevel=9 if compress_type == zipfile.ZIP_DEFLATED else None)


#: The module in the trimmed zip that names what Pyodide's whole library holds
#: (calculator/stdlib_fallback.py reads it: only those are worth fetching the whole one for).
AVAILABLE_MODULE = "_stdlib_available.py"


def top_level_names(names: list[str]) -> list[str]:
    """The top-level modules and packages a zip of the standard library holds."""
    tops = {name.split("/")[0].removesuffix(".py") for name in names
            if name.endswith(".py") or "/" in name}
    return sorted(tops)


def stdlib_zip(stock: bytes, compiled: dict[str, bytes]) -> bytes:
    """The trimmed standard library: each compiled module's .pyc (`compiled`: path of the .py
    -> the .pyc's bytes), in the stock zip's order and with its times, stored; and, last, the
    list of what the whole library holds (AVAILABLE_MODULE), so that an import the standard
    library itself tries and expects to fail (`_hashlib`, a C module Pyodide leaves out) never
    fetches the whole library for nothing."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(stock)) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for info in source.infolist():
            if info.filename in compiled:
                _write(out, info.filename + "c", info.date_time, compiled[info.filename],
                       zipfile.ZIP_STORED)
        names = top_level_names(source.namelist())
        listing = ("# Written by scripts/sitegen/bytecode.py: what Pyodide's whole standard "
                   f"library holds.\nTOP_LEVEL = frozenset({names!r})\n")
        _write(out, AVAILABLE_MODULE, runtime.ZIP_TIMESTAMP, listing.encode(), zipfile.ZIP_STORED)
    return buffer.getvalue()


def calculator_pyc_zip(compiled: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in sorted(compiled):
            _write(out, name, runtime.ZIP_TIMESTAMP, compiled[name])
    return buffer.getvalue()


def build(compiled_zip: bytes) -> dict[str, bytes]:
    """{"stdlib": ..., "calculator": ..., "manifest": ...} from bytecode_in_pyodide's output."""
    with zipfile.ZipFile(io.BytesIO(compiled_zip)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        stdlib = {name: archive.read(f"stdlib/{name}c") for name in manifest["stdlib"]}
        package = {f"{name}c": archive.read(f"{name}c") for name in manifest["calculator"]}
    stock = (runtime.PYODIDE_DIR / STDLIB_NAME).read_bytes()
    return {"stdlib": stdlib_zip(stock, stdlib), "calculator": calculator_pyc_zip(package),
            "manifest": json.dumps(manifest, indent=1, sort_keys=True).encode()}


def compiled_runtime(boards: list[dict], calendar: dict, *, cache: Path | None = CACHE
                     ) -> dict[str, bytes]:
    """The compiled standard library and calculator for these boards, from the cache when the
    inputs are unchanged. `cache=None` always compiles afresh (the determinism test)."""
    package = runtime.calculator_zip()
    sample_json = json.dumps(sample(boards, calendar), sort_keys=True).encode()
    folder = cache / cache_key(package, sample_json) if cache else None
    names = ("stdlib", "calculator", "manifest")
    if folder and all((folder / name).is_file() for name in names):
        return {name: (folder / name).read_bytes() for name in names}
    result = build(compile_in_pyodide(package, sample_json))
    if folder:
        partial = folder.with_name(folder.name + ".part")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for name in names:
            (partial / name).write_bytes(result[name])
        shutil.rmtree(folder, ignore_errors=True)
        partial.replace(folder)
    return result
