"""The organisation's admin pages: users, departments, groups; admins only."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.organisation import departments, groups
from app.organisation.models import Department, User
from app.organisation.policies import system_actor
from app.organisation.user_search import UserQuery, search_users
from app.organisation.users import memberships_of, roles_of
from app.workflow.instances.lifecycle import start_instance
from app.workflow.tasks.actions import claim_task
from app.workflow.tasks.tasklist import list_tasks

ADMIN_PAGES = ["/admin", "/admin/users", "/admin/users/new", "/admin/users/rita", "/admin/users/rita/deactivate",
               "/admin/users/rita/reactivate", "/admin/departments", "/admin/departments/1", "/admin/groups",
               "/admin/groups/managers"]
ADMIN_ACTIONS = ["/admin/users/new", "/admin/users/rita", "/admin/users/rita/deactivate",
                 "/admin/users/rita/tasks/x/reassign", "/admin/departments", "/admin/departments/1/rename",
                 "/admin/departments/1/move", "/admin/departments/1/delete", "/admin/groups",
                 "/admin/groups/managers/members", "/admin/groups/managers/members/mona/remove",
                 "/admin/groups/managers/members/mona/lead", "/admin/groups/managers/display-name"]
NEW_USER = {"login": "nina", "display_name": "Nina New", "email": "nina@flowdesk.example", "phone": "+86 21 5555",
            "department_id": "", "language": "zh_CN", "timezone": "Asia/Shanghai", "password": "long-enough-1",
            "groups": ["service-desk"], "lead_of": ["second-line"], "roles": ["agent", "requester"]}


def department_id(name: str) -> int:
    """Return the id of a demo department."""
    return db.session.execute(select(Department.id).where(Department.name == name)).scalar_one()


def user_named(login: str) -> User:
    """Return a user as stored now."""
    db.session.expire_all()
    return db.session.execute(select(User).where(User.login == login)).scalar_one()


def edit_values(login: str, **changes: object) -> dict[str, object]:
    """Return the edit form's values for a demo user as the page would post them, with changes."""
    user = user_named(login)
    memberships = memberships_of(user.id)
    values: dict[str, object] = {
        "display_name": user.display_name, "email": user.email or "", "phone": user.phone or "",
        "department_id": str(user.department_id or ""), "language": user.language, "timezone": user.timezone,
        "password": "", "groups": list(memberships), "lead_of": [g for g, lead in memberships.items() if lead],
        "roles": roles_of(user.id)}
    values.update(changes)
    return values


@pytest.fixture
def admin(demo, sign_in):  # type: ignore[no-untyped-def]
    """Sign adam (the demo admin) in."""
    return sign_in("adam")


def test_non_admin_gets_403_on_every_admin_page_and_action(client, demo, sign_in) -> None:
    sign_in("sam")
    refused = {url: client.get(url).status_code for url in ADMIN_PAGES}
    refused |= {f"POST {url}": client.post(url, data={"confirm": "y"}).status_code for url in ADMIN_ACTIONS}
    assert set(refused.values()) == {403}, refused


def test_signed_out_visitor_is_sent_to_login_from_an_admin_page(client, demo) -> None:
    response = client.get("/admin/groups")
    assert response.headers["Location"] == "/login?next=%2Fadmin%2Fgroups"


def test_admin_sees_every_user_with_groups_roles_and_department(client, admin) -> None:
    page = client.get("/admin/users").get_data(as_text=True)
    assert all(f">{login}</a>" in page for login in ("rita", "sam", "lee", "mona", "carl", "olga", "audrey", "adam"))
    assert "service-desk" in page and "Process owner" in page and "Infrastructure" in page


def test_admin_searches_users_by_name_or_email(client, admin) -> None:
    page = client.get("/admin/users?q=MANAGER").get_data(as_text=True)
    assert ">mona</a>" in page and ">carl</a>" in page and ">rita</a>" not in page


def test_admin_filters_users_by_group_role_department_branch_and_state(client, admin) -> None:
    client.post("/admin/users/rita/deactivate", data={"confirm": "y"})
    assert search_logins(UserQuery(group="managers")) == ["mona"]
    assert search_logins(UserQuery(role="auditor")) == ["audrey"]
    assert search_logins(UserQuery(department_id=department_id("IT"))) == ["adam", "carl", "lee", "mona", "olga",
                                                                            "sam"]
    assert search_logins(UserQuery(active=False)) == ["rita"]
    assert ">rita</a>" in client.get("/admin/users?active=no").get_data(as_text=True)


