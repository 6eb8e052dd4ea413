"""The conflicts of a change's window where people decide (issue 15, sections 2 and 3): the CAB member's task and the
change's page list each conflict (block or warning, rule, CI, the other change) above the decision, and the page
names who overrode a block and why."""
import pytest

from tests.change.conftest import ChangeDesk

pytestmark = pytest.mark.usefixtures("changes")


def booked_and_colliding(changes: ChangeDesk):  # type: ignore[no-untyped-def]
    """Book one change on mail-01 tomorrow night; raise a second for the same CI and window, at its CAB."""
    ci = changes.ci("mail-01")
    booked = changes.raise_change(ci_ids=[ci])
    changes.work(booked, "assess", "carl", impact="medium", test_plan="Send a mail", assessment="Fine")
    changes.cab_approves(booked)
    colliding = changes.raise_change(ci_ids=[ci], title="Move the mail store")
    changes.work(colliding, "assess", "carl", impact="medium", test_plan="Send a mail", assessment="Fine")
    return booked, colliding


def test_the_cab_member_reads_the_windows_conflicts_above_the_decision(client, sign_in, changes) -> None:
    booked, colliding = booked_and_colliding(changes)
    (task,) = [task for task in changes.tasks(colliding) if task.assignee == "mona"]
    sign_in("mona")
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    line = f"Block: Another change on the same CI · CI mail-01 · change {booked.number}"
    assert line in page
    assert page.index("Schedule conflicts") < page.index(line) < page.index('name="decision"')
    client.post("/language", data={"language": "zh_CN", "next": "/"})
    assert f"阻止：同一配置项上的其他变更 · 配置项 mail-01 · 变更 {booked.number}" in \
        client.get(f"/tasks/{task.id}").get_data(as_text=True)


def test_the_change_page_names_the_override_of_a_block(client, sign_in, changes) -> None:
    booked, colliding = booked_and_colliding(changes)
    changes.cab_approves(colliding)
    assert changes.open_elements(colliding) == ["reschedule"]
    window = {"planned_start": changes.moment(24), "planned_end": changes.moment(26)}
    changes.work(colliding, "reschedule", "carl", schedule_override_reason="The store is full tonight.", **window)
    assert changes.open_elements(colliding) == ["implement"]
    sign_in("sam")
    page = client.get(f"/tickets/{colliding.number}").get_data(as_text=True)
    assert f"change {booked.number}" in page
    assert "Block overridden by carl (change manager): The store is full tonight." in page
    assert "None: the window is free." not in page
