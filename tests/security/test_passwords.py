"""Issue 9, finding 7: passwords follow one rule everywhere; people change their own; admins force a reset.

The rule (12 to 128 characters, not easy to guess by zxcvbn's lists of common and breached passwords,
words and names) holds on the admin pages, the command line and the services; a person changes their
password (the current one first) and their profile on their own pages; an administrator's reset makes
the person choose a new password at the next sign-in.
"""
import pytest

from app.demo import DEMO_PASSWORD, create_demo_people
from app.organisation.accounts import SignInRefused, authenticate
from app.organisation.policies import system_actor
from app.organisation.users import UserDetails, add_user, require_user
from app.platform.errors import InvalidValues

NEW_PASSWORD = "quartz-lantern-orbit-7"
ELEVEN_CHARACTERS = "Vq8#mZp2!xR"
COMMON_PASSWORDS = ("password1234", "qwerty123456", "Welcome12345", "iloveyou2024")
NEW_USER = {"login": "nina", "display_name": "Nina New", "email": "", "phone": "", "department_id": "",
            "language": "en", "timezone": "UTC", "roles": ["requester"]}


def signs_in(runtime, login: str, password: str) -> bool:  # type: ignore[no-untyped-def]
    """Say whether a login and password sign in."""
    try:
        authenticate(runtime, login, password)
    except SignInRefused:
        return False
    return True


@pytest.mark.parametrize("password", [ELEVEN_CHARACTERS, *COMMON_PASSWORDS])
def test_cli_refuses_a_short_or_common_password_with_one_line(cli, password: str) -> None:
    result = cli("users", "add", "nina", "--password", password)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("error: password: ")
    assert "nina" not in cli("users", "list").stdout


@pytest.mark.parametrize("password", [ELEVEN_CHARACTERS, "password1234"])
def test_admin_page_refuses_a_short_or_common_password_for_a_new_user(client, demo, sign_in, password) -> None:
    sign_in("adam")
    page = client.post("/admin/users/new", data={**NEW_USER, "password": password}).get_data(as_text=True)
    assert 'id="password-error"' in page
    assert client.get("/admin/users/nina").status_code == 404


def test_service_refuses_a_password_made_of_the_persons_own_name(runtime) -> None:
    with pytest.raises(InvalidValues) as refused:
        add_user(runtime, system_actor(), "zhangwei", [], details=UserDetails(
            display_name="Zhang Wei", password="zhangwei1234"))
    assert "easy to guess" in refused.value.errors["password"][0]


def test_service_refuses_a_password_longer_than_128_characters(runtime) -> None:
    with pytest.raises(InvalidValues):
        add_user(runtime, system_actor(), "nina", [], details=UserDetails(password="x7-" * 50))


def test_the_demo_password_meets_the_rule_for_every_demo_person(runtime) -> None:
    from app.organisation.passwords import password_problems

    for login in create_demo_people():
        user = require_user(login)
        assert password_problems(DEMO_PASSWORD, [user.login, user.display_name, user.email or ""]) == []


