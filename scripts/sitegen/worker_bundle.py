"""The calculator's worker, made self-contained in the built site.

A module worker runs nothing until every module it imports has arrived: with
`import { urlsFrom } from "./worker-urls.js"` the worker cannot even start fetching Pyodide
until a second round trip is over (on a phone, 100 ms or more). The build puts the text of each
module the worker imports from its own folder in place of the import line, so the worker's one
file starts loading at once. The sources stay separate in docs/ (the unit tests import
worker-urls.js); only the built copy is joined.

An imported module must import nothing itself and may only export declarations
(`export function`, `export const`): anything else stops the build with a message, rather than
giving a worker that fails in the browser.
"""

import re
from collections.abc import Callable
from pathlib import Path

from scripts.sitegen.data import WORKER  # the worker's place in the site, named once

#: `import { a, b } from "./name.js";` on a line of its own: a module beside the worker.
LOCAL_IMPORT = re.compile(r'^import \{ ?([\w$, ]+?) ?\} from "\./([\w.-]+\.js)";[ \t]*$', re.M)
ANY_IMPORT = re.compile(r"^\s*import\b|\bimport\s*\(", re.M)
EXPORT = re.compile(r"^export (?=(?:async )?function\b|const\b|let\b|class\b)", re.M)
EXPORTED_NAME = re.compile(r"^export (?:async )?(?:function\*?|const|let|class) ([\w$]+)", re.M)


class WorkerBundleError(Exception):
    """The worker's imports cannot be put in its file; the message says which and why."""


def inlined_module(name: str, text: str, wanted: list[str]) -> str:
    """A module's text with its `export` keywords removed, checked to be safe to paste."""
    if ANY_IMPORT.search(text):
        raise WorkerBundleError(f"{name} imports another module; the worker can only take in "
                                "modules that import nothing")
    exported = set(EXPORTED_NAME.findall(text))
    missing = [item for item in wanted if item not in exported]
    if missing:
        raise WorkerBundleError(f"{name} does not export {', '.join(missing)} as a declaration "
                                "(export function/const/let/class)")
    plain = EXPORT.sub("", text)
    if re.search(r"^\s*export\b", plain, re.M):
        raise WorkerBundleError(f"{name} has an export the build cannot take in (only "
                                "`export function`, `export const`, `export let`, `export class`)")
    return f"// --- {name}, put in by the build (scripts/sitegen/worker_bundle.py) ---\n" \
           f"{plain.rstrip()}\n// --- end of {name} ---"


def self_contained(worker: str, read: Callable[[str], str]) -> str:
    """The worker's text with each local import replaced by the module's own text; `read` gives
    a module's text by its file name."""
    def replace(match: re.Match) -> str:
        names = [item.strip() for item in match.group(1).split(",") if item.strip()]
        return inlined_module(match.group(2), read(match.group(2)), names)

    joined = LOCAL_IMPORT.sub(replace, worker)
    if re.search(r"^import\b", joined, re.M):
        raise WorkerBundleError("the worker has an import the build cannot take in (only "
                                '`import { name } from "./file.js";` from its own folder)')
    return joined


def bundle_worker(site: Path) -> bool:
    """Make the built site's worker self-contained, in place; False if there is no worker or
    it is self-contained already (running the build's last step twice changes nothing)."""
    path = site / WORKER
    if not path.is_file():
        return False
    worker = path.read_text(encoding="utf-8")
    if not LOCAL_IMPORT.search(worker):
        return False

    def read(name: str) -> str:
        try:
            return (path.parent / name).read_text(encoding="utf-8")
        except OSError as error:
            raise WorkerBundleError(f"the worker imports {name}, which cannot be read: "
                                    f"{error}") from None

    path.write_text(self_contained(worker, read), encoding="utf-8")
    return True
