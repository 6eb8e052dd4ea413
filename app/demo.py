"""Create the demo organisation for `make run` (safe to run again)."""
from flask import current_app
from sqlalchemy import select

from app.cmdb.impact import add_relation
from app.cmdb.items import create_ci, save_ci_type
from app.cmdb.models import ConfigurationItem
from app.extensions import db
from app.factory import create_app
from app.knowledge.articles import create_article, publish_article
from app.knowledge.models import KbArticle
from app.organisation.accounts import actor_for
from app.organisation.departments import add_department
from app.organisation.models import Department, User
from app.organisation.policies import Actor, system_actor
from app.organisation.users import UserDetails, add_user, require_user
from app.platform.transactions import use_case
from app.service_levels.policies import ensure_default_service_levels
from app.servicedesk.categories import create_category
from app.servicedesk.change.risk_answers import QuestionValues, all_questions, save_question
from app.servicedesk.change.templates import TemplateValues, approve_template, list_templates, propose_template
from app.servicedesk.models import Category
from app.wiring import current_runtime

DEMO_PASSWORD = "flowdesk-demo"
DEPARTMENTS = (("IT", None), ("Service Desk", "IT"), ("Infrastructure", "IT"), ("Finance", None))
# login, name, department, groups, roles, groups led, language, time zone
DEMO_PEOPLE = (
    ("rita", "Rita Requester", "Finance", ["requesters"], ["requester"], [], "en", "Europe/London"),
    ("sam", "Sam Service-Desk", "Service Desk", ["service-desk"], ["agent", "requester"], ["service-desk"],
     "en", "Asia/Shanghai"),
    ("lee", "Lee Second-Line", "Infrastructure", ["second-line", "change-advisory-board"], ["agent", "requester"], [],
     "zh_CN", "Asia/Shanghai"),
    ("mona", "Mona Manager", "IT", ["managers", "cab", "duty-managers", "change-advisory-board", "ecab"],
     ["approver", "agent", "manager", "requester"],
     ["managers"], "en", "Europe/London"),
    ("carl", "Carl Change-Manager", "IT", ["change-managers", "problem-managers"], ["agent", "approver", "requester"],
     [], "en", "UTC"),
    ("olga", "Olga Process-Owner", "IT", ["process-owners"], ["process_owner", "requester"], [], "en", "UTC"),
    ("audrey", "Audrey Auditor", "Finance", ["auditors"], ["auditor"], [], "en", "UTC"),
    ("adam", "Adam Admin", "IT", ["admins", "change-advisory-board", "ecab"], ["admin"], [], "en", "UTC"),
)
DEMO_ACTOR = system_actor("demo")


@use_case
def create_demo_departments(actor: Actor) -> dict[str, int]:
    """Create the demo department tree once; return name -> id."""
    ids = {d.name: d.id for d in db.session.execute(select(Department)).scalars()}
    for name, parent in DEPARTMENTS:
        if name not in ids:
            ids[name] = add_department(actor, name, ids[parent] if parent else None).id
    return ids


@use_case
def create_demo_people() -> list[str]:
    """Add the demo departments and the demo people that do not exist yet, all or none; return their logins."""
    hash_method = current_app.config["PASSWORD_HASH_METHOD"]
    departments = create_demo_departments(DEMO_ACTOR)
    added = []
    for login, name, department, groups, roles, leads, language, zone in DEMO_PEOPLE:
        if db.session.execute(select(User.id).where(User.login == login)).first():
            continue
        details = UserDetails(display_name=name, email=f"{login}@flowdesk.example", password=DEMO_PASSWORD,
                              department_id=departments[department], roles=roles, lead_of=leads,
                              language=language, timezone=zone)
        add_user(current_runtime(), DEMO_ACTOR, login, groups, details=details, password_hash_method=hash_method)
        added.append(login)
    return added


