"""Running diagrams: deploy and version them, step instances, tasks and the tasklist, timers, history."""
