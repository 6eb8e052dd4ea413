"""The admin pages' forms: users, departments, groups, confirmations and reassignment."""
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.organisation.departments import DepartmentNode, flatten_tree
from app.organisation.models import ROLES
from app.organisation.users import LANGUAGES, UserDetails
from app.web.shell.profile_forms import LANGUAGE_NAMES, check_timezone, strong_password

# The roles table of app/organisation/policies/__init__.py, in words a person reads next to each checkbox.
ROLE_LABELS = {
    "requester": _l("Requester"), "agent": _l("Agent"), "approver": _l("Approver"), "manager": _l("Manager"),
    "process_owner": _l("Process owner"), "auditor": _l("Auditor"),
    "worker": _l("Outside worker"), "admin": _l("Administrator"),
}
ROLE_MEANINGS = {
    "requester": _l("Starts processes from the portal; sees their own requests and instances."),
    "agent": _l("Works the inbox: group queue, claim, release, complete; sees instances with a task of "
                "theirs or of their groups."),
    "approver": _l("The same inbox rights, for the approval tasks offered to them."),
    "manager": _l("Sees every ticket; approves major incidents; receives escalations."),
    "process_owner": _l("Sees every instance and its diagram; deploys diagrams."),
    "auditor": _l("Sees every instance and reads every history."),
    "worker": _l("A program, not a person: takes and completes external tasks through /engine-rest."),
    "admin": _l("Everything, including the organisation and reassigning any task."),
}
LOGIN_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]*$"
PHONE_PATTERN = r"^[0-9+()./ -]*$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
NO_DEPARTMENT = ""


def strip(value: str | None) -> str | None:
    """Drop surrounding blanks from a text input, so a blank value counts as missing."""
    return value.strip() if isinstance(value, str) else value


def text_field(label: Any, *checks: Any, required: Any = None, **options: Any) -> StringField:
    """Return a text input whose value is stripped; required is the message shown when it is left blank."""
    first = DataRequired(required) if required else Optional()
    return StringField(label, filters=[strip], validators=[first, *checks], **options)


def words_of_user_form(form: Any) -> list[str]:
    """Return what a guesser knows of the person a user form describes."""
    login = getattr(form, "login", None)
    return [text for text in (login.data if login else None, form.display_name.data, form.email.data) if text]


STRONG_PASSWORD = strong_password(words_of_user_form)
NAME_SYNTAX = _l("Use letters, digits, dots, dashes or underscores, starting with a letter or digit.")


class UserForm(FlaskForm):
    """A user's details, groups and roles; the password is optional (blank keeps the current one)."""

    display_name = text_field(_l("Display name"), Length(max=200), required=_l("Enter the name people see."))
    email = text_field(_l("E-mail"), Length(max=254), Regexp(
        EMAIL_PATTERN, message=_l("Enter an e-mail address such as name@example.com.")))
    phone = text_field(_l("Phone"), Length(max=40), Regexp(
        PHONE_PATTERN, message=_l("Use digits, spaces and + ( ) - . / only.")))
    department_id = SelectField(_l("Department"), choices=[], validate_choice=True)
    language = SelectField(_l("Language"), choices=[SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES])
    timezone = text_field(_l("Time zone"), check_timezone, required=_l("Enter a time zone."), default="UTC")
    password = PasswordField(_l("Password"), validators=[Optional(), STRONG_PASSWORD])
    groups = SelectMultipleField(_l("Groups"), choices=[], validate_choice=True)
    lead_of = SelectMultipleField(_l("Leads"), choices=[], validate_choice=True)
    roles = SelectMultipleField(_l("Roles"), choices=[SelectChoice(role) for role in ROLES],
                                validators=[DataRequired(_l("Choose at least one role."))])

    def set_choices(self, departments: list[DepartmentNode], groups: list[str]) -> None:
        """Offer the department tree (indented) and the groups."""
        self.department_id.choices = department_choices(departments, _l("(no department)"))
        self.groups.choices = [SelectChoice(name) for name in groups]
        self.lead_of.choices = [SelectChoice(name) for name in groups]

    def details(self) -> UserDetails:
        """Return what the form sets; a lead of a group is also its member."""
        groups = list(dict.fromkeys([*(self.groups.data or []), *(self.lead_of.data or [])]))
        return UserDetails(
            display_name=self.display_name.data or "", email=self.email.data or "", phone=self.phone.data or "",
            department_id=parent_id_of(self.department_id.data), leave_department=not self.department_id.data,
            language=self.language.data, timezone=self.timezone.data or "", password=self.password.data or None,
            groups=groups, roles=list(self.roles.data or []), lead_of=list(self.lead_of.data or []))


