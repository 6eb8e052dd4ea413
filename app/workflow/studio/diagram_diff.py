"""Compare two diagrams element by element: what was added, removed and changed (with every property that changed,
camunda: attributes, form fields, timers and conditions included), and what only moved on the canvas.

Pure: it takes the two files and reads nothing else. The modeller's "what changed" before a deployment and the
page comparing two versions both ask it, and the viewers only colour the element ids it reports.
"""
from dataclasses import dataclass

from app.workflow.studio.diagram_facts import ElementFacts, read_elements, read_layout
from engine.reading.diagram import read_xml

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
MOVED = "moved"
TYPE_PROPERTY = "type"


@dataclass(frozen=True)
class PropertyChange:
    """One property of an element, before and after (None where it was not set)."""

    name: str
    before: str | None
    after: str | None

    def to_dict(self) -> dict[str, str | None]:
        """Return JSON-able data."""
        return {"name": self.name, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class ElementChange:
    """An element added, removed or changed (with its changed properties), or only moved on the canvas."""

    kind: str
    element_id: str
    element_type: str
    name: str
    properties: tuple[PropertyChange, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data."""
        return {"kind": self.kind, "element_id": self.element_id, "element_type": self.element_type,
                "name": self.name, "properties": [change.to_dict() for change in self.properties]}


@dataclass(frozen=True)
class DiagramDiff:
    """What differs between two diagrams; moved holds the elements whose only change is their layout."""

    added: tuple[ElementChange, ...]
    removed: tuple[ElementChange, ...]
    changed: tuple[ElementChange, ...]
    moved: tuple[ElementChange, ...]

    @property
    def is_empty(self) -> bool:
        """Say whether the two diagrams say the same, and draw it the same."""
        return not (self.added or self.removed or self.changed or self.moved)

    @property
    def markers(self) -> dict[str, list[str]]:
        """Return the element ids to mark, by kind."""
        return {kind: [change.element_id for change in getattr(self, kind)]
                for kind in (ADDED, REMOVED, CHANGED, MOVED)}

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data."""
        return {kind: [change.to_dict() for change in getattr(self, kind)] for kind in (ADDED, REMOVED, CHANGED, MOVED)}


def compare_diagrams(before: bytes, after: bytes, max_bytes: int | None = None) -> DiagramDiff:
    """Return what differs from the diagram `before` to the diagram `after`.

    Raises DiagramRefused when either is not well-formed XML (or is too large), as a deployment would.
    """
    old_root, new_root = read_xml(before, "before.bpmn", max_bytes), read_xml(after, "after.bpmn", max_bytes)
    old, new = read_elements(old_root), read_elements(new_root)
    old_layout, new_layout = read_layout(old_root), read_layout(new_root)
    added = [whole(ADDED, new[key]) for key in sorted(new.keys() - old.keys())]
    removed = [whole(REMOVED, old[key]) for key in sorted(old.keys() - new.keys())]
    changed, moved = [], []
    for key in sorted(old.keys() & new.keys()):
        properties = changed_properties(old[key], new[key])
        if properties:
            changed.append(ElementChange(CHANGED, key, new[key].element_type, new[key].name or old[key].name,
                                         properties))
        elif old_layout.get(key) != new_layout.get(key):
            moved.append(ElementChange(MOVED, key, new[key].element_type, new[key].name,
                                       (PropertyChange("layout", old_layout.get(key), new_layout.get(key)),)))
    return DiagramDiff(tuple(added), tuple(removed), tuple(changed), tuple(moved))


def whole(kind: str, element: ElementFacts) -> ElementChange:
    """Return an element added or removed as a whole."""
    return ElementChange(kind, element.element_id, element.element_type, element.name)


def changed_properties(old: ElementFacts, new: ElementFacts) -> tuple[PropertyChange, ...]:
    """Return every property whose value differs between two states of one element, its type first."""
    changes = []
    if old.element_type != new.element_type:
        changes.append(PropertyChange(TYPE_PROPERTY, old.element_type, new.element_type))
    for name in sorted(old.properties.keys() | new.properties.keys()):
        before, after = old.properties.get(name), new.properties.get(name)
        if before != after:
            changes.append(PropertyChange(name, before, after))
    return tuple(changes)
