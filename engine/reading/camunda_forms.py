"""Read camunda:formKey: Camunda Forms (.form JSON deployed beside the diagram) become FlowDesk form fields.

A `camunda-forms:deployment:NAME.form` (or `camunda-forms:app:NAME.form`) key is resolved against the
form files deployed in the same command, and its components are written into the parsed tree as the
camunda:formData that FlowDesk's forms already read; text components join the element's
documentation. Every other key (embedded: and app: HTML forms, custom keys) and every component
FlowDesk cannot show as Camunda would is refused, naming the element and what to change.
"""
import json
import re
from collections.abc import Mapping
from typing import Any

from lxml import etree

from engine.errors import DiagramRefused, refusal
from engine.reading.findings import Findings
from engine.reading.form_fields import MULTILINE_PROPERTY, TIME_PROPERTY

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
FORM_KEY_PREFIXES = ("camunda-forms:deployment:", "camunda-forms:app:")
FIELD_TYPES = {"textfield": "string", "textarea": "string", "number": "long", "checkbox": "boolean",
               "select": "enum", "radio": "enum", "datetime": "date"}
LAYOUT_TYPES = ("button", "spacer", "separator")  # nothing to fill in, nothing to read
KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
Forms = Mapping[str, bytes]


def inline_forms(root: etree._Element, file_name: str, forms: Forms, findings: Findings) -> None:
    """Replace every camunda:formKey / camunda:formRef in the tree by the form fields it names."""
    for node in root.iter(f"{{{BPMN_NS}}}userTask", f"{{{BPMN_NS}}}startEvent"):
        with findings.read_on():
            inline_form(node, file_name, forms)


def inline_form(node: etree._Element, file_name: str, forms: Forms) -> None:
    """Replace one element's camunda:formKey / camunda:formRef by the form fields it names."""
    key = node.get(f"{{{CAMUNDA_NS}}}formKey")
    reference = node.get(f"{{{CAMUNDA_NS}}}formRef")
    if key is None and reference is None:
        return
    refuse = Refusal(file_name, node.get("id"), "camunda:formKey" if key is not None else "camunda:formRef")
    has_fields = node.find(f"{{{BPMN_NS}}}extensionElements/{{{CAMUNDA_NS}}}formData") is not None
    if key is not None and has_fields and is_form_name(key):
        return  # a plain name beside drawn fields (older modellers' "Form Key"): the drawn fields are the form
    schema = form_by_key(key, forms, refuse) if key is not None else form_by_id(reference or "", forms, refuse)
    if has_fields:
        raise refuse(refusal("it has both a form key and camunda:formData; keep one of them"))
    write_form(node, components_of(schema, refuse), refuse)


def is_form_name(key: str) -> bool:
    """Say whether a form key is a plain name (no embedded:, app:, camunda-forms: or other scheme, no path)."""
    return ":" not in key and "/" not in key and not key.strip().endswith((".html", ".form", ".jsf"))


class Refusal:
    """Build the DiagramRefused for one element."""

    def __init__(self, file_name: str, element_id: str | None, prop: str) -> None:
        self.file_name, self.element_id, self.property = file_name, element_id, prop

    def __call__(self, reason: str, params: Mapping[str, object] | None = None) -> DiagramRefused:
        """Return the refusal with this reason (a template filled from params), about the form key or reference."""
        return DiagramRefused(self.file_name, self.element_id, reason, params, self.property)


def form_by_key(key: str, forms: Forms, refuse: Refusal) -> dict[str, Any]:
    """Return the Camunda Form a camunda:formKey names, or refuse keys FlowDesk cannot show."""
    prefix = next((prefix for prefix in FORM_KEY_PREFIXES if key.startswith(prefix)), None)
    if prefix is None:
        raise refuse(refusal(
            "camunda:formKey '%(key)s' names a form FlowDesk cannot show (it shows camunda:formData fields and Camunda "
            "Forms, not embedded, app: or custom forms); draw the fields as camunda:formData, or design a Camunda Form "
            "and use camunda:formKey=\"camunda-forms:deployment:NAME.form\""), {"key": key})
    name = key.removeprefix(prefix)
    for file_name in (name, name.rsplit("/", 1)[-1]):
        if file_name in forms:
            return read_schema(file_name, forms[file_name], refuse)
    raise refuse(refusal("the form '%(name)s' of camunda:formKey '%(key)s' was not deployed with the diagram; "
                 "deploy the .form file in the same command as the diagram"), {"name": name, "key": key})


