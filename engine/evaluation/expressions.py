"""The diagram expression dialect (`${...}`, `#{...}` or plain Python subset) and its safe evaluator.

Every expression in a diagram (gateway conditions, timers, assignees) is untrusted text from a
process owner. It is translated to a small Python subset, its syntax tree is checked against an
allow-list (no attributes, no lambdas, only a few functions and the methods of engine.evaluation.methods),
and it is evaluated by simpleeval with size limits, so `().__class__...` walks and
`'a' * 10**10` bombs never run.
"""
import ast
import functools
import re
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from simpleeval import (
    DEFAULT_OPERATORS,
    EvalWithCompoundTypes,
    InvalidExpression,
    IterableTooLong,
    NameNotDefined,
    NumberTooHigh,
)

from engine import clock as engine_clock
from engine.errors import ExpressionError, UnknownName
from engine.evaluation.dialect import is_expression, translate
from engine.evaluation.methods import METHOD_NAMES, METHOD_SUMMARY, MethodRefused, call_method, is_empty

MAX_EXPRESSION_CHARS = 2000
MAX_TEXT_CHARS = 100_000
MAX_INTEGER_BITS = 4096
MAX_ROUND_DIGITS = 20

_FORMAT_SPEC = re.compile(r"(?:.?[<>^=])?[+\- ]?#?0?\d{0,2}[,_]?(?:\.\d{1,2})?[bcdeEfFgGnosxX%]?")

# --- checking the syntax tree ------------------------------------------------------------------

def check_expression(expression: str) -> None:
    """Raise ExpressionError unless the text parses and stays inside the allowed subset."""
    _compile(expression)


@functools.lru_cache(maxsize=4096)
def _compile(expression: str) -> ast.expr:
    """Translate, parse and check an expression once; return the checked tree."""
    if len(expression) > MAX_EXPRESSION_CHARS:
        raise ExpressionError(expression[:60] + "...", f"is longer than {MAX_EXPRESSION_CHARS} characters")
    text = translate(expression)
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ExpressionError(expression, "is not valid syntax; check brackets, quotes and operators") from None
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    method_names = {id(call.func) for call in calls if _calls_allowed_method(call)}
    for node in sorted(ast.walk(tree), key=_is_not_named_call):
        reason = None if id(node) in method_names else _refusal(node)
        if reason:
            raise ExpressionError(expression, reason)
    return tree.body


def names_read(expression: str) -> frozenset[str]:
    """Return the task-data names a checked expression reads (not the functions it calls)."""
    tree = _compile(expression)
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    return frozenset(node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and id(node) not in called)


def reads_clock(expression: str) -> bool:
    """Tell whether an expression calls dateTime() or now(), so gives another value at another moment."""
    calls = [node for node in ast.walk(_compile(expression)) if isinstance(node, ast.Call)]
    return any(isinstance(call.func, ast.Name) and call.func.id in _CLOCK_FUNCTIONS for call in calls)


def _calls_allowed_method(node: ast.Call) -> bool:
    """Tell whether a call calls one of the allowed methods by name, with positional arguments."""
    return isinstance(node.func, ast.Attribute) and node.func.attr in METHOD_NAMES and not node.keywords


def _is_not_named_call(node: ast.AST) -> bool:
    """Sort key that checks calls of named functions first: their refusal says the most."""
    return not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name))


def _refusal(node: ast.AST) -> str | None:
    """Return why this node is outside the subset, or None when it is allowed."""
    if isinstance(node, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)):
        return None  # checked through their parent node
    check = _NODE_CHECKS.get(type(node))
    if check is None:
        return f"uses {_describe_node(node)}, which expressions do not allow"
    return check(node)


def _check_name(node: ast.Name) -> str | None:
    """Refuse private names."""
    if node.id.startswith("_"):
        return f"uses the name '{node.id}', but names starting with '_' are not allowed"
    return None


def _check_constant(node: ast.Constant) -> str | None:
    """Allow only text, numbers, true/false and null constants."""
    if node.value is None or type(node.value) in (str, int, float, bool):
        return None
    return f"uses the constant {node.value!r}, which expressions do not allow"


def _check_operator(node: ast.UnaryOp | ast.BinOp) -> str | None:
    """Allow only arithmetic and logical operators."""
    if type(node.op) in _OPERATORS:
        return None
    return f"uses the operator {type(node.op).__name__}, which expressions do not allow"


def _check_compare(node: ast.Compare) -> str | None:
    """Allow the comparison operators and `in`."""
    refused = [type(op).__name__ for op in node.ops if type(op) not in _OPERATORS]
    return f"uses the comparison {refused[0]}, which expressions do not allow" if refused else None


