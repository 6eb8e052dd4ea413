"""What the portal offers a requester: the processes she may start, each with its description, and starting one.

Who may start a process is the diagram's word (camunda:candidateStarterGroups / candidateStarterUsers,
as Camunda 7 reads them) judged by app.organisation.policies.may_start_process: the portal lists, shows and
starts only what that rule allows, and the API's start refuses the rest the same way.
"""
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.organisation.policies import Actor, may_start_process
from app.platform.errors import NotAllowed, NotFound
from app.platform.transactions import use_case
from app.servicedesk.catalogue.items import catalogue_processes
from app.servicedesk.change.stages import PROCESS_OF_TYPE
from app.workflow.catalog import latest_definition, list_startable_processes
from app.workflow.diagram_text import text_of_definition
from app.workflow.instances.lifecycle import start_instance
from app.workflow.runtime import Runtime

# Processes logged through the full ticket form (title, category, impact, urgency, files, article suggestions):
# log_ticket starts them, so the portal sends their card to that form rather than to a start form of its own.
TICKET_FORM_PROCESSES = frozenset({"incident"})
# Processes that run on a record their own page writes first (a change's type, CIs, window and plans): started bare,
# they would fail at their first step, so neither the portal nor the API starts them.
RECORD_PROCESSES = {**{process_id: "a change, raised on the Changes page (/changes/new)"
                       for process_id in PROCESS_OF_TYPE.values()},
                    "problem": "a problem, opened on the Problems page (/problems)"}


@dataclass(frozen=True)
class PortalOffer:
    """A card of the portal: a process the requester may start."""

    process_id: str
    name: str
    description: str | None
    ticket_form: bool  # logged through the full ticket form, not the process's start form


def list_portal_offers(actor: Actor, locale: str = "en") -> list[PortalOffer]:
    """Return the processes the actor may start from the portal, by name, with their descriptions, in a locale."""
    offers = []
    ordered_from_catalogue = catalogue_processes()
    for process in list_startable_processes(locale):
        if process.process_id in ordered_from_catalogue or process.process_id in RECORD_PROCESSES:
            continue
        row = latest_definition(process.process_id)
        text = text_of_definition(row.id)
        if may_start_process(actor, text.starter_groups, text.starter_users):
            offers.append(PortalOffer(process.process_id, process.name, process.description,
                                      process.process_id in TICKET_FORM_PROCESSES))
    return offers


def check_may_start(actor: Actor, process_id: str) -> None:
    """Refuse (NotFound) a process that is not deployed, and (NotAllowed) one the actor may not start."""
    row = latest_definition(process_id)
    if row is None:
        raise NotFound(f"No process '{process_id}' is deployed.")
    if process_id in catalogue_processes():
        raise NotAllowed(f"'{process_id}' is ordered from the catalogue, which opens its ticket; order it there.")
    if process_id in RECORD_PROCESSES:
        raise NotAllowed(f"'{process_id}' cannot be started as a bare process: it runs on the record of "
                         f"{RECORD_PROCESSES[process_id]}, which starts it.")
    text = text_of_definition(row.id)
    if not may_start_process(actor, text.starter_groups, text.starter_users):
        raise NotAllowed(f"{actor.login} may not start '{text.name}': its diagram lets only "
                         f"{', '.join(sorted(text.starter_groups | text.starter_users))} start it. "
                         "Ask the service desk to start it for you.")


def is_logged_as_ticket(process_id: str) -> bool:
    """Say whether a process is logged through the full ticket form rather than its own start form."""
    return process_id in TICKET_FORM_PROCESSES


@use_case
def start_request(runtime: Runtime, actor: Actor, process_id: str, values: Mapping[str, Any],
                  business_key: str | None = None, more_variables: bool = False) -> int:
    """Start a process from the portal (or the API) for a requester who may start it; return the instance id."""
    check_may_start(actor, process_id)
    return start_instance(runtime, process_id, values, business_key, actor.login, more_variables=more_variables)
