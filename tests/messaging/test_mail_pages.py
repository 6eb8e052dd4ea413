"""The pages of mail: one-click links that ask before acting, notification settings, and the admin's templates."""
from datetime import timedelta

import pytest
from flask import current_app
from itsdangerous import URLSafeSerializer
from sqlalchemy import select

from app.extensions import db
from app.messaging.mail import links
from app.messaging.mail.links import LinkClaim, sign_link
from app.messaging.models import OutboxMessage
from tests.incident.conftest import Desk
from tests.messaging.mail_scenes import RITA, links_in, resolved_incident, speak


def mail_links_to(address: str) -> dict[str, str]:
    """Return the links of the latest mail to an address, by action."""
    db.session.expire_all()
    row = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == address,
                                                         OutboxMessage.channel == "email")
                             .order_by(OutboxMessage.id.desc()).limit(1)).scalar_one()
    db.session.rollback()
    return {link_action(link): link.split("localhost:5000", 1)[1] for link in links_in(row.body)}


def link_action(link: str) -> str:
    """Say which action a link is for, as its signed claim says."""
    from flask import current_app

    from app.messaging.mail.links import read_link
    from app.wiring import current_runtime
    return read_link(current_app.config["SECRET_KEY"], link.rsplit("/", 1)[1], current_runtime().clock.now()).action


def test_confirm_link_asks_first_and_closes_the_incident_only_on_the_button(desk: Desk, client) -> None:
    resolved_incident(desk)
    confirm = mail_links_to(RITA)["confirm"]
    for _ in range(3):  # a mail scanner follows the link, again and again
        page = client.get(confirm)
        assert page.status_code == 200 and "Yes, it is fixed: close it" in page.get_data(as_text=True)
    assert desk.ticket.status == "resolved"
    done = client.post(confirm)
    assert done.status_code == 200 and "the incident is closed" in done.get_data(as_text=True)
    assert desk.ticket.status == "closed"
    again = client.post(confirm)
    assert again.status_code == 409 and desk.ticket.status == "closed"


def test_closing_mail_has_no_rate_link_and_an_older_rate_link_opens_the_ticket(desk: Desk, client) -> None:
    number = resolved_incident(desk)
    client.post(mail_links_to(RITA)["confirm"])
    assert set(mail_links_to(RITA)) == {"view"}  # the survey asks how it went, in its own mail
    token = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=links._SALT).dumps(
        ["rita", number, "rate", int(desk.clock.now().timestamp())])
    for answer in (client.get(f"/mail/link/{token}"), client.post(f"/mail/link/{token}", data={"rating": "4"})):
        assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/tickets/{number}")


def test_view_link_opens_the_ticket_page(desk: Desk, client) -> None:
    number = resolved_incident(desk)
    response = client.get(mail_links_to(RITA)["view"])
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/tickets/{number}")


def test_forged_or_expired_link_is_refused_and_changes_nothing(desk: Desk, app, client, clock) -> None:
    number = resolved_incident(desk)
    forged = sign_link("not-our-key", LinkClaim("rita", number, "confirm"), clock.now())
    assert client.post(f"/mail/link/{forged}").status_code == 400
    confirm = mail_links_to(RITA)["confirm"]
    clock.advance(days=15)
    refused = client.post(confirm)
    assert refused.status_code == 400 and "expired" in refused.get_data(as_text=True)
    assert desk.ticket.status == "resolved"


