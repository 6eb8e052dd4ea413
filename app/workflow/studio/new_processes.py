"""New processes drawn in the modeller from an empty canvas: an id and a name make the first draft.

A new process exists only as its draft until it is deployed as version 1: the modeller opens the draft as the
diagram to model (version 0, nothing in force), the process pages list it among the drafts not deployed yet, and
publishing it goes through the same check and the same deployment as any later version.
"""
import re
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import quoteattr

from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import Actor, check_may_keep_drafts
from app.platform.errors import Conflict, InvalidValues, NotFound
from app.platform.transactions import use_case
from app.workflow.catalog import DiagramInForce, diagram_in_force, latest_definition
from app.workflow.models import ProcessDefinition, ProcessDraft
from app.workflow.runtime import Runtime
from app.workflow.studio.drafts import Draft, create_draft, draft_of, stored_draft
from engine.errors import DiagramRefused
from engine.reading.diagram import BPMN, read_xml

# A BPMN id (an XML name) that is also safe in an address and a file name: a letter or _, then letters, digits, _ -
PROCESS_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,99}")
PROCESS_ID_MAX = 100
NAME_MAX = 200
EMPTY_DIAGRAM = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
                  xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
                  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                  id={definitions_id} targetNamespace="https://flowdesk.example/bpmn">
  <bpmn:process id={process_id} name={name} isExecutable="true" />
  <bpmndi:BPMNDiagram id={diagram_id}>
    <bpmndi:BPMNPlane id={plane_id} bpmnElement={process_id} />
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""

# What a new process is compared with before its first deployment: no process at all, so all it draws is added.
NOTHING_DEPLOYED = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="nothing_deployed"
                  targetNamespace="https://flowdesk.example/bpmn" />
"""


class ProcessExists(Conflict):
    """A new process was asked for under an id that is deployed already or has a draft."""

    def __init__(self, process_id: str, deployed: bool) -> None:
        self.process_id = process_id
        self.deployed = deployed
        where = "is deployed already" if deployed else "has a draft already"
        super().__init__(f"A process with the id {process_id} {where}; open it in the modeller, or choose another id.")


@dataclass(frozen=True)
class NewProcessDraft:
    """A process that exists only as its draft: never deployed."""

    process_id: str
    name: str
    saved_by: str
    saved_at: datetime


def empty_diagram(process_id: str, name: str) -> bytes:
    """Return the diagram of an executable process with nothing drawn: an empty canvas named as the process."""
    return EMPTY_DIAGRAM.format(
        definitions_id=quoteattr(f"{process_id}_definitions"), process_id=quoteattr(process_id),
        name=quoteattr(name), diagram_id=quoteattr(f"{process_id}_diagram"),
        plane_id=quoteattr(f"{process_id}_plane")).encode("utf-8")


def check_new_process(process_id: str, name: str) -> tuple[str, str]:
    """Return the id and the name trimmed, or raise InvalidValues naming what is wrong with each."""
    process_id, name = process_id.strip(), " ".join(name.split())
    errors: dict[str, list[str]] = {}
    if not PROCESS_ID.fullmatch(process_id):
        errors["process_id"] = [f"Give an id of 1 to {PROCESS_ID_MAX} letters, digits, _ or -, starting with a "
                                "letter or _, such as laptop_return."]
    if not name or len(name) > NAME_MAX:
        errors["name"] = [f"Give the process a name of 1 to {NAME_MAX} characters, as people will read it."]
    if errors:
        raise InvalidValues("The new process was not created: " + " ".join(m for ms in errors.values() for m in ms),
                            errors)
    return process_id, name


@use_case
def create_process(runtime: Runtime, actor: Actor, process_id: str, name: str) -> Draft:
    """Create the first draft of a new process: an empty canvas with the process's id and name.

    Raises NotAllowed, InvalidValues (a bad id or name) or ProcessExists (the id is deployed or has a draft).
    """
    check_may_keep_drafts(actor, "create processes")
    process_id, name = check_new_process(process_id, name)
    if latest_definition(process_id) is not None:
        raise ProcessExists(process_id, deployed=True)
    if stored_draft(process_id) is not None:
        raise ProcessExists(process_id, deployed=False)
    return create_draft(process_id, empty_diagram(process_id, name), actor.login, runtime.clock.now(),
                        None)  # nothing deployed to start from: a version deployed meanwhile outdates it


def diagram_to_model(runtime: Runtime, actor: Actor, process_id: str) -> DiagramInForce:
    """Return the version in force of a process, or for a new process its draft as version 0 (none in force).

    Raises NotFound when the process is neither deployed nor drafted.
    """
    try:
        return diagram_in_force(process_id)
    except NotFound:
        check_may_keep_drafts(actor, "open draft diagrams")
        draft = stored_draft(process_id)
        if draft is None:
            raise
    return DiagramInForce(process_id, 0, name_in_draft(runtime, draft), draft.bpmn_xml.decode("utf-8"))


def name_in_draft(runtime: Runtime, draft: Draft) -> str:
    """Return the name the draft gives its process (the id when it gives none or cannot be read)."""
    try:
        root = read_xml(draft.bpmn_xml, f"{draft.process_id} draft", runtime.engine.max_diagram_bytes)
    except DiagramRefused:
        return draft.process_id
    for process in root.iter(BPMN + "process"):
        if process.get("id") == draft.process_id:
            return process.get("name") or draft.process_id
    return draft.process_id


def list_new_process_drafts(runtime: Runtime) -> list[NewProcessDraft]:
    """Return the drafts of processes never deployed, by id, with their names and who saved them last."""
    deployed = select(ProcessDefinition.process_id)
    rows = db.session.execute(select(ProcessDraft).where(ProcessDraft.process_id.not_in(deployed))
                              .order_by(ProcessDraft.process_id)).scalars().all()
    return [NewProcessDraft(row.process_id, name_in_draft(runtime, draft_of(row)), row.saved_by, row.saved_at)
            for row in rows]
