"""The role x route matrix: for every route of the pages and the API, and every role, the answer issue 9 intends.

A route is keyed by its rule without converters ("/cmdb/<ci_id>") and its method. Its entry gives the path to
call (with the world's ids in braces), the body to send (a valid one: a refused write must be refused although it
would have worked), and the expected answer class per role. `today` lists the cells where today's code answers
otherwise, each with the finding of issue 9 that covers it: the test marks them xfail(strict), so the fix that
lands turns them into failures (XPASS) and whoever merges it deletes the entry.
"""
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Answer classes.
ALLOWED = "allowed"      # 2xx, or a redirect that is neither to the sign-in page nor carries an error message
SIGN_IN = "sign-in"      # pages: redirect to /login; API: 401 with a Bearer challenge
REFUSED = "refused"      # 403, or (pages) a redirect back with the service's refusal as an error message
HIDDEN = "hidden"        # 404: the reader may not know the thing exists
INVALID = "invalid"      # 400/409/422, or (pages) a redirect back with an error message: allowed, but not now/so
NOT_HERE = "405"         # the method is not accepted at that address

PLAYERS = ("requester", "other_requester", "agent_other_group", "agent_ticket_group", "approver", "manager",
           "process_owner", "auditor", "admin")
# signed_out: the cookie a requester (rob) held before he signed out; admin_token: an administrator's valid token
# and no cookie (it opens the API as the admin, and no page); bad_token: a token nobody was given;
# revoked_token: an administrator's token after its revocation.
ROLES = ("anonymous", *PLAYERS, "deactivated", "signed_out", "admin_token", "bad_token", "revoked_token")
UNAUTHENTICATED = ("anonymous", "deactivated", "signed_out", "bad_token", "revoked_token")

# Who holds what, as app/organisation/policies/ decides it for the people playing each role.
PORTAL = {"requester", "other_requester", "agent_other_group", "agent_ticket_group", "process_owner", "admin"}
INBOX = {"agent_other_group", "agent_ticket_group", "approver", "admin"}
CMDB_READERS = {"agent_other_group", "agent_ticket_group", "manager", "process_owner", "auditor", "admin"}
CMDB_EDITORS = {"agent_other_group", "agent_ticket_group", "admin"}
WRITERS = {"agent_other_group", "agent_ticket_group", "manager", "admin"}
# The ticket INC-000001: rita's, in service-desk's queue (its open task, classify, is offered to service-desk).
TICKET_READERS = {"requester", "agent_ticket_group", "manager", "auditor", "admin"}
TICKET_WRITERS = TICKET_READERS - {"auditor"}
TICKET_STAFF = {"agent_ticket_group", "manager", "admin"}
STAFF = INBOX | {"manager", "auditor"}  # app.organisation.policies.is_staff
EVERY_INSTANCE = {"process_owner", "auditor", "admin"}
MESSAGE_SENDERS = {"process_owner", "admin"}  # a message starts the world's mail_order process
SIGNAL_BROADCASTERS = {"process_owner", "admin"}  # policies.may_broadcast_signals
DEPLOYERS = {"process_owner", "admin"}
PROCESS_READERS = PORTAL | EVERY_INSTANCE
TYPED_REQUEST = {"variables": {"item": {"value": "software", "type": "String"},
                               "details": {"value": "A licence for Visio.", "type": "String"}}}
INSTANCE_READERS = {"requester", "agent_ticket_group", "process_owner", "auditor", "admin"}
REPLAYERS = {"requester"} | EVERY_INSTANCE  # policies.may_replay_case: the case's requester, and who sees every one
TASK_CANDIDATES = {"agent_ticket_group"}             # the classify task is offered to service-desk
TASK_REASSIGNERS = {"agent_ticket_group", "admin"}   # leads of the task's group (sam leads service-desk), admins
SIGNED_IN = set(PLAYERS)
WORKERS = {"admin"}  # the worker role, which only admins among the players hold
EXTERNAL_TASK_READERS = EVERY_INSTANCE
EXTERNAL_TASK_OPERATORS = {"process_owner", "admin"}  # workers too, but only admins among the players are
OUTSIDE_WORKER = "matrix-worker"  # holds the lock on the world's external task (tests/security/world.py)
STRONG_PASSWORD = "violet-harbour-quietly-47"


@dataclass(frozen=True)
class Route:
    """How to call one route and what each role must get."""

    path: str
    expect: dict[str, str]
    body: dict[str, Any] | None = None
    today: dict[str, str] = field(default_factory=dict)  # role -> "issue 9 finding N: what today's code does"
    sign_in_writes: bool = False  # answered sign-in after a write of its own (signing out ends the session's row)

    def __post_init__(self) -> None:
        # A valid token is the admin on the API, and nobody (anonymous) on the pages.
        self.expect.setdefault("admin_token", self.expect["admin" if self.api else "anonymous"])

    @property
    def api(self) -> bool:
        return self.path.startswith(("/api/", "/engine-rest/"))


def answers(allowed: Iterable[str], otherwise: str = REFUSED, ok: str = ALLOWED,
            **special: str) -> dict[str, str]:
    """Expect `ok` for the allowed roles, `otherwise` for the other signed-in ones, sign-in for the rest."""
    chosen = set(allowed)
    expect = {role: (ok if role in chosen else otherwise) for role in PLAYERS}
    expect.update({role: SIGN_IN for role in UNAUTHENTICATED})
    expect.update(special)
    return expect


def everyone(ok: str = ALLOWED) -> dict[str, str]:
    """Every role, signed in or not, gets `ok`."""
    return {role: ok for role in ROLES}


def players_but(*roles: str) -> set[str]:
    """The signed-in roles except these."""
    return set(PLAYERS) - set(roles)


CALENDAR = {"timezone": "Asia/Shanghai", "statutory": "", "working_days_follow": "mon", "mon_0_start": "09:00",
            "mon_0_end": "12:00", "tue_0_start": "09:00", "tue_0_end": "18:00"}  # the calendar form's fields
POLICY = {"name": "vip", "calendar": "{calendar_name}", "warning_percent": "80", "p1_response": "0:15",
          "p1_resolution": "2:00", "p2_response": "30", "p2_resolution": "4:30", "p3_response": "",
          "p3_resolution": "", "p4_response": "", "p4_resolution": ""}
PRIORITY_MATRIX = {f"cell-{row}-{column}": code for row, codes in enumerate(
    (("P1", "P2", "P3"), ("P2", "P3", "P4"), ("P3", "P4", "P4"))) for column, code in enumerate(codes)}
NOTE = {"body": "The VPN came back at 10:00.", "visibility": "public"}
PNG_UPLOAD = "png"  # the test turns this marker into a multipart upload of a small PNG
BPMN_UPLOAD = "bpmn"  # ... and this one into a small diagram that deploys
STUDIO = {"process_owner", "admin"}  # policies.may_open_process_studio
OPERATORS = {"process_owner", "admin"}  # policies.may_operate_instances
# policies.report_reach: every ticket (managers, process owners, auditors, admins), a lead's groups, an agent's own
REPORT_READERS = {"agent_other_group", "agent_ticket_group", "manager", "process_owner", "auditor", "admin"}
REASON = "Asked for by the matrix."
EVIDENCE_EXPORTERS = {"auditor", "admin"}  # policies.may_export_evidence
HISTORY_VERIFIERS = {"auditor", "admin"}  # policies.may_verify_all_history
EVERY_DAY = {"first_day": "2000-01-01", "last_day": "2100-12-31"}  # the world's cases all begin in these days
CATALOGUE_EDITORS = {"process_owner", "admin"}  # policies.may_edit_catalogue
SURVEY_RULE = {"key": "default", "enabled": "on", "sample_percent": "50", "delay_working_days": "1",
               "min_days_between": "30", "remind_after_days": "3", "expire_after_days": "10", "low_score": "2",
               "comment_below": "3", "recovery_hours": "24"}
PROBLEM_MANAGERS = {"manager", "admin"}  # policies.may_manage_problems (no player is in problem-managers)
STAFF_NOT_MANAGING = STAFF - PROBLEM_MANAGERS  # see problems (may_see_problems), change none
# The incident INC-000001 is service-desk's: lee and april do not see it, the auditor changes nothing.
INCIDENT_LINKERS = {"agent_ticket_group", "manager", "admin"}
DELEGATION = {"to_login": "mona", "starts_at": "2030-01-07T09:00", "ends_at": "2030-01-14T09:00",
              "reason": "On leave"}  # mona plays no role of the matrix, so no player names themself
