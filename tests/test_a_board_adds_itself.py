"""A board that adds itself breaks nothing: copy each template into a copy of the project as a
new board (id changed, as docs/adding-a-board.md says), and the board check and the whole
CPython suite still pass there. Tests follow the data: none of them lists the boards.

The browser side (the new board built into its own site, with a working calculator) is
tests/browser/test_new_board.py.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import POLICIES, ROOT

INSIDE = "ESCALATION_SUITE_WITH_NEW_BOARDS"  # set in the copy's run, so it does not recurse
TEMPLATES = sorted((POLICIES / "template").glob("*.yaml"))


def new_board_id(template: Path) -> str:
    return f"new-{template.stem}"


def as_new_board(template: Path) -> str:
    """The template's text with its id changed, as a board would copy it."""
    text = template.read_text(encoding="utf-8")
    old = f"\nid: {template.stem}\n"
    assert old in text, f"{template.name} has no line 'id: {template.stem}'"
    return text.replace(old, f"\nid: {new_board_id(template)}\n", 1)


def project_files() -> list[str]:
    """The project's files as a clone would have them, with any change not yet committed."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return [name for name in listed.stdout.splitlines() if (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def project_with_new_boards(tmp_path_factory) -> Path:
    if os.environ.get(INSIDE):
        pytest.skip("already the run with the new boards")
    if not (ROOT / ".git").exists():
        pytest.skip("needs the project's git checkout to list its files")
    copy = tmp_path_factory.mktemp("project")
    for name in project_files():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    for installed in ("node_modules", ".browser-packages"):  # what scripts/install adds
        if (ROOT / installed).exists():
            (copy / installed).symlink_to(ROOT / installed)
    for template in TEMPLATES:
        (copy / "policies" / f"{new_board_id(template)}.yaml").write_text(
            as_new_board(template), encoding="utf-8")
    return copy


def test_there_is_a_template_to_copy():
    assert TEMPLATES, "policies/template/ has no board file to copy"


def test_each_new_board_passes_check(project_with_new_boards):
    done = subprocess.run([sys.executable, "-m", "calculator", "check"],
                          cwd=project_with_new_boards, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    boards = len(list((project_with_new_boards / "policies").glob("*.yaml")))
    assert done.stderr.startswith(f"{boards} files checked: no problems"), done.stderr
    for template in TEMPLATES:  # notes only: what a complete entry still needs
        for line in done.stdout.splitlines():
            if f"{new_board_id(template)}.yaml" in line:
                assert ": note: " in line, line


def test_the_whole_cpython_suite_passes_with_the_new_boards(project_with_new_boards):
    env = {**os.environ, INSIDE: "1", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
         "--ignore=tests/browser", "tests"],
        cwd=project_with_new_boards, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout.splitlines()[-1]
