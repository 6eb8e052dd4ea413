"""The words of a change's life: its types, stages (and the ticket status each means), and review outcomes."""
CHANGE_TYPES = ("standard", "normal", "emergency")
PROCESS_OF_TYPE = {"standard": "change-standard", "normal": "change-normal", "emergency": "change-emergency"}
STAGES = ("new", "assess", "cab", "schedule", "implement", "review", "closed", "rejected")
STAGE_STATUS = {"assess": "in_progress", "cab": "in_progress", "schedule": "in_progress", "implement": "in_progress",
                "review": "resolved", "closed": "closed", "rejected": "cancelled"}
OUTCOMES = ("successful", "successful_with_issues", "failed", "backed_out")
# outcomes after which the incidents and problems the change fixes are moved on; after the others they are told
FIXING_OUTCOMES = ("successful", "successful_with_issues")
IMPACTS = ("low", "medium", "high")
# outcomes after which the change is not in place: its window leaves the calendar (a successful change's stays, as
# a record of the work done there)
RELEASING_OUTCOMES = ("backed_out",)
# outcomes the reports count as failed changes (note events change_failed, change_backed_out)
FAILED_OUTCOMES = ("failed", "backed_out")
