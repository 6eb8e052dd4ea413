"""Check a diagram as a deployment would, storing nothing, and say every problem found on its element."""
from dataclasses import dataclass

from app.organisation.policies import Actor, may_open_process_studio
from app.platform.errors import NotAllowed
from app.workflow.deployment import check_forms_build, parse_with_callees
from app.workflow.refusal_words import refusal_reason
from app.workflow.runtime import Runtime
from engine.errors import DiagramRefused

CHECKED_FILE_NAME = "diagram.bpmn"


@dataclass(frozen=True)
class DiagramProblem:
    """One problem of a diagram: the element to mark, its property at fault (or None), and why, in the reader's
    language."""

    element_id: str | None
    property: str | None
    message: str

    def to_dict(self) -> dict[str, str | None]:
        """Return JSON-able data."""
        return {"element_id": self.element_id, "property": self.property, "message": self.message}


def check_diagram(runtime: Runtime, actor: Actor, content: bytes,
                  file_name: str = CHECKED_FILE_NAME) -> list[DiagramProblem]:
    """Return every problem the deployment of this diagram would refuse it for; none when it would deploy.

    The calls to processes of other files bind to the versions deployed now, as a deployment would. Reads only.
    """
    if not may_open_process_studio(actor):
        raise NotAllowed(f"{actor.login} may not check diagrams: that is for process owners and administrators.")
    try:
        check_forms_build(parse_with_callees(runtime, content, file_name, {}), file_name)
    except DiagramRefused as refused:
        return problems_of(refused)
    return []


def problems_of(refused: DiagramRefused) -> list[DiagramProblem]:
    """Return a refusal and the others it carries as problems, each in the current locale."""
    return [DiagramProblem(problem.element_id, problem.property, refusal_reason(problem))
            for problem in refused.problems]
