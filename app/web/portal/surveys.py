"""The survey's answer page: reached signed in from the portal, or from the survey mail's signed one-click links.

A score link in the mail opens this page with the score chosen (a GET never answers: mail scanners follow every
link); the requester adds the effort and a comment if she likes and sends it with one button.
"""
from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.messaging.mail.links import LinkClaim
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.platform.errors import Conflict, InvalidValues, NotAllowed, NotFound
from app.servicedesk.surveys.answers import (
    COMMENT_NEEDED,
    EFFORTS,
    NOT_WAITING,
    SCORES,
    Answer,
    SurveyView,
    answer_survey,
    survey_for,
)
from app.web.shell.session import current_actor, requires_role
from app.wiring import current_runtime

blueprint = Blueprint("survey", __name__)
Page = str | tuple[str, int]
EFFORT_WORDS = {1: _l("Very easy"), 2: _l("Easy"), 3: _l("Neither"), 4: _l("Hard"), 5: _l("Very hard")}
FIELD_WORDS = {"score": _l("Choose a score from 1 (poor) to 5 (excellent)."),
               "effort": _l("Choose the effort from 1 (very easy) to 5 (very hard), or leave it empty."),
               "comment_too_long": _l("Keep the comment under 2,000 characters.")}


def posted_answer() -> Answer:
    """Return the answer the form posted."""
    return Answer(request.form.get("score", ""), request.form.get("effort") or None, request.form.get("comment", ""))


def field_errors(refused: InvalidValues, survey: SurveyView) -> dict[str, str]:
    """Return each refused field's message in the reader's language."""
    words = {}
    for field, messages in refused.errors.items():
        if field == "comment" and messages[0] == COMMENT_NEEDED % {"below": survey.comment_below}:
            words[field] = _("Tell us in a comment what went wrong: a score below %(below)s needs one, so the team "
                             "can put it right.", below=survey.comment_below)
        elif field == "comment":
            words[field] = str(FIELD_WORDS["comment_too_long"])
        else:
            words[field] = str(FIELD_WORDS[field])
    return words


def render_survey(survey: SurveyView, link: str | None, errors: dict[str, str] | None = None,
                  done: bool = False, status: int = 200) -> Page:
    """Render the answer page of a survey (link: the signed link's token, when reached from the mail)."""
    chosen = request.form.get("score") or request.args.get("score", "")
    return render_template("portal/survey.html", survey=survey, link=link, errors=errors or {}, done=done,
                           scores=SCORES, efforts=EFFORTS, effort_words=EFFORT_WORDS, chosen=chosen,
                           form=request.form), status


def answer_page(login: str, survey: SurveyView, link: str | None) -> Page:
    """Store the posted answer as login; show the refusals beside their fields, or the thanks."""
    try:
        answered = answer_survey(current_runtime(), login, survey.number, posted_answer())
    except InvalidValues as refused:
        return render_survey(survey, link, field_errors(refused, survey), status=400)
    except Conflict:
        return render_template("portal/mail_link.html", refused=_(NOT_WAITING)), 409
    except NotAllowed:
        return render_template("portal/mail_link.html", refused=_(
            "Only the requester of the ticket answers its survey.")), 403
    return render_survey(answered, link, done=True)


@blueprint.get("/portal/surveys/<number>")
@requires_role("requester")
def show(number: str) -> Page:
    """Show the survey of one of the requester's tickets, with its form while it waits for her answer."""
    try:
        return render_survey(survey_for(current_actor(), number), None)
    except NotFound:
        return render_template("portal/mail_link.html", refused=_("This ticket has no survey for you.")), 404


@blueprint.post("/portal/surveys/<number>")
@requires_role("requester")
def answer(number: str) -> Page:
    """Answer the survey as the signed-in requester."""
    actor = current_actor()
    try:
        survey = survey_for(actor, number)
    except NotFound:
        return render_template("portal/mail_link.html", refused=_("This ticket has no survey for you.")), 404
    return answer_page(actor.login, survey, None)


def survey_of_link(claim: LinkClaim) -> SurveyView:
    """Return the survey a signed link names, as its requester sees it (NotFound when it has none)."""
    return survey_for(actor_for(require_user(claim.login)), claim.number)


def show_by_link(claim: LinkClaim, token: str) -> Page:
    """Show the survey page a mail's score link opens."""
    return render_survey(survey_of_link(claim), token)


def answer_by_link(claim: LinkClaim, token: str) -> Page:
    """Answer the survey as the link's requester."""
    return answer_page(claim.login, survey_of_link(claim), token)
