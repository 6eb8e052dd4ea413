"""What the modeller's panel offers to pick from: external task topics and the choices sources of form fields.

Topics are FlowDesk's own (a handler registered in code runs them) and the outside workers' seen so far: those of
external tasks waiting now and those the versions in force name. A typed topic in neither list is not wrong: its
tasks wait until an outside worker fetches that topic.
"""
from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.organisation.policies import Actor, check_may_keep_drafts
from app.workflow.models import ExternalTask, ProcessDefinition
from app.workflow.runtime import Runtime
from engine.reading.diagram import read_xml
from engine.reading.parser import CAMUNDA


@dataclass(frozen=True)
class PanelOffers:
    """Topics FlowDesk runs, topics outside workers take, and the named sources of form field choices."""

    registered_topics: tuple[str, ...]
    outside_topics: tuple[str, ...]
    choices: tuple[tuple[str, str], ...]  # (source name, what it offers, in the reader's language)

    def to_dict(self) -> dict[str, object]:
        """Return JSON-able data."""
        return {"topics": {"registered": list(self.registered_topics), "outside": list(self.outside_topics)},
                "choices": [{"name": name, "label": label} for name, label in self.choices]}


def panel_offers(runtime: Runtime, actor: Actor) -> PanelOffers:
    """Return what the modeller's panel offers: topics and choices sources. Reads only."""
    check_may_keep_drafts(actor, "read the modeller's topics and choices")
    registered = runtime.engine.topics.names()
    outside = (waiting_topics() | deployed_topics()) - registered
    choices = tuple(sorted((name, str(source.label or source.noun))
                           for name, source in runtime.choices.sources.items()))
    return PanelOffers(tuple(sorted(registered)), tuple(sorted(outside)), choices)


def waiting_topics() -> set[str]:
    """Return the topics of the external tasks waiting now."""
    return set(db.session.execute(select(ExternalTask.topic).distinct()).scalars())


def deployed_topics() -> set[str]:
    """Return the topics the newest version of each deployed process names."""
    newest = (select(ProcessDefinition.process_id, func.max(ProcessDefinition.version).label("version"))
              .group_by(ProcessDefinition.process_id).subquery())
    rows = db.session.execute(select(ProcessDefinition.bpmn_xml, ProcessDefinition.file_name).join(
        newest, (ProcessDefinition.process_id == newest.c.process_id)
        & (ProcessDefinition.version == newest.c.version))).all()
    topics: set[str] = set()
    for xml, file_name in rows:
        root = read_xml(xml, file_name, max_bytes=len(xml))
        topics |= {node.get(CAMUNDA + "topic") or "" for node in root.iter() if node.get(CAMUNDA + "topic")}
    return topics
