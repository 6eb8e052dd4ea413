"""Form fields whose values come from the installation's own data (camunda:property id="choices").

The workflow domain knows only the registry: the domains that own the data register a source under the
name a diagram writes (groups, categories, configuration items...), and the app factory wires them in,
as it wires the topics. An enum field gets its options from its source when it is shown and checked; a
string field keeps free text that must name an existing record, checked on submission.
"""
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.views import FieldSpec

Options = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ChoiceSource:
    """Where one kind of choice comes from: its options now, whether a value names a record, and its noun;
    label says what it offers in the reader's language (a lazy text), for the modeller's panel."""

    options: Callable[[], Options]
    exists: Callable[[str], bool]
    noun: str
    label: object = ""


@dataclass
class FormChoices:
    """The choice sources a diagram's fields may name, by name."""

    sources: dict[str, ChoiceSource] = field(default_factory=dict)

    def register(self, name: str, source: ChoiceSource) -> None:
        """Offer a source of choices under the name diagrams write in camunda:property id="choices"."""
        self.sources[name] = source

    def live_fields(self, fields: Sequence[FieldSpec]) -> tuple[FieldSpec, ...]:
        """Return the fields with each data-backed enum's options read from their source now."""
        return tuple(dataclasses.replace(spec, options=self.sources[spec.choices].options())
                     if spec.choices in self.sources and spec.type == "enum" else spec
                     for spec in fields)

    def lookup_errors(self, fields: Sequence[FieldSpec], clean: Mapping[str, Any]) -> dict[str, list[str]]:
        """Return an error for every data-backed string field whose value names no existing record."""
        errors: dict[str, list[str]] = {}
        for spec in fields:
            value = clean.get(spec.id)
            source = self.sources.get(spec.choices) if spec.choices is not None else None
            if spec.type != "string" or source is None or spec.readonly or not value:
                continue
            if not source.exists(str(value)):
                errors[spec.id] = [f"There is no {source.noun} called '{value}'; check the spelling or "
                                   "leave it empty."]
        return errors
