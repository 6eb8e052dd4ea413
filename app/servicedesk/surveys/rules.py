"""Keep the survey rules: one per catalogue item, per category, and a default for the rest."""
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import Actor, check_may_edit_survey_rules
from app.platform.errors import InvalidValues, NotFound
from app.platform.transactions import use_case
from app.servicedesk.catalogue.models import CatalogueItem
from app.servicedesk.surveys.models import DEFAULT_RULE, SurveyRule
from app.servicedesk.tickets.models import Category
from engine.clock import Clock

# field -> (lowest, highest) a rule accepts
BOUNDS = {"sample_percent": (0, 100), "delay_working_days": (0, 30), "min_days_between": (0, 365),
          "remind_after_days": (1, 60), "expire_after_days": (1, 90), "low_score": (0, 5), "comment_below": (1, 6),
          "recovery_hours": (1, 720)}
OUT_OF_BOUNDS = "Give a whole number from %(low)s to %(high)s."
REMIND_BEFORE_EXPIRY = "The reminder must come before the expiry: give fewer days for the reminder."
UNKNOWN_SCOPE = "Choose the default, a category or a catalogue item that exists."


@dataclass(frozen=True)
class RuleView:
    """A rule with the name of what it covers."""

    key: str
    scope: str  # default, category, item
    name: str
    enabled: bool
    values: dict[str, int]


def scope_name(key: str) -> tuple[str, str]:
    """Return (scope, name) of a rule key, NotFound for a category or item that does not exist."""
    if key == DEFAULT_RULE:
        return "default", ""
    scope, _, ident = key.partition(":")
    row: Category | CatalogueItem | None = None
    if ident.isdigit() and scope == "category":
        row = db.session.get(Category, int(ident))
    elif ident.isdigit() and scope == "item":
        row = db.session.get(CatalogueItem, int(ident))
    if row is None:
        raise NotFound(UNKNOWN_SCOPE)
    return scope, row.name


def scope_choices() -> list[tuple[str, str, str]]:
    """Return what a rule may cover: (key, scope, name) of the default, every category and every catalogue item."""
    choices = [(DEFAULT_RULE, "default", "")]
    choices += [(f"category:{row.id}", "category", row.name)
                for row in db.session.execute(select(Category).order_by(Category.name, Category.id)).scalars()]
    choices += [(f"item:{row.id}", "item", row.name)
                for row in db.session.execute(select(CatalogueItem).order_by(CatalogueItem.name)).scalars()]
    return choices


def list_rules() -> list[RuleView]:
    """Return every rule, the default first, then by what it covers."""
    views = []
    for rule in db.session.execute(select(SurveyRule)).scalars():
        try:
            scope, name = scope_name(rule.key)
        except NotFound:
            continue  # its category or item was deleted: the rule no longer applies
        views.append(RuleView(rule.key, scope, name, rule.enabled, {field: getattr(rule, field) for field in BOUNDS}))
    return sorted(views, key=lambda view: (view.scope != "default", view.scope, view.name))


def rule_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    """Return what is wrong with a rule's numbers, per field."""
    errors: dict[str, list[str]] = {}
    for field, (low, high) in BOUNDS.items():
        value = values.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            errors[field] = [OUT_OF_BOUNDS % {"low": low, "high": high}]
    if not errors and values["remind_after_days"] >= values["expire_after_days"]:
        errors["remind_after_days"] = [REMIND_BEFORE_EXPIRY]
    return errors


@use_case
def save_rule(actor: Actor, clock: Clock, key: str, enabled: bool, values: dict[str, Any]) -> RuleView:
    """Add or change the rule of a scope; refuse numbers out of their bounds, naming each."""
    check_may_edit_survey_rules(actor, "change the survey rules")
    scope, name = scope_name(key)
    errors = rule_errors(values)
    if errors:
        raise InvalidValues(" ".join(message for messages in errors.values() for message in messages), errors)
    rule = db.session.execute(select(SurveyRule).where(SurveyRule.key == key)).scalar_one_or_none()
    if rule is None:
        rule = SurveyRule(key=key)
        db.session.add(rule)
    rule.enabled, rule.updated_by, rule.updated_at = enabled, actor.login, clock.now()
    for field in BOUNDS:
        setattr(rule, field, values[field])
    return RuleView(key, scope, name, enabled, {field: values[field] for field in BOUNDS})


@use_case
def delete_rule(actor: Actor, key: str) -> None:
    """Remove a rule (its scope then follows the next rule: the category's, then the default)."""
    check_may_edit_survey_rules(actor, "change the survey rules")
    rule = db.session.execute(select(SurveyRule).where(SurveyRule.key == key)).scalar_one_or_none()
    if rule is None:
        raise NotFound(f"There is no survey rule '{key}'.")
    db.session.delete(rule)
