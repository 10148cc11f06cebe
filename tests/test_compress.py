"""scripts/sitegen/compress.py: the build's pre-compressed copies (`.gz`, `.br`) of the site's
files, deterministic, only where they save something, and never kept offline as files of their
own."""

import gzip
import io
import random
import zipfile

import brotli

from scripts.sitegen import compress, offline

TEXT = ("<p>The same words, again and again, compress well.</p>\n" * 100).encode()


def small_site(tmp_path):
    site = tmp_path / "site"
    (site / "boards").mkdir(parents=True)
    (site / "index.html").write_bytes(TEXT)
    (site / "boards" / "index.html").write_bytes(TEXT * 2)
    (site / "tiny.js").write_bytes(b"1;")  # below MIN_SIZE
    (site / "logo.png").write_bytes(TEXT)  # not a compressible type
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.py", TEXT)
    (site / "calc.zip").write_bytes(packed.getvalue())  # deflated already: gains nothing
    return site


def test_siblings_for_compressible_files_only(tmp_path):
    site = small_site(tmp_path)
    written = compress.compress_site(site)
    assert set(written) == {"index.html", "boards/index.html"}
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == TEXT
    assert brotli.decompress((site / "boards" / "index.html.br").read_bytes()) == TEXT * 2
    for name in ("tiny.js", "logo.png", "calc.zip"):
        assert not (site / f"{name}.gz").exists() and not (site / f"{name}.br").exists()
    size, gzipped, brotlied = written["index.html"]
    assert size == len(TEXT) and 0 < brotlied <= gzipped < size * 0.9


def test_the_copies_are_deterministic(tmp_path):
    site = small_site(tmp_path)
    compress.compress_site(site)
    first = (site / "index.html.gz").read_bytes()
    # No file name, time 0: the header is the same whatever the file and the day.
    assert first[3] == 0 and first[4:8] == b"\0\0\0\0"
    compress.compress_site(site)
    assert (site / "index.html.gz").read_bytes() == first
    assert compress.gzip_bytes(TEXT) == first


def test_a_file_that_stops_gaining_loses_its_copy(tmp_path):
    site = small_site(tmp_path)
    compress.compress_site(site)
    (site / "index.html").write_bytes(random.Random(1).randbytes(4096))  # incompressible
    compress.compress_site(site)
    assert not (site / "index.html.gz").exists() and not (site / "index.html.br").exists()


def test_the_copies_are_not_kept_offline(tmp_path):
    site = small_site(tmp_path)
    compress.compress_site(site)
    kept = offline.site_files(site)
    assert "index.html" in kept
    assert not [name for name in kept if compress.is_sibling(name)]
