"""Read diagrams: parse, check and prepare BPMN and its Camunda extensions."""
