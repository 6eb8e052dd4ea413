"""The Camunda 7 corpus (issue 10 §4): every real diagram runs as Camunda 7 would, or is refused for a listed reason.

The 36 diagrams live beside the repository in shared/camunda-corpus (see its SOURCES.md); nobody here
drew them. Each has one scenario below, judged against Camunda 7's documented semantics, not against what
SpiffWorkflow happens to do:

- a run: start (by the CLI's start, by a message, or by a timer start event), then the user tasks that
  appear and to whom they are offered, the values they are completed with, the timers that wait and fire
  when the clock moves, the external tasks outside workers take through /engine-rest, and the end: the
  instance's status and its path (user tasks completed, timers fired, end events reached, in order);
- a refusal at deploy: the element it must name and what the reason must be about. A refusal is fair
  only for the constructs in "Refused constructs" of docs/camunda-compatibility.md (Java delegates and
  bean calls, scripts that cannot be sandboxed, DMN, connectors, listeners, forms FlowDesk cannot read).

After every step a guard fails the test on a silent wrong answer: an instance running with nothing open
(no user task in the lists, no waiting timer, message or external task), or completed without passing a
task its scenario requires. Run this file as a script to print the corpus table:

    .venv/bin/python tests/engine/test_camunda_corpus.py
"""
import base64
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.cli import ScriptInfo
from lxml import etree
from SpiffWorkflow.bpmn.specs.defaults import CallActivity, ReceiveTask, ServiceTask
from SpiffWorkflow.bpmn.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState

from app.cli import main
from app.extensions import db
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import list_instances
from app.workflow.models import ProcessInstance
from app.workflow.runtime import SCHEDULER_ACTOR, Runtime
from app.workflow.step import read_run
from engine.clock import FixedClock
from engine.errors import DiagramRefused

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "camunda-corpus"
FILES = sorted(CORPUS.glob("*.bpmn")) if CORPUS.is_dir() else []
ADMIN = "adam"  # an administrator: sends the /engine-rest calls
# A member of the unassigned-task queue's group (UNASSIGNED_TASK_GROUP, service-desk by default): takes the tasks
# Camunda offers to nobody from that queue.
DESK = "desk-agent"
UNASSIGNED_QUEUE = "service-desk"
PASSWORD = "corpus-password-1"  # noqa: S105 - a test account's password, for /engine-rest basic authentication
WORKER = "corpus-worker"
# The people the diagrams name, with the groups they name; one member per candidate group.
PEOPLE = {"demo": [], "john": [], "mary": [], "jonny1": [], "peter": [], "user1": [], "acc": ["accounting"],
          "mgr": ["management"], "eng": ["engineering"], "dum": ["dummy"], "acc2": ["Accounting"],
          "mgr2": ["Management"], "sal": ["Sales"]}
PATH_KINDS = ("task_completed", "timer_fired", "end_reached")


# ---------------------------------------------------------------------------------------------------------
# Scenario vocabulary


@dataclass(frozen=True)
class Offer:
    """An open user task as Camunda would show it: its element, assignee, candidates and due date."""

    element: str
    assignee: str | None = None
    users: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    due: timedelta | None = None  # after the start, when the diagram sets a due date


@dataclass(frozen=True)
class Start:
    """Start the latest version with `flowdesk start` (variables as --var NAME=VALUE)."""

    variables: dict[str, str] = field(default_factory=dict)
    business_key: str | None = None


@dataclass(frozen=True)
class StartByMessage:
    """Deliver a message through POST /engine-rest/message that starts a process (a message start event)."""

    name: str
    business_key: str | None = None


@dataclass(frozen=True)
class StartByTimer:
    """Move the clock and run `flowdesk fire-timers`: the instance waiting on the timer start event (started at
    deploy) runs; with a start cycle another instance is left waiting for the next firing."""

    delta: timedelta


@dataclass(frozen=True)
class Offered:
    """The open user tasks are exactly these (in any order)."""

    tasks: tuple[Offer, ...]


@dataclass(frozen=True)
class Timers:
    """The waiting timers are exactly these: element id and due time after the start."""

    timers: tuple[tuple[str, timedelta], ...]


@dataclass(frozen=True)
class Complete:
    """Claim (when not assigned) and complete an open task of this element with form values, `times` times."""

    element: str
    by: str
    values: dict[str, str] = field(default_factory=dict)
    times: int = 1


@dataclass(frozen=True)
class Advance:
    """Move the clock and run `flowdesk fire-timers`."""

    delta: timedelta


@dataclass(frozen=True)
class Work:
    """An outside worker fetches and locks this topic via /engine-rest, finds this element, completes it."""

    topic: str
    element: str
    variables: dict[str, Any] = field(default_factory=dict)


