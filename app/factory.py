"""The app factory: configuration, extensions, engine, blueprints."""
import logging
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine as SqlEngine
from werkzeug.routing import IntegerConverter, Map

from app import tables  # noqa: F401 (every table in the metadata)
from app.config import INSTANCE_DIR, Config
from app.extensions import babel, csrf, db, limiter, login_manager, migrate
from app.messaging.mail.account_notices import tell_account_change
from app.messaging.mail.relay_settings import mail_settings_in_force
from app.messaging.topics import register_messaging_topics
from app.organisation.delegations import delegates_of_step
from app.platform.deadlines import DEADLINE_SPENT, configure_statement_deadlines
from app.platform.ids import MAX_ID
from app.platform.start_up import collector_paused
from app.platform.transactions import configure_sqlite_transactions
from app.secret_key import configure_secret_key
from app.servicedesk.catalogue.flow import register_catalogue_topics
from app.servicedesk.change.flow import register_change_topics
from app.servicedesk.change_calendar.flow import register_change_calendar_topics
from app.servicedesk.desk.queue_rows import resolution_target_of
from app.servicedesk.incident.flow import register_incident_topics
from app.servicedesk.insight.keys import case_keys_of
from app.servicedesk.problem.flow import register_problem_topics
from app.servicedesk.processes.form_choices import register_servicedesk_choices
from app.servicedesk.request.flow import register_request_topics
from app.servicedesk.surveys.flow import register_survey_topics
from app.servicedesk.tickets.business_keys import check_business_key
from app.servicedesk.tickets.visibility import visible_instance_variables
from app.workflow.batch import configure_postgres_transactions
from app.workflow.instances.history_keys import install_history_key, load_history_key
from app.workflow.outside.message_delivery import deliver_thrown_events
from app.workflow.run_cache import RunCache
from app.workflow.runtime import Runtime
from app.workflow.scripts import run_scripts_after_commit
from app.workflow.tasks.form_choices import FormChoices
from app.workflow.tasks.queue import use_deadline_rule
from engine.clock import Clock, SystemClock
from engine.evaluation.sandbox import ScriptLimits
from engine.runtime import Engine
from engine.topics import TopicRegistry, default_topics

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


class IdConverter(IntegerConverter):
    """`<int:...>` in an address: at most MAX_ID unless the rule says otherwise, so a larger number is a 404.

    A number past a 32-bit id would otherwise reach PostgreSQL and fail the query (a 500).
    """

    def __init__(self, url_map: Map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002 - werkzeug's name
                 max: int | None = MAX_ID, signed: bool = False) -> None:  # noqa: A002
        super().__init__(url_map, fixed_digits, min, max, signed)


# SpiffWorkflow decides what to gather for a log record by its module logger's own level, not the effective one:
# left unset (0, below INFO), each workflow start and completion walks the whole task tree to list every task id
# for a record that WARNING then drops.
SPIFF_MODULE_LOGGERS = ("spiff.workflow", "spiff.task", "spiff.data")
POSTGRES_POOL_SIZE = 10  # connections a process keeps open to PostgreSQL
POSTGRES_POOL_OVERFLOW = 10  # and opens beyond them at busy moments (closed once returned)


def create_app(test_config: dict[str, Any] | None = None, clock: Clock | None = None,
               topics: TopicRegistry | None = None) -> Flask:
    """Create and configure a FlowDesk app (with the collector paused: what it builds lives, see start_up)."""
    with collector_paused():
        return build_app(test_config, clock, topics)


