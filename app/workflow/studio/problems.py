"""What a diagram check says of one element: a refusal or a warning, in the reader's language."""
from dataclasses import dataclass


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
