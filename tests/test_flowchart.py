"""The one-page printable flowchart of each board (scripts/sitegen/flowchart.py): for every
board in policies/ and both templates, the SVG is well-formed and accessible, says every stage,
its roles and its timescale, the immediate-risk route and the top of the ladder with their
sources, keeps every line inside its box, fits one A4 page and has enough contrast; a made-up
board far longer than any real one still fits.

Each chart's lines are read back from the SVG itself, and where a line sits is worked out the
way it is painted: the last rectangle drawn under a line is its background and its box.
"""

import copy
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from calculator import wording
from calculator.tools.loading import load_policy
from conftest import BOARD_IDS, POLICIES
from scripts.sitegen import flowchart
from scripts.sitegen.flowchart import (
    COLOUR_PAIRS,
    IMMEDIATE_RISK_TITLE,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    TOP_KNOWN,
    flowchart_svg,
    text_width,
    wrap_text,
)

SVG = "{http://www.w3.org/2000/svg}"
TEMPLATES = sorted(path.stem for path in (POLICIES / "template").glob("*.yaml"))
EVERY = [*BOARD_IDS, *TEMPLATES]


def _path(board_id: str) -> Path:
    return POLICIES / f"{board_id}.yaml" if board_id in BOARD_IDS else \
        POLICIES / "template" / f"{board_id}.yaml"


@pytest.fixture(scope="module", params=EVERY)
def board(request) -> dict:
    """Each board, then each template, as the site loads it."""
    return load_policy(_path(request.param), request.param).data


@pytest.fixture(scope="module")
def template() -> dict:
    return load_policy(POLICIES / "template" / "exampleshire.yaml", "exampleshire").data


# ---------------------------------------------------------------------------------------------
# Reading a chart back


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    fill: str

    def holds(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.width and self.y <= y <= self.y + self.height


@dataclass(frozen=True)
class Line:
    text: str
    x: float
    y: float  # baseline
    size: float
    bold: bool
    fill: str
    box: Box  # the last rectangle painted under the line's start


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def lines(root: ET.Element) -> Iterator[Line]:
    """Every line of text, in document (reading) order, with the box painted under it."""
    boxes: list[Box] = []
    for element in root.iter():
        if element.tag == f"{SVG}rect":
            boxes.append(Box(*(float(element.get(name)) for name in
                               ("x", "y", "width", "height")), element.get("fill")))
        elif element.tag == f"{SVG}text":
            size = float(element.get("font-size"))
            for span in element.iter(f"{SVG}tspan"):
                x, y = float(span.get("x")), float(span.get("y"))
                under = [box for box in boxes if box.holds(x, y - size / 2)]
                assert under, f"no background under {span.text!r}"
                yield Line(span.text or "", x, y, size, element.get("font-weight") == "bold",
                           element.get("fill"), under[-1])


def paragraphs(root: ET.Element) -> list[str]:
    """Each <text>'s words, its lines joined (a line broken at a space ends with it)."""
    return ["".join(span.text or "" for span in text.iter(f"{SVG}tspan"))
            for text in root.iter(f"{SVG}text")]


def words(text: str) -> str:
    return " ".join(text.split())


def shown(root: ET.Element) -> str:
    """The chart's text, in reading order, whitespace collapsed."""
    return words(" ".join(paragraphs(root)))


def sources_line(root: ET.Element) -> str:
    [line] = [paragraph for paragraph in paragraphs(root) if paragraph.startswith("Sources: ")]
    return words(line)


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        red, green, blue = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                            for c in channels]
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# ---------------------------------------------------------------------------------------------
# Made-up boards


def incomplete(board: Mapping) -> dict:
    """The board with only part of its ladder held: no final_say, `ladder.complete` false."""
    part = copy.deepcopy(dict(board))
    part["ladder"] = {"complete": False,
                      "words": "The copy we hold stops after the last stage here; the stages "
                               "above it are missing.",
                      "source": "Made-up §9"}
    part.pop("final_say", None)
    return part


LONG_TITLE = ("Escalation to the Joint Strategic Multi-Agency Safeguarding Adults Resolution "
              "Panel of Directors, Assistant Directors, Heads of Service and Designated "
              "Safeguarding Leads of Every Partner Organisation, Convened by the Business "
              "Manager on Behalf of the Independent Chair")
UNBROKEN = "https://example.org/" + "a-very-long-address-with-no-spaces-at-all" * 4


def nine_stages(template: Mapping) -> dict:
    """The template with 9 stages (the template's, copied round and renumbered), one with a
    very long name and one whose text holds a word longer than a line."""
    board = copy.deepcopy(dict(template))
    stages = [copy.deepcopy(board["stages"][index % len(board["stages"])]) for index in range(9)]
    for number, stage in enumerate(stages, start=1):
        stage["number"] = number
    stages[4]["title"] = LONG_TITLE
    stages[6]["your_side"] = {"text": f"See {UNBROKEN} for who acts.", "source": "Made-up §7"}
    board["stages"] = stages
    return board


