"""A process drawn from an empty canvas, from the modeller to the end of an instance, in a real browser.

A process owner creates a new process and draws it with the palette and the context pad; she enters every property
(form fields, candidate group, condition, timer) in the properties panel. The lint and the server's check flag the
flow that leaves the gateway without a condition, on that flow; she makes it the default flow and deploys with a
change note. A requester starts it from the portal, an agent of the candidate group completes its task from the
inbox, and the instance ends on the path the condition chose. The whole journey runs in English and in Chinese.
"""
import re
from dataclasses import dataclass
from typing import Any

import pytest
from lxml import etree
from playwright.sync_api import expect

from tests.browser.test_modeller_page import choose_timer_kind

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
CAMUNDA = "{http://camunda.org/schema/1.0/bpmn}"
CONDITION = "${damaged == true}"
SERIAL = "FD-2027-0042"


@dataclass(frozen=True)
class Words:
    """What the pages say in one language, where the journey reads it."""

    locale: str
    new_process_refused: str
    lint_without_any_condition: str
    lint_missing_condition: str
    server_missing_condition: str
    timer_meaning: str
    no_problems: str
    first_version: str
    deployed: str
    completed: str


ENGLISH = Words(
    "en", "The new process was not created.",
    "This flow leaves an exclusive gateway without a condition and is not its default flow",
    "Sequence flow is missing condition",
    "the sequence flow leaves an exclusive gateway without a condition and is not the gateway's default flow",
    "In 3 days, counted from when the process reaches the timer.", "The check found no problems.",
    "What version 1 of this new process holds", "is deployed as version 1.", "Completed")
CHINESE = Words(
    "zh_CN", "新流程未创建。",
    "此顺序流离开排他网关却没有条件，也不是它的默认流",
    "顺序流缺少条件",
    "该顺序流从排他网关流出，既没有条件，也不是网关的默认流",
    "3 天后，从流程到达此定时器时开始计算。", "检查未发现问题。",
    "这个新流程的版本 1 包含的内容", "已部署为第 1 版。", "已完成")


def choose_language(page: Any, words: Words) -> None:
    """Switch the signed-in person's language from the top bar (English is the demo people's own)."""
    if words.locale != "en":
        with page.expect_navigation():
            page.select_option("#language", words.locale)


def shot(screenshot: Any, page: Any, words: Words, stage: str) -> None:
    """Save a screenshot of a stage of the journey, named with its language."""
    screenshot(page, f"new-process-{stage}-{words.locale}")


def element(page: Any, element_id: str) -> Any:
    """Return the drawn shape of a diagram element on the canvas."""
    return page.locator(f"#canvas .djs-element[data-element-id='{element_id}']").first


def pad(page: Any, action: str) -> None:
    """Click an entry of the context pad of the selected element."""
    page.locator(f".djs-context-pad [data-action='{action}']").click()


def replace_with(page: Any, option: str) -> None:
    """Change the selected element through the context pad's replace menu (the wrench)."""
    pad(page, "replace")
    page.locator(f".djs-popup [data-id='{option}']").click()


def type_label(page: Any, label: str) -> None:
    """Type the label of the element just created, in the text box the modeller opens on it."""
    page.locator(".djs-direct-editing-parent").wait_for()
    page.keyboard.type(label)
    page.keyboard.press("Enter")


def panel_input(page: Any, entry_id: str, value: str) -> None:
    """Type a value into an entry of the properties panel and leave it, as a person does."""
    field = page.locator(f"#bio-properties-panel-{entry_id}")
    field.fill(value)
    field.press("Tab")


def open_group(page: Any, group_id: str) -> None:
    """Open a group of the properties panel by its id, unless it is open already."""
    header = page.locator(f"[data-group-id='group-{group_id}'] .bio-properties-panel-group-header")
    if "open" not in (header.get_attribute("class") or ""):
        header.click()


def current_id(page: Any, name: str) -> str:
    """Return the id the modeller gave the element of that name (read from the canvas, not drawn through it)."""
    return page.evaluate("""name => window.flowdeskModeler.get("elementRegistry")
        .filter(e => e.businessObject.name === name && e.type !== "label").map(e => e.id).pop()""", name)


def flow_between(page: Any, source: str, target: str) -> str:
    """Return the id of the sequence flow drawn from one element to another."""
    return page.evaluate("""([source, target]) => window.flowdeskModeler.get("elementRegistry")
        .filter(e => e.type === "bpmn:SequenceFlow" && e.source.id === source && e.target.id === target)
        .map(e => e.id).pop()""", [source, target])


