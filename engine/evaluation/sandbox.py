"""Script tasks: RestrictedPython code run in a resource-limited child process.

Each script runs in a fresh Python interpreter (`python -I`, started with subprocess, never forked
from the multi-threaded Flask or APScheduler process) that holds nothing of the app:

- an empty environment: the database URL, the secret key, the SMS token and every other
  FLOWDESK_* setting stay in the parent;
- no descriptor but its standard streams: stdin (the request) and stdout (the reply) are pipes,
  stderr is /dev/null, and close_fds leaves the parent's database sockets and files behind;
- limits set before it reads the script: CPU time, address space, open files (RLIMIT_NOFILE),
  no file writes, no core dumps, no new processes; the parent kills it after a wall-clock timeout.

Only JSON crosses the boundary in either direction, and the parent reads at most a bounded reply,
so even an escaped script cannot reach into the calling process. A fresh interpreter costs tens of
milliseconds per script (a fork server, which would be faster, would hand every child the parent's
environment); scripts run outside every transaction (app.workflow.scripts), so it holds no lock.
"""
import ast
import json
import operator
import os
import resource
import selectors
import signal
import subprocess
import sys
import time
import traceback
import types
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from RestrictedPython.compile import compile_restricted_exec
from RestrictedPython.Eval import default_guarded_getitem, default_guarded_getiter
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safe_builtins,
    safer_getattr,
)
from RestrictedPython.PrintCollector import PrintCollector

from engine.errors import ScriptError

SCRIPT_FILE_NAME = "<script>"
MAX_SCRIPT_CHARS = 100_000
MAX_RESULT_BYTES = 16 * 2**20
MAX_DETAIL_CHARS = 300
MAX_OPEN_FILES = 16  # the three standard streams and a few for the interpreter itself
JSON_TYPES_HINT = "use text, numbers, true/false, null, lists or dicts"


@dataclass(frozen=True)
class ScriptLimits:
    """Resources one script run may use before it is stopped."""

    cpu_seconds: int = 2
    memory_mb: int = 256
    wall_seconds: float = 5.0


DEFAULT_LIMITS = ScriptLimits()


# --- checking -----------------------------------------------------------------------------------

def check_script(source: str) -> None:
    """Raise ScriptError("line N: reason") unless RestrictedPython accepts the script."""
    _compile_script(source)


def _compile_script(source: str) -> types.CodeType:
    """Return restricted byte code for the script, or raise ScriptError naming the line."""
    if len(source) > MAX_SCRIPT_CHARS:
        raise ScriptError(f"line 1: the script is longer than {MAX_SCRIPT_CHARS} characters")
    try:
        tree = ast.parse(source, SCRIPT_FILE_NAME)
    except SyntaxError as error:
        raise ScriptError(f"line {error.lineno}: SyntaxError: {error.msg}") from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise ScriptError(f"line 1: the script cannot be read ({type(error).__name__})") from None
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            raise ScriptError(f"line {node.lineno}: import statements are not allowed in scripts; "
                              "ask an administrator for a service task instead")
    result = compile_restricted_exec(tree, filename=SCRIPT_FILE_NAME)
    if result.errors or result.code is None:
        first = result.errors[0] if result.errors else "the script was refused"
        raise ScriptError(first[0].lower() + first[1:] if first.startswith("Line ") else first)
    return result.code


# --- the child process --------------------------------------------------------------------------

def _inplace_operation(op: str, target: Any, value: Any) -> Any:
    """Apply an augmented assignment such as `total += 1`."""
    operations: dict[str, Callable[[Any, Any], Any]] = {
        "+=": operator.iadd, "-=": operator.isub, "*=": operator.imul, "/=": operator.itruediv,
        "//=": operator.ifloordiv, "%=": operator.imod, "**=": operator.ipow,
        "|=": operator.ior, "&=": operator.iand, "^=": operator.ixor,
    }
    return operations[op](target, value)


