"""The forms of the incident configuration pages: categories, SLA policies, calendars, priority matrix, settings."""
import re
from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    Field,
    SelectChoice,
    SelectField,
    SelectMultipleField,
)
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import TextInput

from app.service_levels.priority import DEFAULT_PRIORITY_CODES, LEVEL_WORDS, PriorityMatrix
from app.service_levels.settings import MAX_AUTO_CLOSE_WORKING_DAYS, IncidentSettings
from app.servicedesk.tickets.categories import CategoryNode
from app.web.admin.forms import text_field

PRIORITY_CODES = DEFAULT_PRIORITY_CODES  # the matrix keeps its codes; admins change only its cells
WORKING_TIME = re.compile(r"^(\d{1,6})(?::([0-5]\d))?$")
INDENT = "\u00a0\u00a0\u00a0\u00a0"
NONE = ""


def whole_number(minimum: int, maximum: int | None, message: Any) -> Callable[[FlaskForm, Field], None]:
    """Return a validator that accepts a whole number from minimum to maximum (no upper bound when None)."""
    def check(_form: FlaskForm, field: Field) -> None:
        text = field.data or ""
        if not text.isdigit() or int(text) < minimum or (maximum is not None and int(text) > maximum):
            raise ValidationError(str(message))
    return check


def parse_working_time(text: str) -> int:
    """Return the minutes of working time written as hours:minutes (4:30) or as minutes (270)."""
    if text.startswith("-"):
        raise ValueError(_("A target cannot be negative. Enter working time such as 4:00 or 240."))
    match = WORKING_TIME.match(text)
    if match is None:
        raise ValueError(_("Enter working time as hours:minutes, such as 4:30, or as minutes, such as 270."))
    number, minutes = match.groups()
    return int(number) if minutes is None else int(number) * 60 + int(minutes)


def minutes_text(minutes: int) -> str:
    """Return minutes as the hours:minutes text the forms show (90 -> 1:30)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def working_time_label(minutes: int) -> str:
    """Return minutes as words a person reads: 4 h, 30 min, 1 h 30 min."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)d min", minutes=rest)
    if not rest:
        return _("%(hours)d h", hours=hours)
    return _("%(hours)d h %(minutes)d min", hours=hours, minutes=rest)


class WorkingTimeField(Field):
    """Working time typed as hours:minutes or minutes; data is minutes, None when left blank."""

    widget = TextInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the typed text; a wrong one keeps its text and becomes a field error."""
        self.data = None
        text = str(valuelist[0]).strip() if valuelist else ""
        if text:
            self.data = parse_working_time(text)

    def _value(self) -> str:
        """Show what was typed, or the stored minutes as hours:minutes."""
        if self.raw_data:
            return str(self.raw_data[0])
        return minutes_text(self.data) if self.data is not None else ""


def category_rows(tree: list[CategoryNode], depth: int = 0) -> list[tuple[CategoryNode, int]]:
    """Return every category in tree order with its depth (0 for the top level)."""
    rows: list[tuple[CategoryNode, int]] = []
    for node in tree:
        rows.append((node, depth))
        rows.extend(category_rows(node.children, depth + 1))
    return rows


def branch_ids(tree: list[CategoryNode], category_id: int) -> set[int]:
    """Return a category's id and the ids of every category below it."""
    for node, _depth in category_rows(tree):
        if node.id == category_id:
            return {branch.id for branch, _ in category_rows([node])}
    return set()


def named_choices(names: list[str], current: str | None, empty_label: Any) -> list[SelectChoice]:
    """Return select options for names, keeping a current value that is no longer among them."""
    if current and current not in names:
        names = [*names, current]
    return [SelectChoice(NONE, str(empty_label))] + [SelectChoice(name) for name in names]


