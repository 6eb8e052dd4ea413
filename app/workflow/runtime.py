"""The engine and the clock the services work with, built once per app."""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from app.platform.mail_settings import MailSettings
from app.workflow.insight.keys import KeysOf, no_case_keys
from app.workflow.instances.data import InstanceDataRule, instance_data_not_wired
from app.workflow.run_cache import RunCache
from app.workflow.tasks.form_choices import FormChoices
from engine.clock import Clock
from engine.events.message_throws import ThrownMessage
from engine.events.signals import ThrownSignal
from engine.runtime import Engine

SCHEDULER_ACTOR = "scheduler"  # the actor recorded for timer-driven steps


def scripts_not_wired(runtime: "Runtime", instance_id: int, actor: str | None) -> None:
    """Refuse a step that reached a script task in a Runtime built without a script runner."""
    raise RuntimeError(f"Instance {instance_id} waits on a script task, but this Runtime was built without "
                       "a script runner; build it as create_app does (scripts_waiting=run_scripts_after_commit).")


def account_change_not_wired(runtime: "Runtime", user_id: int, change: str, by: str | None, token_name: str) -> None:
    """Refuse a change to someone's sign-in details in a Runtime built without a way to tell them of it."""
    raise RuntimeError(f"A '{change}' of user {user_id} must be told to them, but this Runtime was built without a way "
                       "to tell people; build it as create_app does (account_changed=tell_account_change).")


def thrown_not_wired(runtime: "Runtime", instance_id: int, thrown: list[ThrownMessage | ThrownSignal],
                     actor: str | None) -> None:
    """Refuse a step that sent messages or threw signals in a Runtime built without a way to deliver them."""
    raise RuntimeError(f"Instance {instance_id} sent a message or threw a signal, but this Runtime was built without "
                       "a way to deliver it; build it as create_app does (events_thrown=deliver_thrown_events).")


def any_business_key(business_key: str | None) -> None:
    """Accept every business key (a Runtime whose app keeps no records named by them)."""


@dataclass
class Runtime:
    """What every step needs besides the database: the engine (with its spec cache) and the clock.

    choices are the data-backed choices diagram form fields may name (the app factory registers them);
    scripts_waiting is called by a step whose instance waits on script tasks, so that they run once the
    step committed; the app factory wires it to app.workflow.scripts (which builds on the step).
    events_thrown is called by a save whose run sent messages or threw signals, to correlate and broadcast them in the
    same transaction (app.workflow.outside.message_delivery, which builds on the step too).
    unassigned_task_group is the group offered the tasks a diagram offers to nobody (UNASSIGNED_TASK_GROUP).
    instance_data_rule says which of an instance's variables a reader reads, and business_key_check refuses
    a business key that names another record; both belong to the domains above (the service desk).
    """

    engine: Engine
    clock: Clock
    runs: RunCache = field(default_factory=RunCache)
    choices: FormChoices = field(default_factory=FormChoices)
    scripts_waiting: Callable[["Runtime", int, str | None], None] = scripts_not_wired
    events_thrown: Callable[["Runtime", int, list[ThrownMessage | ThrownSignal], str | None], None] = thrown_not_wired
    instance_data_rule: InstanceDataRule = instance_data_not_wired
    business_key_check: Callable[[str | None], None] = any_business_key
    # Tells a person of a change to their sign-in details (app.messaging.mail.account_notices, by mail):
    # (runtime, user id, change, who made it when not themselves, token name).
    account_changed: Callable[["Runtime", int, str, str | None, str], None] = account_change_not_wired
    unassigned_task_group: str | None = None  # the queue of tasks drawn for nobody (policies.unassigned_queue_offer)
    mail_source: Callable[[], MailSettings] = MailSettings  # the mail settings in force, read when mail is made
    # The ticket keys (category, priority, group) the insight counts a case under, by business key
    # (app.servicedesk.insight_keys, wired by the app factory).
    case_keys: KeysOf = no_case_keys

    @property
    def mail(self) -> MailSettings:
        """Return the mail settings in force now: the base URL of links, the Message-ID domain, the signing key."""
        return self.mail_source()


@dataclass(frozen=True)
class StepContext:
    """What topic handlers learn about the step that calls them (TopicCall.context)."""

    runtime: Runtime
    actor: str | None
    instance_id: int | None

    def now(self) -> datetime:
        """Return the step's time."""
        return self.runtime.clock.now()
