"""Templates compiled once per test process, not once per app.

Jinja compiles each template an app renders the first time it renders it, into Python code it keeps in that
app's environment. The suite creates an app per test, so most page tests compiled the templates they render
again (1,158 compilations in tests/web's 545 tests, a quarter of its CPU). Jinja's own bytecode cache is made for
this: a template's code is kept under its name, file and the checksum of its source, and an environment that
loads the same source takes the code instead of compiling it. This one keeps the code objects in memory, and its
key also holds what the compiler reads from the environment (its syntax settings, extensions, filters and
tests), so an app configured otherwise compiles its own. Only the tests share it; the app itself is unchanged.
"""
from typing import Any

from flask import Flask
from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

# (environment's compile settings, template name, file name) -> (source checksum, code)
_code: dict[tuple[Any, ...], tuple[str, Any]] = {}


def unbound(setting: Any) -> Any:
    """Return a bound method's function (Flask's autoescape is a method of each app), or the setting itself."""
    return getattr(setting, "__func__", setting)


def compile_settings(environment: Environment) -> tuple[Any, ...]:
    """Return what the compiled code of a template depends on besides its source."""
    return (environment.block_start_string, environment.block_end_string, environment.variable_start_string,
            environment.variable_end_string, environment.comment_start_string, environment.comment_end_string,
            environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
            environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
            environment.optimized, unbound(environment.autoescape), unbound(environment.finalize), environment.is_async,
            tuple(sorted(environment.extensions)), tuple(sorted(environment.filters)),
            tuple(sorted(environment.tests)))


class SharedTemplateCode(BytecodeCache):
    """Jinja's bytecode cache, kept as code objects in this process's memory and shared by every app."""

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        """Return the bucket of a template, holding the code compiled before from the same source, if any."""
        key = (compile_settings(environment), name, filename)
        bucket = Bucket(environment, "", self.get_source_checksum(source))
        bucket.key = key  # type: ignore[assignment]
        found = _code.get(key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        """Keep the code Jinja has just compiled into the bucket."""
        _code[bucket.key] = (bucket.checksum, bucket.code)  # type: ignore[index]

    def load_bytecode(self, bucket: Bucket) -> None:
        """Unused: get_bucket finds the code."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Unused: set_bucket keeps the code."""


def share_template_code() -> None:
    """Give every app this process creates from now on the shared cache."""
    Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": SharedTemplateCode()}
