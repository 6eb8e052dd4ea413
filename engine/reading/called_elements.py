"""Call activities that call a process deployed from another file, and how each picks the callee's version.

Camunda 7 resolves a call activity's calledElement by process id when it runs: the latest version by
default, a fixed one with camunda:calledElementBinding="version" and camunda:calledElementVersion, or the
one deployed with the caller with "deployment". The caller's diagram is parsed together with the callee's
stored XML that binding picks (app/workflow/call_activities.py chooses it), and with the XML of what the
callee calls in turn, to any depth; calls may come back round (A calls B, which calls A), as in Camunda.
"""
from dataclasses import dataclass

from lxml import etree

from engine.errors import DiagramRefused, refusal
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
    caller: str = ""  # the id of the process the call activity belongs to


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
                                                        "set calledElement to the id of the process it calls",
                                 property="calledElement")
        if "${" in called or "#{" in called:
            raise DiagramRefused(file_name, element_id, "the called element '%(called)s' is an expression; "
                                                        "name the process id it calls instead", {"called": called},
                                 "calledElement")
        if called not in own:
            calls.append(CalledElement(element_id, called, *binding_of(node, file_name, element_id),
                                       caller=process_of(node)))
    return calls


def process_of(node: etree._Element) -> str:
    """Return the id of the process an element belongs to."""
    while node is not None and node.tag != BPMN + "process":
        node = node.getparent()
    return node.get("id") or "" if node is not None else ""


def binding_of(node: etree._Element, file_name: str, element_id: str) -> tuple[str, int | None]:
    """Return a call activity's binding and, for "version", the version it names."""
    binding = (node.get(CAMUNDA + "calledElementBinding") or "latest").strip()
    if binding not in BINDINGS:
        raise DiagramRefused(file_name, element_id, "calledElementBinding '%(binding)s' is not one of %(bindings)s",
                             {"binding": binding, "bindings": ", ".join(BINDINGS)}, "camunda:calledElementBinding")
    if binding != "version":
        return binding, None
    text = (node.get(CAMUNDA + "calledElementVersion") or "").strip()
    if not text.isdigit() or int(text) < 1:
        raise DiagramRefused(file_name, element_id, 'calledElementBinding="version" needs calledElementVersion, '
                                                    "a version number (1, 2, ...), not '%(text)s'", {"text": text},
                             "camunda:calledElementVersion")
    return binding, int(text)


def missing_callee(file_name: str, call: CalledElement, via: tuple[CalledElement, ...] = ()) -> DiagramRefused:
    """Return the refusal of a call activity whose callee is deployed nowhere; via: the calls of the diagram and
    of the callees in between that lead to it (the first names the diagram's call activity)."""
    params: dict[str, object] = {"process": call.process_id, "version": call.version, "file": file_name,
                                 "call": call.element_id}
    if not via:
        return DiagramRefused(file_name, call.element_id, (
            VERSION_NOT_DEPLOYED if call.binding == "version" else PROCESS_NOT_DEPLOYED), params, "calledElement")
    params["chain"] = " → ".join(f"'{step.process_id}'" for step in via)  # the calls in between, in order
    return DiagramRefused(file_name, via[0].element_id, (
        VERSION_NOT_DEPLOYED_VIA if call.binding == "version" else PROCESS_NOT_DEPLOYED_VIA), params, "calledElement")


PROCESS_NOT_DEPLOYED = refusal(
    "the call activity calls process '%(process)s', which is not deployed; deploy the file that holds it first, or "
    "in the same command (flowdesk deploy %(file)s <its file>)")
VERSION_NOT_DEPLOYED = refusal(
    "the call activity calls version %(version)s of process '%(process)s', which is not deployed; deploy the file "
    "that holds it first, or in the same command (flowdesk deploy %(file)s <its file>)")
PROCESS_NOT_DEPLOYED_VIA = refusal(
    "the call activity calls %(chain)s, which calls process '%(process)s' (call activity '%(call)s'), which is not "
    "deployed; deploy the file that holds '%(process)s' first, or in the same command")
VERSION_NOT_DEPLOYED_VIA = refusal(
    "the call activity calls %(chain)s, which calls version %(version)s of process '%(process)s' (call activity "
    "'%(call)s'), which is not deployed; deploy the file that holds '%(process)s' first, or in the same command")
