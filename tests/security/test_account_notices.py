"""ASVS 2.2.3 / 2.5.5: people are told by mail when their sign-in details change, in their language, whoever made
the change (themselves, an administrator's page, the command line); a change they make to nothing of theirs tells
nobody."""
from sqlalchemy import select, update

from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.messaging.models import OutboxMessage
from app.organisation.models import User
from app.platform.transactions import run_unit

NEW_PASSWORD = "quartz-lantern-orbit-7"
RITA, SAM = "rita@flowdesk.example", "sam@flowdesk.example"


def notices_to(address: str) -> list[OutboxMessage]:
    """Return the account notices queued to an address, oldest first."""
    db.session.expire_all()
    rows = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == address,
                                                          OutboxMessage.event == "account_changed")
                              .order_by(OutboxMessage.id)).scalars().all()
    db.session.rollback()
    return list(rows)


def test_a_person_who_changes_their_password_is_told_by_mail(client, demo, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    client.post("/profile/password", data={"current_password": DEMO_PASSWORD, "password": NEW_PASSWORD,
                                           "confirm": NEW_PASSWORD})
    (notice,) = notices_to(RITA)
    assert notice.subject == "Your FlowDesk password was changed"
    assert "If you did not expect this, tell your FlowDesk administrator at once." in notice.body


def test_a_wrong_current_password_changes_nothing_and_tells_nobody(client, demo, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("rita")
    client.post("/profile/password", data={"current_password": "not-mine", "password": NEW_PASSWORD,
                                           "confirm": NEW_PASSWORD})
    assert notices_to(RITA) == []


def test_an_administrators_reset_is_told_naming_the_administrator(client, demo, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in("adam")
    client.post("/admin/users/rita/password", data={"password": NEW_PASSWORD, "must_change": "y"})
    (notice,) = notices_to(RITA)
    assert notice.subject == "Your FlowDesk password was reset"
    assert "adam gave you a temporary password." in notice.body and NEW_PASSWORD not in notice.body


def test_a_person_signed_out_everywhere_by_an_administrator_is_told_but_not_for_their_own(client, demo,  # type: ignore[no-untyped-def]
                                                                                          sign_in) -> None:
    sign_in("adam")
    client.post("/admin/users/rita/sessions/end")
    (notice,) = notices_to(RITA)
    assert notice.subject == "You were signed out of FlowDesk everywhere" and "adam ended every session" in notice.body
    sign_in("sam")
    client.post("/profile/sessions/end")
    assert notices_to(SAM) == []


def test_tokens_made_and_revoked_from_the_command_line_are_told_once_each(cli, demo) -> None:  # type: ignore[no-untyped-def]
    assert cli("tokens", "create", "sam", "--name", "backup-job").exit_code == 0
    token_id = _token_id("sam")
    for _ in range(2):  # revoking a revoked token changes nothing, so tells nothing
        assert cli("tokens", "revoke", str(token_id)).exit_code == 0
    made, revoked = notices_to(SAM)
    assert made.subject == "An API token was made for your FlowDesk account"
    assert "cli made the token 'backup-job'." in made.body
    assert revoked.subject == "An API token of your FlowDesk account was revoked"


def _token_id(login: str) -> int:
    """Return the id of a person's newest API token."""
    from app.organisation.models import ApiToken
    return db.session.execute(select(ApiToken.id).join(User, User.id == ApiToken.user_id)
                              .where(User.login == login).order_by(ApiToken.id.desc())).scalars().first()


def test_a_chinese_reader_is_told_in_chinese(client, demo, sign_in) -> None:  # type: ignore[no-untyped-def]
    run_unit(lambda: db.session.execute(update(User).where(User.login == "rita").values(language="zh_CN")))
    sign_in("adam")
    client.post("/admin/users/rita/password", data={"password": NEW_PASSWORD, "must_change": "y"})
    (notice,) = notices_to(RITA)
    assert notice.subject == "您的 FlowDesk 密码已被重置"
    assert "adam 为您设置了临时密码。" in notice.body and "请立即告知您的 FlowDesk 管理员" in notice.body


def test_a_person_without_an_address_still_has_the_change_made(client, demo, sign_in, runtime) -> None:  # type: ignore[no-untyped-def]
    run_unit(lambda: db.session.execute(update(User).where(User.login == "rita").values(email=None)))
    sign_in("adam")
    assert client.post("/admin/users/rita/password", data={"password": NEW_PASSWORD,
                                                           "must_change": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.execute(select(OutboxMessage).where(OutboxMessage.event == "account_changed")).first() is None
    assert db.session.execute(select(User.must_change_password).where(User.login == "rita")).scalar_one()
