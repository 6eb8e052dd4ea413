"""Who may see and do what: the Actor, and pure rules over it and plain facts, with no I/O.

| role          | may                                                                        |
|---------------|----------------------------------------------------------------------------|
| requester     | start processes from the portal; see their own requests and instances      |
| agent         | work the inbox: group queue, claim, release, complete; see instances with  |
|               | a task of theirs or of their groups                                        |
| approver      | the same inbox rights, for approval tasks offered to them                  |
| manager       | see every ticket; approve major incidents; receive escalations             |
| process_owner | see every instance and its diagram; deploy diagrams; send messages; start  |
|               | a process with variables beyond its start form (API, command line);        |
|               | open /processes; retry, cancel and correct running instances; move them    |
|               | to another version of their process; read a process's insight (heatmap,   |
|               | paths, rework, conformance); replay a period's cases through a draft       |
|               | (what-if)                                                                  |
| auditor       | see every instance and read every history; read a process's insight;       |
|               | export evidence bundles; change nothing (read-only)                        |
| problem-managers (group) | open and work problems, publish workarounds, record known errors, |
|               | accept or dismiss suggested problems (managers and admins too)             |
| change-managers (group) | see and edit every change, work its assessment and review; propose and   |
|               | approve standard-change templates (another's, not their own)               |
| change-advisory-board, ecab (groups) | see every change, decide the CAB tasks offered to them  |
| worker        | an outside program: fetch, lock and finish external tasks (/engine-rest)   |
| admin         | everything, including the organisation and reassigning any task           |

Whoever has an open task on a ticket (assigned, or offered to them or their group) sees that ticket.
Tasks are forwarded and reassigned only to people and groups who work tickets (see works_tickets).

The rules live one module per domain: actor (the Actor and the rules the others build on), tickets, tasks,
instances, processes (start, deploy, drafts, insight, messages, signals, what-if), evidence, administration,
cmdb, knowledge, problems, changes, change_calendar, catalogue, reports, surveys. This package re-exports
every public name of them, so callers write `from app.organisation.policies import may_see_ticket`. The order
of __all__ is the order of the rows of SECURITY.md's permission table (app/organisation/permission_table.py):
put a new rule there too, where its row should read.
"""
from app.organisation.policies.actor import (
    ALL_TICKET_ROLES,
    INBOX_ROLES,
    READ_ONLY_DECIDERS,
    READ_ONLY_ROLES,
    SYSTEM_ACTOR_ID,
    Actor,
    check_may_write,
    is_read_only,
    is_staff,
    may_see_every_ticket,
    may_use_inbox,
    roles_read_only,
    system_actor,
)
from app.organisation.policies.administration import (
    check_may_administer,
    check_may_configure_mail,
    may_administer,
    may_clear_bounce,
    may_configure_mail,
    may_deactivate,
    may_give_roles,
    may_look_up_people,
    may_manage_credentials_of,
    may_manage_delegations_of,
)
from app.organisation.policies.catalogue import (
    CATALOGUE_EDITOR_ROLES,
    check_may_edit_catalogue,
    may_edit_catalogue,
    may_order_for_others,
    may_order_item,
)
from app.organisation.policies.change_calendar import (
    check_may_see_change_calendar,
    check_may_set_change_schedule,
    may_override_schedule_block,
    may_see_change_calendar,
    may_set_change_schedule,
)
from app.organisation.policies.changes import (
    CAB_GROUP,
    CHANGE_EDITABLE_STAGES,
    CHANGE_MANAGERS_GROUP,
    ECAB_GROUP,
    check_may_decide_change_template,
    check_may_edit_change,
    check_may_raise_change,
    may_edit_risk_questions,
    may_manage_change_templates,
    may_manage_changes,
    may_raise_change,
    may_read_changes,
    may_see_every_change,
)
from app.organisation.policies.cmdb import (
    CMDB_EDITOR_ROLES,
    CMDB_READER_ROLES,
    may_define_ci_types,
    may_edit_cmdb,
    may_see_cmdb,
)
from app.organisation.policies.evidence import (
    EVIDENCE_EXPORTER_ROLES,
    check_may_export_evidence,
    check_may_verify_all_history,
    may_export_evidence,
    may_verify_all_history,
)
from app.organisation.policies.instances import (
    ALL_INSTANCE_ROLES,
    check_may_migrate_instances,
    check_may_operate_instances,
    may_migrate_instances,
    may_operate_instances,
    may_replay_case,
    may_see_every_instance,
    may_see_instance,
)
from app.organisation.policies.knowledge import (
    ARTICLE_WRITER_ROLES,
    may_read_article,
    may_write_articles,
)
from app.organisation.policies.problems import (
    PROBLEM_MANAGERS_GROUP,
    check_may_manage_problems,
    may_manage_problems,
    may_see_problems,
)
from app.organisation.policies.processes import (
    check_may_broadcast_signals,
    check_may_cancel_what_if_run,
    check_may_keep_drafts,
    check_may_run_what_if,
    check_may_see_process_insight,
    check_may_see_what_if_run,
    check_may_send_messages,
    may_broadcast_signals,
    may_cancel_what_if_run,
    may_deploy,
    may_keep_drafts,
    may_list_processes,
    may_open_process_studio,
    may_run_what_if,
    may_see_process_insight,
    may_see_what_if_run,
    may_send_messages,
    may_set_process_variables,
    may_start_process,
    may_use_portal,
)
from app.organisation.policies.reports import (
    REPORT_EVERYTHING_ROLES,
    ReportReach,
    may_see_reports,
    report_reach,
)
from app.organisation.policies.surveys import (
    SurveyReach,
    check_may_edit_survey_rules,
    may_edit_survey_rules,
    survey_reach,
)
from app.organisation.policies.tasks import (
    QUEUE_TAKER_ROLES,
    WORKER_ROLES,
    group_works_tickets,
    may_manage_external_tasks,
    may_reassign,
    may_receive_task,
    may_see_external_tasks,
    may_take_queued_tasks,
    may_work_external_tasks,
    unassigned_queue_offer,
    works_tickets,
)
from app.organisation.policies.tickets import (
    REQUESTER_CHANNELS,
    check_may_log_ticket,
    may_see_ticket,
    may_watch_the_desk,
    watched_groups,
)