def click_flow(page: Any, flow_id: str) -> None:
    """Click a sequence flow on its line (the middle of a bent line is not inside its box's centre)."""
    point = page.evaluate("""id => {
        const path = document.querySelector(`#canvas .djs-connection[data-element-id='${id}'] .djs-hit`);
        const middle = path.getPointAtLength(path.getTotalLength() / 2);
        const screen = new DOMPoint(middle.x, middle.y).matrixTransform(path.getScreenCTM());
        return [screen.x, screen.y];
    }""", flow_id)
    page.mouse.click(*point)


def lint_flag(page: Any, element_id: str, rule: str) -> Any:
    """Return the lint's flag of a rule on an element."""
    return page.locator(f".djs-overlays[data-container-id='{element_id}'] li[data-rule='{rule}']")


def assert_flag_is_seen(page: Any, element_id: str) -> None:
    """Check the lint's mark on an element is painted: its icon has a colour, not the nothing of an unset one."""
    icon = page.locator(f".djs-overlays[data-container-id='{element_id}'] .bjsl-overlay .bjsl-icon").first
    assert icon.is_visible()
    assert icon.evaluate("icon => getComputedStyle(icon).backgroundColor") not in ("", "rgba(0, 0, 0, 0)",
                                                                                  "transparent")


def create_the_process(page: Any, words: Words, process_id: str, screenshot: Any) -> None:
    """Create the new process from the process list: a bad id is refused and named first."""
    page.goto("/processes")
    page.fill("#new-process_id", "1 laptop")
    page.fill("#new-name", "Return a laptop")
    page.locator("[data-testid=new-process] button[type=submit]").click()
    assert words.new_process_refused in page.inner_text(".flash.error")
    assert page.locator("#new-process_id-error").is_visible()
    shot(screenshot, page, words, "1-id-refused")
    page.fill("#new-process_id", process_id)
    page.locator("[data-testid=new-process] button[type=submit]").click()
    page.wait_for_url(f"**/processes/{process_id}/model")
    page.wait_for_selector("#modeller.modeller-ready")
    assert page.evaluate("window.flowdeskModeler.get('elementRegistry').filter(e => e.type !== 'bpmn:Process')"
                         ".length") == 0  # an empty canvas
    shot(screenshot, page, words, "2-empty-canvas")


def draw_the_process(page: Any) -> dict[str, str]:
    """Draw the process with the palette, the context pad and the labels' text boxes; return the flows' ids."""
    page.locator(".djs-palette [data-action='create.start-event']").click()
    canvas = page.locator("#canvas").bounding_box()
    page.mouse.move(canvas["x"] + 280, canvas["y"] + 200)
    page.mouse.click(canvas["x"] + 280, canvas["y"] + 200)
    type_label(page, "Laptop handed back")
    panel_input(page, "id", "handed_back")
    pad(page, "append.append-task")
    type_label(page, "Inspect the laptop")
    replace_with(page, "replace-with-user-task")
    panel_input(page, "id", "inspect")
    pad(page, "append.gateway")
    panel_input(page, "name", "Damaged?")
    panel_input(page, "id", "is_damaged")
    pad(page, "append.end-event")
    type_label(page, "Sent for repair")
    panel_input(page, "id", "sent_for_repair")
    element(page, "is_damaged").click()
    pad(page, "append.end-event")
    type_label(page, "Back in stock")
    panel_input(page, "id", "back_in_stock")
    attach_a_timer_to_the_task(page)
    pad(page, "append.end-event")
    type_label(page, "Overdue")
    panel_input(page, "id", "overdue")
    return {"to_repair": flow_between(page, "is_damaged", "sent_for_repair"),
            "to_stock": flow_between(page, "is_damaged", "back_in_stock")}


def attach_a_timer_to_the_task(page: Any) -> None:
    """Drop an intermediate event from the palette on the task's lower edge and make it a timer."""
    page.locator(".djs-palette [data-action='create.intermediate-event']").click()
    task = element(page, "inspect").bounding_box()
    x, y = task["x"] + task["width"] / 2, task["y"] + task["height"] - 2
    page.mouse.move(x, y + 40)
    page.mouse.move(x, y, steps=5)  # the modeller attaches what is dropped on an edge as it is hovered
    page.mouse.click(x, y)
    if page.locator(".djs-direct-editing-parent").is_visible():
        page.keyboard.press("Escape")  # no label: the panel names it below
    replace_with(page, "replace-with-timer-boundary")
    panel_input(page, "id", "overdue_timer")
    panel_input(page, "name", "Three days")


