"""What the ticket page shows: the ticket with its SLA state, current steps, notes, attachments, watchers,
links, the affected CI's facts and suggested articles, each filtered by what the viewer may see."""
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.cmdb.models import ConfigurationItem
from app.cmdb.queries import CiDetails, ci_details
from app.extensions import db
from app.knowledge.articles import ArticleHit, suggest_articles
from app.knowledge.models import KbArticle
from app.organisation.models import User
from app.organisation.people import display_names, group_names
from app.organisation.policies import Actor, is_staff
from app.service_levels.sla_clock import SlaStatus
from app.servicedesk.problem.known_errors import KnownErrorHit, search_known_errors
from app.servicedesk.processes.form_choices import category_options
from app.servicedesk.surveys.answers import SurveyView, list_surveys
from app.servicedesk.tickets import deadlines as ticket_deadlines
from app.servicedesk.tickets.attachments import list_attachments
from app.servicedesk.tickets.models import Category, Ticket, TicketAttachment, TicketLink, TicketNote
from app.servicedesk.tickets.notes import list_links, list_notes, list_watchers
from app.servicedesk.tickets.status_words import status_in_words
from app.servicedesk.tickets.visibility import may_read_ticket
from app.workflow.models import UserTask
from app.workflow.tasks.tasklist import candidates_of

SLA_STATE_WORDS = {
    "on_track": _l("On track"), "warning": _l("Close to the target"), "breached": _l("Target missed"),
    "met": _l("Target met"), "paused": _l("Paused"),
}
PRIORITY_SOURCE_WORDS = {
    "matrix": _l("from impact and urgency"), "override": _l("set by hand"), "monitoring": _l("from monitoring"),
}


@dataclass(frozen=True)
class OpenStep:
    """A user task of the ticket's process that is waiting, and whether the viewer may work it."""

    task_id: str
    name: str  # as drawn; pages show it in the reader's language (instance_id and element_id find its words)
    instance_id: int
    element_id: str
    assignee: str | None
    groups: tuple[str, ...]
    due_at: datetime | None
    mine: bool


@dataclass
class TicketPage:
    """Everything the ticket page shows, already filtered for the viewer."""

    ticket: Ticket
    agent_view: bool
    requester_name: str
    category_path: str | None
    ci: CiDetails | None
    sla: SlaStatus | None
    steps: list[OpenStep]
    notes: list[TicketNote]
    attachments: list[TicketAttachment]
    watchers: list[str]
    watching: bool
    links: list[dict[str, Any]]
    viewer: Actor
    suggestions: list[ArticleHit] = field(default_factory=list)
    known_errors: list[KnownErrorHit] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)  # login -> display name, for the logins the page names
    survey: SurveyView | None = None  # the ticket's answered survey, when the viewer may read it (survey_reach)

    def name_of(self, login: str | None) -> str | None:
        """Return the name people see for a login the page shows (the login when the person is gone)."""
        return self.people.get(login, login) if login else None

    @property
    def status_words(self) -> Any:
        """Return the status as people read it."""
        return status_in_words(self.viewer, self.ticket.status, self.ticket.requester)

    @property
    def sla_words(self) -> Any:
        """Return the SLA state as people read it."""
        return SLA_STATE_WORDS.get(self.sla.state.value, self.sla.state.value) if self.sla else None

    @property
    def priority_source_words(self) -> Any:
        """Return where the priority came from."""
        return PRIORITY_SOURCE_WORDS.get(self.ticket.priority_source, self.ticket.priority_source)


def open_steps(ticket: Ticket, actor: Actor) -> list[OpenStep]:
    """Return the open user tasks of the ticket's process, marking those the viewer may work."""
    if ticket.instance_id is None:
        return []
    tasks = db.session.execute(select(UserTask).where(UserTask.instance_id == ticket.instance_id)
                               .order_by(UserTask.created_at)).scalars().all()
    offered = candidates_of([task.id for task in tasks])
    steps = []
    for task in tasks:
        groups, users = offered.get(task.id, ([], []))
        mine = task.assignee == actor.login if task.assignee else (
            actor.login in users or bool(actor.groups.intersection(groups)))
        steps.append(OpenStep(task.id, task.name, task.instance_id, task.element_id, task.assignee, tuple(groups),
                              task.due_at, mine))
    names = group_names({group for step in steps for group in step.groups})
    return [replace(step, groups=tuple(names.get(group, group) for group in step.groups)) for step in steps]


def link_rows(ticket_id: int, actor: Actor) -> list[dict[str, Any]]:
    """Return the ticket's links with what each points to named (a ticket the reader may not see by its number)."""
    rows = []
    for found in list_links(ticket_id):
        rows.append({"kind": found.kind, "target_id": target_id(found), "label": link_label(found, actor)})
    return rows


def target_id(found: TicketLink) -> int | None:
    """Return the id a link points to, whatever its kind."""
    return found.target_ticket_id or found.target_ci_id or found.target_article_id


def link_label(found: TicketLink, actor: Actor) -> str:
    """Name what a link points to: a ticket number and title (only its number when the reader may not see it),
    a CI name, an article title."""
    if found.target_ticket_id is not None:
        other = db.session.get(Ticket, found.target_ticket_id)
        if other is None:
            return f"#{found.target_ticket_id}"
        return f"{other.number} – {other.title}" if may_read_ticket(actor, other.id) else other.number
    if found.target_ci_id is not None:
        item = db.session.get(ConfigurationItem, found.target_ci_id)
        return item.name if item else f"#{found.target_ci_id}"
    article = db.session.get(KbArticle, found.target_article_id)
    return article.title if article else f"#{found.target_article_id}"


def category_path(category_id: int | None) -> str | None:
    """Return a category's path, such as 'Hardware / Printer'."""
    if category_id is None or db.session.get(Category, category_id) is None:
        return None
    return dict(category_options()).get(str(category_id))


def ticket_page(ticket: Ticket, actor: Actor, now: datetime) -> TicketPage:
    """Assemble the ticket page for a viewer who may see the ticket."""
    agent_view = is_staff(actor)
    name = db.session.execute(select(User.display_name).where(User.login == ticket.requester)).scalar()
    watchers = list_watchers(ticket.id)
    sla = None
    if ticket.kind in ("incident", "request") and ticket.status != "cancelled" and ticket.response_due_at is not None:
        sla = ticket_deadlines.ticket_sla_status(ticket, now)
    page = TicketPage(
        ticket=ticket, agent_view=agent_view, requester_name=name or ticket.requester,
        category_path=category_path(ticket.category_id),
        ci=ci_details(ticket.ci_id) if ticket.ci_id and agent_view else None,
        sla=sla, steps=open_steps(ticket, actor),
        notes=list_notes(ticket.id, public_only=not agent_view),
        attachments=list_attachments(ticket.id, public_only=not agent_view),
        watchers=watchers, watching=actor.login in watchers, links=link_rows(ticket.id, actor) if agent_view else [],
        viewer=actor,
    )
    page.people = display_names({ticket.assignee, *watchers, *(step.assignee for step in page.steps)})
    page.survey = next(iter(list_surveys(actor, status="answered", number=ticket.number, limit=1)), None)
    if agent_view and ticket.status not in ("closed", "cancelled"):
        page.suggestions = suggest_articles(ticket.title, ticket.description, limit=5)
        if ticket.kind == "incident":
            page.known_errors = search_known_errors(actor, f"{ticket.title} {ticket.description}", ticket.ci_id)
    return page
