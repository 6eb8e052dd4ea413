"""/api/v1/problems: open, read, list with filters, change the fields a problem manager may, link incidents, publish
the workaround; who may do each, and the pages, the API and the use case agreeing on who may open a problem."""
from app.servicedesk.problem.problems import open_problem
from tests.problem.conftest import ProblemDesk, problems  # noqa: F401  (the shipped problem flow's driver)


def test_problem_manager_opens_changes_and_reads_a_problem(api, problems: ProblemDesk, documented) -> None:  # noqa: F811
    mail = problems.ci("mail-01")
    opened = api.post("/problems", "carl", {"title": "Mail server drops messages", "ci_id": mail})
    assert opened.status_code == 201, opened.get_json()
    documented(opened, "open_problem")
    body = opened.get_json()
    number = body["number"]
    assert number.startswith("PRB-") and opened.headers["Location"].endswith(f"/api/v1/problems/{number}")
    assert (body["stage"], body["status"], body["assigned_group"], body["ci_id"]) == (
        "assess", "in_progress", "problem-managers", mail)
    changed = api.patch(f"/problems/{number}", "carl", {"root_cause": "Disk full.", "workaround": "Resend."})
    assert changed.status_code == 200 and (changed.get_json()["root_cause"], changed.get_json()["workaround"]) == (
        "Disk full.", "Resend.")
    documented(changed, "update_problem")
    refused = api.patch(f"/problems/{number}", "carl", {"stage": "closed"})
    assert refused.status_code == 422
    incident = problems.incident("Mail lost")
    linked = api.post(f"/problems/{number}/incidents", "sam", {"incident": incident.number})
    assert linked.status_code == 200 and linked.get_json()["incidents"] == [incident.number]
    documented(linked, "link_problem_incident")
    again = api.post(f"/problems/{number}/incidents", "sam", {"incident": incident.number})
    assert again.status_code == 409
    shown = api.get(f"/problems/{number.lower()}", "sam")
    assert shown.status_code == 200 and shown.get_json()["incidents"] == [incident.number]
    documented(shown, "show_problem")
    published = api.post(f"/problems/{number}/workaround/publish", "carl")
    assert published.status_code == 200 and published.get_json()["incidents"] == [incident.number]
    assert api.post(f"/problems/{number}/workaround/publish", "carl").status_code == 409


def test_problem_list_filters_and_pages(api, problems: ProblemDesk, documented) -> None:  # noqa: F811
    mail = problems.ci("mail-01")
    first = problems.problem("First", ci_id=mail)
    second = problems.problem("Second")
    third = problems.problem("Third")
    page = api.get("/problems?limit=2", "sam")
    assert page.status_code == 200
    documented(page, "list_problems")
    body = page.get_json()
    assert [row["number"] for row in body["problems"]] == [third.number, second.number]
    rest = api.get(f"/problems?limit=2&after={body['next']}", "sam").get_json()
    assert [row["number"] for row in rest["problems"]] == [first.number] and rest["next"] is None
    on_mail = api.get(f"/problems?ci_id={mail}", "sam").get_json()
    assert [row["number"] for row in on_mail["problems"]] == [first.number]
    assert api.get("/problems?stage=fix", "sam").get_json()["problems"] == []
    unknown = api.get("/problems?stage=nonsense", "sam")
    assert unknown.status_code == 422 and "stage" in unknown.get_json()["errors"]


def test_requesters_neither_see_nor_open_problems(api, problems: ProblemDesk) -> None:  # noqa: F811
    number = problems.problem().number
    assert api.get("/problems", "rita").status_code == 403
    assert api.get(f"/problems/{number}", "rita").status_code == 403
    assert api.post("/problems", "rita", {"title": "Mine"}).status_code == 403
    assert api.patch(f"/problems/{number}", "sam", {"workaround": "x"}).status_code == 403
    assert api.patch(f"/problems/{number}", "audrey", {"workaround": "x"}).status_code == 403
    assert api.get(f"/problems/{number}", "audrey").status_code == 200


def test_pages_api_and_service_agree_on_who_opens_a_problem(problems: ProblemDesk, api,  # noqa: F811
                                                            allowed_everywhere) -> None:
    allowed = allowed_everywhere(
        lambda actor: open_problem(problems.runtime, actor, "Asked by the service", ""),
        lambda login: api.post("/problems", login, {"title": "Asked by the API"}),
        lambda login: api.client.post("/problems", data={"title": "Asked by the page"}))
    assert allowed == {"carl", "mona", "adam"}
