"""Issue 9, finding 5: browser sessions end when they should, through the real HTTP stack.

Signing out kills the cookie (a copy kept by someone else no longer works), signing out on one browser
leaves the others alone, 'sign out everywhere', a new password, an administrator's reset and deactivation
end every session, and a session ends after the idle and the absolute lifetime.
"""
from datetime import timedelta

import pytest
from flask import Flask

from app.organisation.policies import system_actor
from app.organisation.users import set_active

SESSION_COOKIE = "session"
NEW_PASSWORD = "quartz-lantern-orbit-7"


@pytest.fixture
def other_browser(app: Flask, client):  # type: ignore[no-untyped-def]
    """A second browser (its own cookies) of the same app."""
    return app.test_client()


def signed_in(browser, login: str = "rita", password: str = "flowdesk-demo"):  # type: ignore[no-untyped-def]
    """Sign a person in on a browser and return the browser."""
    response = browser.post("/login", data={"login": login, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return browser


def is_signed_in(browser) -> bool:  # type: ignore[no-untyped-def]
    """Say whether the browser's cookie still opens a page that needs signing in."""
    return browser.get("/portal").status_code == 200


def test_a_copied_cookie_stops_working_when_its_person_signs_out(client, other_browser, demo) -> None:
    signed_in(client)
    stolen = client.get_cookie(SESSION_COOKIE).value
    client.post("/logout")
    other_browser.set_cookie(SESSION_COOKIE, stolen)
    assert not is_signed_in(other_browser)


def test_signing_out_on_one_browser_leaves_the_other_signed_in(client, other_browser, demo) -> None:
    signed_in(client)
    signed_in(other_browser)
    client.post("/logout")
    assert is_signed_in(other_browser)


def test_sign_out_everywhere_ends_every_session_of_the_person(client, other_browser, demo) -> None:
    signed_in(client)
    signed_in(other_browser)
    signed_in(other_browser.application.test_client(), "sam")
    response = client.post("/profile/sessions/end")
    assert response.status_code == 302
    assert not is_signed_in(client) and not is_signed_in(other_browser)


def test_sign_out_everywhere_leaves_other_people_signed_in(client, other_browser, demo) -> None:
    signed_in(client)
    signed_in(other_browser, "sam")
    client.post("/profile/sessions/end")
    assert other_browser.get("/inbox").status_code == 200


def test_changing_ones_password_ends_the_other_sessions_and_keeps_this_one(client, other_browser, demo) -> None:
    signed_in(client)
    signed_in(other_browser)
    response = client.post("/profile/password", data={"current_password": "flowdesk-demo",
                                                      "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert not is_signed_in(other_browser)
    assert is_signed_in(client)


def test_an_administrators_reset_ends_the_persons_sessions(client, other_browser, demo) -> None:
    signed_in(other_browser)
    signed_in(client, "adam")
    response = client.post("/admin/users/rita/password", data={"password": NEW_PASSWORD, "must_change": "y"})
    assert response.status_code == 302
    assert not is_signed_in(other_browser)


def test_a_reactivated_person_is_not_signed_in_by_a_cookie_from_before(client, demo) -> None:
    signed_in(client)
    set_active(system_actor(), "rita", False)
    set_active(system_actor(), "rita", True)
    assert not is_signed_in(client)


def test_a_session_ends_after_the_idle_minutes(client, demo, clock, app) -> None:
    signed_in(client)
    clock.advance(minutes=app.config["SESSION_IDLE_MINUTES"] - 1)
    assert is_signed_in(client)
    clock.advance(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    response = client.get("/portal")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "Your session has ended" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_session_in_use_ends_after_the_maximum_hours(client, demo, clock, app) -> None:
    signed_in(client)
    step = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] / 2)
    for _ in range(int(timedelta(hours=app.config["SESSION_MAX_HOURS"]) / step) - 1):
        clock.advance(seconds=step.total_seconds())
        assert is_signed_in(client)
    clock.advance(seconds=2 * step.total_seconds())
    assert not is_signed_in(client)


def test_lifetimes_are_settings(sqlite_url, clock) -> None:
    from app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlite_url, "TESTING": True, "SESSION_IDLE_MINUTES": 5,
                      "SESSION_MAX_HOURS": 2}, clock=clock)
    assert app.permanent_session_lifetime == timedelta(hours=2)


def test_the_session_cookie_expires_with_the_absolute_lifetime(client, demo, app) -> None:
    signed_in(client)
    cookie = client.get_cookie(SESSION_COOKIE)
    assert cookie.expires is not None
    assert app.permanent_session_lifetime <= timedelta(hours=app.config["SESSION_MAX_HOURS"])


def test_an_admin_who_sets_their_own_password_stays_signed_in_here_only(client, other_browser, demo) -> None:
    signed_in(client, "adam")
    signed_in(other_browser, "adam")
    form = {"display_name": "Adam Admin", "email": "", "phone": "", "department_id": "", "language": "en",
            "timezone": "UTC", "password": NEW_PASSWORD, "roles": ["admin"]}
    assert client.post("/admin/users/adam", data=form).status_code == 302
    assert client.get("/admin/users").status_code == 200
    assert other_browser.get("/admin/users").status_code == 302


def test_an_admin_signs_a_person_out_everywhere(client, other_browser, demo) -> None:
    signed_in(other_browser)
    signed_in(client, "adam")
    assert client.post("/admin/users/rita/sessions/end").status_code == 302
    assert not is_signed_in(other_browser)


def test_only_an_admin_signs_someone_else_out(client, other_browser, demo) -> None:
    signed_in(other_browser)
    signed_in(client, "sam")
    assert client.post("/admin/users/rita/sessions/end").status_code == 403
    assert is_signed_in(other_browser)


def test_cli_signs_a_person_out_everywhere(cli, client, demo) -> None:
    signed_in(client)
    result = cli("users", "sign-out", "rita")
    assert result.exit_code == 0, result.stderr
    assert not is_signed_in(client)


def test_profile_lists_where_the_person_is_signed_in(client, other_browser, demo) -> None:
    signed_in(client)
    signed_in(other_browser)
    page = client.get("/profile").get_data(as_text=True)
    rows = page.split('data-testid="sessions"')[1].split("</table>")[0].count("<tr>")
    assert rows == 3  # the header and two browsers
