"""The language an API answer says a diagram's problems in (the rest of the API speaks English)."""
from flask import request

from app.organisation.users import LANGUAGES


def reader_language(own_language: str) -> str:
    """Return the request's Accept-Language when it names one FlowDesk speaks, else the caller's own setting
    (Camunda Modeler sends its interface language; FlowDesk's modeller the page's)."""
    return request.accept_languages.best_match(LANGUAGES) or own_language