def search_logins(query: UserQuery) -> list[str]:
    """Return the logins of the first page of a user search."""
    return [row.login for row in search_users(query).rows]


def test_user_list_pages_forward_and_back_by_login(demo) -> None:
    first = search_users(UserQuery(), limit=3)
    second = search_users(UserQuery(), after=first.next_after, limit=3)
    back = search_users(UserQuery(), before=second.previous_before, limit=3)
    assert [r.login for r in first.rows] == ["adam", "audrey", "carl"]
    assert [r.login for r in second.rows] == ["lee", "mona", "olga"]
    assert (first.previous_before, back.rows, back.previous_before) == (None, first.rows, None)


def test_user_list_shows_fifty_users_and_a_link_to_the_next_page(client, admin, clock) -> None:
    db.session.add_all(User(login=f"temp{n:02d}", display_name=f"Temp {n}", active=True, created_at=clock.now())
                       for n in range(50))
    db.session.commit()
    first = client.get("/admin/users").get_data(as_text=True)
    assert first.count('<tr class="') == 50 and 'href="/admin/users?after=temp41" rel="next"' in first
    second = client.get("/admin/users?after=temp41").get_data(as_text=True)
    assert ">temp42</a>" in second and 'href="/admin/users?before=temp42" rel="prev"' in second


def test_user_list_says_so_when_nobody_matches(client, admin) -> None:
    page = client.get("/admin/users?q=nobody-like-this").get_data(as_text=True)
    assert "No user matches these filters." in page


def test_admin_creates_a_user_with_groups_leads_and_roles(client, admin) -> None:
    response = client.post("/admin/users/new", data=NEW_USER)
    assert response.headers["Location"] == "/admin/users/nina"
    nina = user_named("nina")
    assert (nina.display_name, nina.language, nina.timezone, nina.phone) == ("Nina New", "zh_CN", "Asia/Shanghai",
                                                                             "+86 21 5555")
    assert memberships_of(nina.id) == {"second-line": True, "service-desk": False}
    assert roles_of(nina.id) == ["agent", "requester"]
    assert "User nina was created." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_new_user_can_sign_in_with_the_password_the_admin_set(client, admin) -> None:
    client.post("/admin/users/new", data=NEW_USER)
    client.post("/logout")
    assert client.post("/login", data={"login": "nina", "password": "long-enough-1"}).status_code == 302