def _apply(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a function with unpacked arguments, as RestrictedPython rewrites `f(*a)`."""
    return function(*args, **kwargs)


_BUILTINS: dict[str, Any] = {
    **safe_builtins,
    **{f.__name__: f for f in (dict, list, len, min, max, sum, sorted, enumerate, range, str, int,
                               float, bool, round, abs, any, all, zip, tuple, isinstance)},
}
_GUARDS: dict[str, Any] = {
    "__builtins__": _BUILTINS,
    "_getattr_": safer_getattr,
    "_getitem_": default_guarded_getitem,
    "_getiter_": default_guarded_getiter,
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_unpack_sequence_": guarded_unpack_sequence,
    "_write_": full_write_guard,
    "_inplacevar_": _inplace_operation,
    "_apply_": _apply,
    "_print_": PrintCollector,
}


def child_entry() -> None:
    """Run in the child interpreter: limit itself, read one request from stdin, answer on stdout."""
    request = json.loads(sys.stdin.buffer.read())
    _apply_limits(ScriptLimits(**request["limits"]))
    try:
        reply = _run_restricted(request["source"], json.loads(request["data"]))
    except MemoryError:
        reply = json.dumps({"status": "memory"})
    except ScriptError as error:
        reply = json.dumps({"status": "error", "message": str(error)})
    except BaseException as error:  # noqa: BLE001 - whatever the script raised is reported, not re-raised
        reply = json.dumps({"status": "error", "message": _failure_message(error)})
    sys.stdout.buffer.write(reply.encode())
    sys.stdout.buffer.flush()


def _apply_limits(limits: ScriptLimits) -> None:
    """Limit CPU time, address space and open files; forbid file writes, core dumps and new processes."""
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    memory_bytes = limits.memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_NOFILE, (MAX_OPEN_FILES, MAX_OPEN_FILES))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))


def _run_restricted(source: str, data: dict[str, Any]) -> str:
    """Execute the script against the data; return the JSON reply with the new variables."""
    try:
        code = _compile_script(source)
    except ScriptError as error:
        raise ScriptError(f"Script was refused: {error}") from None
    namespace = {**data, **_GUARDS}
    exec(code, namespace)  # noqa: S102 - restricted byte code, inside the limited child
    variables = _collect_variables(namespace)
    reply = _encode_variables(variables)
    if len(reply) > MAX_RESULT_BYTES:
        raise ScriptError(f"Script produced more than {MAX_RESULT_BYTES // 2**20} MB of task data; "
                          "keep large data out of task data.")
    return reply


def _collect_variables(namespace: dict[str, Any]) -> dict[str, Any]:
    """Return the script's public variables, silently dropping functions, classes and modules."""
    dropped = (types.FunctionType, types.BuiltinFunctionType, types.ModuleType, type)
    return {
        name: value for name, value in namespace.items()
        if not name.startswith("_") and name not in _GUARDS and not isinstance(value, dropped)
    }


def _encode_variables(variables: dict[str, Any]) -> str:
    """Return the ok reply as JSON, or raise ScriptError naming a variable JSON cannot hold."""
    try:
        return json.dumps({"status": "ok", "data": variables}, allow_nan=False)
    except (TypeError, ValueError):
        pass
    for name, value in variables.items():
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError):
            shown = repr(value) if isinstance(value, float) else f"a {type(value).__name__}"
            raise ScriptError(f"Script set '{name}' to {shown}, which cannot be stored as task data; "
                              f"{JSON_TYPES_HINT}.") from None
    raise ScriptError(f"Script produced task data that cannot be stored; {JSON_TYPES_HINT}.")


def _failure_message(error: BaseException) -> str:
    """Describe a script's exception with the script line it came from."""
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__)
             if frame.filename == SCRIPT_FILE_NAME]
    where = f" on line {lines[-1]}" if lines else ""
    detail = str(error)
    if len(detail) > MAX_DETAIL_CHARS:
        detail = detail[:MAX_DETAIL_CHARS] + "..."
    return f"Script failed{where}: {type(error).__name__}: {detail}"


