"""scripts/sitegen/runtime.py: what the page's Python gets. The calculator's zip holds exactly the
core (the top of calculator/) and is the same bytes every build; that every module in it runs on
the standard library alone is tests/test_core_is_pure.py."""

import io
import json
import zipfile

import pytest

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


def test_the_lock_file_lists_no_packages_and_keeps_the_runtime_s_info():
    stock = json.loads((runtime.PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))
    ours = json.loads(runtime.package_free_lock_file())
    assert ours == {"info": stock["info"], "packages": {}}
    assert stock["packages"], "Pyodide's own lists packages: ours is the smaller file"
    assert runtime.package_free_lock_file() == runtime.package_free_lock_file()


@pytest.mark.parametrize("text", ["{not json", '{"packages": {}}', "[]"])
def test_an_unreadable_lock_file_is_said_plainly(monkeypatch, tmp_path, text):
    (tmp_path / "pyodide-lock.json").write_text(text, encoding="utf-8")
    monkeypatch.setattr(runtime, "PYODIDE_DIR", tmp_path)
    with pytest.raises(runtime.RuntimeMissing, match="lock file cannot be read"):
        runtime.package_free_lock_file()
