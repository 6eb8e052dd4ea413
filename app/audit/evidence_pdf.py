"""A case's PDF summary: the diagram with the path it took, its steps, its SLA outcome and its chain's head.

Drawn with fpdf2 in a CJK font (Noto Sans CJK by default), embedded as a subset, so Chinese names and notes read
correctly on any machine. The caller passes every text already in the reader's language.

fpdf2 parses the font file for every PDF and subsets it again when it writes one: on a CJK collection of 65,000
glyphs that cost about a second a case. An export therefore cuts the font down once to the characters of all its
summaries (font_for) and draws every summary with that small font.
"""
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from app.audit.diagram_layout import Box, DiagramLayout, DrawnShape
from app.platform.errors import ServiceError

FONT = "cjk"
PAGE_MARGIN_MM = 12
DIAGRAM_TOP_MM = 34
GREY = (150, 150, 150)
DONE = (46, 125, 50)       # passed elements and taken flows
ACTIVE = (230, 120, 0)     # where the case waits now
DONE_FILL = (225, 242, 226)
ACTIVE_FILL = (255, 236, 210)
HEADING = FontFace(emphasis="", fill_color=(235, 235, 235))  # no bold face of the CJK font is registered
EVENT_KINDS = ("startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent")
CONTAINER_KINDS = ("participant", "lane", "subProcess", "transaction", "adHocSubProcess")


class FontMissing(ServiceError):
    """The CJK font of the PDF summaries is not installed."""


@dataclass(frozen=True)
class PdfFont:
    """The font file the summaries are drawn with, and which face of a collection (.ttc)."""

    path: str
    number: int = 0


@dataclass(frozen=True)
class CaseSummary:
    """Everything a case's summary shows, every text already translated."""

    title: str
    facts: Sequence[tuple[str, str]]  # label, value
    layout: DiagramLayout
    names: dict[str, str]  # element id -> name in the reader's language
    done: frozenset[str]
    active: frozenset[str]
    taken: frozenset[str]
    legend: tuple[str, str]  # passed, waiting
    steps_title: str
    steps_header: tuple[str, ...]
    steps: Sequence[tuple[str, ...]]
    sla_title: str
    sla: Sequence[tuple[str, str]] = field(default_factory=tuple)
    chain_title: str = ""
    chain: Sequence[tuple[str, str]] = field(default_factory=tuple)


PRINTABLE_ASCII = frozenset(range(0x20, 0x7F))  # what the layout itself writes (": ", digits) is always there


def summary_texts(summary: CaseSummary) -> Iterator[str]:
    """Yield every text a summary draws."""
    yield summary.title
    yield from summary.legend
    yield from (summary.steps_title, summary.sla_title, summary.chain_title, *summary.steps_header)
    yield from summary.names.values()
    yield from (shape.name for shape in summary.layout.shapes)
    for pairs in (summary.facts, summary.sla, summary.chain):
        for label, value in pairs:
            yield label
            yield value
    for row in summary.steps:
        yield from row


@contextmanager
def font_for(font: PdfFont, summaries: Iterable[CaseSummary]) -> Iterator[PdfFont]:
    """Yield the font cut down to the characters the summaries draw, in a file that lasts as long as the block."""
    check_font(font)
    characters = {ord(character) for summary in summaries for text in summary_texts(summary) for character in text}
    options = subset.Options()
    options.name_IDs, options.name_languages = ["*"], ["*"]  # fpdf2 names the embedded font from the name table
    options.layout_features = []  # fpdf2 draws without shaping
    options.notdef_outline, options.recalc_timestamp = True, False
    with tempfile.TemporaryDirectory(prefix="flowdesk-evidence-") as folder, \
            TTFont(font.path, fontNumber=font.number, recalcTimestamp=False) as face:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=characters | PRINTABLE_ASCII)
        subsetter.subset(face)
        path = Path(folder) / "summary-font.otf"
        face.save(str(path))
        yield PdfFont(str(path))


def render_summary(summary: CaseSummary, font: PdfFont) -> bytes:
    """Return the summary as PDF bytes: page 1 the diagram, then the steps, the SLA outcome and the chain."""
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=PAGE_MARGIN_MM)
    pdf.set_margins(PAGE_MARGIN_MM, PAGE_MARGIN_MM)
    add_font(pdf, font)
    pdf.add_page()
    write_heading(pdf, summary)
    draw_diagram(pdf, summary)
    pdf.add_page()
    write_table(pdf, summary.steps_title, summary.steps_header, summary.steps, (12, 38, 40, 60, 55, 72))
    write_pairs(pdf, summary.sla_title, summary.sla)
    write_pairs(pdf, summary.chain_title, summary.chain)
    return bytes(pdf.output())