def _check_subscript(node: ast.Subscript) -> str | None:
    """Allow only constant keys, indexes and slices."""
    key = node.slice
    parts = [key.lower, key.upper, key.step] if isinstance(key, ast.Slice) else [key]
    if not all(part is None or _is_constant_key(part) for part in parts):
        return "reads a value with a key that is not a constant; write ['key'] or [0]"
    if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.startswith("_"):
        return f"reads the key '{key.value}', but keys starting with '_' are not allowed"
    return None


def _is_constant_key(node: ast.expr) -> bool:
    """Tell whether node is a text or integer constant, possibly negated."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) in (str, int)


def _check_call(node: ast.Call) -> str | None:
    """Allow positional calls to the allow-listed functions only."""
    if isinstance(node.func, ast.Attribute):
        return _check_attribute(node.func) if node.func.attr not in METHOD_NAMES else None
    if isinstance(node.func, ast.Subscript) and isinstance(node.func.slice, ast.Constant):
        return (f"calls the method '{node.func.slice.value!s}', but expressions cannot call methods other than "
                f"{METHOD_SUMMARY}; use one of those, or move anything else into an external task")
    if not isinstance(node.func, ast.Name):
        return "calls something that is not a function name"
    if node.func.id not in _FUNCTIONS:
        allowed = ", ".join(sorted(_FUNCTIONS))
        return f"calls a function that is not allowed: {node.func.id} (allowed: {allowed})"
    if node.keywords:
        return f"passes a named argument to {node.func.id}(); pass arguments by position"
    return None


def _check_attribute(node: ast.Attribute) -> str:
    """Refuse attribute access, naming the attribute."""
    return (f"uses attribute access ('.{node.attr}'), which expressions do not allow; "
            "read values inside a dict with ['key'] or ${ticket.priority}")


def _check_formatted_value(node: ast.FormattedValue) -> str | None:
    """Allow f-string fields without conversions and with short format specs."""
    if node.conversion != -1:
        return "uses an f-string conversion (!r, !s, !a), which expressions do not allow"
    if node.format_spec is None:
        return None
    values = getattr(node.format_spec, "values", [])
    spec = "".join(str(v.value) for v in values if isinstance(v, ast.Constant))
    if len(values) == 1 and isinstance(values[0], ast.Constant) and _FORMAT_SPEC.fullmatch(spec):
        return None
    return "uses an f-string format that is not allowed; use a width and precision under 100"


def _allow(node: ast.AST) -> None:
    """Allow a node whose children are checked on their own."""


def _describe_node(node: ast.AST) -> str:
    """Name a refused Python construct the way a process owner would."""
    names = {
        ast.Lambda: "a lambda", ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
        ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension",
        ast.Dict: "a dict literal", ast.Set: "a set literal", ast.NamedExpr: "an assignment (:=)",
        ast.Starred: "unpacking with *", ast.Await: "await", ast.Yield: "yield",
    }
    return names.get(type(node), f"the Python construct '{type(node).__name__}'")


_NODE_CHECKS: dict[type, Callable[[Any], str | None]] = {
    ast.Expression: _allow, ast.BoolOp: _allow, ast.IfExp: _allow, ast.Tuple: _allow,
    ast.List: _allow, ast.Slice: _allow, ast.JoinedStr: _allow,
    ast.Name: _check_name, ast.Constant: _check_constant, ast.UnaryOp: _check_operator,
    ast.BinOp: _check_operator, ast.Compare: _check_compare, ast.Subscript: _check_subscript,
    ast.Call: _check_call, ast.Attribute: _check_attribute,
    ast.FormattedValue: _check_formatted_value,
}


# --- evaluating ---------------------------------------------------------------------------------

class _Refused(InvalidExpression):
    """An operation the dialect refuses while evaluating; the message is the reason."""


def _multiply(left: Any, right: Any) -> Any:
    """Multiply numbers or repeat text, refusing results over the text limit."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (list, tuple)):
            raise _Refused("repeats a list with *; only text can be repeated")
        if isinstance(sequence, str) and isinstance(count, int) and count * len(sequence) > MAX_TEXT_CHARS:
            raise IterableTooLong(f"the text would be longer than {MAX_TEXT_CHARS} characters")
    return left * right


def _power(base: Any, exponent: Any) -> Any:
    """Raise to a power, refusing integer results over the size limit."""
    whole = isinstance(base, int) and isinstance(exponent, int)
    if whole and exponent > 0 and abs(base).bit_length() * exponent > MAX_INTEGER_BITS:
        raise NumberTooHigh(f"{base} ** {exponent} is too large a number")
    return base ** exponent


