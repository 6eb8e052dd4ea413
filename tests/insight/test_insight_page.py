"""The insight page and its CSV export: who reads them, what they show, in English and in Chinese."""
import lxml.html

from tests.insight.conftest import DAY_TWO, Cases
from tests.insight.test_insight_counts import drive_three_cases
from tests.web.test_pages_speak_the_readers_language import leftovers, people_and_things

PAGE = "/processes/ticket/insight?from=2030-03-01&to=2030-03-05"
DIAGRAM_WORDS = ["Ticket that can be re-opened", "Confirm the fix", "Resolve", "start", "merge", "decide", "end", "ticket", "version"]


def passes_shown(html: str) -> dict[str, str]:
    """Return the passes column of the page's element table, by element id."""
    tree = lxml.html.fromstring(html)
    return {row.get("data-element"): row.xpath('.//td[@data-testid="passes"]')[0].text_content()
            for row in tree.xpath('//table[@data-testid="insight-elements"]//tr[@data-element]')}


def test_a_process_owner_reads_the_heatmap_paths_rework_and_the_cases_off_the_plain_run(cases: Cases, client,
                                                                                         sign_in) -> None:
    a, b, c = drive_three_cases(cases)
    sign_in("olga")
    page = client.get(PAGE)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert passes_shown(html)["resolve"] == "3" and passes_shown(html)["merge"] == "4"
    assert "Resolve → Confirm the fix → Resolve → Confirm the fix → end" in html
    assert f'data-instance="{b}"' in html and f'data-instance="{a}"' not in html
    assert f'href="/instances/{b}/replay"' in html
    assert 'id="insight-overlays"' in html and '"f_reopen": {"count": 1' in html


def test_an_auditor_exports_the_cases_off_the_plain_run_as_csv_with_their_replay(cases: Cases, client,
                                                                                  sign_in) -> None:
    _, b, _ = drive_three_cases(cases)
    sign_in("audrey")
    export = client.get("/processes/ticket/insight/cases.csv?from=2030-03-01&to=2030-03-05")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    lines = export.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "instance,ticket,started_on,status,reasons,rework_starts_at,replay"
    assert lines[1:] == [f"{b},T-2,2030-03-04,completed,rework,resolve,/instances/{b}/replay"]


def test_people_who_do_not_own_processes_or_audit_are_refused(cases: Cases, client, sign_in) -> None:
    sign_in("sam")
    assert client.get(PAGE).status_code == 403
    assert client.get("/processes/ticket/insight/cases.csv").status_code == 403


def test_a_bad_day_is_named_and_the_page_shows_the_last_thirty_days(cases: Cases, client, sign_in) -> None:
    sign_in("olga")
    page = client.get("/processes/ticket/insight?from=yesterday").get_data(as_text=True)
    assert "&#39;yesterday&#39; is not a day: write it as YYYY-MM-DD" in page
    assert client.get("/processes/ticket/insight/cases.csv?to=soon").status_code == 400
    assert client.get("/processes/nothing/insight").status_code == 404


def test_the_page_speaks_chinese_without_english_words(cases: Cases, client, sign_in) -> None:
    drive_three_cases(cases)
    cases.runtime.clock.current = DAY_TWO  # type: ignore[attr-defined]
    sign_in("olga")
    client.post("/language", data={"language": "zh_CN", "next": "/"})
    html = client.get(PAGE).get_data(as_text=True)
    english, raw = leftovers(html, [*people_and_things(), *DIAGRAM_WORDS])
    assert (english, raw) == ([], [])