def test_new_user_form_shows_errors_next_to_fields_and_keeps_values(client, admin) -> None:
    bad = {**NEW_USER, "login": "sam", "timezone": "Mars/Olympus", "password": "short", "roles": []}
    response = client.post("/admin/users/new", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "&#39;Mars/Olympus&#39; is not a time zone" in page
    assert "A password needs at least 12 characters." in page
    assert "Choose at least one role." in page
    assert 'value="Nina New"' in page and 'value="Mars/Olympus"' in page


def test_new_user_with_a_taken_login_is_refused_next_to_the_login(client, admin) -> None:
    page = client.post("/admin/users/new", data={**NEW_USER, "login": "sam"}).get_data(as_text=True)
    assert 'id="login-error">A user with this login already exists' in page


def test_new_user_needs_a_password(client, admin) -> None:
    page = client.post("/admin/users/new", data={**NEW_USER, "password": ""}).get_data(as_text=True)
    assert 'id="password-error">Enter a password.' in page


def test_admin_edits_a_user_and_an_empty_password_keeps_the_old_one(client, admin) -> None:
    values = edit_values("rita", display_name="Rita Renamed", timezone="Asia/Tokyo", roles=["requester", "agent"])
    response = client.post("/admin/users/rita", data=values)
    assert response.status_code == 302
    rita = user_named("rita")
    assert (rita.display_name, rita.timezone, roles_of(rita.id)) == ("Rita Renamed", "Asia/Tokyo",
                                                                     ["agent", "requester"])
    client.post("/logout")
    assert client.post("/login", data={"login": "rita", "password": "flowdesk-demo"}).status_code == 302


def test_edit_form_shows_the_users_groups_leads_and_roles(client, admin) -> None:
    page = client.get("/admin/users/mona").get_data(as_text=True)
    assert 'name="lead_of" value="managers" aria-label="Lead of managers"\n                       checked' in page
    assert 'name="roles" value="approver" checked' in page
    assert "The same inbox rights, for the approval tasks offered to them." in page


def test_edit_with_a_bad_time_zone_is_refused_and_changes_nothing(client, admin) -> None:
    page = client.post("/admin/users/rita", data=edit_values("rita", timezone="Nowhere/Land",
                                                             display_name="Changed")).get_data(as_text=True)
    assert 'id="timezone-error">&#39;Nowhere/Land&#39; is not a time zone' in page
    assert user_named("rita").display_name == "Rita Requester"


def test_admin_cannot_remove_the_admin_role_from_themselves(client, admin) -> None:
    page = client.post("/admin/users/adam", data=edit_values("adam", roles=["auditor"])).get_data(as_text=True)
    assert "You cannot remove the administrator role from your own account." in page
    assert roles_of(user_named("adam").id) == ["admin"]


def test_deactivation_asks_for_confirmation_first(client, admin) -> None:
    page = client.post("/admin/users/rita/deactivate", data={}).get_data(as_text=True)
    assert "Tick the box to confirm." in page
    assert user_named("rita").active


def test_admin_deactivates_a_user_who_then_cannot_sign_in(client, admin) -> None:
    response = client.post("/admin/users/rita/deactivate", data={"confirm": "y"})
    assert response.headers["Location"] == "/admin/users/rita"
    client.post("/logout")
    refused = client.post("/login", data={"login": "rita", "password": "flowdesk-demo"})
    assert "This account is deactivated" in refused.get_data(as_text=True)


def test_admin_reactivates_a_deactivated_user(client, admin) -> None:
    client.post("/admin/users/rita/deactivate", data={"confirm": "y"})
    client.post("/admin/users/rita/reactivate", data={"confirm": "y"})
    assert user_named("rita").active


def test_admin_cannot_deactivate_themselves(client, admin) -> None:
    client.post("/admin/users/adam/deactivate", data={"confirm": "y"})
    assert user_named("adam").active


def test_admin_reassigns_a_deactivated_users_open_task_from_their_page(client, admin, runtime, deploy) -> None:
    deploy("incident.bpmn")
    start_instance(runtime, "incident", {"title": "Printer on fire"}, "INC-1", "rita")
    (task,) = list_tasks(group="service-desk")
    claim_task(runtime, task.id, "sam")
    client.post("/admin/users/sam/deactivate", data={"confirm": "y"})
    assert "Classify and prioritise" in client.get("/admin/users/sam").get_data(as_text=True)
    response = client.post(f"/admin/users/sam/tasks/{task.id}/reassign", data={"new_login": "lee", "reason": "left"})
    assert "The task now belongs to lee." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert [t.assignee for t in list_tasks(instance_id=task.instance_id)] == ["lee"]


def test_reassigning_to_an_unknown_person_says_so(client, admin, runtime, deploy) -> None:
    deploy("incident.bpmn")
    start_instance(runtime, "incident", {"title": "Printer on fire"}, "INC-1", "rita")
    (task,) = list_tasks(group="service-desk")
    claim_task(runtime, task.id, "sam")
    response = client.post(f"/admin/users/sam/tasks/{task.id}/reassign", data={"new_login": "ghost"},
                           follow_redirects=True)
    assert "there is no active user &#39;ghost&#39;" in response.get_data(as_text=True)


def test_department_tree_shows_nesting_and_people_counts(client, admin) -> None:
    page = client.get("/admin/departments").get_data(as_text=True)
    assert page.index(">Finance</a>") < page.index(">IT</a>") < page.index(">Infrastructure</a>")
    assert "<ul>" in page[page.index(">IT</a>"):page.index(">Infrastructure</a>")]  # nested under IT
    assert "2 people" in page and "6 with sub-departments" in page  # Finance: rita, audrey; IT: 4 + lee + sam


def test_admin_adds_a_sub_department(client, admin) -> None:
    client.post("/admin/departments", data={"name": "Networks", "parent_id": str(department_id("Infrastructure"))})
    assert departments.require_department(department_id("Networks")).parent_id == department_id("Infrastructure")


def test_adding_a_department_without_a_name_is_refused(client, admin) -> None:
    response = client.post("/admin/departments", data={"name": " ", "parent_id": ""})
    assert response.status_code == 400 and "Enter a name." in response.get_data(as_text=True)


def test_admin_renames_a_department(client, admin) -> None:
    client.post(f"/admin/departments/{department_id('Finance')}/rename", data={"name": "Finance & Control"})
    assert department_id("Finance & Control")


def test_admin_moves_a_department_to_another_parent(client, admin) -> None:
    finance = department_id("Finance")
    client.post(f"/admin/departments/{department_id('Infrastructure')}/move", data={"parent_id": str(finance)})
    db.session.expire_all()
    assert departments.require_department(department_id("Infrastructure")).parent_id == finance


def test_moving_a_department_under_its_own_branch_is_refused(client, admin) -> None:
    it = department_id("IT")
    response = client.post(f"/admin/departments/{it}/move", data={"parent_id": str(department_id("Service Desk"))})
    assert response.status_code == 400
    assert "cannot move under itself or one of its own sub-departments" in response.get_data(as_text=True)
    db.session.expire_all()
    assert departments.require_department(it).parent_id is None


def test_a_department_with_people_cannot_be_deleted(client, admin) -> None:
    response = client.post(f"/admin/departments/{department_id('Finance')}/delete", data={"confirm": "y"},
                           follow_redirects=True)
    assert "still has people or sub-departments" in response.get_data(as_text=True)
    assert department_id("Finance")


def test_an_empty_department_is_deleted_once_confirmed(client, admin) -> None:
    empty = departments.add_department(system_actor(), "Temporary").id
    unconfirmed = client.post(f"/admin/departments/{empty}/delete", data={})
    assert unconfirmed.status_code == 400
    client.post(f"/admin/departments/{empty}/delete", data={"confirm": "y"})
    assert db.session.get(Department, empty) is None


def test_group_list_shows_member_and_lead_counts(client, admin) -> None:
    summary = {g.name: (g.members, g.leads) for g in groups.list_groups()}
    page = client.get("/admin/groups").get_data(as_text=True)
    assert summary["managers"] == (1, 1) and ">managers</a>" in page


def test_admin_creates_a_group_and_a_duplicate_is_refused(client, admin) -> None:
    created = client.post("/admin/groups", data={"name": "network-team", "display_name": "Network team"})
    assert created.headers["Location"] == "/admin/groups/network-team"
    again = client.post("/admin/groups", data={"name": "network-team"})
    assert "A group with this name already exists." in again.get_data(as_text=True)


def test_admin_adds_a_member_as_lead_and_takes_the_lead_flag_away(client, admin) -> None:
    client.post("/admin/groups/second-line/members", data={"login": "sam", "is_lead": "y"})
    assert memberships_of(user_named("sam").id)["second-line"] is True
    client.post("/admin/groups/second-line/members/sam/lead", data={"lead": "0"})
    assert memberships_of(user_named("sam").id)["second-line"] is False


def test_admin_removes_a_member_from_a_group(client, admin) -> None:
    client.post("/admin/groups/managers/members/mona/remove")
    assert "managers" not in memberships_of(user_named("mona").id)


def test_adding_an_unknown_person_to_a_group_says_so(client, admin) -> None:
    page = client.post("/admin/groups/managers/members", data={"login": "ghost"}).get_data(as_text=True)
    assert "There is no user &#39;ghost&#39;." in page


def test_group_page_lists_members_with_leads_first(client, admin) -> None:
    client.post("/admin/groups/managers/members", data={"login": "adam"})
    page = client.get("/admin/groups/managers").get_data(as_text=True)
    assert page.index(">Mona Manager</a>") < page.index(">Adam Admin</a>")


def test_unknown_group_or_user_page_is_not_found(client, admin) -> None:
    assert (client.get("/admin/groups/nope").status_code, client.get("/admin/users/nope").status_code) == (404, 404)


def test_every_admin_form_that_posts_carries_a_csrf_token(app, client, admin, runtime, deploy) -> None:
    deploy("incident.bpmn")
    start_instance(runtime, "incident", {"title": "Printer on fire"}, "INC-1", "rita")
    claim_task(runtime, list_tasks(group="service-desk")[0].id, "sam")
    app.config["WTF_CSRF_ENABLED"] = True
    empty = departments.add_department(system_actor(), "Empty").id
    pages = ["/admin/users", "/admin/users/new", "/admin/users/sam", "/admin/users/sam/deactivate",
             "/admin/departments", f"/admin/departments/{empty}", "/admin/groups", "/admin/groups/managers"]
    forms = [form for url in pages for form in client.get(url).get_data(as_text=True).split("<form")[1:]]
    posting = [form for form in forms if 'method="post"' in form.split(">")[0]]
    assert len(posting) > 20 and all('name="csrf_token"' in form.split("</form>")[0] for form in posting)


def test_admin_takes_a_user_out_of_their_department(client, admin) -> None:
    client.post("/admin/users/rita", data=edit_values("rita", department_id=""))
    assert user_named("rita").department_id is None


def test_new_user_form_starts_with_the_requester_role_ticked(client, admin) -> None:
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert 'name="roles" value="requester" checked' in page and 'name="roles" value="agent" checked' not in page
