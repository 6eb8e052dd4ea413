"""Which stored version of a called process a call activity runs, as Camunda 7 binds it.

latest (the default): the newest version when the caller's instance is loaded; version: the one named by
camunda:calledElementVersion; deployment: the newest version stored before (or with) the caller's version.
A caller is parsed together with the XML of the versions chosen, and cached per caller and callee versions;
a call under way keeps the callee version it started with (CALLEE_PINS), as Camunda's called instance does. A
callee that calls further processes brings their versions along, to any depth.
"""
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, select

from app.extensions import db
from app.workflow.models import ProcessDefinition
from engine.reading.called_elements import CalledElement

DEFINITIONS = cast(Table, ProcessDefinition.__table__)
_CALLEE = select(DEFINITIONS.c.id, DEFINITIONS.c.bpmn_xml).where(DEFINITIONS.c.process_id == bindparam("process_id"))
CALLEE_QUERIES = {
    "latest": _CALLEE.order_by(DEFINITIONS.c.version.desc()).limit(1),
    "version": _CALLEE.where(DEFINITIONS.c.version == bindparam("version")),
    "deployment": _CALLEE.where(DEFINITIONS.c.id <= bindparam("caller_id"))
    .order_by(DEFINITIONS.c.version.desc()).limit(1),
    "pinned": _CALLEE.where(DEFINITIONS.c.id == bindparam("pinned_id")),
}
# The key of an instance's stored state that names the callee versions its call activities under way run, so
# that a callee deployed anew meanwhile does not change the process an instance is in the middle of.
CALLEE_PINS = "flowdesk_callees"
# Reads the call activities of a diagram (XML, name) that call processes of other files.
CallsOf = Callable[[bytes, str], Sequence[CalledElement]]


def chosen_callees(calls: Sequence[CalledElement], caller_id: int | None = None,
                   pins: Mapping[str, int] | None = None, *, calls_of: CallsOf | None = None,
                   given: Mapping[str, bytes] | None = None) -> dict[str, tuple[int | None, bytes]]:
    """Return, by process id, the stored version (id, XML) each call activity runs; the ones not deployed are left
    out (parsing the caller then refuses it, naming the call activity).

    caller_id: the caller's stored version, for the "deployment" binding; None while it is being deployed
    (then the newest version is the one deployed with it). pins: the versions an instance's calls under way run.
    calls_of (the engine's reading of a diagram's call activities): the callees' own calls are followed too, to
    any depth, each bound from its own caller's version; a process is bound once, by the first call that
    reaches it. given: diagrams deployed in the same request, by process id (id None), which win.
    """
    chosen: dict[str, tuple[int | None, bytes]] = {}
    pending = [(call, caller_id) for call in calls]
    while pending:
        call, from_id = pending.pop(0)
        if call.process_id in chosen:
            continue
        found = (None, given[call.process_id]) if given and call.process_id in given else \
            stored_callee(call, from_id, pins)
        if found is None:
            continue
        chosen[call.process_id] = found
        if calls_of is not None:
            pending += [(inner, found[0]) for inner in calls_of(found[1], call.process_id)]
    return chosen


def stored_callee(call: CalledElement, caller_id: int | None,
                  pins: Mapping[str, int] | None) -> tuple[int, bytes] | None:
    """Return the stored version (id, XML) one call activity binds to, or None when none is deployed."""
    binding = "latest" if call.binding == "deployment" and caller_id is None else call.binding
    pinned_id = (pins or {}).get(call.process_id)
    row: Any = db.session.connection().execute(CALLEE_QUERIES["pinned" if pinned_id else binding], {
        "process_id": call.process_id, "version": call.version, "caller_id": caller_id,
        "pinned_id": pinned_id}).first()
    return None if row is None else (row.id, bytes(row.bpmn_xml))