class NewUserForm(UserForm):
    """A new user: the login too, and a password is required."""

    login = text_field(_l("Login"), Length(max=80), Regexp(LOGIN_PATTERN, message=_l(
        "Use letters, digits, dots, dashes, underscores or @, starting with a letter or digit.")),
        required=_l("Enter a login."))
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter a password.")), STRONG_PASSWORD])


def department_choices(departments: list[DepartmentNode], empty_label: Any,
                       leave_out: set[int] | None = None) -> list[SelectChoice]:
    """Return select options for the department tree, indented by depth; leave_out skips a branch."""
    choices = [SelectChoice(NO_DEPARTMENT, str(empty_label))]
    for node, depth in flatten_tree(departments):
        if leave_out and node.id in leave_out:
            continue
        choices.append(SelectChoice(str(node.id), "\u00a0\u00a0\u00a0\u00a0" * depth + node.name))
    return choices


def parent_id_of(value: str | None) -> int | None:
    """Turn a department select value into an id (None for none or the top level)."""
    return int(value) if value else None


class ConfirmForm(FlaskForm):
    """A required tick that confirms a consequential action."""

    confirm = BooleanField(_l("I understand, go ahead"), validators=[DataRequired(_l("Tick the box to confirm."))])


class ReassignForm(FlaskForm):
    """Hand an open task to a named person."""

    new_login = text_field(_l("Reassign to"), required=_l("Enter the login of the new assignee."))
    reason = text_field(_l("Reason"), Length(max=500))


class DepartmentForm(FlaskForm):
    """A new department: its name and parent."""

    name = text_field(_l("Name"), Length(max=200), required=_l("Enter a name."))
    parent_id = SelectField(_l("Parent"), choices=[], validate_choice=True)


class RenameDepartmentForm(FlaskForm):
    """A department's new name."""

    name = text_field(_l("New name"), Length(max=200), required=_l("Enter a name."))


class MoveDepartmentForm(FlaskForm):
    """A department's new parent."""

    parent_id = SelectField(_l("New parent"), choices=[], validate_choice=True)


class GroupForm(FlaskForm):
    """A new group."""

    name = text_field(_l("Name (used in diagrams as a candidate group)"), Length(max=80),
                      Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", message=NAME_SYNTAX), required=_l("Enter a name."))
    display_name = text_field(_l("Display name"), Length(max=200))


class GroupNameForm(FlaskForm):
    """A group's display name."""

    display_name = text_field(_l("Display name"), Length(max=200))


STRATEGY_LABELS = {"round_robin": _l("Round-robin"), "least_loaded": _l("Least-loaded")}
STRATEGY_MEANINGS = {
    "round_robin": _l("Members take turns in order of their login; members who are away are skipped."),
    "least_loaded": _l("The member with the fewest open tasks gets the ticket; on a tie, whoever waited longest."),
}


class GroupStrategyForm(FlaskForm):
    """How tickets offered to a group pick one of its members."""

    assignment_strategy = SelectField(_l("Assign tickets within the group"), validate_choice=True,
                                      choices=[SelectChoice(name, label) for name, label in STRATEGY_LABELS.items()])


class MemberForm(FlaskForm):
    """A person to add to a group."""

    login = text_field(_l("Login"), required=_l("Enter the login of the person to add."))
    is_lead = BooleanField(_l("Lead (may reassign the group's tasks)"))


class ActionForm(FlaskForm):
    """A button that only carries the CSRF token."""


class FilterForm(FlaskForm):
    """The user list's search and filters (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"))
    group = SelectField(_l("Group"), choices=[], validate_choice=False)
    role = SelectField(_l("Role"), choices=[], validate_choice=False)
    department = SelectField(_l("Department"), choices=[], validate_choice=False)
    active = SelectField(_l("State"), choices=[SelectChoice("", _l("Everyone")), SelectChoice("yes", _l("Active")),
                                               SelectChoice("no", _l("Deactivated"))], validate_choice=False)
    after = HiddenField()
    before = HiddenField()
