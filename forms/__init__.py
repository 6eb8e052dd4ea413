"""Forms drawn in BPMN diagrams: build WTForms classes from FieldSpecs and validate submitted values."""
from forms.generation import build_form_class
from forms.submission import asks_for_moment, parse_cli_assignments, validate_values

__all__ = ["asks_for_moment", "build_form_class", "parse_cli_assignments", "validate_values"]
