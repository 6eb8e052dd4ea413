"""FlowDesk tables."""
from app.models.attachments import TicketAttachment  # noqa: F401 (exported)
from app.models.cmdb import CiChange, CiRelation, CiType, ConfigurationItem  # noqa: F401 (exported)
from app.models.history import HistoryEvent
from app.models.knowledge import KbArticle, KbCategory  # noqa: F401 (exported)
from app.models.organisation import ROLES, ApiToken, Department, Group, Membership, User, UserRole
from app.models.outbox import OutboxMessage
from app.models.process import ProcessDefinition, ProcessInstance, Timer, UserTask, UserTaskCandidate
from app.models.service_levels import (  # noqa: F401 (exported)
    CalendarRow,
    Setting,
    SlaPolicy,
    SlaTargetRow,
    TicketEscalation,
    TicketSlaEvent,
)
from app.models.tickets import (  # noqa: F401 (exported)
    Category,
    SavedTicketFilter,
    Ticket,
    TicketLink,
    TicketNote,
    TicketWatcher,
)

__all__ = [
    "ROLES", "ApiToken", "Department", "UserRole",
    "Group", "HistoryEvent", "Membership", "OutboxMessage", "ProcessDefinition", "ProcessInstance",
    "Timer", "User", "UserTask", "UserTaskCandidate",
]
