"""FlowDesk's BPMN engine: parse and validate diagrams, run instances, report timers and tasks."""
