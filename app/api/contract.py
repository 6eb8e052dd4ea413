"""One declaration per endpoint: who may call it, its query and body models and its answers.

From the declaration come both the request's validation (spectree with pydantic models, refusals
as problem documents naming each member) and the endpoint's entry in the OpenAPI 3.1 document.
"""
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel
from spectree import Response, SpecTree, Tag
from spectree.plugins.flask_plugin import FlaskPlugin

from app.api.auth import require
from app.api.problems import Problem, contains_nul, json_object_body
from app.api.refusals import refuse_invalid_request, register_model
from app.api.schemas.common import InvalidValuesDocument, ProblemDocument
from app.organisation.policies import Actor

View = TypeVar("View", bound=Callable[..., Any])
MULTIPART = "multipart/form-data"
REFUSALS = {
    400: "The body is not a JSON object, or the address or body holds a NUL character.",
    401: "No token, or an unknown or revoked one.",
    403: "The token's user may not do this.",
    404: "Nothing has this id.",
    409: "The task already finished, the request does not fit the current state, or the engine step failed "
         "and the instance needs attention.",
    422: "Refused values, by field or parameter.",
}
TAGS = {tag.name: tag for tag in (
    Tag(name="tasks", description="The task inbox."),
    Tag(name="instances", description="Starting processes and following instances."),
    Tag(name="messages", description="Messages from outside that resume or start processes."),
    Tag(name="cmdb", description="Configuration items and the impact view."),
    Tag(name="knowledge", description="Knowledge articles: search, read, write drafts."),
    Tag(name="tickets", description="Tickets: log incidents; list, search, read, note and attach to those I may see."),
    Tag(name="evidence", description="Evidence bundles for auditors, and the key they are signed with."),
    Tag(name="problems", description="Problems: open, read, list, change root cause and workaround, link incidents, "
                                     "publish the workaround."),
    Tag(name="changes", description="Changes: raise, read, list with filters, edit the record while it may be edited, "
                                    "link the incidents and problems a change fixes; check a proposed window for "
                                    "collisions; the change calendar as JSON and iCalendar."),
    Tag(name="catalogue", description="The request catalogue: the items I may order, with their forms; ordering one."),
    Tag(name="diagrams", description="Checking diagrams as a deployment would, and the drafts of processes."),
    Tag(name="insight", description="How cases ran through a process version: heatmap, paths, rework, conformance."),
    Tag(name="surveys", description="Satisfaction surveys: those I may read with their answers; answering mine."),
    Tag(name="reports", description="KPIs with their definitions, counted from the daily roll-up, and their exports."),
    Tag(name="meta", description="About the API itself."),
)}


class ApiPlugin(FlaskPlugin):
    """Spectree's Flask plugin, reading every body but multipart as JSON, as the API always has."""

    FORM_MIMETYPE = (MULTIPART,)  # type: ignore[assignment]  # spectree types it as a pair


@dataclass(frozen=True)
class Role:
    """Who may call an endpoint at all: a permission rule, and what it lets people do (for the refusal)."""

    rule: Callable[[Actor], bool]
    what: str


@dataclass(frozen=True)
class Success:
    """An endpoint's answer when it succeeds: status, model, description and, for 201, the Location header.

    content: the OpenAPI content (media type -> schema) of an answer that is not JSON (a zip); model is then None.
    """

    status: int
    model: type[BaseModel] | None
    description: str
    location: str | None = None
    content: dict[str, Any] | None = None


@dataclass(frozen=True)
class Extras:
    """What an operation's OpenAPI entry says beyond what spectree writes."""

    location: str | None
    status: int
    body_required: bool
    raw_body: dict[str, Any] | None = None  # the media types and schemas of a body the view reads itself
    raw_answer: dict[str, Any] | None = None  # the media types and schemas of a success that is not JSON


OPERATIONS: dict[str, Extras] = {}


