"""What a catalogue request's page shows its requester: who approved and when, who it waits for, and a progress bar
through the user tasks of the diagram version it runs, in flow order, the open ones marked current."""
import json
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree
from sqlalchemy import select

from app.extensions import db
from app.organisation.people import display_names
from app.servicedesk.catalogue.items import in_language
from app.servicedesk.catalogue.models import CatalogueApproval, CatalogueItem, CatalogueRequest
from app.servicedesk.tickets.models import Ticket
from app.workflow.models import HistoryEvent, ProcessDefinition, UserTask
from engine.approval.rule import APPROVE

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
CAMUNDA = "{http://camunda.org/schema/1.0/bpmn}"


@dataclass(frozen=True)
class ApprovalLine:
    """One approver of one level: approved or rejected (when), pending with her, or not reached yet."""

    level: str
    rule: str
    approver: str
    approver_name: str
    state: str  # approved, rejected, pending, waiting, not_needed (the level was settled without her)
    decided_at: datetime | None
    comment: str | None
    delegate_name: str | None  # who decided for her, when a delegate did


@dataclass(frozen=True)
class ProgressStep:
    """A user task of the request's diagram and where the request stands with it."""

    element_id: str
    name: str
    state: str  # done, current, next, skipped (passed by: a later step was reached without it)


@dataclass(frozen=True)
class RequestProgress:
    """A catalogue request as its page shows it beside the conversation."""

    record: CatalogueRequest
    item_name: str
    item_key: str
    approvals: list[ApprovalLine]
    steps: list[ProgressStep]


def user_tasks_in_flow_order(xml: bytes, locale: str) -> list[tuple[str, str]]:
    """Return the (id, name) of a diagram's user tasks, breadth-first from its start events along the flows (pure).

    Parallel branches come in the order they are drawn in the file; a task is listed where it is first reached.
    """
    root = etree.fromstring(xml)
    process = root.find(f"{BPMN}process")
    if process is None:
        return []
    targets: dict[str, list[str]] = {}
    for flow in process.iter(f"{BPMN}sequenceFlow"):
        targets.setdefault(flow.get("sourceRef", ""), []).append(flow.get("targetRef", ""))
    elements = {element.get("id"): element for element in process if element.get("id")}
    queue = deque(element.get("id") for element in process.iter(f"{BPMN}startEvent"))
    seen: set[str] = set()
    tasks: list[tuple[str, str]] = []
    while queue:
        element_id = str(queue.popleft())
        if element_id in seen:
            continue
        seen.add(element_id)
        element = elements.get(element_id)
        if element is not None and element.tag == f"{BPMN}userTask":
            tasks.append((element_id, name_in_language(element, locale)))
        queue.extend(targets.get(element_id, []))
    return tasks


def name_in_language(element: etree._Element, locale: str) -> str:
    """Return an element's name, its zh_CN:name property for a Chinese reader."""
    chinese = None
    for prop in element.iter(f"{CAMUNDA}property"):
        if prop.get("name") == "zh_CN:name":
            chinese = prop.get("value")
            break
    return in_language(element.get("name") or element.get("id") or "", chinese, locale)


def completed_elements(instance_id: int) -> set[str]:
    """Return the elements of the instance's completed user tasks."""
    return {str(element) for element in db.session.execute(select(HistoryEvent.element_id).where(
        HistoryEvent.instance_id == instance_id, HistoryEvent.kind == "task_completed")).scalars()}


def approval_events(instance_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    """Return the instance's approval decisions and conclusions as (kind, level, data), in order."""
    rows = db.session.execute(select(HistoryEvent.kind, HistoryEvent.element_id, HistoryEvent.data).where(
        HistoryEvent.instance_id == instance_id,
        HistoryEvent.kind.in_(("approval_decision_recorded", "approval_concluded"))).order_by(HistoryEvent.seq)).all()
    return [(str(kind), str(element), json.loads(data)) for kind, element, data in rows]


def approval_lines(ticket: Ticket, events: list[tuple[str, str, dict[str, Any]]],
                   open_elements: set[str]) -> list[ApprovalLine]:
    """Return each approver of each level reached, with her decision or what the request waits for.

    A member's first decision counts (as the rule counts it); a level the rule settled before she decided no
    longer needs her.
    """
    rows = list(db.session.execute(select(CatalogueApproval).where(CatalogueApproval.ticket_id == ticket.id)
                                   .order_by(CatalogueApproval.id)).scalars())
    decided: dict[tuple[str, str], dict[str, Any]] = {}
    concluded: set[str] = set()
    for kind, level, data in events:
        if kind == "approval_concluded":
            concluded.add(level)
        else:
            decided.setdefault((level, str(data.get("member"))), data)
    names = display_names({row.approver for row in rows} | {str(d.get("decided_by")) for d in decided.values()})
    lines = []
    for row in rows:
        name = names.get(row.approver, row.approver)
        decision = decided.get((row.element_id, row.approver))
        if decision is None:
            state = "not_needed" if row.element_id in concluded else \
                "pending" if row.element_id in open_elements else "waiting"
            lines.append(ApprovalLine(row.element_id, row.rule, row.approver, name, state, None, None, None))
            continue
        by = str(decision.get("decided_by") or row.approver)
        lines.append(ApprovalLine(
            row.element_id, row.rule, row.approver, name,
            "approved" if decision.get("decision") == APPROVE else "rejected",
            datetime.fromisoformat(str(decision["at"])) if decision.get("at") else None,
            str(decision.get("comment") or "").strip() or None, names.get(by, by) if by != row.approver else None))
    return lines


def step_states(tasks: list[tuple[str, str]], done: set[str], open_elements: set[str]) -> list[ProgressStep]:
    """Return each step done, current or next; a step not reached before one that was is skipped (pure)."""
    reached = [element_id in done or element_id in open_elements for element_id, _ in tasks]
    steps = []
    for index, (element_id, name) in enumerate(tasks):
        if element_id in open_elements:
            state = "current"
        elif element_id in done:
            state = "done"
        else:
            state = "skipped" if any(reached[index + 1:]) else "next"
        steps.append(ProgressStep(element_id, name, state))
    return steps


def request_progress(ticket: Ticket, locale: str = "en") -> RequestProgress | None:
    """Return a catalogue request's approvals and progress, or None for a ticket not ordered from the catalogue."""
    record = db.session.execute(select(CatalogueRequest).where(CatalogueRequest.ticket_id == ticket.id)) \
        .scalar_one_or_none()
    if record is None or ticket.instance_id is None:
        return None
    item = db.session.get(CatalogueItem, record.item_id)
    definition = db.session.get(ProcessDefinition, record.definition_id)
    assert item is not None and definition is not None  # the foreign keys keep them
    open_elements = set(db.session.execute(select(UserTask.element_id).where(
        UserTask.instance_id == ticket.instance_id)).scalars())
    done = completed_elements(ticket.instance_id)
    steps = step_states(user_tasks_in_flow_order(definition.bpmn_xml, locale), done, open_elements)
    return RequestProgress(record, in_language(item.name, item.name_zh, locale), item.key,
                           approval_lines(ticket, approval_events(ticket.instance_id), open_elements), steps)