CHANGE_RAISERS = STAFF - {"auditor"}  # policies.may_raise_change
CHANGE_READERS = {"agent_other_group", "manager", "auditor", "admin"}  # the world's change: lee is on the CAB
CHANGE_EDITORS = {"manager", "admin"}  # policies.check_may_edit_change: its requester (max) and the managers
CHANGE = {"type": "normal", "title": "Patch mail-01", "reason": "Security fix", "owner": "carl",
          "owner_group": "change-managers", "planned_start": "2026-11-25T22:00", "planned_end": "2026-11-25T23:00",
          "implementation_plan": "Install the patch.", "backout_plan": "Remove the patch."}
CHANGE_FORM = {"change_type": "normal", "title": "Patch mail-01", "reason": "Security fix", "owner": "carl",
               "owner_group": "change-managers", "planned_start": "2026-11-25T22:00",
               "planned_end": "2026-11-25T23:00", "implementation_plan": "Install the patch.",
               "backout_plan": "Remove the patch.", "cis": "mail-01"}
KNOWN_ERROR = {"symptom": "The VPN drops.", "cause": "Overloaded.", "workaround": "Use the backup VPN.", "cis": ""}
CHANGE_WINDOW = {"name": "Year-end freeze", "kind": "freeze", "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
                 "starts_local": "2026-12-31T00:00", "duration_minutes": "1440", "timezone": "Asia/Shanghai",
                 "calendar_name": "", "holidays": "any", "ci_ids": ""}
# A window on CI 1 (the world's first CI) years ahead of the world's clock
SCHEDULE_CHECK = {"start": "2030-03-01T22:00:00+08:00", "end": "2030-03-02T01:00:00+08:00", "ci_ids": [1]}