def describe_the_task(page: Any) -> None:
    """Give the user task its candidate group and its two form fields, and their Chinese words, in the panel."""
    element(page, "inspect").click()
    open_group(page, "CamundaPlatform__UserAssignment")
    panel_input(page, "candidateGroups", "service-desk")
    open_group(page, "CamundaPlatform__Form")
    page.select_option("#bio-properties-panel-formType", "formData")
    fields = page.locator("[data-group-id='group-CamundaPlatform__FormData']")
    add = fields.locator(".bio-properties-panel-group-header .bio-properties-panel-add-entry")
    add.click()
    add.click()
    for index, (field_id, label, kind) in enumerate((("damaged", "Is it damaged?", "boolean"),
                                                     ("serial_number", "Serial number", "string"))):
        prefix = f"inspect-formField-{index}"
        panel_input(page, f"{prefix}-formFieldID", field_id)
        panel_input(page, f"{prefix}-formFieldLabel", label)
        page.select_option(f"#bio-properties-panel-{prefix}-formFieldType", kind)
    open_group(page, "FlowDesk__Translations")
    panel_input(page, "flowdesk-zh-name", "检查笔记本")
    panel_input(page, "flowdesk-zh-field-0-label", "是否损坏？")
    panel_input(page, "flowdesk-zh-field-1-label", "序列号")


def name_the_process_in_chinese(page: Any, process_id: str) -> None:
    """Select the process (a click on the empty canvas) and give it its Chinese name in the panel."""
    canvas = page.locator("#canvas").bounding_box()
    page.mouse.click(canvas["x"] + canvas["width"] - 120, canvas["y"] + canvas["height"] - 120)
    expect(page.locator("#bio-properties-panel-id")).to_have_value(process_id)
    open_group(page, "FlowDesk__Translations")
    panel_input(page, "flowdesk-zh-name", "归还笔记本")


def set_the_timer(page: Any, words: Words) -> None:
    """Make the boundary timer a duration of three days in the panel, and read what it means."""
    element(page, "overdue_timer").click()
    open_group(page, "timer")
    choose_timer_kind(page, "timeDuration")
    panel_input(page, "timerEventDefinitionValue", "P3D")
    page.get_by_test_id("timer-meaning").locator(".flowdesk-help-text").filter(has_text=words.timer_meaning).wait_for()


def write_the_condition(page: Any, flows: dict[str, str]) -> None:
    """Give the flow to the repair its ${...} condition in the panel, and its id."""
    click_flow(page, flows["to_repair"])
    panel_input(page, "id", "to_repair")
    flows["to_repair"] = "to_repair"
    open_group(page, "CamundaPlatform__Condition")
    page.select_option("#bio-properties-panel-conditionType", "expression")
    panel_input(page, "conditionExpression", CONDITION)
    in_scope = page.get_by_test_id("variables-in-scope")  # the server reads the form fields the task sets
    in_scope.get_by_text("damaged", exact=True).wait_for()
    in_scope.get_by_text("serial_number", exact=True).wait_for()


