"""A refused diagram's reason in the reader's language.

The engine refuses a diagram with an English template and its parameters (engine/errors.py DiagramRefused); here
the template is looked up in the message catalogs and filled in, so that the web and the API speak the reader's
language. A reason with no translation (a parser's own message, say) shows in English. The CLI keeps English.
"""
from flask_babel import gettext

from engine.errors import DiagramRefused


def refusal_reason(refused: DiagramRefused) -> str:
    """Return why a diagram was refused, in the current locale."""
    return gettext(refused.template, **refused.params)


def refusal_sentence(refused: DiagramRefused) -> str:
    """Return the whole refusal (file, element, reason) in the current locale."""
    if refused.element_id:
        return gettext("%(file)s: element '%(element)s': %(reason)s", file=refused.file_name,
                       element=refused.element_id, reason=refusal_reason(refused))
    return gettext("%(file)s: the diagram: %(reason)s", file=refused.file_name, reason=refusal_reason(refused))
