"""The embeddable calculator in a board's own page, on another website with its own strict
Content-Security-Policy: the snippet from the "for boards" page, pasted as it is."""

import html

from playwright.sync_api import expect

from scripts.embed import iframe_snippet
from scripts.serve_site import serve_in_background

from .conftest import _origin, fill_date, wait_ready

CASE = {"board": "kent-medway", "raised": "2025-04-17", "agency": "police",
        "started": {"2": "2025-04-24"}, "agreed": {}, "today": "2025-04-28"}


def host_page(snippet: str, guide_origin: str) -> str:
    """A board's page: its own policy allows nothing from elsewhere but the guide's frame."""
    policy = f"default-src 'self'; frame-src {guide_origin}; base-uri 'self'; object-src 'none'"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">
<title>Kent and Medway SAB: professional disagreements</title></head>
<body><main><h1>Professional disagreements</h1>
{snippet}
</main></body></html>
"""


def test_the_snippet_works_on_another_site_under_its_csp(open_page, site_url, site_dir, boards,
                                                         plan, tmp_path):
    snippet = iframe_snippet(boards["kent-medway"], site_url)
    (tmp_path / "escalation.html").write_text(host_page(snippet, _origin(site_url)),
                                              encoding="utf-8")
    (tmp_path / "favicon.ico").write_bytes(b"")  # the board's site has one; no 404 here
    server, host = serve_in_background(tmp_path, "/", csp=False)
    try:
        assert _origin(host) != _origin(site_url), "the host is another site"
        visit = open_page("escalation.html", base=host)
        page = visit.page
        frame_element = page.locator("iframe")
        expect(frame_element).to_have_attribute("title", "Escalation calculator: "
                                                "Kent and Medway Safeguarding Adults Board")
        frame = frame_element.content_frame
        expect(frame.locator("h1")).to_have_text("Work out your next step")
        assert frame.locator(".md-header, .md-sidebar, .md-footer").count() == 0, "no site chrome"
        inner = page.frames[1]
        wait_ready(inner)
        answer = inner.evaluate("async (input) => window.escalationCalculator.plan(input)", CASE)
        assert answer == plan("kent-medway", **{k: v for k, v in CASE.items() if k != "board"})
        # By the form, in the frame.
        frame.locator("#calc-agency").select_option("police")
        fill_date(frame, "calc-raised", "2025-04-17")
        fill_date(frame, "calc-today", "2025-04-22")
        frame.locator(".calc-submit").click()
        expect(frame.locator(".calc-result__title")).to_contain_text("You are at stage 1")
        violations = [f"{frame.url}: {line}" for frame in page.frames
                      for line in frame.evaluate("() => window.__cspViolations || []")]
        assert not violations
        # The frame's requests go to the guide's own origin, as they should; nothing else.
        guide = f"request to another origin: {_origin(site_url)}/"
        assert [line for line in visit.problems() if not line.startswith(guide)] == []
    finally:
        server.shutdown()
        server.server_close()


def test_the_for_boards_page_shows_each_boards_snippet(open_page, boards):
    page = open_page("for-boards/").page
    code = [text.strip() for text in page.locator("pre code").all_inner_texts()]
    for board in boards.values():
        assert iframe_snippet(board) in code
