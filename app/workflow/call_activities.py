"""Which stored version of a called process a call activity runs, as Camunda 7 binds it.

latest (the default): the newest version when the caller's instance is loaded; version: the one named by
camunda:calledElementVersion; deployment: the newest version stored before (or with) the caller's version.
A caller is parsed together with the XML of the versions chosen, and cached per caller and callee versions.
"""
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, select

from app.extensions import db
from app.workflow.models import ProcessDefinition
from engine.called_elements import CalledElement

DEFINITIONS = cast(Table, ProcessDefinition.__table__)
_CALLEE = select(DEFINITIONS.c.id, DEFINITIONS.c.bpmn_xml).where(DEFINITIONS.c.process_id == bindparam("process_id"))
CALLEE_QUERIES = {
    "latest": _CALLEE.order_by(DEFINITIONS.c.version.desc()).limit(1),
    "version": _CALLEE.where(DEFINITIONS.c.version == bindparam("version")),
    "deployment": _CALLEE.where(DEFINITIONS.c.id <= bindparam("caller_id"))
    .order_by(DEFINITIONS.c.version.desc()).limit(1),
}


def chosen_callees(calls: Sequence[CalledElement], caller_id: int | None = None) -> dict[str, tuple[int, bytes]]:
    """Return, by process id, the stored version (id, XML) each call activity runs; the ones not deployed are left
    out (parsing the caller then refuses it, naming the call activity).

    caller_id: the caller's stored version, for the "deployment" binding; None while it is being deployed
    (then the newest version is the one deployed with it).
    """
    chosen: dict[str, tuple[int, bytes]] = {}
    connection = db.session.connection()
    for call in calls:
        binding = "latest" if call.binding == "deployment" and caller_id is None else call.binding
        row: Any = connection.execute(CALLEE_QUERIES[binding], {
            "process_id": call.process_id, "version": call.version, "caller_id": caller_id}).first()
        if row is not None:
            chosen[call.process_id] = (row.id, bytes(row.bpmn_xml))
    return chosen
