"""calculator/stdlib_fallback.py: a module missing from the trimmed standard library is found in
the whole one, which is fetched once, on the first such import, and never for a module that is
not the standard library's. Here with two small zips standing in for the two libraries."""

import sys
import zipfile

import pytest

from calculator.stdlib_fallback import StdlibFallback, available_names, install

NAMES = {"fakelib", "fakepkg"}


def write_zip(path, files: dict[str, str]) -> str:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return str(path)


@pytest.fixture
def libraries(tmp_path, monkeypatch):
    trimmed = write_zip(tmp_path / "trimmed.zip", {"fakepkg/__init__.py": "WHERE = 'trimmed'"})
    full = write_zip(tmp_path / "full.zip", {
        "fakepkg/__init__.py": "WHERE = 'full'", "fakepkg/extra.py": "VALUE = 2",
        "fakelib.py": "VALUE = 1"})
    fetched = []

    def fetch_full() -> str:
        fetched.append(full)
        return full

    finder = StdlibFallback(trimmed, fetch_full, stdlib_names=NAMES)
    monkeypatch.syspath_prepend(trimmed)
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, finder])
    for name in ("fakelib", "fakepkg", "fakepkg.extra"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    yield {"trimmed": trimmed, "full": full, "fetched": fetched}
    for name in ("fakelib", "fakepkg", "fakepkg.extra"):
        sys.modules.pop(name, None)


def test_a_module_the_trimmed_library_holds_needs_no_fetch(libraries):
    import fakepkg

    assert fakepkg.WHERE == "trimmed"
    assert libraries["fetched"] == []


def test_a_missing_top_level_module_comes_from_the_whole_library(libraries):
    import fakelib

    assert fakelib.VALUE == 1
    assert fakelib.__file__.startswith(libraries["full"])
    assert len(libraries["fetched"]) == 1


def test_a_missing_submodule_of_a_trimmed_package_comes_from_the_same_package_in_the_whole_one(
        libraries):
    import fakelib  # noqa: F401  (the whole library is fetched now: once, for both)
    import fakepkg.extra

    assert fakepkg.WHERE == "trimmed"  # the package already imported stays as it is
    assert fakepkg.extra.VALUE == 2
    assert fakepkg.extra.__file__.startswith(libraries["full"] + "/fakepkg/")
    assert len(libraries["fetched"]) == 1


def test_a_module_that_is_not_the_standard_librarys_fetches_nothing(libraries):
    with pytest.raises(ModuleNotFoundError):
        import not_a_standard_module  # noqa: F401
    assert libraries["fetched"] == []


def test_a_standard_module_missing_from_both_fails_as_usual(libraries):
    with pytest.raises(ModuleNotFoundError):
        import fakepkg.nowhere  # noqa: F401
    assert len(libraries["fetched"]) == 1


def test_install_puts_one_finder_last(monkeypatch):
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    first = install("/lib/trimmed.zip", lambda: "/lib/full.zip")
    assert sys.meta_path[-1] is first
    assert install("/lib/trimmed.zip", lambda: "/lib/other.zip") is first
    assert sum(isinstance(finder, StdlibFallback) for finder in sys.meta_path) == 1


def test_the_names_worth_fetching_for_are_the_builds_list_when_there_is_one(monkeypatch, tmp_path):
    monkeypatch.delitem(sys.modules, "_stdlib_available", raising=False)
    assert available_names() is sys.stdlib_module_names  # no list: every standard name
    listing = write_zip(tmp_path / "trimmed.zip",
                        {"_stdlib_available.py": "TOP_LEVEL = frozenset({'json', 'fractions'})"})
    monkeypatch.syspath_prepend(listing)
    assert available_names() == {"json", "fractions"}
    sys.modules.pop("_stdlib_available", None)
