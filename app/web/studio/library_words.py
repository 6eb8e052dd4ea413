"""The modeller libraries' own words (bpmn-js, its properties panel, lint and minimap) in the reader's language.

bpmn-js asks its translate service for each English text it shows; the page's script answers from this table
and leaves a text it does not know in English.
"""
from flask_babel import gettext as _


def library_words() -> dict[str, str]:
    """Return the most visible English texts of the modeller libraries with their translation."""
    return {
        "Activate hand tool": _("Activate hand tool"),
        "Activate lasso tool": _("Activate lasso tool"),
        "Activate create/remove space tool": _("Activate create/remove space tool"),
        "Activate global connect tool": _("Activate global connect tool"),
        "Create start event": _("Create start event"),
        "Create intermediate/boundary event": _("Create intermediate/boundary event"),
        "Create end event": _("Create end event"),
        "Create gateway": _("Create gateway"),
        "Create task": _("Create task"),
        "Create expanded sub-process": _("Create expanded sub-process"),
        "Create data object reference": _("Create data object reference"),
        "Create data store reference": _("Create data store reference"),
        "Create pool/participant": _("Create pool/participant"),
        "Create group": _("Create group"),
        "Append task": _("Append task"),
        "Append end event": _("Append end event"),
        "Append gateway": _("Append gateway"),
        "Append intermediate/boundary event": _("Append intermediate/boundary event"),
        "Add text annotation": _("Add text annotation"),
        "Change element": _("Change element"),
        "Connect to other element": _("Connect to other element"),
        "Delete": _("Delete"),
        "Open minimap": _("Open minimap"),
        "Close minimap": _("Close minimap"),
        "Search in diagram": _("Search in diagram"),
        "Toggle linting overlays": _("Toggle linting overlays"),
        "Issues for child elements": _("Issues for child elements"),
        "No Issues": _("No Issues"),
        "{errors} Errors, {warnings} Warnings": _("{errors} Errors, {warnings} Warnings"),
        "Sequence flow is missing condition": _("Sequence flow is missing condition"),
        # app/static/modeller/bpmnlint-plugin-flowdesk/rules/gateway-conditions.js
        "This flow leaves an exclusive gateway without a condition and is not its default flow; give it a condition "
        "such as ${approved}, or make it the default flow.": _(
            "This flow leaves an exclusive gateway without a condition and is not its default flow; give it a "
            "condition such as ${approved}, or make it the default flow."),
        "Tasklist": _("Tasklist"),
        "This maps to the process definition key.": _("This maps to the process definition key."),
        "General": _("General"),
        "Name": _("Name"),
        "ID": _("ID"),
        "Documentation": _("Documentation"),
        "Element documentation": _("Element documentation"),
        "User assignment": _("User assignment"),
        "Assignee": _("Assignee"),
        "Candidate groups": _("Candidate groups"),
        "Candidate users": _("Candidate users"),
        "Due date": _("Due date"),
        "Follow up date": _("Follow up date"),
        "Priority": _("Priority"),
        "Forms": _("Forms"),
        "Form fields": _("Form fields"),
        "Extension properties": _("Extension properties"),
        "Start initiator": _("Start initiator"),
        "Implementation": _("Implementation"),
        "Type": _("Type"),
        "Topic": _("Topic"),
        "External task": _("External task"),
        "Condition": _("Condition"),
        "Timer": _("Timer"),
        "Value": _("Value"),
        "Date": _("Date"),
        "Duration": _("Duration"),
        "Cycle": _("Cycle"),
        "Inputs": _("Inputs"),
        "Outputs": _("Outputs"),
        "Process variables": _("Process variables"),
        "Candidate starter": _("Candidate starter"),
        "Version tag": _("Version tag"),
        "Executable": _("Executable"),
    }
