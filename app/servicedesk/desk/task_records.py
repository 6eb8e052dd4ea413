"""The record a task is about, as its page shows it above the form: the ticket's facts or the request's values.

The diagram decides which fields a task shows with the camunda:property flowdesk:show on the user task
(docs/diagram-translations.md); without it a task shows its ticket kind's usual fields. A name is a ticket
field when the process has a ticket (TICKET_FIELDS), else a process variable, labelled as the diagram's
forms label it.
"""
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.servicedesk.change.records import ci_ids_of, cis_of, record_of, services_of
from app.servicedesk.change.risk_answers import all_questions, reasons_of
from app.servicedesk.change.schedule_view import schedule_view
from app.servicedesk.desk.ticket_page import SLA_STATE_WORDS, category_path
from app.servicedesk.tickets import deadlines as ticket_deadlines
from app.servicedesk.tickets.models import Ticket
from app.servicedesk.tickets.records import ticket_of_instance
from app.workflow.diagram_text import text_of_definition
from app.workflow.diagram_translations import DiagramTranslations
from app.workflow.tasks.details import TaskDetails
from forms.fields import read_moment

DEFAULT_SHOWN: dict[str, tuple[str, ...]] = {
    "incident": ("title", "description", "category", "ci", "priority", "sla"),
    "request": ("item", "quantity", "cost", "justification", "details", "needed_by", "review_note"),
    "change": ("summary", "risk", "risk_reasons", "implementation_plan", "backout_plan", "test_plan", "planned_start",
               "planned_end", "cis", "conflicts"),
    "problem": ("title", "description", "ci", "priority"),
}
TICKET_FIELDS = {
    "number": _l("Ticket"), "title": _l("Title"), "description": _l("Description"), "category": _l("Category"),
    "ci": _l("Affected configuration item"), "priority": _l("Priority"), "sla": _l("Service level"),
    "impact": _l("Impact"), "urgency": _l("Urgency"), "assigned_group": _l("Group"), "requester": _l("Requester"),
}
# what a change's tasks show of its record beside the flow's variables (the CAB reads the risk and why, and the CIs)
CHANGE_FACTS = {"risk": _l("Risk"), "risk_reasons": _l("Why this risk"), "cis": _l("Affected configuration items"),
                "conflicts": _l("Schedule conflicts")}
RISK_WORDS = {"low": _l("Low"), "medium": _l("Medium"), "high": _l("High")}
LONG_TEXT_CHARS = 120  # longer values show as a block of text, not on one line


@dataclass(frozen=True)
class RecordFact:
    """One field of the record a task is about: its name, label and value as people read them."""

    name: str
    label: str
    value: str
    long: bool  # shown as a paragraph (descriptions, plans), not beside its label
    state: str | None = None  # the SLA state (on_track, warning, breached, met) for colour
    day: date | None = None  # a date, which the page writes in the reader's date format
    moment: datetime | None = None  # a date and time with its zone, which the page writes in the reader's zone


def task_record(details: TaskDetails, locale: str, now: datetime) -> list[RecordFact]:
    """Return the facts a task's page shows above its form, in the reader's language; [] when none apply."""
    text = text_of_definition(details.definition_id)
    ticket = ticket_of_instance(details.instance_id)
    kind = ticket.kind if ticket is not None else text.process_id
    names = text.translations.shown.get(details.element_id) or DEFAULT_SHOWN.get(kind, ())
    facts = []
    for name in names:
        if ticket is not None and ticket.kind == "change" and name in CHANGE_FACTS:
            facts.append(change_fact(ticket, name, locale, now))
            continue
        fact = ticket_fact(ticket, name, now) if ticket is not None and name in TICKET_FIELDS else \
            variable_fact(text.translations, details.variables, name, locale)
        if fact is not None:
            facts.append(fact)
    return facts


def ticket_fact(ticket: Ticket, name: str, now: datetime) -> RecordFact | None:
    """Return one ticket field as a fact, None when the ticket has no value for it."""
    label = str(TICKET_FIELDS[name])
    if name == "sla":
        return sla_fact(ticket, label, now)
    value: Any = getattr(ticket, name, None)
    if name == "category":
        value = category_path(ticket.category_id)
    elif name == "ci":
        item = db.session.get(ConfigurationItem, ticket.ci_id) if ticket.ci_id else None
        value = item.name if item else None
    if value in (None, ""):
        return None
    return fact_of(name, label, str(value))