def test_person_changes_their_password_with_the_current_one(client, demo, sign_in, runtime) -> None:
    sign_in("rita")
    assert client.get("/profile/password").status_code == 200
    response = client.post("/profile/password", data={"current_password": DEMO_PASSWORD, "password": NEW_PASSWORD,
                                                      "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert signs_in(runtime, "rita", NEW_PASSWORD) and not signs_in(runtime, "rita", DEMO_PASSWORD)


def test_a_wrong_current_password_changes_nothing(client, demo, sign_in, runtime) -> None:
    sign_in("rita")
    page = client.post("/profile/password", data={"current_password": "not-my-password", "password": NEW_PASSWORD,
                                                  "confirm": NEW_PASSWORD}).get_data(as_text=True)
    assert "The current password is wrong" in page
    assert signs_in(runtime, "rita", DEMO_PASSWORD)


def test_a_weak_new_password_is_refused_on_the_password_page(client, demo, sign_in, runtime) -> None:
    sign_in("rita")
    page = client.post("/profile/password", data={"current_password": DEMO_PASSWORD, "password": "password1234",
                                                  "confirm": "password1234"}).get_data(as_text=True)
    assert "This password is easy to guess" in page
    assert signs_in(runtime, "rita", DEMO_PASSWORD)


def test_person_sets_their_name_language_and_time_zone_on_their_profile(client, demo, sign_in) -> None:
    sign_in("rita")
    assert client.get("/profile").status_code == 200
    response = client.post("/profile", data={"display_name": "Rita R.", "language": "zh_CN",
                                             "timezone": "Asia/Shanghai"})
    assert response.status_code == 302
    user = require_user("rita")
    assert (user.display_name, user.language, user.timezone) == ("Rita R.", "zh_CN", "Asia/Shanghai")
    assert "个人资料" in client.get("/profile").get_data(as_text=True)


def test_profile_refuses_an_unknown_time_zone_and_keeps_the_old_one(client, demo, sign_in) -> None:
    sign_in("rita")
    before = require_user("rita").timezone
    page = client.post("/profile", data={"display_name": "Rita", "language": "en", "timezone": "Mars/Olympus"})
    assert "is not a time zone" in page.get_data(as_text=True)
    assert require_user("rita").timezone == before


def test_admin_reset_makes_the_person_choose_a_new_password_first(client, demo, sign_in, app) -> None:
    sign_in("adam")
    assert client.get("/admin/users/rita/password").status_code == 200
    client.post("/admin/users/rita/password", data={"password": NEW_PASSWORD, "must_change": "y"})
    rita = app.test_client()
    rita.post("/login", data={"login": "rita", "password": NEW_PASSWORD})
    assert rita.get("/portal").headers["Location"] == "/profile/password"
    rita.post("/profile/password", data={"current_password": NEW_PASSWORD, "password": "amber-violin-cactus-9",
                                         "confirm": "amber-violin-cactus-9"})
    assert rita.get("/portal").status_code == 200


def test_only_an_admin_resets_a_password(client, demo, sign_in, runtime) -> None:
    sign_in("sam")
    response = client.post("/admin/users/rita/password", data={"password": NEW_PASSWORD, "must_change": "y"})
    assert response.status_code == 403
    assert signs_in(runtime, "rita", DEMO_PASSWORD)


def test_cli_resets_a_password_and_the_person_must_change_it(cli, runtime, demo) -> None:
    result = cli("users", "reset-password", "rita", "--password", NEW_PASSWORD)
    assert result.exit_code == 0, result.stderr
    assert signs_in(runtime, "rita", NEW_PASSWORD)
    assert require_user("rita").must_change_password


def test_a_password_of_64_characters_is_accepted_and_signs_in(runtime) -> None:  # ASVS 2.1.2
    long_password = "orbit-lantern-quartz-" * 3 + "meadow!"  # 70 characters
    assert len(long_password) >= 64
    add_user(runtime, system_actor(), "nina", [], details=UserDetails(password=long_password))
    assert signs_in(runtime, "nina", long_password)


def test_a_long_password_is_compared_whole_never_truncated(runtime) -> None:  # ASVS 2.1.3
    stem = "orbit-lantern-quartz-meadow-" * 4  # 112 characters in common
    add_user(runtime, system_actor(), "nina", [], details=UserDetails(password=stem + "north-7"))
    assert signs_in(runtime, "nina", stem + "north-7")
    assert not signs_in(runtime, "nina", stem + "south-7")  # differs only after the 112th character
    assert not signs_in(runtime, "nina", stem)


def test_any_printable_unicode_character_is_allowed_in_a_password(runtime) -> None:  # ASVS 2.1.4
    unicode_password = "蓝色的灯笼 照亮 山谷 🏮 Ünïcødé ½"
    add_user(runtime, system_actor(), "nina", [], details=UserDetails(password=unicode_password))
    assert signs_in(runtime, "nina", unicode_password)
    assert not signs_in(runtime, "nina", unicode_password.replace("🏮", "🎈"))


def test_sign_in_and_password_forms_invite_password_managers_and_block_no_paste(client, demo, sign_in) -> None:  # 2.1.11
    login_page = client.get("/login").get_data(as_text=True)
    assert 'autocomplete="username"' in login_page and 'autocomplete="current-password"' in login_page
    sign_in("rita")
    password_page = client.get("/profile/password").get_data(as_text=True)
    assert password_page.count('autocomplete="new-password"') == 2
    assert 'autocomplete="current-password"' in password_page
    for page in (login_page, password_page):
        assert "onpaste" not in page and 'maxlength="' not in page.split('name="password"')[1].split(">")[0]
