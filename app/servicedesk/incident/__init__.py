"""Incident management: the external tasks of processes/incident.bpmn."""