Step = Start | StartByMessage | StartByTimer | Offered | Timers | Complete | Advance | Work


@dataclass(frozen=True)
class Run:
    """One run of a diagram: steps, then the status and path expected at the end."""

    steps: tuple[Step, ...]
    path: tuple[str, ...]
    status: str = "completed"
    ordered: bool = True  # False: compare the path as a multiset (parallel instances finish in any order)


@dataclass(frozen=True)
class Runs:
    """The diagram deploys and runs as Camunda 7 runs it."""

    process_id: str
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Refused:
    """The diagram is refused at deploy: naming one of these elements, for a reason matching its pattern."""

    choices: tuple[tuple[tuple[str, ...], str], ...]
    construct: str  # the category of docs/camunda-compatibility.md "Refused constructs"


Scenario = Runs | Refused
# What a reason must be about, per refused construct (case-insensitive).
# A service task that runs Java, calls a bean or a connector may instead be told to become an external task.
FORM = r"form ?key|formKey|form file|\.form\b|embedded|camunda-forms"
EXTERNAL = r"|external task"
JAVA = r"camunda:class|delegateExpression|delegate|Java" + EXTERNAL
BEAN = r"bean|method|calls?|expression"
SCRIPT = r"script|JavaScript|Groovy"
DMN = r"DMN|decision|business ?rule"
CONNECTOR = r"connector" + EXTERNAL
LISTENER = r"listener"
# A reason says what to change: it carries an instruction.
INSTRUCTION = r"\b(use|replace|remove|deploy|draw|instead|change|rename|move|add|give|put|set|define|declare|must|make)\b"


def hours(n: float) -> timedelta:
    """Return n hours."""
    return timedelta(hours=n)


# ---------------------------------------------------------------------------------------------------------
# The yardstick: one scenario per file


