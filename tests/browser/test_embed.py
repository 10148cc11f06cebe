"""The embeddable calculator in a board's own page, on another website with its own strict
Content-Security-Policy: the snippet from the "for boards" page, pasted as it is."""

import html

import pytest
from playwright.sync_api import expect

from scripts.serve_site import serve_in_background
from scripts.sitegen.embed import FALLBACK_HEIGHT, iframe_snippet

from .conftest import _origin, fill_date, wait_ready

CASE = {"board": "kent-medway", "raised": "2025-04-17", "agency": "police",
        "started": {"2": "2025-04-24"}, "agreed": {}, "today": "2025-04-28"}


def host_page(snippet: str, guide_origin: str, own_frames: bool = False) -> str:
    """A board's page: its own policy allows nothing from elsewhere but the guide's frame and,
    when the snippet has it, the guide's sizing script."""
    frames = f"'self' {guide_origin}" if own_frames else guide_origin
    policy = f"default-src 'self'; frame-src {frames}; base-uri 'self'; object-src 'none'"
    if "<script" in snippet:
        policy += f"; script-src 'self' {guide_origin}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">
<title>Kent and Medway SAB: professional disagreements</title></head>
<body><main><h1>Professional disagreements</h1>
{snippet}
</main></body></html>
"""


def assert_no_violation_and_only_the_guides_requests(page, visit, site_url: str) -> None:
    """No frame broke its CSP, and the frame's requests went to the guide's own origin, as
    they should; nothing else."""
    violations = [f"{frame.url}: {line}" for frame in page.frames
                  for line in frame.evaluate("() => window.__cspViolations || []")]
    assert not violations
    guide = f"request to another origin: {_origin(site_url)}/"
    assert [line for line in visit.problems() if not line.startswith(guide)] == []


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
        assert_no_violation_and_only_the_guides_requests(page, visit, site_url)
    finally:
        server.shutdown()
        server.server_close()


def test_the_for_boards_page_shows_each_boards_snippet(open_page, boards):
    page = open_page("for-boards/").page
    code = [text.strip() for text in page.locator("pre code").all_inner_texts()]
    for board in boards.values():
        assert iframe_snippet(board) in code


#: The frame's height, and whether its document fits it (no scroll inside the frame).
FRAME_FIT = """async () => {
  const frame = document.querySelector("iframe");
  return { height: frame.getBoundingClientRect().height,
           border: getComputedStyle(frame).borderTopWidth };
}"""
INNER_FIT = """() => ({ scroll: document.scrollingElement.scrollHeight,
                     client: document.scrollingElement.clientHeight })"""


def serve_host(tmp_path, site_url, snippet, extra=""):
    page = host_page(snippet + extra, _origin(site_url), own_frames=bool(extra))
    (tmp_path / "escalation.html").write_text(page, encoding="utf-8")
    (tmp_path / "favicon.ico").write_bytes(b"")
    return serve_in_background(tmp_path, "/", csp=False)


def fitted(page, frame_page, timeout_ms: int = 15000) -> dict:
    """Waits until the frame is as tall as its document; returns the heights."""
    for _ in range(timeout_ms // 100):
        inner = frame_page.evaluate(INNER_FIT)
        outer = page.evaluate(FRAME_FIT)
        if inner["scroll"] <= inner["client"] + 1 and abs(outer["height"] - FALLBACK_HEIGHT) > 1:
            return {**inner, **outer}
        page.wait_for_timeout(100)
    raise AssertionError(f"the frame never fitted its content: {inner} {outer}")


@pytest.mark.parametrize("width", [390, 1280])
def test_with_the_host_script_the_frame_takes_its_content_height(open_page, site_url, boards,
                                                                   tmp_path, width):
    snippet = iframe_snippet(boards["kent-medway"], site_url)
    server, host = serve_host(tmp_path, site_url, snippet)
    try:
        visit = open_page("escalation.html", base=host, viewport={"width": width, "height": 800})
        page = visit.page
        frame = page.locator("iframe").content_frame
        expect(frame.locator("h1")).to_have_text("Work out your next step")
        inner = page.frames[1]
        wait_ready(inner)
        before = fitted(page, inner)
        assert before["border"] == "0px"
        frame.locator("#calc-agency").select_option("police")
        fill_date(frame, "calc-raised", "2025-04-17")
        fill_date(frame, "calc-today", "2025-04-22")
        frame.locator(".calc-submit").click()
        expect(frame.locator(".calc-result__title")).to_contain_text("You are at stage 1")
        for _ in range(100):
            after = fitted(page, inner)
            if after["height"] > before["height"]:
                break
            page.wait_for_timeout(100)
        assert after["height"] > before["height"], (before, after)
        print(f"\n{width} px: frame {before['height']:.0f} px, with the answer "
              f"{after['height']:.0f} px")
        assert_no_violation_and_only_the_guides_requests(page, visit, site_url)
    finally:
        server.shutdown()
        server.server_close()


def test_without_the_host_script_the_fixed_height_holds(open_page, site_url, boards, tmp_path):
    snippet = iframe_snippet(boards["kent-medway"], site_url, host_script=False)
    assert "<script" not in snippet
    server, host = serve_host(tmp_path, site_url, snippet)
    try:
        page = open_page("escalation.html", base=host, viewport={"width": 390, "height": 800}).page
        frame = page.locator("iframe").content_frame
        inner = page.frames[1]
        wait_ready(inner)
        fill_date(frame, "calc-raised", "2025-04-17")
        fill_date(frame, "calc-today", "2025-04-22")
        frame.locator(".calc-submit").click()
        expect(frame.locator(".calc-result__title")).to_contain_text("You are at stage 1")
        outer = page.evaluate(FRAME_FIT)
        assert outer == {"height": FALLBACK_HEIGHT, "border": "0px"}
        sizes = inner.evaluate(INNER_FIT)
        assert sizes["scroll"] > sizes["client"], "the calculator scrolls inside the frame"
    finally:
        server.shutdown()
        server.server_close()


def test_the_host_script_ignores_messages_from_other_windows(open_page, site_url, boards,
                                                             tmp_path):
    snippet = iframe_snippet(boards["kent-medway"], site_url)
    (tmp_path / "other.html").write_text("<!doctype html><title>Other</title><p>Other frame",
                                         encoding="utf-8")
    other_frame = '<iframe src="other.html" title="Other" height="200" frameborder="0"></iframe>'
    server, host = serve_host(tmp_path, site_url, snippet, "\n" + other_frame)
    try:
        page = open_page("escalation.html", base=host).page
        inner = next(f for f in page.frames if "/embed/" in f.url)
        wait_ready(inner)
        height = fitted(page, inner)["height"]
        message = "() => { (window.parent === window ? window : window.parent).postMessage(" \
                  "{ type: 'escalation-embed-height', height: 50 }, '*'); }"
        heights = ("() => [...document.querySelectorAll('iframe')]"
                   ".map((f) => f.getBoundingClientRect().height)")
        assert page.evaluate(heights) == [height, 200]
        page.evaluate(message)  # the host page itself
        other_element = page.locator("iframe[title=Other]")
        expect(other_element.content_frame.locator("p")).to_have_text("Other frame")
        other = other_element.element_handle().content_frame()
        other.evaluate(message)  # another frame, of the host's own origin
        page.wait_for_timeout(300)
        assert page.evaluate(heights) == [height, 200]
    finally:
        server.shutdown()
        server.server_close()