MATRIX: dict[tuple[str, str], Route] = {
    # --- shell
    ("/", "GET"): Route("/", answers(SIGNED_IN)),
    ("/healthz", "GET"): Route("/healthz", everyone()),
    ("/static/<filename>", "GET"): Route("/static/flowdesk.css", everyone()),
    ("/login", "GET"): Route("/login", everyone()),
    ("/login", "POST"): Route("/login", everyone(), {"login": "ruth", "password": "flowdesk-demo"}),
    ("/logout", "POST"): Route("/logout", everyone(SIGN_IN), sign_in_writes=True),
    ("/language", "POST"): Route("/language", everyone(), {"language": "zh_CN"}),
    # --- one's own profile, password, sessions and tokens
    ("/profile", "GET"): Route("/profile", answers(SIGNED_IN)),
    ("/profile", "POST"): Route("/profile", answers(SIGNED_IN),
                                {"display_name": "Someone Else", "language": "en", "timezone": "UTC"}),
    ("/profile/password", "GET"): Route("/profile/password", answers(SIGNED_IN)),
    ("/profile/password", "POST"): Route("/profile/password", answers(SIGNED_IN),
                                         {"current_password": "flowdesk-demo", "password": STRONG_PASSWORD,
                                          "confirm": STRONG_PASSWORD}),
    # the password page's meter sends {"password": ...}; the matrix sends a form, answered 400 past the rule
    ("/profile/password/rating", "POST"): Route("/profile/password/rating", answers(SIGNED_IN, ok=INVALID),
                                                {"password": STRONG_PASSWORD}),
    ("/profile/sessions/end", "POST"): Route("/profile/sessions/end", everyone(SIGN_IN), sign_in_writes=True),
    # ruth's token: she (or an admin) revokes it; anyone else is told it is not theirs, and it stays
    ("/profile/tokens/<token_id>/revoke", "POST"): Route("/profile/tokens/{ruth_token_id}/revoke",
                                                         answers({"other_requester", "admin"})),
    # --- inbox and tasks
    ("/inbox", "GET"): Route("/inbox", answers(INBOX)),
    ("/inbox/queue", "GET"): Route("/inbox/queue", answers(INBOX)),
    ("/tasks/<task_id>", "GET"): Route("/tasks/{task_id}", answers(TASK_REASSIGNERS)),
    ("/tasks/<task_id>", "POST"): Route("/tasks/{task_id}", answers(TASK_CANDIDATES),
                                        {"impact": "medium", "urgency": "medium"}),
    ("/tasks/<task_id>/claim", "POST"): Route("/tasks/{task_id}/claim", answers(TASK_CANDIDATES)),
    ("/tasks/<task_id>/release", "POST"): Route("/tasks/{task_id}/release", answers(())),  # nobody holds it
    ("/tasks/claim", "POST"): Route("/tasks/claim", answers(TASK_CANDIDATES), {"task_id": "{task_id}"}),
    # --- the pickers' look-ups: CIs for CMDB readers, people and groups for staff and process owners (modeller)
    ("/pickers/cis", "GET"): Route("/pickers/cis?q=a", answers(CMDB_READERS)),
    ("/pickers/users", "GET"): Route("/pickers/users?q=a", answers(STAFF | DEPLOYERS)),
    ("/pickers/groups", "GET"): Route("/pickers/groups?q=a", answers(STAFF | DEPLOYERS)),
    # tickets: whoever signs in, each finding only the tickets they may see
    ("/pickers/tickets", "GET"): Route("/pickers/tickets?q=a", answers(SIGNED_IN)),
    ("/tasks/<task_id>/reassign", "POST"): Route("/tasks/{task_id}/reassign", answers(TASK_REASSIGNERS),
                                                 {"other_login": "lee", "reason": "Network."}),
    # --- portal
    ("/portal", "GET"): Route("/portal", answers(PORTAL)),
    ("/portal/start/<process_id>", "GET"): Route("/portal/start/request", answers(PORTAL)),
    ("/portal/start/<process_id>", "POST"): Route("/portal/start/request", answers(PORTAL),
                                                  {"item": "software", "details": "A licence for Visio."}),
    ("/requests", "GET"): Route("/requests", answers(PORTAL)),
    # --- the request catalogue (the world has the demo catalogue: vpn-token is for everyone who uses the portal)
    ("/portal/catalogue", "GET"): Route("/portal/catalogue", answers(PORTAL)),
    ("/portal/catalogue/<key>", "GET"): Route("/portal/catalogue/vpn-token", answers(PORTAL)),
    ("/portal/catalogue/<key>", "POST"): Route("/portal/catalogue/vpn-token", answers(PORTAL), {
        "token_type": "app", "details": "Travelling next week.", "quantity": "1", "action": "order"}),
    # INC-000001 was not ordered from the catalogue: nothing to order again, and no receipt
    ("/portal/catalogue/again/<number>", "GET"): Route("/portal/catalogue/again/{number}", answers(PORTAL, ok=HIDDEN)),
    ("/portal/receipt/<numbers>", "GET"): Route("/portal/receipt/{number}", answers(PORTAL, ok=HIDDEN)),
    ("/catalogue-items", "GET"): Route("/catalogue-items", answers(CATALOGUE_EDITORS)),
    ("/catalogue-items/new", "GET"): Route("/catalogue-items/new?key=monitor", answers(CATALOGUE_EDITORS)),
    ("/catalogue-items/<key>", "GET"): Route("/catalogue-items/vpn-token", answers(CATALOGUE_EDITORS)),
    ("/catalogue-items/<key>", "POST"): Route("/catalogue-items/vpn-token", answers(CATALOGUE_EDITORS), {
        "name": "VPN token", "process_id": "catalogue_vpn_token", "unit_price": "300", "max_quantity": "1",
        "on_behalf": "self", "active": "on"}),
    ("/portal/drafts/<draft_id>/discard", "POST"): Route("/portal/drafts/999999/discard", answers(PORTAL, ok=HIDDEN)),
    # --- satisfaction surveys: the rules (policies.may_edit_survey_rules, as the catalogue's editors); the world's
    # INC-000001 has no survey, so its answer page is hidden from everyone who may use the portal
    ("/survey-rules", "GET"): Route("/survey-rules", answers(CATALOGUE_EDITORS)),
    ("/survey-rules", "POST"): Route("/survey-rules", answers(CATALOGUE_EDITORS), SURVEY_RULE),
    ("/survey-rules/<key>/delete", "POST"): Route("/survey-rules/default/delete",  # the world has no rule yet
                                                  answers(CATALOGUE_EDITORS, ok=INVALID), {}),
    ("/portal/surveys/<number>", "GET"): Route("/portal/surveys/{number}", answers(PORTAL, ok=HIDDEN)),
    ("/portal/surveys/<number>", "POST"): Route("/portal/surveys/{number}", answers(PORTAL, ok=HIDDEN),
                                                {"score": "5"}),
    # the portal's own door refuses those who may not use it, whatever the id (so it tells nothing of ids)
    ("/requests/<instance_id>", "GET"): Route("/requests/{instance_id}",
                                              answers({"requester"}, HIDDEN, **{role: REFUSED for role in
                                                                              players_but(*PORTAL)})),
    # --- tickets
    ("/tickets", "GET"): Route("/tickets", answers(SIGNED_IN)),
    ("/tickets/export.csv", "GET"): Route("/tickets/export.csv", answers(SIGNED_IN)),
    ("/tickets/filters", "POST"): Route("/tickets/filters", answers(SIGNED_IN),
                                        {"name": "Urgent", "query": "priority=P1"}),
    ("/tickets/filters/<filter_id>/delete", "GET"): Route("/tickets/filters/{filter_id}/delete",
                                                          answers({"requester"}, HIDDEN)),
    ("/tickets/filters/<filter_id>/delete", "POST"): Route("/tickets/filters/{filter_id}/delete",
                                                           answers({"requester"}, HIDDEN), {"confirm": "y"}),
    ("/tickets/new", "GET"): Route("/tickets/new", answers(SIGNED_IN - {"auditor"})),
    ("/tickets/new", "POST"): Route("/tickets/new", answers(SIGNED_IN - {"auditor"}),
                                    {"title": "Monitor flickers", "description": "Since the update.",
                                     "impact": "medium", "urgency": "medium"}),
    ("/tickets/<number>", "GET"): Route("/tickets/{number}", answers(TICKET_READERS, HIDDEN)),
    # a requester's own step, worked on her ticket: nobody has one on INC-000001 (classify is the group's), so
    # those who see the ticket are told there is nothing waiting for them, and the others that it does not exist
    ("/tickets/<number>/steps/<task_id>", "POST"): Route(
        "/tickets/{number}/steps/{task_id}", answers((), HIDDEN, **{role: REFUSED for role in TICKET_READERS}),
        {"answer": "Tray 2."}),
    ("/tickets/<number>/notes", "POST"): Route("/tickets/{number}/notes", answers(TICKET_WRITERS, HIDDEN,
                                                                                 auditor=REFUSED), NOTE),
    ("/tickets/<number>/attachments", "POST"): Route("/tickets/{number}/attachments",
                                                     answers(TICKET_WRITERS, HIDDEN, auditor=REFUSED),
                                                     {"file": PNG_UPLOAD, "visibility": "public"}),
    ("/tickets/<number>/attachments/<attachment_id>", "GET"): Route(
        "/tickets/{number}/attachments/{attachment_id}", answers(TICKET_READERS, HIDDEN)),
    ("/tickets/<number>/watch", "POST"): Route("/tickets/{number}/watch", answers(TICKET_WRITERS, HIDDEN,
                                                                                 auditor=REFUSED)),
    ("/tickets/<number>/links", "POST"): Route("/tickets/{number}/links",
                                               answers(TICKET_STAFF, HIDDEN, requester=REFUSED, auditor=REFUSED),
                                               {"kind": "ci", "target": "prn-3f"}),
    ("/tickets/<number>/links/remove", "POST"): Route(
        "/tickets/{number}/links/remove", answers(TICKET_STAFF, HIDDEN, requester=REFUSED, auditor=REFUSED),
        {"kind": "ci", "target_id": "{ci_id}"}),
    ("/tickets/<number>/priority", "POST"): Route(
        "/tickets/{number}/priority", answers(TICKET_STAFF, HIDDEN, requester=REFUSED, auditor=REFUSED),
        {"priority": "P2", "reason": "The whole floor is affected."}),
    ("/tickets/<number>/cancel", "POST"): Route(
        "/tickets/{number}/cancel", answers(TICKET_STAFF, HIDDEN, requester=REFUSED, auditor=REFUSED),
        {"cancel-reason": "Logged twice by mistake."}),
    ("/tickets/<number>/duplicate", "POST"): Route(
        "/tickets/{number}/duplicate", answers(TICKET_STAFF, HIDDEN, requester=REFUSED, auditor=REFUSED),
        {"duplicate-original": "{resolved_number}"}),
    ("/tickets/<number>/category", "POST"): Route(
        "/tickets/{number}/category", answers(TICKET_STAFF, HIDDEN, requester=REFUSED, auditor=REFUSED),
        {"reclassify-category": "{category_id}", "reclassify-ci": "mail-01",
         "reclassify-reason": "It is the mail server."}),
    ("/tickets/<number>/article", "POST"): Route(  # the resolved ticket: its resolution becomes a draft
        "/tickets/{resolved_number}/article", answers(TICKET_STAFF, HIDDEN, requester=REFUSED, auditor=REFUSED)),
    # --- CMDB
    ("/cmdb", "GET"): Route("/cmdb", answers(CMDB_READERS)),
    ("/cmdb/<ci_id>", "GET"): Route("/cmdb/{ci_id}", answers(CMDB_READERS)),
    ("/cmdb/<ci_id>/edit", "GET"): Route("/cmdb/{ci_id}/edit", answers(CMDB_EDITORS)),
    ("/cmdb/<ci_id>/edit", "POST"): Route("/cmdb/{ci_id}/edit", answers(CMDB_EDITORS),
                                          {"name": "mail-01", "owner_group": "second-line",
                                           "location": "Shanghai DC, rack 5", "status": "active"}),
    ("/cmdb/<ci_id>/relations", "POST"): Route("/cmdb/{ci_id}/relations", answers(CMDB_EDITORS),
                                               {"relation": "outgoing:connected_to", "target_type": "printer",
                                                "target_name": "prn-3f"}),
    ("/cmdb/<ci_id>/relations/<source_id>/<kind>/<target_id>/remove", "GET"): Route(
        "/cmdb/{dependent_ci_id}/relations/{dependent_ci_id}/depends_on/{ci_id}/remove", answers(CMDB_EDITORS)),
    ("/cmdb/<ci_id>/relations/<source_id>/<kind>/<target_id>/remove", "POST"): Route(
        "/cmdb/{dependent_ci_id}/relations/{dependent_ci_id}/depends_on/{ci_id}/remove", answers(CMDB_EDITORS),
        {"confirm": "y"}),
    ("/cmdb/export", "GET"): Route("/cmdb/export?type=server", answers(CMDB_READERS)),
    ("/cmdb/import", "POST"): Route("/cmdb/import", answers(CMDB_EDITORS),
                                     {"type": "server", "file": "csv"}),
    ("/cmdb/new", "GET"): Route("/cmdb/new", answers(CMDB_EDITORS)),
    ("/cmdb/new", "POST"): Route("/cmdb/new", answers(CMDB_EDITORS),
                                 {"type": "server", "name": "web-07", "owner_group": "second-line",
                                  "status": "planned"}),
    ("/cmdb/transfer", "GET"): Route("/cmdb/transfer", answers(CMDB_READERS)),
    ("/cmdb/types", "GET"): Route("/cmdb/types", answers(CMDB_READERS)),
    ("/cmdb/types/<name>", "GET"): Route("/cmdb/types/server", answers({"admin"})),
    ("/cmdb/types/<name>", "POST"): Route("/cmdb/types/server", answers({"admin"}), {"display_name": "Servers"}),
    ("/cmdb/types/new", "GET"): Route("/cmdb/types/new", answers({"admin"})),
    ("/cmdb/types/new", "POST"): Route("/cmdb/types/new", answers({"admin"}),
                                       {"name": "switch", "display_name": "Switch"}),
    # --- knowledge
    ("/knowledge", "GET"): Route("/knowledge", answers(SIGNED_IN)),
    ("/knowledge/<article_id>", "GET"): Route("/knowledge/{article_id}", answers(SIGNED_IN)),
    ("/knowledge/<article_id>/edit", "GET"): Route("/knowledge/{article_id}/edit", answers(WRITERS)),
    ("/knowledge/<article_id>/edit", "POST"): Route("/knowledge/{article_id}/edit", answers(WRITERS),
                                                    {"title": "Printer jams on A3 paper", "category_id": "",
                                                     "body_markdown": "Fan the stack first."}),
    ("/knowledge/<article_id>/publish", "GET"): Route("/knowledge/{article_id}/publish", answers(WRITERS)),
    ("/knowledge/<article_id>/publish", "POST"): Route("/knowledge/{article_id}/publish",
                                                       answers(WRITERS), {"confirm": "y"}),
    ("/knowledge/<article_id>/unpublish", "GET"): Route("/knowledge/{article_id}/unpublish", answers(WRITERS)),
    ("/knowledge/<article_id>/unpublish", "POST"): Route("/knowledge/{article_id}/unpublish", answers(WRITERS),
                                                         {"confirm": "y"}),
    ("/knowledge/categories", "GET"): Route("/knowledge/categories", answers(WRITERS)),
    ("/knowledge/categories", "POST"): Route("/knowledge/categories", answers(WRITERS),
                                                {"name": "Network", "parent_id": ""}),
    ("/knowledge/new", "GET"): Route("/knowledge/new", answers(WRITERS)),
    ("/knowledge/new", "POST"): Route("/knowledge/new", answers(WRITERS),
                                      {"title": "Map a network drive", "category_id": "",
                                       "body_markdown": "Open Explorer."}),
    # --- cockpit
    ("/instances", "GET"): Route("/instances", answers(EVERY_INSTANCE)),
    ("/instances/<instance_id>", "GET"): Route("/instances/{instance_id}", answers(INSTANCE_READERS, HIDDEN)),
    ("/processes/<process_id>/model", "GET"): Route("/processes/request/model", answers(DEPLOYERS)),
    # The modeller's own calls, signed in by the session: no draft saved yet (404), and the matrix sends a form where
    # the page sends {"xml": ...} (400) - the cells check who gets past the rule.
    ("/processes/<process_id>/model/draft", "GET"): Route("/processes/request/model/draft",
                                                         answers(DEPLOYERS, ok=HIDDEN)),
    ("/processes/<process_id>/model/draft", "PUT"): Route("/processes/request/model/draft",
                                                         answers(DEPLOYERS, ok=INVALID), {"xml": "<definitions/>"}),
    # The draft's choices on the stale-draft banner: no draft in the world, so the download is 404 and the discard
    # finds nothing to discard (it says so and opens the modeller).
    ("/processes/<process_id>/model/draft.bpmn", "GET"): Route("/processes/request/model/draft.bpmn",
                                                              answers(DEPLOYERS, ok=HIDDEN)),
    ("/processes/<process_id>/model/draft/discard", "POST"): Route("/processes/request/model/draft/discard",
                                                                  answers(DEPLOYERS), {"version": "1"}),
    # The what-if of a draft (policies.may_run_what_if): no draft in the world, so its owners get 404.
    ("/processes/<process_id>/what-if", "GET"): Route("/processes/request/what-if", answers(DEPLOYERS, ok=HIDDEN)),
    ("/processes/<process_id>/what-if", "POST"): Route("/processes/request/what-if", answers(DEPLOYERS, ok=HIDDEN),
                                                       {"from": "2026-11-01", "to": "2026-11-30"}),
    # A what-if run's page, its progress and its cancel (policies.may_see_what_if_run, may_cancel_what_if_run): no run
    # in the world, so its owners get 404 too.
    ("/processes/<process_id>/what-if/runs/<run_id>", "GET"): Route("/processes/request/what-if/runs/1",
                                                                    answers(DEPLOYERS, ok=HIDDEN)),
    ("/processes/<process_id>/what-if/runs/<run_id>/progress", "GET"): Route(
        "/processes/request/what-if/runs/1/progress", answers(DEPLOYERS, ok=HIDDEN)),
    ("/processes/<process_id>/what-if/runs/<run_id>/cancel", "POST"): Route(
        "/processes/request/what-if/runs/1/cancel", answers(DEPLOYERS, ok=HIDDEN), {}),
    ("/processes/<process_id>/model/check", "POST"): Route("/processes/request/model/check",
                                                          answers(DEPLOYERS, ok=INVALID), {"xml": "<definitions/>"}),
    # The panel's help, signed in by the session: the matrix sends a form where the page sends JSON (400).
    ("/processes/<process_id>/model/offers", "GET"): Route("/processes/request/model/offers", answers(DEPLOYERS)),
    ("/processes/<process_id>/model/explain-timer", "POST"): Route("/processes/request/model/explain-timer",
                                                                  answers(DEPLOYERS, ok=INVALID),
                                                                  {"kind": "timeDuration", "text": "PT4H"}),
    ("/processes/<process_id>/model/scope", "POST"): Route("/processes/request/model/scope",
                                                          answers(DEPLOYERS, ok=INVALID),
                                                          {"xml": "<definitions/>", "element_id": "start"}),
    # What the saved draft changes (no draft saved in the world: 404), and its deployment (the matrix sends no
    # If-Match, which names the draft seen: 400).
    ("/processes/<process_id>/model/changes", "GET"): Route("/processes/request/model/changes",
                                                           answers(DEPLOYERS, ok=HIDDEN)),
    ("/processes/<process_id>/model/deploy", "POST"): Route("/processes/request/model/deploy",
                                                           answers(DEPLOYERS, ok=INVALID), {"note": "Renamed a step."}),
    ("/instances/<instance_id>/diagram.bpmn", "GET"): Route("/instances/{instance_id}/diagram.bpmn",
                                                            answers(INSTANCE_READERS, HIDDEN)),
    ("/instances/<instance_id>/replay", "GET"): Route("/instances/{instance_id}/replay", answers(REPLAYERS, HIDDEN)),
    ("/instances/<instance_id>/replay/verification", "GET"): Route("/instances/{instance_id}/replay/verification",
                                                                   answers(REPLAYERS, HIDDEN)),
    ("/instances/<instance_id>/replay/versions/<version>/diagram.bpmn", "GET"): Route(
        "/instances/{instance_id}/replay/versions/1/diagram.bpmn", answers(REPLAYERS, HIDDEN)),
    # --- the process owner's studio, and operating instances
    ("/processes", "GET"): Route("/processes", answers(STUDIO)),
    ("/processes/attention", "GET"): Route("/processes/attention", answers(STUDIO)),
    ("/processes/<process_id>", "GET"): Route("/processes/incident", answers(STUDIO)),
    ("/processes/<process_id>/diff", "GET"): Route("/processes/incident/diff", answers(STUDIO)),
    ("/processes/<process_id>/insight", "GET"): Route("/processes/incident/insight", answers(EVERY_INSTANCE)),
    ("/reports", "GET"): Route("/reports", answers(REPORT_READERS)),
    ("/reports/kpis/<kpi>", "GET"): Route("/reports/kpis/backlog", answers(REPORT_READERS)),
    ("/reports/export.<export_format>", "GET"): Route("/reports/export.csv", answers(REPORT_READERS)),
    ("/reports/subscriptions", "GET"): Route("/reports/subscriptions", answers(REPORT_READERS)),
    ("/reports/services/<service_id>", "GET"): Route("/reports/services/{ci_id}", answers(REPORT_READERS)),
    ("/reports/services/<service_id>/export.<export_format>", "GET"): Route(
        "/reports/services/{ci_id}/export.csv", answers(REPORT_READERS)),
    ("/reports/subscriptions", "POST"): Route("/reports/subscriptions", answers(REPORT_READERS),
                                              {"rule": "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8", "export_format": "pdf"}),
    ("/reports/subscriptions/<subscription_id>/delete", "POST"): Route(
        "/reports/subscriptions/999/delete", answers(REPORT_READERS, ok=INVALID)),  # an unknown one: said, and back
    ("/processes/<process_id>/insight/cases.csv", "GET"): Route("/processes/incident/insight/cases.csv",
                                                               answers(EVERY_INSTANCE)),  # policies.may_see_process_insight
    ("/processes/<process_id>/versions/<version>/diagram.bpmn", "GET"): Route(
        "/processes/incident/versions/1/diagram.bpmn", answers(STUDIO)),
    ("/processes/<process_id>/migrate", "GET"): Route("/processes/incident/migrate", answers(DEPLOYERS)),
    # One version only in the world: the wizard says so; the POST moves nothing (a plan of version 1 to itself).
    ("/processes/<process_id>/migrate", "POST"): Route("/processes/incident/migrate", answers(DEPLOYERS),
                                                       {"from": "1", "to": "1"}),
    ("/processes/new", "POST"): Route("/processes/new", answers(DEPLOYERS),
                                      {"new-process_id": "laptop_return", "new-name": "Return a laptop"}),
    ("/processes/upload", "POST"): Route("/processes/upload", answers(STUDIO),
                                         {"file": BPMN_UPLOAD, "note": "A first version."}),
    # the ticket's instance runs with no incident: there is nothing to retry, so operators are told so
    ("/instances/<instance_id>/retry", "POST"): Route("/instances/{instance_id}/retry",
                                                      answers(OPERATORS, ok=INVALID), {"retry-reason": REASON}),
    ("/instances/<instance_id>/cancel", "POST"): Route("/instances/{instance_id}/cancel", answers(OPERATORS),
                                                       {"cancel-reason": REASON}),
    ("/instances/<instance_id>/variables", "POST"): Route(
        "/instances/{instance_id}/variables", answers(OPERATORS),
        {"variable-name": "matrix_note", "variable-type": "string", "variable-value": "seen",
         "variable-reason": REASON}),
    ("/instances/<instance_id>/external-tasks/<task_id>/retries", "POST"): Route(
        "/instances/{external_task_instance_id}/external-tasks/{external_task_id}/retries", answers(OPERATORS),
        {"retries-retries": "2", "retries-reason": REASON}),
    # --- evidence bundles: auditors and admins; who sees the instance but may not export it is refused
    ("/instances/<instance_id>/evidence.zip", "GET"): Route(
        "/instances/{instance_id}/evidence.zip",
        answers(EVIDENCE_EXPORTERS, HIDDEN, requester=REFUSED, agent_ticket_group=REFUSED, process_owner=REFUSED)),
    ("/evidence", "GET"): Route("/evidence", answers(EVIDENCE_EXPORTERS)),
    ("/evidence", "POST"): Route("/evidence", answers(EVIDENCE_EXPORTERS),
                                 {"process_id": "incident", "category_id": "", **EVERY_DAY}),
    # --- the whole history verified from the web: auditors and admins
    ("/history/verify", "GET"): Route("/history/verify", answers(HISTORY_VERIFIERS)),
    ("/history/verify/part", "GET"): Route("/history/verify/part", answers(HISTORY_VERIFIERS)),
    # --- administration: administrators only
    ("/admin", "GET"): Route("/admin", answers({"admin"})),
    ("/admin/categories", "GET"): Route("/admin/categories", answers({"admin"})),
    ("/admin/categories", "POST"): Route("/admin/categories", answers({"admin"}),
                                         {"name": "Phones", "parent_id": "", "default_group": "service-desk",
                                          "sla_policy": ""}),
    ("/admin/categories/<category_id>", "GET"): Route("/admin/categories/{category_id}", answers({"admin"})),
    ("/admin/categories/<category_id>", "POST"): Route("/admin/categories/{category_id}", answers({"admin"}),
                                                       {"name": "Hardware", "parent_id": "", "default_group": "service-desk",
                                                        "sla_policy": ""}),
    ("/admin/departments", "GET"): Route("/admin/departments", answers({"admin"})),
    ("/admin/departments", "POST"): Route("/admin/departments", answers({"admin"}),
                                          {"name": "Legal", "parent_id": ""}),
    ("/admin/departments/<department_id>", "GET"): Route("/admin/departments/{department_id}", answers({"admin"})),
    ("/admin/departments/<department_id>/delete", "POST"): Route("/admin/departments/{empty_department_id}/delete",
                                                                 answers({"admin"}), {"confirm": "y"}),
    ("/admin/departments/<department_id>/move", "POST"): Route("/admin/departments/{department_id}/move",
                                                               answers({"admin"}), {"parent_id": ""}),
    ("/admin/departments/<department_id>/rename", "POST"): Route("/admin/departments/{department_id}/rename",
                                                                 answers({"admin"}), {"name": "Finance & Tax"}),
    ("/admin/reply-templates", "GET"): Route("/admin/reply-templates", answers({"admin"})),
    ("/admin/reply-templates", "POST"): Route("/admin/reply-templates", answers({"admin"}),
                                              {"title": "Need logs", "language": "en", "body": "Send the logs."}),
    ("/admin/reply-templates/<template_id>", "GET"): Route("/admin/reply-templates/{reply_template_id}",
                                                           answers({"admin"})),
    ("/admin/reply-templates/<template_id>", "POST"): Route(
        "/admin/reply-templates/{reply_template_id}", answers({"admin"}),
        {"title": "Restart it", "language": "en", "body": "Please restart it now."}),
    ("/admin/reply-templates/<template_id>/delete", "POST"): Route(
        "/admin/reply-templates/{reply_template_id}/delete", answers({"admin"})),
    ("/admin/groups", "GET"): Route("/admin/groups", answers({"admin"})),
    ("/admin/groups", "POST"): Route("/admin/groups", answers({"admin"}),
                                     {"name": "third-line", "display_name": "Third line"}),
    ("/admin/groups/<name>", "GET"): Route("/admin/groups/service-desk", answers({"admin"})),
    ("/admin/groups/<name>/assignment-strategy", "POST"): Route(
        "/admin/groups/service-desk/assignment-strategy", answers({"admin"}), {"assignment_strategy": "least_loaded"}),
    ("/admin/groups/<name>/display-name", "POST"): Route("/admin/groups/service-desk/display-name",
                                                         answers({"admin"}), {"display_name": "Desk"}),
    ("/admin/groups/<name>/members", "POST"): Route("/admin/groups/service-desk/members", answers({"admin"}),
                                                    {"login": "lee"}),
    ("/admin/groups/<name>/members/<login>/lead", "POST"): Route(
        "/admin/groups/service-desk/members/sam/lead", answers({"admin"})),
    ("/admin/groups/<name>/members/<login>/remove", "POST"): Route(
        "/admin/groups/service-desk/members/sam/remove", answers({"admin"})),
    ("/admin/incident-settings", "GET"): Route("/admin/incident-settings", answers({"admin"})),
    ("/admin/incident-settings", "POST"): Route("/admin/incident-settings", answers({"admin"}),
                                                {"reassignment_limit": "4", "auto_close_working_days": "5", "approval_priorities": "P1"}),
    # --- mail: templates, mailboxes and the quarantine (admins); a form sent empty is shown again with its errors
    ("/admin/mail-templates", "GET"): Route("/admin/mail-templates", answers({"admin"})),
    ("/admin/mail-templates/<event>/<language>", "GET"): Route("/admin/mail-templates/incident_resolved/en",
                                                                answers({"admin"})),
    ("/admin/mail-templates/<event>/<language>", "POST"): Route("/admin/mail-templates/incident_resolved/en",
                                                                 answers({"admin"}, ok=INVALID), {}),
    ("/admin/mail-templates/<event>/<language>/delete", "POST"): Route(
        "/admin/mail-templates/incident_resolved/en/delete", answers({"admin"})),
    ("/admin/mail-templates/<event>/<language>/preview", "GET"): Route(
        "/admin/mail-templates/incident_resolved/en/preview", answers({"admin"})),
    ("/admin/mailboxes", "GET"): Route("/admin/mailboxes", answers({"admin"})),
    ("/admin/mailboxes", "POST"): Route("/admin/mailboxes", answers({"admin"}), {}),
    ("/admin/mailboxes/<mailbox_id>/active", "POST"): Route("/admin/mailboxes/{mailbox_id}/active",
                                                            answers({"admin"})),
    # the outgoing-mail settings: a form without values keeps the defaults; the world has no relay, so the test mail
    # comes back with what to do
    ("/admin/mail-settings", "GET"): Route("/admin/mail-settings", answers({"admin"})),
    ("/admin/mail-settings", "POST"): Route("/admin/mail-settings", answers({"admin"}), {"smtp_security": "starttls"}),
    ("/admin/mail-settings/test", "POST"): Route("/admin/mail-settings/test", answers({"admin"}, ok=INVALID)),
    ("/admin/mail-quarantine", "GET"): Route("/admin/mail-quarantine", answers({"admin"})),
    ("/admin/mail-refused", "GET"): Route("/admin/mail-refused", answers({"admin"})),
    ("/admin/mail-quarantine/<mail_id>", "GET"): Route("/admin/mail-quarantine/{quarantined_mail_id}",
                                                       answers({"admin"})),
    ("/admin/mail-quarantine/<mail_id>/retry", "POST"): Route(  # the mail still names no sender: it stays
        "/admin/mail-quarantine/{quarantined_mail_id}/retry", answers({"admin"}, ok=INVALID)),
    ("/admin/mail-quarantine/<mail_id>/discard", "POST"): Route(
        "/admin/mail-quarantine/{quarantined_mail_id}/discard", answers({"admin"})),
    # no address is marked undeliverable in the world: the admin is told nothing was cleared
    ("/admin/mail/bounces", "GET"): Route("/admin/mail/bounces", answers({"admin"})),
    ("/admin/mail/bounces/clear", "POST"): Route("/admin/mail/bounces/clear", answers({"admin"}, ok=INVALID),
                                                 {"address": "rita@flowdesk.example", "next": "/admin/users/rita"}),
    # a link from a mail is its own permission (tests/messaging/test_mail_pages.py); a damaged one is refused alike
    ("/mail/link/<token>", "GET"): Route("/mail/link/not-a-signed-link", everyone(INVALID)),
    ("/mail/link/<token>", "POST"): Route("/mail/link/not-a-signed-link", everyone(INVALID)),
    ("/profile/notifications", "GET"): Route("/profile/notifications", answers(SIGNED_IN)),
    ("/profile/notifications", "POST"): Route("/profile/notifications", answers(SIGNED_IN), {}),
    # --- delegations while away: one's own, and (admins) anyone's; ruth may manage her own at the admin address
    ("/profile/delegations", "GET"): Route("/profile/delegations", answers(SIGNED_IN)),
    ("/profile/delegations", "POST"): Route("/profile/delegations", answers(SIGNED_IN), DELEGATION),
    ("/profile/delegations/<delegation_id>/withdraw", "POST"): Route(
        "/profile/delegations/999999/withdraw", answers((), otherwise=HIDDEN)),  # no such delegation
    ("/admin/users/<login>/delegations", "GET"): Route("/admin/users/ruth/delegations",
                                                       answers({"admin", "other_requester"})),
    ("/admin/users/<login>/delegations", "POST"): Route("/admin/users/ruth/delegations",
                                                        answers({"admin", "other_requester"}), DELEGATION),
    ("/admin/users/<login>/delegations/<delegation_id>/withdraw", "POST"): Route(
        "/admin/users/ruth/delegations/999999/withdraw", answers((), otherwise=HIDDEN)),  # no such delegation
    ("/admin/outbox", "GET"): Route("/admin/outbox", answers({"admin"})),
    ("/admin/outbox/<message_id>/resend", "GET"): Route("/admin/outbox/{message_id}/resend", answers({"admin"})),
    ("/admin/outbox/<message_id>/resend", "POST"): Route("/admin/outbox/{message_id}/resend", answers({"admin"}),
                                                         {"confirm": "y"}),
    ("/admin/priority-matrix", "GET"): Route("/admin/priority-matrix", answers({"admin"})),
    ("/admin/priority-matrix", "POST"): Route("/admin/priority-matrix", answers({"admin"}), PRIORITY_MATRIX),
    ("/admin/service-levels", "GET"): Route("/admin/service-levels", answers({"admin"})),
    ("/admin/service-levels/calendars/<calendar_id>", "GET"): Route(
        "/admin/service-levels/calendars/{calendar_id}", answers({"admin"})),
    ("/admin/service-levels/calendars/<calendar_id>", "POST"): Route(
        "/admin/service-levels/calendars/{calendar_id}", answers({"admin"}),
        {"name": "ignored", **CALENDAR}),
    ("/admin/service-levels/calendars/new", "GET"): Route("/admin/service-levels/calendars/new",
                                                          answers({"admin"})),
    ("/admin/service-levels/calendars/new", "POST"): Route("/admin/service-levels/calendars/new",
                                                           answers({"admin"}),
                                                           {"name": "Night shift", **CALENDAR}),
    ("/admin/service-levels/defaults", "POST"): Route("/admin/service-levels/defaults", answers({"admin"})),
    ("/admin/service-levels/policies/<policy_id>", "GET"): Route(
        "/admin/service-levels/policies/{policy_id}", answers({"admin"})),
    ("/admin/service-levels/policies/<policy_id>", "POST"): Route(
        "/admin/service-levels/policies/{policy_id}", answers({"admin"}), {**POLICY, "name": "{policy_name}"}),
    ("/admin/service-levels/policies/new", "GET"): Route("/admin/service-levels/policies/new", answers({"admin"})),
    ("/admin/service-levels/policies/new", "POST"): Route("/admin/service-levels/policies/new",
                                                          answers({"admin"}), POLICY),
    ("/admin/users", "GET"): Route("/admin/users", answers({"admin"})),
    ("/admin/users/<login>", "GET"): Route("/admin/users/ruth", answers({"admin"})),
    ("/admin/users/<login>", "POST"): Route("/admin/users/ruth", answers({"admin"}),
                                            {"display_name": "Ruth R.", "email": "ruth@flowdesk.example",
                                             "roles": "requester", "groups": "requesters", "language": "en",
                                             "timezone": "UTC"}),
    ("/admin/users/<login>/password", "GET"): Route("/admin/users/ruth/password", answers({"admin"})),
    ("/admin/users/<login>/password", "POST"): Route("/admin/users/ruth/password", answers({"admin"}),
                                                     {"password": STRONG_PASSWORD, "must_change": "y"}),
    ("/admin/users/<login>/sessions/end", "POST"): Route("/admin/users/ruth/sessions/end", answers({"admin"})),
    ("/admin/users/<login>/tokens/<token_id>/revoke", "POST"): Route(
        "/admin/users/ruth/tokens/{ruth_token_id}/revoke", answers({"admin"})),
    ("/admin/users/<login>/deactivate", "GET"): Route("/admin/users/ruth/deactivate", answers({"admin"})),
    ("/admin/users/<login>/deactivate", "POST"): Route("/admin/users/ruth/deactivate", answers({"admin"}),
                                                       {"confirm": "y"}),
    ("/admin/users/<login>/reactivate", "GET"): Route("/admin/users/dana/reactivate", answers({"admin"})),
    ("/admin/users/<login>/reactivate", "POST"): Route("/admin/users/dana/reactivate", answers({"admin"}),
                                                       {"confirm": "y"}),
    ("/admin/users/<login>/tasks/<task_id>/reassign", "POST"): Route(
        "/admin/users/sam/tasks/{task_id}/reassign", answers({"admin"}),
        {"new_login": "lee", "reason": "Sam is away."}),
    ("/admin/users/new", "GET"): Route("/admin/users/new", answers({"admin"})),
    ("/admin/users/new", "POST"): Route("/admin/users/new", answers({"admin"}),
                                        {"login": "nina", "display_name": "Nina New", "email": "nina@flowdesk.example",
                                         "password": "a long enough password 42", "roles": "requester",
                                         "groups": "requesters", "language": "en", "timezone": "UTC"}),
    # --- problems: staff read them (others are told nothing: 404), problem managers change them
    ("/problems", "GET"): Route("/problems", answers(STAFF, HIDDEN)),
    ("/problems", "POST"): Route("/problems", answers(PROBLEM_MANAGERS), {"title": "Printers jam every Monday"}),
    ("/problems/<number>/fields", "POST"): Route(
        "/problems/{problem_number}/fields", answers(PROBLEM_MANAGERS, HIDDEN, **dict.fromkeys(STAFF_NOT_MANAGING,
                                                                                                 REFUSED)),
        {"root_cause": "Overloaded.", "workaround": "Use the backup VPN."}),
    ("/problems/<number>/publish", "POST"): Route(
        "/problems/{problem_number}/publish", answers(PROBLEM_MANAGERS, HIDDEN,
                                                      **dict.fromkeys(STAFF_NOT_MANAGING, REFUSED))),
    ("/problems/<number>/known-error", "POST"): Route(
        "/problems/{problem_number}/known-error", answers(PROBLEM_MANAGERS, HIDDEN,
                                                          **dict.fromkeys(STAFF_NOT_MANAGING, REFUSED)), KNOWN_ERROR),
    ("/problems/<number>/incidents", "POST"): Route(
        "/problems/{problem_number}/incidents", answers(INCIDENT_LINKERS, HIDDEN, **dict.fromkeys(
            STAFF - INCIDENT_LINKERS, REFUSED)), {"incident": "{number}"}),
    ("/problems/suggestions/<suggestion_id>/accept", "POST"): Route(
        "/problems/suggestions/{suggestion_id}/accept", answers(PROBLEM_MANAGERS, HIDDEN,
                                                                **dict.fromkeys(STAFF_NOT_MANAGING, REFUSED))),
    ("/problems/suggestions/<suggestion_id>/dismiss", "POST"): Route(
        "/problems/suggestions/{suggestion_id}/dismiss", answers(PROBLEM_MANAGERS, HIDDEN,
                                                                 **dict.fromkeys(STAFF_NOT_MANAGING, REFUSED))),
    # --- changes: staff read the list; the world's change (max raised it for carl, a change manager) is seen by
    # who sees every change (lee sits on the CAB) and edited by its requester and the managers
    ("/changes", "GET"): Route("/changes", answers(STAFF, HIDDEN)),
    ("/changes/new", "GET"): Route("/changes/new", answers(CHANGE_RAISERS, HIDDEN)),
    ("/changes/new", "POST"): Route("/changes/new", answers(CHANGE_RAISERS), CHANGE_FORM),
    ("/changes/<number>/links", "POST"): Route("/changes/{change_number}/links", answers(
        CHANGE_EDITORS, HIDDEN, **dict.fromkeys(CHANGE_READERS - CHANGE_EDITORS, REFUSED)), {"ticket": "{number}"}),
    ("/changes/templates", "GET"): Route("/changes/templates", answers(STAFF, HIDDEN)),
    ("/changes/templates", "POST"): Route("/changes/templates", answers({"admin"}), {
        "key": "db-patch", "name": "Patch a database", "owner_group": "second-line", "impact": "low",
        "implementation_plan": "Patch.", "backout_plan": "Unpatch.", "test_plan": "Query."}),
    # the demo's template is approved already: approving it again is refused as it stands (409 flashed)
    ("/changes/templates/<template_id>/approve", "POST"): Route(
        "/changes/templates/{change_template_id}/approve", answers({"admin"}, ok=INVALID)),
    ("/changes/templates/<template_id>/retire", "POST"): Route(
        "/changes/templates/{change_template_id}/retire", answers({"admin"})),
    ("/admin/change-risk", "GET"): Route("/admin/change-risk", answers({"admin"}, HIDDEN)),
    ("/admin/change-risk", "POST"): Route("/admin/change-risk", answers({"admin"}, HIDDEN), {
        "text": "Touches the network?", "text_zh": "涉及网络？", "weight": "10", "active": "yes"}),
    ("/admin/problem-settings", "GET"): Route("/admin/problem-settings", answers({"admin"})),
    ("/admin/problem-settings", "POST"): Route("/admin/problem-settings", answers({"admin"}),
                                               {"min_incidents": "4", "period_days": "10"}),
    # --- the change calendar: staff see it (others are told nothing: 404); admins set its rules and windows
    ("/changes/calendar", "GET"): Route("/changes/calendar", answers(STAFF, HIDDEN)),
    ("/changes/calendar/events", "GET"): Route(
        "/changes/calendar/events?start=2026-11-01T00:00:00%2B08:00&end=2026-12-01T00:00:00%2B08:00",
        answers(STAFF, HIDDEN)),
    ("/changes/calendar/timeline", "GET"): Route("/changes/calendar/timeline?ci={ci_id}", answers(STAFF, HIDDEN)),
    ("/changes/calendar/feed", "POST"): Route("/changes/calendar/feed", answers(STAFF, HIDDEN)),
    ("/changes/calendar/feed/revoke", "POST"): Route("/changes/calendar/feed/revoke", answers(STAFF, HIDDEN)),
    # a calendar program's address: no session; an unknown or revoked secret names nothing
    ("/calendar-feeds/<token>.ics", "GET"): Route("/calendar-feeds/not-a-feed-secret.ics", everyone(HIDDEN)),
    ("/admin/change-schedule", "GET"): Route("/admin/change-schedule", answers({"admin"})),
    ("/admin/change-schedule", "POST"): Route("/admin/change-schedule", answers({"admin"}), {
        "same_ci": "block", "related_ci": "block", "freeze": "block", "maintenance": "warning",
        "implementer": "warning", "hops": "2"}),
    ("/admin/change-schedule/windows", "POST"): Route("/admin/change-schedule/windows", answers({"admin"}), CHANGE_WINDOW),
    ("/admin/change-schedule/windows/<window_id>", "GET"): Route(
        "/admin/change-schedule/windows/{change_window_id}", answers({"admin"})),
    ("/admin/change-schedule/windows/<window_id>", "POST"): Route(
        "/admin/change-schedule/windows/{change_window_id}", answers({"admin"}), CHANGE_WINDOW),
    ("/admin/change-schedule/windows/<window_id>/remove", "POST"): Route(
        "/admin/change-schedule/windows/{change_window_id}/remove", answers({"admin"})),
    ("/api/v1/changes/<number>/schedule-check", "POST"): Route(
        "/api/v1/changes/{change_number}/schedule-check", answers(STAFF), SCHEDULE_CHECK),
    ("/api/v1/change-calendar", "GET"): Route("/api/v1/change-calendar", answers(STAFF)),
    ("/api/v1/change-calendar.ics", "GET"): Route("/api/v1/change-calendar.ics", answers(STAFF)),
    # --- API (bearer tokens only: a session cookie never signs in to it)
    ("/api/v1/openapi.json", "GET"): Route("/api/v1/openapi.json", everyone()),
    # The check answers (200) with the problems of what it was sent (the matrix sends JSON: {"xml": ...}).
    ("/api/v1/diagrams/validate", "POST"): Route("/api/v1/diagrams/validate", answers(DEPLOYERS),
                                                 {"xml": "<definitions/>"}),
    # A preview of nothing: the world has no instance of version 1 of request left to move to a version 2.
    ("/api/v1/migrations", "POST"): Route("/api/v1/migrations", answers(DEPLOYERS, ok=HIDDEN),
                                          {"process_id": "nothing-deployed", "from_version": 1, "to_version": 2,
                                           "dry_run": True}),
    ("/api/v1/processes/<process_id>/draft", "GET"): Route("/api/v1/processes/request/draft",
                                                          answers(DEPLOYERS, ok=HIDDEN)),  # no draft saved yet
    ("/api/v1/processes/<process_id>/draft", "PUT"): Route("/api/v1/processes/request/draft", answers(DEPLOYERS),
                                                          {"xml": "<definitions/>", "base_version": None}),
    ("/api/v1/changes", "GET"): Route("/api/v1/changes", answers(STAFF)),
    ("/api/v1/changes", "POST"): Route("/api/v1/changes", answers(CHANGE_RAISERS),
                                           {**CHANGE, "ci_ids": [1]}),  # mail-01, the demo's first CI
    ("/api/v1/changes/<number>", "GET"): Route("/api/v1/changes/{change_number}", answers(CHANGE_READERS, HIDDEN)),
    ("/api/v1/changes/<number>", "PATCH"): Route("/api/v1/changes/{change_number}", answers(
        CHANGE_EDITORS, HIDDEN, **dict.fromkeys(CHANGE_READERS - CHANGE_EDITORS, REFUSED)), {"reason": "Urgent"}),
    ("/api/v1/changes/<number>/links", "POST"): Route("/api/v1/changes/{change_number}/links", answers(
        CHANGE_EDITORS, HIDDEN, **dict.fromkeys(CHANGE_READERS - CHANGE_EDITORS, REFUSED)), {"ticket": "INC-000001"}),
    ("/api/v1/catalogue", "GET"): Route("/api/v1/catalogue", answers(PORTAL)),
    ("/api/v1/catalogue/<key>/requests", "POST"): Route("/api/v1/catalogue/vpn-token/requests", answers(PORTAL), {
        "values": {"token_type": "app", "details": "Travelling next week."}}),
    ("/api/v1/processes/<process_id>/draft/what-if", "POST"): Route(
        "/api/v1/processes/request/draft/what-if", answers(DEPLOYERS, ok=HIDDEN), {}),  # policies.may_run_what_if
    ("/api/v1/processes/<process_id>/draft/what-if/<run_id>", "GET"): Route(
        "/api/v1/processes/request/draft/what-if/1", answers(DEPLOYERS, ok=HIDDEN)),  # no run in the world
    ("/api/v1/processes/<process_id>/draft/what-if/<run_id>/cancel", "POST"): Route(
        "/api/v1/processes/request/draft/what-if/1/cancel", answers(DEPLOYERS, ok=HIDDEN), {}),
    ("/api/v1/problems", "GET"): Route("/api/v1/problems", answers(STAFF)),
    ("/api/v1/problems", "POST"): Route("/api/v1/problems", answers(PROBLEM_MANAGERS), {"title": "Printers jam"}),
    ("/api/v1/problems/<number>", "GET"): Route("/api/v1/problems/{problem_number}", answers(STAFF)),
    ("/api/v1/problems/<number>", "PATCH"): Route("/api/v1/problems/{problem_number}", answers(PROBLEM_MANAGERS),
                                                  {"root_cause": "Overloaded."}),
    ("/api/v1/problems/<number>/incidents", "POST"): Route(
        "/api/v1/problems/{problem_number}/incidents",
        answers(INCIDENT_LINKERS, agent_other_group=HIDDEN, approver=HIDDEN), {"incident": "INC-000001"}),
    ("/api/v1/problems/<number>/workaround/publish", "POST"): Route(
        "/api/v1/problems/{problem_number}/workaround/publish", answers(PROBLEM_MANAGERS)),
    ("/api/v1/processes/<process_id>/insight", "GET"): Route("/api/v1/processes/incident/insight",
                                                            answers(EVERY_INSTANCE)),
    ("/api/v1/reports/kpis", "GET"): Route("/api/v1/reports/kpis", answers(REPORT_READERS)),
    # policies.survey_reach: everyone lists the surveys she may read; INC-000001 has none to read or answer
    ("/api/v1/surveys", "GET"): Route("/api/v1/surveys", answers(SIGNED_IN)),
    ("/api/v1/surveys/<number>", "GET"): Route("/api/v1/surveys/{number}", answers(SIGNED_IN, ok=HIDDEN)),
    ("/api/v1/surveys/<number>/answer", "POST"): Route("/api/v1/surveys/{number}/answer",
                                                       answers(SIGNED_IN, ok=HIDDEN), {"score": 5}),
    ("/api/v1/reports/export", "GET"): Route("/api/v1/reports/export?format=csv", answers(REPORT_READERS)),
    # --- /engine-rest (Camunda 7-compatible): bearer token or basic login and password
    ("/engine-rest/version", "GET"): Route("/engine-rest/version", answers(SIGNED_IN)),
    ("/engine-rest/message", "POST"): Route("/engine-rest/message", answers(MESSAGE_SENDERS),
                                            {"messageName": "orderByMail"}),
    ("/engine-rest/signal", "POST"): Route("/engine-rest/signal", answers(SIGNAL_BROADCASTERS), {"name": "nobody"}),
    ("/engine-rest/deployment", "GET"): Route("/engine-rest/deployment?maxResults=0", answers(DEPLOYERS)),
    # The matrix sends JSON, so deployers get 400 (no file); the Modeler's multipart request is replayed in
    # tests/engine_rest/test_engine_rest_deployment.py.
    ("/engine-rest/deployment/create", "POST"): Route("/engine-rest/deployment/create",
                                                      answers(DEPLOYERS, ok=INVALID), {}),
    ("/engine-rest/process-definition", "GET"): Route("/engine-rest/process-definition", answers(PROCESS_READERS)),
    ("/engine-rest/process-definition/key/<key>", "GET"): Route("/engine-rest/process-definition/key/request",
                                                                answers(PROCESS_READERS)),
    ("/engine-rest/process-definition/key/<key>/start", "POST"): Route(
        "/engine-rest/process-definition/key/request/start", answers(PORTAL), TYPED_REQUEST),
    ("/engine-rest/process-definition/<definition_id>/start", "POST"): Route(
        "/engine-rest/process-definition/request:1/start", answers(PORTAL), TYPED_REQUEST),
    ("/engine-rest/task", "GET"): Route("/engine-rest/task", answers(SIGNED_IN)),
    ("/engine-rest/task/<task_id>/claim", "POST"): Route("/engine-rest/task/{task_id}/claim",
                                                         answers(TASK_CANDIDATES), {"userId": "sam"}),
    ("/engine-rest/task/<task_id>/unclaim", "POST"): Route("/engine-rest/task/{task_id}/unclaim", answers(())),
    ("/engine-rest/task/<task_id>/complete", "POST"): Route(
        "/engine-rest/task/{task_id}/complete", answers(TASK_CANDIDATES),
        {"variables": {"impact": {"value": "medium", "type": "String"}, "urgency": {"value": "medium"}}}),
    ("/engine-rest/task/<task_id>/form-variables", "GET"): Route("/engine-rest/task/{task_id}/form-variables",
                                                                 answers(TASK_REASSIGNERS)),
    # outside workers: admins hold the worker role; process owners, auditors and admins read the tasks. The world's
    # card charge is held by matrix-worker, so each body below would work for anyone allowed.
    ("/engine-rest/external-task/fetchAndLock", "POST"): Route(
        "/engine-rest/external-task/fetchAndLock", answers(WORKERS),
        {"workerId": "w", "maxTasks": 1, "topics": [{"topicName": "charge-card", "lockDuration": 1000}]}),
    ("/engine-rest/external-task", "GET"): Route("/engine-rest/external-task", answers(EXTERNAL_TASK_READERS)),
    ("/engine-rest/external-task/count", "GET"): Route("/engine-rest/external-task/count",
                                                       answers(EXTERNAL_TASK_READERS)),
    ("/engine-rest/external-task/<task_id>/retries", "PUT"): Route(
        "/engine-rest/external-task/{external_task_id}/retries", answers(EXTERNAL_TASK_OPERATORS), {"retries": 3}),
    ("/engine-rest/external-task/<task_id>/priority", "PUT"): Route(
        "/engine-rest/external-task/{external_task_id}/priority", answers(EXTERNAL_TASK_OPERATORS), {"priority": 7}),
    ("/engine-rest/external-task/<task_id>", "GET"): Route("/engine-rest/external-task/{external_task_id}",
                                                           answers(EXTERNAL_TASK_READERS)),
    ("/engine-rest/external-task/<task_id>/complete", "POST"): Route(
        "/engine-rest/external-task/{external_task_id}/complete", answers(WORKERS), {"workerId": OUTSIDE_WORKER}),
    ("/engine-rest/external-task/<task_id>/failure", "POST"): Route(
        "/engine-rest/external-task/{external_task_id}/failure", answers(WORKERS),
        {"workerId": OUTSIDE_WORKER, "errorMessage": "down", "retries": 1, "retryTimeout": 0}),
    ("/engine-rest/external-task/<task_id>/bpmnError", "POST"): Route(
        "/engine-rest/external-task/{external_task_id}/bpmnError", answers(WORKERS),
        {"workerId": OUTSIDE_WORKER, "errorCode": "card-declined"}),
    ("/engine-rest/external-task/<task_id>/extendLock", "POST"): Route(
        "/engine-rest/external-task/{external_task_id}/extendLock", answers(WORKERS),
        {"workerId": OUTSIDE_WORKER, "newDuration": 1000}),
    ("/engine-rest/external-task/<task_id>/unlock", "POST"): Route(
        "/engine-rest/external-task/{external_task_id}/unlock", answers(WORKERS)),
    ("/api/v1/articles", "GET"): Route("/api/v1/articles", answers(SIGNED_IN)),
    ("/api/v1/articles", "POST"): Route("/api/v1/articles", answers(WRITERS),
                                        {"title": "Map a network drive", "body_markdown": "Open Explorer."}),
    ("/api/v1/articles/<article_id>", "GET"): Route("/api/v1/articles/{article_id}", answers(SIGNED_IN)),
    ("/api/v1/cis", "GET"): Route("/api/v1/cis", answers(CMDB_READERS)),
    ("/api/v1/cis", "POST"): Route("/api/v1/cis", answers(CMDB_EDITORS),
                                   {"type": "server", "name": "web-07", "owner_group": "second-line"}),
    ("/api/v1/cis/<ci_id>", "GET"): Route("/api/v1/cis/{ci_id}", answers(CMDB_READERS)),
    ("/api/v1/cis/<ci_id>", "PATCH"): Route("/api/v1/cis/{ci_id}", answers(CMDB_EDITORS),
                                            {"location": "Shanghai DC, rack 5"}),
    ("/api/v1/cis/<ci_id>/impact", "GET"): Route("/api/v1/cis/{ci_id}/impact", answers(CMDB_READERS)),
    ("/api/v1/instances/<instance_id>", "GET"): Route("/api/v1/instances/{instance_id}",
                                                      answers(INSTANCE_READERS, HIDDEN)),
    ("/api/v1/instances/<instance_id>/history", "GET"): Route("/api/v1/instances/{instance_id}/history",
                                                              answers(INSTANCE_READERS, HIDDEN)),
    ("/api/v1/instances/<instance_id>/replay", "GET"): Route("/api/v1/instances/{instance_id}/replay",
                                                             answers(REPLAYERS, HIDDEN)),
    ("/api/v1/instances/<instance_id>/evidence", "GET"): Route("/api/v1/instances/{instance_id}/evidence",
                                                               answers(EVIDENCE_EXPORTERS)),
    ("/api/v1/evidence", "POST"): Route("/api/v1/evidence", answers(EVIDENCE_EXPORTERS),
                                        {"process_id": "incident", **EVERY_DAY}),
    ("/api/v1/evidence/public-key", "GET"): Route("/api/v1/evidence/public-key", answers(SIGNED_IN)),
    ("/api/v1/messages", "POST"): Route("/api/v1/messages", answers(MESSAGE_SENDERS),
                                        {"message_name": "orderByMail", "variables": {"sender": "ann"}}),
    ("/api/v1/processes/<process_id>/instances", "POST"): Route(
        "/api/v1/processes/request/instances", answers(PORTAL),
        {"variables": {"item": "software", "details": "A licence for Visio."}}),
    ("/api/v1/tasks", "GET"): Route("/api/v1/tasks", answers(INBOX)),
    ("/api/v1/tasks/<task_id>/claim", "POST"): Route("/api/v1/tasks/{task_id}/claim", answers(TASK_CANDIDATES)),
    ("/api/v1/tasks/<task_id>/complete", "POST"): Route("/api/v1/tasks/{task_id}/complete",
                                                        answers(TASK_CANDIDATES),
                                                        {"impact": "medium", "urgency": "medium"}),
    ("/api/v1/tasks/<task_id>/release", "POST"): Route("/api/v1/tasks/{task_id}/release", answers(())),
    ("/api/v1/tickets", "GET"): Route("/api/v1/tickets", answers(SIGNED_IN)),
    ("/api/v1/tickets", "POST"): Route("/api/v1/tickets", answers(SIGNED_IN - {"auditor"}),
                                       {"title": "Monitor flickers", "description": "Since the update."}),
    ("/api/v1/tickets/<number>", "GET"): Route("/api/v1/tickets/{number}", answers(TICKET_READERS, HIDDEN)),
    ("/api/v1/tickets/<number>/attachments", "POST"): Route(
        "/api/v1/tickets/{number}/attachments", answers(TICKET_WRITERS, HIDDEN, auditor=REFUSED),
        {"file_name": "log.txt", "content_type": "text/plain", "content_base64": "aGVsbG8=",
         "visibility": "public"}),
    ("/api/v1/tickets/<number>/notes", "POST"): Route("/api/v1/tickets/{number}/notes",
                                                      answers(TICKET_WRITERS, HIDDEN, auditor=REFUSED), NOTE),
}


def known_today(route: Route) -> dict[str, str]:
    """Return the cells of a route where today's code disagrees, with the finding of issue 9 that covers each.
    """
    known = dict(route.today)
    if route.api and "admin" in known:
        known.setdefault("admin_token", known["admin"])
    return known


def route_key(rule: str) -> str:
    """Return a url_map rule without its converters: /cmdb/<int(max=2147483647):ci_id> -> /cmdb/<ci_id>."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"<\1>", rule)
