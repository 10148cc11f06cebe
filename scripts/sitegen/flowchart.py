"""A board's escalation ladder as a one-page printable flowchart: a standalone SVG document,
A4 portrait, generated from the board's data (policies/<id>.yaml as `load_policy` reads it).

Top to bottom: the board, what to do if someone is at immediate risk, a box per stage (its
number and title, who acts on each side, its timescale in the procedure's words), arrows
between them, then who decides at the top (or, for a ladder we hold only part of, that the top
is not known), the overall deadlines, how the dates are counted, and a footnote line of every
source clause that a "[n]" after each fact points to.

Pure: board data in, text out, the same bytes for the same data. Every sentence comes from the
data or from the functions the pages and the plan use (calculator/wording.py, pages.py), so a
timescale or a role is never phrased a second way. Text is wrapped by `text_width`, a
conservative estimate (the widest of DejaVu Sans and Liberation Sans, glyph by glyph, rounded
up, plus a margin), and the whole chart shrinks until it fits the page, so a line never runs out
of its box and the chart never runs onto a second page.
"""

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from calculator import wording
from scripts.sitegen.pages import board_counting_note, ladder_gap

# ---------------------------------------------------------------------------------------------
# Measuring text

#: Advance widths in thousandths of an em, the larger of DejaVu Sans and Liberation Sans (as
#: Chromium measures them) rounded up to a multiple of 50: DejaVu is as wide as Verdana, the
#: widest font of the stack, and Liberation is metric-compatible with Arial and Helvetica.
_REGULAR = {
    300: "'Iijl", 350: " ,./:;\\|\u2019\u2018·", 400: "()-[]ft", 450: "!r",
    500: "\"*J`°", 550: "csz“”", 600: "?L_kvxy§\u2013•", 650: "0123456789$FTabdeghnopqu{}é£€",
    700: "ABEKPSVXYZ", 750: "CNRU", 800: "&DGHOQ", 850: "#+<=>^w~", 900: "M", 950: "%",
    1000: "Wm—…½", 1050: "@",
}
_BOLD = {
    350: " 'ijl", 400: ",./:;I\\|\u2019\u2018·", 450: "-f", 500: "!()[]`rt°", 550: "\"*",
    600: "J_csz§\u2013", 650: "?Lx•", 700: "0123456789$EFTaekovy“”é£€", 750: "CPSYZbdghnpqu{}",
    800: "ABKRVX", 850: "#+<=>DGHNOQU^~", 900: "&", 950: "w", 1000: "@M—…", 1050: "%m½",
    1150: "W",
}
#: Any other character (a letter with an accent, a symbol): wider than any glyph above.
_UNKNOWN = 1200
#: For a font of the stack wider than the two measured (a rounding, a hinted size).
_MARGIN = 1.05


def _table(groups: Mapping[int, str]) -> dict[str, int]:
    return {char: width for width, chars in groups.items() for char in chars}


_WIDTHS = {False: _table(_REGULAR), True: _table(_BOLD)}

