"""Organisation use cases: one unit of work each, nothing left behind on failure, joined when nested, admins only."""
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event, func, select

from app.extensions import Model, db
from app.organisation import accounts, departments, groups, tokens, users
from app.organisation.accounts import SignInRefused, actor_for
from app.organisation.models import ApiToken, Department, Group, Membership, User, UserRole
from app.organisation.policies import Actor, system_actor
from app.organisation.users import UserDetails, memberships_of, require_user, roles_of
from app.platform import transactions
from app.platform.errors import InvalidValues, NotAllowed
from app.platform.transactions import use_case
from app.workflow.runtime import Runtime
from engine.clock import FixedClock

ADMIN = system_actor("tests")
FAST_HASH = "pbkdf2:sha256:1000"


@pytest.fixture
def commits(app) -> Iterator[list[object]]:  # type: ignore[no-untyped-def]
    """Record every commit of the app's session while the test runs."""
    seen: list[object] = []
    session = db.session()

    def count(committed: object) -> None:
        seen.append(committed)

    event.listen(session, "after_commit", count)
    yield seen
    event.remove(session, "after_commit", count)


def rows_of(model: type[Model]) -> int:
    """Count the stored rows of a model, as the database holds them now."""
    db.session.expire_all()
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def stored_user(login: str) -> User:
    """Return a user as stored now."""
    db.session.expire_all()
    return db.session.execute(select(User).where(User.login == login)).scalar_one()


def set_up_network_team(runtime: Runtime) -> None:
    """Add a department, a group, a user in both who leads the group, and a token for them."""
    department = departments.add_department(ADMIN, "Network")
    groups.add_group(ADMIN, "network-team", "Network team")
    users.add_user(runtime, ADMIN, "nina", ["network-team"], details=UserDetails(department_id=department.id))
    groups.set_lead(ADMIN, "network-team", "nina", True)
    tokens.create_token(runtime, ADMIN, "nina", "tests")


def test_add_user_leaves_no_user_behind_when_a_group_name_is_bad(runtime) -> None:
    with pytest.raises(InvalidValues) as refused:
        users.add_user(runtime, ADMIN, "nina", ["service-desk", "night shift"])
    assert refused.value.errors["groups"] == [
        "'night shift' is not a group name. A group name is 1 to 80 letters, digits, dots, dashes or underscores, "
        "starting with a letter or digit."]
    assert (rows_of(User), rows_of(Group), rows_of(Membership), rows_of(UserRole)) == (0, 0, 0, 0)


def test_use_cases_called_inside_another_join_it_and_commit_once(runtime, commits) -> None:
    use_case(set_up_network_team)(runtime)
    assert len(commits) == 1
    nina = stored_user("nina")
    assert memberships_of(nina.id) == {"network-team": True} and rows_of(ApiToken) == 1


def test_a_failure_after_joined_use_cases_leaves_none_of_their_writes(runtime, commits) -> None:
    @use_case
    def set_up_then_fail() -> None:
        set_up_network_team(runtime)
        raise RuntimeError("The network team is not wanted after all.")

    with pytest.raises(RuntimeError):
        set_up_then_fail()
    assert commits == []
    assert [rows_of(model) for model in (Department, Group, User, Membership, UserRole, ApiToken)] == [0] * 6


def test_add_user_runs_again_from_the_start_after_a_transient_fault(runtime, monkeypatch) -> None:
    monkeypatch.setattr(transactions, "pause", lambda seconds: None)
    faults = ["database is locked"]

    def lock_once(connection: Any, cursor: Any, statement: str, *_: Any) -> None:
        if faults and statement.startswith("INSERT INTO user_group"):  # after the user's own row went in
            raise sqlite3.OperationalError(faults.pop())

    event.listen(db.engine, "before_cursor_execute", lock_once)
    try:
        users.add_user(runtime, ADMIN, "nina", ["service-desk"])
    finally:
        event.remove(db.engine, "before_cursor_execute", lock_once)
    assert faults == []
    assert (rows_of(User), rows_of(Group), memberships_of(stored_user("nina").id)) == (1, 1, {"service-desk": False})


def department_id() -> int:
    """Return the id of the one department the refusal tests start with."""
    return db.session.execute(select(Department.id)).scalar_one()


