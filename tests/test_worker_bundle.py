"""scripts/sitegen/worker_bundle.py: the built worker is one file, made from the worker and the
modules it imports from its own folder; anything it cannot safely join stops the build."""

import shutil
import subprocess

import pytest

from conftest import ROOT
from scripts.sitegen import worker_bundle
from scripts.sitegen.worker_bundle import WorkerBundleError, self_contained

JS = ROOT / "docs" / "assets" / "js"


def read_from(files: dict[str, str]):
    return lambda name: files[name]


def test_the_real_worker_becomes_one_file_node_can_parse(tmp_path):
    joined = self_contained((JS / "calculator-worker.js").read_text(encoding="utf-8"),
                            lambda name: (JS / name).read_text(encoding="utf-8"))
    assert "function urlsFrom(address)" in joined
    assert 'from "./worker-urls.js"' not in joined and "export " not in joined
    assert joined.count("// --- worker-urls.js, put in by the build") == 1
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: scripts/install installs it")
    path = tmp_path / "worker.mjs"
    path.write_text(joined, encoding="utf-8")
    checked = subprocess.run([node, "--check", str(path)], capture_output=True, text=True,
                             check=False)
    assert checked.returncode == 0, checked.stderr


def test_each_imported_name_must_be_a_declaration_the_module_exports():
    worker = 'import { a, b } from "./m.js";\na(); b();\n'
    module = "export function a() {}\nexport const b = 1;\n"
    joined = self_contained(worker, read_from({"m.js": module}))
    assert joined.splitlines()[1:3] == ["function a() {}", "const b = 1;"]
    with pytest.raises(WorkerBundleError, match=r"m\.js does not export b"):
        self_contained(worker, read_from({"m.js": "export function a() {}\n"}))


@pytest.mark.parametrize(("module", "said"), [
    ('import { x } from "./other.js";\nexport function a() {}\n', "imports another module"),
    ('export function a() {}\nconst y = await import("./y.js");\n', "imports another module"),
    ("export function a() {}\nexport default a;\n", "cannot take in"),
    ("function a() {}\nexport { a };\n", "does not export a"),
])
def test_a_module_it_cannot_safely_join_stops_the_build(module, said):
    with pytest.raises(WorkerBundleError, match=said):
        self_contained('import { a } from "./m.js";\n', read_from({"m.js": module}))


def test_an_import_from_elsewhere_stops_the_build():
    with pytest.raises(WorkerBundleError, match="cannot take in"):
        self_contained('import { a } from "../lib/m.js";\n', read_from({}))


def test_on_a_site_it_joins_once_and_says_a_missing_module(tmp_path):
    folder = tmp_path / "assets" / "js"
    folder.mkdir(parents=True)
    worker = folder / "calculator-worker.js"
    worker.write_text('import { a } from "./m.js";\na();\n', encoding="utf-8")
    (folder / "m.js").write_text("export function a() {}\n", encoding="utf-8")
    assert worker_bundle.bundle_worker(tmp_path) is True
    joined = worker.read_text(encoding="utf-8")
    assert worker_bundle.bundle_worker(tmp_path) is False
    assert worker.read_text(encoding="utf-8") == joined
    worker.write_text('import { a } from "./gone.js";\n', encoding="utf-8")
    with pytest.raises(WorkerBundleError, match=r"imports gone\.js, which cannot be read"):
        worker_bundle.bundle_worker(tmp_path)
    assert worker_bundle.bundle_worker(tmp_path / "nothing") is False
