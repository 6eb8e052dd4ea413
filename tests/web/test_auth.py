"""Signing in and out (throttling: tests/security/test_login_throttle.py), deactivated accounts, the way back after sign-in, languages."""
from app.organisation.policies import system_actor
from app.organisation.users import set_active


def test_signed_out_visitor_is_sent_to_login_and_back_where_they_were_going(client, demo) -> None:
    response = client.get("/portal")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fportal"
    back = client.post("/login?next=%2Fportal", data={"login": "rita", "password": "flowdesk-demo"})
    assert back.headers["Location"] == "/portal"


def test_login_refuses_a_next_address_outside_flowdesk(client, demo) -> None:
    response = client.post("/login?next=https://evil.example/", data={"login": "rita", "password": "flowdesk-demo"})
    assert response.headers["Location"] == "/"


def test_wrong_password_is_refused_with_a_message(client, demo) -> None:
    response = client.post("/login", data={"login": "rita", "password": "nope"})
    assert response.status_code == 401
    assert "The login or password is wrong." in response.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(client, demo) -> None:
    set_active(system_actor(), "rita", False)
    response = client.post("/login", data={"login": "rita", "password": "flowdesk-demo"})
    assert "This account is deactivated" in response.get_data(as_text=True)


def test_deactivated_user_is_signed_out_on_the_next_request(client, demo, sign_in) -> None:
    sign_in("rita")
    set_active(system_actor(), "rita", False)
    assert client.get("/portal").status_code == 302


def test_sign_out_ends_the_session(client, demo, sign_in) -> None:
    sign_in("rita")
    client.post("/logout")
    assert client.get("/portal").status_code == 302


def test_language_switch_turns_the_page_chinese(client, demo, sign_in) -> None:
    sign_in("rita")
    client.post("/language", data={"language": "zh_CN", "next": "/portal"})
    assert "退出" in client.get("/portal").get_data(as_text=True)


def test_language_switch_survives_an_answer_to_a_request_sent_before_it(app, client, demo, sign_in) -> None:
    sign_in("rita")
    client.get("/portal")  # the first page after signing in gives the session its form token
    before = client.get_cookie("session").value  # what a stylesheet request already on its way carries
    client.post("/language", data={"language": "zh_CN", "next": "/portal"})
    slow = app.test_client()
    slow.set_cookie("session", before)
    for path in ("/static/flowdesk.css", "/portal"):
        assert "session" not in slow.get(path).headers.get("Set-Cookie", "")  # nothing to overwrite the switch
    assert "退出" in client.get("/portal").get_data(as_text=True)


def test_user_language_setting_applies_after_sign_in(client, demo, sign_in) -> None:
    sign_in("lee")  # lee prefers Simplified Chinese
    assert "退出" in client.get("/inbox").get_data(as_text=True)


def test_nul_character_in_a_form_is_refused_before_it_reaches_the_database(client, demo) -> None:
    response = client.post("/login", data={"login": "ri\x00ta", "password": "x"})
    assert response.status_code == 400