def form_by_id(form_id: str, forms: Forms, refuse: Refusal) -> dict[str, Any]:
    """Return the Camunda Form deployed beside the diagram whose id camunda:formRef names."""
    for file_name, content in forms.items():
        schema = read_schema(file_name, content, refuse)
        if schema.get("id") == form_id:
            return schema
    raise refuse(refusal("no form with the id '%(id)s' (camunda:formRef) was deployed with the diagram; "
                 "deploy its .form file in the same command as the diagram"), {"id": form_id})


def read_schema(file_name: str, content: bytes, refuse: Refusal) -> dict[str, Any]:
    """Parse a .form file, refusing one that is not a Camunda Forms JSON document."""
    try:
        schema = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise refuse(refusal("the form file '%(file)s' is not valid JSON (%(problem)s); export it again from the "
                             "modeller"), {"file": file_name, "problem": exc}) from None
    if not isinstance(schema, dict) or not isinstance(schema.get("components"), list):
        raise refuse(refusal("the form file '%(file)s' has no list of components; it is not a Camunda Form"),
                     {"file": file_name})
    return schema


def components_of(schema: Mapping[str, Any], refuse: Refusal) -> list[Mapping[str, Any]]:
    """Return the form's components in order, with the components of groups in their place."""
    found: list[Mapping[str, Any]] = []
    for component in schema.get("components") or []:
        if not isinstance(component, Mapping):
            raise refuse(refusal("a component of its form is not a JSON object; export the form again from the "
                                 "modeller"))
        if component.get("type") == "group":
            found.extend(components_of(component, refuse))
        else:
            found.append(component)
    return found


def write_form(node: etree._Element, components: list[Mapping[str, Any]], refuse: Refusal) -> None:
    """Write the components as camunda:formData (and text as documentation) into the element."""
    extensions = node.find(f"{{{BPMN_NS}}}extensionElements")
    if extensions is None:
        extensions = etree.Element(f"{{{BPMN_NS}}}extensionElements")
        node.insert(len(node.findall(f"{{{BPMN_NS}}}documentation")), extensions)  # the schema's order
    form_data = etree.SubElement(extensions, f"{{{CAMUNDA_NS}}}formData")
    texts = []
    for component in components:
        kind = component.get("type")
        if kind == "text":
            texts.append(str(component.get("text") or "").strip())
        elif kind not in LAYOUT_TYPES:
            form_data.append(form_field(component, refuse))
    if any(texts):
        add_documentation(node, "\n\n".join(text for text in texts if text))


def form_field(component: Mapping[str, Any], refuse: Refusal) -> etree._Element:
    """Return the camunda:formField for one input component, or refuse one FlowDesk cannot show."""
    kind, key = component.get("type"), component.get("key")
    if kind not in FIELD_TYPES:
        raise refuse(refusal("its form has a '%(kind)s' component, which FlowDesk forms cannot show; use text field, "
                             "text area, number, checkbox, select, radio or date"), {"kind": kind})
    if not isinstance(key, str) or not KEY.fullmatch(key):
        raise refuse(refusal("its form's %(kind)s component has the key %(key)r; give it a key of letters, digits "
                             "and _"), {"kind": kind, "key": key})
    for unsupported in ("conditional", "valuesKey", "valuesExpression", "appearance"):
        if component.get(unsupported):
            raise refuse(refusal("form field '%(key)s' uses '%(option)s', which FlowDesk forms cannot do; remove it"),
                         {"key": key, "option": unsupported})
    field = etree.Element(f"{{{CAMUNDA_NS}}}formField", id=key, label=str(component.get("label") or key),
                          type=FIELD_TYPES[kind])
    type_details(field, component, refuse)
    flag = flag_property(component)
    if flag is not None:
        properties = etree.SubElement(field, f"{{{CAMUNDA_NS}}}properties")
        etree.SubElement(properties, f"{{{CAMUNDA_NS}}}property", id=flag, value="true")
    default = component.get("defaultValue")
    if default not in (None, ""):
        field.set("defaultValue", ("true" if default else "false") if isinstance(default, bool) else str(default))
    write_constraints(field, component, refuse)
    return field


