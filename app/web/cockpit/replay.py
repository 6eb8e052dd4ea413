"""The replay page: a case stepped through on its diagram, with the data, the clock and the chain's verdict."""
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, jsonify, render_template
from flask_babel import gettext as _
from flask_login import login_required

from app.platform.errors import NotFound
from app.servicedesk.desk.ticket_page import SLA_STATE_WORDS
from app.servicedesk.processes.case_replay import (
    CaseReplay,
    case_diagram,
    case_replay_document,
    replay_case,
    verify_case,
)
from app.web.cockpit.instances import DIAGRAM_HEADERS, MAX_ID
from app.web.shell.moments import exact_time_where_it_is
from app.web.shell.session import current_actor, select_locale, select_timezone
from app.wiring import current_runtime

blueprint = Blueprint("replay", __name__)


@blueprint.get(f"/instances/<int(max={MAX_ID}):instance_id>/replay")
@login_required
def show(instance_id: int) -> str:
    """Show a case's replay: the diagram, the step controls and the panels of the step shown."""
    try:
        case = replay_case(current_runtime(), current_actor(), instance_id)
        document = page_document(case)
        first_version = document["steps"][0]["version"] if document["steps"] else None
        first_xml = (case_diagram(current_actor(), instance_id, first_version).decode()
                     if first_version is not None else None)
    except NotFound:
        abort(404)
    return render_template("instances/replay.html", case=case, replay=case.replay, document=document,
                           script_steps=script_steps(document["steps"]), first_version=first_version,
                           first_xml=first_xml, sla_words=SLA_STATE_WORDS)


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
    moments = MomentWords()
    locale = moments.locale
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
            step["sla"]["time_left_text"] = moments.working_hours(case_step.clock.status.time_left.total_seconds())
    return document


# What the page's script reads of a step (the table of all steps is written on the server from the whole step), and
# what it carries over from the step before when a step leaves it out (most steps leave the markers, the tokens,
# the timers and the clock as they were: a 500-step case sent them 500 times, half a megabyte of JSON).
SCRIPT_KEYS = ("kind_words", "element_id", "element_name", "actor_name", "at_text", "intervention", "verified",
               "problem", "changes", "arrivals", "version", "tokens", "completed", "active", "taken", "timers", "sla")
CARRIED_KEYS = ("version", "tokens", "completed", "active", "taken", "timers", "sla")
LEFT_OUT_WHEN_EMPTY = ("changes", "arrivals", "problem", "element_id", "element_name", "actor_name")


def script_steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the steps as the page's script reads them: only what it shows, each carried value only where it
    changed, and nothing for what is empty (replay.js fills them in again as it reads them)."""
    found = []
    before: dict[str, Any] = {}
    for step in steps:
        shown = script_step(step)
        kept = {key: value for key, value in shown.items()
                if not (key in CARRIED_KEYS and key in before and before[key] == value)
                and not (key in LEFT_OUT_WHEN_EMPTY and not value)}
        found.append(kept)
        before = shown
    return found


def script_step(step: dict[str, Any]) -> dict[str, Any]:
    """Return what the script shows of one step."""
    shown = {key: step[key] for key in SCRIPT_KEYS}
    shown["tokens"] = [token["name"] for token in step["tokens"]]
    shown["timers"] = [{"name": timer["name"], "due_text": timer["due_text"]} for timer in step["timers"]]
    shown["arrivals"] = [{key: item[key] for key in ("kind", "public", "author", "text", "at_text")}
                         for item in step["arrivals"]]
    if step["sla"] is not None:
        shown["sla"] = {key: step["sla"][key] for key in ("state", "paused", "due_text", "time_left_text")}
    return shown


class MomentWords:
    """Write moments and working time for the reader, each once, with the reader's language and time zone looked
    up once (a case's steps share a few hundred moments and clock readings at most)."""

    def __init__(self) -> None:
        self.locale = select_locale()
        self.zone = ZoneInfo(select_timezone())
        self.written: dict[datetime, str] = {}
        self.spans: dict[tuple[bool, int], str] = {}

    def of(self, moment: datetime) -> str:
        """Return a moment as the reader reads it (as localtime writes it)."""
        if moment not in self.written:
            self.written[moment] = exact_time_where_it_is(moment.astimezone(self.zone), self.locale)
        return self.written[moment]

    def working_hours(self, seconds: float) -> str:
        """Return working time left (negative: overdue) in hours and minutes."""
        key = (seconds >= 0, int(abs(seconds) // 60))
        if key not in self.spans:
            self.spans[key] = working_hours(seconds)
        return self.spans[key]


def working_hours(seconds: float) -> str:
    """Write working time left (negative: overdue) in hours and minutes for the reader."""
    minutes = int(abs(seconds) // 60)
    text = _("%(hours)d h %(minutes)d min", hours=minutes // 60, minutes=minutes % 60)
    return text if seconds >= 0 else _("overdue by %(time)s", time=text)
