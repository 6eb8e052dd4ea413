"""Check a diagram before deployment and parse it into executable process specs."""
import functools
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.exclusive_gateway import ExclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.inclusive_gateway import InclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.script_task import ScriptTask

from engine.errors import DiagramRefused, EngineError, ExpressionError, refusal
from engine.evaluation.dialect import is_expression
from engine.evaluation.expressions import check_expression
from engine.evaluation.sandbox import check_script
from engine.evaluation.timer_expressions import check_timer
from engine.events.conditions import arm_conditional_event_subprocesses, conditions_of
from engine.events.error_routing import adopt_error_throws
from engine.events.message_throws import FlowDeskMessageThrow, adopt_message_throws, check_message_throws
from engine.events.messages import arm_message_event_subprocesses
from engine.events.signals import adopt_signals, arm_signal_event_subprocesses
from engine.events.timers import adopt_cron_cycles, adopt_start_cycles, timer_kind
from engine.reading.called_elements import CalledElement, defined_processes, external_calls, missing_callee
from engine.reading.camunda_extensions import check_parameters
from engine.reading.camunda_forms import Forms, inline_forms
from engine.reading.form_fields import field_problem
from engine.reading.parser import (
    CAMUNDA,
    CAMUNDA_MODEL_NS,
    ExternalTask,
    FlowDeskParser,
    bpmn_validator,
    external_owner,
)
from engine.reading.preparation import prepare_tree
from engine.reading.signal_checks import check_signals

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
MAX_DIAGRAM_BYTES = 2 * 1024 * 1024
DOCTYPE_REASON = refusal("a DOCTYPE (with its entity declarations) is not allowed in a diagram; remove it")
NAMESPACE_PREFIXES = {BPMN: "bpmn:", "{" + CAMUNDA_MODEL_NS + "}": "camunda:"}

# Elements SpiffWorkflow cannot run faithfully: refused rather than silently ignored.
UNSUPPORTED_ELEMENTS = {
    "linkEventDefinition": refusal("link events are not supported; connect the flow with a sequence flow instead"),
    "compensateEventDefinition": refusal("compensation is not supported"),
    "complexGateway": refusal("complex gateways are not supported; use exclusive, inclusive or parallel gateways"),
    "businessRuleTask": refusal("business rule tasks (DMN) are not supported yet; use a gateway or an external task"),
    "adHocSubProcess": refusal("ad-hoc sub-processes are not supported"),
    "transaction": refusal("transaction sub-processes are not supported"),
    "cancelEventDefinition": refusal("cancel events are not supported"),
}
UNSUPPORTED_CAMUNDA = {
    "executionListener": refusal("execution listeners are not supported; use an external task"),
    "taskListener": refusal("task listeners are not supported; use an external task"),
}


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


def lint_elements(root: etree._Element, file_name: str, topics: Collection[str] | None) -> None:
    """Refuse elements FlowDesk cannot execute faithfully and service tasks that are not external tasks."""
    check_unique_ids(root, file_name)
    for node in root.iter(etree.Element):
        tag = etree.QName(node)
        if tag.namespace == BPMN[1:-1] and tag.localname in UNSUPPORTED_ELEMENTS:
            raise DiagramRefused(file_name, element_id_of(node), UNSUPPORTED_ELEMENTS[tag.localname])
        if tag.namespace == CAMUNDA[1:-1] and tag.localname in UNSUPPORTED_CAMUNDA:
            raise DiagramRefused(file_name, element_id_of(node), UNSUPPORTED_CAMUNDA[tag.localname])
        if tag.namespace == BPMN[1:-1] and (tag.localname == "serviceTask" or (
                tag.localname == "sendTask" and node.get(CAMUNDA + "type") == "external")):
            check_service_task(node, file_name, topics)
        owner = external_owner(node) if tag.localname in ("intermediateThrowEvent", "endEvent") else None
        if tag.namespace == BPMN[1:-1] and owner is not None and owner.get(CAMUNDA + "type") == "external":
            check_service_task(owner, file_name, topics, node.get("id"))
        if tag.namespace == BPMN[1:-1] and tag.localname == "conditionalEventDefinition":
            check_conditional_event(node, file_name)
    check_message_throws(root, file_name)
    check_signals(root, file_name)


