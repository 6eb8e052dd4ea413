"""The pages behind the signed links in mail: 'view' opens the ticket; 'confirm', 'approve' and 'survey' ask first.

A 'rate' link of an older closing mail (the incident's rating is now the satisfaction survey) opens the ticket, whose
page offers the survey while it waits for its requester.

Mail scanners and link previews fetch every link in a mail, so a GET never changes anything: it shows a page whose
POST button (with its CSRF token) does the action. The link itself is the permission, for its requester and ticket
only, until it expires.
"""
from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.messaging.mail.links import OLD_ACTIONS, LinkClaim, LinkRefused, read_link
from app.platform.errors import Conflict, NotAllowed, NotFound, ServiceError
from app.servicedesk.portal.mail_actions import act_on_link, step_of_link
from app.web.portal.surveys import answer_by_link, show_by_link
from app.wiring import current_runtime

blueprint = Blueprint("mail_link", __name__)
Page = str | Response | tuple[str, int]


def claim_of(token: str) -> LinkClaim:
    """Read the link's claim (LinkRefused when it is damaged, forged or too old)."""
    return read_link(current_app.config["SECRET_KEY"], token, current_runtime().clock.now())


@blueprint.get("/mail/link/<token>")
def show(token: str) -> Page:
    """Open the ticket, or show the page that asks before confirming the fix, approving or answering the survey."""
    try:
        claim = claim_of(token)
        if claim.action == "view" or claim.action in OLD_ACTIONS:
            return redirect(url_for("ticket.show", number=claim.number))
        if claim.action == "survey":
            return show_by_link(claim, token)
        step = step_of_link(claim)
    except LinkRefused as refused:
        return render_template("portal/mail_link.html", refused=_(str(refused))), 400
    except NotFound:
        return render_template("portal/mail_link.html", refused=_("This link names a ticket that does not exist.")), 404
    return render_template("portal/mail_link.html", claim=claim, step=step)


@blueprint.post("/mail/link/<token>")
def act(token: str) -> Page:
    """Confirm the fix, or approve or reject, as the link's holder; answer the survey as its requester."""
    try:
        claim = claim_of(token)
        if claim.action == "survey":
            return answer_by_link(claim, token)
        if claim.action in OLD_ACTIONS:
            return redirect(url_for("ticket.show", number=claim.number))
        act_on_link(current_runtime(), claim, request.form.get("comment", ""), request.form.get("decision"))
    except LinkRefused as refused:
        return render_template("portal/mail_link.html", refused=_(str(refused))), 400
    except (Conflict, NotAllowed, NotFound):
        return render_template("portal/mail_link.html", refused=_(
            "This ticket no longer waits for this answer. Open it to see where it stands.")), 409
    except ValueError:
        return render_template("portal/mail_link.html", claim=claim, step=step_of_link(claim),
                               error=_("Choose approve or reject.")), 400
    except ServiceError as error:
        return render_template("portal/mail_link.html", refused=str(error)), 400
    return render_template("portal/mail_link.html", claim=claim, done=True)
