"""An approver's form of an approval by rule in a real browser: the rule and two earlier decisions above the
decision, in English (mona) and Chinese (lee), and a decision sent from it."""
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db
from tests.browser.conftest import serve

DIAGRAM = Path(__file__).parents[1] / "diagrams" / "cab_by_rule.bpmn"


def cab_app(directory: Path, sqlite_template: Path):  # type: ignore[no-untyped-def]
    """Build a FlowDesk with the demo people and a CAB of four (3 of 4, no veto) where sam approved, carl rejected."""
    from app.demo import create_demo_people
    from app.workflow.deployment import deploy_diagram
    from app.workflow.instances.lifecycle import start_instance
    from app.workflow.tasks.actions import complete_task
    from app.workflow.tasks.tasklist import list_tasks

    path = directory / "flowdesk.sqlite3"
    shutil.copy(sqlite_template, path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                      "SECRET_KEY": secrets.token_hex(32)})
    with app.app_context():
        runtime = app.extensions["flowdesk"]
        create_demo_people()
        xml = DIAGRAM.read_text().replace('value="n-of-m:2"', 'value="n-of-m:3"') \
            .replace('name="flowdesk:veto" value="true"', 'name="flowdesk:veto" value="false"')
        deploy_diagram(runtime, xml.encode(), DIAGRAM.name, "olga")
        instance_id = start_instance(runtime, "cab_by_rule", {"cab_members": ["sam", "lee", "mona", "carl"],
                                                              "requested_by": "rita", "change_owner": "olga"})
        tasks = {task.assignee: task.id for task in list_tasks(instance_id=instance_id)}
        complete_task(runtime, tasks["sam"], "sam", {"decision": "approve", "comment": "Backout plan tested twice."})
        complete_task(runtime, tasks["carl"], "carl", {"decision": "reject",
                                                        "comment": "The window clashes with month-end closing."})
        db.session.remove()
    return app


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[str]:
    """Serve the CAB app; yield its base URL."""
    yield from serve(cab_app(tmp_path_factory.mktemp("cab"), sqlite_template))


def test_approvers_see_earlier_decisions_above_their_own_in_both_languages(page_as, screenshot) -> None:
    page = page_as("mona")
    page.goto("/inbox")
    page.get_by_role("link", name="CAB approval").first.click()
    page.wait_for_load_state()
    decisions = page.get_by_test_id("approval-decision")
    assert decisions.count() == 2
    assert "Backout plan tested twice." in decisions.nth(0).inner_text()
    assert "Rejected" in decisions.nth(1).inner_text()
    assert page.get_by_text("Decided when 3 of the 4 members approve.").is_visible()
    screenshot(page, "cab-approval-form-en")
    page.select_option("#decision", "approve")
    page.fill("#comment", "Fine with the new window.")
    with page.expect_navigation():
        page.get_by_role("button", name="Complete task").click()

    chinese = page_as("lee")  # lee prefers Simplified Chinese
    chinese.goto("/inbox")
    chinese.get_by_role("link", name="变更咨询委员会审批").first.click()
    chinese.wait_for_load_state()
    assert chinese.get_by_test_id("approval-decision").count() == 3
    assert chinese.get_by_role("heading", name="目前的决定").is_visible()
    screenshot(chinese, "cab-approval-form-zh")


def test_person_names_a_delegate_on_their_profile_in_both_languages(page_as, screenshot) -> None:
    page = page_as("mona")
    page.goto("/profile")
    page.get_by_role("link", name="Delegations…").click()
    page.wait_for_load_state()
    page.fill("#to_login", "adam")
    page.fill("#starts_at", "2030-01-07T09:00")
    page.fill("#ends_at", "2030-01-14T18:00")
    page.fill("#reason", "Annual leave")
    with page.expect_navigation():
        page.get_by_role("button", name="Save delegation").click()
    assert "Annual leave" in page.get_by_test_id("delegations").inner_text()
    screenshot(page, "delegations-en")

    chinese = page_as("lee")
    chinese.goto("/profile/delegations")
    chinese.fill("#to_login", "lee")
    chinese.fill("#starts_at", "2030-01-07T09:00")
    chinese.fill("#ends_at", "2030-01-06T09:00")
    chinese.get_by_role("button", name="保存委托").click()
    chinese.wait_for_load_state()
    assert "不能委托给自己" in chinese.locator("#to_login-error").inner_text()
    assert "结束时间必须晚于开始时间" in chinese.locator("#ends_at-error").inner_text()
    screenshot(chinese, "delegations-refused-zh")