SCENARIOS: dict[str, Scenario] = {
    # Camunda Forms held in the Camunda web application ("app:"): FlowDesk cannot read them and later steps
    # need their values, so deploy refuses, naming the element and asking for camunda:formData or a
    # camunda-forms:deployment: form deployed beside the diagram.
    "cbe-invoice-approval-camunda-forms.bpmn": Refused(((("StartEvent_1", "UserTask_1"), FORM),), "form"),
    # Embedded HTML forms (embedded:app:...) live in the web application; same reason.
    "cbe-invoice-payment-bpmn-events.bpmn": Refused(((("StartEvent_1", "Task_16y91ka"), FORM),), "form"),
    # The service task calls a Spring bean (#{jobAnnouncementService.notifyAboutPostings(...)}), and so
    # do the assignees of 'review' and 'correct'.
    "cbe-job-announcement.bpmn": Refused(((("mail",), BEAN + EXTERNAL), (("review", "correct"), BEAN)), "bean"),
    # A Java delegate (camunda:class), Spin JSON calls (customer.prop(...)), embedded forms.
    "cbe-json-variables.bpmn": Refused(((("Task_0n2pfas",), JAVA), (("SequenceFlow_4", "SequenceFlow_5"), BEAN),
                                        (("StartEvent_1", "UserTask_1", "UserTask_2", "UserTask_3"), FORM)),
                                       "java"),
    # A JavaScript input parameter calling execution.setVariable cannot be sandboxed (issue 10: refuse it,
    # never drop it); unknown topics and its Quartz cron start are fine.
    "cbe-loan-granting.bpmn": Refused(((("Task_1lvjtd4",), SCRIPT),), "script"),
    # Message start: a message delivered through /engine-rest starts it; its task is offered to nobody, so
    # it sits in the unassigned queue, where the service desk takes it.
    "cbe-message-start.bpmn": Runs("Message_Start_Process", (Run(
        (StartByMessage("instantiationMessage"), Offered((Offer("UserTask_1"),)), Complete("UserTask_1", DESK)),
        ("UserTask_1", "EndEvent_1")),)),
    # A Quartz cron timer start (every 5 seconds): each firing starts a new instance, as in Camunda, leaving the
    # next one waiting. The sub-process's external task goes to an outside worker, and with no invoiceId the
    # conditional boundary event stays quiet. Both end events are reached in the worker's one step, whose
    # history lists them in no set order.
    "cbe-order-handling.bpmn": Runs("Order_Process", (Run(
        (StartByTimer(timedelta(seconds=5)), Offered(()), Work("invoiceCreator", "Task_06z99p1")),
        ("StartEvent_1", "EndEvent_036eexy", "EndEvent_00asnpf"), ordered=False),)),
    # ${execution.setVariable(...)} calls the engine's execution object; a Groovy script; an execution
    # listener on the end event.
    "cbe-parse-bpmn-process.bpmn": Refused(((("serviceTask",), BEAN + EXTERNAL), (("scriptTask",), SCRIPT),
                                            (("endEvent",), LISTENER)), "bean"),
    "cbe-react-example.bpmn": Refused(((("StartEvent_1", "Task_1a9adlo"), FORM),), "form"),
    "cbe-rest-service.bpmn": Refused(((("ServiceTask_1",), CONNECTOR),), "connector"),
    "cbe-twitter-demo.bpmn": Refused(((("service_task_send_rejection_notification",
                                        "service_task_publish_on_twitter"), JAVA),
                                      (("start_event_new_tweet", "user_task_review_tweet"), FORM)), "java"),
    # The external task is fine; the gateway conditions call a method on a Java object (bean.getValue()).
    "cbp-engine-variable-workflow.bpmn": Refused(((("ExclusiveGateway_1hmw1xo", "SequenceFlow_1jvw6i9",
                                                    "SequenceFlow_1nolqzh"), BEAN),),
                                                 "bean"),
    # A flow without an id, a date default in Camunda's dd/MM/yyyy; the task goes to group 'dummy'.
    # The process has no end event: Camunda ends the instance when the task's token has nowhere to go.
    "cbp-formdata-builtin-types.bpmn": Runs("FormDataTest.testGetFormFieldBuiltInTypes", (Run(
        (Start(), Offered((Offer("usertask", groups=("dummy",)),)),
         Complete("usertask", "dum", {"stringField": "other", "longField": "2", "booleanField": "false",
                                      "dateField": "2013-01-10", "enumField": "b"})),
        ("usertask",)),)),
    # Approve invoice uses an app: form key (a page of the Camunda web application).
    "cbp-fox-invoice-generated-forms.bpmn": Refused(((("approveInvoice",), FORM),), "form"),
    # #{dueDate} is a date process variable given at start; the timer waits for it.
    "cbp-intermediate-timer-expression.bpmn": Runs("intermediateTimerEventExample", (Run(
        (Start({"dueDate": "2030-01-01T12:00:00+00:00"}), Offered(()),
         Advance(timedelta(days=3650))),
        ("timer", "theEnd")),)),
    # DMN (businessRuleTask decisionRef), JavaScript task listeners, a Java delegate, embedded forms.
    "cbp-invoice-v2.bpmn": Refused(((("assignApprover",), DMN), (("approveInvoice",), LISTENER + "|" + FORM),
                                    (("ServiceTask_1",), JAVA), (("StartEvent_1", "prepareBankTransfer"), FORM)),
                                   "dmn"),
    # Three interrupting timers on one task: the earliest (1 hour) wins and cancels the others.
    "cbp-multiple-timers-on-user-task.bpmn": Runs("multipleTimersOnUserTask", (Run(
        (Start(), Offered((Offer("firstTask"),)),
         Timers((("escalationTimer2", hours(1)), ("escalationTimer1", hours(2)), ("escalationTimer3", hours(3)))),
         Advance(hours(1)), Offered((Offer("thirdTask"),)), Timers(()), Complete("thirdTask", DESK)),
        ("escalationTimer2", "thirdTask", "escalatedEnd")),)),
    # A non-interrupting timer on one of two parallel tasks: its branch ends alone, the join waits for both.
    "cbp-noninterrupting-timer-concurrent-tasks.bpmn": Runs("nonInterruptingOnConcurrentTasks", (Run(
        (Start(), Offered((Offer("firstTask"), Offer("secondTask"))), Timers((("timer", hours(1)),)),
         Advance(hours(1)), Offered((Offer("firstTask"), Offer("secondTask"), Offer("timerFiredTask"))),
         Timers(()), Complete("timerFiredTask", DESK), Offered((Offer("firstTask"), Offer("secondTask"))),
         Complete("firstTask", DESK), Complete("secondTask", DESK)),
        ("timer", "timerFiredTask", "nonInterruptingEnd", "firstTask", "secondTask", "theEnd")),)),
    "cbp-parallel-user-tasks.bpmn": Runs("parallel-user-tasks", (Run(
        (Start(), Offered((Offer("UserTask_0ujik1p"), Offer("UserTask_1ccevwb", groups=("accounting", "management")),
                           Offer("UserTask_0saxicd", assignee="user1"))),
         Complete("UserTask_1ccevwb", "mgr"), Complete("UserTask_0saxicd", "user1"),
         Complete("UserTask_0ujik1p", DESK)),
        ("UserTask_1ccevwb", "UserTask_0saxicd", "UserTask_0ujik1p", "EndEvent_00dqp8u")),)),
    # booleanVar is a process variable given at start (Camunda coerces "true"/"false" like Boolean.valueOf).
    "cbp-process-with-exclusive-gateway.bpmn": Runs("ProcessWithExclusiveGateway", (
        Run((Start({"booleanVar": "true"}), Offered((Offer("UserTask_2"),)), Complete("UserTask_2", DESK)),
            ("UserTask_2", "EndEvent_1")),
        Run((Start({"booleanVar": "false"}), Offered((Offer("UserTask_1"),)), Complete("UserTask_1", DESK)),
            ("UserTask_1", "EndEvent_1")))),
    # A parallel multi-instance sub-process of 10, each with a parallel multi-instance task of 2: 20 tasks
    # open at once, each sub-process ends when its two are done.
    "cbp-process-with-sub-process.bpmn": Runs("processWithSubProcess", (Run(
        (Start(), Offered((Offer("UserTask_1"),) * 20), Complete("UserTask_1", DESK, times=20)),
        ("UserTask_1",) * 20 + ("EndEvent_1",) * 10 + ("EndEvent_2",), ordered=False),)),
    # camunda:dueDate="${dateVariable}" with an ISO 8601 period: due that long after the task is created.
    "cbp-relative-due-date.bpmn": Runs("dueDateExtension", (Run(
        (Start({"dateVariable": "P2DT2H30M"}),
         Offered((Offer("theTask", due=timedelta(days=2, hours=2, minutes=30)),)), Complete("theTask", DESK)),
        ("theTask", "theEnd")),)),
    "cbp-review-invoice.bpmn": Refused(((("assignReviewer", "reviewInvoice"), FORM),), "form"),
    "cbp-simple-external-task.bpmn": Runs("SimpleExternalTaskProcess", (Run(
        (Start(), Offered(()), Work("ATopic", "externalTask")),
        ("EndEvent_0u2ai0k",)),)),
    # The older activiti namespace: five parallel tasks, all assigned to jonny1.
    "cbp-sorting-process.bpmn": Runs("sorting", (Run(
        (Start(), Offered(tuple(Offer(f"UserTask_{n}", assignee="jonny1") for n in range(1, 6))),
         *(Complete(f"UserTask_{n}", "jonny1") for n in range(1, 6))),
        ("UserTask_1", "UserTask_2", "UserTask_3", "UserTask_4", "UserTask_5", "EndEvent_1")),)),
    # The 'validator' constraint names a Java class (org.camunda...CustomValidator).
    "cbp-start-form-fields.bpmn": Refused(((("start", "customField"), r"validator"),), "java"),
    # Both event sub-processes are interrupting (no isInterrupting="false"): the 1-minute one fires, cancels
    # the main task and disarms the 1-hour one. Second run: the main flow ends first and the instance
    # completes at once, its event sub-process timers disarmed.
    "cbp-timer-event-subprocess-user-task.bpmn": Runs("startTimerEventSubProcessWithUserTask", (
        Run((Start(), Offered((Offer("userTask"),)),
             Timers((("subprocessStartEvent", timedelta(minutes=1)), ("secondSubprocessStartEvent", hours(1)))),
             Advance(timedelta(minutes=1)), Offered((Offer("subprocessUserTask"),)), Timers(()),
             Complete("subprocessUserTask", DESK)),
            ("subprocessStartEvent", "subprocessUserTask", "subprocessEndEvent")),
        Run((Start(), Offered((Offer("userTask"),)), Complete("userTask", DESK), Timers(())),
            ("userTask", "endEvent")))),
    "cbp-user-task-and-timer.bpmn": Runs("processWithUserTaskAndTimer", (
        Run((Start(), Offered((Offer("Task_1vsjcui"),)), Timers((("BoundaryEvent_0x4cd5k", timedelta(minutes=2)),)),
             Complete("Task_1vsjcui", DESK), Timers(())),
            ("Task_1vsjcui", "EndEvent_09ds17p")),
        Run((Start(), Advance(timedelta(minutes=2))),
            ("BoundaryEvent_0x4cd5k", "EndEvent_1eevm2p")))),
    # activiti:assignee / candidateUsers / candidateGroups, read as Camunda 7 reads them.
    "cbp-user-task-identity-links.bpmn": Runs("userTaskIdentityLinksTestProcess", (Run(
        (Start(), Offered((Offer("UserTask_1", "demo", ("jonny1", "mary", "peter"), ("Accounting", "Sales")),
                           Offer("UserTask_2"), Offer("UserTask_3", "john", ("demo",), ("Accounting", "Management")))),
         Complete("UserTask_1", "demo"), Complete("UserTask_2", DESK), Complete("UserTask_3", "john")),
        ("UserTask_1", "EndEvent_1", "UserTask_2", "EndEvent_2", "UserTask_3", "EndEvent_3")),)),
    "cch-keycloak-showcase.bpmn": Refused(((("ServiceTask_Logger",), JAVA), (("START", "ApproveUser"), FORM)), "java"),
    # Mail connectors, and method calls on a Java mail object (mail.getAttachments()).
    "cch-mail-print-process.bpmn": Refused(((("ServiceTask_1ry54cw", "ServiceTask_1dvrwrv"), CONNECTOR),
                                            (("SequenceFlow_05l47xd", "UserTask_02i93i0", "file"), BEAN)),
                                           "connector"),
    "cgs-payment-final-dmn.bpmn": Refused(((("Task_1j42goo",), DMN),), "dmn"),
    # camunda-forms:deployment:payment.form: the form file is not deployed beside the diagram (it is not in
    # the corpus), and the gateway after the task needs the 'approved' it would set.
    "cgs-payment-step4-user-task.bpmn": Refused(((("Task_1j42goo",), r"payment\.form"),), "form"),
    "cm-c7-user-task-form.bpmn": Runs("Process_1", (Run(
        (Start(), Offered((Offer("Task_1"),)), Complete("Task_1", DESK, {"invoiceNumber": "INV-1"})),
        ("Task_1", "EndEvent_1")),)),
    # formKey without a prefix beside camunda:formData: the drawn fields are the form (Camunda's generated
    # form); the sub-process forks into A1 and A2, then FormB.
    "spiff-subworkflow-complex.bpmn": Runs("SubWorkflow", (Run(
        (Start(), Offered((Offer("Activity_A"),)), Complete("Activity_A", DESK, {"FieldA": "a"}),
         Offered((Offer("Activity_A1"), Offer("Activity_A2"))), Complete("Activity_A1", DESK, {"FieldA1": "a1"}),
         Complete("Activity_A2", DESK, {"FieldA2": "a2"}), Offered((Offer("Activity_B"),)),
         Complete("Activity_B", DESK, {"FieldB": "b"})),
        ("Activity_A", "Activity_A1", "Activity_A2", "Event_0rmbmgv", "Activity_B", "End_Event_1")),)),
    # Form fields of type 'textarea', which Camunda 7 itself refuses ("unknown type"), and conditions written
    # as Python (skipParallel == False), not as expressions: Camunda would fail on them at run time.
    "spiff-token-trial-parallel-simple.bpmn": Refused(((("UserTask_0fd3nql", "UserTask_1k9gxsc", "StaffInteractions",
                                                         "SubjectInteractions", "Screening", "AtRiskParticipants"),
                                                        r"textarea"),
                                                       (("Flow_0f6q83k", "Flow_0wycgzo"),
                                                        r"skipParallel|expression|\$\{")), "Camunda-refused form type or condition"),
}


