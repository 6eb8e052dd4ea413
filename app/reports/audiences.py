"""Which dashboard a reader sees: the audience her roles make her, and the KPIs that audience reads first."""
from app.organisation.policies import Actor

AUDIENCE_KPIS: dict[str, tuple[str, ...]] = {
    "manager": ("volume_in", "volume_out", "backlog", "backlog_age", "response_p50_work", "response_p90_work",
                "resolution_p50_work", "resolution_p90_work", "response_p50_wall", "resolution_p50_wall",
                "first_contact_resolution", "reopen_rate", "sla_response", "sla_resolution", "escalations", "csat",
                "csat_response_rate", "change_success", "emergency_changes", "problems_open", "problem_age"),
    "process_owner": ("sla_response", "sla_resolution", "response_p50_work", "resolution_p50_work",
                      "resolution_p90_work", "first_contact_resolution", "reopen_rate", "escalations",
                      "change_success", "emergency_changes", "problems_open", "problem_age"),
    "group_lead": ("volume_in", "volume_out", "backlog", "backlog_age", "response_p50_work", "resolution_p50_work",
                   "resolution_p90_work", "first_contact_resolution", "reopen_rate", "sla_response",
                   "sla_resolution", "escalations", "csat"),
    "agent": ("volume_in", "volume_out", "backlog", "backlog_age", "response_p50_work", "resolution_p50_work",
              "first_contact_resolution", "reopen_rate", "sla_resolution", "csat"),
}


def audience_of(actor: Actor) -> str:
    """Return the dashboard an actor sees: managers' (and auditors', admins'), process owners', leads', agents'."""
    if actor.has_role("manager", "auditor"):
        return "manager"
    if actor.has_role("process_owner"):
        return "process_owner"
    if actor.lead_of:
        return "group_lead"
    return "agent"