def flag_property(component: Mapping[str, Any]) -> str | None:
    """Return the FlowDesk property a component's field carries (engine/reading/form_fields.py), or None: a text
    area is prose (flowdesk:multiline), a date and time asks for a time of day too (flowdesk:time)."""
    if component.get("type") == "textarea":
        return MULTILINE_PROPERTY
    if component.get("type") == "datetime" and component.get("subtype") == "datetime":
        return TIME_PROPERTY
    return None


def type_details(field: etree._Element, component: Mapping[str, Any], refuse: Refusal) -> None:
    """Check and write what a component type needs beyond its FlowDesk type: options, whole numbers, dates."""
    kind, key = component.get("type"), field.get("id")
    if kind in ("select", "radio"):
        values = component.get("values") or []
        if not values:
            raise refuse(refusal("form field '%(key)s' has no values to choose from; add static options in the "
                                 "modeller"), {"key": key})
        for option in values:
            etree.SubElement(field, f"{{{CAMUNDA_NS}}}value", id=str(option.get("value")),
                             name=str(option.get("label") or option.get("value")))
    if kind == "number" and component.get("decimalDigits") != 0:
        raise refuse(refusal("number field '%(key)s' accepts decimals, which FlowDesk forms cannot hold; set its "
                             "decimal digits to 0 in the modeller, or use a text field"), {"key": key})
    if kind == "datetime" and component.get("subtype", "date") not in ("date", "datetime"):
        raise refuse(refusal("date/time field '%(key)s' asks for a time of day alone (%(subtype)s), which FlowDesk "
                             "forms cannot hold; make it a date or a date and time field, or use a text field"),
                     {"key": key, "subtype": component.get("subtype")})


def write_constraints(field: etree._Element, component: Mapping[str, Any], refuse: Refusal) -> None:
    """Write required, read-only, length and range rules as camunda:validation constraints."""
    rules = dict(component.get("validate") or {})
    key = field.get("id")
    for unsupported in ("pattern", "validationType"):
        if rules.get(unsupported):
            raise refuse(refusal("form field '%(key)s' has a '%(rule)s' rule, which FlowDesk forms cannot check; "
                                 "remove it"), {"key": key, "rule": unsupported})
    constraints: list[tuple[str, str | None]] = [("required", None)] if rules.get("required") else []
    if component.get("readonly") or component.get("disabled"):
        constraints.append(("readonly", None))
    for rule, name in (("minLength", "minlength"), ("maxLength", "maxlength"), ("min", "min"), ("max", "max")):
        if rules.get(rule) not in (None, ""):
            constraints.append((name, str(rules[rule])))
    if constraints:
        validation = etree.SubElement(field, f"{{{CAMUNDA_NS}}}validation")
        for name, config in constraints:
            constraint = etree.SubElement(validation, f"{{{CAMUNDA_NS}}}constraint", name=name)
            if config is not None:
                constraint.set("config", config)


def add_documentation(node: etree._Element, text: str) -> None:
    """Append text to the element's documentation, creating it first when there is none."""
    documentation = node.find(f"{{{BPMN_NS}}}documentation")
    if documentation is None:
        documentation = etree.Element(f"{{{BPMN_NS}}}documentation")
        node.insert(0, documentation)
    documentation.text = "\n\n".join(part for part in ((documentation.text or "").strip(), text) if part)