ORGANISATION_CHANGES: dict[str, Callable[[Runtime, Actor], object]] = {
    "add_user": lambda runtime, actor: users.add_user(runtime, actor, "nina", []),
    "update_user": lambda runtime, actor: users.update_user(actor, "rita", UserDetails(roles=["admin"])),
    "set_active": lambda runtime, actor: users.set_active(actor, "rita", False),
    "add_group": lambda runtime, actor: groups.add_group(actor, "night-shift"),
    "rename_group": lambda runtime, actor: groups.rename_group(actor, "managers", "Bosses"),
    "set_assignment_strategy": lambda runtime, actor: groups.set_assignment_strategy(actor, "managers",
                                                                                     "least_loaded"),
    "add_member": lambda runtime, actor: groups.add_member(actor, "managers", "sam", True),
    "remove_member": lambda runtime, actor: groups.remove_member(actor, "managers", "mona"),
    "set_lead": lambda runtime, actor: groups.set_lead(actor, "service-desk", "sam", False),
    "add_department": lambda runtime, actor: departments.add_department(actor, "Night shift"),
    "rename_department": lambda runtime, actor: departments.rename_department(actor, department_id(), "Days"),
    "move_department": lambda runtime, actor: departments.move_department(actor, department_id(), None),
    "delete_department": lambda runtime, actor: departments.delete_department(actor, department_id()),
    "create_token": lambda runtime, actor: tokens.create_token(runtime, actor, "sam"),
}


@pytest.mark.parametrize("change", ORGANISATION_CHANGES)
def test_someone_who_is_not_an_admin_is_refused_every_organisation_change(runtime, people, change) -> None:
    departments.add_department(ADMIN, "Service desk")
    groups.set_lead(ADMIN, "service-desk", "sam", True)  # leading a group does not make one an admin
    sam = actor_for(require_user("sam"))
    with pytest.raises(NotAllowed) as refused:
        ORGANISATION_CHANGES[change](runtime, sam)
    assert "only administrators change the organisation" in str(refused.value)


def test_an_admin_is_refused_taking_the_admin_role_from_themselves(runtime, demo) -> None:
    adam = actor_for(require_user("adam"))
    with pytest.raises(NotAllowed, match="You cannot remove the administrator role from your own account"):
        users.update_user(adam, "adam", UserDetails(display_name="Adam", roles=["auditor"]))
    assert (stored_user("adam").display_name, roles_of(adam.id)) == ("Adam Admin", ["admin"])


def test_an_admin_is_refused_deactivating_themselves_but_not_another_admin(runtime, demo) -> None:
    adam = actor_for(require_user("adam"))
    with pytest.raises(NotAllowed, match="You cannot deactivate your own account"):
        users.set_active(adam, "adam", False)
    users.update_user(adam, "olga", UserDetails(roles=["admin"]))
    users.set_active(actor_for(require_user("olga")), "adam", False)
    assert stored_user("adam").active is False


def test_the_command_line_actor_administers_like_an_admin(runtime, demo) -> None:
    users.set_active(system_actor("cli"), "adam", False)
    assert stored_user("adam").active is False


def add_nina_with_password(runtime: Runtime) -> None:
    """Add nina with the password long-enough-1."""
    users.add_user(runtime, ADMIN, "nina", [], details=UserDetails(password="long-enough-1"),
                   password_hash_method=FAST_HASH)


def test_failed_sign_ins_never_lock_the_account_itself(runtime) -> None:
    add_nina_with_password(runtime)
    for _ in range(20):
        with pytest.raises(SignInRefused):
            accounts.authenticate(runtime, "nina", "wrong password")
    assert accounts.authenticate(runtime, "nina", "long-enough-1").login == "nina"


def last_use_of_token() -> datetime | None:
    """Return when the one token was last used, as stored now."""
    db.session.expire_all()
    return db.session.execute(select(ApiToken.last_used_at)).scalar_one()


def test_a_token_use_is_written_at_most_once_a_minute(runtime, people, clock: FixedClock, commits) -> None:
    token = tokens.create_token(runtime, ADMIN, "sam")
    first_use_at = clock.now()
    assert tokens.holder_of_token(runtime, token) is not None
    clock.advance(seconds=59)
    assert tokens.holder_of_token(runtime, token) is not None
    assert (last_use_of_token(), len(commits)) == (first_use_at, 2)
    clock.advance(seconds=1)
    tokens.holder_of_token(runtime, token)
    assert (last_use_of_token(), len(commits)) == (clock.now(), 3)
