"""OAuth2 mailboxes against a real Dovecot (XOAUTH2, the token checked by its passdb) and a real token endpoint on
loopback: an expired or refused access token is renewed with the refresh token, and the new tokens are sealed."""
import json
from collections.abc import Iterator
from datetime import timedelta

import pytest

from app.extensions import db
from app.platform.secret_box import unseal
from app.servicedesk.intake.mailboxes import mailbox_named
from app.servicedesk.intake.oauth_tokens import FreshTokens, store_fresh_tokens
from tests.intake.conftest import ImapBox, mail
from tests.intake.test_polling import poll
from tests.intake.token_endpoint import TokenEndpoint


@pytest.fixture
def endpoint(dovecot) -> Iterator[TokenEndpoint]:  # type: ignore[no-untyped-def]
    """A token endpoint whose access token is what the test Dovecot accepts, and which rotates the refresh token."""
    server = TokenEndpoint("flowdesk-app", "app-secret", "refresh-1", dovecot.password, next_refresh_token="refresh-2")
    server.start()
    yield server
    server.stop()


def add_oauth2_mailbox(cli, imap: ImapBox, endpoint: TokenEndpoint) -> None:  # type: ignore[no-untyped-def]
    """Add the mailbox with a stale access token, then give it the client and the refresh token."""
    url = f"imaps://{imap.user}:stale-token@{imap.server.host}:{imap.server.port}/INBOX"
    assert cli("mail", "add-mailbox", "desk", "--imap", url, "--oauth2").exit_code == 0
    result = cli("mail", "set-oauth2", "desk", "--client-id", "flowdesk-app", "--client-secret", "app-secret",
                 "--token-url", endpoint.url, "--refresh-token", "refresh-1")
    assert result.exit_code == 0, result.output


def sealed_tokens(runtime) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Return the mailbox's access and refresh tokens, unsealed."""
    db.session.expire_all()
    mailbox = mailbox_named("desk")
    key = runtime.mail.secret_key
    tokens = unseal(key, mailbox.secret), unseal(key, mailbox.oauth_refresh_token or "")
    db.session.rollback()
    return tokens


def test_a_mailbox_renews_its_expired_access_token_and_signs_in_over_xoauth2(cli, imap, demo, endpoint,  # type: ignore[no-untyped-def]
                                                                            runtime, clock):
    add_oauth2_mailbox(cli, imap, endpoint)
    imap.append(mail("rita@flowdesk.example", "Printer jams", "The printer on floor 3 jams."))
    counts = poll(cli)
    assert counts["error"] is None and counts["new_tickets"] == 1
    assert endpoint.requests == [{"grant_type": "refresh_token", "refresh_token": "refresh-1",
                                  "client_id": "flowdesk-app", "client_secret": "app-secret"}]
    assert sealed_tokens(runtime) == (imap.server.password, "refresh-2")  # the rotated refresh token is kept
    assert mailbox_named("desk").oauth_expires_at == clock.now() + timedelta(seconds=3600)
    assert "refresh-2" not in (mailbox_named("desk").oauth_refresh_token or "")  # sealed at rest
    listed = cli("mail", "mailboxes", "--json").output
    assert endpoint.url in listed and "refresh-2" not in listed and imap.server.password not in listed


def test_an_access_token_still_valid_is_used_without_asking_the_endpoint(cli, imap, demo, endpoint, clock):  # type: ignore[no-untyped-def]
    add_oauth2_mailbox(cli, imap, endpoint)
    poll(cli)
    endpoint.refresh_token = "refresh-2"
    clock.advance(seconds=3000)
    assert poll(cli)["error"] is None
    assert len(endpoint.requests) == 1


def test_a_refused_access_token_is_renewed_once_and_the_sign_in_tried_again(cli, imap, demo, endpoint, runtime,  # type: ignore[no-untyped-def]
                                                                           app, clock):
    add_oauth2_mailbox(cli, imap, endpoint)
    poll(cli)
    endpoint.refresh_token = "refresh-2"
    revoked = FreshTokens("revoked-token", None, clock.now() + timedelta(hours=1))  # the provider revoked it early
    store_fresh_tokens(runtime, runtime.mail.secret_key, mailbox_named("desk").id, revoked)
    imap.append(mail("rita@flowdesk.example", "Screen flickers", "Since this morning."))
    counts = poll(cli)
    assert counts["error"] is None and counts["new_tickets"] == 1
    assert [request["refresh_token"] for request in endpoint.requests] == ["refresh-1", "refresh-2"]
    assert sealed_tokens(runtime)[0] == imap.server.password


def test_a_refused_refresh_token_is_reported_on_the_mailbox_with_what_to_do(cli, imap, demo, endpoint, runtime):  # type: ignore[no-untyped-def]
    add_oauth2_mailbox(cli, imap, endpoint)
    endpoint.refresh_token = "another-one"  # the owner revoked FlowDesk's consent
    result = cli("mail", "poll", "--json")
    assert result.exit_code == 1  # a mailbox failed
    (counts,) = json.loads(result.output)
    assert counts["error"] == (
        f"TokenRefreshFailed: The token endpoint {endpoint.url} refused the refresh token (invalid_grant: The refresh "
        "token has expired or was revoked.). Sign in to the mailbox's account again to get a new refresh token and "
        "store it with 'flowdesk mail set-oauth2'.")
    assert sealed_tokens(runtime) == ("stale-token", "refresh-1")
    assert mailbox_named("desk").last_error == counts["error"]


def test_a_token_endpoint_in_clear_text_is_refused_with_what_to_write(cli, imap, demo):  # type: ignore[no-untyped-def]
    url = f"imaps://{imap.user}:token@{imap.server.host}:{imap.server.port}/INBOX"
    assert cli("mail", "add-mailbox", "desk", "--imap", url, "--oauth2").exit_code == 0
    result = cli("mail", "set-oauth2", "desk", "--client-id", "app", "--token-url", "http://login.example.com/token",
                 "--refresh-token", "r")
    assert result.exit_code != 0
    assert "The token endpoint must be an https:// address" in result.output + (result.stderr or "")
    assert mailbox_named("desk").auth_method == "oauth2" and mailbox_named("desk").oauth_refresh_token is None
