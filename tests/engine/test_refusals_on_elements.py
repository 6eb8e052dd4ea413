"""Every refusal rule of the engine lands on its element and property, as a modeller marks it (issue 13, part 3).

The rules are read from the code (every DiagramRefused, refusal, refuse and PropertyRefused call of the engine
and of app/workflow/deployment.py), so that a new rule without a case here fails the test that says which.
"""
import ast
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.workflow.deployment import check_forms_build, deploy_each, parse_with_callees
from app.workflow.runtime import Runtime
from engine.errors import DiagramRefused
from engine.reading.diagram import MAX_DIAGRAM_BYTES
from tests.engine.test_deployment import around, definitions, flow, gateway, process

ROOT = Path(__file__).parents[2]
REFUSERS = {"DiagramRefused": 2, "refusal": 0, "refuse": 0, "PropertyRefused": 0}  # the reason's position
RULE_FILES = (*sorted((ROOT / "engine").rglob("*.py")), ROOT / "app" / "workflow" / "deployment.py")
# Re-raising a refusal found elsewhere (moved to its drawn id, carried along) is no rule of its own.
RE_RAISES = ("engine/errors.py:", "engine/reading/findings.py:")
UNREACHABLE = {  # rule -> why no diagram reaches it
    "the diagram could not be read: %(problem)s": "the safety net for a parser crash that is not a refusal; no "
                                                  "known diagram makes SpiffWorkflow 3.2 crash so",
}


def rule_keys() -> dict[str, str]:
    """Return every refusal rule of the code (its template, an f-string's text with {} for its values, or, where
    the reason comes from elsewhere, file:function:reason) with where it is."""
    found: dict[str, str] = {}
    for path in RULE_FILES:
        where_of = enclosing_functions(ast.parse(path.read_text()))
        for node, function in where_of.items():
            position = REFUSERS[node.func.id]  # type: ignore[attr-defined]
            if len(node.args) <= position:
                continue
            reason = node.args[position]
            where = f"{path.relative_to(ROOT)}:{function}"
            key = key_of(reason, where)
            if key is not None and not where.startswith(RE_RAISES):
                found.setdefault(key, where)
    return found


