"""What a web officer uploads: the server settings of the For boards page, and the built site as
one zip with those settings beside it.

    python -m scripts.publish zip SITE_DIR [ZIP]     (ZIP defaults to SITE_DIR.zip)

The settings are taken from docs/for-boards.md itself, from the fenced blocks whose first line is
`# test: <name>`: the same text the page shows, the zip carries and tests/test_real_servers.py
runs in real nginx and Apache, so the three cannot drift apart.
"""

import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOR_BOARDS = ROOT / "docs" / "for-boards.md"

#: snippet name -> its file's name in the zip.
SNIPPET_FILES = {"nginx-location": "nginx.conf", "apache-htaccess": "htaccess"}

_BLOCK = re.compile(r"^```[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
_MARKER = re.compile(r"\A# test: ([a-z0-9-]+)[ \t]*\n")

#: A fixed timestamp, so that the same site gives the same zip, byte for byte.
ZIP_TIMESTAMP = (2020, 1, 1, 0, 0, 0)
_STORED = (".gz", ".br", ".zip", ".png", ".jpg", ".jpeg", ".webp", ".woff2")


class SnippetError(Exception):
    """docs/for-boards.md does not have exactly one block of a snippet the tests need."""


def server_snippets(markdown: str | None = None) -> dict[str, str]:
    """name -> the text of its block, marker line included (it is a comment in both)."""
    if markdown is None:
        markdown = FOR_BOARDS.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for block in _BLOCK.finditer(markdown):
        marker = _MARKER.match(block.group(1))
        if marker:
            name = marker.group(1)
            if name in found:
                raise SnippetError(f"two blocks are marked '# test: {name}'")
            found[name] = block.group(1)
    missing = sorted(set(SNIPPET_FILES) - set(found))
    if missing:
        raise SnippetError(f"no block marked '# test: {missing[0]}' in {FOR_BOARDS.name}")
    return found


def without_marker(snippet: str) -> str:
    return _MARKER.sub("", snippet, count=1)


SETUP_TEXT = """\
The safeguarding escalation guide: what to upload, and the server settings
=========================================================================

1. Upload everything in the folder "site/" of this zip, keeping its folders as they are, to the
   folder of your website where the guide is to live, for example
   https://council.example/safeguarding/escalation/ . Every link is relative: any folder works.
   Upload the .gz and .br files too: they are compressed copies the server can send instead.

2. Most hosts need nothing else. The host must send .wasm files as application/wasm and .mjs
   files as text/javascript (or application/javascript), or the calculator cannot start.

3. nginx: put the block in "nginx.conf" inside your site's server { ... } block, change the
   folder /safeguarding/escalation/ in its two places to yours, run "nginx -t" and reload nginx.
   It adds the .mjs type nginx lacks, sends the compressed copies (gzip_static) and tells
   browsers to keep Pyodide's files for a year and to check everything else on each visit.

4. Apache 2.4: copy "htaccess" into the guide's folder as ".htaccess". The folder needs
   "AllowOverride FileInfo" in the server's settings (Debian allows it nowhere by default:
   add a <Directory> block for the folder); for the compressed copies and
   the caching, turn on two modules: "a2enmod rewrite headers", then restart Apache. Without
   them the guide still works (those lines are skipped).

The For boards page of the guide (for-boards/) explains each setting.
"""


def write_zip(site: Path, target: Path) -> Path:
    """The site under site/, the server settings beside it; deterministic."""
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"no built site in {site}/ (no index.html)")
    snippets = server_snippets()
    entries: list[tuple[str, bytes]] = [("SERVER-SETUP.txt", SETUP_TEXT.encode("utf-8"))]
    for name, file_name in SNIPPET_FILES.items():
        entries.append((file_name, without_marker(snippets[name]).encode("utf-8")))
    for path in sorted(site.rglob("*")):
        if path.is_file():
            entries.append((f"site/{path.relative_to(site).as_posix()}", path.read_bytes()))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, ZIP_TIMESTAMP)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            stored = name.endswith(_STORED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if stored else 9)
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (2, 3) or args[0] != "zip":
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    site = Path(args[1])
    target = Path(args[2]) if len(args) == 3 else site.with_name(site.name.rstrip("/") + ".zip")
    try:
        write_zip(site, target)
    except (FileNotFoundError, SnippetError) as error:
        print(f"publish: {error}", file=sys.stderr)
        return 1
    print(f"publish: {target} ({target.stat().st_size // 1_000_000} MB): the site under site/, "
          "with SERVER-SETUP.txt, nginx.conf and htaccess beside it", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
