"""GET /api/v1/reports/kpis and /reports/export: every KPI with its definition and the filter used, within the
caller's reach, as the OpenAPI document says; the PDF and XLSX exports opened and read back."""
import io
import os
from pathlib import Path

import openpyxl
from pypdf import PdfReader

from app.reports.rollup import catch_up_all
from tests.api.conftest import ApiClient, api, assert_documented, tokens  # noqa: F401  (the API's fixtures)

PERIOD = "from=2026-11-02&to=2026-11-06"


def test_a_manager_reads_every_kpi_and_the_filter_through_the_api(hand_checked, api: ApiClient) -> None:  # noqa: F811
    hand_checked()
    catch_up_all()
    answer = api.get(f"/reports/kpis?{PERIOD}&group=service-desk", "mona")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert_documented(answer, "report_kpis")
    body = answer.get_json()
    assert body["filter"]["group"] == "service-desk" and body["filter"]["reach"] == "all"
    kpis = {kpi["key"]: kpi for kpi in body["kpis"]}
    # service-desk, opened Mon-Fri: INC-1, INC-2, REQ-5, INC-8.
    assert kpis["volume_in"]["value"] == 4
    assert kpis["volume_in"]["definition"].startswith("Incidents and requests opened")
    assert kpis["change_success"]["value"] is None


def test_the_api_refuses_requesters_and_names_a_bad_day(hand_checked, api: ApiClient) -> None:  # noqa: F811
    assert api.get(f"/reports/kpis?{PERIOD}", "rita").status_code == 403
    bad = api.get("/reports/kpis?from=2026-11-07&to=2026-11-01", "mona")
    assert bad.status_code == 422 and "swap them" in bad.get_data(as_text=True)


def test_a_day_at_the_calendars_edge_or_an_id_beyond_the_database_is_named_not_a_server_error(
        hand_checked, api: ApiClient) -> None:  # noqa: F811
    # Found by the API fuzzer: the default first day (29 days before 0001-01-01) fell off the calendar, and a
    # service id beyond 32 bits failed PostgreSQL's query; both answered 500.
    for query, field, words in (("to=0001-01-01", "to", "from 1900-01-01 to 9998-12-31"),
                                ("from=9999-12-31&to=9999-12-31", "from", "from 1900-01-01 to 9998-12-31"),
                                ("service=46447895040253", "service", "at most 2147483647"),
                                ("category=2147483648", "category", "at most 2147483647")):
        for path in ("/reports/kpis?", "/reports/export?format=csv&"):
            answer = api.get(path + query, "mona")
            assert answer.status_code == 422, (path, query, answer.get_data(as_text=True))
            assert words in answer.get_data(as_text=True), (path, query)
            assert field in answer.get_json()["errors"], (path, query)


def test_the_xlsx_and_chinese_pdf_exports_hold_the_kpis(hand_checked, api: ApiClient) -> None:  # noqa: F811
    hand_checked()
    catch_up_all()
    workbook = api.get(f"/reports/export?{PERIOD}&format=xlsx", "mona")
    assert workbook.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.data))["KPIs"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Tickets in"] == 6 and values["Backlog"] == 3 and values["Change success rate"] == "no data yet"
    pdf = api.get(f"/reports/export?{PERIOD}&format=pdf&language=zh_CN", "mona")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "积压" in text and "工单进入" in text
    if os.environ.get("FLOWDESK_REPORT_PDF_TO"):  # look at it: pdftoppm -png FILE (poppler-utils)
        Path(os.environ["FLOWDESK_REPORT_PDF_TO"]).write_bytes(pdf.data)