def add_font(pdf: FPDF, font: PdfFont) -> None:
    """Register the CJK font, or say how to install it."""
    check_font(font)
    pdf.add_font(FONT, fname=font.path, collection_font_number=font.number)


def check_font(font: PdfFont) -> None:
    """Refuse a font file that is not there, saying how to install one."""
    if not Path(font.path).is_file():
        raise FontMissing(f"The evidence summaries need a CJK font and {font.path} does not exist. Install one "
                          "(Debian: apt-get install fonts-noto-cjk) or name it in FLOWDESK_EVIDENCE_FONT_FILE.")


def write_heading(pdf: FPDF, summary: CaseSummary) -> None:
    """Write the title and the case's facts on one line each."""
    pdf.set_font(FONT, size=15)
    pdf.cell(0, 8, summary.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=8.5)
    facts = "    ".join(f"{label}: {value}" for label, value in summary.facts)
    pdf.multi_cell(0, 4.5, facts, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def draw_diagram(pdf: FPDF, summary: CaseSummary) -> None:
    """Draw the diagram scaled into the rest of the page, the path taken in green and what waits in orange."""
    bounds = summary.layout.bounds()
    top = max(pdf.get_y() + 4, DIAGRAM_TOP_MM)
    width = pdf.w - 2 * PAGE_MARGIN_MM
    height = pdf.h - top - PAGE_MARGIN_MM - 8
    scale = min(width / bounds.width, height / bounds.height, 0.45)
    place = Placement(bounds, scale, PAGE_MARGIN_MM, top)
    for shape in summary.layout.shapes:
        if shape.kind in CONTAINER_KINDS:
            draw_container(pdf, place, shape, summary)
    for edge in summary.layout.edges:
        taken = edge.element_id in summary.taken
        draw_edge(pdf, [place.point(x, y) for x, y in edge.points], DONE if taken else GREY, 0.6 if taken else 0.2)
    for shape in summary.layout.shapes:
        if shape.kind not in CONTAINER_KINDS:
            draw_shape(pdf, place, shape, summary)
    draw_legend(pdf, summary, top + bounds.height * scale + 3)


@dataclass(frozen=True)
class Placement:
    """How diagram units map to the page: the diagram's bounds, the scale and the page corner."""

    bounds: Box
    scale: float
    left: float
    top: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        """Return a diagram point on the page."""
        return self.left + (x - self.bounds.x) * self.scale, self.top + (y - self.bounds.y) * self.scale

    def box(self, box: Box) -> Box:
        """Return a diagram box on the page."""
        x, y = self.point(box.x, box.y)
        return Box(x, y, box.width * self.scale, box.height * self.scale)


def state_colours(shape: DrawnShape, summary: CaseSummary) -> tuple[tuple[int, int, int], tuple[int, int, int], float]:
    """Return the line colour, fill colour and line width of a shape by where the case is."""
    if shape.element_id in summary.active:
        return ACTIVE, ACTIVE_FILL, 0.6
    if shape.element_id in summary.done:
        return DONE, DONE_FILL, 0.5
    return GREY, (255, 255, 255), 0.25


def draw_container(pdf: FPDF, place: Placement, shape: DrawnShape, summary: CaseSummary) -> None:
    """Draw a pool, lane or expanded sub-process as a plain frame."""
    box = place.box(shape.box)
    line, _fill, width = state_colours(shape, summary)
    pdf.set_draw_color(*line)
    pdf.set_line_width(width if shape.kind not in ("participant", "lane") else 0.2)
    pdf.rect(box.x, box.y, box.width, box.height, round_corners=shape.kind not in ("participant", "lane"),
             corner_radius=1.5)


def draw_shape(pdf: FPDF, place: Placement, shape: DrawnShape, summary: CaseSummary) -> None:
    """Draw one task, gateway or event with its name."""
    box = place.box(shape.box)
    line, fill, width = state_colours(shape, summary)
    pdf.set_draw_color(*line)
    pdf.set_fill_color(*fill)
    pdf.set_line_width(width)
    name = summary.names.get(shape.element_id, shape.name)
    if shape.kind in EVENT_KINDS:
        pdf.ellipse(box.x, box.y, box.width, box.height, style="DF")
        if shape.kind == "endEvent":
            pdf.set_line_width(width * 2.5)
            pdf.ellipse(box.x, box.y, box.width, box.height, style="D")
        write_label(pdf, place, shape, name, below=True)
    elif shape.kind.endswith("Gateway"):
        middle_x, middle_y = box.x + box.width / 2, box.y + box.height / 2
        pdf.polygon([(middle_x, box.y), (box.x + box.width, middle_y), (middle_x, box.y + box.height),
                     (box.x, middle_y)], style="DF")
        write_label(pdf, place, shape, name, below=True)
    else:
        pdf.rect(box.x, box.y, box.width, box.height, style="DF", round_corners=True, corner_radius=1.2)
        write_in_box(pdf, box, name, max(3.2, min(7.0, box.height * 0.9)))


def write_label(pdf: FPDF, place: Placement, shape: DrawnShape, name: str, below: bool) -> None:
    """Write an event's or gateway's name where the diagram puts its label (or below it)."""
    if not name:
        return
    box = place.box(shape.label) if shape.label is not None else None
    shape_box = place.box(shape.box)
    if box is None or box.width <= 0:
        box = Box(shape_box.x - shape_box.width, shape_box.y + shape_box.height + 0.5, shape_box.width * 3,
                  shape_box.height)
    write_in_box(pdf, box, name, max(3.0, min(6.0, shape_box.height * 0.7)), top=below)


def write_in_box(pdf: FPDF, box: Box, text: str, size_pt: float, top: bool = False) -> None:
    """Write text centred in a box, in at most three lines, shrinking the font until it fits."""
    if not text:
        return
    pdf.set_text_color(30, 30, 30)
    lines, line_mm = fitted_lines(pdf, text, box.width - 1, size_pt)
    start = box.y if top else box.y + max(0.0, (box.height - len(lines) * line_mm) / 2)
    pdf.set_xy(box.x + 0.5, start)
    pdf.multi_cell(box.width - 1, line_mm, "\n".join(lines), align="C", wrapmode=WrapMode.CHAR)


def fitted_lines(pdf: FPDF, text: str, width: float, size_pt: float) -> tuple[list[str], float]:
    """Return text broken into lines that fit the width (between words; anywhere in Chinese) and the line height.

    Sets the font size it settled on: the largest, down to 2.5 pt, that needs no more than three lines.
    """
    wrap = WrapMode.WORD if " " in text.strip() else WrapMode.CHAR
    size = size_pt
    while True:
        pdf.set_font(FONT, size=size)
        lines = [str(line) for line in pdf.multi_cell(width, size * 0.42, text, wrapmode=wrap,  # type: ignore[union-attr]
                                                      dry_run=True, output="LINES")]
        widest = max((pdf.get_string_width(line) for line in lines), default=0)
        if (len(lines) <= 3 and widest <= width) or size <= 2.5:
            return lines[:3], size * 0.42
        size -= 0.5


def draw_edge(pdf: FPDF, points: list[tuple[float, float]], colour: tuple[int, int, int], width: float) -> None:
    """Draw a flow's line with an arrowhead at its end."""
    if len(points) < 2:
        return
    pdf.set_draw_color(*colour)
    pdf.set_fill_color(*colour)
    pdf.set_line_width(width)
    pdf.polyline(points)
    (x1, y1), (x2, y2) = points[-2], points[-1]
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 0.001)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    size = 1.4
    pdf.polygon([(x2, y2), (x2 - ux * size - uy * size / 2, y2 - uy * size + ux * size / 2),
                 (x2 - ux * size + uy * size / 2, y2 - uy * size - ux * size / 2)], style="DF")


