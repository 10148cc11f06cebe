"""scripts/publish.py: the server settings taken from the For boards page (the same text the
real-server tests run), and the zip a web officer uploads, byte for byte the same each time."""

import zipfile

import pytest

from scripts import publish

PAGE = """
Some words.

```nginx
# test: nginx-location
location /x/ { include mime.types; }
```

```
not a snippet
```

```apache
# test: apache-htaccess
AddType application/wasm .wasm
```
"""


def test_snippets_are_found_by_their_marker():
    snippets = publish.server_snippets(PAGE)
    assert snippets == {"nginx-location": "# test: nginx-location\nlocation /x/ { include "
                        "mime.types; }\n", "apache-htaccess": "# test: apache-htaccess\n"
                        "AddType application/wasm .wasm\n"}
    assert publish.without_marker(snippets["apache-htaccess"]) == "AddType application/wasm .wasm\n"


def test_a_missing_or_doubled_snippet_is_an_error():
    with pytest.raises(publish.SnippetError, match="apache-htaccess"):
        publish.server_snippets(PAGE.split("```apache")[0])
    doubled = PAGE + "\n```\n# test: nginx-location\nagain\n```\n"
    with pytest.raises(publish.SnippetError, match="two blocks"):
        publish.server_snippets(doubled)


def test_the_real_page_has_both():
    assert set(publish.server_snippets()) == set(publish.SNIPPET_FILES)


def test_the_zip(tmp_path):
    site = tmp_path / "site"
    (site / "boards").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (site / "index.html.gz").write_bytes(b"\x1f\x8b...")
    (site / "boards" / "index.html").write_text("<p>boards</p>", encoding="utf-8")
    target = publish.write_zip(site, tmp_path / "site.zip")
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert names[:3] == ["SERVER-SETUP.txt", "nginx.conf", "htaccess"]
        assert set(names[3:]) == {"site/index.html", "site/index.html.gz",
                                  "site/boards/index.html"}
        snippets = publish.server_snippets()
        assert archive.read("htaccess").decode() == publish.without_marker(
            snippets["apache-htaccess"])
        assert archive.read("nginx.conf").decode() == publish.without_marker(
            snippets["nginx-location"])
        assert archive.read("site/boards/index.html") == b"<p>boards</p>"
        assert archive.getinfo("site/index.html.gz").compress_type == zipfile.ZIP_STORED
        assert archive.testzip() is None
    first = target.read_bytes()
    (site / "index.html").touch()  # a newer time changes nothing
    assert publish.write_zip(site, tmp_path / "again.zip").read_bytes() == first


def test_the_command(tmp_path, capsys):
    assert publish.main(["zip", str(tmp_path / "nothing")]) == 1
    assert "no built site" in capsys.readouterr().err
    site = tmp_path / "out"
    site.mkdir()
    (site / "index.html").write_text("x", encoding="utf-8")
    assert publish.main(["zip", str(site)]) == 0
    assert (tmp_path / "out.zip").exists()
    assert publish.main(["unzip"]) == 2