__all__ = [
    "SYSTEM_ACTOR_ID",
    "Actor",
    "system_actor",
    "INBOX_ROLES",
    "READ_ONLY_ROLES",
    "READ_ONLY_DECIDERS",
    "ALL_INSTANCE_ROLES",
    "ALL_TICKET_ROLES",
    "may_use_inbox",
    "is_read_only",
    "roles_read_only",
    "check_may_write",
    "works_tickets",
    "group_works_tickets",
    "may_receive_task",
    "may_use_portal",
    "may_start_process",
    "may_set_process_variables",
    "may_administer",
    "check_may_administer",
    "may_clear_bounce",
    "may_configure_mail",
    "check_may_configure_mail",
    "may_deactivate",
    "may_manage_credentials_of",
    "may_manage_delegations_of",
    "may_give_roles",
    "may_deploy",
    "may_open_process_studio",
    "may_see_process_insight",
    "check_may_see_process_insight",
    "may_operate_instances",
    "check_may_operate_instances",
    "may_migrate_instances",
    "check_may_migrate_instances",
    "may_send_messages",
    "check_may_send_messages",
    "may_broadcast_signals",
    "check_may_broadcast_signals",
    "may_list_processes",
    "may_see_every_instance",
    "may_see_instance",
    "may_replay_case",
    "EVIDENCE_EXPORTER_ROLES",
    "may_export_evidence",
    "may_verify_all_history",
    "check_may_verify_all_history",
    "check_may_export_evidence",
    "QUEUE_TAKER_ROLES",
    "unassigned_queue_offer",
    "may_take_queued_tasks",
    "may_reassign",
    "may_see_every_ticket",
    "is_staff",
    "may_see_ticket",
    "REQUESTER_CHANNELS",
    "check_may_log_ticket",
    "CMDB_READER_ROLES",
    "CMDB_EDITOR_ROLES",
    "ARTICLE_WRITER_ROLES",
    "may_see_cmdb",
    "may_edit_cmdb",
    "may_define_ci_types",
    "may_write_articles",
    "may_read_article",
    "WORKER_ROLES",
    "may_work_external_tasks",
    "may_manage_external_tasks",
    "may_see_external_tasks",
    "may_watch_the_desk",
    "watched_groups",
    "may_look_up_people",
    "may_keep_drafts",
    "check_may_keep_drafts",
    "may_run_what_if",
    "check_may_run_what_if",
    "may_see_what_if_run",
    "check_may_see_what_if_run",
    "may_cancel_what_if_run",
    "check_may_cancel_what_if_run",
    "PROBLEM_MANAGERS_GROUP",
    "may_see_problems",
    "may_manage_problems",
    "check_may_manage_problems",
    "CHANGE_MANAGERS_GROUP",
    "CAB_GROUP",
    "ECAB_GROUP",
    "CHANGE_EDITABLE_STAGES",
    "may_raise_change",
    "check_may_raise_change",
    "may_manage_changes",
    "may_see_every_change",
    "may_read_changes",
    "check_may_edit_change",
    "may_manage_change_templates",
    "check_may_decide_change_template",
    "may_edit_risk_questions",
    "may_see_change_calendar",
    "check_may_see_change_calendar",
    "may_override_schedule_block",
    "may_set_change_schedule",
    "check_may_set_change_schedule",
    "CATALOGUE_EDITOR_ROLES",
    "may_order_item",
    "may_edit_catalogue",
    "check_may_edit_catalogue",
    "may_order_for_others",
    "REPORT_EVERYTHING_ROLES",
    "ReportReach",
    "report_reach",
    "may_see_reports",
    "SurveyReach",
    "survey_reach",
    "may_edit_survey_rules",
    "check_may_edit_survey_rules",
]