# ---------------------------------------------------------------------------------------------------------
# The driver: the CLI's commands in-process, /engine-rest through the app's test client


class Stalled(AssertionError):
    """A silent wrong answer: running with nothing open, or completed without a required task."""


class Driver:
    """Play scenario steps against one app, through the same paths as the CLI and outside workers."""

    def __init__(self, app: Flask, clock: FixedClock) -> None:
        self.app = app
        self.clock = clock
        self.runtime: Runtime = app.extensions["flowdesk"]
        self.runner = CliRunner()
        self.client = app.test_client()
        self.instance_id: int | None = None
        self.started_at = clock.now()

    def cli(self, *args: str) -> Any:
        """Run one flowdesk command with --json and return its parsed output; fail with its message."""
        result = self.runner.invoke(main, [*args, "--json"], obj=ScriptInfo(create_app=lambda: self.app),
                                    catch_exceptions=False)
        assert result.exit_code == 0, f"flowdesk {' '.join(args)} failed: {result.output}{result.stderr}"
        return json.loads(result.stdout) if result.stdout.strip() else None

    def cli_plain(self, *args: str) -> None:
        """Run one flowdesk command that has no --json; fail with its message."""
        result = self.runner.invoke(main, list(args), obj=ScriptInfo(create_app=lambda: self.app),
                                    catch_exceptions=False)
        assert result.exit_code == 0, f"flowdesk {' '.join(args)} failed: {result.output}{result.stderr}"

    def rest(self, path: str, body: dict[str, Any]) -> Any:
        """POST to /engine-rest as the admin (basic authentication, as Camunda's clients send it)."""
        token = base64.b64encode(f"{ADMIN}:{PASSWORD}".encode()).decode()
        response = self.client.post(f"/engine-rest{path}", json=body, headers={"Authorization": f"Basic {token}"})
        assert response.status_code in (200, 204), (
            f"POST /engine-rest{path} answered {response.status_code}: {response.get_data(as_text=True)[:300]} "
            "(issue 10 §3: the Camunda REST subset is built on c10-ext / c10-msg)")
        return response.get_json(silent=True)

    def deploy(self, path: Path) -> None:
        """Deploy a corpus file as `flowdesk deploy` does."""
        deploy_diagram(self.runtime, path.read_bytes(), path.name, "cli")

    def play(self, run: Run, process_id: str) -> None:
        """Play a run's steps, checking the guard after each, then its end."""
        self.instance_id = None
        for step in run.steps:
            self.step(step, process_id)
            self.guard(run)
        assert self.status() == run.status, f"instance ends {self.status()}, expected {run.status}"
        path = self.path()
        if run.ordered:
            assert path == list(run.path), f"path {path}, expected {list(run.path)}"
        else:
            assert Counter(path) == Counter(run.path), f"path {sorted(path)}, expected {sorted(run.path)}"

    def step(self, step: Step, process_id: str) -> None:  # noqa: C901 - one branch per step kind
        """Play one step."""
        if isinstance(step, Start):
            self.started_at = self.clock.now()
            args = [f"--var={name}={value}" for name, value in step.variables.items()]
            if step.business_key:
                args.append(f"--business-key={step.business_key}")
            self.instance_id = self.cli("start", process_id, *args)["instance_id"]
        elif isinstance(step, StartByMessage):
            self.started_at = self.clock.now()
            before = {i.id for i in list_instances(process_id=process_id)}
            self.rest("/message", {"messageName": step.name, "businessKey": step.business_key})
            started = [i.id for i in list_instances(process_id=process_id) if i.id not in before]
            assert len(started) == 1, f"the message started {len(started)} instances of {process_id}, expected 1"
            self.instance_id = started[0]
        elif isinstance(step, StartByTimer):
            self.start_by_timer(step.delta)
        elif isinstance(step, Offered):
            self.expect_offers(step.tasks)
        elif isinstance(step, Timers):
            self.expect_timers(step.timers)
        elif isinstance(step, Complete):
            for _ in range(step.times):
                self.complete(step)
        elif isinstance(step, Advance):
            self.advance(step.delta)
        elif isinstance(step, Work):
            self.work(step)

    def start_by_timer(self, delta: timedelta) -> None:
        """Fire the timer start event the newest running instance of the process waits on; follow that instance."""
        waiting = [i.id for i in list_instances(status="running") if i.started_by == SCHEDULER_ACTOR]
        assert waiting, "no instance waits on a timer start event"
        self.instance_id = max(waiting)
        self.started_at = self.clock.now()
        self.advance(delta)

    def open_tasks(self) -> list[dict[str, Any]]:
        """Return the instance's open tasks as `flowdesk tasks --instance N --json` lists them."""
        return list(self.cli("tasks", f"--instance={self.instance_id}"))

    def expect_offers(self, expected: tuple[Offer, ...]) -> None:
        """Compare the open tasks with the expected offers (element, assignee, candidates, due date)."""
        seen = sorted(self.offer_of(t, any(o.due for o in expected)) for t in self.open_tasks())
        wanted = sorted(self.offer_key(o) for o in expected)
        assert seen == wanted, f"tasks offered {seen}, expected {wanted}"

    def offer_of(self, task: dict[str, Any], with_due: bool) -> tuple[Any, ...]:
        """Return a listed task as a comparable tuple."""
        due = datetime.fromisoformat(task["due_at"]) - self.started_at if with_due and task["due_at"] else None
        return (task["element_id"], task["assignee"] or "", tuple(sorted(task["candidate_users"])),
                tuple(sorted(task["candidate_groups"])), str(due))

    @staticmethod
    def offer_key(offer: Offer) -> tuple[Any, ...]:
        """Return an expected offer as a comparable tuple; a task Camunda offers to nobody is in FlowDesk's
        unassigned queue, the group UNASSIGNED_TASK_GROUP names (service-desk by default)."""
        groups = tuple(sorted(offer.groups))
        if not (offer.assignee or offer.users or groups):
            groups = (UNASSIGNED_QUEUE,)
        return (offer.element, offer.assignee or "", tuple(sorted(offer.users)), groups, str(offer.due))

    def timers(self) -> list[dict[str, Any]]:
        """Return the instance's waiting timers as `flowdesk show N --json` shows them."""
        return list(self.cli("show", str(self.instance_id))["timers"])

    def expect_timers(self, expected: tuple[tuple[str, timedelta], ...]) -> None:
        """Compare the waiting timers (element, due after the start) with the expected ones."""
        seen = sorted((t["element_id"], datetime.fromisoformat(t["due_at"]) - self.started_at) for t in self.timers())
        assert seen == sorted(expected), f"timers waiting {seen}, expected {sorted(expected)}"

    def complete(self, step: Complete) -> None:
        """Claim the first open task of the element when it is not assigned, then complete it."""
        task = next((t for t in self.open_tasks() if t["element_id"] == step.element), None)
        assert task is not None, f"no open task {step.element} to complete"
        fields = [f"--field={name}={value}" for name, value in step.values.items()]
        try:
            if task["assignee"] is None:
                self.cli_plain("claim", task["id"], f"--as={step.by}")
            self.cli("complete", task["id"], f"--as={step.by}", *fields)
        except AssertionError as failed:  # name the element, not the task's random id
            raise AssertionError(str(failed).replace(task["id"], step.element)) from None

    def advance(self, delta: timedelta) -> None:
        """Move the clock and fire what is due; a timer that fails to fire fails the step."""
        self.clock.advance(seconds=delta.total_seconds())
        fired = self.cli("fire-timers")
        assert not fired["failed"], f"timers failed to fire: {fired['failed']}"

    def work(self, step: Work) -> None:
        """Fetch and lock the topic as an outside worker, find this instance's task, complete it."""
        locked = self.rest("/external-task/fetchAndLock", {
            "workerId": WORKER, "maxTasks": 10, "topics": [{"topicName": step.topic, "lockDuration": 60000}]})
        mine = [t for t in locked or [] if str(t.get("processInstanceId")) == str(self.instance_id)]
        assert [t.get("activityId") for t in mine] == [step.element], (
            f"worker got {[t.get('activityId') for t in mine]} on topic {step.topic}, expected [{step.element!r}]")
        variables = {name: {"value": value} for name, value in step.variables.items()}
        self.rest(f"/external-task/{mine[0]['id']}/complete", {"workerId": WORKER, "variables": variables})

    def status(self) -> str:
        """Return the instance's status."""
        row = db.session.get(ProcessInstance, self.instance_id)
        assert row is not None, f"instance {self.instance_id} does not exist"
        db.session.refresh(row)
        return str(row.status)

    def path(self) -> list[str]:
        """Return the element ids of the instance's completed tasks, fired timers and reached end events."""
        return [str(e.element_id) for e in list_history(instance_stream(self.instance_id or 0))
                if e.kind in PATH_KINDS and e.element_id]

    def guard(self, run: Run) -> None:
        """Fail on a silent wrong answer after a step."""
        if self.instance_id is None:
            return
        status = self.status()
        if status == "needs_attention":
            row = db.session.get(ProcessInstance, self.instance_id)
            raise AssertionError(f"instance needs attention: {row.last_error if row else '?'}")
        if status == "running" and not (self.open_tasks() or self.timers() or self.waits_outside()):
            raise Stalled(f"instance {self.instance_id} is running with nothing open (path so far {self.path()})")
        if status == "completed":
            missing = Counter(e for e in run.path if e in self.user_tasks_of(run)) - Counter(self.path())
            if missing:
                raise Stalled(f"instance completed without passing {sorted(missing.elements())}")

    @staticmethod
    def user_tasks_of(run: Run) -> set[str]:
        """Return the user task elements a run completes."""
        return {s.element for s in run.steps if isinstance(s, Complete)}

    def waits_outside(self) -> bool:
        """Say whether the instance waits for something from outside: a message, an external task, a child."""
        row = db.session.get(ProcessInstance, self.instance_id)
        assert row is not None
        run = read_run(self.runtime, row)
        waiting = TaskState.READY | TaskState.WAITING | TaskState.STARTED
        return any(waits_for_outside(task.task_spec) for task in run.workflow.get_tasks(state=waiting))