# --- the calling process ------------------------------------------------------------------------

PROJECT_ROOT = str(Path(__file__).resolve().parents[2])
# -I: ignore PYTHON* variables, the user's site-packages and the working directory; the project root is
# put on the path explicitly, so the child finds this module however FlowDesk was installed.
CHILD_COMMAND = [sys.executable, "-I", "-c",
                 f"import sys; sys.path.insert(0, {PROJECT_ROOT!r}); "
                 "from engine.evaluation.sandbox import child_entry; child_entry()"]


def run_script(source: str, data: dict[str, Any], limits: ScriptLimits) -> dict[str, Any]:
    """Run a script in the sandbox and return the full new variable dict."""
    public = {name: value for name, value in data.items() if not name.startswith("_")}
    try:
        data_json = json.dumps(public, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ScriptError(f"Task data cannot be passed to a script ({error}); {JSON_TYPES_HINT}.") from None
    reply = _decode_reply(_run_in_child(source, data_json, limits))
    if reply["status"] == "ok":
        return dict(reply["data"])
    if reply["status"] == "memory":
        raise ScriptError(f"Script ran out of memory (limit {limits.memory_mb} MB).")
    raise ScriptError(str(reply["message"]))


def _decode_reply(raw: bytes) -> dict[str, Any]:
    """Parse the child's JSON reply; anything else means the child misbehaved."""
    try:
        reply = json.loads(raw)
    except ValueError:
        reply = None
    if not isinstance(reply, dict) or reply.get("status") not in ("ok", "memory", "error"):
        raise ScriptError("Script process sent an unreadable reply; the script was stopped.")
    return reply


def _run_in_child(source: str, data_json: str, limits: ScriptLimits) -> bytes:
    """Start the child, hand it the script, read its reply within the wall limit, and always reap it."""
    request = json.dumps({"source": source, "data": data_json, "limits": asdict(limits)}).encode()
    process = subprocess.Popen(CHILD_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE,  # noqa: S603
                               stderr=subprocess.DEVNULL, env={}, close_fds=True, cwd="/")
    try:
        return _exchange(process, request, limits)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None and not stream.closed:
                stream.close()


def _exchange(process: subprocess.Popen[bytes], request: bytes, limits: ScriptLimits) -> bytes:
    """Send the request and read the reply until the child closes its end; refuse a late or oversized one."""
    assert process.stdin is not None and process.stdout is not None
    deadline = time.monotonic() + limits.wall_seconds
    try:
        process.stdin.write(request)  # the child reads all of it before it runs anything of the script
        process.stdin.close()
    except BrokenPipeError:
        pass  # the child is gone already: its exit status says why
    chunks, size = [], 0
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise ScriptError(f"Script exceeded its {limits.wall_seconds:g} s time limit and was stopped.")
            chunk = os.read(process.stdout.fileno(), 2**16)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_RESULT_BYTES + 1024:
                raise ScriptError(f"Script produced more than {MAX_RESULT_BYTES // 2**20} MB of task data.")
    if not chunks:
        try:
            process.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            pass  # closed its output but lingers: killed by the caller, reported as stopped unexpectedly
        raise ScriptError(_exit_message(process.returncode, limits))
    return b"".join(chunks)


def _exit_message(exitcode: int | None, limits: ScriptLimits) -> str:
    """Explain why the child ended without a reply."""
    if exitcode == -signal.SIGXCPU:
        return f"Script used more than {limits.cpu_seconds} s of CPU and was stopped."
    if exitcode == -signal.SIGKILL:
        return f"Script was killed by the operating system, probably out of memory (limit {limits.memory_mb} MB)."
    return f"Script stopped unexpectedly (exit code {exitcode})."
