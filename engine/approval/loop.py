"""The approval multi-instance task: one instance per member, ended as soon as its rule is settled.

When the task starts, the people its flowdesk:exclude variables name are removed from the members, and each
member away with a delegation in force hands their instance to the delegate (unless the delegate is excluded:
then the instance stays with the member). Each completed instance is one decision, kept in
`<task id>_decisions`; after each, the rule (engine/approval/rule.py decide) is asked, and once it answers the
outcome is written and the other instances are cancelled. An interrupting boundary event that ends the task first
leaves the outcome no_quorum on its path: the rule never approves by silence.
"""
import contextvars
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.util.task import TaskState

from engine import clock as engine_clock
from engine.approval.rule import DECISIONS, ApprovalRule, counted_decisions, decide, final_outcome
from engine.errors import EngineError
from engine.reading.loops import CamundaParallelLoop
from engine.views import StepEvent

MEMBER = "approval_member"  # a child's internal data: the member it decides for
DECIDED_BY = "decided_by"  # a child's internal data: who completed it (Run.complete_task)
STATE = "approval"  # the loop's internal data: members, exclusions, assignees
FORM_FIELDS = ("decision", "comment")
# (step context, members) -> {member: delegate} for the members away with a delegation in force now.
Delegates = Callable[[Any, Sequence[str]], Mapping[str, str]]

_EVENTS: contextvars.ContextVar[list[StepEvent] | None] = contextvars.ContextVar("flowdesk_approval_events",
                                                                                 default=None)


class DecisionMissing(EngineError):
    """An approval instance was completed without a decision of approve or reject."""


def open_events() -> contextvars.Token:
    """Start collecting the approval events of one step."""
    return _EVENTS.set([])


def close_events(token: contextvars.Token) -> list[StepEvent]:
    """Stop collecting and return the approval events of the step."""
    events = _EVENTS.get() or []
    _EVENTS.reset(token)
    return events


def report(kind: str, element_id: str, **data: Any) -> None:
    """Note an approval event for the step's history."""
    events = _EVENTS.get()
    if events is not None:
        events.append(StepEvent(kind, element_id, data))


