"""The site's Content-Security-Policy, and the per-page hashes of the inline scripts it keeps.

Material for MkDocs writes a few small inline scripts into every page (its settings, and a
script whose text depends on the page's depth), so each page's meta tag lists the SHA-256 of
exactly the inline scripts on that page, and nothing else inline may run.
"""

import base64
import hashlib
import re

#: The minimum the project requires of every page's policy: each directive with the sources it
#: must hold (the tests check the built pages and this module's policies against it).
REQUIRED_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "worker-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
}

#: The policy every page carries (the issue's minimum, plus explicit image, style and form rules).
BASE_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("worker-src", "'self'"),
    ("connect-src", "'self'"),
    ("img-src", "'self' data:"),
    ("style-src", "'self'"),
    ("font-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def policy(script_hashes: list[str] | tuple[str, ...] = ()) -> str:
    parts = []
    for name, value in BASE_DIRECTIVES:
        if name == "script-src" and script_hashes:
            value = " ".join([value, *(f"'{h}'" for h in script_hashes)])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


#: As a header (from the dev server): no per-page hashes, so it is stricter than any page.
SITE_POLICY = policy()

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype=["']?application/(?:ld\+)?json""", re.I)


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-...' for each executable inline script (JSON data blocks are not executed)."""
    hashes = []
    for attributes, body in _INLINE_SCRIPT.findall(html):
        if _DATA_TYPE.search(attributes):
            continue
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.append("sha256-" + base64.b64encode(digest).decode("ascii"))
    return list(dict.fromkeys(hashes))


def with_csp_meta(html: str) -> str:
    """The page with its CSP meta tag first in <head>, before anything it governs."""
    content = policy(inline_script_hashes(html))
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    return re.sub(r"<head([^>]*)>", lambda m: f"<head{m.group(1)}>{tag}", html, count=1)
