"""A report as a file: CSV, an XLSX workbook (XlsxWriter) or a PDF (WeasyPrint), in the reader's language.

The PDF is drawn from HTML whose `lang` is the reader's language, with Noto Sans CJK first among the fonts, so
Chinese renders with Chinese glyph forms (Debian's fonts-noto-cjk; WeasyPrint needs Pango, see .ci/run).
"""
import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from flask_babel import gettext
from jinja2 import Environment, PackageLoader, select_autoescape

from app.reports.kpis import KpiValue, value_text
from app.reports.report import Report

if TYPE_CHECKING:
    from app.reports.service_month import ServiceMonth

EXPORT_FORMATS = ("csv", "xlsx", "pdf")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "pdf": "application/pdf",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
TEMPLATES = Environment(loader=PackageLoader("app.reports", "templates"), autoescape=select_autoescape(["html"]))


def unit_words(unit: str) -> str:
    """Return a unit in the reader's language."""
    words = {"count": gettext("tickets"), "levels": gettext("levels raised"), "percent": "%",
             "hours": gettext("hours"), "days": gettext("days"),
             "rating": gettext("of 5")}
    return words.get(unit, unit)


def policy_text(kpi: KpiValue) -> str:
    """Return a KPI's values per SLA policy as one line ('standard: 100 %; vip: 0 %')."""
    return "; ".join(f"{policy}: {'-' if value is None else f'{value:g} %'}" for policy, value in kpi.by_policy.items())


def filter_lines(report: Report) -> list[tuple[str, str]]:
    """Return what the report was filtered by, as (label, value) pairs."""
    chosen = report.chosen
    pairs = [(gettext("From"), chosen.first_day.isoformat()), (gettext("To"), chosen.last_day.isoformat())]
    for label, value in ((gettext("Group"), chosen.group), (gettext("Category"), chosen.category_id),
                         (gettext("Priority"), chosen.priority), (gettext("Service"), chosen.service_id)):
        if value is not None:
            pairs.append((label, str(value)))
    return pairs


def header() -> list[str]:
    """Return the column titles of the KPI table."""
    return [gettext("KPI"), gettext("Value"), gettext("Unit"), gettext("Per SLA policy"), gettext("Definition")]


def kpi_rows(kpis: Sequence[KpiValue]) -> list[list[str]]:
    """Return the KPI table's rows."""
    return [[kpi.name, value_text(kpi), unit_words(kpi.unit), policy_text(kpi), kpi.definition] for kpi in kpis]


def report_csv(report: Report) -> str:
    """Return the report as CSV: the filter, a blank line, then one row per KPI."""
    out = io.StringIO()
    writer = csv.writer(out)
    for label, value in filter_lines(report):
        writer.writerow([label, value])
    writer.writerow([])
    writer.writerow(["key", *header()])
    for kpi, row in zip(report.kpis, kpi_rows(report.kpis), strict=True):
        writer.writerow([kpi.key, *row])
    return out.getvalue()


def report_xlsx(report: Report) -> bytes:
    """Return the report as a workbook: a KPI sheet (values as numbers) and a sheet of tickets in and out per day."""
    import xlsxwriter  # imported here: only exports need it

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(gettext("KPIs"))
    row = 0
    for label, value in filter_lines(report):
        sheet.write_row(row, 0, [label, value])
        row += 1
    row += 1
    sheet.write_row(row, 0, header(), bold)
    for kpi, texts in zip(report.kpis, kpi_rows(report.kpis), strict=True):
        row += 1
        sheet.write_string(row, 0, texts[0])
        if kpi.value is None:
            sheet.write_string(row, 1, texts[1])
        else:
            sheet.write_number(row, 1, kpi.value)
        sheet.write_row(row, 2, texts[2:])
    sheet.set_column(0, 0, 34)
    sheet.set_column(4, 4, 90)
    days = book.add_worksheet(gettext("Per day"))
    days.write_row(0, 0, [gettext("Day"), gettext("Tickets in"), gettext("Tickets out")], bold)
    for index, (day, opened, closed) in enumerate(report.series, start=1):
        days.write_row(index, 0, [day.isoformat(), opened, closed])
    book.close()
    return out.getvalue()


def report_pdf(report: Report, language: str, title: str) -> bytes:
    """Return the report as a PDF in the reader's language (lang set on the page, CJK fonts first for Chinese)."""
    from weasyprint import HTML  # imported here: only PDF exports need Pango

    html = TEMPLATES.get_template("report.html").render(
        lang="zh-CN" if language.startswith("zh") else "en", title=title, filters=filter_lines(report),
        header=header(), rows=kpi_rows(report.kpis), series=report.series,
        series_header=[gettext("Day"), gettext("Tickets in"), gettext("Tickets out")])
    return bytes(HTML(string=html).write_pdf())


def render_report(report: Report, export_format: str, language: str, title: str) -> bytes:
    """Return the report in one of EXPORT_FORMATS."""
    if export_format == "csv":
        return report_csv(report).encode("utf-8-sig")  # the byte-order mark makes Excel read UTF-8
    if export_format == "xlsx":
        return report_xlsx(report)
    return report_pdf(report, language, title)


def service_month_title(found: "ServiceMonth") -> str:
    """Return the monthly report's title in the reader's language."""
    return gettext("Monthly service report: %(service)s, %(month)s", service=found.service_name,
                   month=found.month.strftime("%Y-%m"))


def render_service_month(found: "ServiceMonth", export_format: str, language: str) -> bytes:
    """Return a service's monthly report as CSV (its sections one after another), XLSX (a sheet each) or PDF."""
    if export_format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([service_month_title(found)])
        for section in found.sections:
            writer.writerows([[], [section.title], section.header, *section.rows])
        return out.getvalue().encode("utf-8-sig")
    if export_format == "xlsx":
        import xlsxwriter

        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = book.add_format({"bold": True})
        for number, section in enumerate(found.sections, start=1):
            sheet = book.add_worksheet(f"{number} {section.title}"[:31])
            sheet.write_row(0, 0, section.header, bold)
            for index, row in enumerate(section.rows, start=1):
                sheet.write_row(index, 0, row)
        book.close()
        return buffer.getvalue()
    from weasyprint import HTML

    html = TEMPLATES.get_template("report.html").render(
        lang="zh-CN" if language.startswith("zh") else "en", title=service_month_title(found), filters=[],
        sections=found.sections, rows=[], series=[])
    return bytes(HTML(string=html).write_pdf())
