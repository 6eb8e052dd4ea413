"""The catalogue of standard changes: templates proposed by change managers, approved by another change manager or
an admin (four eyes), versioned (a new version of an approved template is proposed again, and approving it retires
the one before) and retired; raising a standard change from a template fills it in and counts the use."""
from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.organisation.policies import Actor, check_may_decide_change_template, may_manage_change_templates
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.platform.transactions import use_case
from app.servicedesk.change.models import ChangeTemplate
from app.servicedesk.change.stages import IMPACTS
from app.servicedesk.change.values import ChangeValues, refuse_if_any, text_errors
from app.workflow.runtime import Runtime

TEMPLATE_STATUSES = ("proposed", "approved", "retired")
KEY_MAX = 80


@dataclass(frozen=True)
class TemplateValues:
    """A template as proposed."""

    key: str
    name: str
    description: str
    owner_group: str
    implementation_plan: str
    backout_plan: str
    test_plan: str
    impact: str = "low"


def check_template(values: TemplateValues) -> None:
    """Refuse a template without key, name or plans, or with an unknown impact."""
    errors = text_errors({"title": values.name, "implementation_plan": values.implementation_plan,
                          "backout_plan": values.backout_plan, "test_plan": values.test_plan},
                         ("title", "implementation_plan", "backout_plan", "test_plan"))
    if not values.key.strip() or len(values.key) > KEY_MAX or not values.key.replace("-", "").isalnum():
        errors["key"] = [f"Key is 1 to {KEY_MAX} letters, digits and hyphens, e.g. db-patch."]
    if values.impact not in IMPACTS:
        errors["impact"] = [f"Impact must be one of {', '.join(IMPACTS)}."]
    refuse_if_any("The template was not proposed", errors)


@use_case
def propose_template(runtime: Runtime, actor: Actor, values: TemplateValues) -> ChangeTemplate:
    """Propose a template, or the next version of one; it is usable once another change manager approves it."""
    if not may_manage_change_templates(actor):
        raise NotAllowed(f"{actor.login} may not propose standard changes: the change-managers group and "
                         "administrators do.")
    check_template(values)
    key = values.key.strip().lower()
    if db.session.execute(select(ChangeTemplate.id).where(ChangeTemplate.key == key,
                                                          ChangeTemplate.status == "proposed")).first():
        raise Conflict(f"A version of '{key}' is already proposed; approve or retire it first.")
    version = (db.session.execute(select(func.max(ChangeTemplate.version)).where(ChangeTemplate.key == key))
               .scalar() or 0) + 1
    template = ChangeTemplate(key=key, version=version, name=values.name.strip(), description=values.description,
                              owner_group=values.owner_group, implementation_plan=values.implementation_plan,
                              backout_plan=values.backout_plan, test_plan=values.test_plan, impact=values.impact,
                              status="proposed", proposed_by=actor.login, proposed_at=runtime.clock.now(),
                              usage_count=0)
    db.session.add(template)
    db.session.flush()
    return template


def require_template(template_id: int) -> ChangeTemplate:
    """Return a template or raise NotFound."""
    template = db.session.get(ChangeTemplate, template_id)
    if template is None:
        raise NotFound(f"There is no standard change template {template_id}; choose one from the catalogue.")
    return template


@use_case
def approve_template(runtime: Runtime, actor: Actor, template_id: int) -> ChangeTemplate:
    """Approve a proposed template, retiring the version it replaces."""
    template = require_template(template_id)
    check_may_decide_change_template(actor, template.proposed_by)
    if template.status != "proposed":
        raise Conflict(f"Template {template.key} v{template.version} is {template.status}; only a proposed one is "
                       "approved.")
    now = runtime.clock.now()
    for older in db.session.execute(select(ChangeTemplate).where(ChangeTemplate.key == template.key,
                                                                 ChangeTemplate.status == "approved")).scalars():
        older.status, older.decided_by, older.decided_at = "retired", actor.login, now
    template.status, template.decided_by, template.decided_at = "approved", actor.login, now
    return template


@use_case
def retire_template(runtime: Runtime, actor: Actor, template_id: int) -> ChangeTemplate:
    """Retire a template: no new standard change is raised from it."""
    template = require_template(template_id)
    check_may_decide_change_template(actor, "")
    if template.status == "retired":
        raise Conflict(f"Template {template.key} v{template.version} is retired already.")
    template.status, template.decided_by, template.decided_at = "retired", actor.login, runtime.clock.now()
    return template


def list_templates(status: str | None = "approved") -> list[ChangeTemplate]:
    """Return the catalogue (approved templates by default), by name then version."""
    query = select(ChangeTemplate).order_by(ChangeTemplate.name, ChangeTemplate.version)
    if status:
        query = query.where(ChangeTemplate.status == status)
    return list(db.session.execute(query).scalars())


def use_template(values: ChangeValues) -> ChangeTemplate:
    """Fill a standard change's empty values from its approved template and count the use (caller's unit)."""
    if values.template_id is None:
        raise InvalidValues("A standard change is raised from a template; choose one from the catalogue.",
                            {"template_id": ["Choose a standard change template."]})
    template = require_template(values.template_id)
    if template.status != "approved":
        raise InvalidValues(f"Template {template.key} v{template.version} is {template.status}, not approved; "
                            "choose an approved one.", {"template_id": ["Choose an approved template."]})
    values.title = values.title.strip() or template.name
    values.description = values.description or template.description
    values.owner_group = values.owner_group or template.owner_group
    values.implementation_plan = values.implementation_plan.strip() or template.implementation_plan
    values.backout_plan = values.backout_plan.strip() or template.backout_plan
    values.test_plan = values.test_plan.strip() or template.test_plan
    values.reason = values.reason.strip() or template.description or template.name
    values.impact = template.impact
    template.usage_count += 1
    return template