def sla_fact(ticket: Ticket, label: str, now: datetime) -> RecordFact | None:
    """Return the ticket's SLA state and deadline, None for tickets without a service level."""
    if ticket.kind != "incident" or ticket.status == "cancelled" or ticket.response_due_at is None:
        return None
    status = ticket_deadlines.ticket_sla_status(ticket, now)
    words = str(SLA_STATE_WORDS.get(status.state.value, status.state.value))
    return RecordFact("sla", label, words, False, status.state.value)


def variable_fact(translations: DiagramTranslations, variables: dict[str, Any], name: str,
                  locale: str) -> RecordFact | None:
    """Return a process variable as a fact, labelled as the diagram's forms label it; None when unset."""
    value = variables.get(name)
    if value in (None, ""):
        return None
    label = translations.variable_label(name, locale) or name.replace("_", " ").capitalize()
    day = value if isinstance(value, date) else read_date(value) if isinstance(value, str) else None
    if day is not None:
        return RecordFact(name, label, day.isoformat(), False, day=day)
    moment = read_moment(value) if isinstance(value, str) else None
    if moment is not None and moment.tzinfo is not None:
        return RecordFact(name, label, moment.isoformat(), False, moment=moment)
    return fact_of(name, label, variable_text(translations, name, value, locale))


def variable_text(translations: DiagramTranslations, name: str, value: Any, locale: str) -> str:
    """Write a variable's value for people: yes or no, enum values by their label."""
    if isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    return translations.variable_value(name, str(value), locale)


def read_date(text: str) -> date | None:
    """Read an ISO date (YYYY-MM-DD) written as text, None for any other text."""
    if len(text) != len("2000-01-01"):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def fact_of(name: str, label: str, value: str) -> RecordFact:
    """Return a fact, marking long or multi-line values to show as a paragraph."""
    return RecordFact(name, label, value, len(value) > LONG_TEXT_CHARS or "\n" in value)


def change_fact(ticket: Ticket, name: str, locale: str, now: datetime) -> RecordFact:
    """Return a fact of a change's record: its risk, the reasons of its risk, its CIs and their services, or the
    conflicts its window meets now."""
    record = record_of(ticket.id)
    label = str(CHANGE_FACTS[name])
    if name == "conflicts":
        text = schedule_view(ticket, record, now).text()
        return RecordFact(name, label, text, "\n" in text)
    if name == "risk":
        return RecordFact(name, label, f"{RISK_WORDS[record.risk]} ({record.risk_score:.2f})", False)
    if name == "cis":
        ci_ids = ci_ids_of(record.id)
        items = ", ".join(item.name for item in cis_of(record.id)) or "–"
        services = ", ".join(services_of(ci_ids))
        return fact_of(name, label, str(_l("%(cis)s (services: %(services)s)", cis=items, services=services))
                       if services else items)
    return fact_of(name, label, risk_reason_text(reasons_of(record), locale))


def risk_reason_text(reasons: dict[str, Any], locale: str) -> str:
    """Write the reasons of a change's risk for people: the questionnaire's answers and the success score."""
    chinese = locale.startswith("zh")
    texts = {question.id: question.text_zh if chinese else question.text for question in all_questions()}
    yes = "; ".join(f"{texts.get(answer['id'], answer['text'])} ({answer['weight']})"
                    for answer in reasons.get("yes", [])) or "–"
    return str(_l("Questionnaire %(score).2f of weight %(total)s, answered yes: %(yes)s.\n"
                  "Impact %(impact)s x (1 - success score %(success).2f of %(whose)s) = %(impact_score).2f.",
                  score=reasons.get("questionnaire_score", 0.0), total=reasons.get("total_weight", 0), yes=yes,
                  impact=RISK_WORDS.get(reasons.get("impact", ""), ""), success=reasons.get("success_score", 0.0),
                  whose=reasons.get("success_of", ""), impact_score=reasons.get("impact_score", 0.0)))
