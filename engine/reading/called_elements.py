"""Call activities that call a process deployed from another file, and how each picks the callee's version.

Camunda 7 resolves a call activity's calledElement by process id when it runs: the latest version by
default, a fixed one with camunda:calledElementBinding="version" and camunda:calledElementVersion, or the
one deployed with the caller with "deployment". The caller's diagram is parsed together with the callee's
stored XML that binding picks (app/workflow/call_activities.py chooses it).
"""
from dataclasses import dataclass

from lxml import etree

from engine.errors import DiagramRefused
from engine.reading.parser import CAMUNDA

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
BINDINGS = ("latest", "version", "deployment")


@dataclass(frozen=True)
class CalledElement:
    """A call activity whose callee is not a process of its own file."""

    element_id: str
    process_id: str
    binding: str = "latest"
    version: int | None = None


def defined_processes(root: etree._Element) -> set[str]:
    """Return the ids of the processes a diagram defines."""
    return {process.get("id") or "" for process in root.iter(BPMN + "process")}


def external_calls(root: etree._Element, file_name: str) -> list[CalledElement]:
    """Return the call activities of a diagram that call a process of another file (raises DiagramRefused)."""
    own = defined_processes(root)
    calls = []
    for node in root.iter(BPMN + "callActivity"):
        called = (node.get("calledElement") or "").strip()
        element_id = node.get("id") or ""
        if not called:
            raise DiagramRefused(file_name, element_id, "the call activity names no process to call; "
                                                        "set calledElement to the id of the process it calls")
        if "${" in called or "#{" in called:
            raise DiagramRefused(file_name, element_id, f"the called element '{called}' is an expression; "
                                                        "name the process id it calls instead")
        if called not in own:
            calls.append(CalledElement(element_id, called, *binding_of(node, file_name, element_id)))
    return calls


def binding_of(node: etree._Element, file_name: str, element_id: str) -> tuple[str, int | None]:
    """Return a call activity's binding and, for "version", the version it names."""
    binding = (node.get(CAMUNDA + "calledElementBinding") or "latest").strip()
    if binding not in BINDINGS:
        raise DiagramRefused(file_name, element_id, f"calledElementBinding '{binding}' is not one of "
                                                    f"{', '.join(BINDINGS)}")
    if binding != "version":
        return binding, None
    text = (node.get(CAMUNDA + "calledElementVersion") or "").strip()
    if not text.isdigit() or int(text) < 1:
        raise DiagramRefused(file_name, element_id, 'calledElementBinding="version" needs calledElementVersion, '
                                                    f"a version number (1, 2, ...), not '{text}'")
    return binding, int(text)


def missing_callee(file_name: str, call: CalledElement) -> DiagramRefused:
    """Return the refusal of a call activity whose callee is deployed nowhere."""
    wanted = f"version {call.version} of process" if call.binding == "version" else "process"
    return DiagramRefused(file_name, call.element_id,
                          f"the call activity calls {wanted} '{call.process_id}', which is not deployed; "
                          f"deploy the file that holds it first, or in the same command "
                          f"(flowdesk deploy {file_name} <its file>)")
