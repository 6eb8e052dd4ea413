"""Translate the `${...}` JUEL-style dialect that modellers write into the Python subset we evaluate.

The text is tokenized so that string literals stay whole (`&&` or `!` inside quotes are left
alone); `a.b` becomes `a['b']`, a key lookup, never an attribute.
"""
import re

from engine.errors import ExpressionError

_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op>&&|\|\||==|!=|<=|>=|\*\*|//|[-+*/%<>!()\[\],.:])""",
    re.VERBOSE | re.DOTALL,
)
_WORDS = {"&&": " and ", "||": " or ", "true": "True", "false": "False", "null": "None"}
_BRACKETS = {"(": ")", "[": "]"}

_Token = tuple[str, str]


def translate(expression: str) -> str:
    """Return the Python-subset text for a `${...}` or plain expression."""
    text = expression.strip()
    if text.startswith("${") and text.endswith("}"):
        inner = text[2:-1]
        if not inner.strip():
            raise ExpressionError(expression, "is empty; write a condition or value inside ${...}")
        tokens = _tokenize(expression, inner)
        return _emit(expression, tokens, 0, len(tokens)).strip()
    if "${" in text:
        raise ExpressionError(expression, "mixes ${...} with other text; put the whole expression inside one ${...}")
    return text


def _tokenize(expression: str, text: str) -> list[_Token]:
    """Split dialect text into (kind, text) tokens, keeping string literals whole."""
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionError(expression, _unknown_character_reason(text[position]))
        kind = match.lastgroup or "op"
        tokens.append((kind, match.group()))
        position = match.end()
    return tokens


def _unknown_character_reason(character: str) -> str:
    """Explain why the dialect lexer stopped at this character."""
    if character in "'\"":
        return "has a text in quotes that is never closed; add the closing quote"
    return f"uses the character {character!r}, which expressions do not allow"


def _emit(expression: str, tokens: list[_Token], start: int, end: int) -> str:
    """Return the Python text for tokens[start:end]."""
    parts: list[str] = []
    index = start
    while index < end:
        kind, text = tokens[index]
        if text == "!":
            stop = _operand_end(expression, tokens, index + 1, end)
            # JUEL's ! binds tighter than ==, Python's not does not: keep JUEL's meaning.
            parts.append(f"(not {_emit(expression, tokens, index + 1, stop).strip()})")
            index = stop
        elif text == "." and _is_member_access(tokens, index, end):
            parts.append(f"[{tokens[index + 1][1]!r}]")
            index += 2
        else:
            parts.append(_WORDS.get(text, text) if kind in ("op", "name") else text)
            index += 1
    return "".join(parts)


def _is_member_access(tokens: list[_Token], index: int, end: int) -> bool:
    """Tell whether the dot at index reads a key, as in `ticket.priority`."""
    if index == 0 or index + 1 >= end or tokens[index + 1][0] != "name":
        return False
    kind, text = tokens[index - 1]
    return kind == "name" or text in (")", "]")


def _operand_end(expression: str, tokens: list[_Token], index: int, end: int) -> int:
    """Return the index just past the unary operand that starts at index."""
    index = _skip_space(tokens, index, end)
    while index < end and tokens[index][1] in ("!", "-", "+", "not"):
        index = _skip_space(tokens, index + 1, end)
    if index < end and tokens[index][1] in _BRACKETS:
        index = _bracket_end(expression, tokens, index, end)
    elif index < end and tokens[index][0] in ("name", "number", "string"):
        index += 1
    else:
        raise ExpressionError(expression, "has a '!' that is not followed by a value")
    while index < end:
        text = tokens[index][1]
        if text in _BRACKETS:
            index = _bracket_end(expression, tokens, index, end)
        elif text == "." and _is_member_access(tokens, index, end):
            index += 2
        else:
            return index
    return index


def _bracket_end(expression: str, tokens: list[_Token], index: int, end: int) -> int:
    """Return the index just past the bracket group that opens at index."""
    depth = 0
    for position in range(index, end):
        text = tokens[position][1]
        if text in _BRACKETS:
            depth += 1
        elif text in _BRACKETS.values():
            depth -= 1
            if depth == 0:
                return position + 1
    raise ExpressionError(expression, "has a bracket that is never closed")


def _skip_space(tokens: list[_Token], index: int, end: int) -> int:
    """Return the first index at or after index that is not whitespace."""
    while index < end and tokens[index][0] == "space":
        index += 1
    return index
