"""What an approval instance's form shows: the rule, who it is for and the decisions so far, as frozen records."""
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from engine.approval.loop import MEMBER, STATE, ApprovalLoop
from engine.approval.rule import ApprovalRule


@dataclass(frozen=True)
class DecisionView:
    """One member's decision on an approval task."""

    member: str
    decided_by: str
    decision: str  # approve, reject
    comment: str
    at: datetime | None


@dataclass(frozen=True)
class ApprovalView:
    """An open approval instance: its rule, the member it is for, who may never decide, and the decisions so far."""

    element_id: str
    rule: ApprovalRule
    member: str
    members: tuple[str, ...]
    excluded: tuple[str, ...]
    decisions: tuple[DecisionView, ...]


def is_approval_instance(task: Any) -> bool:
    """Say whether a task is one member's instance of an approval by rule."""
    return task.parent is not None and isinstance(task.parent.task_spec, ApprovalLoop)


def approval_view(task: Any) -> ApprovalView:
    """Describe an approval instance (is_approval_instance must hold)."""
    loop = task.parent
    spec: ApprovalLoop = loop.task_spec
    state = loop.internal_data.get(STATE, {})
    decisions = tuple(
        DecisionView(str(d.get("member")), str(d.get("decided_by")), str(d.get("decision")),
                     str(d.get("comment") or ""), datetime.fromisoformat(str(d["at"])) if d.get("at") else None)
        for d in loop.data.get(spec.decisions_variable) or [])
    return ApprovalView(spec.bpmn_id, spec.rule, str(task.internal_data.get(MEMBER) or ""),
                        tuple(state.get("members", ())), tuple(state.get("excluded", ())), decisions)
