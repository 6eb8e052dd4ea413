"""The flowdesk command group over the app factory, and what its commands share: errors, JSON, output."""
import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click
from flask.cli import FlaskGroup
from sqlalchemy.exc import OperationalError, ProgrammingError

from app.factory import create_app
from app.platform.errors import InvalidValues, ServiceError
from engine.errors import EngineError


def fail(message: str, code: int = 1) -> None:
    """Print a one-line message on stderr and exit non-zero."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every error into one line on stderr and a non-zero exit; never a traceback."""
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InvalidValues as exc:
            for field, messages in exc.errors.items():
                for message in messages:
                    click.echo(f"error: {field}: {message}", err=True)
            fail(str(exc))
        except (ServiceError, EngineError) as exc:
            fail(str(exc))
        except (OperationalError, ProgrammingError) as exc:
            detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            fail(f"the database refused the request ({detail}); run 'flowdesk init-db' if it is new.")
        except OSError as exc:
            fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # the promise is: no traceback, ever
            fail(f"unexpected {type(exc).__name__}: {exc}", code=2)
    return wrapper


def emit(data: Any, as_json: bool, lines: Callable[[], list[str]]) -> None:
    """Print data as JSON or as human-readable lines."""
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        return
    for line in lines():
        click.echo(line)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=True)
def main() -> None:
    """FlowDesk: IT service management where every flow is a BPMN diagram."""