class DocumentedLater(SpecTree):
    """A SpecTree that writes each model's JSON Schema when the OpenAPI document is first made, not when its
    endpoint is declared.

    Validation uses the models themselves; their schemas serve the document alone. Made at declaration, the
    350 of them cost every FlowDesk process (each command, the scheduler, serve) half a second of its start,
    though only a request for /api/v1/openapi.json reads them. The document comes out the same: the schemas
    are added in the order their endpoints were declared, under the names spectree would have given them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.undocumented: list[tuple[Any, Any]] = []  # (model, mode), in the order they were declared
        super().__init__(*args, **kwargs)

    def _add_model(self, model: Any, mode: Any = "validation") -> str:
        self.undocumented.append((model, mode))
        return self.naming_strategy(model)

    def _generate_spec(self) -> dict[str, Any]:
        while self.undocumented:
            model, mode = self.undocumented.pop(0)
            super()._add_model(model, mode)
        return super()._generate_spec()


spec = DocumentedLater(
    backend=ApiPlugin, mode="strict", annotations=False, page_templates={},
    naming_strategy=lambda model: model.__name__, nested_naming_strategy=lambda parent, child: child,
    validation_error_model=InvalidValuesDocument, before=refuse_invalid_request,
)


def endpoint(operation_id: str, tag: str, success: Success, *, role: Role | None = None,
             query: type[BaseModel] | None = None, body: type[BaseModel] | None = None,
             form: type[BaseModel] | None = None, refusals: tuple[int, ...] = (), public: bool = False,
             body_required: bool = True, path: dict[str, str] | None = None,
             raw_body: dict[str, Any] | None = None) -> Callable[[View], View]:
    """Declare an endpoint; the view receives the validated models as query=, body= and form=.

    raw_body: the OpenAPI content (media type -> schema) of a body the view reads itself (a diagram's XML).
    """
    answers = answers_of(success, refusals if public else (400, 401, 422, *refusals))
    for request_model in (query, body, form):
        if request_model is not None:
            register_model(request_model)
    OPERATIONS[operation_id] = Extras(success.location, success.status, body_required, raw_body, success.content)

    def declare(view: View) -> View:
        validated = spec.validate(
            query=query, json=body, form=form, resp=answers, tags=[TAGS[tag]],
            security={} if public else None, operation_id=operation_id, path_parameter_descriptions=path,
        )(with_models(view, query, body, form))

        @functools.wraps(validated)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if role is not None:
                require(role.rule, role.what)
            if body is not None and not (form is not None and request.mimetype == MULTIPART):
                read_json_body()
            return validated(*args, **kwargs)
        return guarded  # type: ignore[return-value]
    return declare


def answers_of(success: Success, refusals: tuple[int, ...]) -> Response:
    """Return spectree's description of an endpoint's answers: its success and its problem documents."""
    answers: dict[str, Any] = {f"HTTP_{success.status}": (success.model, success.description)}
    for status in sorted(set(refusals)):
        answers[f"HTTP_{status}"] = (InvalidValuesDocument if status == 422 else ProblemDocument, REFUSALS[status])
    return Response(**answers)


def with_models(view: View, query: type[BaseModel] | None, body: type[BaseModel] | None,
                form: type[BaseModel] | None) -> Callable[..., Any]:
    """Wrap a view so that it receives the models spectree validated."""
    @functools.wraps(view)
    def view_with_models(*args: Any, **kwargs: Any) -> Any:
        context = request.context  # type: ignore[attr-defined]
        if query is not None:
            kwargs["query"] = context.query
        if body is not None:
            kwargs["body"] = context.json
        if form is not None:
            kwargs["form"] = context.form
        return view(*args, **kwargs)
    return view_with_models


def read_json_body() -> None:
    """Read the body as a JSON object, which Flask then keeps for spectree; refuse anything else with a 400."""
    if request.mimetype == MULTIPART:
        raise Problem(400, "malformed-json", "Malformed JSON",
                      "The request body is multipart/form-data; this endpoint takes a JSON object. Send one.")
    try:
        parsed = request.get_json(force=True, silent=True)
    except RecursionError:  # nested too deeply to parse; json_object_body explains
        parsed = None
    if not isinstance(parsed, dict) or contains_nul(parsed):
        json_object_body()  # refuses, saying why, or accepts an empty body as an empty object
