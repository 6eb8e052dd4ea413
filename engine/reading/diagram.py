"""Check a diagram before deployment and parse it into executable process specs."""
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException

from engine.errors import DiagramRefused, EngineError, refusal
from engine.events.conditions import arm_conditional_event_subprocesses
from engine.events.error_routing import adopt_error_throws
from engine.events.message_throws import adopt_message_throws
from engine.events.messages import arm_message_event_subprocesses
from engine.events.signals import adopt_signals, arm_signal_event_subprocesses
from engine.events.starts import start_events
from engine.events.timers import adopt_cron_cycles, adopt_start_cycles
from engine.reading.called_elements import CalledElement, defined_processes, external_calls, missing_callee
from engine.reading.camunda_extensions import check_parameters
from engine.reading.camunda_forms import Forms, inline_forms
from engine.reading.element_checks import element_id_of, lint_elements
from engine.reading.findings import Findings, PropertyRefused
from engine.reading.parser import (
    CAMUNDA_MODEL_NS,
    FlowDeskParser,
    bpmn_validator,
)
from engine.reading.preparation import prepare_tree
from engine.reading.process_checks import check_process, iter_task_specs

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
MAX_DIAGRAM_BYTES = 2 * 1024 * 1024
DOCTYPE_REASON = refusal("a DOCTYPE (with its entity declarations) is not allowed in a diagram; remove it")
NAMESPACE_PREFIXES = {BPMN: "bpmn:", "{" + CAMUNDA_MODEL_NS + "}": "camunda:"}


@dataclass(frozen=True)
class ParsedProcess:
    """One executable process of a diagram, ready to run."""

    process_id: str
    name: str
    spec: Any
    subprocess_specs: dict[str, Any]
    flows: dict[str, tuple[tuple[str, str], ...]]  # source element id -> ((flow id, target id), ...)


def read_xml(content: bytes, file_name: str, max_bytes: int | None = None) -> etree._Element:
    """Parse diagram XML safely: no DOCTYPE or entities, no network, bounded size.

    max_bytes=None means MAX_DIAGRAM_BYTES as it is when called, not when this module was imported.
    """
    limit = MAX_DIAGRAM_BYTES if max_bytes is None else max_bytes
    if len(content) > limit:
        raise DiagramRefused(file_name, None, "the file is %(size)s bytes; the limit is %(limit)s bytes",
                             {"size": len(content), "limit": limit})
    if starts_with_doctype(content):
        raise DiagramRefused(file_name, None, DOCTYPE_REASON)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise DiagramRefused(file_name, None, "not well-formed XML: %(problem)s", {"problem": exc}) from None
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        raise DiagramRefused(file_name, None, DOCTYPE_REASON)  # a DOCTYPE the prolog pattern missed (UTF-16)
    return root


def starts_with_doctype(content: bytes) -> bool:
    """Say whether a DOCTYPE follows the XML declaration, comments and processing instructions.

    Checked before parsing so that libxml2 never reads entity declarations; a linear scan, not a
    regular expression, so that a prolog of many comments cannot make it slow.
    """
    position = 3 if content.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while position < len(content) and content[position:position + 1].isspace():
            position += 1
        for opening, closing in ((b"<?", b"?>"), (b"<!--", b"-->")):
            if content.startswith(opening, position):
                end = content.find(closing, position + len(opening))
                if end < 0:
                    return False
                position = end + len(closing)
                break
        else:
            return content.startswith(b"<!DOCTYPE", position)



def collect_flows(root: etree._Element, drawn_ids: dict[str, str]) -> dict[str, dict[str, tuple[tuple[str, str], ...]]]:
    """Return, per process id, each element's outgoing sequence flows (by the ids as drawn)."""
    result: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {}
    for process in root.iter(BPMN + "process"):
        flows: dict[str, list[tuple[str, str]]] = {}
        for flow in process.iter(BPMN + "sequenceFlow"):
            source, target = (drawn_ids.get(flow.get(end), flow.get(end)) for end in ("sourceRef", "targetRef"))
            flows.setdefault(source, []).append((flow.get("id"), target))
        result[process.get("id")] = {source: tuple(items) for source, items in flows.items()}
    return result