#: The font stack: system fonts only, so the file needs nothing else to show or print.
FONT_FAMILY = ("Verdana, 'DejaVu Sans', 'Bitstream Vera Sans', Tahoma, Arial, "
               "'Liberation Sans', Helvetica, sans-serif")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` set at `size` (user units, mm), never less than any font of
    FONT_FAMILY draws it."""
    widths = _WIDTHS[bold]
    return sum(widths.get(char, _UNKNOWN) for char in text) * size / 1000 * _MARGIN


def _split_long(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word wider than a whole line, in pieces that each fit (at least a character each)."""
    pieces, piece = [], ""
    for char in word:
        if piece and text_width(piece + char, size, bold) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


def wrap_text(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `width` by `text_width`. A line broken at a space keeps
    that space at its end, so the lines joined give the text back (whitespace collapsed) and a
    screen reader or a copy reads the words apart; the space is not counted, as it draws
    nothing."""
    lines: list[str] = []
    line = ""
    for word in " ".join(str(text).split()).split(" "):
        if not word:
            continue
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line + " ")
        pieces = _split_long(word, width, size, bold)
        lines += pieces[:-1]
        line = pieces[-1]
    return [*lines, line] if line else lines


# ---------------------------------------------------------------------------------------------
# The page and its colours (each pair of text and background meets WCAG AA, 4.5:1 or more)

PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0  # A4 portrait, in mm
MARGIN = 10.0
LARGEST = 3.4  # body text, in mm (about 9.6 pt): the size a chart with room to spare gets
SHRINK = 0.85  # each try at fitting the page sets the text this much smaller...
FIT_STEPS = 6  # ...then this many halvings of the step find the largest that fits

INK = "#1b1b1b"
PAPER = "#ffffff"
STAGE_BAND = "#1d3a6e"  # a stage's heading band, with PAPER text
STAGE_FILL = "#f2f5fa"
STAGE_EDGE = "#1d3a6e"
RISK_FILL = "#fdecea"
RISK_EDGE = "#a50e0e"
RISK_INK = "#8a0b0b"
TOP_FILL = "#e9f2e6"
TOP_EDGE = "#2e5e1f"
GAP_FILL = "#fff4d6"
GAP_EDGE = "#8a5a00"
NOTE_INK = "#3a3a3a"

#: The colours a text is set in, each with the backgrounds it is set on (tests check them all).
COLOUR_PAIRS = (
    (INK, PAPER), (INK, STAGE_FILL), (INK, RISK_FILL), (INK, TOP_FILL), (INK, GAP_FILL),
    (PAPER, STAGE_BAND), (RISK_INK, RISK_FILL), (NOTE_INK, PAPER),
)


@dataclass(frozen=True)
class _Sizes:
    """Every length of the chart for one body text size: all of them scale with the text."""

    body: float

    @property
    def title(self) -> float:
        return self.body * 1.45

    @property
    def heading(self) -> float:
        return self.body * 1.1

    @property
    def small(self) -> float:
        return self.body * 0.85

    @property
    def pad(self) -> float:
        return self.body * 0.7

    @property
    def gutter(self) -> float:  # the width of a row's label, left of its text
        return self.body * 10.5

    @property
    def arrow(self) -> float:  # the space between two boxes, an arrow's length
        return self.body * 2.4

    @property
    def space(self) -> float:  # between two boxes with no arrow
        return self.body * 1.2


def _line_height(size: float) -> float:
    return size * 1.25


# ---------------------------------------------------------------------------------------------
# Sources: a "[n]" after each fact, and the list of them at the foot


@dataclass
class _Sources:
    order: list[str] = field(default_factory=list)

    def mark(self, source: str) -> str:
        """' [n]' for `source`, numbered in reading order, one number per distinct source."""
        source = " ".join(str(source).split())
        if source not in self.order:
            self.order.append(source)
        return f" [{self.order.index(source) + 1}]"

    def fact(self, fact: Mapping) -> str:
        return f"{fact['text']}{self.mark(fact['source'])}"

    def line(self) -> str:
        return "Sources: " + " ".join(f"[{number}] {source}" for number, source in
                                      enumerate(self.order, start=1))


# ---------------------------------------------------------------------------------------------
# Drawing: a list of shapes, then SVG


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str | None = None


@dataclass(frozen=True)
class _Text:
    x: float
    y: float  # the first line's top
    lines: tuple[str, ...]
    size: float
    bold: bool = False
    fill: str = INK

    @property
    def height(self) -> float:
        return len(self.lines) * _line_height(self.size)


@dataclass(frozen=True)
class _Arrow:
    x: float
    top: float
    bottom: float
    label: str
    size: float


_Shape = _Rect | _Text | _Arrow


def _font_size(size: float) -> float:
    """A size as the SVG writes it (two decimals), rounded down so that the text drawn is
    never larger than the text measured."""
    return math.floor(size * 100) / 100


def _text(x: float, y: float, text: str, width: float, size: float, bold: bool = False,
          fill: str = INK) -> _Text:
    size = _font_size(size)
    return _Text(x, y, tuple(wrap_text(text, width, size, bold)), size, bold, fill)


def _rows(rows: Sequence[tuple[str, str]], x: float, y: float, width: float,
          sizes: _Sizes) -> tuple[list[_Shape], float]:
    """Label-and-text rows, the label in a gutter on the left; returns the shapes and the
    bottom of the last row."""
    shapes: list[_Shape] = []
    text_x = x + sizes.gutter + sizes.pad
    for label, text in rows:
        label_shape = _text(x, y, label, sizes.gutter, sizes.body, bold=True)
        text_shape = _text(text_x, y, text, width - (text_x - x), sizes.body)
        shapes += [label_shape, text_shape]
        y += max(label_shape.height, text_shape.height) + sizes.pad * 0.5
    return shapes, y


def _box(y: float, sizes: _Sizes, fill: str, edge: str, heading: str | None,
         heading_fill: str | None, rows: Sequence[tuple[str, str]] = (),
         paragraphs: Sequence[tuple[str, bool, str]] = ()) -> tuple[list[_Shape], float]:
    """A box across the page: an optional heading (on a band of `heading_fill`, or on the box's
    own fill), then paragraphs (text, bold, colour), then label-and-text rows."""
    x, width = MARGIN, PAGE_WIDTH - 2 * MARGIN
    inner_x, inner_width = x + sizes.pad, width - 2 * sizes.pad
    inside: list[_Shape] = []
    cursor = y + sizes.pad
    band: list[_Shape] = []
    if heading:
        colour = PAPER if heading_fill else INK
        title = _text(inner_x, cursor, heading, inner_width, sizes.heading, True, colour)
        if heading_fill:
            band = [_Rect(x, y, width, title.height + 2 * sizes.pad, heading_fill)]
            cursor = y + title.height + 2 * sizes.pad + sizes.pad
        else:
            cursor += title.height + sizes.pad * 0.5
        inside.append(title)
    for text, bold, colour in paragraphs:
        shape = _text(inner_x, cursor, text, inner_width, sizes.body, bold, colour)
        inside.append(shape)
        cursor += shape.height + sizes.pad * 0.5
    row_shapes, cursor = _rows(rows, inner_x, cursor, inner_width, sizes)
    bottom = cursor + sizes.pad * 0.5
    frame = _Rect(x, y, width, bottom - y, fill, edge)
    return [frame, *band, *inside, *row_shapes], bottom


# ---------------------------------------------------------------------------------------------
# The chart's parts, top to bottom (each takes the top and returns its shapes and its bottom)

IMMEDIATE_RISK_TITLE = "If someone is at immediate risk"
ARROW_LABEL = "Not resolved"
#: A stage's rows: who acts on your side, and whom you deal with on the other.
YOUR_SIDE, OTHER_SIDE = "Your side", "Other side"


def _header(board: Mapping, y: float, sizes: _Sizes,
            sources: _Sources) -> tuple[list[_Shape], float]:
    """The board's name and the procedure it is drawn from (`sources`: unused, as every part
    takes them)."""
    width = PAGE_WIDTH - 2 * MARGIN
    name = _text(MARGIN, y, board["name"], width, sizes.title, bold=True)
    y += name.height + sizes.pad * 0.4
    document = board["source_document"]
    version = f"version {document['version']}" if document["version"] else "no version stated"
    about = _text(MARGIN, y, f"Escalation when professionals disagree: the stages of "
                             f"{document['title']} ({version}), in our own plain words.",
                  width, sizes.body, fill=NOTE_INK)
    return [name, about], y + about.height + sizes.pad


def _risk_contact(contact: Mapping, sources: _Sources) -> str:
    phone = f": {contact['phone']}" if contact.get("phone") else ""
    return f"{contact['name']} (for {contact['for']}){phone}{sources.mark(contact['source'])}"


def _immediate_risk(board: Mapping, y: float, sizes: _Sizes,
                    sources: _Sources) -> tuple[list[_Shape], float]:
    """The board's own route first where it names one, 999 first where it names none, as the
    board's page says it (wording.immediate_risk_order)."""
    risk = board["immediate_risk"]
    order = wording.immediate_risk_order(bool(risk["contacts"]))
    route = [(sources.fact(risk["summary"]), False, INK),
             *((_risk_contact(contact, sources), False, INK) for contact in risk["contacts"])]
    lead = (order["lead"], False, INK)
    emergency = (order["emergency"], True, RISK_INK)
    paragraphs = [lead, *route, emergency] if order["route_first"] else \
        [lead, emergency, *route]
    shapes, bottom = _box(y, sizes, RISK_FILL, RISK_EDGE, IMMEDIATE_RISK_TITLE, None,
                          paragraphs=paragraphs)
    return shapes, bottom + sizes.space


def _agency_names(board: Mapping, ids: Sequence[str]) -> str:
    names = {agency["id"]: agency["name"] for agency in board["agencies"]}
    return wording.and_list([names.get(agency, agency) for agency in ids])


def _stage_rows(board: Mapping, stage: Mapping, sources: _Sources) -> list[tuple[str, str]]:
    rows = []
    if stage.get("agencies"):
        rows.append(("Only for", f"{_agency_names(board, stage['agencies'])}; other agencies "
                                 f"go straight to the next stage{sources.mark(stage['source'])}"))
    timescale = stage["timescale"]
    rows += [
        (YOUR_SIDE, sources.fact(stage["your_side"])),
        (OTHER_SIDE, sources.fact(stage["other_side"])),
        ("Timescale", f"{timescale['words']}{sources.mark(timescale['source'])}"),
        *(("Another reading", f"{alternative['words']}{sources.mark(alternative['source'])}")
          for alternative in timescale.get("alternatives", ())),
    ]
    escalate = stage.get("escalate_within")
    if escalate:
        rows.append(("Time to escalate",
                     f"{escalate['words']} {wording.escalate_within_note(stage['number'] + 1)}"
                     f"{sources.mark(escalate['source'])}"))
    return rows


def _stage(board: Mapping, stage: Mapping, y: float, sizes: _Sizes,
           sources: _Sources) -> tuple[list[_Shape], float]:
    heading = f"Stage {stage['number']}: {stage['title']}{sources.mark(stage['source'])}"
    return _box(y, sizes, STAGE_FILL, STAGE_EDGE, heading, STAGE_BAND,
                rows=_stage_rows(board, stage, sources))


TOP_KNOWN = "Who decides at the top"
TOP_NOT_KNOWN = "The top of the ladder: not known"


def _top(board: Mapping, y: float, sizes: _Sizes, sources: _Sources) -> tuple[list[_Shape], float]:
    """Who decides last; for a ladder we hold only part of, nobody, and the calculator's own
    warning that the highest stage here may not be the last."""
    gap = ladder_gap(board)
    if gap is None:
        return _box(y, sizes, TOP_FILL, TOP_EDGE, TOP_KNOWN, None,
                    paragraphs=[(sources.fact(board["final_say"]), False, INK)])
    # The calculator's own warning, which cites its source in its words.
    warning = wording.ladder_gap_warning(gap["text"], gap["source"])
    return _box(y, sizes, GAP_FILL, GAP_EDGE, TOP_NOT_KNOWN, None,
                paragraphs=[(warning, False, INK)])


def _deadlines(board: Mapping, y: float, sizes: _Sizes,
               sources: _Sources) -> tuple[list[_Shape], float]:
    if not board["deadlines"]:
        return [], y
    paragraphs = []
    for deadline in board["deadlines"]:
        timescale = deadline["timescale"]
        paragraphs.append((f"{deadline['label']}: {timescale['words']}"
                           f"{sources.mark(timescale['source'])}", False, INK))
        paragraphs += [(f"Another reading: {alternative['words']}"
                        f"{sources.mark(alternative['source'])}", False, INK)
                       for alternative in timescale.get("alternatives", ())]
    shapes, bottom = _box(y, sizes, PAPER, INK, "Overall deadlines", None, paragraphs=paragraphs)
    return shapes, bottom + sizes.space


def _ladder(board: Mapping, y: float, sizes: _Sizes,
            sources: _Sources) -> tuple[list[_Shape], float]:
    """The stages, an arrow from each to the next, then an arrow to the top."""
    shapes: list[_Shape] = []
    arrow_x = MARGIN + (PAGE_WIDTH - 2 * MARGIN) / 2
    boxes = [lambda top, stage=stage: _stage(board, stage, top, sizes, sources)
             for stage in board["stages"]]
    boxes.append(lambda top: _top(board, top, sizes, sources))
    for index, draw in enumerate(boxes):
        if index:
            label = ARROW_LABEL if index < len(board["stages"]) else ""
            shapes.append(_Arrow(arrow_x, y, y + sizes.arrow, label, sizes.body))
            y += sizes.arrow
        drawn, y = draw(y)
        shapes += drawn
    return shapes, y + sizes.space


def _foot(board: Mapping, y: float, sizes: _Sizes,
          sources: _Sources) -> tuple[list[_Shape], float]:
    width = PAGE_WIDTH - 2 * MARGIN
    shapes = []
    for text in (board_counting_note(board),
                 "Our own plain-words summary of the procedure, made from this guide's data; "
                 "if anything here differs from the Board's current procedure, the procedure "
                 "applies.",
                 sources.line()):
        shape = _text(MARGIN, y, text, width, sizes.small, fill=NOTE_INK)
        shapes.append(shape)
        y += shape.height + sizes.pad * 0.5
    return shapes, y


def _layout(board: Mapping, sizes: _Sizes) -> tuple[list[_Shape], float]:
    """Every shape of the chart at one text size, and the bottom of the last."""
    sources = _Sources()
    shapes: list[_Shape] = []
    y = MARGIN
    for part in (_header, _immediate_risk, _ladder, _deadlines, _foot):
        drawn, y = part(board, y, sizes, sources)
        shapes += drawn
    return shapes, y


def _fits(board: Mapping, size: float) -> list[_Shape] | None:
    shapes, bottom = _layout(board, _Sizes(size))
    return shapes if bottom <= PAGE_HEIGHT - MARGIN else None


def fitted_layout(board: Mapping) -> tuple[list[_Shape], float]:
    """The chart's shapes at the largest text size that ends above the bottom margin, and that
    size: LARGEST if it fits, else smaller by SHRINK until one does, then halfway back towards
    the last that did not, FIT_STEPS times. Every length scales with the text, so small
    enough a size always fits: the search ends for any data."""
    size, too_large = LARGEST, None
    shapes = _fits(board, size)
    while shapes is None:
        too_large, size = size, size * SHRINK
        shapes = _fits(board, size)
    for _ in range(FIT_STEPS if too_large else 0):
        middle = (size + too_large) / 2
        found = _fits(board, middle)
        if found is None:
            too_large = middle
        else:
            size, shapes = middle, found
    return shapes, size


# ---------------------------------------------------------------------------------------------
# SVG

#: Characters XML 1.0 cannot hold at all (the board check refuses them; a chart never fails).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_escape(text: str) -> str:
    """`text` as XML character data or an attribute value in double quotes."""
    text = _NOT_XML.sub("", str(text))
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _n(value: float) -> str:
    """A length with at most two decimals, the same text for the same value."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _svg_rect(rect: _Rect) -> str:
    stroke = f' stroke="{rect.stroke}" stroke-width="0.4"' if rect.stroke else ""
    return (f'<rect x="{_n(rect.x)}" y="{_n(rect.y)}" width="{_n(rect.width)}" '
            f'height="{_n(rect.height)}" fill="{rect.fill}"{stroke}/>')


def _svg_text(text: _Text) -> str:
    """One paragraph: a <text> with a <tspan> per line, in reading order."""
    weight = ' font-weight="bold"' if text.bold else ""
    line_height = _line_height(text.size)
    spans = "".join(
        f'<tspan x="{_n(text.x)}" y="{_n(text.y + line_height * index + text.size)}">'
        f"{xml_escape(line)}</tspan>"
        for index, line in enumerate(text.lines))
    return f'<text font-size="{_n(text.size)}"{weight} fill="{text.fill}">{spans}</text>'


def _svg_arrow(arrow: _Arrow) -> str:
    head = arrow.size * 0.9
    line = (f'<path d="M{_n(arrow.x)} {_n(arrow.top)}V{_n(arrow.bottom - head)}" '
            f'stroke="{INK}" stroke-width="0.5" fill="none"/>'
            f'<path d="M{_n(arrow.x - head / 2)} {_n(arrow.bottom - head)}'
            f'H{_n(arrow.x + head / 2)}L{_n(arrow.x)} {_n(arrow.bottom)}Z" fill="{INK}"/>')
    if not arrow.label:
        return line
    label = _Text(arrow.x + head, arrow.top + (arrow.bottom - arrow.top - arrow.size * 1.25) / 2,
                  (arrow.label,), _font_size(arrow.size), True)
    return line + _svg_text(label)


def _svg_shape(shape: _Shape) -> str:
    if isinstance(shape, _Rect):
        return _svg_rect(shape)
    if isinstance(shape, _Text):
        return _svg_text(shape)
    return _svg_arrow(shape)


def _description(board: Mapping) -> str:
    stages = board["stages"]
    first, last = stages[0], stages[-1]
    top = ("who decides at the top" if ladder_gap(board) is None
           else "a warning that we hold only part of this procedure, so nobody is named at "
                "the top")
    return (f"A one-page flowchart of the {board['name']}'s escalation procedure, top to "
            f"bottom: what to do if someone is at immediate risk, then {len(stages)} "
            f"{'stage' if len(stages) == 1 else 'stages'}, from stage 1, {first['title']}, to "
            f"stage {last['number']}, {last['title']}, each with who acts on each side and its "
            f"timescale, then {top}. Every fact is followed by a number in brackets; the "
            "sources are listed at the foot.")


def flowchart_svg(board: Mapping) -> str:
    """The board's flowchart: a complete standalone SVG document, A4 portrait (210 by 297 user
    units, millimetres on paper), scaling to fill whatever holds it."""
    shapes, _ = fitted_layout(board)
    prefix = xml_escape(f"flowchart-{board['id']}")
    body = "\n".join(_svg_shape(shape) for shape in shapes)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" xml:lang="en" '
        f'viewBox="0 0 {_n(PAGE_WIDTH)} {_n(PAGE_HEIGHT)}" width="100%" height="100%" '
        f'role="img" aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc" '
        f'font-family="{xml_escape(FONT_FAMILY)}" text-rendering="geometricPrecision">\n'
        f'<title id="{prefix}-title">{xml_escape(board["name"])}: escalation flowchart</title>\n'
        f'<desc id="{prefix}-desc">{xml_escape(_description(board))}</desc>\n'
        f'<rect x="0" y="0" width="{_n(PAGE_WIDTH)}" height="{_n(PAGE_HEIGHT)}" '
        f'fill="{PAPER}"/>\n'
        f"{body}\n"
        "</svg>\n"
    )
