"""Verify the whole history from the web: a page that runs the verification part by part and shows its progress."""
from flask import Blueprint, Response, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from app.audit.verification import verify_history_step
from app.organisation.policies import may_verify_all_history
from app.web.shell.session import current_actor, requires
from app.workflow.instances.history import ChainBreak

blueprint = Blueprint("verification", __name__)
MAX_CURSOR = 200  # a stream name is at most 120 characters (history_event.stream)


@blueprint.get("/history/verify")
@requires(may_verify_all_history)
def page() -> str:
    """Show the page that verifies every case's history and the deployments' against the signed checkpoints."""
    return render_template("instances/verify_history.html")


@blueprint.get("/history/verify/part")
@requires(may_verify_all_history)
def part() -> Response | tuple[Response, int]:
    """Verify the next part of the history after the stream named by `after` (none: begin), as JSON."""
    after = request.args.get("after", "")
    if len(after) > MAX_CURSOR:
        return jsonify({"error": _("The place to go on from is not one this page gave; start again.")}), 400
    step = verify_history_step(current_actor(), after)
    return jsonify({"checked": step.checked, "streams": step.streams, "total_streams": step.total_streams,
                    "after": step.after, "breaks": [break_of(found) for found in step.breaks]})


def break_of(found: ChainBreak) -> dict[str, object]:
    """Describe a break for the page: where it is, a link to the case's replay, and why."""
    instance_id = found.stream.removeprefix("instance:") if found.stream.startswith("instance:") else None
    return {"stream": found.stream, "seq": found.seq, "reason": found.reason,
            "message": _("%(stream)s, event %(seq)s: %(reason)s", stream=found.stream, seq=found.seq,
                         reason=found.reason),
            "replay": url_for("replay.show", instance_id=int(instance_id)) if instance_id and instance_id.isdigit()
            else None}
