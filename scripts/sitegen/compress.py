"""Pre-compressed copies of the built site's files: `name.gz` (and `name.br`) beside `name`, for
servers that send them as they are (nginx's `gzip_static`, the Apache rules on the For boards
page, scripts/serve_site.py) instead of compressing on every request, or not at all.

Written by the build (scripts/sitegen/postprocess.py, last of all) for every file of a compressible
type above MIN_SIZE whose copy saves at least MIN_SAVING: the 9.6 MB of Pyodide's WebAssembly
becomes about 3.5 MB gzipped, 2.7 MB with Brotli. Zips are already deflated and gain nothing,
so they get no copy. Both encodings are deterministic (gzip: no name, time 0), so the same site
gives the same bytes. Brotli at its best setting takes ~20 s on the WebAssembly, so copies of
files above CACHE_ABOVE are kept in node_modules/.cache/precompressed/, by content hash: Pyodide's
files are compressed once per Pyodide version, not once per build.
"""

import gzip
import hashlib
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "node_modules" / ".cache" / "precompressed"

#: File types worth compressing (text, and WebAssembly); zips are tried but never gain enough.
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".txt", ".xml",
                ".webmanifest", ".map", ".ics", ".zip")
MIN_SIZE = 1024
MIN_SAVING = 0.10
CACHE_ABOVE = 256 * 1024

#: encoding -> the sibling's suffix, in the order a server should prefer them.
SUFFIXES = {"br": ".br", "gzip": ".gz"}


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    return brotli.compress(data, quality=11)


_ENCODERS = {".gz": gzip_bytes, ".br": brotli_bytes}


def compressible(path: Path) -> bool:
    return path.suffix in COMPRESSIBLE and path.stat().st_size >= MIN_SIZE


def _encoded(data: bytes, suffix: str) -> bytes:
    if len(data) < CACHE_ABOVE:
        return _ENCODERS[suffix](data)
    kept = CACHE / (hashlib.sha256(data).hexdigest() + suffix)
    if kept.exists():
        return kept.read_bytes()
    encoded = _ENCODERS[suffix](data)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_suffix(kept.suffix + ".part")
        partial.write_bytes(encoded)
        partial.replace(kept)
    except OSError:  # a read-only checkout: compress again next time
        pass
    return encoded


def compress_site(site: Path) -> dict[str, tuple[int, int, int]]:
    """Write the .gz and .br siblings in a built site; returns name -> (size, gzip, brotli)
    for every file that got at least one (0 where that encoding saved too little)."""
    written: dict[str, tuple[int, int, int]] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file() or not compressible(path):
            continue
        data = path.read_bytes()
        sizes = []
        for suffix in (".gz", ".br"):
            encoded = _encoded(data, suffix)
            sibling = path.with_name(path.name + suffix)
            if len(encoded) <= len(data) * (1 - MIN_SAVING):
                sibling.write_bytes(encoded)
                sizes.append(len(encoded))
            else:
                sibling.unlink(missing_ok=True)
                sizes.append(0)
        if any(sizes):
            written[path.relative_to(site).as_posix()] = (len(data), *sizes)
    return written


def is_sibling(name: str) -> bool:
    """A pre-compressed copy (or MkDocs' own sitemap.xml.gz): never a file in its own right."""
    return name.endswith(tuple(SUFFIXES.values()))
