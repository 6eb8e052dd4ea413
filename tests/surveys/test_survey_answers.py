"""Answering a survey: from the mail's signed score link (the page asks, its button answers), and through the API;
the KPI of the reports reads the answer."""
import re

from app.reports.reading import report_filter
from app.reports.report import read_report
from app.reports.rollup import catch_up_all
from app.servicedesk.surveys.answers import Answer, answer_survey
from tests.api.conftest import api, tokens  # noqa: F401  (the API's fixtures)
from tests.conftest import actor_with
from tests.incident.conftest import Desk
from tests.surveys.conftest import recovery_tasks, resolve, survey_mails, survey_of


def score_link(desk: Desk, score: int) -> str:
    """Return the path of a score's one-click link in the survey mail."""
    [mail] = survey_mails(desk)
    found = re.search(r"https?://[^/\s]+(/mail/link/[^\s?]+)\?score=" + str(score), mail.body)
    assert found, mail.body
    return found.group(1)


def test_score_link_from_the_mail_answers_and_a_low_score_needs_a_comment(surveyed: Desk, client) -> None:
    resolve(surveyed)
    surveyed.at(survey_of(surveyed).send_at)
    link = score_link(surveyed, 2)
    page = client.get(link + "?score=2").get_data(as_text=True)
    assert 'value="2" checked' in page and survey_of(surveyed).status == "sent"  # a GET answers nothing
    refused = client.post(link, data={"score": "2", "comment": ""})
    assert refused.status_code == 400
    assert "a score below 3 needs one" in refused.get_data(as_text=True)
    done = client.post(link, data={"score": "2", "effort": "5", "comment": "Nobody called back."})
    assert done.status_code == 200 and "Thank you for your answer." in done.get_data(as_text=True)
    assert (survey_of(surveyed).score, survey_of(surveyed).effort) == (2, 5)
    assert [task.assignee for task in recovery_tasks()] == ["sam"]


def test_requester_finds_the_waiting_survey_on_her_ticket_page(surveyed: Desk, client, sign_in) -> None:
    resolve(surveyed)
    sign_in("rita")
    before = client.get(f"/tickets/{surveyed.number}")
    assert before.status_code == 200 and 'data-testid="survey-waiting"' not in before.get_data(as_text=True)
    surveyed.at(survey_of(surveyed).send_at)
    sign_in("rita")  # two working days later: the session of Monday has timed out
    page = client.get(f"/tickets/{surveyed.number}").get_data(as_text=True)
    assert f'href="/portal/surveys/{surveyed.number}"' in page
    answered = client.post(f"/portal/surveys/{surveyed.number}", data={"score": "5"})
    assert answered.status_code == 200 and survey_of(surveyed).score == 5


def test_requester_answers_through_the_api_and_the_lead_reads_it(surveyed: Desk, api) -> None:  # noqa: F811
    resolve(surveyed)
    surveyed.at(survey_of(surveyed).send_at)
    assert api.post(f"/surveys/{surveyed.number}/answer", "sam", {"score": 5}).status_code == 403
    answered = api.post(f"/surveys/{surveyed.number}/answer", "rita", {"score": 4, "comment": "Quick, thanks."})
    assert answered.status_code == 200 and answered.get_json()["status"] == "answered"
    again = api.post(f"/surveys/{surveyed.number}/answer", "rita", {"score": 5})
    assert again.status_code == 409
    assert [s["score"] for s in api.get("/surveys", "sam").get_json()["surveys"]] == [4]  # sam leads service-desk
    assert api.get("/surveys", "lee").get_json()["surveys"] == []
    assert api.get(f"/surveys/{surveyed.number}", "lee").status_code == 404


def test_csat_and_response_rate_read_the_survey_answer(surveyed: Desk) -> None:
    resolve(surveyed)
    surveyed.at(survey_of(surveyed).send_at)
    answer_survey(surveyed.runtime, "rita", surveyed.number, Answer(4))
    catch_up_all()
    period = report_filter(surveyed.clock.now().date(), "2026-11-23", "2026-11-27")
    kpis = {kpi.key: kpi.value for kpi in read_report(actor_with("mona", "manager"), period).kpis}
    assert (kpis["csat"], kpis["csat_response_rate"]) == (4.0, 100.0)