def owner_draws_and_fixes_the_process(page: Any, words: Words, process_id: str, screenshot: Any) -> None:
    """Draw, describe, see the missing condition flagged by the lint and the check, make the flow the default."""
    flows = draw_the_process(page)
    for flow_id in flows.values():  # no condition anywhere yet: FlowDesk's own rule flags both flows
        lint_flag(page, flow_id, "flowdesk/gateway-conditions").wait_for(state="attached")
    assert words.lint_without_any_condition in lint_flag(page, flows["to_stock"],
                                                         "flowdesk/gateway-conditions").text_content()
    assert_flag_is_seen(page, flows["to_stock"])
    describe_the_task(page)
    name_the_process_in_chinese(page, process_id)
    set_the_timer(page, words)
    shot(screenshot, page, words, "3-timer")
    write_the_condition(page, flows)
    shot(screenshot, page, words, "4-condition")
    to_stock = flows["to_stock"]
    flag = lint_flag(page, to_stock, "conditional-flows")
    flag.wait_for(state="attached")  # the other flow still has none: bpmnlint's rule flags it now
    assert words.lint_missing_condition in flag.text_content()
    assert_flag_is_seen(page, to_stock)
    assert lint_flag(page, "to_repair", "conditional-flows").count() == 0
    page.locator("[data-action=check]").click()
    badge = page.locator(f".djs-overlays[data-container-id='{to_stock}'] .flowdesk-problem-badge")
    badge.wait_for()
    assert words.server_missing_condition in badge.get_attribute("title")
    assert page.locator(".flowdesk-problem-badge").count() == 1  # on that flow and nowhere else
    problem = page.get_by_test_id("problems").locator("button")
    assert words.server_missing_condition in problem.inner_text()
    problem.click()  # the problem selects its flow and opens the condition's type, where the fix starts
    assert page.evaluate("window.flowdeskModeler.get('selection').get().map(e => e.id)") == [to_stock]
    expect(page.locator("#bio-properties-panel-conditionType")).to_be_focused()
    shot(screenshot, page, words, "5-missing-condition")
    replace_with(page, "replace-with-default-flow")
    flag.wait_for(state="detached")
    page.locator("[data-action=check]").click()
    page.locator("#modeller-status.success", has_text=words.no_problems).wait_for()
    assert page.locator(".flowdesk-problem-badge").count() == 0
    assert page.locator("#properties .bio-properties-panel-error").count() == 0  # the panel forgets it too
    shot(screenshot, page, words, "6-fixed")


def owner_deploys_with_a_note(page: Any, words: Words, process_id: str, note: str, screenshot: Any) -> None:
    """Save the draft, read what version 1 holds, and deploy it with a change note."""
    page.locator("[data-action=save]").click()
    page.wait_for_selector("#modeller-status.success")
    page.locator("[data-action=deploy]").click()
    changes = page.get_by_test_id("changes")
    changes.locator("[data-kind=added] [data-element=inspect]").wait_for()
    assert words.first_version in page.inner_text("#changes-heading")
    added = set(changes.locator("[data-kind=added] [data-element]").evaluate_all("ns => ns.map(n => n.dataset.element)"))
    assert {"handed_back", "inspect", "is_damaged", "to_repair", "sent_for_repair", "back_in_stock", "overdue_timer",
            "overdue"} <= added
    assert changes.locator("[data-kind=changed], [data-kind=removed]").count() == 0
    page.get_by_test_id("deploy-note").fill(note)
    shot(screenshot, page, words, "7-deploy")
    page.locator("[data-action=publish]").click()
    page.wait_for_url(f"**/processes/{process_id}")
    assert words.deployed in page.inner_text(".flash")
    versions = page.get_by_test_id(f"versions-{process_id}")
    assert note in versions.inner_text()
    shot(screenshot, page, words, "8-deployed")


def deployed_version_holds_the_drawing(page: Any, process_id: str) -> None:
    """Read version 1 as deployed and check it says what was entered in the panel."""
    response = page.request.get(f"/processes/{process_id}/versions/1/diagram.bpmn")
    assert response.status == 200
    root = etree.fromstring(response.body())
    process = root.find(f"{BPMN}process")
    assert process.get("id") == process_id and process.get("name") == "Return a laptop"
    task = process.find(f"{BPMN}userTask[@id='inspect']")
    assert task.get(f"{CAMUNDA}candidateGroups") == "service-desk"
    fields = task.findall(f"{BPMN}extensionElements/{CAMUNDA}formData/{CAMUNDA}formField")
    assert [(f.get("id"), f.get("label"), f.get("type")) for f in fields] == [
        ("damaged", "Is it damaged?", "boolean"), ("serial_number", "Serial number", "string")]
    gateway = process.find(f"{BPMN}exclusiveGateway[@id='is_damaged']")
    to_stock = gateway.get("default")
    assert process.find(f"{BPMN}sequenceFlow[@id='{to_stock}']").get("targetRef") == "back_in_stock"
    assert process.find(f"{BPMN}sequenceFlow[@id='{to_stock}']/{BPMN}conditionExpression") is None
    repair = process.find(f"{BPMN}sequenceFlow[@id='to_repair']")
    assert (repair.get("sourceRef"), repair.get("targetRef")) == ("is_damaged", "sent_for_repair")
    assert repair.findtext(f"{BPMN}conditionExpression") == CONDITION
    timer = process.find(f"{BPMN}boundaryEvent[@id='overdue_timer']")
    assert timer.get("attachedToRef") == "inspect"
    assert timer.findtext(f"{BPMN}timerEventDefinition/{BPMN}timeDuration") == "P3D"
    assert {end.get("id") for end in process.findall(f"{BPMN}endEvent")} == {"sent_for_repair", "back_in_stock",
                                                                             "overdue"}


