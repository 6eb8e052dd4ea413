"""The mail settings page: an admin sets the relay, sender, links and caps; the environment wins; a test mail."""
import json

from sqlalchemy import select

from app.extensions import db
from app.messaging.mail.compose import Notice, TicketFacts, queue_ticket_notice
from app.messaging.mail.relay_settings import MailOutSettingsRow, read_settings_row
from app.messaging.models import OutboxMessage
from app.organisation.models import User
from app.platform.secret_box import unseal
from app.platform.transactions import run_unit
from app.servicedesk.intake.settings import IntakeSettings
from app.workflow.models import HistoryEvent
from tests.messaging.loopback import queue
from tests.messaging.mail_scenes import send_pending

ADAM = "adam@flowdesk.example"  # the demo admin's address


def form(receiver, **changes: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Return the page's fields pointing at the loopback receiver, with changes."""
    return {"smtp_host": "127.0.0.1", "smtp_port": str(receiver.port), "smtp_security": "none", "smtp_user": "",
            "smtp_password": "", "from_address": "servicedesk@example.com", "from_name": "IT Service Desk",
            "mail_domain": "desk.example.com", "base_url": "https://desk.example.com",
            "cap_per_address_per_hour": "30", "cap_per_ticket_per_hour": "8", **changes}


def saved() -> MailOutSettingsRow | None:
    """Return the saved row as the database holds it now."""
    db.session.expire_all()
    row = read_settings_row()
    db.session.rollback()
    return row


def audit_events() -> list[dict]:
    """Return the data of the mail settings' history events, oldest first."""
    rows = db.session.execute(select(HistoryEvent).where(HistoryEvent.stream == "mail-settings")
                              .order_by(HistoryEvent.seq)).scalars().all()
    return [{"actor": row.actor, **json.loads(row.data)} for row in rows]


def test_an_admin_sets_the_relay_on_the_page_and_the_outbox_sends_through_it(client, sign_in, demo, app, runtime,  # type: ignore[no-untyped-def]
                                                                            smtp_receiver):
    sign_in("adam")
    response = client.post("/admin/mail-settings", data=form(smtp_receiver))
    assert response.status_code == 302, response.get_data(as_text=True)
    queue(runtime, "email", "rita@flowdesk.example", "Your incident", "It is resolved.")
    report = send_pending(app, runtime)
    assert report["counts"]["sent"] == 1, report
    mail = smtp_receiver.to("rita@flowdesk.example")[0]
    assert mail["From"] == "IT Service Desk <servicedesk@example.com>"
    assert mail["Message-ID"].endswith("@desk.example.com>")


def test_the_password_is_sealed_at_rest_and_never_shown_back(client, sign_in, demo, runtime, smtp_receiver):  # type: ignore[no-untyped-def]
    sign_in("adam")
    client.post("/admin/mail-settings", data=form(smtp_receiver, smtp_user="relay", smtp_password="pa55-w0rd!"))
    row = saved()
    assert row is not None and row.smtp_password and "pa55-w0rd!" not in row.smtp_password
    assert unseal(runtime.mail.secret_key, row.smtp_password) == "pa55-w0rd!"
    page = client.get("/admin/mail-settings").get_data(as_text=True)
    assert "pa55-w0rd!" not in page and "A password is set; it is never shown." in page


def test_saving_with_an_empty_password_keeps_it_and_clearing_removes_it(client, sign_in, demo, smtp_receiver):  # type: ignore[no-untyped-def]
    sign_in("adam")
    client.post("/admin/mail-settings", data=form(smtp_receiver, smtp_user="relay", smtp_password="first"))
    sealed = saved().smtp_password  # type: ignore[union-attr]
    client.post("/admin/mail-settings", data=form(smtp_receiver, smtp_user="relay", from_name="Desk"))
    assert saved().smtp_password == sealed  # type: ignore[union-attr]
    client.post("/admin/mail-settings", data=form(smtp_receiver, smtp_user="relay", from_name="Desk",
                                                   clear_password="y"))
    assert saved().smtp_password is None  # type: ignore[union-attr]
    changes = [event["changed"] for event in audit_events()]
    assert changes[0]["smtp_password"] == "set" and changes[2] == {"smtp_password": "cleared"}
    assert "first" not in json.dumps(changes)


def test_a_change_is_audited_with_who_changed_what(client, sign_in, demo, smtp_receiver):  # type: ignore[no-untyped-def]
    sign_in("adam")
    client.post("/admin/mail-settings", data=form(smtp_receiver))
    client.post("/admin/mail-settings", data=form(smtp_receiver, base_url="https://help.example.com"))
    events = audit_events()
    assert [event["actor"] for event in events] == ["adam", "adam"]
    assert events[1]["changed"] == {"base_url": {"from": "https://desk.example.com", "to": "https://help.example.com"}}


def test_a_bad_port_address_and_url_are_refused_with_the_fields_marked_and_nothing_saved(client, sign_in, demo,  # type: ignore[no-untyped-def]
                                                                                        smtp_receiver):
    sign_in("adam")
    response = client.post("/admin/mail-settings", data=form(
        smtp_receiver, smtp_port="70000", from_address="servicedesk", base_url="desk.example.com"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="smtp_port-error">The port must be a whole number from 1 to 65535' in page
    assert 'id="from_address-error">This is not an e-mail address' in page
    assert 'id="base_url-error">This is not a web address; write it with its scheme' in page
    assert saved() is None and audit_events() == []


def test_a_value_the_environment_sets_is_read_only_and_wins_over_the_page(client, sign_in, demo, app,  # type: ignore[no-untyped-def]
                                                                          smtp_receiver):
    app.config.update(MAIL_ENVIRONMENT=("FLOWDESK_MAIL_DOMAIN",), MAIL_DOMAIN="env.example.org")
    sign_in("adam")
    page = client.get("/admin/mail-settings").get_data(as_text=True)
    assert 'value="env.example.org" readonly' in page and "<code>FLOWDESK_MAIL_DOMAIN</code>" in page
    client.post("/admin/mail-settings", data=form(smtp_receiver, mail_domain="page.example.com"))
    assert saved().mail_domain is None  # type: ignore[union-attr]
    with app.app_context():
        assert app.extensions["flowdesk"].mail.domain == "env.example.org"


def test_mail_composed_right_after_a_change_on_the_page_links_and_threads_under_it(client, sign_in, demo, runtime,  # type: ignore[no-untyped-def]
                                                                                   smtp_receiver):
    sign_in("adam")
    client.post("/admin/mail-settings", data=form(smtp_receiver))

    def queue_question() -> None:  # in the context already open: nothing refreshes the settings at a context's start
        rita = db.session.execute(select(User).where(User.login == "rita")).scalar_one()
        queue_ticket_notice(runtime.mail, Notice("incident_question", "A question about your incident"),
                            TicketFacts("INC-000042", "Printer jams", None), rita, True, runtime.clock.now())
    run_unit(queue_question)
    row = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == "rita@flowdesk.example")
                             ).scalar_one()
    assert row.message_id.endswith("@desk.example.com>")
    assert "https://desk.example.com/mail/link/" in row.body


def test_an_admin_sends_a_test_mail_to_their_own_address(client, sign_in, demo, smtp_receiver):  # type: ignore[no-untyped-def]
    smtp_receiver.password = "relay-pass"
    smtp_receiver.stop()
    smtp_receiver.start()
    sign_in("adam")
    client.post("/admin/mail-settings", data=form(smtp_receiver, smtp_user="relay", smtp_password="relay-pass"))
    response = client.post("/admin/mail-settings/test", follow_redirects=True)
    assert f"The test mail was handed to the relay for {ADAM}" in response.get_data(as_text=True)
    assert smtp_receiver.logins == [("relay", "relay-pass")]
    assert smtp_receiver.to(ADAM)[0]["Subject"] == "FlowDesk test mail"


def test_an_admin_who_reads_chinese_gets_the_test_mail_in_chinese(client, sign_in, demo, smtp_receiver):  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from app.organisation.models import User
    from app.platform.transactions import run_unit

    run_unit(lambda: db.session.execute(update(User).where(User.login == "adam").values(language="zh_CN")))
    sign_in("adam")
    client.post("/admin/mail-settings", data=form(smtp_receiver))
    client.post("/admin/mail-settings/test")
    (mail,) = smtp_receiver.to(ADAM)
    assert mail["Subject"] == "FlowDesk 测试邮件"
    assert "这封测试邮件由 adam 从邮件设置页面发送" in mail.get_content()


def test_the_test_mail_reports_the_relays_refusal_in_a_sentence(client, sign_in, demo, smtp_receiver):  # type: ignore[no-untyped-def]
    smtp_receiver.refused.add(ADAM)
    sign_in("adam")
    client.post("/admin/mail-settings", data=form(smtp_receiver))
    page = client.post("/admin/mail-settings/test", follow_redirects=True).get_data(as_text=True)
    assert (f"The test mail was not sent. The mail server at 127.0.0.1:{smtp_receiver.port} refused the recipient "
            f"{ADAM} with 550: 5.1.1 No such mailbox here") in page


def test_the_test_mail_says_what_to_do_when_no_relay_is_set(client, sign_in, demo):  # type: ignore[no-untyped-def]
    sign_in("adam")
    page = client.post("/admin/mail-settings/test", follow_redirects=True).get_data(as_text=True)
    assert "No mail relay is set: enter the relay&#39;s host and save, then send the test mail." in page


def test_only_admins_open_the_mail_settings(client, sign_in, demo):  # type: ignore[no-untyped-def]
    sign_in("sam")
    assert client.get("/admin/mail-settings").status_code == 403
    assert client.post("/admin/mail-settings/test").status_code == 403


def test_the_page_saves_the_sender_while_the_environment_sets_the_relay(client, sign_in, demo, app,  # type: ignore[no-untyped-def]
                                                                        smtp_receiver):
    app.config["SMTP_URL"] = smtp_receiver.url
    sign_in("adam")
    page = client.get("/admin/mail-settings").get_data(as_text=True)
    assert f'value="{smtp_receiver.port}" readonly' in page and "<code>FLOWDESK_SMTP_URL</code>" in page
    response = client.post("/admin/mail-settings", data={"from_address": "desk@example.com", "from_name": "Desk"})
    assert response.status_code == 302, response.get_data(as_text=True)
    row = saved()
    assert row is not None and (row.smtp_host, row.from_address) == (None, "desk@example.com")


def test_the_intake_recognises_the_message_id_domain_set_on_the_page(client, sign_in, demo, app, smtp_receiver):  # type: ignore[no-untyped-def]
    sign_in("adam")
    client.post("/admin/mail-settings", data=form(smtp_receiver))
    assert IntakeSettings.from_config(app.config).domain == "desk.example.com"
