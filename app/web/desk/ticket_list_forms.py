"""The ticket list's forms (filters, saving and deleting a saved filter) and the words it shows for codes."""
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.validators import DataRequired, Length

from app.servicedesk.search.filters import SORTS
from app.servicedesk.search.saved_filters import MAX_NAME_LENGTH

KIND_WORDS = {"incident": _l("Incident"), "request": _l("Service request"), "change": _l("Change"),
              "problem": _l("Problem")}
CHANNEL_WORDS = {"portal": _l("Portal"), "agent": _l("Service desk"), "email": _l("E-mail"), "api": _l("API"),
                 "monitoring": _l("Monitoring")}
SORT_WORDS = {"newest": _l("Newest first"), "oldest": _l("Oldest first"), "updated": _l("Recently updated"),
              "priority": _l("Priority (highest first)"), "resolution_due": _l("Resolution due (soonest first)")}
ADVANCED_FIELDS = ("number", "kind", "impact", "urgency", "channel", "category", "ci", "assignee", "requester",
                   "department", "created_from", "created_to", "updated_from", "updated_to", "reassigned")


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes (each reachable with Tab, ticked with Space)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class TicketFilterForm(FlaskForm):
    """The ticket list's filters (GET, no CSRF); the service checks the values (app.servicedesk.search.filters)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"))
    status = CheckboxesField(_l("Status"), choices=[], validate_choice=False)
    priority = CheckboxesField(_l("Priority"), choices=[], validate_choice=False)
    group = SelectField(_l("Group"), choices=[], validate_choice=False)
    overdue = BooleanField(_l("Overdue only"), false_values=("", "0", "false"))
    sort = SelectField(_l("Sort by"), choices=[SelectChoice(code, SORT_WORDS[code]) for code in SORTS],
                       validate_choice=False)
    number = StringField(_l("Ticket number"))
    kind = SelectField(_l("Kind"), choices=[], validate_choice=False)
    impact = SelectField(_l("Impact"), choices=[], validate_choice=False)
    urgency = SelectField(_l("Urgency"), choices=[], validate_choice=False)
    channel = SelectField(_l("Logged through"), choices=[], validate_choice=False)
    category = SelectField(_l("Category (with its sub-categories)"), choices=[], validate_choice=False)
    ci = StringField(_l("Configuration item (name or number)"))
    assignee = StringField(_l("Assignee (login)"))
    requester = StringField(_l("Requester (login)"))
    department = SelectField(_l("Requester's department"), choices=[], validate_choice=False)
    created_from = DateField(_l("Created from"))
    created_to = DateField(_l("Created until"))
    updated_from = DateField(_l("Updated from"))
    updated_to = DateField(_l("Updated until"))
    reassigned = IntegerField(_l("Reassigned at least (times)"))

    def advanced_in_use(self) -> bool:
        """Say whether a filter of the 'More filters' part is set, so that part opens."""
        return any(self[name].raw_data and any(self[name].raw_data) for name in ADVANCED_FIELDS)


class SaveFilterForm(FlaskForm):
    """Save the list's current filter under a name."""

    name = StringField(_l("Save this filter as"), validators=[
        DataRequired(_l("Enter a name for the filter.")), Length(max=MAX_NAME_LENGTH)])
    query = HiddenField()


class DeleteFilterForm(FlaskForm):
    """A button that only carries the CSRF token: the confirmation step of deleting a saved filter."""


def with_any(label: Any, choices: list[SelectChoice]) -> list[SelectChoice]:
    """Put an 'any' choice with an empty value before the others."""
    return [SelectChoice("", str(label)), *choices]


def worded_choices(codes: tuple[str, ...] | list[str], words: dict[str, Any]) -> list[SelectChoice]:
    """Return codes as choices labelled with their words (the code itself where there are none)."""
    return [SelectChoice(code, str(words.get(code, code))) for code in codes]
