"""Step (c) of the build: finish a site the generator has built from step (a)'s folder.

    python -m scripts.sitegen.postprocess SITE [SOURCE]        (SOURCE: .build/src)

In this order, each for a reason:

1. every HTML page gets its Content-Security-Policy meta tag, with the hashes of exactly its own
   inline scripts (csp.py), after the last change to them: the 404 page's links made relative
   (it is served at any depth) and the search dialog named;
2. the files the page loads go in: step (a)'s payload (the boards' data, the calculator's
   compiled zips, the check page's zip and schema) and Pyodide's files (`pyodide/<version>/`);
   and the calculator's worker takes in the modules it imports, so that it starts loading
   Pyodide without waiting for another file (worker_bundle.py);
3. then `sw.js`, which lists every file of the site and takes its version from their bytes, so
   it comes after every other file is final (offline.py);
4. last, the `.gz` and `.br` copies of every compressible file, `sw.js` and the pages included
   (compress.py).

Running it again on the same site changes nothing.
"""

import json
import re
import shutil
import sys
from pathlib import Path

from scripts.sitegen import compress, csp, offline, runtime, worker_bundle
from scripts.sitegen.generate import MANIFEST, PAYLOAD, SOURCE

#: What marks a page that already has its policy (a second run leaves it as it is).
CSP_META = '<meta http-equiv="Content-Security-Policy"'


class PostprocessError(Exception):
    """The site cannot be finished; the message says why."""


def name_search_dialog(html: str) -> str:
    """The theme's search is a dialog with no name (Lighthouse: aria-dialog-name): name it."""
    return html.replace('<div class="md-search" data-md-component="search" role="dialog">',
                        '<div class="md-search" data-md-component="search" role="dialog" '
                        'aria-label="Search">', 1)


def relative_404(html: str) -> str:
    """Links, the theme's settings (base, search worker) and its scope, from "./" not "/"."""
    html = re.sub(r'((?:href|src)=")/(?!/)', r"\1./", html)
    html = html.replace('"base": "/"', '"base": "."')
    html = re.sub(r'("search": ")/(?!/)', r"\1./", html)
    return html.replace('new URL("/",location)', 'new URL(".",location)')


def finish_page(html: str, name: str) -> str:
    """One built page, finished: `name` is its path in the site."""
    if CSP_META in html:
        return html
    if name == "404.html":
        # Without a site_url the generator writes this page's links from "/", which breaks a
        # site in a sub-folder; relative to the site's root instead, as the host serves it there.
        html = relative_404(html)
    return csp.with_csp_meta(name_search_dialog(html))


def finish_pages(site: Path) -> int:
    """Every HTML page of the built site, finished in place; returns how many."""
    pages = sorted(site.rglob("*.html"))
    for path in pages:
        html = path.read_bytes().decode("utf-8")  # bytes: line endings stay as they are
        finished = finish_page(html, path.relative_to(site).as_posix())
        if finished != html:
            path.write_bytes(finished.encode("utf-8"))
    return len(pages)


def read_manifest(source: Path) -> dict:
    try:
        return json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PostprocessError(f"{source} is not a generated folder ({MANIFEST}: {error}); "
                               "run python -m scripts.sitegen.generate first") from None


def copy_payload(site: Path, source: Path) -> None:
    """Step (a)'s payload and Pyodide's files into the site."""
    manifest = read_manifest(source)
    try:
        version = runtime.pyodide_version()
        pyodide = runtime.pyodide_files()
    except runtime.RuntimeMissing as error:
        raise PostprocessError(str(error)) from None
    if version != manifest["pyodide"]:
        raise PostprocessError(f"Pyodide is {version} now but was {manifest['pyodide']} when "
                               f"{source} was generated; generate it again")
    payload = source / PAYLOAD
    if payload.is_dir():
        shutil.copytree(payload, site, dirs_exist_ok=True)
    for name, path in pyodide.items():
        target = site / "pyodide" / version / name.split("/", 1)[1]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def postprocess(site: Path, source: Path = SOURCE) -> None:
    """Step (c): finish the built site in `site` (see the module's docstring)."""
    if not (site / "index.html").is_file():
        raise PostprocessError(f"{site} holds no built site (no index.html)")
    finish_pages(site)
    copy_payload(site, source)
    try:
        worker_bundle.bundle_worker(site)
    except worker_bundle.WorkerBundleError as error:
        raise PostprocessError(f"{worker_bundle.WORKER}: {error}") from None
    offline.write_service_worker(site)
    compress.compress_site(site)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not 1 <= len(args) <= 2 or args[0].startswith("-"):
        print("usage: python -m scripts.sitegen.postprocess SITE [SOURCE]", file=sys.stderr)
        return 2
    site, source = Path(args[0]), Path(args[1]) if len(args) > 1 else SOURCE
    try:
        postprocess(site, source)
    except (PostprocessError, OSError) as error:
        print(f"postprocess: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