def draw_legend(pdf: FPDF, summary: CaseSummary, y: float) -> None:
    """Explain the colours under the diagram."""
    pdf.set_font(FONT, size=8)
    pdf.set_xy(PAGE_MARGIN_MM, min(y, pdf.h - PAGE_MARGIN_MM - 6))
    for colour, words in ((DONE, summary.legend[0]), (ACTIVE, summary.legend[1])):
        pdf.set_fill_color(*colour)
        pdf.rect(pdf.get_x(), pdf.get_y() + 1, 6, 2.5, style="F")
        pdf.set_x(pdf.get_x() + 7)
        pdf.cell(pdf.get_string_width(words) + 8, 4.5, words)


def write_table(pdf: FPDF, title: str, header: Sequence[str], rows: Sequence[Sequence[str]],
                widths: tuple[int, ...]) -> None:
    """Write a titled table, repeating its header on each page."""
    write_title(pdf, title)
    pdf.set_font(FONT, size=7.5)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_text_color(0, 0, 0)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4, wrapmode=WrapMode.CHAR,
                   headings_style=HEADING, first_row_as_headings=True) as table:
        for values in (header, *rows):
            row = table.row()
            for value in values:
                row.cell(value)


def write_pairs(pdf: FPDF, title: str, pairs: Sequence[tuple[str, str]]) -> None:
    """Write a titled list of label: value lines."""
    if not pairs:
        return
    write_title(pdf, title)
    pdf.set_font(FONT, size=8.5)
    for label, value in pairs:
        pdf.multi_cell(0, 4.6, f"{label}: {value}", wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def write_title(pdf: FPDF, title: str) -> None:
    """Write a section title with some room above it."""
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    pdf.set_font(FONT, size=11)
    pdf.cell(0, 7, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
