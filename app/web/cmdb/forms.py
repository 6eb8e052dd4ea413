"""The CMDB pages' forms: the CI list's filters, a CI with its type's attributes, relations, CI types, CSV."""
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, Field, FieldList, Form, FormField, HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Regexp, ValidationError

from app.cmdb.values import ATTRIBUTE_TYPES, CI_STATUSES, AttributeDefinition
from app.platform.errors import NotFound
from app.servicedesk.tickets.by_ci import require_ticket_number
from app.web.admin.forms import NAME_SYNTAX, strip, text_field

# The words people read for the stored values; templates use the same msgids (cmdb/_macros.html).
STATUS_LABELS = {"planned": _l("Planned"), "active": _l("Active"), "maintenance": _l("In maintenance"),
                 "retired": _l("Retired")}
ATTRIBUTE_TYPE_LABELS = {"string": _l("Text"), "integer": _l("Whole number"), "boolean": _l("Yes or no"),
                         "date": _l("Date"), "enum": _l("Choice from a list")}
# A relation as seen from the CI whose page it is: direction:kind -> words.
RELATION_CHOICES = {"outgoing:depends_on": _l("depends on"), "outgoing:runs_on": _l("runs on"),
                    "outgoing:connected_to": _l("is connected to"), "incoming:depends_on": _l("is needed by"),
                    "incoming:runs_on": _l("hosts")}
ATTRIBUTE_PREFIX = "attr_"
EMPTY_ROWS = 3  # blank attribute rows offered on the CI type form


def check_ticket(_form: FlaskForm, field: Field) -> None:
    """Refuse a number that names no ticket; keep a known one as stored (INC-000123)."""
    if not field.data:
        return
    try:
        field.data = require_ticket_number(field.data)
    except NotFound:
        # gettext, not lazy_gettext: a lazy string counts as safe HTML, and the number is the visitor's input.
        raise ValidationError(_("There is no ticket %(number)s. Check the number, or leave the field empty.",
                                number=field.data)) from None


class CiFilterForm(FlaskForm):
    """The CI list's search and filters (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name"))
    type = SelectField(_l("Type"), choices=[], validate_choice=False)
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    owner_group = SelectField(_l("Owner group"), choices=[], validate_choice=False)
    location = StringField(_l("Location"))
    after = HiddenField()


class CiForm(FlaskForm):
    """A CI's own fields; ci_form_class adds one field per attribute of its type."""

    # The CMDB service checks name, status, location and the attributes, and says what is wrong with each.
    name = text_field(_l("Name"))
    status = SelectField(_l("Status"), choices=[SelectChoice(s, STATUS_LABELS[s]) for s in CI_STATUSES],
                         validate_choice=False)
    owner_group = SelectField(_l("Owner group"), choices=[], validate_choice=True)
    location = text_field(_l("Location"))
    ticket = text_field(_l("From ticket"), Length(max=40), check_ticket)

    def attribute_fields(self) -> list[Field]:
        """Return the attribute fields in the type's order."""
        return [field for field in self if field.name.startswith(ATTRIBUTE_PREFIX)]

    def values(self) -> dict[str, Any]:
        """Return what the form sets, in the shape the CMDB services take."""
        attributes = {field.name.removeprefix(ATTRIBUTE_PREFIX): field.data or None
                      for field in self.attribute_fields()}
        return {"name": self.name.data or "", "status": self.status.data, "owner_group": self.owner_group.data or None,
                "location": self.location.data or None, "attributes": attributes}


def attribute_field(definition: AttributeDefinition) -> Field:
    """Return the input of one attribute; the CMDB service checks the value and says what is wrong."""
    if definition.type == "boolean":
        return SelectField(definition.label, choices=[SelectChoice("", "–"), SelectChoice("true", _l("Yes")),
                                                      SelectChoice("false", _l("No"))], validate_choice=False)
    if definition.type == "enum":
        return SelectField(definition.label, choices=[SelectChoice("", "–")]
                           + [SelectChoice(option) for option in definition.options], validate_choice=False)
    return StringField(definition.label, filters=[strip])


def ci_form_class(definitions: list[AttributeDefinition]) -> type[CiForm]:
    """Return a CI form class with one field per attribute definition, named attr_<name>."""
    fields = {ATTRIBUTE_PREFIX + d.name: attribute_field(d) for d in definitions}
    return type("TypedCiForm", (CiForm,), fields)


def owner_group_choices(groups: list[str], current: str | None) -> list[SelectChoice]:
    """Offer the groups (and a current owner that is no group any more, so saving keeps it)."""
    names = list(groups) + ([current] if current and current not in groups else [])
    return [SelectChoice("", _("(no owner group)"))] + [SelectChoice(name) for name in names]


class RelationForm(FlaskForm):
    """A new relation between the CI of the page and another one, named by type and name."""

    relation = SelectField(_l("Relation"), choices=[SelectChoice(k, v) for k, v in RELATION_CHOICES.items()])
    target_type = SelectField(_l("Type of the other CI"), choices=[], validate_choice=False)
    target_name = text_field(_l("Name of the other CI"), Length(max=200),
                             required=_l("Enter the name of the other configuration item."))


class AttributeRowForm(Form):
    """One attribute definition of a CI type (a row of the type form; blank rows are ignored)."""

    name = StringField(_l("Attribute name"), filters=[strip])
    label = StringField(_l("Label"), filters=[strip])
    # The CMDB service checks the kind (and says which kinds there are); a row not posted at all is blank.
    type = SelectField(_l("Kind of value"), default="string", validate_choice=False,
                       choices=[SelectChoice(t, ATTRIBUTE_TYPE_LABELS[t]) for t in ATTRIBUTE_TYPES])
    required = BooleanField(_l("Required"))
    options = StringField(_l("Choices (comma-separated)"))

    def is_blank(self) -> bool:
        """Say whether nothing was typed into the row."""
        return not (self.name.data or self.label.data or self.options.data)

    def definition(self) -> dict[str, Any]:
        """Return the row as the CMDB service reads an attribute definition."""
        options = [option.strip() for option in (self.options.data or "").split(",") if option.strip()]
        return {"name": self.name.data or "", "label": self.label.data or "", "type": self.type.data,
                "required": bool(self.required.data), "options": options}


class CiTypeForm(FlaskForm):
    """A CI type: its name, display name and attribute definitions."""

    name = text_field(_l("Name"), Length(max=100), Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", message=NAME_SYNTAX),
                      required=_l("Enter a name."))
    display_name = text_field(_l("Display name"), Length(max=200))
    attributes = FieldList(FormField(AttributeRowForm), min_entries=EMPTY_ROWS)

    def definitions(self) -> list[dict[str, Any]]:
        """Return the filled-in attribute rows as definitions."""
        return [row.form.definition() for row in self.attributes if not row.form.is_blank()]


class ImportForm(FlaskForm):
    """A CSV file of CIs of one type to create or update."""

    type = SelectField(_l("CI type"), choices=[], validate_choice=True)
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file to import."))])
    ticket = text_field(_l("From ticket"), Length(max=40), check_ticket)


class ExportForm(FlaskForm):
    """Which CI type to download as CSV (GET, no CSRF)."""

    class Meta:
        csrf = False

    type = SelectField(_l("CI type"), choices=[], validate_choice=False)
