"""Create the demo organisation for `make run` (safe to run again); `catalogue` adds the request catalogue once the
diagrams are deployed."""
import sys

from flask import current_app
from sqlalchemy import select

from app.cmdb.impact import add_relation
from app.cmdb.items import create_ci, save_ci_type
from app.cmdb.models import CiType, ConfigurationItem
from app.extensions import db
from app.factory import create_app
from app.knowledge.articles import create_article, publish_article
from app.knowledge.models import KbArticle
from app.organisation.accounts import actor_for
from app.organisation.departments import add_department
from app.organisation.groups import add_group, add_member
from app.organisation.models import CostCentre, Department, Group, User
from app.organisation.policies import Actor, system_actor
from app.organisation.users import UserDetails, add_user, require_user
from app.platform.transactions import use_case
from app.service_levels.policies import ensure_default_service_levels
from app.servicedesk.catalogue.items import save_item
from app.servicedesk.catalogue.models import CatalogueCategory, CatalogueItem
from app.servicedesk.change.risk_answers import QuestionValues, all_questions, save_question
from app.servicedesk.change.templates import TemplateValues, approve_template, list_templates, propose_template
from app.servicedesk.surveys.models import DEFAULT_RULE, SurveyRule
from app.servicedesk.surveys.rules import save_rule
from app.servicedesk.tickets.categories import create_category
from app.servicedesk.tickets.models import Category
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


# Reporting lines: line managers, department heads and cost centres (code, name, owner), for approvals by rule.
DEMO_MANAGERS = {"rita": "mona", "sam": "mona", "lee": "mona", "carl": "mona", "olga": "mona", "mona": "adam"}
DEMO_HEADS = {"IT": "mona", "Finance": "mona"}
DEMO_COST_CENTRES = (("CC-IT", "IT", "IT", "mona"), ("CC-FIN", "Finance", "Finance", "carl"))
# The groups the new-starter flow offers work to, with who is in them.
DEMO_FULFILMENT_GROUPS = (("facilities", "Facilities", "sam"), ("accounts", "Accounts", "carl"))
# key, process, name, Chinese name, category (en, zh), icon, price, max quantity, SLA hours, on behalf, audience
DEMO_ITEMS = (
    ("new-laptop", "catalogue_laptop", "New laptop", "新笔记本电脑", ("Hardware", "硬件"), "laptop", 8000, 3, 40,
     "many", []),
    ("software-licence", "catalogue_licence", "Software licence", "软件许可证", ("Software", "软件"), "licence", 800,
     20, 16, "one", []),
    ("system-access", "catalogue_access", "Access to a system", "系统访问权限", ("Access", "访问权限"), "key", 0, 1,
     8, "one", []),
    ("new-starter", "catalogue_new_starter", "New starter", "新员工入职", ("People", "人事"), "person", 0, 1, 80,
     "self", ["role:manager"]),
    ("vpn-token", "catalogue_vpn_token", "VPN token", "VPN 令牌", ("Access", "访问权限"), "token", 300, 1, 8, "self",
     []),
)


@use_case
def create_demo_reporting_lines() -> None:
    """Give the demo people their line managers, departments their heads and cost centres (where none is set)."""
    for login, manager in DEMO_MANAGERS.items():
        person = db.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
        if person is not None and person.manager_login is None:
            person.manager_login = manager
    for department in db.session.execute(select(Department)).scalars():
        department.head_login = department.head_login or DEMO_HEADS.get(department.name)
    for code, name, department_name, owner in DEMO_COST_CENTRES:
        if db.session.execute(select(CostCentre.id).where(CostCentre.code == code)).first() is None:
            db.session.add(CostCentre(code=code, name=name, owner_login=owner))
        department = db.session.execute(select(Department).where(Department.name == department_name)).scalar()
        if department is not None and department.cost_centre is None:
            department.cost_centre = code
    for name, display, member in DEMO_FULFILMENT_GROUPS:
        if db.session.execute(select(Group.id).where(Group.name == name)).first() is None:
            add_group(DEMO_ACTOR, name, display)
            add_member(DEMO_ACTOR, name, member, is_lead=True)


@use_case
def create_demo_catalogue() -> int:
    """Add the five shipped catalogue items (their diagrams deployed first), a laptop CI type and a system owner."""
    create_demo_reporting_lines()
    admin, runtime = actor_for(require_user("adam")), current_runtime()
    if db.session.execute(select(CiType.id).where(CiType.name == "laptop")).first() is None:
        save_ci_type(admin, "laptop", "Laptop", [])
    mail_service = db.session.execute(select(ConfigurationItem).where(
        ConfigurationItem.name == "E-mail service")).scalar_one_or_none()
    if mail_service is not None and mail_service.owner_login is None:
        mail_service.owner_login = "lee"
    added = 0
    for key, process, name, name_zh, (category, category_zh), icon, price, most, hours, behalf, audience in DEMO_ITEMS:
        if db.session.execute(select(CatalogueItem.id).where(CatalogueItem.key == key)).first() is not None:
            continue
        save_item(runtime, DEMO_ACTOR, key, {
            "name": name, "name_zh": name_zh, "process_id": process, "category": category, "icon": icon,
            "description": "", "unit_price": price, "max_quantity": most, "sla_hours": hours, "on_behalf": behalf,
            "audience": audience})
        name_category_in_chinese(category, category_zh)
        added += 1
    return added


def create_demo_survey_rule() -> bool:
    """Add the default survey rule of the demo (half the resolved tickets, a day later), unless there is one."""
    if db.session.execute(select(SurveyRule.id).where(SurveyRule.key == DEFAULT_RULE)).first() is not None:
        return False
    save_rule(DEMO_ACTOR, current_runtime().clock, DEFAULT_RULE, True, {
        "sample_percent": 50, "delay_working_days": 1, "min_days_between": 30, "remind_after_days": 3,
        "expire_after_days": 10, "low_score": 2, "comment_below": 3, "recovery_hours": 24})
    return True


def name_category_in_chinese(name: str, chinese: str) -> None:
    """Give a catalogue category its Chinese name where it has none."""
    row = db.session.execute(select(CatalogueCategory).where(CatalogueCategory.name == name)).scalar_one()
    row.name_zh = row.name_zh or chinese


def main() -> None:
    """Create the demo organisation in the configured database (`catalogue`: the request catalogue)."""
    app = create_app()
    with app.app_context():
        if sys.argv[1:] == ["catalogue"]:
            print(f"Demo catalogue ready ({create_demo_catalogue()} items added).")
            create_demo_survey_rule()
            return
        added = create_demo_people()
        create_demo_service_desk()
    print(f"Demo organisation ready ({len(added)} people added; password '{DEMO_PASSWORD}').")


if __name__ == "__main__":
    main()