# ---------------------------------------------------------------------------------------------
# What each chart says


def test_the_chart_is_a_standalone_accessible_svg(board):
    svg = flowchart_svg(board)
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {PAGE_WIDTH:g} {PAGE_HEIGHT:g}"
    assert root.get("width") == root.get("height") == "100%"
    assert root.get("role") == "img"
    title, desc = list(root)[:2]  # at the top, before anything drawn
    assert title.tag == f"{SVG}title" and desc.tag == f"{SVG}desc"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert title.text == f"{board['name']}: escalation flowchart"
    assert f"{len(board['stages'])} stage" in desc.text
    assert "@import" not in svg and "url(" not in svg and "href" not in svg  # nothing fetched


def test_every_stage_shows_its_number_name_roles_and_timescale(board):
    root = parse(flowchart_svg(board))
    text = shown(root)
    for stage in board["stages"]:
        heading = f"Stage {stage['number']}: {stage['title']}"
        assert words(heading) in text, heading
        for said in (stage["your_side"]["text"], stage["other_side"]["text"],
                     stage["timescale"]["words"],
                     *(alternative["words"] for alternative in
                       stage["timescale"].get("alternatives", ()))):
            assert words(said) in text, said
    # In the ladder's order, each stage before the next.
    places = [text.index(f"Stage {stage['number']}: ") for stage in board["stages"]]
    assert places == sorted(places)


def test_the_immediate_risk_route_comes_first(board):
    root = parse(flowchart_svg(board))
    text = shown(root)
    risk = board["immediate_risk"]
    order = wording.immediate_risk_order(bool(risk["contacts"]))
    for said in (IMMEDIATE_RISK_TITLE, order["lead"], order["emergency"], risk["summary"]["text"],
                 *(contact["name"] for contact in risk["contacts"]),
                 *(contact["phone"] for contact in risk["contacts"] if contact.get("phone"))):
        assert words(said) in text, said
    assert text.index(IMMEDIATE_RISK_TITLE) < text.index("Stage 1: ")


def test_the_top_of_the_ladder_names_who_decides(board):
    text = shown(parse(flowchart_svg(board)))
    if board.get("ladder") and not board["ladder"]["complete"]:
        pytest.skip("this board's ladder is incomplete (see the next test)")
    top = f"{TOP_KNOWN} {words(board['final_say']['text'])}"
    assert top in text
    assert text.index(top) > text.index(f"Stage {len(board['stages'])}: ")
    assert "We hold only part" not in text


def test_an_incomplete_ladder_names_nobody_and_says_it_is_partial(board):
    part = incomplete(board)
    text = shown(parse(flowchart_svg(part)))
    assert TOP_KNOWN not in text
    if board.get("final_say"):
        assert words(board["final_say"]["text"]) not in text
    warning = wording.ladder_gap_warning(part["ladder"]["words"], part["ladder"]["source"])
    assert words(warning) in text
    assert "We hold only part of this procedure" in text


def test_every_fact_has_its_source_at_the_foot(board):
    root = parse(flowchart_svg(board))
    text, foot = shown(root), sources_line(root)
    listed = dict(re.findall(r"\[(\d+)\] (.+?)(?= \[\d+\] |$)", foot.removeprefix("Sources: ")))
    assert list(listed) == [str(number) for number in range(1, len(listed) + 1)]
    cited = {words(source) for source in listed.values()}
    facts = [board["immediate_risk"]["summary"], board.get("final_say"),
             *board["immediate_risk"]["contacts"]]
    for stage in board["stages"]:
        facts += [stage, stage["your_side"], stage["other_side"], stage["timescale"],
                  *stage["timescale"].get("alternatives", ())]
    for fact in filter(None, facts):
        assert words(fact["source"]) in cited, fact["source"]
    # Each fact's marker points at its own source.
    for stage in board["stages"]:
        number = next(key for key, source in listed.items()
                      if source == words(stage["your_side"]["source"]))
        assert f"{words(stage['your_side']['text'])} [{number}]" in text
    # Every marker in the chart has a source at the foot.
    body = text[:text.index("Sources: ")]
    assert {int(marker) for marker in re.findall(r"\[(\d+)\]", body)} <= \
        {int(key) for key in listed}


def test_the_same_board_gives_the_same_bytes(board):
    assert flowchart_svg(board) == flowchart_svg(copy.deepcopy(board))


# ---------------------------------------------------------------------------------------------
# Fitting: every line inside its box, every box on the page


