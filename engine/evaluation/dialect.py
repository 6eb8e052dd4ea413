"""Translate the `${...}` (or Camunda's deferred `#{...}`) JUEL dialect into the Python subset we evaluate.

The text is tokenized so that string literals stay whole (`&&` or `!` inside quotes are left
alone); `a.b` becomes `a['b']`, a key lookup, never an attribute. Only a call of one of the
allowed methods (`a.equals('v')`) stays a method call, which the evaluator runs by name; JUEL's
`empty x` becomes `empty(x)`.
"""
import re

from engine.errors import ExpressionError
from engine.evaluation.methods import METHOD_NAMES

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
_OPENINGS = ("${", "#{")
# Prefix operators whose operand ends at the first operator that binds less tightly.
_PREFIXES = ("!", "-", "+", "not", "empty")

_Token = tuple[str, str]


def is_expression(text: str) -> bool:
    """Say whether an attribute value is a ${...} or #{...} expression rather than a literal."""
    stripped = text.strip()
    return stripped.startswith(_OPENINGS) and stripped.endswith("}")


def translate(expression: str) -> str:
    """Return the Python-subset text for a `${...}`, `#{...}` or plain expression."""
    text = expression.strip()
    if is_expression(text):
        inner = text[2:-1]
        if not inner.strip():
            raise ExpressionError(expression, f"is empty; write a condition or value inside {text[0]}{{...}}")
        tokens = _tokenize(expression, inner)
        return _emit(expression, tokens, 0, len(tokens)).strip()
    if any(opening in text for opening in _OPENINGS):
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
        elif text == "empty" and _starts_operand(tokens, index + 1, end):
            stop = _operand_end(expression, tokens, index + 1, end)
            parts.append(f"empty({_emit(expression, tokens, index + 1, stop).strip()})")
            index = stop
        elif text == "." and _is_method_call(tokens, index, end):
            parts.append(f".{tokens[index + 1][1]}")
            index += 2
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


def _is_method_call(tokens: list[_Token], index: int, end: int) -> bool:
    """Tell whether the dot at index calls an allowed method, as in `status.equals('open')`."""
    return (_is_member_access(tokens, index, end) and tokens[index + 1][1] in METHOD_NAMES
            and index + 2 < end and tokens[index + 2][1] == "(")


def _starts_operand(tokens: list[_Token], index: int, end: int) -> bool:
    """Tell whether a value starts at index (after spaces): JUEL's `empty` is an operator only before one."""
    index = _skip_space(tokens, index, end)
    return index < end and (tokens[index][0] in ("name", "number", "string") or tokens[index][1] in (
        *_BRACKETS, *_PREFIXES))


def _operand_end(expression: str, tokens: list[_Token], index: int, end: int) -> int:
    """Return the index just past the unary operand that starts at index."""
    index = _skip_space(tokens, index, end)
    while index < end and tokens[index][1] in _PREFIXES:
        index = _skip_space(tokens, index + 1, end)
    if index < end and tokens[index][1] in _BRACKETS:
        index = _bracket_end(expression, tokens, index, end)
    elif index < end and tokens[index][0] in ("name", "number", "string"):
        index += 1
    else:
        raise ExpressionError(expression, "has a '!' or 'empty' that is not followed by a value")
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
