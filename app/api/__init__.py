"""The JSON API at /api/v1: bearer tokens, problem documents, tasks, instances, CIs, articles, its OpenAPI document."""
import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint
from flask_babel import force_locale

from app.api import (
    auth,
    catalogue,
    change_calendar,
    change_tickets,
    cmdb,
    diagrams,
    evidence,
    insight,
    instances,
    knowledge,
    messages,
    migrations,
    openapi,
    problem_tickets,
    problems,
    reports,
    surveys,
    tasks,
    ticket_writes,
    tickets,
    whatif,
)
from app.platform.errors import ServiceError

MAX_ID = 2**31 - 1  # integer ids are 32-bit on PostgreSQL: larger ones name nothing (404), not an error
# (rule, method, endpoint, view); each view declares its models and answers (app/api/contract.py), from which come
# its validation and its entry in the OpenAPI document, under its endpoint as operationId.
ROUTES: tuple[tuple[str, str, str, Callable[..., Any]], ...] = (
    ("/tasks", "GET", "list_tasks", tasks.list_tasks),
    ("/tasks/<task_id>/claim", "POST", "claim_task", tasks.claim),
    ("/tasks/<task_id>/release", "POST", "release_task", tasks.release),
    ("/tasks/<task_id>/complete", "POST", "complete_task", tasks.complete),
    ("/processes/<process_id>/instances", "POST", "start_instance", instances.start),
    (f"/instances/<int(max={MAX_ID}):instance_id>", "GET", "show_instance", instances.show),
    (f"/instances/<int(max={MAX_ID}):instance_id>/history", "GET", "instance_history", instances.history),
    (f"/instances/<int(max={MAX_ID}):instance_id>/replay", "GET", "replay_instance", instances.replay),
    (f"/instances/<int(max={MAX_ID}):instance_id>/evidence", "GET", "instance_evidence", evidence.case_bundle),
    ("/evidence", "POST", "export_evidence", evidence.bundle),
    ("/evidence/public-key", "GET", "evidence_key", evidence.public_key),
    ("/messages", "POST", "send_message", messages.send),
    ("/migrations", "POST", "migrate_instances", migrations.migrate),
    ("/cis", "GET", "list_cis", cmdb.list_all),
    ("/cis", "POST", "create_ci", cmdb.create),
    (f"/cis/<int(max={MAX_ID}):ci_id>", "GET", "show_ci", cmdb.show),
    (f"/cis/<int(max={MAX_ID}):ci_id>", "PATCH", "update_ci", cmdb.change),
    (f"/cis/<int(max={MAX_ID}):ci_id>/impact", "GET", "ci_impact", cmdb.impact),
    ("/articles", "GET", "list_articles", knowledge.list_all),
    ("/articles", "POST", "create_article", knowledge.create),
    (f"/articles/<int(max={MAX_ID}):article_id>", "GET", "show_article", knowledge.show),
    ("/tickets", "GET", "list_tickets", tickets.list_tickets),
    ("/tickets/<number>", "GET", "show_ticket", tickets.show),
    ("/tickets", "POST", "log_incident", ticket_writes.log_incident),
    ("/tickets/<number>/notes", "POST", "add_ticket_note", ticket_writes.add_note),
    ("/tickets/<number>/attachments", "POST", "attach_ticket_file", ticket_writes.attach_file),
    ("/changes", "GET", "list_changes", change_tickets.list_all),
    ("/changes", "POST", "raise_change", change_tickets.create),
    ("/changes/<number>", "GET", "show_change", change_tickets.show),
    ("/changes/<number>", "PATCH", "update_change", change_tickets.change),
    ("/changes/<number>/links", "POST", "link_change_ticket", change_tickets.link),
    ("/problems", "GET", "list_problems", problem_tickets.list_all),
    ("/problems", "POST", "open_problem", problem_tickets.create),
    ("/problems/<number>", "GET", "show_problem", problem_tickets.show),
    ("/problems/<number>", "PATCH", "update_problem", problem_tickets.change),
    ("/problems/<number>/incidents", "POST", "link_problem_incident", problem_tickets.link_incident),
    ("/problems/<number>/workaround/publish", "POST", "publish_workaround", problem_tickets.publish),
    ("/changes/<number>/schedule-check", "POST", "check_change_schedule", change_calendar.schedule_check),
    ("/change-calendar", "GET", "change_calendar", change_calendar.calendar),
    ("/change-calendar.ics", "GET", "change_calendar_ics", change_calendar.calendar_as_ics),
    ("/catalogue", "GET", "list_catalogue", catalogue.list_items),
    ("/catalogue/<key>/requests", "POST", "order_catalogue_item", catalogue.order),
    ("/diagrams/validate", "POST", "validate_diagram", diagrams.validate),
    ("/processes/<process_id>/draft", "GET", "read_draft", diagrams.read),
    ("/processes/<process_id>/draft", "PUT", "save_draft", diagrams.save),
    ("/processes/<process_id>/insight", "GET", "process_insight", insight.show),
    ("/surveys", "GET", "list_surveys", surveys.list_all),
    ("/surveys/<number>", "GET", "show_survey", surveys.show),
    ("/surveys/<number>/answer", "POST", "answer_survey", surveys.answer),
    ("/reports/kpis", "GET", "report_kpis", reports.kpis),
    ("/reports/export", "GET", "export_report", reports.export),
    ("/processes/<process_id>/draft/what-if", "POST", "draft_what_if", whatif.what_if),
    ("/processes/<process_id>/draft/what-if/<int:run_id>", "GET", "show_what_if_run", whatif.show),
    ("/processes/<process_id>/draft/what-if/<int:run_id>/cancel", "POST", "cancel_what_if_run", whatif.cancel),
    ("/openapi.json", "GET", "openapi_document", openapi.openapi_document),
)


def in_english(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run a view in English whatever language a browser session chose: API clients read the messages."""
    @functools.wraps(view)
    def english_view(*args: Any, **kwargs: Any) -> Any:
        with force_locale("en"):
            return view(*args, **kwargs)
    return english_view


def create_blueprint() -> Blueprint:
    """Build the API blueprint: routes, token check, problem documents for refusals."""
    api = Blueprint("api", __name__, url_prefix="/api/v1")
    for rule, method, endpoint, view in ROUTES:
        api.add_url_rule(rule, endpoint, in_english(view), methods=[method])
    api.before_request(auth.authenticate)
    api.before_request(problems.refuse_nul_characters)
    api.register_error_handler(ServiceError, problems.service_problem)
    api.register_error_handler(problems.Problem, problems.problem_response)
    return api


blueprint = create_blueprint()
