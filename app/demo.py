"""Create the demo organisation for `make run` (safe to run again)."""
from sqlalchemy import select

from app.extensions import db
from app.factory import create_app
from app.models import Department, User
from app.services.runtime import current_runtime
from app.services.users import UserDetails, add_department, add_user

DEMO_PASSWORD = "flowdesk-demo"
DEPARTMENTS = (("IT", None), ("Service Desk", "IT"), ("Infrastructure", "IT"), ("Finance", None))
# login, name, department, groups, roles, groups led, language, time zone
DEMO_PEOPLE = (
    ("rita", "Rita Requester", "Finance", ["requesters"], ["requester"], [], "en", "Europe/London"),
    ("sam", "Sam Service-Desk", "Service Desk", ["service-desk"], ["agent", "requester"], ["service-desk"],
     "en", "Asia/Shanghai"),
    ("lee", "Lee Second-Line", "Infrastructure", ["second-line"], ["agent", "requester"], [], "zh_CN",
     "Asia/Shanghai"),
    ("mona", "Mona Manager", "IT", ["managers", "cab", "duty-managers"], ["approver", "agent", "manager", "requester"],
     ["managers"], "en", "Europe/London"),
    ("carl", "Carl Change-Manager", "IT", ["change-managers"], ["agent", "approver", "requester"], [], "en", "UTC"),
    ("olga", "Olga Process-Owner", "IT", ["process-owners"], ["process_owner", "requester"], [], "en", "UTC"),
    ("audrey", "Audrey Auditor", "Finance", ["auditors"], ["auditor"], [], "en", "UTC"),
    ("adam", "Adam Admin", "IT", ["admins"], ["admin"], [], "en", "UTC"),
)


def create_demo_departments() -> dict[str, int]:
    """Create the demo department tree once; return name -> id."""
    ids = {d.name: d.id for d in db.session.execute(select(Department)).scalars()}
    for name, parent in DEPARTMENTS:
        if name not in ids:
            ids[name] = add_department(name, ids[parent] if parent else None).id
    return ids


def create_demo_people() -> list[str]:
    """Add the demo people that do not exist yet; return their logins."""
    departments = create_demo_departments()
    added = []
    for login, name, department, groups, roles, leads, language, zone in DEMO_PEOPLE:
        if db.session.execute(select(User.id).where(User.login == login)).first():
            continue
        details = UserDetails(display_name=name, email=f"{login}@flowdesk.example", password=DEMO_PASSWORD,
                              department_id=departments[department], roles=roles, lead_of=leads,
                              language=language, timezone=zone)
        add_user(current_runtime(), login, groups, details=details)
        added.append(login)
    return added


def main() -> None:
    """Create the demo organisation in the configured database."""
    app = create_app()
    with app.app_context():
        added = create_demo_people()
    print(f"Demo organisation ready ({len(added)} people added; password '{DEMO_PASSWORD}').")


if __name__ == "__main__":
    main()