def waits_for_outside(spec: Any) -> bool:
    """Say whether a task spec stands for work done outside the engine (message, external task, called process)."""
    if isinstance(spec, ServiceTask | ReceiveTask | CallActivity):
        return True
    return isinstance(getattr(spec, "event_definition", None), MessageEventDefinition)


def create_people(runtime: Runtime) -> None:
    """Add the people the diagrams name, the agent who works the unassigned queue and the admin of the REST calls."""
    from app.organisation.policies import system_actor
    from app.organisation.users import UserDetails, add_user

    for login, groups in PEOPLE.items():
        add_user(runtime, system_actor(), login, groups)
    add_user(runtime, system_actor(), DESK, [UNASSIGNED_QUEUE], details=UserDetails(roles=["agent"]))
    add_user(runtime, system_actor(), ADMIN, [], details=UserDetails(password=PASSWORD, roles=["admin"]),
             password_hash_method="pbkdf2:sha256:1000")
    db.session.commit()


def check_refusal(scenario: Refused, path: Path, refused: DiagramRefused) -> None:
    """Assert a refusal names one of the scenario's elements, for its reason, with an instruction."""
    assert refused.file_name == path.name
    fair = [pattern for elements, pattern in scenario.choices if refused.element_id in elements]
    assert fair, (f"refused at {refused.element_id!r}, expected one of "
                  f"{[e for elements, _ in scenario.choices for e in elements]}: {refused.reason}")
    assert any(re.search(pattern, refused.reason, re.IGNORECASE) for pattern in fair), (
        f"the reason does not name the {scenario.construct} construct: {refused.reason}")
    assert re.search(INSTRUCTION, refused.reason, re.IGNORECASE), f"the reason says nothing to do: {refused.reason}"