# name, parent, default group, requires approval
DEMO_CATEGORIES = (
    ("Hardware", None, "service-desk", False), ("Printer", "Hardware", "service-desk", False),
    ("Laptop", "Hardware", "service-desk", False), ("Network", None, "second-line", False),
    ("E-mail", None, "second-line", False), ("Data centre", None, "second-line", True),
)
# name, type, owner group, location, depends on
DEMO_CIS = (
    ("mail-01", "server", "second-line", "Shanghai DC, rack 4", None),
    ("E-mail service", "application", "second-line", None, "mail-01"),
    ("prn-3f", "printer", "service-desk", "Floor 3", None),
    ("Staff e-mail", "service", "second-line", None, "E-mail service"),
)
DEMO_ARTICLES = (
    ("Printer jams on A3 paper", "1. Open tray 2.\n2. Fan the A3 stack before loading it.\n3. Clean the rollers "
     "with a lint-free cloth."),
    ("Reset your VPN token", "Open **Self service → VPN**, choose *Reset token* and scan the new QR code."),
    ("如何连接公司打印机", "在 **设置 → 打印机** 中选择 *prn-3f*，然后安装驱动程序。"),
)


def create_demo_service_desk() -> None:
    """Add the demo categories, service levels, CIs and published articles, once each."""
    runtime = current_runtime()
    ensure_default_service_levels(runtime.clock.now())
    if db.session.execute(select(Category.id).limit(1)).first() is None:
        ids: dict[str, int] = {}
        for name, parent, group, approval in DEMO_CATEGORIES:
            ids[name] = create_category(name, ids[parent] if parent else None, default_group=group,
                                        requires_approval=approval).id
    admin, agent = actor_for(require_user("adam")), actor_for(require_user("sam"))
    if db.session.execute(select(ConfigurationItem.id).limit(1)).first() is None:
        for type_name, display in (("server", "Server"), ("application", "Application"), ("printer", "Printer"),
                                   ("service", "Service")):
            save_ci_type(admin, type_name, display, [])
        cis: dict[str, int] = {}
        for name, type_name, group, location, depends_on in DEMO_CIS:
            cis[name] = create_ci(agent, runtime.clock, type_name, {"name": name, "owner_group": group,
                                                                    "location": location}).id
            if depends_on:
                add_relation(agent, cis[name], cis[depends_on], "depends_on")
    if db.session.execute(select(KbArticle.id).limit(1)).first() is None:
        for title, body in DEMO_ARTICLES:
            publish_article(agent, runtime.clock, create_article(agent, runtime.clock, title, body).id)
    create_demo_change_catalogue()


# the risk questionnaire: English, Chinese, weight
DEMO_RISK_QUESTIONS = (
    ("Does the change cause downtime of a service?", "变更是否会导致服务中断？", 30),
    ("Is this the first time this kind of change is made?", "这是否是首次进行此类变更？", 20),
    ("Is the backout longer than an hour?", "回退是否超过一小时？", 20),
    ("Does the change touch customer data?", "变更是否涉及客户数据？", 30),
)
DEMO_TEMPLATE = TemplateValues(
    key="restart-mail-queue", name="Restart the mail queue", description="Restart a stuck mail queue on mail-01.",
    owner_group="second-line", implementation_plan="Stop the queue runner, flush the deferred queue, start it.",
    backout_plan="Start the queue runner again; nothing else changes.", test_plan="Send a test mail; it arrives.",
    impact="low")


def create_demo_change_catalogue() -> None:
    """Add the demo risk questionnaire and an approved standard change (proposed by carl, approved by adam), once."""
    runtime = current_runtime()
    admin = actor_for(require_user("adam"))
    if not all_questions():
        for text, text_zh, weight in DEMO_RISK_QUESTIONS:
            save_question(admin, None, QuestionValues(text, text_zh, weight))
    if not list_templates(None):
        proposed = propose_template(runtime, actor_for(require_user("carl")), DEMO_TEMPLATE)
        approve_template(runtime, admin, proposed.id)


def main() -> None:
    """Create the demo organisation in the configured database."""
    app = create_app()
    with app.app_context():
        added = create_demo_people()
        create_demo_service_desk()
    print(f"Demo organisation ready ({len(added)} people added; password '{DEMO_PASSWORD}').")


if __name__ == "__main__":
    main()
