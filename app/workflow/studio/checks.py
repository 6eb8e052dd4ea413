"""Check a diagram as a deployment would, storing nothing, and say every problem found on its element."""
from app.organisation.policies import Actor, may_open_process_studio
from app.platform.errors import NotAllowed
from app.workflow.deployment import check_forms_build, parse_with_callees
from app.workflow.refusal_words import refusal_reason
from app.workflow.runtime import Runtime
from app.workflow.studio.problems import DiagramProblem
from app.workflow.studio.value_warnings import free_text_warnings
from engine.errors import DiagramRefused

CHECKED_FILE_NAME = "diagram.bpmn"


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


def check_diagram_warnings(actor: Actor, content: bytes, file_name: str = CHECKED_FILE_NAME) -> list[DiagramProblem]:
    """Return what a deployment of this diagram would warn of without refusing it (values that can stop a flow)."""
    if not may_open_process_studio(actor):
        raise NotAllowed(f"{actor.login} may not check diagrams: that is for process owners and administrators.")
    return free_text_warnings(content, file_name)


def problems_of(refused: DiagramRefused) -> list[DiagramProblem]:
    """Return a refusal and the others it carries as problems, each in the current locale."""
    return [DiagramProblem(problem.element_id, problem.property, refusal_reason(problem))
            for problem in refused.problems]
