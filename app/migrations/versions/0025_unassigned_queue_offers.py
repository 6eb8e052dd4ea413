"""Tasks drawn for nobody: their offer to the unassigned-task queue gets a candidate kind of its own ("queue").

Until now such a task was offered to UNASSIGNED_TASK_GROUP as a plain group row, which cannot be told from a
task drawn for that group. Open tasks whose only candidate row is that group are looked up in the diagram
their instance runs on: a user task drawn with no assignee, no candidate users and no candidate groups
(camunda: or activiti: attributes) gets the queue kind; every other row stays. Downgrading turns queue rows
back into group rows.

Revision ID: 0025
Revises: 0029
Create Date: 2026-12-06 08:40:00

"""
import os

import sqlalchemy as sa
from alembic import op
from lxml import etree

# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0029'
branch_labels = None
depends_on = None

NAMESPACES = ("http://camunda.org/schema/1.0/bpmn", "http://activiti.org/bpmn")
OFFER_ATTRIBUTES = ("assignee", "candidateUsers", "candidateGroups")
SINGLE_GROUP_OFFERS = sa.text("""
    SELECT c.id, t.element_id, i.definition_id FROM user_task_candidate c
    JOIN user_task t ON t.id = c.task_id
    JOIN process_instance i ON i.id = t.instance_id
    WHERE c.kind = 'group' AND c.name = :group
      AND (SELECT count(*) FROM user_task_candidate o WHERE o.task_id = c.task_id) = 1
""")


def unassigned_task_group() -> str | None:
    """Return the configured queue group (the app's setting when run by flask db, else the environment's)."""
    try:
        from flask import current_app
        return current_app.config.get("UNASSIGNED_TASK_GROUP")
    except RuntimeError:  # outside an application context
        return os.environ.get("FLOWDESK_UNASSIGNED_TASK_GROUP", "service-desk").strip() or None


def drawn_for_nobody(xml: bytes, element_id: str) -> bool:
    """Say whether the diagram draws this user task with no assignee and no candidates."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    found = root.xpath("//*[local-name()='userTask' and @id=$id]", id=element_id)
    if not found:
        return False
    element = found[0]
    return not any((element.get(f"{{{namespace}}}{name}") or "").strip()
                   for namespace in NAMESPACES for name in OFFER_ATTRIBUTES)


def upgrade():
    group = unassigned_task_group()
    if not group:
        return
    bind = op.get_bind()
    diagrams: dict[int, bytes] = {}
    queued = []
    for candidate_id, element_id, definition_id in bind.execute(SINGLE_GROUP_OFFERS, {"group": group}).all():
        if definition_id not in diagrams:
            diagrams[definition_id] = bind.execute(sa.text("SELECT bpmn_xml FROM process_definition WHERE id = :id"),
                                                   {"id": definition_id}).scalar_one()
        if drawn_for_nobody(bytes(diagrams[definition_id]), element_id):
            queued.append(candidate_id)
    if queued:
        bind.execute(sa.text("UPDATE user_task_candidate SET kind = 'queue' WHERE id IN :ids")
                     .bindparams(sa.bindparam("ids", expanding=True)), {"ids": queued})


def downgrade():
    op.execute("UPDATE user_task_candidate SET kind = 'group' WHERE kind = 'queue'")
