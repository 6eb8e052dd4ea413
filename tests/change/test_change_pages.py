"""The change pages: raising a change with its typed window and CIs, the change's ticket page with its risk and
why, the CAB member's task showing the record above the decision, the catalogue and the risk questionnaire."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.servicedesk.change.models import ChangeTemplate, RiskQuestion
from tests.change.conftest import ChangeDesk

pytestmark = pytest.mark.usefixtures("changes")


def raise_form(changes: ChangeDesk, **given: str) -> dict[str, str]:
    """Return a filled raise form for a normal change on two fresh CIs, tomorrow night in sam's zone."""
    changes.ci("db-01")
    changes.ci("db-02")
    return {"change_type": "normal", "title": "Upgrade the database", "reason": "End of support",
            "owner": "carl", "owner_group": "second-line", "implementer": "lee",
            "planned_start": "2026-11-24T22:00", "planned_end": "2026-11-24T23:30", "cis": "db-01, db-02",
            "implementation_plan": "Upgrade the replica, fail over, upgrade the primary.",
            "backout_plan": "Fail back to the old primary.", "q_1": "yes", **given}


def test_the_raise_form_asks_for_the_window_as_dates_and_times(client, sign_in) -> None:
    sign_in("sam")
    page = client.get("/changes/new").get_data(as_text=True)
    assert 'id="planned_start" name="planned_start" type="datetime-local"' in page
    assert "Downtime?" in page


def test_a_window_of_tomorrow_night_is_refused_on_the_form_naming_the_field(client, sign_in, changes) -> None:
    sign_in("sam")
    page = client.post("/changes/new", data=raise_form(changes, planned_start="tomorrow night"))
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert 'data-testid="error-planned_start">Planned start must be a date and time' in text
    assert 'value="Upgrade the database"' in text  # what was given stays


def test_an_unknown_ci_is_refused_on_the_form(client, sign_in, changes) -> None:
    sign_in("sam")
    page = client.post("/changes/new", data=raise_form(changes, cis="db-01, nowhere"))
    assert page.status_code == 422
    assert "There is no configuration item called &#39;nowhere&#39;" in page.get_data(as_text=True)


def test_a_raised_change_shows_its_record_risk_reasons_and_cis(client, sign_in, changes) -> None:
    sign_in("sam")
    raised = client.post("/changes/new", data=raise_form(changes))
    assert raised.status_code == 302
    page = client.get(raised.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="change-cis"' in page and "db-01" in page and "db-02" in page
    assert "Downtime? (30)" in page
    assert "24 Nov 2026, 22:00" in page  # sam reads the window in Shanghai time, as she wrote it
    listed = client.get("/changes?type=normal&ci=db-02").get_data(as_text=True)
    assert "Upgrade the database" in listed


def test_the_cab_member_reads_the_record_above_the_decision(client, sign_in, changes) -> None:
    sign_in("sam")
    location = client.post("/changes/new", data=raise_form(changes)).headers["Location"]
    ticket = changes.fresh_number(location.rsplit("/", 1)[1])
    changes.work(ticket, "assess", "carl", impact="high", test_plan="Query the replica.", assessment="Big")
    (task,) = [task for task in changes.tasks(ticket) if task.assignee == "mona"]
    client.post("/logout")
    sign_in("mona")
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Why this risk" in page and "Downtime? (30)" in page
    assert "Query the replica." in page and "db-01, db-02" in page
    assert page.index("Why this risk") < page.index('name="decision"')


def test_a_requester_finds_no_change_pages(client, sign_in) -> None:
    sign_in("rita")
    assert client.get("/changes").status_code == 404
    assert client.get("/changes/new").status_code == 404


def test_a_template_is_approved_by_another_change_manager_not_its_proposer(client, sign_in) -> None:
    sign_in("carl")
    client.post("/changes/templates", data={
        "key": "db-patch", "name": "Patch a database", "owner_group": "second-line", "impact": "low",
        "implementation_plan": "Patch", "backout_plan": "Unpatch", "test_plan": "Query"})
    template = db.session.execute(select(ChangeTemplate).where(ChangeTemplate.key == "db-patch")).scalar_one()
    own = client.post(f"/changes/templates/{template.id}/approve", follow_redirects=True).get_data(as_text=True)
    assert "carl proposed this template and may not approve it too" in own
    client.post("/logout")
    sign_in("adam")
    client.post(f"/changes/templates/{template.id}/approve")
    db.session.expire_all()
    assert db.session.get(ChangeTemplate, template.id).status == "approved"


def test_the_admin_adds_a_risk_question_and_others_find_no_page(client, sign_in) -> None:
    sign_in("sam")
    assert client.get("/admin/change-risk").status_code == 404
    client.post("/logout")
    sign_in("adam")
    assert client.post("/admin/change-risk", data={"text": "Touches the network?", "text_zh": "涉及网络？",
                                                   "weight": "15", "active": "yes"}).status_code == 302
    refused = client.post("/admin/change-risk", data={"text": "No weight", "text_zh": "无", "weight": "0"})
    assert refused.status_code == 422 and "Give a weight from 1 to 100" in refused.get_data(as_text=True)
    assert db.session.execute(select(RiskQuestion.weight).where(RiskQuestion.text == "Touches the network?")).scalar() \
        == 15