def requester_starts_it_from_the_portal(page: Any, words: Words, process_id: str, screenshot: Any) -> str:
    """Start the process from its card in the portal; return the new request's instance id."""
    page.goto("/portal")
    page.locator(f"a[href='/portal/start/{process_id}']").click()
    shot(screenshot, page, words, "9-portal-start")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/requests/\d+$"))
    return page.url.rsplit("/", 1)[1]


def owner_sees_the_task_and_its_timer_waiting(page: Any, instance_id: str) -> None:
    """The instance waits on the task, with its boundary timer due about three days on."""
    page.goto(f"/instances/{instance_id}")
    assert "inspect" in page.get_by_test_id("open-tasks").inner_text()
    assert "overdue_timer" in page.get_by_test_id("timers").inner_text()


def agent_completes_the_task_from_the_inbox(page: Any, words: Words, process_name: str, screenshot: Any) -> None:
    """Open the task from the group queue of the candidate group, tick 'damaged', give the serial and complete it."""
    page.goto("/inbox/queue")
    row = page.locator("[data-testid=inbox-queue] tr", has_text=process_name)
    assert row.count() == 1
    row.locator("a[href^='/tasks/']").click()
    page.wait_for_selector("#serial_number")
    page.check("#damaged")
    page.fill("#serial_number", SERIAL)
    shot(screenshot, page, words, "10-task-form")
    page.locator(".task-form button[type=submit]").click()
    page.wait_for_load_state()


def instance_ended_on_the_path_the_condition_chose(page: Any, words: Words, instance_id: str,
                                                   screenshot: Any) -> None:
    """The instance is completed through the repair, not the stock, with the agent's values as its data (read by
    the agent: a process owner reads only what a requester's forms show, and this task is the service desk's)."""
    page.goto(f"/instances/{instance_id}")
    assert page.get_by_test_id("status").inner_text() == words.completed
    variables = page.get_by_test_id("variables")
    assert variables.locator("tr", has_text="serial_number").locator("td").nth(1).inner_text() == SERIAL
    assert variables.locator("tr", has_text="damaged").locator("td").nth(1).inner_text() == "true"
    page.wait_for_selector(".djs-element.done", timeout=15000)
    done = set(page.eval_on_selector_all(".djs-element.done", "nodes => nodes.map(n => n.dataset.elementId)"))
    taken = set(page.eval_on_selector_all(".djs-connection.taken", "nodes => nodes.map(n => n.dataset.elementId)"))
    assert {"handed_back", "inspect", "is_damaged", "sent_for_repair"} <= done
    assert "to_repair" in taken
    assert not {"back_in_stock", "overdue"} & done
    shot(screenshot, page, words, "11-ended")


@pytest.mark.parametrize("words", [ENGLISH, CHINESE], ids=["en", "zh_CN"])
def test_process_drawn_from_an_empty_canvas_ends_on_the_path_its_condition_chose(page_as, screenshot,
                                                                                  words: Words) -> None:
    process_id = f"laptop_return_{words.locale.lower()}"
    owner = page_as("olga")
    choose_language(owner, words)
    create_the_process(owner, words, process_id, screenshot)
    owner_draws_and_fixes_the_process(owner, words, process_id, screenshot)
    owner_deploys_with_a_note(owner, words, process_id, "First version: repair what is damaged, restock the rest.",
                              screenshot)
    deployed_version_holds_the_drawing(owner, process_id)
    requester = page_as("rita")
    choose_language(requester, words)
    instance_id = requester_starts_it_from_the_portal(requester, words, process_id, screenshot)
    owner_sees_the_task_and_its_timer_waiting(owner, instance_id)
    agent = page_as("sam")
    choose_language(agent, words)
    process_name = "Return a laptop" if words.locale == "en" else "归还笔记本"
    agent_completes_the_task_from_the_inbox(agent, words, process_name, screenshot)
    instance_ended_on_the_path_the_condition_chose(agent, words, instance_id, screenshot)