class CategoryForm(FlaskForm):
    """A category: its place in the tree, the process it starts, its default group and SLA policy."""

    name = text_field(_l("Name"), Length(max=100), required=_l("Enter a name."))
    parent_id = SelectField(_l("Parent"), choices=[], validate_choice=True)
    process_id = text_field(_l("Process to start"), Length(max=200))
    default_group = SelectField(_l("Default group"), choices=[], validate_choice=True)
    sla_policy = SelectField(_l("SLA policy"), choices=[], validate_choice=True)
    requires_approval = BooleanField(_l("A manager must approve its tickets before work goes on"))
    closed_reply_policy = SelectField(_l("A mail replying to a closed ticket"), choices=[
        SelectChoice("new", _l("Opens a new ticket linked to the closed one")),
        SelectChoice("refuse", _l("Is refused with a polite reply"))], default="new",
        validate_choice=False)  # not sent (older forms, scripts): the default; the service refuses unknown ones

    def set_choices(self, tree: list[CategoryNode], groups: list[str], policies: list[str],
                    leave_out: set[int]) -> None:
        """Offer the tree (indented, without the category's own branch), the groups and the policies."""
        self.parent_id.choices = [SelectChoice(NONE, _("(top level)"))] + [
            SelectChoice(str(node.id), INDENT * depth + node.name)
            for node, depth in category_rows(tree) if node.id not in leave_out]
        self.default_group.choices = named_choices(groups, self.default_group.data, _l("(none: the service desk)"))
        self.sla_policy.choices = named_choices(policies, self.sla_policy.data, _l("(inherited from the parent)"))

    def values(self) -> dict[str, Any]:
        """Return what the form sets, in the shape the category service takes."""
        parent = self.parent_id.data
        return {"name": self.name.data or "", "parent_id": int(parent) if parent else None,
                "process_id": self.process_id.data or None, "default_group": self.default_group.data or None,
                "sla_policy": self.sla_policy.data or None, "requires_approval": bool(self.requires_approval.data),
                "closed_reply_policy": self.closed_reply_policy.data or None}


def target_field(code: str, kind: Any) -> WorkingTimeField:
    """Return the input of one target of one priority."""
    return WorkingTimeField(_l("%(priority)s %(kind)s target", priority=code, kind=kind))


class PolicyForm(FlaskForm):
    """An SLA policy: its calendar, warning share and the working time allowed per priority."""

    name = text_field(_l("Name"), Length(max=100), required=_l("Enter a name."))
    calendar = SelectField(_l("Business calendar"), choices=[], validate_choice=True)
    warning_percent = text_field(_l("Warn at (per cent of the target)"), whole_number(
        1, 99, _l("Enter a share from 1 to 99 per cent, such as 75.")), required=_l("Enter a share, such as 75."))
    p1_response = target_field("P1", _l("response"))
    p1_resolution = target_field("P1", _l("resolution"))
    p2_response = target_field("P2", _l("response"))
    p2_resolution = target_field("P2", _l("resolution"))
    p3_response = target_field("P3", _l("response"))
    p3_resolution = target_field("P3", _l("resolution"))
    p4_response = target_field("P4", _l("response"))
    p4_resolution = target_field("P4", _l("resolution"))

    def target_fields(self, code: str) -> tuple[WorkingTimeField, WorkingTimeField]:
        """Return the response and resolution inputs of a priority."""
        return getattr(self, f"{code.lower()}_response"), getattr(self, f"{code.lower()}_resolution")

    def validate(self, extra_validators: Any = None) -> bool:
        """Check the fields, then that each priority has both targets or neither."""
        valid = super().validate(extra_validators)
        for code in PRIORITY_CODES:
            response, resolution = self.target_fields(code)
            if response.errors or resolution.errors or (response.data is None) == (resolution.data is None):
                continue
            missing = resolution if response.data is not None else response
            missing.errors = [_("Enter both targets of %(priority)s, or leave both empty.", priority=code)]
            valid = False
        return valid

    def targets(self) -> dict[str, tuple[int, int]]:
        """Return (response, resolution) minutes for each priority that has them."""
        targets = {}
        for code in PRIORITY_CODES:
            response, resolution = self.target_fields(code)
            if response.data is not None and resolution.data is not None:
                targets[code] = (response.data, resolution.data)
        return targets

    def fill_targets(self, targets: dict[str, tuple[int, int]]) -> None:
        """Show a policy's stored targets."""
        for code, (response_minutes, resolution_minutes) in targets.items():
            if code in PRIORITY_CODES:
                response, resolution = self.target_fields(code)
                response.data, resolution.data = response_minutes, resolution_minutes

    def warning_share(self) -> float:
        """Return the warning share as the service takes it (75 -> 0.75)."""
        return int(self.warning_percent.data or "0") / 100


