"""Step (b) of the build: the site generator on step (a)'s folder.

    python -m scripts.sitegen.build [SOURCE [SITE]]      (SOURCE: .build/src, SITE: site)

MkDocs 1.6 with Material, strict: any warning (a broken link, a page missing from the
navigation's files) stops the build. The folder has its own mkdocs.yml and no hooks, so another
generator that reads mkdocs.yml can build it too (tests/test_zensical.py builds it with Zensical).
"""

import os
import subprocess
import sys
from pathlib import Path

from scripts.sitegen.generate import ROOT, SOURCE

#: MkDocs as this Python has it (the project's .venv), wherever the project is.
MKDOCS = [sys.executable, "-m", "mkdocs"]


class BuildFailed(Exception):
    """The generator stopped; what it printed says why."""


def build(source: Path = SOURCE, site: Path = ROOT / "site") -> None:
    """Step (b): `mkdocs build --strict` of `source` into `site`; what MkDocs prints goes to
    this process's output."""
    config = source / "mkdocs.yml"
    if not config.is_file():
        raise BuildFailed(f"{config} is missing; run python -m scripts.sitegen.generate first")
    command = [*MKDOCS, "build", "--strict", "--quiet", "--config-file", str(config),
               "--site-dir", str(site.resolve())]
    done = subprocess.run(command, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    if done.returncode != 0:
        raise BuildFailed(f"mkdocs build failed (exit {done.returncode}; the message above "
                          "says why)")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 2 or any(arg.startswith("-") for arg in args):
        print("usage: python -m scripts.sitegen.build [SOURCE [SITE]]", file=sys.stderr)
        return 2
    source = Path(args[0]) if args else SOURCE
    site = Path(args[1]) if len(args) > 1 else ROOT / "site"
    try:
        build(source, site)
    except (BuildFailed, OSError) as error:
        print(f"build: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