def play_file(app: Flask, clock: FixedClock, path: Path) -> str:
    """Deploy a corpus file and play its scenario; return a one-line outcome for the table."""
    scenario = SCENARIOS[path.name]
    driver = Driver(app, clock)
    try:
        driver.deploy(path)
    except DiagramRefused as refused:
        assert isinstance(scenario, Refused), f"refused at {refused.element_id}: {refused.reason}"
        check_refusal(scenario, path, refused)
        return f"refused | {refused.element_id} | {refused.reason}"
    assert isinstance(scenario, Runs), f"deployed, but Camunda 7 semantics say refuse ({scenario.construct})"
    for run in scenario.runs:
        driver.play(run, scenario.process_id)
    return f"runs | - | {' → '.join(scenario.runs[0].path)}"


# ---------------------------------------------------------------------------------------------------------
# pytest

PARAMS = [pytest.param(path, id=path.name) for path in FILES] or [
    pytest.param(None, id="corpus-missing",
                 marks=pytest.mark.skip(reason=f"the Camunda 7 corpus is not at {CORPUS}"))]


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """Run the corpus on SQLite only: what is judged here is the engine's behaviour, not the database's."""
    return sqlite_url


def named_elements(scenario: Scenario) -> set[str]:
    """Return every element id a scenario names: refused elements, or offered, completed, timed and passed ones."""
    if isinstance(scenario, Refused):
        return {element for elements, _ in scenario.choices for element in elements}
    named: set[str] = set()
    for run in scenario.runs:
        named |= set(run.path)
        for step in run.steps:
            if isinstance(step, Offered):
                named |= {offer.element for offer in step.tasks}
            elif isinstance(step, Timers):
                named |= {element for element, _ in step.timers}
            elif isinstance(step, Complete | Work):
                named.add(step.element)
    return named