def test_refusal_of_a_link_speaks_the_readers_language(desk: Desk, client) -> None:
    response = client.get("/mail/link/damaged", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert response.status_code == 400 and "此链接无效" in response.get_data(as_text=True)


@pytest.fixture
def signed_in_rita(desk: Desk, sign_in):  # type: ignore[no-untyped-def]
    """Rita, signed in on the test client."""
    sign_in("rita")
    return desk


def test_person_who_turns_mail_off_for_an_event_gets_none_of_it(signed_in_rita: Desk, client) -> None:
    form = client.get("/profile/notifications").get_data(as_text=True)
    assert 'name="incident_resolved:email" checked' in form
    choices = {f"{event}:email": "on" for event in ("incident_in_progress", "incident_question", "incident_closed")}
    assert client.post("/profile/notifications", data=choices).status_code == 302
    resolved_incident(signed_in_rita)
    subjects = signed_in_rita.subjects(RITA)
    assert any("being worked on" in subject for subject in subjects)
    assert not any("resolved" in subject for subject in subjects)


def test_admin_rewrites_a_template_in_one_language_and_takes_it_back(desk: Desk, client, sign_in) -> None:
    sign_in("adam")
    edit = "/admin/mail-templates/incident_resolved/zh_CN"
    assert "{{ shipped_subject }}" in client.get(edit).get_data(as_text=True)
    saved = client.post(edit, data={"subject": "已解决：{{ number }}", "text": "{{ detail }} 请确认。",
                                    "html": "<p>{{ detail }}</p>"})
    assert saved.status_code == 302
    speak("rita", "zh_CN")
    number = resolved_incident(desk)
    db.session.expire_all()
    row = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == RITA)
                             .order_by(OutboxMessage.id.desc()).limit(1)).scalar_one()
    assert row.subject == f"[{number}] 已解决：{number}"
    assert row.body.startswith("Replaced the fuser unit. 请确认。") and "FlowDesk ref " + number in row.body
    db.session.rollback()
    client.post(f"{edit}/delete")
    assert "{{ shipped_subject }}" in client.get(edit).get_data(as_text=True)


def test_template_that_does_not_parse_is_refused_with_its_line(desk: Desk, client, sign_in) -> None:
    sign_in("adam")
    response = client.post("/admin/mail-templates/incident_closed/en",
                           data={"subject": "Closed", "text": "ok", "html": "<p>{% if %}</p>"})
    assert response.status_code == 400 and "The HTML part does not parse on line 1" in response.get_data(as_text=True)


def test_only_admins_reach_the_mail_templates(desk: Desk, client, sign_in) -> None:
    sign_in("sam")
    assert client.get("/admin/mail-templates").status_code == 403
    assert client.post("/admin/mail-templates/incident_closed/en", data={"subject": "x", "text": "x",
                                                                         "html": "x"}).status_code == 403


def test_preview_renders_the_sample_mail_in_the_language_asked(desk: Desk, client, sign_in) -> None:
    sign_in("adam")
    html = client.get("/admin/mail-templates/incident_resolved/zh_CN/preview").get_data(as_text=True)
    assert "您的事件已解决" in html and "确认已修复" in html
    assert client.get("/admin/mail-templates/nothing/en").status_code == 404


def test_link_lifetimes_are_counted_on_the_clock(app, clock) -> None:
    from app.messaging.mail.links import LinkRefused, read_link
    token = sign_link(app.config["SECRET_KEY"], LinkClaim("rita", "INC-000001", "view"), clock.now())
    assert read_link(app.config["SECRET_KEY"], token, clock.now() + timedelta(days=29)).login == "rita"
    with pytest.raises(LinkRefused):
        read_link(app.config["SECRET_KEY"], token, clock.now() + timedelta(days=31))


def test_person_who_wants_sms_always_gets_one_for_a_plain_notice_too(signed_in_rita: Desk, client) -> None:
    from sqlalchemy import update

    from app.organisation.models import User
    from app.platform.transactions import run_unit
    run_unit(lambda: db.session.execute(update(User).where(User.login == "rita").values(phone="+86 139 0000 0001")))
    data = {f"{event}:email": "on" for event in ("incident_in_progress", "incident_resolved")}
    assert client.post("/profile/notifications", data={**data, "incident_resolved:sms": "always"}).status_code == 302
    resolved_incident(signed_in_rita)
    sms = signed_in_rita.outbox("+86 139 0000 0001")
    assert [message.subject for message in sms] == [f"[{signed_in_rita.number}] Your incident is resolved"]


def test_sms_choice_that_is_not_one_is_refused_and_nothing_is_saved(signed_in_rita: Desk, client) -> None:
    response = client.post("/profile/notifications", data={"incident_resolved:sms": "sometimes"},
                           follow_redirects=True)
    assert "nothing was saved" in response.get_data(as_text=True)
    assert 'name="incident_resolved:email" checked' in client.get("/profile/notifications").get_data(as_text=True)