def parse_diagram(content: bytes, file_name: str, topics: Collection[str] | None,
                  max_bytes: int | None = None, callees: Mapping[str, bytes] | None = None,
                  forms: Forms | None = None) -> list[ParsedProcess]:
    """Validate a diagram and return its executable processes, or raise DiagramRefused.

    topics=None skips the topic check (used when re-reading an already deployed version). callees: the XML
    of each process of another file that a call activity calls, by process id (engine/reading/called_elements.py);
    a call activity whose callee is missing there is refused. forms: the Camunda Forms files (name -> JSON)
    deployed with the diagram.
    """
    root = read_xml(content, file_name, max_bytes)
    if etree.QName(root).localname != "definitions" or etree.QName(root).namespace != BPMN[1:-1]:
        raise DiagramRefused(file_name, None, "the root element is not a BPMN 2.0 <definitions>")
    drawn_ids = prepare_tree(root)
    findings = Findings()
    inline_forms(root, file_name, forms or {}, findings)
    lint_elements(root, file_name, topics, findings)
    check_parameters(root, file_name, findings)
    processes: list[ParsedProcess] = []
    with findings.read_on():
        processes = load_processes(root, file_name, callees or {}, max_bytes, findings)
    try:
        findings.raise_any()
    except DiagramRefused as refused:
        raise as_drawn(refused, drawn_ids) from None
    restore_drawn_ids(processes, drawn_ids)
    flows = collect_flows(root, drawn_ids)
    return [
        ParsedProcess(p.process_id, p.name, p.spec, p.subprocess_specs, flows.get(p.process_id, {}))
        for p in processes
    ]


def as_drawn(refused: DiagramRefused, drawn_ids: Mapping[str, str]) -> DiagramRefused:
    """Return a refusal and the others it carries naming elements by their ids as drawn."""
    first = refused.moved(drawn_ids.get(refused.element_id or "", refused.element_id))
    first.others = tuple(other.moved(drawn_ids.get(other.element_id or "", other.element_id))
                         for other in refused.others)
    return first


def load_processes(root: etree._Element, file_name: str, callees: Mapping[str, bytes],
                   max_bytes: int | None, findings: Findings) -> list[ParsedProcess]:
    """Parse the prepared tree into process specs and check them, noting problems in findings.

    A parser failure that is not a refusal of its own is reported only when nothing else was found: it is most
    likely the consequence of a problem already named.
    """
    parser = FlowDeskParser(validator=bpmn_validator())
    try:
        parser.add_bpmn_xml(etree.ElementTree(root), file_name)
        process_ids = parser.get_process_ids()
        if not process_ids:
            raise no_executable_process(root, file_name)
        roots = [root, *add_callees(parser, root, file_name, callees, max_bytes)]
        processes = [load_process(parser, roots, process_id) for process_id in process_ids]
    except ValidationException as exc:
        raise parser_refusal(root, file_name, exc) from None
    except DiagramRefused:
        raise
    except (EngineError, ValueError, KeyError, TypeError, AttributeError, NotImplementedError) as exc:
        if findings.refusals:
            return []
        raise DiagramRefused(file_name, None, "the diagram could not be read: %(problem)s", {"problem": exc}) from None
    flow_ids = {(flow.get("sourceRef"), flow.get("targetRef"), condition_text(flow)): flow.get("id")
                for flow in root.iter(BPMN + "sequenceFlow")}
    for process in processes:
        check_process(process, file_name, flow_ids, findings)
    return processes


def condition_text(flow: etree._Element) -> str:
    """Return a sequence flow's condition as written, or "" when it has none."""
    condition = flow.find(BPMN + "conditionExpression")
    return (condition.text or "").strip() if condition is not None else ""


def parser_refusal(root: etree._Element, file_name: str, exc: ValidationException) -> DiagramRefused:
    """Return the refusal of a parser's validation error, in FlowDesk's words where it has some."""
    element_id = element_id_of_exception(root, exc)
    if MISSING_CONDITION in str(exc):
        return DiagramRefused(file_name, element_id, FLOW_WITHOUT_CONDITION, property="conditionExpression")
    if isinstance(exc, PropertyRefused) and exc.params:
        return DiagramRefused(file_name, element_id, exc.template, exc.params, property=exc.property)
    return DiagramRefused(file_name, element_id, clean_reason(exc), property=property_of_exception(exc))


MISSING_CONDITION = "Non-default exclusive outgoing sequence flow without condition"  # SpiffWorkflow's words
FLOW_WITHOUT_CONDITION = refusal(
    "the sequence flow leaves an exclusive gateway without a condition and is not the gateway's default flow; give "
    "it a condition such as ${approved}, or make it the default flow")


def element_id_of_exception(root: etree._Element, exc: ValidationException) -> str | None:
    """Return the element a parser's refusal is about: the id it names, or the element on the line it names."""
    return exc.id or element_id_at_line(root, exc.line_number)


def property_of_exception(exc: ValidationException) -> str | None:
    """Return the property a parser's refusal is about, where it says which."""
    if isinstance(exc, PropertyRefused):
        return exc.property
    attribute = XSD_ATTRIBUTE.search(str(exc))  # the schema's "Element 'bpmn:x', attribute 'y': ..."
    if attribute:
        return attribute.group(1).replace("{" + CAMUNDA_MODEL_NS + "}", "camunda:")
    return None