@pytest.mark.skipif(not FILES, reason=f"the Camunda 7 corpus is not at {CORPUS}")
def test_every_corpus_file_has_a_scenario_naming_only_its_own_elements() -> None:
    assert sorted(SCENARIOS) == [p.name for p in FILES]
    for path in FILES:
        root = etree.fromstring(path.read_bytes())
        ids = {node.get("id") for node in root.iter(etree.Element)}
        assert named_elements(SCENARIOS[path.name]) <= ids, path.name


@pytest.mark.parametrize("path", PARAMS)
def test_camunda_diagram_runs_as_camunda_would_or_is_refused_for_a_listed_reason(app, clock, path: Path) -> None:
    create_people(app.extensions["flowdesk"])
    play_file(app, clock, path)


# ---------------------------------------------------------------------------------------------------------
# The table (run as a script)


def migrated_template(folder: Path) -> Path:
    """Create and migrate one SQLite database to copy for every file."""
    from flask_migrate import upgrade

    from app import create_app

    template = folder / "template.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{template}", "TESTING": True})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return template


def app_on(database: Path, clock: FixedClock) -> Flask:
    """Return an app on a database file, with the test configuration of tests/conftest.py."""
    from app import create_app
    from engine.topics import default_topics

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "TESTING": True, "RUN_CACHE_SIZE": 0,
                       "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "WTF_CSRF_ENABLED": False},
                      clock=clock, topics=default_topics())


def outcome_of(folder: Path, template: Path, path: Path) -> str:
    """Play one file on a fresh copy of the template; say how it went, a failure in its first line."""
    database = folder / f"{path.stem}.sqlite3"
    shutil.copy(template, database)
    clock = FixedClock()
    app = app_on(database, clock)
    with app.app_context():
        try:
            create_people(app.extensions["flowdesk"])
            return play_file(app, clock, path)
        except Exception as exc:  # the table reports every failure, whatever its kind
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            return f"**fails** | - | {first[:220]}"
        finally:
            db.session.remove()
            db.engine.dispose()


def corpus_table() -> Iterator[str]:
    """Yield the outcome of every corpus file as Markdown table lines."""
    yield "| file | outcome | element | reason or path |"
    yield "|---|---|---|---|"
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        template = migrated_template(folder)
        for path in FILES:
            cells = outcome_of(folder, template, path).replace("\n", " ").split(" | ", 2)
            yield f"| {path.name} | " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


if __name__ == "__main__":
    if not FILES:
        sys.exit(f"No Camunda corpus at {CORPUS}.")
    for line in corpus_table():
        print(line, flush=True)
