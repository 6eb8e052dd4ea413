"""The problem pages in English and Chinese: the list, a problem's page with its incidents and known error, and the
known errors offered while an incident is logged and classified."""
import lxml.html
import pytest

from app.servicedesk.problem.known_errors import record_known_error
from app.servicedesk.problem.problems import link_incident, update_problem
from app.servicedesk.problem.suggestions import SuggestionSettings, read_suggestion_settings, suggest_problems
from tests.problem.conftest import ProblemDesk, person
from tests.web.test_pages_speak_the_readers_language import leftovers, people_and_things

TYPED = ["Spam filter disk full", "Mail never arrives", "Resend from webmail.", "The disk is full.",
         "Several incidents about lost mail."]


@pytest.fixture
def known(problems: ProblemDesk) -> dict[str, str]:
    """A problem on mail-01 with a known error and one linked incident."""
    mail = problems.ci("mail-01")
    problem = problems.problem("Spam filter disk full")
    incident = problems.incident("Mail never arrives")
    link_incident(person("sam"), problem.number, incident.number)
    update_problem(problems.runtime, person("carl"), problem.number,
                   {"root_cause": "The disk is full.", "workaround": "Resend from webmail."})
    record_known_error(problems.runtime, person("carl"), problem.number, "Mail never arrives", "The disk is full.",
                       "Resend from webmail.", [mail])
    return {"problem": problem.number, "incident": incident.number, "ci": str(mail)}


def chinese(client, sign_in, login: str) -> None:  # type: ignore[no-untyped-def]
    """Sign a person in and switch the pages to Chinese."""
    sign_in(login)
    client.post("/language", data={"language": "zh_CN", "next": "/"})


def test_problem_manager_reads_the_problem_pages_in_english(known, client, sign_in) -> None:
    sign_in("carl")
    listing = client.get("/problems").get_data(as_text=True)
    assert known["problem"] in listing and "Open a problem" in listing
    page = lxml.html.fromstring(client.get(f"/tickets/{known['problem']}").get_data(as_text=True))
    assert page.xpath("//*[@data-testid='problem-stage']")[0].text_content().strip() == "Assess"
    assert [a.text_content() for a in page.xpath("//*[@data-testid='problem-incidents']//a")] == [known["incident"]]
    assert "Mail never arrives" in page.xpath("//*[@data-testid='known-error']")[0].text_content()


def test_problem_pages_speak_chinese(known, problems: ProblemDesk, client, sign_in) -> None:
    for index in range(3):
        problems.incident(f"Calendar broken {index}", ci_id=int(known["ci"]))
    assert len(suggest_problems(problems.runtime)) == 1
    assess = problems.tasks(problems.fresh_number(known["problem"]))["assess"]
    typed = [*people_and_things(), *TYPED]
    found = []
    for login, paths in {"adam": ["/admin/problem-settings"],
                         "carl": ["/problems", f"/tickets/{known['problem']}", f"/tasks/{assess.id}"],
                         "sam": ["/problems", f"/tickets/{known['problem']}", f"/tickets/{known['incident']}"]}.items():
        chinese(client, sign_in, login)
        for path in paths:
            shown = client.get(path)
            assert shown.status_code == 200, f"{login} {path}"
            english, raw = leftovers(shown.get_data(as_text=True), typed)
            if english or raw:
                found.append(f"{login} {path}: English words {english}, raw values {raw}")
        client.get("/logout")
    assert not found, "\n".join(found)


def test_known_error_is_offered_while_logging_an_incident(known, client, sign_in) -> None:
    sign_in("sam")
    shown = client.post("/tickets/new", data={"title": "Mail never arrives at all", "description": "",
                                              "impact": "medium", "urgency": "medium", "suggest": "1"})
    page = lxml.html.fromstring(shown.get_data(as_text=True))
    offered = page.xpath("//*[@data-testid='known-errors']//li")
    assert [item.get("data-problem") for item in offered] == [known["problem"]]
    assert "Resend from webmail." in offered[0].text_content() and "The disk is full." in offered[0].text_content()


