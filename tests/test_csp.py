"""scripts/sitegen/csp.py: the policy every page carries, and the hashes of exactly the inline
scripts that run (a JSON data block does not run, a script with src is covered by 'self')."""

from scripts.sitegen.csp import (
    REQUIRED_DIRECTIVES,
    SITE_POLICY,
    inline_script_hashes,
    policy,
    with_csp_meta,
)

#: sha256 of the bytes "alert(1)", base64 (as `printf 'alert(1)' | openssl sha256 -binary |
#: base64` gives it).
ALERT_HASH = "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="

PAGE = """<!doctype html>
<html lang="en">
  <head lang="en" data-x="1">
    <meta charset="utf-8">
    <script>alert(1)</script>
    <script id="__config" type="application/json">{"base": "."}</script>
    <script type="application/ld+json">{"@type": "Thing"}</script>
    <script src="assets/app.js"></script>
    <script type="module" src="assets/js/escalation.js"></script>
  </head>
  <body><script>alert(1)</script></body>
</html>"""


def directives(text: str) -> dict[str, list[str]]:
    parsed = {}
    for part in text.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def test_the_hash_is_the_sha256_of_the_script_body():
    assert inline_script_hashes("<script>alert(1)</script>") == [ALERT_HASH]


def test_json_blocks_and_scripts_with_src_are_not_hashed():
    # The same script twice is one hash; the JSON blocks and the two src scripts none.
    assert inline_script_hashes(PAGE) == [ALERT_HASH]
    assert inline_script_hashes('<script src="a.js">alert(1)</script>') == []
    assert inline_script_hashes('<script type="application/json">alert(1)</script>') == []


def test_every_executable_inline_script_is_hashed():
    hashes = inline_script_hashes("<script>a()</script><script type='module'>b()</script>"
                                  "<SCRIPT>\nc()\n</SCRIPT>")
    assert len(hashes) == 3 and all(h.startswith("sha256-") for h in hashes)


def test_the_meta_tag_is_first_in_head():
    html = with_csp_meta(PAGE)
    head = html.index("<head lang=\"en\" data-x=\"1\">") + len("<head lang=\"en\" data-x=\"1\">")
    assert html[head:].startswith('<meta http-equiv="Content-Security-Policy" content="')
    assert html.count("Content-Security-Policy") == 1
    assert html.replace(html[head:html.index(">", head) + 1], "", 1) == PAGE


def test_the_meta_tag_holds_the_page_hashes():
    html = with_csp_meta(PAGE)
    content = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"')[0]
    assert directives(content)["script-src"] == ["'self'", "'wasm-unsafe-eval'",
                                                 f"'{ALERT_HASH}'"]


def test_the_policy_has_every_required_directive():
    for text in (policy(), policy([ALERT_HASH]), SITE_POLICY):
        found = directives(text)
        for name, sources in REQUIRED_DIRECTIVES.items():
            assert all(source in found[name] for source in sources), (name, text)
        assert "'unsafe-inline'" not in text and "'unsafe-eval'" not in text


def test_the_header_policy_allows_no_inline_script():
    assert directives(SITE_POLICY)["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert directives(policy([ALERT_HASH]))["script-src"][-1] == f"'{ALERT_HASH}'"
