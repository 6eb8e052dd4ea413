"""How FlowDesk's ids read in Camunda's terms, shared by every /engine-rest endpoint.

A process definition id is Camunda-like "key:version:id" (its key is the BPMN process id); a process
instance id is FlowDesk's instance number as text; task ids are the engine's task ids.
"""


def definition_rest_id(process_id: str, version: int, definition_id: int) -> str:
    """Return the Camunda-style id of a deployed process version."""
    return f"{process_id}:{version}:{definition_id}"
