"""What a stored diagram tells people: element names, process documentation, start events and every flow.

Read from the XML as deployed (with the engine's safe XML reader) and kept per content hash, so
pages that name steps do not parse a diagram on every request.
"""
from dataclasses import dataclass, field

from lxml import etree
from sqlalchemy import select

from app.extensions import db
from app.platform.errors import NotFound
from app.workflow.diagram_translations import DiagramTranslations, read_translations
from app.workflow.models import ProcessDefinition, ProcessInstance
from engine.reading.diagram import BPMN, read_xml
from engine.reading.parser import CAMUNDA
from engine.reading.preparation import name_unnamed_flows

CACHE_SIZE = 256
Flows = dict[str, tuple[tuple[str, str], ...]]  # source element id -> ((flow id, target id), ...)
TIMER_KINDS = {"timeDate": "date", "timeDuration": "duration", "timeCycle": "cycle"}


@dataclass(frozen=True)
class TimerText:
    """A timer event as drawn: its id, the element it is attached to (None: it stands in the flow), its kind
    (date, duration, cycle) and its text (a literal or an expression)."""

    element_id: str
    attached_to: str | None
    kind: str
    text: str


@dataclass(frozen=True)
class DiagramText:
    """The readable parts of one process of a diagram."""

    process_id: str
    name: str
    documentation: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # element id -> name as drawn
    kinds: dict[str, str] = field(default_factory=dict)  # element id -> BPMN element name (userTask, ...)
    timers: frozenset[str] = frozenset()  # events that wait for a timer
    start_events: frozenset[str] = frozenset()  # the process's own start events, not a sub-process's
    flows: Flows = field(default_factory=dict)  # every sequence flow, sub-processes included
    parents: dict[str, str] = field(default_factory=dict)  # element id -> the sub-process that holds it
    translations: DiagramTranslations = field(default_factory=DiagramTranslations)
    starter_groups: frozenset[str] = frozenset()  # camunda:candidateStarterGroups: only they may start it
    starter_users: frozenset[str] = frozenset()  # camunda:candidateStarterUsers
    timer_texts: dict[str, TimerText] = field(default_factory=dict)  # timer event id -> its definition

    def name_of(self, element_id: str | None) -> str:
        """Return an element's name as drawn, or its id when it has none."""
        if not element_id:
            return ""
        return self.names.get(element_id) or element_id


_cache: dict[tuple[str, str], DiagramText] = {}


def text_of_definition(definition_id: int) -> DiagramText:
    """Return the readable parts of a stored process version (parsed once per content)."""
    row = db.session.execute(
        select(ProcessDefinition.process_id, ProcessDefinition.name, ProcessDefinition.content_hash)
        .where(ProcessDefinition.id == definition_id)).first()
    if row is None:
        raise NotFound(f"Process version {definition_id} does not exist.")
    key = (row.content_hash, row.process_id)
    if key not in _cache:
        xml = db.session.execute(
            select(ProcessDefinition.bpmn_xml).where(ProcessDefinition.id == definition_id)).scalar_one()
        if len(_cache) >= CACHE_SIZE:
            _cache.clear()
        _cache[key] = read_diagram_text(xml, row.process_id, row.name)
    return _cache[key]


def read_diagram_text(xml: bytes, process_id: str, name: str = "") -> DiagramText:
    """Read names, documentation, start events and flows of one process from diagram XML."""
    root = read_xml(xml, f"{process_id}.bpmn", max_bytes=len(xml))
    name_unnamed_flows(root)  # the same ids the engine gives them, so history's flow ids are found here
    process = next((p for p in root.iter(BPMN + "process") if p.get("id") == process_id), None)
    if process is None:
        return DiagramText(process_id, name or process_id)
    names, kinds, timers, parents = {}, {}, set(), {}
    timer_texts: dict[str, TimerText] = {}
    flows: dict[str, list[tuple[str, str]]] = {}
    for node in process.iter(etree.Element):
        element_id = node.get("id")
        if not element_id or etree.QName(node).namespace != BPMN[1:-1]:
            continue
        kind = etree.QName(node).localname
        names[element_id] = (node.get("name") or "").strip()
        kinds[element_id] = kind
        definition = node.find(BPMN + "timerEventDefinition")
        if definition is not None:
            timers.add(element_id)
            timer_texts.update(timer_text_of(node, definition))
        container = node.getparent()
        if container is not None and etree.QName(container).localname == "subProcess":
            parents[element_id] = container.get("id", "")
        if kind == "sequenceFlow":
            flows.setdefault(node.get("sourceRef", ""), []).append((element_id, node.get("targetRef", "")))
    starts = {node.get("id") for node in process.findall(BPMN + "startEvent")}
    return DiagramText(process_id, name or process.get("name") or process_id, process_documentation(process),
                       names, kinds, frozenset(timers), frozenset(s for s in starts if s),
                       {source: tuple(items) for source, items in flows.items()}, parents, read_translations(process),
                       listed(process.get(CAMUNDA + "candidateStarterGroups")),
                       listed(process.get(CAMUNDA + "candidateStarterUsers")), timer_texts)


def timer_text_of(node: etree._Element, definition: etree._Element) -> dict[str, TimerText]:
    """Return a timer event's definition by its id (nothing when it draws no date, duration or cycle)."""
    for child in definition:
        kind = TIMER_KINDS.get(etree.QName(child).localname)
        if kind is not None and (child.text or "").strip():
            element_id = node.get("id", "")
            return {element_id: TimerText(element_id, node.get("attachedToRef"), kind, (child.text or "").strip())}
    return {}


def listed(text: str | None) -> frozenset[str]:
    """Return the names of a comma-separated attribute ('a, b' -> {'a', 'b'})."""
    return frozenset(name.strip() for name in (text or "").split(",") if name.strip())


def process_documentation(process: etree._Element) -> str | None:
    """Return the process's own documentation text, if it has any."""
    node = process.find(BPMN + "documentation")
    if node is None or not (node.text or "").strip():
        return None
    return (node.text or "").strip()


def element_name_in_language(instance_id: int, element_id: str, drawn: str, locale: str) -> str:
    """Return the name of an element of an instance's diagram in a locale, as the diagram translates it."""
    definition_id = db.session.execute(
        select(ProcessInstance.definition_id).where(ProcessInstance.id == instance_id)).scalar()
    if definition_id is None:
        return drawn
    return text_of_definition(definition_id).translations.name(element_id, locale, drawn)
