"""Runs inside Pyodide (under Node, started by scripts/sitegen/bytecode.mjs), never on the host: the
calculator is loaded from /tmp/calculator.zip exactly as the page's worker loads it, every
sample request is answered, and then every standard-library module in sys.modules (those Pyodide
imports to start, and those the calculator pulls in) and every module of the calculator is
compiled by this Python, with its own magic number, into /job/compiled.zip:

- `stdlib/<path in python_stdlib.zip>c` (`json/__init__.pyc`...),
- `calculator/<module>.pyc`,
- `manifest.json`: the magic number, Python's version and the modules compiled.

Each .pyc is an unchecked hash-based one (PEP 552): its header holds the source's hash, not a
time, so the same sources give the same bytes. Its code's file name is where the .py was
(`/lib/python314.zip/json/__init__.py`, `/tmp/calculator.zip/calculator/plan.py`), as if the
source had been compiled where it lies.
"""

import sys  # nothing else before the sample has run: what this script needs is not counted

PACKAGE = "/tmp/calculator.zip"  # where the worker puts the calculator (calculator-worker.js)


def pyc(source: bytes, filename: str) -> bytes:
    import importlib.util
    import marshal

    code = compile(source, filename, "exec", dont_inherit=True, optimize=0)
    flags = (0b01).to_bytes(4, "little")  # hash-based, not checked against the source
    header = importlib.util.MAGIC_NUMBER + flags + importlib.util.source_hash(source)
    return header + marshal.dumps(code)


def answer_samples(sample: dict) -> None:
    import json

    from calculator.browser import PlanService

    boards = sample["boards"]
    service = PlanService(json.dumps(sample["calendar"]), json.dumps([b["id"] for b in boards]))
    for board in boards:
        service.add_board(json.dumps(board))
    for request in sample["requests"]:
        text = json.dumps(request)
        service.needs_board(text)
        service.plan(text)
        details = json.loads(service.details(text, "https://example.org/page/"))
        if "record" in details:
            service.record_text(json.dumps(details["record"]), "{}", "https://example.org/page/")
    service.plan("not json")


def sample_modules(sample: str) -> list[str]:
    """The modules the sample names (its "modules" list), read without importing json."""
    start = sample.index('"modules": [') + len('"modules": [')
    names = sample[start:sample.index("]", start)].split(",")
    return [name.strip().strip('"') for name in names if name.strip()]


def compile_job(job: str) -> None:
    stdlib = next(entry for entry in sys.path if entry.endswith(".zip"))
    with open(f"{job}/calculator.zip", "rb") as source, open(PACKAGE, "wb") as target:
        target.write(source.read())
    sys.path.insert(0, PACKAGE)
    with open(f"{job}/sample.json", encoding="utf-8") as file:
        sample = file.read()
    for module in sample_modules(sample):  # every core module, whether a request uses it or not
        __import__(module)
    import json

    answer_samples(json.loads(sample))
    used = sorted({module.__file__[len(stdlib) + 1:] for module in list(sys.modules.values())
                   if (getattr(module, "__file__", None) or "").startswith(stdlib + "/")
                   and module.__file__.endswith(".py")})
    import importlib.util
    import zipfile

    with zipfile.ZipFile(PACKAGE) as package:
        sources = {name: package.read(name) for name in package.namelist()}
    with zipfile.ZipFile(stdlib) as archive:
        stdlib_sources = {name: archive.read(name) for name in used}
    with zipfile.ZipFile(f"{job}/compiled.zip", "w", zipfile.ZIP_STORED) as out:
        for name, source in stdlib_sources.items():
            out.writestr(zipfile.ZipInfo(f"stdlib/{name}c"), pyc(source, f"{stdlib}/{name}"))
        for name, source in sorted(sources.items()):
            out.writestr(zipfile.ZipInfo(f"{name}c"), pyc(source, f"{PACKAGE}/{name}"))
        manifest = {"magic": importlib.util.MAGIC_NUMBER.hex(), "version": sys.version,
                    "stdlib": used, "calculator": sorted(sources)}
        out.writestr(zipfile.ZipInfo("manifest.json"), json.dumps(manifest, indent=1))
