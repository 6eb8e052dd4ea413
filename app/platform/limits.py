"""How long each text may be, in one place: the services refuse longer ones, the web forms and the API schemas
take their maxima from here, so a page and an API call accept the same texts.

A text's length is counted in characters (Chinese ones included), as WTForms and pydantic count it. The
limits are generous for people and small for the database: a search walks every text it may match, so
one huge text made every search slow (issue 9, finding 3).
"""
from collections.abc import Mapping
from typing import Any

from app.platform.errors import InvalidValues

TICKET_TITLE_MAX = 200
TICKET_DESCRIPTION_MAX = 20_000
NOTE_MAX = 20_000
REASON_MAX = 500  # why a ticket was forwarded, reassigned or put on hold
ARTICLE_TITLE_MAX = 200
ARTICLE_BODY_MAX = 100_000  # a long how-to with tables, in Markdown
CI_NAME_MAX = 200
CI_ATTRIBUTE_MAX = 2_000  # one attribute of a configuration item, as text
FORM_VALUE_MAX = 20_000  # one text value of a diagram's form (start form or task form)

# What a search reads: at most SEARCH_TEXT_MAX characters, SEARCH_TERMS_MAX distinct words, each at most
# SEARCH_TERM_MAX characters (a longer word is a pasted text or an attack, not something people search by).
SEARCH_TEXT_MAX = 200
SEARCH_TERMS_MAX = 10
SEARCH_TERM_MAX = 40


def length_sentence(label: str, limit: int, length: int) -> str:
    """Return the sentence refusing a text for its length, naming the field and the limit."""
    return f"{label} has {length:,} characters; at most {limit:,} are allowed. Shorten it."


def check_lengths(what: str, texts: Mapping[str, tuple[str, str | None, int]]) -> None:
    """Refuse the texts that are too long, each named: texts maps field id -> (label, text, limit).

    what: the thing refused, e.g. "The note was not saved".
    """
    errors = length_errors(texts)
    if errors:
        raise InvalidValues(f"{what}: " + " ".join(message for messages in errors.values() for message in messages),
                            errors)


def length_errors(texts: Mapping[str, tuple[str, str | None, int]]) -> dict[str, list[str]]:
    """Return an error per text longer than its limit, under its field id."""
    return {field: [length_sentence(label, limit, len(text))] for field, (label, text, limit) in texts.items()
            if text is not None and len(text) > limit}


def long_values(values: Mapping[str, Any], limit: int = FORM_VALUE_MAX) -> dict[str, list[str]]:
    """Return an error per text value of a form longer than the limit, under the field's id."""
    return length_errors({name: (f"The value of '{name}'", value, limit) for name, value in values.items()
                          if isinstance(value, str)})
