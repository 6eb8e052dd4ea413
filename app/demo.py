"""Create the demo organisation for `make run` (safe to run again)."""
from sqlalchemy import select

from app.extensions import db
from app.factory import create_app
from app.models import User
from app.services.runtime import current_runtime
from app.services.users import add_user

DEMO_PEOPLE = (
    ("rita", "Rita Requester", ["requesters"]),
    ("sam", "Sam Service-Desk", ["service-desk"]),
    ("lee", "Lee Second-Line", ["second-line"]),
    ("mona", "Mona Manager", ["managers", "cab", "duty-managers"]),
    ("carl", "Carl Change-Manager", ["change-managers"]),
    ("olga", "Olga Process-Owner", ["process-owners"]),
    ("audrey", "Audrey Auditor", ["auditors"]),
    ("adam", "Adam Admin", ["admins"]),
)


def create_demo_people() -> list[str]:
    """Add the demo people that do not exist yet; return their logins."""
    added = []
    for login, name, groups in DEMO_PEOPLE:
        if db.session.execute(select(User.id).where(User.login == login)).first():
            continue
        add_user(current_runtime(), login, groups, name, f"{login}@flowdesk.example")
        added.append(login)
    return added


def main() -> None:
    """Create the demo organisation in the configured database."""
    app = create_app()
    with app.app_context():
        added = create_demo_people()
    print(f"Demo organisation ready ({len(added)} people added).")


if __name__ == "__main__":
    main()
