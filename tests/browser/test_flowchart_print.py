"""Each board's flowchart (scripts/sitegen/flowchart.py) opened on its own in Chromium, as a
trainer would open or print the file: it prints on exactly one A4 page, its words are in the
accessibility tree in reading order under the chart's title and description, and the fonts the
browser really draws it with never set a line wider than the width the chart measured for it.

No site is built: each test writes its chart into a temporary folder and opens it from there.
"""

import copy
import re
from pathlib import Path

import pytest
from test_flowchart import lines, nine_stages, paragraphs, parse, words

from calculator.tools.loading import load_policy
from conftest import BOARD_IDS, POLICIES
from scripts.sitegen.flowchart import FONT_FAMILY, flowchart_svg, text_width

#: Fonts to draw every chart in besides its own stack: the two its widths were measured from
#: (DejaVu Sans is drawn first on this machine, Liberation Sans stands in for Arial).
FONTS = ("'DejaVu Sans'", "'Liberation Sans'")

#: Each line's width as the browser draws it, without the space a line broken at a space
#: keeps at its end (it draws nothing).
DRAWN_WIDTHS = """
(family) => {
  if (family) document.documentElement.setAttribute("font-family", family);
  return [...document.querySelectorAll("tspan")].map(
    (span) => span.getSubStringLength(0, span.textContent.replace(/ +$/, "").length));
}
"""

#: A page object in a PDF: "/Type /Page", never "/Type /Pages" (the tree of them).
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


def _board(board_id: str) -> dict:
    return load_policy(POLICIES / f"{board_id}.yaml", board_id).data


def _nine_stages() -> dict:
    template = load_policy(POLICIES / "template" / "exampleshire.yaml", "exampleshire").data
    return nine_stages(copy.deepcopy(template))


CHARTS = [*BOARD_IDS, "nine-stages"]


@pytest.fixture(params=CHARTS)
def chart(request, tmp_path) -> tuple[str, Path]:
    """Each board's chart, and a made-up one of 9 stages, written to a file: (svg, path)."""
    board = _nine_stages() if request.param == "nine-stages" else _board(request.param)
    svg = flowchart_svg(board)
    path = tmp_path / "flowchart.svg"
    path.write_text(svg, encoding="utf-8")
    return svg, path


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    yield context.new_page()
    context.close()


def test_the_chart_prints_on_exactly_one_a4_page(chart, page):
    _, path = chart
    page.goto(path.as_uri())
    pdf = page.pdf(format="A4")
    assert len(PDF_PAGE.findall(pdf)) == 1
    # An A4 page, portrait: 595.3 by 841.9 points, which Chromium rounds up to the next point.
    [(width, height)] = set(MEDIA_BOX.findall(pdf))
    assert abs(float(width) - 595.3) < 1.5 and abs(float(height) - 841.9) < 1.5


def test_the_chart_text_is_in_the_accessibility_tree_in_reading_order(chart, page):
    svg, path = chart
    root = parse(svg)
    page.goto(path.as_uri())
    title = root.find("{http://www.w3.org/2000/svg}title").text
    desc = root.find("{http://www.w3.org/2000/svg}desc").text
    snapshot = page.locator(":root").aria_snapshot()
    assert snapshot.startswith(f'- \'img "{title}"\':') or \
        snapshot.startswith(f'- img "{title}":'), snapshot[:200]
    tree = " ".join(snapshot.split())
    place = 0
    for paragraph in paragraphs(root):
        found = tree.find(words(paragraph), place)
        assert found >= 0, f"not in the accessibility tree after {tree[place:place + 80]!r}: " \
                           f"{paragraph!r}"
        place = found
    # The description is the image's, as a screen reader announces it.
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    [image] = [node for node in nodes if node["role"]["value"] == "image"]
    assert image["name"]["value"] == title
    assert image["description"]["value"] == desc


@pytest.mark.parametrize("family", [None, *FONTS], ids=["own stack", *FONTS])
def test_no_drawn_line_is_wider_than_measured_or_leaves_its_box(chart, page, family):
    svg, path = chart
    page.goto(path.as_uri())
    drawn = page.evaluate(DRAWN_WIDTHS, family)
    expected = list(lines(parse(svg)))
    assert len(drawn) == len(expected)
    for width, line in zip(drawn, expected, strict=True):
        measured = text_width(line.text.rstrip(" "), line.size, line.bold)
        assert width <= measured, f"{line.text!r} in {family or FONT_FAMILY}: drawn {width:.2f}, " \
                                  f"measured {measured:.2f}"
        assert line.x + width <= line.box.x + line.box.width, line.text
