"""Deploy diagrams as new process versions."""
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from app.extensions import db
from app.platform.errors import Conflict, StepFailed
from app.platform.transactions import use_case
from app.workflow.call_activities import chosen_callees
from app.workflow.catalog import latest_definition
from app.workflow.instances.history import DEPLOYMENT_STREAM, NewEvent, append_events
from app.workflow.instances.lifecycle import cancel_waiting_at_start, start_instance
from app.workflow.models import ProcessDefinition
from app.workflow.runtime import SCHEDULER_ACTOR, Runtime
from app.workflow.studio.problems import DiagramProblem
from app.workflow.studio.value_warnings import free_text_warnings
from engine.errors import DiagramRefused, EngineError, refusal
from engine.reading.diagram import ParsedProcess, iter_task_specs
from engine.reading.findings import Findings
from engine.reading.task_attributes import fields_of
from engine.runtime import timer_start_events
from engine.views import FieldSpec
from forms import build_form_class


class DeploymentFailed(Conflict):
    """A diagram that parses could not be deployed because its first steps failed; nothing was stored."""


@dataclass(frozen=True)
class Deployed:
    """What a deployment did for one process of a diagram."""

    process_id: str
    name: str
    version: int
    created: bool  # False when identical content was already deployed
    scheduled_instance: int | None = None  # started to wait on a timer start event
    # what the deployment warns of without refusing (app/workflow/studio/value_warnings.py), for new versions
    warnings: tuple[DiagramProblem, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data."""
        data: dict[str, object] = {"process_id": self.process_id, "name": self.name, "version": self.version,
                                   "created": self.created}
        if self.scheduled_instance is not None:
            data["scheduled_instance"] = self.scheduled_instance
        if self.warnings:
            data["warnings"] = [warning.to_dict() for warning in self.warnings]
        return data


def callees_first(runtime: Runtime, files: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Order the files of one deployment so that a file whose processes others call is deployed before them.

    A file that cannot be read keeps its place (deploying it reports why); calls in a circle keep theirs too.
    """
    defines: dict[int, set[str]] = {}
    calls: dict[int, set[str]] = {}
    for index, (file_name, content) in enumerate(files):
        try:
            defines[index], calls[index] = runtime.engine.calls_between(content, file_name)
        except EngineError:
            defines[index], calls[index] = set(), set()
    ordered: list[int] = []

    def visit(index: int, path: tuple[int, ...]) -> None:
        if index in ordered or index in path:
            return
        for other in range(len(files)):
            if other != index and calls[index] & defines[other]:
                visit(other, (*path, index))
        ordered.append(index)
    for index in range(len(files)):
        visit(index, ())
    return [files[index] for index in ordered]


def deploy_diagram(runtime: Runtime, content: bytes, file_name: str, actor: str, *,
                   forms: Mapping[str, bytes] | None = None, note: str | None = None) -> list[Deployed]:
    """Validate a diagram and store each of its processes as a new version unless unchanged.

    forms: the Camunda Forms files (name -> JSON) deployed in the same command; they are stored with
    the version. Raises DiagramRefused (nothing stored) when the diagram is not executable as drawn.
    The diagram is parsed and checked before the unit of work begins, so no lock is held while it is read.
    """
    forms = dict(forms or {})
    parsed = parse_with_callees(runtime, content, file_name, forms)
    check_forms_build(parsed, file_name)
    return store_deployment(runtime, parsed, content, file_name, actor, forms=forms, note=note)


def parse_with_callees(runtime: Runtime, content: bytes, file_name: str, forms: Mapping[str, bytes],
                       deployed_with: Mapping[str, bytes] | None = None) -> list[ParsedProcess]:
    """Parse a diagram with the processes of other files its call activities call.

    deployed_with: the diagrams deployed in the same request, by process id (they win); the others are the
    stored versions the calls bind to.
    """
    try:
        calls = runtime.engine.external_calls(content, file_name)
    except DiagramRefused as refused:
        raise with_other_problems(runtime, content, file_name, forms, refused) from None
    if not calls:
        return runtime.engine.parse(content, file_name, None, forms=forms)
    chosen = chosen_callees(calls, calls_of=runtime.engine.external_calls, given=deployed_with)
    callees = {process_id: xml for process_id, (_, xml) in chosen.items()}
    return runtime.engine.parse(content, file_name, callees, forms=forms)


def with_other_problems(runtime: Runtime, content: bytes, file_name: str, forms: Mapping[str, bytes],
                        refused: DiagramRefused) -> DiagramRefused:
    """Return a call activity's refusal carrying the diagram's other problems (those of other elements)."""
    findings = Findings()
    findings.add(refused)
    try:
        runtime.engine.parse(content, file_name, {}, forms=forms)
    except DiagramRefused as more:
        for problem in more.problems:
            if problem.element_id != refused.element_id:
                findings.add(problem)
    return findings.refusal() or refused


def check_forms_build(parsed: list[ParsedProcess], file_name: str) -> None:
    """Refuse a diagram whose forms cannot be built (a default that is not of its field's type, say).

    Found here, not at the first start or completion, where every attempt would fail the same way.
    """
    findings = Findings()
    for process in parsed:
        for task_spec in iter_task_specs(process):
            fields = fields_of(task_spec)
            if not fields:
                continue
            try:
                build_form_class(fields)
            except ValueError as exc:
                findings.add(DiagramRefused(file_name, task_spec.bpmn_id, str(exc),
                                            property=field_at_fault(fields)))
    findings.raise_any()


def field_at_fault(fields: tuple[FieldSpec, ...]) -> str | None:
    """Return "formField:<id>" of the first field whose form cannot be built alone, or None (a clash of fields)."""
    for field in fields:
        try:
            build_form_class((field,))
        except ValueError:
            return f"formField:{field.id}"
    return None


def form_files_json(forms: Mapping[str, bytes]) -> str | None:
    """Return the forms as stored with a version (JSON name -> text), or None when there are none."""
    if not forms:
        return None
    try:
        return json.dumps({name: forms[name].decode() for name in sorted(forms)}, sort_keys=True)
    except UnicodeDecodeError as exc:
        raise Conflict(f"A form file is not UTF-8 text ({exc}); save it as UTF-8 and deploy again.") from None


@use_case
def store_deployment(runtime: Runtime, parsed: list[ParsedProcess], content: bytes, file_name: str,
                     actor: str, *, forms: Mapping[str, bytes] | None = None,
                     note: str | None = None) -> list[Deployed]:
    """Store parsed processes as new versions, all in one unit with their timer-start instances.

    A new version whose start event is a timer gets an instance waiting on that timer, and the
    earlier version's instance that still waits at its start is cancelled, in the same transaction:
    if any of it fails, no version is stored and nothing is cancelled. note: the change note kept with each new
    version.
    """
    form_files = form_files_json(forms or {})
    content_hash = hashlib.sha256(content + (form_files or "").encode()).hexdigest()
    now = runtime.clock.now()
    warnings = tuple(free_text_warnings(content, file_name))
    results = []
    for process in parsed:
        latest = latest_definition(process.process_id)
        if latest is not None and latest.content_hash == content_hash:
            results.append(Deployed(process.process_id, latest.name, latest.version, False))
            continue
        version = (latest.version if latest else 0) + 1
        db.session.add(ProcessDefinition(
            process_id=process.process_id, version=version, name=process.name, file_name=file_name,
            bpmn_xml=content, form_files=form_files, content_hash=content_hash, deployed_by=actor, deployed_at=now,
            change_note=(note or "").strip() or None,
        ))
        append_events(DEPLOYMENT_STREAM, None, [NewEvent("process_deployed", process.process_id, {
            "version": version, "file_name": file_name, "content_hash": content_hash})], actor, now)
        results.append(Deployed(process.process_id, process.name, version, True, warnings=warnings))
    db.session.flush()
    timed = {p.process_id for p in parsed if timer_start_events(p)}
    return [schedule_timer_start(runtime, d, actor) if d.created and d.process_id in timed else d for d in results]


def schedule_timer_start(runtime: Runtime, deployed: Deployed, actor: str) -> Deployed:
    """Start the instance that waits on a new version's timer start event; retire the old waiting one."""
    cancel_waiting_at_start(runtime, deployed.process_id, deployed.version, actor)
    try:
        instance_id = start_instance(runtime, deployed.process_id, {}, None, SCHEDULER_ACTOR, scheduled=True)
    except StepFailed as failure:
        failure.discard_recovery()  # the version is not stored, so there is nothing to retry
        raise DeploymentFailed(f"{deployed.process_id} version {deployed.version} was not deployed: its "
                               f"instance waiting on the timer start failed. {failure} Fix the diagram and "
                               f"deploy it again.") from failure
    return replace(deployed, scheduled_instance=instance_id)


def deploy_files(runtime: Runtime, files: list[tuple[bytes, str]], actor: str, *,
                 forms: Mapping[str, bytes] | None = None) -> list[Deployed]:
    """Deploy several diagrams (and the Camunda Forms they use): all are checked first (DiagramRefused: nothing
    stored), then stored in one unit, callees before their callers."""
    forms = dict(forms or {})
    ordered = callees_first(runtime, [(file_name, content) for content, file_name in files])
    for file_name, content in ordered:
        runtime.engine.calls_between(content, file_name)  # an unreadable file is refused here, by name
    own = own_processes(runtime, ordered)
    parsed = []
    for file_name, content in ordered:
        processes = parse_with_callees(runtime, content, file_name, forms, own)
        check_forms_build(processes, file_name)
        parsed.append((processes, content, file_name))
    return store_deployments(runtime, parsed, actor, forms)


def deploy_each(runtime: Runtime, files: list[tuple[bytes, str]], actor: str, *,
                forms: Mapping[str, bytes] | None = None,
                note: str | None = None) -> tuple[list[Deployed], list[EngineError]]:
    """Deploy the diagrams of one command that can be deployed, each parsed with the others' XML (so callers and
    callees work in either order), and return what was stored and why the others were refused.

    A file whose call activity calls a process of a refused file is refused too, naming both; the accepted
    files are stored in one unit.
    """
    forms = dict(forms or {})
    ordered = callees_first(runtime, [(file_name, content) for content, file_name in files])
    own = own_processes(runtime, ordered)
    parsed: dict[int, tuple[list[ParsedProcess], bytes, str]] = {}
    refusals: dict[int, EngineError] = {}
    for index, (file_name, content) in enumerate(ordered):
        try:
            processes = parse_with_callees(runtime, content, file_name, forms, own)
            check_forms_build(processes, file_name)
        except EngineError as exc:
            refusals[index] = exc
            continue
        parsed[index] = (processes, content, file_name)
    refuse_callers_of_refused(runtime, ordered, parsed, refusals)
    accepted = [parsed[index] for index in sorted(parsed)]
    deployed = store_deployments(runtime, accepted, actor, forms, note) if accepted else []
    return deployed, [refusals[index] for index in sorted(refusals)]


def refuse_callers_of_refused(runtime: Runtime, ordered: Sequence[tuple[str, bytes]],
                              parsed: dict[int, Any], refusals: dict[int, EngineError]) -> None:
    """Move from parsed to refusals every file that calls a process of a refused file, until none is left."""
    while True:
        refused_by = {process_id: ordered[index][0] for index in refusals
                      for process_id in defined_or_none(runtime, *ordered[index])}
        for index in sorted(parsed):
            file_name, content = ordered[index]
            call = next((call for call in runtime.engine.external_calls(content, file_name)
                         if call.process_id in refused_by), None)
            if call is not None:
                del parsed[index]
                refusals[index] = DiagramRefused(file_name, call.element_id, refusal(
                    "the call activity calls process '%(process)s' of %(file)s, which was refused; fix that file and "
                    "deploy both again"), {"process": call.process_id, "file": refused_by[call.process_id]},
                    "calledElement")
                break
        else:
            return


def defined_or_none(runtime: Runtime, file_name: str, content: bytes) -> set[str]:
    """Return the ids of the processes a file defines, or none when it cannot be read."""
    try:
        return runtime.engine.calls_between(content, file_name)[0]
    except EngineError:
        return set()


def own_processes(runtime: Runtime, files: Sequence[tuple[str, bytes]]) -> dict[str, bytes]:
    """Return the XML of the files deployed together, by the id of each process they define."""
    own: dict[str, bytes] = {}
    for file_name, content in files:
        own.update(dict.fromkeys(defined_or_none(runtime, file_name, content), content))
    return own


@use_case
def store_deployments(runtime: Runtime, parsed: list[tuple[list[ParsedProcess], bytes, str]],
                      actor: str, forms: Mapping[str, bytes], note: str | None = None) -> list[Deployed]:
    """Store the processes of several parsed diagrams in one unit: all of them or none."""
    return [deployed for processes, content, file_name in parsed
            for deployed in store_deployment(runtime, processes, content, file_name, actor, forms=forms, note=note)]
