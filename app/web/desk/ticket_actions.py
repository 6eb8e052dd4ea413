"""The agent's actions on a ticket page beside its flow: cancel with a reason, close as a duplicate of another.

The use cases (app/servicedesk/desk/ticket_actions.py) decide who may take them; the page offers only those allowed.
"""
from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.platform.errors import NotFound, ServiceError
from app.platform.limits import REASON_MAX
from app.servicedesk.desk import ticket_actions
from app.servicedesk.tickets.visibility import find_visible_ticket
from app.web.shell.session import current_actor
from app.wiring import current_runtime

blueprint = Blueprint("ticket_actions", __name__)


class CancelForm(FlaskForm):
    """Cancel a ticket with a reason."""

    reason = StringField(_l("Reason (the requester reads it)"),
                         validators=[DataRequired(_l("Say why the ticket is cancelled.")), Length(max=REASON_MAX)])


class DuplicateForm(FlaskForm):
    """Close a ticket as a duplicate of another."""

    original = StringField(_l("Duplicate of (ticket number)"),
                           validators=[DataRequired(_l("Give the number of the other ticket.")), Length(max=40)])


def back_to(number: str) -> Response:
    """Return to the ticket page."""
    return redirect(url_for("ticket.show", number=number))


def visible_number(number: str) -> str:
    """Return the number of a ticket the signed-in user may see; 404 alike for unknown and invisible ones."""
    try:
        return find_visible_ticket(current_actor(), number).number
    except NotFound:
        abort(404)


@blueprint.post("/tickets/<number>/cancel")
@login_required
def cancel(number: str) -> Response:
    """Cancel the ticket with a reason; its process ends."""
    number = visible_number(number)
    form = CancelForm(prefix="cancel")
    if not form.validate():
        flash(_("The ticket was not cancelled: say why."), "error")
        return back_to(number)
    try:
        ticket_actions.cancel_ticket(current_runtime(), current_actor(), number, form.reason.data or "")
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(_("%(number)s was cancelled.", number=number), "info")
    return back_to(number)


@blueprint.post("/tickets/<number>/duplicate")
@login_required
def duplicate(number: str) -> Response:
    """Close the ticket as a duplicate of another; its requester and watchers follow the other one."""
    number = visible_number(number)
    form = DuplicateForm(prefix="duplicate")
    if not form.validate():
        flash(_("The ticket was not closed: give the number of the ticket it duplicates."), "error")
        return back_to(number)
    try:
        closed = ticket_actions.close_as_duplicate(current_runtime(), current_actor(), number,
                                                   form.original.data or "")
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(_("%(number)s was closed as a duplicate.", number=closed.number), "info")
    return back_to(number)
