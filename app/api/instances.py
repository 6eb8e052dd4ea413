"""Instance endpoints: start a process, read an instance, its history and its replay."""
from flask import url_for

from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.schemas.instances import History, HistoryEvent, Instance, Replay, StartRequest
from app.organisation.policies import may_set_process_variables, may_use_portal
from app.servicedesk.portal.catalogue import start_request
from app.servicedesk.processes.case_replay import case_replay_document, replay_case
from app.wiring import current_runtime
from app.workflow.instances.lifecycle import list_visible_history, show_visible_instance

PORTAL = Role(may_use_portal, "start processes (it is for requesters)")
PROCESS_ID = {"process_id": "The id of the process as drawn in its diagram (e.g. `incident`)."}
INSTANCE_ID = {"instance_id": "The instance's id."}


@endpoint("start_instance", "instances", Success(201, Instance, "The new instance.", "The new instance's address."),
          role=PORTAL, body=StartRequest, body_required=False, refusals=(403, 404, 409), path=PROCESS_ID)
def start(process_id: str, body: StartRequest) -> tuple[Instance, int, dict[str, str]]:
    """Start a process.

    Starts the latest deployed version. With a start form, `variables` are its field values and are validated like
    a task form; process owners and admins may add other variables (typed as JSON gives them: text, numbers,
    true/false, null, lists, objects), which the diagram's expressions read, e.g. `${requester}`. Requesters only,
    and of a process whose diagram names who starts it (`camunda:candidateStarterGroups`), only those.
    """
    actor = api_actor()
    runtime = current_runtime()
    instance_id = start_request(runtime, actor, process_id, body.variables, body.business_key,
                                more_variables=may_set_process_variables(actor))
    location = url_for("api.show_instance", instance_id=instance_id)
    return Instance.of(show_visible_instance(runtime, actor, instance_id)), 201, {"Location": location}


@endpoint("show_instance", "instances", Success(200, Instance, "The instance."), refusals=(403, 404),
          path=INSTANCE_ID)
def show(instance_id: int) -> Instance:
    """Read an instance.

    Status, version, variables, open tasks and waiting timers. Process owners, auditors and admins see every
    instance; requesters their own; agents those with a task of theirs or of their groups. Staff read every
    variable; anyone else (requesters, process owners) only those their ticket and forms show a requester, as
    the ticket shows them only its public notes.
    """
    return Instance.of(show_visible_instance(current_runtime(), api_actor(), instance_id))


@endpoint("instance_history", "instances", Success(200, History, "The events."), refusals=(403, 404),
          path=INSTANCE_ID)
def history(instance_id: int) -> History:
    """Read an instance's history.

    The audit trail, oldest event first; visible to whoever may see the instance. Staff read every event's data;
    anyone else reads which step happened and the variables they may read, not what staff wrote.
    """
    entries = list_visible_history(current_runtime(), api_actor(), instance_id)
    events = [HistoryEvent.model_validate(entry) for entry in entries]
    return History(instance_id=instance_id, events=events)


@endpoint("replay_instance", "instances", Success(200, Replay, "The steps."), refusals=(403, 404), path=INSTANCE_ID)
def replay(instance_id: int) -> Replay:
    """Replay an instance step by step.

    One step per history event, with what stood after it: the tokens (one per open task, so parallel branches
    each have their own), the elements completed and flows taken so far, who acted and when, the data changed
    (before and after) and the whole data, the timers waiting and when due, the ticket's SLA clock and the notes
    and mail that arrived since the step before. Each event is checked against the keyed hash chain, recomputed
    on the server. Auditors, process owners and admins replay every case; a requester her own, with only what
    her ticket shows her (no SLA clock, public notes only).
    """
    case = replay_case(current_runtime(), api_actor(), instance_id)
    return Replay.model_validate(case_replay_document(case))