def _modulo(left: Any, right: Any) -> Any:
    """Return the remainder; refuse `%` text formatting (its widths can exhaust memory)."""
    if isinstance(left, str):
        raise _Refused("formats text with %, which expressions do not allow; use an f-string such as f\"P{days}D\"")
    return left % right


def _text(value: Any = "") -> str:
    """Return text for a scalar value (containers could be huge)."""
    if value is None or type(value) in (str, int, float, bool):
        return str(value)
    raise _Refused("passes a list or dict to str(); str() only accepts text, numbers, true/false and null")


def _round(number: Any, digits: int | None = None) -> Any:
    """Round like round(), refusing digit counts that make huge numbers."""
    if digits is not None and isinstance(digits, int) and abs(digits) > MAX_ROUND_DIGITS:
        raise NumberTooHigh(f"round() accepts at most {MAX_ROUND_DIGITS} digits")
    return round(number, digits)


_OPERATORS: dict[type, Callable[..., Any]] = {
    **{op: DEFAULT_OPERATORS[op] for op in (
        ast.Add, ast.Sub, ast.Div, ast.FloorDiv, ast.Not, ast.USub, ast.UAdd, ast.Eq, ast.NotEq,
        ast.Lt, ast.Gt, ast.LtE, ast.GtE, ast.In, ast.NotIn, ast.Is, ast.IsNot)},
    ast.Mult: _multiply, ast.Pow: _power, ast.Mod: _modulo,
}
def _date_time() -> datetime:
    """Camunda's dateTime() and now(): the current aware UTC time of the step's clock."""
    return engine_clock.current_time()


_CLOCK_FUNCTIONS = ("dateTime", "now")
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "len": len, "str": _text, "int": int, "float": float, "bool": bool, "abs": abs,
    "min": min, "max": max, "round": _round, "empty": is_empty, "dateTime": _date_time, "now": _date_time,
}


class _Evaluator(EvalWithCompoundTypes):
    """simpleeval limited to the checked subset, as a second line of defence."""

    def __init__(self, names: Mapping[str, Any]) -> None:
        super().__init__(operators=_OPERATORS, functions={}, names=names)
        self.functions = _FUNCTIONS
        for node_type in (ast.Attribute, ast.Dict, ast.Set, ast.ListComp, ast.GeneratorExp,
                          ast.DictComp, ast.Assign, ast.AugAssign, ast.Import):
            self.nodes.pop(node_type, None)

    def _eval_call(self, node: ast.Call) -> Any:
        """Run an allowed method by name (never through getattr), or an allow-listed function."""
        if not isinstance(node.func, ast.Attribute):
            return super()._eval_call(node)
        receiver = self._eval(node.func.value)
        try:
            return call_method(receiver, node.func.attr, [self._eval(argument) for argument in node.args])
        except MethodRefused as refusal:
            raise _Refused(str(refusal)) from None

    def _eval_formattedvalue(self, node: ast.FormattedValue) -> Any:
        """Format an f-string field, allowing scalar values only."""
        value = self._eval(node.value)
        if node.format_spec is None:
            return _text(value)
        return format(value, self._eval(node.format_spec))


# One evaluator per thread, given each expression's names in turn: building one (simpleeval maps every node
# type to a bound method) cost more than evaluating a gateway condition. Nothing it runs evaluates again.
_evaluators = threading.local()


def _evaluator(names: Mapping[str, Any]) -> _Evaluator:
    """Return this thread's evaluator, reading the given names."""
    evaluator: _Evaluator | None = getattr(_evaluators, "evaluator", None)
    if evaluator is None:
        evaluator = _evaluators.evaluator = _Evaluator({})
    evaluator.names = names
    return evaluator


def evaluate(expression: str, names: Mapping[str, Any]) -> Any:
    """Evaluate a checked expression against task data names."""
    tree = _compile(expression)
    evaluator = _evaluator(names)
    try:
        return evaluator.eval(expression, previously_parsed=tree)
    except NameNotDefined as error:
        raise UnknownName(expression, f"unknown name '{error.name}'; check the spelling or make sure an earlier "
                                      "step sets it") from None
    except (NumberTooHigh, IterableTooLong) as error:
        reason = f"would produce a value that is too large ({error})"
    except InvalidExpression as error:
        reason = str(error)
    except KeyError as error:
        reason = f"reads the key {error} that the data does not have"
    except Exception as error:  # noqa: BLE001 - any failure of user text becomes a readable error
        reason = f"failed: {type(error).__name__}: {error}"
    finally:
        evaluator.names = {}  # keep no task data alive between steps
    raise ExpressionError(expression, reason)


def evaluate_parameter(text: str, data: dict[str, Any]) -> Any:
    """Evaluate a ${...} or #{...} input parameter; anything else is a literal string."""
    if is_expression(text):
        return evaluate(text.strip(), data)
    return text