def check_unique_ids(root: etree._Element, file_name: str) -> None:
    """Refuse an extension element (a form value, say) whose id is also a BPMN element's id: the engine
    finds elements by id in the whole document and would take the form value for the task."""
    bpmn_ids = {node.get("id") for node in root.iter(etree.Element)
                if node.get("id") and etree.QName(node).namespace == BPMN[1:-1]}
    for node in root.iter(etree.Element):
        tag = etree.QName(node)
        if tag.namespace != BPMN[1:-1] and node.get("id") in bpmn_ids:
            raise DiagramRefused(file_name, node.get("id"),
                                 "a <%(tag)s> inside the diagram uses the id '%(id)s' of a BPMN element; give the "
                                 "form value or property another id", {"tag": tag.localname, "id": node.get("id")})


def element_id_of(node: etree._Element) -> str | None:
    """Return the id of the node or of its nearest ancestor that has one."""
    while node is not None:
        if node.get("id"):
            return node.get("id")
        node = node.getparent()
    return None


def check_service_task(node: etree._Element, file_name: str, topics: Collection[str] | None,
                       element_id: str | None = None) -> None:
    """Require camunda:type="external" with a camunda:topic and a readable camunda:taskPriority.

    A topic with a handler registered in FlowDesk runs there; any other topic waits for outside workers
    (/engine-rest/external-task), as Camunda's external-task pattern intends. `topics` is kept for callers.
    element_id: the event's, when node is the message event definition carrying the attributes.
    """
    element_id = element_id or node.get("id")
    if node.get(CAMUNDA + "expression") is not None:
        check_expression_task(node, file_name)
        return
    if node.get(CAMUNDA + "type") != "external":
        raise DiagramRefused(
            file_name, element_id,
            'service tasks must be external tasks (camunda:type="external" with a camunda:topic)',
        )
    topic = node.get(CAMUNDA + "topic")
    if not topic:
        raise DiagramRefused(file_name, element_id, "the external task has no camunda:topic; name the topic its "
                                                    "workers fetch with camunda:topic=\"...\"")
    priority = (node.get(CAMUNDA + "taskPriority") or "").strip()
    if priority and not PRIORITY.fullmatch(priority):
        raise DiagramRefused(file_name, element_id, "camunda:taskPriority '%(priority)s' is neither a whole number "
                                                    "nor a ${...} expression; write one of them",
                             {"priority": priority})


PRIORITY = re.compile(r"-?\d+|[$#]\{.+\}")


def check_expression_task(node: etree._Element, file_name: str) -> None:
    """Accept a camunda:expression the safe evaluator runs; refuse a bean or method call, saying what to change."""
    element_id, expression = node.get("id"), node.get(CAMUNDA + "expression") or ""
    other = [name for name in ("class", "delegateExpression", "type") if node.get(CAMUNDA + name) is not None]
    if other:
        raise DiagramRefused(file_name, element_id, "camunda:expression and camunda:%(other)s exclude each other; "
                                                    "keep one of them", {"other": other[0]})
    if node.find(f"{BPMN}extensionElements/{CAMUNDA}inputOutput") is not None:
        raise DiagramRefused(file_name, element_id, "input/output parameters on a service task with "
                                                    "camunda:expression are not supported; read the variables in "
                                                    "the expression and keep its value with camunda:resultVariable")
    if not is_expression(expression):
        raise DiagramRefused(file_name, element_id, "camunda:expression %(expression)r is not an expression; "
                                                    "write it as ${...}", {"expression": expression})
    try:
        check_expression(expression)
    except ExpressionError as exc:
        raise DiagramRefused(file_name, element_id, refusal(
            "camunda:expression %(problem)s (FlowDesk evaluates only side-effect-free expressions here: a value, "
            'a variable, a comparison; a bean or method call must become an external task, camunda:type="external" '
            "with a camunda:topic)"), {"problem": exc.reason}) from None


def check_conditional_event(node: etree._Element, file_name: str) -> None:
    """Refuse a conditional start event of a process: Camunda starts it only on an explicit evaluation call."""
    event = node.getparent()
    scope = event.getparent() if event is not None else None
    if event is None or event.tag != BPMN + "startEvent" or scope is None or scope.tag != BPMN + "process":
        return
    raise DiagramRefused(file_name, element_id_of(event),
                         "a conditional start event of a process never starts it (Camunda 7 starts it only when "
                         "asked to evaluate start conditions); use a none or timer start event, or put the "
                         "conditional start event in an event sub-process")


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
    try:
        inline_forms(root, file_name, forms or {})
        lint_elements(root, file_name, topics)
        check_parameters(root, file_name)
        processes = load_processes(root, file_name, callees or {}, max_bytes)
    except DiagramRefused as refused:
        raise DiagramRefused(file_name, drawn_ids.get(refused.element_id or "", refused.element_id),
                             refused.template, refused.params) from None
    restore_drawn_ids(processes, drawn_ids)
    flows = collect_flows(root, drawn_ids)
    return [
        ParsedProcess(p.process_id, p.name, p.spec, p.subprocess_specs, flows.get(p.process_id, {}))
        for p in processes
    ]