def build_app(test_config: dict[str, Any] | None, clock: Clock | None, topics: TopicRegistry | None) -> Flask:
    """Build the app create_app returns."""
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.url_map.converters["int"] = IdConverter
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    configure_secret_key(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        options.setdefault("connect_args", {}).setdefault("application_name", app.config["DB_APPLICATION_NAME"])
        # A session holds its connection for its app context (HeldConnectionSession): one per request thread
        # and one per running scheduler job, 8 + 8 in `flowdesk serve`; SQLAlchemy's default pool holds 5 + 10.
        options.setdefault("pool_size", POSTGRES_POOL_SIZE)
        options.setdefault("max_overflow", POSTGRES_POOL_OVERFLOW)
    install_history_key(load_history_key(app.config["HISTORY_KEY"], Path(app.config["HISTORY_KEY_FILE"]),
                                         testing=app.config["TESTING"]))
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    init_web(app)
    with app.app_context():
        configure_sqlite(db.engine)
        configure_postgres_transactions(db.engine)
        configure_statement_deadlines(db.engine, request_statement_limit)
    limits = ScriptLimits(app.config["SCRIPT_CPU_SECONDS"], app.config["SCRIPT_MEMORY_MB"],
                          app.config["SCRIPT_WALL_SECONDS"])
    registry = register_survey_topics(register_catalogue_topics(register_change_calendar_topics(
        register_messaging_topics(register_change_topics(register_problem_topics(register_request_topics(
            register_incident_topics(topics or default_topics()))))))))
    engine = Engine(registry, limits, app.config["MAX_DIAGRAM_BYTES"],
                    defer_scripts=True)
    engine.script_engine.delegates = delegates_of_step
    app.extensions["flowdesk"] = Runtime(engine, clock or SystemClock(), RunCache(app.config["RUN_CACHE_SIZE"]),
                                         choices=register_servicedesk_choices(FormChoices()),
                                         scripts_waiting=run_scripts_after_commit,
                                         events_thrown=deliver_thrown_events,
                                         instance_data_rule=visible_instance_variables,
                                         business_key_check=check_business_key,
                                         case_keys=case_keys_of,
                                         account_changed=tell_account_change,
                                         unassigned_task_group=app.config["UNASSIGNED_TASK_GROUP"],
                                         mail_source=partial(mail_settings_in_force, app.config))
    use_deadline_rule(resolution_target_of)
    register_blueprints(app)
    logging.getLogger("flowdesk").setLevel(logging.INFO)
    # SpiffWorkflow logs every task state change at INFO; that is our history's job, not the log's.
    logging.getLogger("spiff").setLevel(logging.WARNING)
    for name in SPIFF_MODULE_LOGGERS:  # see SPIFF_MODULE_LOGGERS: the parent's level does not stop their extras
        logging.getLogger(name).setLevel(logging.WARNING)
    return app


def request_statement_limit() -> float | None:
    """Return how long a statement may run: STATEMENT_TIMEOUT_SECONDS in a web or API request, else no limit.

    The scheduler and the CLI run FlowDesk's own work, sized by the data, so they get no deadline; nor does the
    error page that answers a request already stopped by its deadline.
    """
    if not has_request_context() or request.environ.get(DEADLINE_SPENT):
        return None
    return float(current_app.config["STATEMENT_TIMEOUT_SECONDS"]) or None


def configure_sqlite(engine: SqlEngine) -> None:
    """Make SQLite behave for many writers: WAL, a busy timeout, and IMMEDIATE transactions for units only."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook below issue BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    configure_sqlite_transactions(engine)


def init_web(app: Flask) -> None:
    """Sessions, CSRF, languages and time zones, templates' helpers and error pages."""
    from app.web.shell import errors, headers, session, static_versions

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    app.config["PERMANENT_SESSION_LIFETIME"] = session.session_limits(app).absolute  # the cookie dies with it
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=session.select_locale, timezone_selector=session.select_timezone,
                   default_translation_directories=str(Path(__file__).parent / "translations"))
    app.jinja_env.filters["localtime"] = session.localtime
    app.jinja_env.filters["ago"] = session.ago
    app.jinja_env.filters["localdate"] = session.local_date
    app.jinja_env.filters["step_name"] = session.step_name
    app.context_processor(session.template_context)
    errors.register(app)
    headers.register(app)
    static_versions.register(app)


def register_blueprints(app: Flask) -> None:
    """Attach the web blueprints, one per audience, the JSON API and the Camunda-compatible /engine-rest."""
    from app import api, engine_rest
    from app.web.admin import users as admin
    from app.web.cmdb import items as cmdb
    from app.web.cockpit import evidence, instances, replay, verification
    from app.web.desk import change_calendar, changes, inbox, pickers, problems, ticket, ticket_actions, tickets
    from app.web.knowledge import articles as knowledge
    from app.web.portal import catalogue_pages, mail_links
    from app.web.portal import pages as portal
    from app.web.portal import surveys as portal_surveys
    from app.web.reports import dashboard as reports
    from app.web.reports import subscriptions as report_subscriptions
    from app.web.shell import auth, delegations, errors, home, notification_settings, profile
    from app.web.studio import catalogue as catalogue_admin
    from app.web.studio import (
        draft_choices,
        insight,
        instance_actions,
        migration,
        modeller,
        modeller_panel,
        processes,
        survey_rules,
        whatif,
    )

    for module in (home, auth, profile, inbox, portal, tickets, ticket, ticket_actions, problems, changes, pickers,
                   cmdb, knowledge, instances, evidence, modeller, modeller_panel, admin, mail_links,
                   notification_settings, delegations, processes, instance_actions, migration, draft_choices, replay,
                   verification, insight, change_calendar, catalogue_pages, catalogue_admin, reports,
                   report_subscriptions, whatif, portal_surveys, survey_rules):
        app.register_blueprint(module.blueprint)
    app.register_blueprint(api.blueprint)
    csrf.exempt(api.blueprint)  # bearer tokens only; the API never reads the session cookie
    app.register_blueprint(engine_rest.blueprint)
    csrf.exempt(engine_rest.blueprint)  # bearer or basic only; /engine-rest never reads the session cookie
    errors.render_http_errors_under(app, "/engine-rest/", engine_rest.errors.http_error)