XSD_ATTRIBUTE = re.compile(r"attribute '([^']+)'")


def restore_drawn_ids(processes: list[ParsedProcess], drawn_ids: dict[str, str]) -> None:
    """Give task specs of renamed elements their drawn id back: history and pages show what was drawn."""
    if not drawn_ids:
        return
    for process in processes:
        for task_spec in iter_task_specs(process):
            if getattr(task_spec, "bpmn_id", None) in drawn_ids:
                task_spec.bpmn_id = drawn_ids[task_spec.bpmn_id]


def add_callees(parser: FlowDeskParser, root: etree._Element, file_name: str, callees: Mapping[str, bytes],
                max_bytes: int | None) -> list[etree._Element]:
    """Give the parser the diagram of every process of another file that a call activity calls, and of every
    process those call in turn, to any depth; refuse a callee deployed nowhere. Return the callees' trees.

    Calls may come back round (A calls B, which calls A, as Camunda allows): a process already given, the
    diagram's own included, is read once.
    """
    given = defined_processes(root)
    trees: list[etree._Element] = []
    pending: list[tuple[CalledElement, tuple[CalledElement, ...]]] = [
        (call, ()) for call in external_calls(root, file_name)]
    while pending:
        call, via = pending.pop(0)
        if call.process_id in given:
            continue
        content = callees.get(call.process_id)
        if content is None:
            raise missing_callee(file_name, call, via)
        callee_root = read_xml(content, call.process_id, max_bytes)
        prepare_tree(callee_root)  # read as drawn, like the caller (flows without ids, Start/End ids, ...)
        given |= defined_processes(callee_root)
        pending += [(inner, (*via, call)) for inner in external_calls(callee_root, call.process_id)]
        parser.add_bpmn_xml(etree.ElementTree(callee_root), call.process_id)
        trees.append(callee_root)
    return trees


def load_process(parser: FlowDeskParser, roots: list[etree._Element], process_id: str) -> ParsedProcess:
    """Build the spec of one process and of every sub-process it calls (roots: the diagram and its callees')."""
    spec = parser.get_spec(process_id)
    subprocess_specs = parser.get_subprocess_specs(process_id)
    for process_spec in (spec, *subprocess_specs.values()):
        adopt_cron_cycles(process_spec.task_specs.values())
    adopt_start_cycles(start_events(spec))
    arm_conditional_event_subprocesses((spec, *subprocess_specs.values()), subprocess_specs)
    arm_message_event_subprocesses((spec, *subprocess_specs.values()), subprocess_specs)
    arm_signal_event_subprocesses((spec, *subprocess_specs.values()), subprocess_specs)
    adopt_message_throws((spec, *subprocess_specs.values()), roots)
    adopt_signals((spec, *subprocess_specs.values()), roots)
    adopt_error_throws((spec, *subprocess_specs.values()))
    name = spec.description or process_id
    return ParsedProcess(process_id, name, spec, subprocess_specs, {})


def no_executable_process(root: etree._Element, file_name: str) -> DiagramRefused:
    """Explain that no process of the diagram is marked executable, naming the processes there are."""
    process_ids = [process.get("id") for process in root.iter(BPMN + "process")]
    if not process_ids:
        return DiagramRefused(file_name, None, "the diagram has no process; draw a process, not only a collaboration")
    listed = ", ".join(f"'{process_id}'" for process_id in process_ids)
    return DiagramRefused(file_name, process_ids[0], "no process is executable (process %(processes)s); "
                                                     'mark the process to run as executable (isExecutable="true")',
                          {"processes": listed}, "isExecutable")


def element_id_at_line(root: etree._Element, line_number: Any) -> str | None:
    """Return the id of the only element with an id on this line (XSD errors give a line, not an id)."""
    if not line_number:
        return None
    nodes = [node for node in root.iter(etree.Element) if node.sourceline == int(line_number)]
    ids = [node.get("id") for node in nodes if node.get("id")]
    if len(ids) == 1:
        return ids[0]
    return element_id_of(nodes[0]) if nodes and not ids else None


def clean_reason(exc: ValidationException) -> str:
    """Turn a SpiffWorkflow validation message into one sentence for a process owner."""
    message = str(exc).split("\n")[0].strip()
    for prefix in ("ValidationException: ",):
        message = message.removeprefix(prefix)
    for namespace, prefix in NAMESPACE_PREFIXES.items():
        message = message.replace(namespace, prefix)
    message = message.rstrip(". ")
    if exc.line_number:
        message = f"{message} (line {exc.line_number})"
    return message