def test_a_requester_sees_the_workaround_but_not_the_cause(known, client, sign_in) -> None:
    sign_in("rita")
    shown = client.post("/tickets/new", data={"title": "Mail never arrives", "description": "",
                                              "impact": "medium", "urgency": "medium", "suggest": "1"})
    text = lxml.html.fromstring(shown.get_data(as_text=True)).xpath("//*[@data-testid='known-errors']")[0] \
        .text_content()
    assert "Resend from webmail." in text and "The disk is full." not in text
    assert client.get("/problems").status_code == 404
    assert client.get(f"/tickets/{known['problem']}").status_code == 404


def test_an_incident_page_offers_the_known_error_of_its_ci(known, problems: ProblemDesk, client, sign_in) -> None:
    other = problems.incident("Calendar invites vanish", ci_id=int(known["ci"]))
    sign_in("sam")
    page = lxml.html.fromstring(client.get(f"/tickets/{other.number}").get_data(as_text=True))
    assert [item.get("data-problem") for item in page.xpath("//*[@data-testid='known-errors']//li")] == \
        [known["problem"]]


def test_problem_manager_accepts_a_suggestion_from_the_list(known, problems: ProblemDesk, client, sign_in) -> None:
    numbers = [problems.incident(f"Calendar broken {index}", ci_id=int(known["ci"])).number for index in range(3)]
    (made,) = suggest_problems(problems.runtime)
    sign_in("carl")
    page = lxml.html.fromstring(client.get("/problems").get_data(as_text=True))
    listed = page.xpath(f"//*[@data-suggestion='{made}']//li/a")
    assert [link.text_content() for link in listed] == numbers
    opened = client.post(f"/problems/suggestions/{made}/accept")
    assert opened.status_code == 302
    problem_page = lxml.html.fromstring(client.get(opened.headers["Location"]).get_data(as_text=True))
    assert [a.text_content() for a in problem_page.xpath("//*[@data-testid='problem-incidents']//a")] == numbers


def test_admin_changes_when_problems_are_suggested(problems: ProblemDesk, client, sign_in) -> None:
    sign_in("adam")
    refused = client.post("/admin/problem-settings", data={"min_incidents": "1", "period_days": "7"})
    assert refused.status_code == 422
    saved = client.post("/admin/problem-settings", data={"min_incidents": "5", "period_days": "14"})
    assert saved.status_code == 302
    assert read_suggestion_settings() == SuggestionSettings(5, 14)


def test_known_error_is_offered_while_classifying(known, problems: ProblemDesk, client, sign_in) -> None:
    other = problems.incident("Calendar invites vanish", ci_id=int(known["ci"]))
    task = problems.tasks(other)["classify"]
    sign_in("sam")
    page = lxml.html.fromstring(client.get(f"/tasks/{task.id}").get_data(as_text=True))
    assert [item.get("data-problem") for item in page.xpath("//*[@data-testid='known-errors']//li")] == \
        [known["problem"]]


def test_agent_links_an_incident_to_a_problem_from_the_incident_page(problems: ProblemDesk, client,
                                                                     sign_in) -> None:
    first, second = problems.problem("Mail drops"), problems.problem("Spam filter")
    incident = problems.incident("Mail lost")
    sign_in("sam")
    linked = client.post(f"/tickets/{incident.number}/links", data={"kind": "caused_by", "target": first.number})
    assert linked.status_code == 302
    refused = client.post(f"/tickets/{incident.number}/links", data={"kind": "caused_by", "target": second.number},
                          follow_redirects=True)
    assert f"already caused by {first.number}" in refused.get_data(as_text=True)
    page = lxml.html.fromstring(client.get(f"/tickets/{first.number}").get_data(as_text=True))
    assert [a.text_content() for a in page.xpath("//*[@data-testid='problem-incidents']//a")] == [incident.number]
