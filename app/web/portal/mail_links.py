"""The pages behind the signed links in mail: 'view' opens the ticket; 'confirm' and 'rate' ask first.

Mail scanners and link previews fetch every link in a mail, so a GET never changes anything: it shows a page whose
POST button (with its CSRF token) does the action. The link itself is the permission, for its requester and ticket
only, until it expires.
"""
from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.messaging.mail.links import LinkClaim, LinkRefused, read_link
from app.platform.errors import Conflict, NotAllowed, NotFound, ServiceError
from app.servicedesk.portal.mail_actions import RATINGS, act_on_link, step_of_link
from app.web.portal.surveys import answer_by_link, show_by_link
from app.wiring import current_runtime

blueprint = Blueprint("mail_link", __name__)
Page = str | Response | tuple[str, int]


def claim_of(token: str) -> LinkClaim:
    """Read the link's claim (LinkRefused when it is damaged, forged or too old)."""
    return read_link(current_app.config["SECRET_KEY"], token, current_runtime().clock.now())


@blueprint.get("/mail/link/<token>")
def show(token: str) -> Page:
    """Open the ticket, or show the page that asks before confirming the fix, rating the service or answering the
    survey."""
    try:
        claim = claim_of(token)
        if claim.action == "view":
            return redirect(url_for("ticket.show", number=claim.number))
        if claim.action == "survey":
            return show_by_link(claim, token)
        step = step_of_link(claim)
    except LinkRefused as refused:
        return render_template("portal/mail_link.html", refused=_(str(refused))), 400
    except NotFound:
        return render_template("portal/mail_link.html", refused=_("This link names a ticket that does not exist.")), 404
    return render_template("portal/mail_link.html", claim=claim, step=step, ratings=RATINGS)


@blueprint.post("/mail/link/<token>")
def act(token: str) -> Page:
    """Confirm the fix or store the rating, as the link's requester."""
    try:
        claim = claim_of(token)
        if claim.action == "survey":
            return answer_by_link(claim, token)
        rating = request.form.get("rating", type=int)
        act_on_link(current_runtime(), claim, rating, request.form.get("comment", ""), request.form.get("decision"))
    except LinkRefused as refused:
        return render_template("portal/mail_link.html", refused=_(str(refused))), 400
    except (Conflict, NotAllowed, NotFound):
        return render_template("portal/mail_link.html", refused=_(
            "This ticket no longer waits for this answer. Open it to see where it stands.")), 409
    except ValueError:
        error = _("Choose approve or reject.") if claim.action == "approve" else _("Choose a rating from 1 to 5.")
        return render_template("portal/mail_link.html", claim=claim, step=step_of_link(claim), ratings=RATINGS,
                               error=error), 400
    except ServiceError as error:
        return render_template("portal/mail_link.html", refused=str(error)), 400
    return render_template("portal/mail_link.html", claim=claim, done=True)
