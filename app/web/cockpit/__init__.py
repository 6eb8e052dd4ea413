"""The cockpit: instances on their diagrams for process owners and auditors."""