def assert_fits(svg: str) -> list[Line]:
    root = parse(svg)
    found = list(lines(root))
    assert found
    for line in found:
        right = line.x + text_width(line.text.rstrip(" "), line.size, line.bold)
        box = line.box
        where = f"{line.text!r} in the box at y={box.y}"
        assert box.x <= line.x and right <= box.x + box.width, where
        assert box.y <= line.y - line.size and line.y + line.size * 0.25 <= box.y + box.height, \
            where
        assert line.x >= MARGIN and right <= PAGE_WIDTH - MARGIN, where
        assert line.y - line.size >= MARGIN and line.y <= PAGE_HEIGHT - MARGIN, where
    for rect in root.iter(f"{SVG}rect"):
        x, y, width, height = (float(rect.get(name)) for name in ("x", "y", "width", "height"))
        assert x >= 0 and x + width <= PAGE_WIDTH and y >= 0 and y + height <= PAGE_HEIGHT
    for path in root.iter(f"{SVG}path"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
        assert all(0 <= number <= PAGE_HEIGHT for number in numbers)
    return found


def test_no_line_leaves_its_box_and_the_chart_fits_one_page(board):
    assert_fits(flowchart_svg(board))


def test_a_board_far_longer_than_any_real_one_still_fits_one_page(template):
    board = nine_stages(template)
    svg = flowchart_svg(board)
    found = assert_fits(svg)
    text = shown(parse(svg))
    for stage in board["stages"]:
        assert words(f"Stage {stage['number']}: {stage['title']}") in text
    # It fits by setting the text smaller and wrapping it, never by leaving anything out.
    assert max(line.size for line in found if not line.bold) < flowchart.LARGEST
    assert any(line.text.startswith("Stage 5: ") and line.text.endswith(" ") for line in found)
    # The word longer than a line is cut into pieces that each fit, and nothing is lost.
    assert not any(UNBROKEN in line.text for line in found)
    assert UNBROKEN in "".join(line.text for line in found)


def test_a_short_board_keeps_the_largest_text(template):
    board = copy.deepcopy(dict(template))
    board["stages"], board["deadlines"] = board["stages"][:1], []
    sizes = {line.size for line in assert_fits(flowchart_svg(board))}
    assert max(sizes) > flowchart.LARGEST  # the title, larger than the body...
    assert flowchart.LARGEST in sizes  # ...which is at its largest


def test_text_is_escaped(template):
    board = copy.deepcopy(dict(template))
    board["name"] = 'Tricky <Board> & "Partners"'
    board["stages"][0]["title"] = "Talk <b>first</b> & then & again"
    svg = flowchart_svg(board)
    root = parse(svg)
    assert "<b>" not in svg
    assert "Stage 1: Talk <b>first</b> & then & again" in shown(root)
    assert root.find(f"{SVG}title").text == 'Tricky <Board> & "Partners": escalation flowchart'


# ---------------------------------------------------------------------------------------------
# Colours


def test_every_line_has_enough_contrast_with_what_is_under_it(board):
    for line in lines(parse(flowchart_svg(board))):
        ratio = contrast(line.fill, line.box.fill)
        assert ratio >= 4.5, f"{line.text!r}: {line.fill} on {line.box.fill} is {ratio:.2f}:1"


def test_every_colour_pair_the_chart_uses_has_enough_contrast():
    for ink, paper in COLOUR_PAIRS:
        assert contrast(ink, paper) >= 4.5, (ink, paper)


def test_the_contrast_check_can_fail():
    assert contrast("#767676", "#ffffff") >= 4.5 > contrast("#777777", "#ffffff")
    assert round(contrast("#000000", "#ffffff"), 2) == 21


# ---------------------------------------------------------------------------------------------
# Wrapping


WRAPPED = [
    "Within 2 working days of the day the disagreement was raised.",
    "A word far too long for one line: " + UNBROKEN + " and after it.",
    "  spaces   collapsed\tand\nnewlines too ",
    "§1\u2019s “quoted” 5\u201310 working days — é",
]


@pytest.mark.parametrize("text", WRAPPED)
@pytest.mark.parametrize("bold", [False, True])
def test_wrapped_lines_fit_and_give_the_text_back(text, bold):
    found = wrap_text(text, 40.0, 3.0, bold)
    assert "".join(found) == words(text)
    assert all(text_width(line.rstrip(" "), 3.0, bold) <= 40.0 for line in found)
    assert all(line.strip() for line in found)


def test_widths_are_wider_for_wider_text():
    assert text_width("W", 3.0) > text_width("i", 3.0)
    assert text_width("m", 3.0, bold=True) > text_width("m", 3.0)
    assert text_width("mm", 6.0) == pytest.approx(2 * text_width("mm", 3.0))
    assert text_width("\u4e00", 3.0) > text_width("W", 3.0, bold=True)  # unknown: wide