def enclosing_functions(tree: ast.Module) -> dict[ast.Call, str]:
    """Return each refusing call of a module with the name of the function it is in ("<module>" outside any)."""
    calls: dict[ast.Call, str] = {}
    scopes: list[tuple[ast.AST, str]] = [(tree, "<module>")]
    scopes += [(node, node.name) for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
    for scope, name in scopes:  # functions come after the module, so the innermost name wins
        for node in ast.walk(scope):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in REFUSERS:
                calls[node] = name
    return calls


def key_of(reason: ast.expr, where: str) -> str | None:
    """Return the key of a rule from its reason argument; None for a reason marked by refusal() (its own rule)."""
    if isinstance(reason, ast.Constant) and isinstance(reason.value, str):
        return reason.value
    if isinstance(reason, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in reason.values)
    if isinstance(reason, ast.Call) and getattr(reason.func, "id", "") == "refusal":
        return None
    return f"{where}:{ast.unparse(reason)}"


# --- the diagrams --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """A small diagram that breaks one rule, and where the problem must land."""

    content: bytes
    element_id: str | None
    property: str | None
    forms: Mapping[str, bytes] = field(default_factory=dict)
    callees: Mapping[str, bytes] | None = None  # the XML of called processes, given to the engine directly
    together_with: bytes | None = None  # a second file deployed in the same command


def in_process(element: str, element_id: str = "x", *extra: str) -> bytes:
    """Return a diagram whose process runs start -> element -> end, with more definitions beside the process."""
    return definitions(*extra, process("p", around(element, element_id)))


def events_around(event: str, *extra: str) -> bytes:
    """Return a diagram with the event 'x' between start and end, with a message 'm' and a signal 's' defined."""
    return in_process(event, "x", '<bpmn:message id="m" name="M"/>', '<bpmn:signal id="s" name="S"/>', *extra)


def service(attributes: str, inner: str = "") -> bytes:
    """Return a diagram with the service task 'x' of these attributes."""
    return in_process(f'<bpmn:serviceTask id="x" {attributes}>{inner}</bpmn:serviceTask>')


def extensions(inner: str) -> str:
    """Wrap Camunda extension elements."""
    return f"<bpmn:extensionElements>{inner}</bpmn:extensionElements>"


def with_form(key: str, form: object | None = None) -> Case:
    """Return a user task whose camunda:formKey names a Camunda Form, deployed as 'f.form' when given."""
    forms = {"f.form": form if isinstance(form, bytes) else json.dumps(form).encode()} if form is not None else {}
    return Case(in_process(f'<bpmn:userTask id="x" camunda:formKey="{key}"/>'), "x", "camunda:formKey", forms)


def form_component(component: dict[str, object]) -> Case:
    """Return a user task whose deployed Camunda Form holds one component."""
    return with_form("camunda-forms:deployment:f.form", {"components": [component]})


def signal_throw(definition_attributes: str = 'signalRef="s"', inner: str = "", tag: str = "intermediateThrowEvent",
                 signal: str = '<bpmn:signal id="s" name="S"/>') -> bytes:
    """Return a diagram with a signal event 'x' of this kind."""
    event = (f'<bpmn:{tag} id="x"><bpmn:signalEventDefinition {definition_attributes}>{inner}'
             f"</bpmn:signalEventDefinition></bpmn:{tag}>")
    return in_process(event, "x", signal)


def signal_in(mapping: str, tag: str = "intermediateThrowEvent") -> Case:
    """Return a signal event carrying one camunda:in."""
    return Case(signal_throw(inner=extensions(mapping), tag=tag), "x", "camunda:in")


def calling(attributes: str) -> bytes:
    """Return a diagram whose call activity 'x' has these attributes."""
    return in_process(f'<bpmn:callActivity id="x" {attributes}/>')


def callee(process_id: str, calls: str) -> bytes:
    """Return a diagram of a process that calls another with these attributes."""
    return definitions(process(process_id, around(f'<bpmn:callActivity id="c_{process_id}" {calls}/>',
                                                  f"c_{process_id}", f"{process_id}_")))


def message_thrown_by(attribute: str) -> Case:
    """Return a message throw event sent by an implementation of its own."""
    event = (f'<bpmn:intermediateThrowEvent id="x"><bpmn:messageEventDefinition messageRef="m" '
             f'camunda:{attribute}/></bpmn:intermediateThrowEvent>')
    return Case(events_around(event), "x", "camunda:" + attribute.split("=")[0])


def parameter(kind: str) -> Case:
    """Return an external task whose input parameter 'a' is computed by a script, list or map."""
    value = {"script": '<camunda:script scriptFormat="groovy">1</camunda:script>', "list": "<camunda:list/>",
             "map": "<camunda:map/>"}[kind]
    inner = extensions(f'<camunda:inputOutput><camunda:inputParameter name="a">{value}</camunda:inputParameter>'
                       "</camunda:inputOutput>")
    return Case(service('camunda:type="external" camunda:topic="t"', inner), "x", "camunda:inputParameter:a")


def conditional(condition: str, attributes: str = "") -> bytes:
    """Return a diagram with a conditional catch event 'x'."""
    return in_process(f'<bpmn:intermediateCatchEvent id="x"><bpmn:conditionalEventDefinition {attributes}>'
                      f"{condition}</bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>")


def field_case(field_xml: str, prop: str = "formField:a") -> Case:
    """Return a user task 'x' whose form holds one field, the problem landing on prop."""
    return Case(in_process('<bpmn:userTask id="x">' + extensions(f"<camunda:formData>{field_xml}</camunda:formData>")
                           + "</bpmn:userTask>"), "x", prop)


def properties_field(kind: str, name: str, value: str) -> str:
    """Return the form field 'a' of this type with one camunda:property."""
    return (f'<camunda:formField id="a" type="{kind}"><camunda:properties><camunda:property id="{name}" '
            f'value="{value}"/></camunda:properties></camunda:formField>')


def constrained_field(name: str, config: str) -> str:
    """Return the string form field 'a' with one validation constraint."""
    return (f'<camunda:formField id="a" type="string"><camunda:validation><camunda:constraint name="{name}" '
            f'config="{config}"/></camunda:validation></camunda:formField>')


CONDITION = '<bpmn:condition xsi:type="bpmn:tFormalExpression">${ready}</bpmn:condition>'
FIELD = '<camunda:formField id="{id}" type="{type}"{more}/>'
LINK = Case(definitions(process("p", (
    '<bpmn:startEvent id="start"/><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="jump"/>'
    '<bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition id="to_end" name="L"/>'
    "</bpmn:intermediateThrowEvent>"))), "jump", "linkEventDefinition")
SERVICE_CLASS = Case(service('camunda:class="org.example.Send"'), "x", "camunda:type")
NOT_DEPLOYED = Case(calling('calledElement="elsewhere"'), "x", "calledElement")
FORM_NOT_JSON = with_form("camunda-forms:deployment:f.form", b"{")
MESSAGE_BY_CLASS = message_thrown_by('class="org.example.Send"')
COMPUTED_BY_SCRIPT = parameter("script")
ENUM_WITHOUT_VALUES = Case(in_process('<bpmn:userTask id="x">' + extensions(
    "<camunda:formData>" + FIELD.format(id="kind", type="enum", more="") + "</camunda:formData>")
    + "</bpmn:userTask>"), "x", "formField:kind")
BAD_CONDITION = Case(definitions(process("p", gateway(flow("f_yes", "${amount >}") + flow("f_no")))),
                     "f_yes", "conditionExpression")
NO_CONDITION = Case(definitions(process("p", gateway(flow("f_yes", "${approved}") + flow("f_maybe") + flow("f_no")))),
                    "f_maybe", "conditionExpression")
VARIABLE_EVENTS = Case(conditional(CONDITION, 'camunda:variableEvents="exploded"'), "x", "camunda:variableEvents")


def approval(properties: dict[str, str], loop: str = '<bpmn:multiInstanceLoopCharacteristics '
             'camunda:collection="members" camunda:elementVariable="member"/>') -> bytes:
    """Return a process whose user task 'x' is an approval by rule with these flowdesk properties."""
    props = "".join(f'<camunda:property name="{name}" value="{value}"/>' for name, value in properties.items())
    form = ('<camunda:formData><camunda:formField id="decision" type="enum"><camunda:value id="approve"/>'
            '<camunda:value id="reject"/></camunda:formField></camunda:formData>')
    return in_process(f'<bpmn:userTask id="x" camunda:assignee="${{member}}">'
                      f'{extensions(f"<camunda:properties>{props}</camunda:properties>{form}")}{loop}</bpmn:userTask>')


BAD_RULE = Case(approval({"flowdesk:decision": "n-of-m:0"}), "x", "flowdesk:decision")
SEQUENTIAL_APPROVAL = Case(approval({"flowdesk:decision": "any"}, '<bpmn:multiInstanceLoopCharacteristics '
                                    'isSequential="true" camunda:collection="members" '
                                    'camunda:elementVariable="member"/>'), "x", "multiInstanceLoopCharacteristics")
APPROVAL_ALONE = Case(approval({"flowdesk:decision": "any"}, ""), "x", "flowdesk:decision")

CASES: dict[str, Case] = {
    # approval by rule (engine/approval/rule.py, engine/reading/parser.py)
    "%(property)s '%(value)s' is not a rule; write any, all, n-of-m:N (N at least 1) or percent:P (P from 1 to "
    "100)": BAD_RULE,
    "%(property)s '%(value)s' is neither true nor false; write true (one rejection rejects at once) or leave it out":
        Case(approval({"flowdesk:decision": "any", "flowdesk:veto": "perhaps"}), "x", "flowdesk:veto"),
    "%(property)s '%(value)s' is not a number of decisions; write a whole number of at least 1, or leave it out":
        Case(approval({"flowdesk:decision": "any", "flowdesk:quorum": "0"}), "x", "flowdesk:quorum"),
    "%(property)s names '%(value)s', which is not a variable name; write variable names separated by commas, e.g. "
    "requested_by,change_owner": Case(approval({"flowdesk:decision": "any", "flowdesk:exclude": "the boss"}), "x",
                                      "flowdesk:exclude"),
    "%(property)s '%(value)s' is not a variable name; write one such as cab_outcome":
        Case(approval({"flowdesk:decision": "any", "flowdesk:outcome": "the outcome"}), "x", "flowdesk:outcome"),
    "engine/reading/diagram.py:parser_refusal:exc.template": BAD_RULE,
    "engine/reading/parser.py:_loop_spec:refused.template": BAD_RULE,
    "an approval by rule (%(property)s) must be a parallel multi-instance over its members: set camunda:collection "
    "to the variable holding them, e.g. ${cab_members}, and leave isSequential off": SEQUENTIAL_APPROVAL,
    "engine/reading/parser.py:_loop_spec:APPROVAL_NOT_PARALLEL": SEQUENTIAL_APPROVAL,
    "%(property)s makes an approval by rule, which needs one task per member: add a parallel multi-instance marker "
    "with camunda:collection ${cab_members} and camunda:elementVariable cab_member, or remove %(property)s":
        APPROVAL_ALONE,
    "engine/reading/parser.py:parse_extensions:APPROVAL_WITHOUT_MEMBERS": APPROVAL_ALONE,
    # the file as a whole
    "the file is %(size)s bytes; the limit is %(limit)s bytes": Case(b" " * (MAX_DIAGRAM_BYTES + 1), None, None),
    "a DOCTYPE (with its entity declarations) is not allowed in a diagram; remove it": Case(
        definitions(process("p", around('<bpmn:userTask id="x"/>')), doctype="<!DOCTYPE d>\n"), None, None),
    "engine/reading/diagram.py:read_xml:DOCTYPE_REASON": Case(
        definitions(process("p", around('<bpmn:userTask id="x"/>')), doctype="<!DOCTYPE d>\n"), None, None),
    "not well-formed XML: %(problem)s": Case(b"<bpmn:definitions", None, None),
    "the root element is not a BPMN 2.0 <definitions>": Case(b"<html/>", None, None),
    "the diagram has no process; draw a process, not only a collaboration": Case(
        definitions('<bpmn:collaboration id="c"/>'), None, None),
    "no process is executable (process %(processes)s); mark the process to run as executable "
    '(isExecutable="true")': Case(definitions(process("p", '<bpmn:startEvent id="start"/>', executable=False)),
                                  "p", "isExecutable"),
    # elements FlowDesk does not run
    "link events are not supported; connect the flow with a sequence flow instead": LINK,
    "engine/reading/element_checks.py:lint_element:UNSUPPORTED_ELEMENTS[tag.localname]": LINK,
    "compensation is not supported": Case(in_process(
        '<bpmn:userTask id="x"/><bpmn:boundaryEvent id="undo" attachedToRef="x"><bpmn:compensateEventDefinition/>'
        "</bpmn:boundaryEvent>"), "undo", "compensateEventDefinition"),
    "complex gateways are not supported; use exclusive, inclusive or parallel gateways": Case(
        in_process('<bpmn:complexGateway id="x"/>'), "x", None),
    "business rule tasks (DMN) are not supported yet; use a gateway or an external task": Case(
        in_process('<bpmn:businessRuleTask id="x"/>'), "x", None),
    "ad-hoc sub-processes are not supported": Case(in_process('<bpmn:adHocSubProcess id="x"/>'), "x", None),
    "transaction sub-processes are not supported": Case(in_process('<bpmn:transaction id="x"/>'), "x", None),
    "cancel events are not supported": Case(in_process(
        '<bpmn:intermediateThrowEvent id="x"><bpmn:cancelEventDefinition/></bpmn:intermediateThrowEvent>'),
        "x", "cancelEventDefinition"),
    "execution listeners are not supported; use an external task": Case(in_process(
        '<bpmn:userTask id="x">' + extensions('<camunda:executionListener class="a.B" event="start"/>')
        + "</bpmn:userTask>"), "x", "camunda:executionListener"),
    "engine/reading/element_checks.py:lint_element:UNSUPPORTED_CAMUNDA[tag.localname]": Case(in_process(
        '<bpmn:userTask id="x">' + extensions('<camunda:taskListener class="a.B" event="create"/>')
        + "</bpmn:userTask>"), "x", "camunda:taskListener"),
    "task listeners are not supported; use an external task": Case(in_process(
        '<bpmn:userTask id="x">' + extensions('<camunda:taskListener class="a.B" event="create"/>')
        + "</bpmn:userTask>"), "x", "camunda:taskListener"),
    "a <%(tag)s> inside the diagram uses the id '%(id)s' of a BPMN element; give the form value or property "
    "another id": Case(in_process('<bpmn:userTask id="x">' + extensions(
        "<camunda:formData>" + FIELD.format(id="start", type="string", more="") + "</camunda:formData>")
        + "</bpmn:userTask>"), "x", "formField:start"),
    "a conditional start event of a process never starts it (Camunda 7 starts it only when asked to evaluate start "
    "conditions); use a none or timer start event, or put the conditional start event in an event sub-process": Case(
        definitions(process("p", f'<bpmn:startEvent id="start"><bpmn:conditionalEventDefinition>{CONDITION}'
                                 '</bpmn:conditionalEventDefinition></bpmn:startEvent><bpmn:sequenceFlow id="f" '
                                 'sourceRef="start" targetRef="end"/><bpmn:endEvent id="end"/>')),
        "start", "conditionalEventDefinition"),
    # service tasks
    'service tasks must be external tasks (camunda:type="external" with a camunda:topic)': SERVICE_CLASS,
    'the external task has no camunda:topic; name the topic its workers fetch with camunda:topic="..."': Case(
        service('camunda:type="external"'), "x", "camunda:topic"),
    "camunda:taskPriority '%(priority)s' is neither a whole number nor a ${...} expression; write one of them": Case(
        service('camunda:type="external" camunda:topic="t" camunda:taskPriority="high"'), "x",
        "camunda:taskPriority"),
    "camunda:expression and camunda:%(other)s exclude each other; keep one of them": Case(
        service('camunda:expression="${1}" camunda:class="a.B"'), "x", "camunda:class"),
    "input/output parameters on a service task with camunda:expression are not supported; read the variables in "
    "the expression and keep its value with camunda:resultVariable": Case(service(
        'camunda:expression="${1}"', extensions('<camunda:inputOutput><camunda:inputParameter name="a">1'
                                                "</camunda:inputParameter></camunda:inputOutput>")),
        "x", "camunda:inputOutput"),
    "camunda:expression %(expression)r is not an expression; write it as ${...}": Case(
        service('camunda:expression="hello"'), "x", "camunda:expression"),
    "camunda:expression %(problem)s (FlowDesk evaluates only side-effect-free expressions here: a value, a "
    'variable, a comparison; a bean or method call must become an external task, camunda:type="external" with a '
    "camunda:topic)": Case(service("camunda:expression=\"${exec('x')}\""), "x", "camunda:expression"),
    # what the parser refuses, and what the parsed process will evaluate
    "engine/reading/diagram.py:parser_refusal:clean_reason(exc)": Case(in_process(  # the schema's own words
        '<bpmn:userTask id="x" priority="high"/>'), "x", "priority"),
    "the sequence flow leaves an exclusive gateway without a condition and is not the gateway's default flow; give it "
    "a condition such as ${approved}, or make it the default flow": NO_CONDITION,
    "engine/reading/diagram.py:parser_refusal:FLOW_WITHOUT_CONDITION": NO_CONDITION,
    "engine/reading/process_checks.py:check_process:str(exc)": BAD_CONDITION,
    "engine/reading/process_checks.py:check_process:*problem": ENUM_WITHOUT_VALUES,
    # form fields drawn as camunda:formData
    "a form field has no id; give it one": field_case('<camunda:formField type="string"/>', prop="camunda:formData"),
    "form field '%(key)s' has type '%(type)s'; use one of %(types)s": field_case(
        '<camunda:formField id="a" type="color"/>'),
    "enum form field '%(key)s' has no values": ENUM_WITHOUT_VALUES,
    "form field '%(key)s' takes its choices from '%(choices)s', which FlowDesk does not know; use one of "
    "%(sources)s": field_case(properties_field("string", "choices", "planets")),
    "form field '%(key)s' has choices, so its type must be enum or string": field_case(
        properties_field("long", "choices", "groups")),
    "form field '%(key)s' property '%(property)s' needs a date field and the value true or false": field_case(
        properties_field("string", "flowdesk:future", "true")),
    "form field '%(key)s' property '%(property)s' needs a string field without choices and the value true or "
    "false": field_case(properties_field("long", "flowdesk:multiline", "true")),
    "form field '%(key)s' constraint 'required_if' needs config 'other_field=value', got %(config)r": field_case(
        constrained_field("required_if", "yes")),
    "form field '%(key)s' has unknown constraint '%(name)s'; use one of %(names)s": field_case(
        constrained_field("pattern", "x+")),
    "form field '%(key)s' constraint '%(name)s' needs a number, got %(config)r": field_case(
        constrained_field("maxlength", "long")),
    "app/workflow/deployment.py:check_forms_build:str(exc)": Case(in_process('<bpmn:userTask id="x">' + extensions(
        "<camunda:formData>" + FIELD.format(id="n", type="long", more=' defaultValue="many"') + "</camunda:formData>")
        + "</bpmn:userTask>"), "x", "formField:n"),
    "the conditional event has no condition; write one such as ${approved}": Case(conditional(
        '<bpmn:condition xsi:type="bpmn:tFormalExpression"> </bpmn:condition>'), "x", "condition"),
    "engine/reading/parser.py:parse_conditional_event:str(error)": VARIABLE_EVENTS,
    "a multi-instance activity needs a loop cardinality or a camunda:collection": Case(in_process(
        '<bpmn:userTask id="x"><bpmn:multiInstanceLoopCharacteristics/></bpmn:userTask>'), "x", "loopCardinality"),
    "camunda:collection '{}' must name one variable (`items` or `${items}`); compute the list in an earlier step "
    "and name it here": Case(in_process(
        '<bpmn:userTask id="x"><bpmn:multiInstanceLoopCharacteristics camunda:collection="a b" '
        'camunda:elementVariable="item"/></bpmn:userTask>'), "x", "camunda:collection"),
    # input and output parameters
    "the %(tag)s '%(name)s' is computed by a script (%(format)s), which FlowDesk cannot run safely; give it a ${...} "
    "expression or a plain value, or do the work in an external task": COMPUTED_BY_SCRIPT,
    "the %(tag)s '%(name)s' is computed by a list, which FlowDesk does not read; give it a ${...} expression or a "
    "plain value, or do the work in an external task": parameter("list"),
    "the %(tag)s '%(name)s' is computed by a map, which FlowDesk does not read; give it a ${...} expression or a "
    "plain value, or do the work in an external task": parameter("map"),
    "engine/reading/camunda_extensions.py:check_parameters:COMPUTED_VALUES[kind]": COMPUTED_BY_SCRIPT,
    # messages sent
    "engine/events/message_throws.py:check_message_throws:what": MESSAGE_BY_CLASS,
    "the message is sent by camunda:%(attribute)s, a Java class, which FlowDesk does not run; remove it, and "
    "FlowDesk delivers the message named by messageRef itself (to the instance waiting for it, or by starting the "
    "process whose message start event waits for it)": MESSAGE_BY_CLASS,
    "the message is sent by camunda:%(attribute)s, a Java delegate, which FlowDesk does not run; remove it, and "
    "FlowDesk delivers the message named by messageRef itself (to the instance waiting for it, or by starting the "
    "process whose message start event waits for it)": message_thrown_by('delegateExpression="${sender}"'),
    "the message is sent by camunda:%(attribute)s, an expression calling into Java, which FlowDesk does not run; "
    "remove it, and FlowDesk delivers the message named by messageRef itself (to the instance waiting for it, or by "
    "starting the process whose message start event waits for it)": message_thrown_by('expression="${bean.send()}"'),
    "the message is sent by camunda:%(attribute)s, an implementation type FlowDesk does not run; write "
    'camunda:type="external" with a camunda:topic to make it an external task, or remove it, and FlowDesk delivers '
    "the message named by messageRef itself": message_thrown_by('type="connector"'),
    'the element sends no named message; give it a messageRef to a <bpmn:message name="...">, which FlowDesk then '
    "delivers": Case(events_around('<bpmn:intermediateThrowEvent id="x"><bpmn:messageEventDefinition/>'
                                   "</bpmn:intermediateThrowEvent>"), "x", "messageRef"),
    # signals
    "the event throws several event definitions at once (%(kinds)s), a multiple throw event that Camunda 7 does not "
    "run either; draw one throw event per definition, one after the other": Case(events_around(
        '<bpmn:intermediateThrowEvent id="x"><bpmn:messageEventDefinition messageRef="m"/>'
        '<bpmn:signalEventDefinition signalRef="s"/></bpmn:intermediateThrowEvent>'), "x", "eventDefinitions"),
    'the signal event names no signal; give it a signalRef to a <bpmn:signal name="..."> of the diagram': Case(
        signal_throw(""), "x", "signalRef"),
    "the signal '%(ref)s' has no name; give it one, which is what throws and catches match": Case(
        signal_throw(signal='<bpmn:signal id="s"/>'), "x", "signalRef"),
    "the signal name '%(name)s': %(reason)s": Case(
        signal_throw(signal='<bpmn:signal id="s" name="${a &gt;}"/>'), "x", "signalRef"),
    "the signal start event's name '%(name)s' holds an expression, which a process start has no variables to "
    "resolve; write the signal name plainly": Case(definitions('<bpmn:signal id="s" name="go-${a}"/>', process(
        "p", '<bpmn:startEvent id="start"><bpmn:signalEventDefinition signalRef="s"/></bpmn:startEvent>'
             '<bpmn:sequenceFlow id="f" sourceRef="start" targetRef="end"/><bpmn:endEvent id="end"/>')),
        "start", "signalRef"),
    'camunda:async="true" throws the signal in jobs of its own, which FlowDesk does not run; remove it, and '
    "FlowDesk delivers the signal in the thrower's step (Camunda's default)": Case(
        signal_throw('signalRef="s" camunda:async="true"'), "x", "camunda:async"),
    "camunda:in on a signal catch passes nothing; remove it (the signal's variables reach the catch as they are)":
        signal_in('<camunda:in variables="all"/>', tag="intermediateCatchEvent"),
    'camunda:in of a signal takes variables="all", or source or sourceExpression with a target; remove the other '
    "attributes": signal_in('<camunda:in local="true" source="a" target="b"/>'),
    'each camunda:in of a signal needs a target and one of source or sourceExpression (or variables="all"); complete '
    "it": signal_in('<camunda:in target="b"/>'),
    "camunda:in sourceExpression %(reason)s": signal_in('<camunda:in sourceExpression="${a &gt;}" target="b"/>'),
    # call activities
    "the call activity names no process to call; set calledElement to the id of the process it calls": Case(
        calling(""), "x", "calledElement"),
    "the called element '%(called)s' is an expression; name the process id it calls instead": Case(
        calling('calledElement="${which}"'), "x", "calledElement"),
    "calledElementBinding '%(binding)s' is not one of %(bindings)s": Case(
        calling('calledElement="other" camunda:calledElementBinding="newest"'), "x", "camunda:calledElementBinding"),
    'calledElementBinding="version" needs calledElementVersion, a version number (1, 2, ...), not \'%(text)s\'': Case(
        calling('calledElement="other" camunda:calledElementBinding="version"'), "x",
        "camunda:calledElementVersion"),
    "the call activity calls process '%(process)s', which is not deployed; deploy the file that holds it first, or "
    "in the same command (flowdesk deploy %(file)s <its file>)": NOT_DEPLOYED,
    "engine/reading/called_elements.py:missing_callee:VERSION_NOT_DEPLOYED if call.binding == 'version' else "
    "PROCESS_NOT_DEPLOYED": NOT_DEPLOYED,
    "the call activity calls version %(version)s of process '%(process)s', which is not deployed; deploy the file "
    "that holds it first, or in the same command (flowdesk deploy %(file)s <its file>)": Case(calling(
        'calledElement="elsewhere" camunda:calledElementBinding="version" camunda:calledElementVersion="2"'),
        "x", "calledElement"),
    "the call activity calls %(chain)s, which calls process '%(process)s' (call activity '%(call)s'), which is not "
    "deployed; deploy the file that holds '%(process)s' first, or in the same command": Case(
        calling('calledElement="b"'), "x", "calledElement", callees={"b": callee("b", 'calledElement="c"')}),
    "engine/reading/called_elements.py:missing_callee:VERSION_NOT_DEPLOYED_VIA if call.binding == 'version' else "
    "PROCESS_NOT_DEPLOYED_VIA": Case(
        calling('calledElement="b"'), "x", "calledElement", callees={"b": callee("b", 'calledElement="c"')}),
    "the call activity calls %(chain)s, which calls version %(version)s of process '%(process)s' (call activity "
    "'%(call)s'), which is not deployed; deploy the file that holds '%(process)s' first, or in the same command": Case(
        calling('calledElement="b"'), "x", "calledElement", callees={"b": callee(
            "b", 'calledElement="c" camunda:calledElementBinding="version" camunda:calledElementVersion="3"')}),
    "the call activity calls process '%(process)s' of %(file)s, which was refused; fix that file and deploy both "
    "again": Case(calling('calledElement="b"'), "x", "calledElement", together_with=definitions(
        process("b", around('<bpmn:serviceTask id="g" camunda:type="external"/>', "g", "b_")))),
    # Camunda Forms
    "it has both a form key and camunda:formData; keep one of them": Case(in_process(
        '<bpmn:userTask id="x" camunda:formKey="camunda-forms:deployment:f.form">' + extensions(
            "<camunda:formData>" + FIELD.format(id="a", type="string", more="") + "</camunda:formData>")
        + "</bpmn:userTask>"), "x", "camunda:formKey", {"f.form": b'{"components": []}'}),
    "camunda:formKey '%(key)s' names a form FlowDesk cannot show (it shows camunda:formData fields and Camunda "
    "Forms, not embedded, app: or custom forms); draw the fields as camunda:formData, or design a Camunda Form and "
    'use camunda:formKey="camunda-forms:deployment:NAME.form"': with_form("embedded:app:forms/a.html"),
    "the form '%(name)s' of camunda:formKey '%(key)s' was not deployed with the diagram; deploy the .form file in "
    "the same command as the diagram": with_form("camunda-forms:deployment:missing.form"),
    "no form with the id '%(id)s' (camunda:formRef) was deployed with the diagram; deploy its .form file in the "
    "same command as the diagram": Case(in_process('<bpmn:userTask id="x" camunda:formRef="f1"/>'), "x",
                                        "camunda:formRef"),
    "the form file '%(file)s' is not valid JSON (%(problem)s); export it again from the modeller": FORM_NOT_JSON,
    "engine/reading/camunda_forms.py:__call__:reason": FORM_NOT_JSON,
    "the form file '%(file)s' has no list of components; it is not a Camunda Form": with_form(
        "camunda-forms:deployment:f.form", {"title": "no components"}),
    "a component of its form is not a JSON object; export the form again from the modeller": with_form(
        "camunda-forms:deployment:f.form", {"components": [1]}),
    "its form has a '%(kind)s' component, which FlowDesk forms cannot show; use text field, text area, number, "
    "checkbox, select, radio or date": form_component({"type": "iframe", "key": "a"}),
    "its form's %(kind)s component has the key %(key)r; give it a key of letters, digits and _": form_component(
        {"type": "textfield", "key": "1a"}),
    "form field '%(key)s' uses '%(option)s', which FlowDesk forms cannot do; remove it": form_component(
        {"type": "textfield", "key": "a", "conditional": {"hide": "=b"}}),
    "form field '%(key)s' has no values to choose from; add static options in the modeller": form_component(
        {"type": "select", "key": "a", "values": []}),
    "number field '%(key)s' accepts decimals, which FlowDesk forms cannot hold; set its decimal digits to 0 in the "
    "modeller, or use a text field": form_component({"type": "number", "key": "a"}),
    "date/time field '%(key)s' asks for a time of day alone (%(subtype)s), which FlowDesk forms cannot hold; make "
    "it a date or a date and time field, or use a text field": form_component(
        {"type": "datetime", "key": "a", "subtype": "time"}),
    "form field '%(key)s' has a '%(rule)s' rule, which FlowDesk forms cannot check; remove it": form_component(
        {"type": "textfield", "key": "a", "validate": {"pattern": "x+"}}),
}


def problems_of_case(runtime: Runtime, case: Case) -> list[DiagramRefused]:
    """Check the case's diagram as a deployment would; return every problem found."""
    try:
        if case.together_with is not None:
            _, refused = deploy_each(runtime, [(case.content, "case.bpmn"), (case.together_with, "b.bpmn")], "olga")
            return [problem for refusal in refused if isinstance(refusal, DiagramRefused)
                    for problem in refusal.problems if refusal.file_name == "case.bpmn"]
        if case.callees is not None:
            runtime.engine.parse(case.content, "case.bpmn", case.callees, forms=case.forms)
        else:
            check_forms_build(parse_with_callees(runtime, case.content, "case.bpmn", case.forms), "case.bpmn")
    except DiagramRefused as refused:
        return list(refused.problems)
    return []


def says(key: str) -> Callable[[DiagramRefused], bool]:
    """Return a test of whether a problem is the one a rule key names (any, for a rule whose reason comes from
    elsewhere)."""
    if re.match(r"^(engine|app)/[\w/]+\.py:", key):
        return lambda problem: True
    if "{}" in key:
        pattern = re.compile(".*".join(re.escape(part) for part in key.split("{}")) + "$", re.DOTALL)
        return lambda problem: bool(pattern.match(problem.reason))
    return lambda problem: problem.template == key


def test_every_refusal_rule_of_the_code_has_a_case_here() -> None:
    rules = rule_keys()
    assert len(rules) > 70  # the reading found the rules
    missing = {key: where for key, where in rules.items() if key not in CASES and key not in UNREACHABLE}
    assert missing == {}, "add a Case for each of these rules (key: where it is)"
    assert sorted(set(CASES) - set(rules)) == [], "these cases name no rule of the code any more; delete them"


@pytest.mark.parametrize("key", sorted(CASES), ids=lambda key: key[:60])
def test_every_refusal_lands_on_its_element_and_property(runtime, key: str) -> None:
    case = CASES[key]
    problems = problems_of_case(runtime, case)
    assert problems, "the diagram was not refused"
    landed = [(problem.element_id, problem.property) for problem in problems if says(key)(problem)]
    assert (case.element_id, case.property) in landed, [(p.element_id, p.property, p.reason) for p in problems]
