"""The operator's actions on an instance page: retry, cancel, change a variable, resolve an incident.

The use cases (app/workflow/instances/interventions.py) decide who may take them; the page offers only those allowed.
"""
from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.organisation.policies import may_operate_instances
from app.platform.errors import NotFound, ServiceError
from app.web.shell.session import current_actor, requires
from app.wiring import current_runtime
from app.workflow.instances import interventions
from app.workflow.instances.lifecycle import require_visible_instance
from app.workflow.instances.views import STATUS_WORDS
from app.workflow.outside.typed_variables import TYPE_NAMES

blueprint = Blueprint("instance_actions", __name__)
MAX_ID = 2**31 - 1
REASON_REQUIRED = _l("Write why you do this: the reason is kept in the instance's history.")


class RetryForm(FlaskForm):
    """Retry an instance, with an optional reason."""

    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=interventions.REASON_LENGTH)])


class CancelForm(FlaskForm):
    """Cancel an instance with a reason."""

    reason = StringField(_l("Reason"), validators=[DataRequired(REASON_REQUIRED),
                                                   Length(max=interventions.REASON_LENGTH)])


class VariableForm(FlaskForm):
    """Give a variable a new value, with a reason."""

    name = StringField(_l("Variable"), validators=[DataRequired(_l("Name the variable to change.")), Length(max=200)])
    type = SelectField(_l("Type (when no form field sets it)"), choices=list(TYPE_NAMES))
    value = TextAreaField(_l("New value"), validators=[Length(max=100_000)])
    reason = StringField(_l("Reason"), validators=[DataRequired(REASON_REQUIRED),
                                                   Length(max=interventions.REASON_LENGTH)])


class RetriesForm(FlaskForm):
    """Set the retries of an outside worker's task, with a reason."""

    retries = IntegerField(_l("Retries"), default=1, validators=[
        InputRequired(_l("Give the number of retries.")), NumberRange(min=0, max=100)])
    reason = StringField(_l("Reason"), validators=[DataRequired(REASON_REQUIRED),
                                                   Length(max=interventions.REASON_LENGTH)])


def back_to(instance_id: int) -> Response:
    """Return to the instance page."""
    return redirect(url_for("instances.show", instance_id=instance_id) + "#operate")


def checked(instance_id: int, form: FlaskForm) -> bool:
    """Answer 404 for an instance the person may not see; flash the form's errors and say whether it is valid."""
    try:
        require_visible_instance(current_actor(), instance_id)
    except NotFound:
        abort(404)
    if form.validate():
        return True
    for messages in form.errors.values():
        for message in messages:
            flash(str(message), "error")
    return False


@blueprint.post(f"/instances/<int(max={MAX_ID}):instance_id>/retry")
@requires(may_operate_instances)
def retry(instance_id: int) -> Response:
    """Retry an instance that needs attention, or the failed tasks of its incidents."""
    form = RetryForm(prefix="retry")
    if checked(instance_id, form):
        try:
            status = interventions.retry_as_operator(current_runtime(), current_actor(), instance_id,
                                                     form.reason.data)
        except ServiceError as error:
            flash(str(error), "error")
        else:
            flash(_("The instance was retried; it is now %(status)s.", status=status_words(status)), "info")
    return back_to(instance_id)


@blueprint.post(f"/instances/<int(max={MAX_ID}):instance_id>/cancel")
@requires(may_operate_instances)
def cancel(instance_id: int) -> Response:
    """Cancel an instance with a reason."""
    form = CancelForm(prefix="cancel")
    if checked(instance_id, form):
        try:
            interventions.cancel_as_operator(current_runtime(), current_actor(), instance_id, form.reason.data or "")
        except ServiceError as error:
            flash(str(error), "error")
        else:
            flash(_("The instance was cancelled."), "info")
    return back_to(instance_id)


@blueprint.post(f"/instances/<int(max={MAX_ID}):instance_id>/variables")
@requires(may_operate_instances)
def set_variable(instance_id: int) -> Response:
    """Give a variable a new value, checked like its form field."""
    form = VariableForm(prefix="variable")
    if checked(instance_id, form):
        try:
            interventions.set_variable_as_operator(current_runtime(), current_actor(), instance_id,
                                                   form.name.data or "", form.type.data or "string",
                                                   form.value.data or "", form.reason.data or "")
        except ServiceError as error:
            flash(str(error), "error")
        else:
            flash(_("The variable %(name)s was changed.", name=form.name.data), "info")
    return back_to(instance_id)


@blueprint.post(f"/instances/<int(max={MAX_ID}):instance_id>/external-tasks/<task_id>/retries")
@requires(may_operate_instances)
def set_retries(instance_id: int, task_id: str) -> Response:
    """Set the retries of an outside worker's task: above 0 resolves its incident."""
    form = RetriesForm(prefix="retries")
    if checked(instance_id, form):
        try:
            interventions.set_retries_as_operator(current_runtime(), current_actor(), instance_id, task_id,
                                                  form.retries.data or 0, form.reason.data or "")
        except ServiceError as error:
            flash(str(error), "error")
        else:
            flash(_("The retries were set to %(retries)s.", retries=form.retries.data), "info")
    return back_to(instance_id)


def status_words(status: str) -> str:
    """Return a status in the reader's words."""
    return str(STATUS_WORDS.get(status, status))
