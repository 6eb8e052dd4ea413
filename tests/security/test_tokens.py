"""Issue 9, finding 5: API tokens expire, carry a scope, are listed with their last use and can be revoked.

Through the real stack: the command line creates, lists and revokes; the API refuses an expired or
revoked token (401) and a read token's writes (403 with a clear problem); people see and revoke their
own tokens on their profile page, administrators anyone's on the user's admin page.
"""
import json
from datetime import timedelta

from app.organisation.policies import system_actor
from app.organisation.tokens import create_token, list_tokens


def bearer(token: str) -> dict[str, str]:
    """Return the Authorization header of a token."""
    return {"Authorization": f"Bearer {token}"}


def token_from_cli(cli, *options: str) -> str:  # type: ignore[no-untyped-def]
    """Create a token for sam with the command line and return it."""
    result = cli("tokens", "create", "sam", *options)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout.strip())


def token_rows(cli, *options: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    """Return 'flowdesk tokens list --json' as rows."""
    result = cli("tokens", "list", *options, "--json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout))


def test_a_token_revoked_on_the_command_line_is_refused_at_once(cli, client, demo) -> None:
    token = token_from_cli(cli, "--name", "monitoring")
    assert client.get("/api/v1/tasks", headers=bearer(token)).status_code == 200
    (row,) = token_rows(cli, "sam")
    result = cli("tokens", "revoke", str(row["id"]))
    assert result.exit_code == 0, result.stderr
    assert client.get("/api/v1/tasks", headers=bearer(token)).status_code == 401
    assert token_rows(cli, "sam")[0]["status"] == "revoked"


def test_a_token_is_refused_once_it_expires(cli, client, demo, clock) -> None:
    token = token_from_cli(cli, "--days", "1")
    clock.advance(hours=23)
    assert client.get("/api/v1/tasks", headers=bearer(token)).status_code == 200
    clock.advance(hours=1)
    response = client.get("/api/v1/tasks", headers=bearer(token))
    assert response.status_code == 401
    assert "expired" in response.get_json()["detail"]


def test_a_new_token_expires_after_90_days_unless_told_otherwise(cli, demo, clock) -> None:
    token_from_cli(cli)
    (row,) = token_rows(cli, "sam")
    assert row["expires_at"] == str(clock.now() + timedelta(days=90))


def test_a_token_cannot_live_longer_than_a_year(cli, demo) -> None:
    result = cli("tokens", "create", "sam", "--days", "400")
    assert result.exit_code == 1 and result.stderr.startswith("error: days: ")
    assert token_rows(cli, "sam") == []


def test_a_read_token_reads_and_is_refused_on_writes_with_a_clear_403(cli, client, demo) -> None:
    token = token_from_cli(cli, "--scope", "read")
    assert client.get("/api/v1/tasks", headers=bearer(token)).status_code == 200
    response = client.post("/api/v1/cis", headers=bearer(token), json={"name": "mail-01", "type": "server"})
    assert response.status_code == 403
    problem = response.get_json()
    assert problem["type"].endswith("insufficient-scope")
    assert "may only read" in problem["detail"]
    listed = client.get("/api/v1/cis", headers=bearer(token))
    assert listed.status_code == 200 and "mail-01" not in listed.get_data(as_text=True)


def test_token_list_shows_scope_expiry_and_last_use_and_never_the_token(cli, client, demo, clock) -> None:
    token = token_from_cli(cli, "--name", "grafana", "--scope", "read")
    client.get("/api/v1/tasks", headers=bearer(token))
    (row,) = token_rows(cli)
    assert (row["login"], row["name"], row["scope"], row["status"]) == ("sam", "grafana", "read", "active")
    assert row["last_used_at"] == str(clock.now())
    assert token not in cli("tokens", "list").stdout


def test_person_sees_and_revokes_their_own_token_on_the_profile_page(client, demo, runtime, sign_in) -> None:
    token = create_token(runtime, system_actor(), "rita", "my script", "read", 30)
    sign_in("rita")
    page = client.get("/profile").get_data(as_text=True)
    assert "my script" in page and token not in page
    (view,) = list_tokens(runtime, system_actor(), "rita")
    assert client.get("/api/v1/tickets", headers=bearer(token)).status_code == 200
    assert client.post(f"/profile/tokens/{view.id}/revoke").status_code == 302
    assert client.get("/api/v1/tickets", headers=bearer(token)).status_code == 401


def test_person_cannot_revoke_someone_elses_token(client, demo, runtime, sign_in) -> None:
    token = create_token(runtime, system_actor(), "sam", "sam's script")
    (view,) = list_tokens(runtime, system_actor(), "sam")
    sign_in("rita")
    client.post(f"/profile/tokens/{view.id}/revoke")
    assert "sam&#39;s script" not in client.get("/profile").get_data(as_text=True)
    assert client.get("/api/v1/tasks", headers=bearer(token)).status_code == 200


def test_admin_sees_and_revokes_a_persons_token_on_their_page(client, demo, runtime, sign_in) -> None:
    token = create_token(runtime, system_actor(), "sam", "sam's script")
    (view,) = list_tokens(runtime, system_actor(), "sam")
    sign_in("adam")
    assert "sam&#39;s script" in client.get("/admin/users/sam").get_data(as_text=True)
    assert client.post(f"/admin/users/sam/tokens/{view.id}/revoke").status_code == 302
    assert client.get("/api/v1/tasks", headers=bearer(token)).status_code == 401


def test_only_an_admin_revokes_on_the_admin_page(client, demo, runtime, sign_in) -> None:
    token = create_token(runtime, system_actor(), "rita", "rita's script")
    (view,) = list_tokens(runtime, system_actor(), "rita")
    sign_in("sam")
    assert client.post(f"/admin/users/rita/tokens/{view.id}/revoke").status_code == 403
    assert client.get("/api/v1/tickets", headers=bearer(token)).status_code == 200


def test_tokens_from_before_the_upgrade_keep_writing_and_expire_90_days_on(app) -> None:
    from datetime import UTC, datetime

    import sqlalchemy as sa
    from flask_migrate import downgrade, upgrade

    from app.extensions import db
    from app.organisation.models import ApiToken

    db.session.remove()
    downgrade(revision="0013")  # before tokens had a scope and an expiry
    with db.engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO app_user (id, login, display_name, active, created_at) "
                                   "VALUES (1, 'sam', 'Sam', true, :now)"), {"now": datetime.now(UTC)})
        connection.execute(sa.text("INSERT INTO api_token (user_id, name, token_hash, created_at) "
                                   "VALUES (1, 'old', :hash, :now)"), {"hash": "0" * 64, "now": datetime.now(UTC)})
    upgrade()
    token = db.session.execute(sa.select(ApiToken)).scalar_one()
    assert token.scope == "write"
    assert token.expires_at is not None
    assert timedelta(days=89) < token.expires_at - datetime.now(UTC) <= timedelta(days=90)
