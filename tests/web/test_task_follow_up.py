"""The inbox rows, the task page and the instance page show a task's follow-up date (camunda:followUpDate)."""
import lxml.html

from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.tasklist import list_tasks
from tests.web.test_languages import switch_to_chinese, zh


def test_agent_sees_the_follow_up_date_in_the_queue_on_the_task_and_on_the_instance(
        client, runtime, deploy, demo, sign_in) -> None:
    deploy("follow_up.bpmn")
    instance_id = start_instance(runtime, "follow_up", {}, context={"checkAgain": "P1D"})
    call_back = next(t for t in list_tasks(instance_id=instance_id) if t.element_id == "call_back")
    sign_in("sam")
    queue = lxml.html.fromstring(client.get("/inbox/queue").get_data(as_text=True))
    notes = [" ".join(n.text_content().split()) for n in queue.find_class("follow-up")]
    assert len(notes) == 2 and all(note.startswith("Follow up ") for note in notes)
    assert "Follow up 5 Jan 2030, 17:00" in notes  # 09:00 UTC in sam's time zone, Asia/Shanghai
    task_page = lxml.html.fromstring(client.get(f"/tasks/{call_back.id}").get_data(as_text=True))
    (fact,) = task_page.find_class("follow-up")
    assert fact.getprevious().text_content() == "Follow up" and "5 Jan 2030, 17:00" in fact.text_content()
    instance_page = client.get(f"/instances/{instance_id}").get_data(as_text=True)
    assert instance_page.count('class="muted small follow-up"') == 2


def test_the_follow_up_date_is_named_in_chinese_on_a_chinese_page(client, runtime, deploy, demo, sign_in) -> None:
    deploy("follow_up.bpmn")
    instance_id = start_instance(runtime, "follow_up", {}, context={"checkAgain": "P1D"})
    call_back = next(t for t in list_tasks(instance_id=instance_id) if t.element_id == "call_back")
    sign_in("sam")
    page = lxml.html.fromstring(switch_to_chinese(client, f"/tasks/{call_back.id}"))
    (fact,) = page.find_class("follow-up")
    assert fact.getprevious().text_content() == zh("Follow up") == "跟进日期"
    queue = lxml.html.fromstring(client.get("/inbox/queue").get_data(as_text=True))
    assert all(n.text_content().strip().startswith("跟进：") for n in queue.find_class("follow-up"))
