"""The admin pages of e-mail in: adding a mailbox, and looking at, retrying and discarding quarantined mail."""
from sqlalchemy import select

from app.extensions import db
from app.organisation.policies import system_actor
from app.platform.secret_box import unseal
from app.servicedesk.intake.ingestion import ingest
from app.servicedesk.intake.mailboxes import MailboxSettings, add_mailbox, mailbox_named
from app.servicedesk.intake.models import IncomingMail, Mailbox
from app.servicedesk.intake.settings import IntakeSettings

FORM = {"name": "helpdesk", "host": "imap.example.com", "security": "tls", "port": "993", "username": "desk",
        "auth_method": "password", "secret": "p@ss/word", "folder": "INBOX", "ticket_kind": "incident",
        "category_id": "", "process_id": "", "default_group": "", "unknown_senders": "refuse",
        "processed_folder": "FlowDesk/Processed", "refused_folder": "FlowDesk/Refused",
        "quarantine_folder": "FlowDesk/Quarantine"}


def test_an_admin_adds_a_mailbox_on_the_page_and_its_password_is_never_shown(client, sign_in, demo, runtime):  # type: ignore[no-untyped-def]
    sign_in("adam")
    response = client.post("/admin/mailboxes", data=FORM)
    assert response.status_code == 302, response.get_data(as_text=True)
    mailbox = mailbox_named("helpdesk")
    assert (mailbox.username, mailbox.unknown_senders) == ("desk", "refuse")
    assert "p@ss/word" not in mailbox.secret  # sealed at rest: a copy of the database does not give it away
    assert unseal(runtime.mail.secret_key, mailbox.secret) == "p@ss/word"
    page = client.get("/admin/mailboxes").get_data(as_text=True)
    assert "imap.example.com:993" in page and "p@ss/word" not in page


def test_a_mailbox_without_a_host_is_refused_with_the_field_marked(client, sign_in, demo):  # type: ignore[no-untyped-def]
    sign_in("adam")
    response = client.post("/admin/mailboxes", data={**FORM, "host": ""})
    assert response.status_code == 200
    assert 'id="host-error">Enter the server' in response.get_data(as_text=True)


def test_only_admins_see_the_mail_pages(client, sign_in, demo):  # type: ignore[no-untyped-def]
    sign_in("sam")
    assert client.get("/admin/mailboxes").status_code == 403
    assert client.get("/admin/mail-quarantine").status_code == 403


def test_an_admin_views_and_discards_a_quarantined_mail(client, sign_in, demo, runtime, app):  # type: ignore[no-untyped-def]
    add_mailbox(runtime, system_actor(), "desk", "imaps://u:p@imap.example.com/INBOX", MailboxSettings())
    raw = b"Subject: <script>alert(1)</script>\r\n\r\nno sender\r\n"
    outcome = ingest(runtime, IntakeSettings.from_config(app.config), mailbox_named("desk").id, None, None, raw)
    assert outcome.status == "quarantined"
    sign_in("adam")
    listing = client.get("/admin/mail-quarantine").get_data(as_text=True)
    assert "names no sender" in listing and "<script>alert" not in listing
    detail = client.get(f"/admin/mail-quarantine/{outcome.mail_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert client.post(f"/admin/mail-quarantine/{outcome.mail_id}/retry").status_code == 302
    assert client.post(f"/admin/mail-quarantine/{outcome.mail_id}/discard").status_code == 302
    db.session.expire_all()
    row = db.session.execute(select(IncomingMail)).scalar_one()
    assert row.status == "discarded" and row.error is not None and row.error.code == "no_sender"
    assert row.error.params["discarded_by"] == "adam" and row.error.params["detail"].startswith("NoSender:")


def test_an_admin_reads_why_a_mail_is_in_quarantine_in_his_language(client, sign_in, demo, runtime, app):  # type: ignore[no-untyped-def]
    from tests.messaging.mail_scenes import speak

    add_mailbox(runtime, system_actor(), "desk", "imaps://u:p@imap.example.com/INBOX", MailboxSettings())
    settings = IntakeSettings.from_config(app.config)
    nameless = ingest(runtime, settings, mailbox_named("desk").id, None, None, b"Subject: Help\r\n\r\nno sender\r\n")
    empty = ingest(runtime, settings, mailbox_named("desk").id, None, None, b"")
    db.session.expire_all()
    assert [db.session.get(IncomingMail, outcome.mail_id).error.code for outcome in (nameless, empty)] == [
        "no_sender", "unreadable"]
    speak("adam", "zh_CN")
    sign_in("adam")
    listing = client.get("/admin/mail-quarantine").get_data(as_text=True)
    assert "该邮件没有发件人地址" in listing and "不是 FlowDesk 能读取的邮件" in listing
    assert "NoSender:" not in listing  # the technical text waits on the mail's own page
    detail = client.get(f"/admin/mail-quarantine/{nameless.mail_id}").get_data(as_text=True)
    assert "该邮件没有发件人地址" in detail and "NoSender: The mail names no sender address" in detail


OAUTH2 = {"auth_method": "oauth2", "secret": "", "oauth_client_id": "0000-app", "oauth_client_secret": "app-secret",
          "oauth_token_url": "https://login.microsoftonline.com/tenant/oauth2/v2.0/token",
          "oauth_refresh_token": "refresh-1", "oauth_scope": "https://outlook.office.com/IMAP.AccessAsUser.All"}


def test_an_admin_adds_an_oauth2_mailbox_on_the_page_with_its_secrets_sealed(client, sign_in, demo, runtime):  # type: ignore[no-untyped-def]
    sign_in("adam")
    response = client.post("/admin/mailboxes", data={**FORM, **OAUTH2})
    assert response.status_code == 302, response.get_data(as_text=True)
    mailbox = mailbox_named("helpdesk")
    assert (mailbox.auth_method, mailbox.oauth_client_id, mailbox.oauth_token_url, mailbox.oauth_scope) == (
        "oauth2", "0000-app", OAUTH2["oauth_token_url"], OAUTH2["oauth_scope"])
    key = runtime.mail.secret_key
    assert (unseal(key, mailbox.oauth_client_secret), unseal(key, mailbox.oauth_refresh_token)) == (
        "app-secret", "refresh-1")
    assert "refresh-1" not in mailbox.oauth_refresh_token  # sealed at rest, as the CLI's set-oauth2 seals it
    assert "refresh-1" not in client.get("/admin/mailboxes").get_data(as_text=True)


def test_an_oauth2_mailbox_with_a_token_endpoint_in_clear_text_adds_nothing(client, sign_in, demo):  # type: ignore[no-untyped-def]
    sign_in("adam")
    response = client.post("/admin/mailboxes", data={**FORM, **OAUTH2, "oauth_token_url": "http://tokens.example/t"})
    assert response.status_code == 200
    assert db.session.execute(select(Mailbox.id)).first() is None  # neither the mailbox nor half of it


def test_a_password_mailbox_without_its_password_is_refused_with_the_field_marked(client, sign_in, demo):  # type: ignore[no-untyped-def]
    sign_in("adam")
    response = client.post("/admin/mailboxes", data={**FORM, "secret": ""})
    assert response.status_code == 200
    assert 'id="secret-error">Enter the password or token' in response.get_data(as_text=True)
