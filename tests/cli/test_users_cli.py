"""flowdesk users, departments, groups and tokens: the organisation from the command line."""
import json

from app.organisation.accounts import authenticate
from app.organisation.tokens import holder_of_token


def users_by_login(cli) -> dict[str, dict]:
    """Return `users list --json` keyed by login."""
    return {row["login"]: row for row in json.loads(cli("users", "list", "--json").stdout)}


def test_admin_adds_a_user_with_roles_groups_lead_and_password(cli, runtime) -> None:
    result = cli("users", "add", "nina", "--groups", "service-desk,second-line", "--roles", "agent,requester",
                 "--lead-of", "service-desk", "--password", "long-enough-1", "--timezone", "Asia/Shanghai",
                 "--language", "zh_CN", "--name", "Nina New")
    assert (result.exit_code, result.stdout) == (0, "User nina added to service-desk, second-line.\n")
    nina = users_by_login(cli)["nina"]
    assert (nina["groups"], nina["roles"], nina["timezone"], nina["language"]) == (
        ["second-line", "service-desk"], ["agent", "requester"], "Asia/Shanghai", "zh_CN")
    assert authenticate(runtime, "nina", "long-enough-1").login == "nina"


def test_lead_flag_from_the_command_line_shows_on_the_groups(cli) -> None:
    cli("users", "add", "nina", "--groups", "service-desk", "--lead-of", "service-desk")
    (group,) = json.loads(cli("groups", "list", "--json").stdout)
    assert group == {"name": "service-desk", "display_name": None, "members": 1, "leads": 1}


def test_a_user_added_without_roles_is_a_requester(cli) -> None:
    cli("users", "add", "rita", "--groups", "requesters")
    assert users_by_login(cli)["rita"]["roles"] == ["requester"]


def test_admin_updates_a_users_name_roles_and_groups(cli) -> None:
    cli("users", "add", "rita", "--groups", "requesters")
    result = cli("users", "update", "rita", "--name", "Rita R.", "--roles", "requester,approver", "--groups", "cab")
    assert (result.exit_code, result.stdout) == (0, "User rita updated.\n")
    rita = users_by_login(cli)["rita"]
    assert (rita["display_name"], rita["roles"], rita["groups"]) == ("Rita R.", ["approver", "requester"], ["cab"])


def test_unknown_role_is_one_line_error_with_exit_code_1(cli) -> None:
    result = cli("users", "add", "nina", "--roles", "wizard")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("error: roles: Unknown role(s): wizard. "
                                             "Use: requester, agent, approver, manager, process_owner, auditor, worker, admin.")
    assert "nina" not in users_by_login(cli)


def test_bad_group_name_is_refused_and_adds_neither_user_nor_group(cli) -> None:
    result = cli("users", "add", "nina", "--groups", "service-desk,night shift")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("error: groups: 'night shift' is not a group name. A group name is 1 to "
                                             "80 letters, digits, dots, dashes or underscores, starting with a letter "
                                             "or digit.")
    assert "nina" not in users_by_login(cli)
    assert json.loads(cli("groups", "list", "--json").stdout) == []


def test_bad_time_zone_is_one_line_error_with_exit_code_1(cli) -> None:
    cli("users", "add", "rita")
    result = cli("users", "update", "rita", "--timezone", "Mars/Olympus")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("error: timezone: 'Mars/Olympus' is not a time zone; "
                                             "use a name such as Asia/Shanghai.")


def test_short_password_is_one_line_error_with_exit_code_1(cli) -> None:
    result = cli("users", "add", "nina", "--password", "short")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "error: password: A password needs at least 12 characters."


def test_adding_a_login_twice_is_refused(cli) -> None:
    cli("users", "add", "rita")
    result = cli("users", "add", "rita")
    assert (result.exit_code, result.stderr) == (1, "error: A user with login 'rita' already exists.\n")


def test_deactivated_user_is_listed_as_such_and_reactivates(cli) -> None:
    cli("users", "add", "rita")
    assert cli("users", "deactivate", "rita").stdout == "User rita can no longer sign in.\n"
    assert users_by_login(cli)["rita"]["active"] is False
    assert cli("users", "activate", "rita").stdout == "User rita can sign in again.\n"
    assert users_by_login(cli)["rita"]["active"] is True


def test_deactivating_an_unknown_user_fails_with_one_line(cli) -> None:
    result = cli("users", "deactivate", "ghost")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1


def test_token_printed_by_tokens_create_signs_the_user_in(cli, runtime) -> None:
    cli("users", "add", "sam", "--roles", "agent")
    token = cli("tokens", "create", "sam").stdout.strip()
    holder = holder_of_token(runtime, token)
    assert holder is not None and holder.user.login == "sam"


def test_departments_list_prints_the_tree_with_ids_and_people(cli) -> None:
    cli("departments", "add", "IT")
    cli("departments", "add", "Service Desk", "--parent", "1")
    cli("users", "add", "sam", "--department", "2")
    assert cli("departments", "list").stdout == "1\tIT\t0 people\n  2\tService Desk\t1 person\n"


def test_departments_list_json_nests_children(cli) -> None:
    cli("departments", "add", "IT")
    cli("departments", "add", "Service Desk", "--parent", "1")
    (it,) = json.loads(cli("departments", "list", "--json").stdout)
    assert [child["name"] for child in it["children"]] == ["Service Desk"]


def test_department_under_an_unknown_parent_is_refused(cli) -> None:
    result = cli("departments", "add", "Orphans", "--parent", "99")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: Department 99 does not exist")


def test_groups_add_creates_a_group_with_a_display_name(cli) -> None:
    assert cli("groups", "add", "network-team", "--name", "Network team").stdout == "Group network-team added.\n"
    assert json.loads(cli("groups", "list", "--json").stdout) == [
        {"name": "network-team", "display_name": "Network team", "members": 0, "leads": 0}]


def test_group_name_with_spaces_is_refused(cli) -> None:
    result = cli("groups", "add", "network team")
    assert result.exit_code == 1 and result.stderr.startswith("error: name: A group name is 1 to 80")