def load_processes(root: etree._Element, file_name: str, callees: Mapping[str, bytes],
                   max_bytes: int | None) -> list[ParsedProcess]:
    """Parse the prepared tree into process specs and check them, or raise DiagramRefused."""
    parser = FlowDeskParser(validator=bpmn_validator())
    try:
        parser.add_bpmn_xml(etree.ElementTree(root), file_name)
        process_ids = parser.get_process_ids()
        if not process_ids:
            raise no_executable_process(root, file_name)
        roots = [root, *add_callees(parser, root, file_name, callees, max_bytes)]
        processes = [load_process(parser, roots, process_id) for process_id in process_ids]
    except ValidationException as exc:
        element_id = exc.id or element_id_at_line(root, exc.line_number)
        raise DiagramRefused(file_name, element_id, clean_reason(exc)) from None
    except DiagramRefused:
        raise
    except (EngineError, ValueError, KeyError, TypeError, AttributeError, NotImplementedError) as exc:
        raise DiagramRefused(file_name, None, "the diagram could not be read: %(problem)s", {"problem": exc}) from None
    for process in processes:
        check_process(process, file_name)
    return processes


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
    adopt_start_cycles(spec.start.outputs)
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
    element_id = process_ids[0] if len(process_ids) == 1 else None
    listed = ", ".join(f"'{process_id}'" for process_id in process_ids)
    return DiagramRefused(file_name, element_id, "no process is executable (process %(processes)s); "
                                                 'mark the process to run as executable (isExecutable="true")',
                          {"processes": listed})


def element_id_at_line(root: etree._Element, line_number: Any) -> str | None:
    """Return the id of the only element with an id on this line (XSD errors give a line, not an id)."""
    if not line_number:
        return None
    ids = [node.get("id") for node in root.iter(etree.Element)
           if node.sourceline == int(line_number) and node.get("id")]
    return ids[0] if len(ids) == 1 else None


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


def iter_task_specs(process: ParsedProcess) -> Iterator[Any]:
    """Yield every task spec of a process and of its sub-processes."""
    yield from process.spec.task_specs.values()
    for sub_spec in process.subprocess_specs.values():
        yield from sub_spec.task_specs.values()


def check_process(process: ParsedProcess, file_name: str) -> None:
    """Check every expression, script and form of a parsed process."""
    for task_spec in iter_task_specs(process):
        element_id = getattr(task_spec, "bpmn_id", None) or task_spec.name
        for check, text in expressions_of(task_spec):
            try:
                check(text)
            except EngineError as exc:
                raise DiagramRefused(file_name, element_id, str(exc)) from None
        fields = task_spec.extensions.get("form_fields", []) if hasattr(task_spec, "extensions") else []
        for field in fields:
            reason = field_problem(field)
            if reason:
                raise DiagramRefused(file_name, element_id, reason)


def expressions_of(task_spec: Any) -> Iterator[tuple[Callable[[str], None], str]]:
    """Yield (checker, text) for everything in a task spec that will be evaluated."""
    if isinstance(task_spec, (ExclusiveGateway, InclusiveGateway)):
        for condition, _target in task_spec.cond_task_specs:
            if condition is not None:
                yield check_expression, condition.args[0] if hasattr(condition, "args") else str(condition)
    event_definition = getattr(task_spec, "event_definition", None)
    for definition in getattr(event_definition, "event_definitions", None) or [event_definition]:
        if isinstance(definition, TimerEventDefinition):
            yield functools.partial(check_timer, kind=timer_kind(definition)), definition.expression
    for condition in conditions_of(task_spec):
        yield check_expression, condition.expression
    if isinstance(task_spec, ScriptTask):
        yield check_script, task_spec.script
    extensions = getattr(task_spec, "extensions", {}) or {}
    for key in ("assignee", "candidate_groups", "candidate_users", "due_date", "follow_up_date", "priority"):
        if key in extensions and is_expression(extensions[key]):
            yield check_expression, extensions[key]
    if isinstance(event_definition, FlowDeskMessageThrow):
        for parameter in event_definition.parameters.values():
            if is_expression(parameter):
                yield check_expression, parameter
    if isinstance(task_spec, ExternalTask):
        for text in extensions.get("input_parameters", {}).values():
            if is_expression(text):
                yield check_expression, text
    for name in ("condition", "cardinality"):
        text = getattr(task_spec, name, None)
        if isinstance(text, str):
            yield check_expression, text


