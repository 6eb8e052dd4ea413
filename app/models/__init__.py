"""FlowDesk tables."""
from app.models.history import HistoryEvent
from app.models.organisation import Group, Membership, User
from app.models.outbox import OutboxMessage
from app.models.process import ProcessDefinition, ProcessInstance, Timer, UserTask, UserTaskCandidate

__all__ = [
    "Group", "HistoryEvent", "Membership", "OutboxMessage", "ProcessDefinition", "ProcessInstance",
    "Timer", "User", "UserTask", "UserTaskCandidate",
]