def names_in(value: Any) -> list[str]:
    """Return the usernames a variable holds: one name, a comma-separated text or a list."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple, set)) else str(value).split(",")
    return [name for name in (str(item).strip() for item in items) if name]


class ApprovalLoop(CamundaParallelLoop):
    """A parallel multi-instance user task that decides by an ApprovalRule."""

    def __init__(self, wf_spec: Any, bpmn_id: str, rule: ApprovalRule, **kwargs: Any) -> None:
        super().__init__(wf_spec, bpmn_id, **kwargs)
        self.rule = rule

    @property
    def decisions_variable(self) -> str:
        """Return the variable holding the decisions so far."""
        return f"{self.bpmn_id}_decisions"

    def create_children(self, my_task: Any) -> None:
        """Create one instance per member who may decide, handed to their delegate when one is in force."""
        excluded = self.excluded(my_task.data)
        members = list(dict.fromkeys(names_in(self.data_input.get(my_task))))
        for member in members:
            if member in excluded:
                report("approval_member_excluded", self.bpmn_id, member=member, variables=excluded[member])
        eligible = [member for member in members if member not in excluded]
        assignees = self.assignees(my_task, eligible, excluded)
        my_task.internal_data[STATE] = {"members": eligible, "excluded": sorted(excluded), "assignees": assignees}
        my_task.data[self.decisions_variable] = []
        settled = decide(self.rule, [], eligible)
        if settled is not None:  # too few members to decide at all
            self.conclude(my_task, settled, [])
            return
        for member in eligible:
            self.create_child(my_task, assignees[member])
            child = my_task.children[-1]
            child.internal_data[MEMBER] = member

    def excluded(self, data: Mapping[str, Any]) -> dict[str, list[str]]:
        """Return the people who may never decide, each with the variables that name them."""
        found: dict[str, list[str]] = {}
        for variable in self.rule.exclude:
            for name in names_in(data.get(variable)):
                found.setdefault(name, []).append(variable)
        return found

    def assignees(self, my_task: Any, members: list[str], excluded: Mapping[str, list[str]]) -> dict[str, str]:
        """Return who works each member's instance: the member, or the delegate in force (never an excluded one)."""
        lookup = getattr(my_task.workflow.script_engine, "delegates_for", None)
        delegates = dict(lookup(members)) if lookup is not None and members else {}
        assignees = {}
        for member in members:
            delegate = delegates.get(member)
            if delegate and delegate in excluded:
                report("approval_delegation_refused", self.bpmn_id, member=member, delegate=delegate,
                       reason="excluded", variables=excluded[delegate])
                delegate = None
            elif delegate and delegate in members:  # one person, one decision: a member decides only for themself
                report("approval_delegation_refused", self.bpmn_id, member=member, delegate=delegate,
                       reason="member", variables=[])
                delegate = None
            elif delegate:
                report("approval_delegated", self.bpmn_id, member=member, delegate=delegate)
            assignees[member] = delegate or member
        return assignees

    def merge_child(self, workflow: Any, child: Any) -> None:
        """Record an instance's decision, then let the loop end when the rule is settled."""
        my_task = child.parent
        decision = self.decision_of(child)
        decisions = list(my_task.data.get(self.decisions_variable) or [])
        decisions.append(decision)
        for name in (*FORM_FIELDS, self.decisions_variable, self.rule.outcome_variable):
            child.data.pop(name, None)  # the decision lives in the list; stale copies must not merge back
        report("approval_decision_recorded", self.bpmn_id, **decision)
        my_task.data[self.decisions_variable] = decisions
        super().merge_child(workflow, child)
        settled = self.settled(my_task)  # once every member decided, the rule always has its answer
        if settled is not None and my_task.state != TaskState.COMPLETED:
            self.conclude(my_task, settled, decisions)

    def decision_of(self, child: Any) -> dict[str, Any]:
        """Return the decision an instance was completed with (raises DecisionMissing)."""
        value = str(child.data.get("decision") or "").strip().lower()
        if value not in DECISIONS:
            raise DecisionMissing(f"Approval task '{self.bpmn_id}' was completed without a decision; "
                                  "choose approve or reject.")
        member = child.internal_data.get(MEMBER)
        assignee = child.data.get(self.input_item.bpmn_id) if self.input_item is not None else None
        return {"member": member, "decided_by": child.internal_data.get(DECIDED_BY) or assignee or member,
                "decision": value, "comment": str(child.data.get("comment") or ""),
                "at": engine_clock.current_time().isoformat()}

    def check_completion_condition(self, my_task: Any) -> bool:
        """Say whether the rule is settled by the decisions so far (the loop then cancels the other instances)."""
        return self.settled(my_task) is not None

    def settled(self, my_task: Any) -> str | None:
        """Return the outcome the decisions so far settle, or None."""
        return decide(self.rule, my_task.data.get(self.decisions_variable) or [], self.members(my_task))

    def members(self, my_task: Any) -> list[str]:
        """Return the members who may decide on this task."""
        return list(my_task.internal_data.get(STATE, {}).get("members", []))

    def conclude(self, my_task: Any, outcome: str, decisions: list[dict[str, Any]]) -> None:
        """Write the outcome and report it, with the members whose instances end undecided."""
        my_task.data[self.rule.outcome_variable] = outcome
        decided = counted_decisions(decisions, self.members(my_task))
        open_members = [member for member in self.members(my_task) if member not in decided]
        report("approval_concluded", self.bpmn_id, outcome=outcome, rule=self.rule.describe(),
               approvals=sum(1 for value in decided.values() if value == "approve"),
               rejections=sum(1 for value in decided.values() if value == "reject"),
               cancelled=open_members)

    def _on_cancel(self, my_task: Any) -> None:
        """End undecided (an interrupting event or a cancellation): no_quorum, on the path that goes on."""
        super()._on_cancel(my_task)
        decisions = list(my_task.data.get(self.decisions_variable) or [])
        outcome = final_outcome(self.rule, decisions, self.members(my_task))
        values = {self.rule.outcome_variable: outcome, self.decisions_variable: decisions}
        for task in interrupting_paths(my_task):
            task.data.update(values)
        self.conclude(my_task, outcome, decisions)


def interrupting_paths(my_task: Any) -> list[Any]:
    """Return the interrupting boundary events of a task that fired, and the tasks their paths have reached."""
    split = my_task.parent
    found: list[Any] = []
    if split is None:
        return found
    for sibling in split.children:
        spec = sibling.task_spec
        if isinstance(spec, BoundaryEvent) and spec.cancel_activity and \
                sibling.has_state(TaskState.READY | TaskState.COMPLETED):
            found.extend(task for task in sibling if not task.has_state(TaskState.CANCELLED))
    return found