class DeadlinePreviewForm(FlaskForm):
    """The calendar page's try-it box: a start in the calendar's time zone and a working duration (GET)."""

    class Meta:
        csrf = False

    start = DateTimeLocalField(_l("Start (in the calendar's time zone)"), format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                               validators=[InputRequired(_l("Enter a date and time, such as 2026-11-27 16:00."))])
    duration = WorkingTimeField(_l("Working time to add"),
                                validators=[InputRequired(_l("Enter working time, such as 4:00 or 240."))])


def level_label(level: str) -> str:
    """Return the words for an impact or urgency level (the level itself when it has no translation)."""
    return str(LEVEL_WORDS.get(level, level))


def matrix_form(matrix: PriorityMatrix) -> FlaskForm:
    """Build a form with one priority select per (impact, urgency) cell, named cell-<row>-<column>."""
    class PriorityMatrixForm(FlaskForm):
        """The impact x urgency grid."""

    choices = [SelectChoice(NONE, "–")] + [SelectChoice(code) for code in matrix.codes]
    for row, impact in enumerate(matrix.impacts):
        for column, urgency in enumerate(matrix.urgencies):
            label = _("Priority for impact %(impact)s and urgency %(urgency)s", impact=level_label(impact),
                      urgency=level_label(urgency))
            setattr(PriorityMatrixForm, cell_name(row, column), SelectField(
                label, choices=choices, validate_choice=False, default=matrix.cells[(impact, urgency)]))
    return PriorityMatrixForm()


def cell_name(row: int, column: int) -> str:
    """Return the field name of a matrix cell."""
    return f"cell-{row}-{column}"


def matrix_cells(form: FlaskForm, matrix: PriorityMatrix) -> dict[tuple[str, str], str]:
    """Return the cells as chosen in the form."""
    return {(impact, urgency): form[cell_name(row, column)].data or ""
            for row, impact in enumerate(matrix.impacts) for column, urgency in enumerate(matrix.urgencies)}


class IncidentSettingsForm(FlaskForm):
    """The incident flow's settings."""

    reassignment_limit = text_field(_l("Reassignment limit"), whole_number(
        1, None, _l("Enter a whole number of 1 or more, such as 3.")), required=_l("Enter a whole number, such as 3."))
    auto_close_working_days = text_field(_l("Auto-close after (working days)"), whole_number(
        1, MAX_AUTO_CLOSE_WORKING_DAYS, _l("Enter a whole number of working days from 1 to %(days)d.",
                                           days=MAX_AUTO_CLOSE_WORKING_DAYS)),
        required=_l("Enter a number of working days, such as 3."))
    approval_priorities = SelectMultipleField(_l("Priorities that need a manager's approval"),
                                              choices=[SelectChoice(code) for code in PRIORITY_CODES],
                                              validate_choice=True)

    def settings(self) -> IncidentSettings:
        """Return the settings as the service takes them."""
        return IncidentSettings(int(self.reassignment_limit.data or "0"), int(self.auto_close_working_days.data or "0"),
                                tuple(self.approval_priorities.data or ()))
