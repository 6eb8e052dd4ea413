"""The modeller panel's help, asked of the server by the page's script (session and CSRF token, as the draft).

What topics and choices sources there are, what a timer means and which variables a condition can read are all
answered by the studio's use cases (app.workflow.studio), from the engine's own parsers, so the panel and the
engine never disagree.
"""
from flask import Blueprint, Response, abort, jsonify, request
from flask_babel import gettext as _

from app.organisation.policies import may_keep_drafts
from app.platform.errors import InvalidValues
from app.web.shell.session import current_actor, requires, select_locale
from app.wiring import current_runtime
from app.workflow.studio.offers import panel_offers
from app.workflow.studio.scope import check_condition, variables_in_scope
from app.workflow.studio.timer_words import explain_timer

blueprint = Blueprint("modeller_panel", __name__)


def panel_words() -> dict[str, str]:
    """Return the words of FlowDesk's entries in the properties panel, in the reader's language."""
    return {
        "timerHint": _("Write a duration, a date, a repeating interval or (for a cycle) a cron expression; its "
                       "meaning shows here."),
        "timerExamples": _("Examples: PT4H (4 hours), P2D (2 days), 2027-01-01T09:00:00+08:00, R/PT2H (every "
                           "2 hours), R3/PT10M (3 times, 10 minutes apart), 0 0/5 * * * ? (cron: every 5 minutes, "
                           "in UTC), ${dueAt}."),
        "conditionHint": _("Write a condition such as ${approved == true}; the variables it can read show here."),
        "variablesInScope": _("Variables set by earlier steps:"),
        "noVariables": _("No earlier step of this drawing sets a variable."),
        "topicHint": _("Pick a topic FlowDesk runs, or name one for an outside worker."),
        "topicRegistered": _("FlowDesk runs this topic itself."),
        "topicOutside": _("Outside workers take this topic; FlowDesk has seen it before."),
        "topicUnknown": _("No FlowDesk handler runs this topic and no outside worker has taken it yet: its tasks "
                          "will wait until an outside worker fetches it. Check the spelling if you meant one of "
                          "FlowDesk's."),
        "topicRegisteredShort": _("run by FlowDesk"),
        "topicOutsideShort": _("outside worker"),
        "choicesLabel": _("Choices from FlowDesk"),
        "choicesHint": _("An enum field offers these records as its values; a text field must name one of them."),
        "noChoices": _("None: the values drawn here"),
        "chineseText": _("Chinese text"),
        "chineseName": _("Name in Chinese"),
        "chineseDocumentation": _("Documentation in Chinese"),
        "chineseFieldLabel": _("Field \"%(field)s\" in Chinese", field="%(field)s"),
        "chineseOption": _("Value \"%(option)s\" of \"%(field)s\" in Chinese", option="%(option)s",
                           field="%(field)s"),
        "helpFailed": _("FlowDesk could not be asked just now; try again in a moment."),
    }


@blueprint.get("/processes/<process_id>/model/offers")
@requires(may_keep_drafts)
def offers(process_id: str) -> Response:
    """Answer the topics FlowDesk runs, those outside workers take, and the choices sources of form fields."""
    del process_id  # the same for every process; the address keeps the page's calls under its process
    return jsonify(panel_offers(current_runtime(), current_actor()).to_dict())


@blueprint.post("/processes/<process_id>/model/explain-timer")
@requires(may_keep_drafts)
def timer_meaning(process_id: str) -> tuple[Response, int] | Response:
    """Answer what a timer value means, or why the engine refuses it: {"kind": "timeCycle", "text": "R/PT2H"}."""
    del process_id
    body = json_body(_('Send the timer as {"kind": "timeDuration", "text": "PT4H"}.'))
    try:
        meaning = explain_timer(current_actor(), str(body.get("text") or ""), str(body.get("kind") or ""),
                                current_runtime().clock.now())
    except InvalidValues as invalid:
        return jsonify({"error": str(invalid), "errors": invalid.errors}), 400
    return jsonify(meaning.to_dict())


@blueprint.post("/processes/<process_id>/model/scope")
@requires(may_keep_drafts)
def scope(process_id: str) -> tuple[Response, int] | Response:
    """Answer the variables set before an element of the drawing and, given a condition, the engine's reading of it.

    The page sends {"xml": "<the drawing>", "element_id": "...", "expression": "${...}"} (expression optional).
    """
    del process_id
    body = json_body(_('Send {"xml": "<the drawing>", "element_id": "<the selected element>"}.'))
    xml, element_id, expression = body.get("xml"), body.get("element_id"), body.get("expression")
    if not isinstance(xml, str) or not isinstance(element_id, str):
        abort(answer_400(_('Send {"xml": "<the drawing>", "element_id": "<the selected element>"}.')))
    try:
        variables = variables_in_scope(current_actor(), xml.encode(), element_id, select_locale())
    except InvalidValues as invalid:
        return jsonify({"error": str(invalid), "errors": invalid.errors}), 400
    answer: dict[str, object] = {"variables": [variable.to_dict() for variable in variables]}
    if isinstance(expression, str):
        answer["condition"] = check_condition(expression, variables).to_dict()
    return jsonify(answer)


def json_body(how: str) -> dict[str, object]:
    """Return the JSON object the page sent, or stop with 400 saying what to send."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(answer_400(how))
    return body


def answer_400(message: str) -> Response:
    """Return a 400 answer carrying a sentence for the page to show."""
    response = jsonify({"error": message})
    response.status_code = 400
    return response
