"""The page's standard library is trimmed: only the modules the calculator was seen to import
when the site was built, compiled (scripts/sitegen/bytecode.py). So that a module the build did
not foresee still imports, this finder, last on sys.meta_path, fetches Pyodide's whole standard
library once, on the first import the trimmed one cannot satisfy, and imports from it.

Pure standard library (it is shipped with the core): the page's worker gives it `fetch_full`,
which makes the whole library's zip available (a synchronous request: an import cannot wait)
and returns its path.
"""

import sys
from collections.abc import Callable, Collection, Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder


class StdlibFallback(MetaPathFinder):
    """Finds, in the whole standard library, a standard-library module the trimmed one lacks."""

    def __init__(self, trimmed: str, fetch_full: Callable[[], str],
                 stdlib_names: Collection[str] = sys.stdlib_module_names) -> None:
        self.trimmed = trimmed.rstrip("/")
        self.fetch_full = fetch_full
        self.stdlib_names = stdlib_names
        self.full: str | None = None

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: object = None) -> ModuleSpec | None:
        if fullname.partition(".")[0] not in self.stdlib_names:
            return None  # not the standard library's: nothing to fetch, the import fails as usual
        places = self.places(path)
        if not places:
            return None
        return PathFinder.find_spec(fullname, places)

    def places(self, path: Sequence[str] | None) -> list[str]:
        """Where to look in the whole library: its top for a top-level module; for a submodule,
        the same folders as its package's in the trimmed one."""
        inside = [entry for entry in (path or []) if self._in_trimmed(entry)]
        if path is not None and not inside:
            return []  # a package that is not the trimmed library's
        full = self.full_library()
        if path is None:
            return [full]
        return [full + entry[len(self.trimmed):] for entry in inside]

    def full_library(self) -> str:
        if self.full is None:
            self.full = str(self.fetch_full()).rstrip("/")
        return self.full

    def _in_trimmed(self, entry: str) -> bool:
        return entry == self.trimmed or entry.startswith(self.trimmed + "/")


#: The module the build puts in the trimmed library, naming what the whole one holds.
AVAILABLE_MODULE = "_stdlib_available"


def available_names() -> Collection[str]:
    """What the whole library holds, as the build listed it in the trimmed one; without that
    list, every standard-library name (some of them, such as `_hashlib`, the whole library
    does not hold either: the standard library tries them and expects them to fail)."""
    try:
        return __import__(AVAILABLE_MODULE).TOP_LEVEL
    except (ImportError, AttributeError):
        return sys.stdlib_module_names


def install(trimmed: str, fetch_full: Callable[[], str]) -> StdlibFallback:
    """Put the fallback last on sys.meta_path (once), after every normal finder has failed."""
    for finder in sys.meta_path:
        if isinstance(finder, StdlibFallback):
            return finder
    finder = StdlibFallback(trimmed, fetch_full, available_names())
    sys.meta_path.append(finder)
    return finder
