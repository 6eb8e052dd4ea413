"""The replay page: a case stepped through on its diagram, with the data, the clock and the chain's verdict."""
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template
from flask_babel import gettext as _
from flask_login import login_required

from app.platform.errors import NotFound
from app.servicedesk.case_replay import CaseReplay, case_diagram, case_replay_document, replay_case, verify_case
from app.servicedesk.ticket_pages import SLA_STATE_WORDS
from app.web.cockpit.instances import DIAGRAM_HEADERS, MAX_ID
from app.web.shell.session import current_actor, localtime, select_locale
from app.wiring import current_runtime

blueprint = Blueprint("replay", __name__)


@blueprint.get(f"/instances/<int(max={MAX_ID}):instance_id>/replay")
@login_required
def show(instance_id: int) -> str:
    """Show a case's replay: the diagram, the step controls and the panels of the step shown."""
    try:
        case = replay_case(current_runtime(), current_actor(), instance_id)
    except NotFound:
        abort(404)
    return render_template("instances/replay.html", case=case, replay=case.replay,
                           document=page_document(case), sla_words=SLA_STATE_WORDS)


@blueprint.get(f"/instances/<int(max={MAX_ID}):instance_id>/replay/verification")
@login_required
def verification(instance_id: int) -> Response:
    """Recompute the case's hash chain now and answer whether it holds, naming the first broken event."""
    try:
        verdict = verify_case(current_actor(), instance_id)
    except NotFound:
        abort(404)
    first = verdict.breaks[0] if verdict.breaks else None
    message = (_("Every event of this case verifies against the keyed hash chain.") if first is None else
               _("Event %(seq)s does not verify: %(reason)s", seq=first.seq, reason=first.reason))
    return jsonify({"verified": first is None, "checked": len(verdict.problems), "message": message,
                    "first_break": None if first is None else {"seq": first.seq, "reason": first.reason}})


@blueprint.get(f"/instances/<int(max={MAX_ID}):instance_id>/replay/versions/<int:version>/diagram.bpmn")
@login_required
def diagram(instance_id: int, version: int) -> Response:
    """Send the diagram XML of a version the case ran on."""
    try:
        xml = case_diagram(current_actor(), instance_id, version)
    except NotFound:
        abort(404)
    return Response(xml, mimetype="application/xml", headers=DIAGRAM_HEADERS)


def page_document(case: CaseReplay) -> dict[str, Any]:
    """Return the replay as the page's script reads it: moments and durations written for the reader, names in
    the reader's language, and the data left for the script to fold from the changes (it is their sum)."""
    document = case_replay_document(case)
    locale = select_locale()
    moments = MomentWords()
    for step, case_step in zip(document["steps"], case.steps, strict=True):
        text = case.replay.versions[step["version"]]
        del step["data"]
        step["element_name"] = text.translations.name(step["element_id"] or "", locale, step["element_name"])
        step["at_text"] = moments.of(case_step.step.at)
        for token in step["tokens"]:
            token["name"] = text.translations.name(token["element_id"], locale, text.name_of(token["element_id"]))
        for timer, found in zip(step["timers"], case_step.step.timers, strict=True):
            timer["name"] = text.translations.name(timer["element_id"], locale, timer["name"])
            timer["due_text"] = moments.of(found.due_at) if found.due_at else _("unknown")
        for arrival, item in zip(step["arrivals"], case_step.arrivals, strict=True):
            arrival["at_text"] = moments.of(item.at)
        if case_step.clock is not None:
            step["sla"]["due_text"] = moments.of(case_step.clock.status.due_at)
            step["sla"]["time_left_text"] = working_hours(case_step.clock.status.time_left.total_seconds())
    return document


class MomentWords:
    """Write moments for the reader, each once (a case's steps share a few hundred moments at most)."""

    def __init__(self) -> None:
        self.written: dict[datetime, str] = {}

    def of(self, moment: datetime) -> str:
        """Return a moment as the reader reads it."""
        if moment not in self.written:
            self.written[moment] = localtime(moment)
        return self.written[moment]


def working_hours(seconds: float) -> str:
    """Write working time left (negative: overdue) in hours and minutes for the reader."""
    minutes = int(abs(seconds) // 60)
    text = _("%(hours)d h %(minutes)d min", hours=minutes // 60, minutes=minutes % 60)
    return text if seconds >= 0 else _("overdue by %(time)s", time=text)
