"""MkDocs hooks: a thin adapter, so that a plain `mkdocs build` of the project's mkdocs.yml (the
tests', the benchmark's) makes the same site as the build's three steps (scripts/build):

- on_config: step (a) (scripts/sitegen/generate.py) into a temporary folder, whose docs MkDocs
  then builds, with the navigation and, for a one-board site, the title, colour and logo that
  step works out. ESCALATION_POLICIES (another folder of board files) and ESCALATION_BOARD (one
  board's id, for a site of that board alone) choose what is built, as for scripts/build.
- MkDocs itself is step (b).
- on_post_build: step (c) (scripts/sitegen/postprocess.py) on the built site.
- on_shutdown: the temporary folder goes.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # MkDocs loads this file by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError

from scripts.sitegen import generate, postprocess

_source: list[Path] = []  # this build's generated folder, for the later hooks


def on_config(config):
    source = Path(tempfile.mkdtemp(prefix="escalation-src-"))
    _source.append(source)
    policies = Path(os.environ.get("ESCALATION_POLICIES") or generate.site_data.POLICIES)
    try:
        build = generate.generate(source, policies=policies,
                                  only=os.environ.get("ESCALATION_BOARD") or None)
    except generate.GenerateError as error:
        raise PluginError(str(error)) from None
    changes = generate.config_changes(config, build)
    logo = changes.pop("logo", None)
    for key, value in changes.items():
        config[key] = value
    if logo:
        config.theme["logo"] = logo
    config.docs_dir = str(source / "docs")
    # `mkdocs serve` watches docs_dir, now the generated copy: the sources are what change.
    config.watch.extend(str(path) for path in (generate.DOCS, policies) if path.is_dir())
    return config


def on_post_build(config) -> None:
    try:
        postprocess.postprocess(Path(config.site_dir), _source[-1])
    except postprocess.PostprocessError as error:
        raise PluginError(str(error)) from None


def on_shutdown() -> None:
    while _source:
        shutil.rmtree(_source.pop(), ignore_errors=True)
