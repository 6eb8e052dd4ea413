"""Ticket attachments: limits, types, magic bytes, safe storage, no half-written state, who may read them."""
import hashlib
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.servicedesk.tickets.attachments import (
    AttachmentSettings,
    AttachmentStore,
    add_attachment,
    list_attachments,
    open_attachment,
    sanitise_file_name,
)
from app.servicedesk.tickets.models import TicketAttachment
from app.servicedesk.tickets.records import log_ticket
from app.workflow.deployment import deploy_diagram
from tests.conftest import actor_with

PROCESSES = Path(__file__).parents[2] / "processes"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


@pytest.fixture
def ticket(runtime, demo):  # type: ignore[no-untyped-def]
    """An incident of rita's to attach files to (the service desk, sam's group, has it)."""
    deploy_diagram(runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "owner")
    return log_ticket(runtime, kind="incident", title="Printer on fire", description="Third floor.",
                      requester="rita", category_id=None, ci_id=None, impact="medium", urgency="medium",
                      actor=actor_with("rita", "requester"), channel="portal")


@pytest.fixture
def ticket_id(ticket):  # type: ignore[no-untyped-def]
    return ticket.id


@pytest.fixture
def store(tmp_path: Path) -> AttachmentStore:
    return AttachmentStore(tmp_path / "attachments")


@pytest.fixture
def settings(app: Flask, store: AttachmentStore) -> AttachmentSettings:
    """The app's limits and types, with the test's store."""
    return AttachmentSettings(store, app.config["ATTACHMENT_MAX_BYTES"], tuple(app.config["ATTACHMENT_TYPES"]))


def stored_files(store: AttachmentStore) -> list[Path]:
    """Every file under the store, temporary ones included."""
    return [path for path in store.root.rglob("*") if path.is_file()] if store.root.exists() else []


def attach(runtime, settings, number, data=b"hello\n", content_type="text/plain",  # type: ignore[no-untyped-def]
           file_name="notes.txt", visibility="internal", login="sam"):
    return add_attachment(runtime, settings, actor_for(require_user(login)), number, file_name, content_type, data,
                          visibility)


def assert_refused(runtime, settings, number, field, **values) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidValues) as refused:
        attach(runtime, settings, number, **values)
    assert field in refused.value.errors
    assert stored_files(settings.store) == []
    assert db.session.query(TicketAttachment).count() == 0


def opened(store, number, attachment_id, login="sam"):  # type: ignore[no-untyped-def]
    return open_attachment(store, actor_for(require_user(login)), number, attachment_id)


def test_upload_is_read_back_with_its_checksum(runtime, settings, ticket) -> None:
    attachment = attach(runtime, settings, ticket.number, data=PNG, content_type="image/png", file_name="screen.png")
    row, data = opened(settings.store, ticket.number, attachment.id)
    assert data == PNG
    assert (row.file_name, row.content_type, row.size_bytes, row.uploaded_by) == ("screen.png", "image/png", 40, "sam")
    assert row.sha256 == hashlib.sha256(PNG).hexdigest()
    assert row.uploaded_at == runtime.clock.now()


def test_file_is_sharded_by_a_random_key_and_no_temporary_file_remains(runtime, settings, ticket) -> None:
    attachment = attach(runtime, settings, ticket.number, file_name="notes.txt")
    assert "notes" not in attachment.storage_key
    assert stored_files(settings.store) == [settings.store.root / attachment.storage_key[:2] / attachment.storage_key]


def test_parameters_of_the_content_type_are_dropped(runtime, settings, ticket) -> None:
    attachment = attach(runtime, settings, ticket.number, content_type="Text/Plain; charset=utf-8")
    assert attachment.content_type == "text/plain"


def test_file_over_the_limit_is_refused(runtime, store, ticket) -> None:
    small = AttachmentSettings(store, 10, ("text/plain",))
    attach(runtime, small, ticket.number, data=b"x" * 10)
    db.session.query(TicketAttachment).delete()
    db.session.commit()
    for path in stored_files(store):
        path.unlink()
    assert_refused(runtime, small, ticket.number, "file", data=b"x" * 11)


def test_default_limit_is_ten_mebibytes(app: Flask) -> None:
    assert AttachmentSettings.from_config(app.config).max_bytes == 10 * 1024 * 1024


def test_type_outside_the_allow_list_is_refused(runtime, settings, ticket) -> None:
    assert_refused(runtime, settings, ticket.number, "file", content_type="application/x-msdownload",
                   data=b"MZ\x90\x00", file_name="setup.exe")
    assert_refused(runtime, settings, ticket.number, "file", content_type="text/html", data=b"<script></script>")


@pytest.mark.parametrize("content_type, data", [
    ("image/png", b"GIF89a......"),
    ("image/jpeg", b"<svg onload=alert(1)>"),
    ("image/gif", PNG),
    ("application/pdf", b"<html></html>"),
    ("application/zip", PDF),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"plain text"),
])
def test_content_that_does_not_match_its_type_is_refused(runtime, settings, ticket, content_type, data) -> None:
    assert_refused(runtime, settings, ticket.number, "file", content_type=content_type, data=data)


def test_matching_magic_bytes_are_accepted(runtime, settings, ticket) -> None:
    for content_type, data in [("image/jpeg", b"\xff\xd8\xff\xe0rest"), ("image/gif", b"GIF87arest"),
                               ("application/pdf", PDF), ("application/zip", b"PK\x05\x06" + b"\x00" * 18)]:
        attach(runtime, settings, ticket.number, content_type=content_type, data=data)
    assert len(list_attachments(ticket.id)) == 4


def test_empty_file_is_refused(runtime, settings, ticket) -> None:
    assert_refused(runtime, settings, ticket.number, "file", data=b"")


def test_unknown_visibility_is_refused(runtime, settings, ticket) -> None:
    assert_refused(runtime, settings, ticket.number, "visibility", visibility="secret")


def test_upload_to_a_missing_ticket_leaves_nothing(runtime, settings, ticket) -> None:
    with pytest.raises(NotFound):
        attach(runtime, settings, "INC-999999")
    assert stored_files(settings.store) == []


def test_upload_to_a_ticket_one_may_not_see_leaves_nothing(runtime, settings, ticket) -> None:
    with pytest.raises(NotFound):
        attach(runtime, settings, ticket.number, login="lee")  # second line: not the ticket's group
    assert stored_files(settings.store) == [] and list_attachments(ticket.id) == []


def test_file_is_deleted_when_the_row_cannot_be_stored(runtime, settings, ticket, monkeypatch) -> None:
    def failing_commit() -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(db.session(), "commit", failing_commit)
    with pytest.raises(RuntimeError):
        attach(runtime, settings, ticket.number)
    monkeypatch.undo()
    assert stored_files(settings.store) == []
    assert db.session.query(TicketAttachment).count() == 0


def test_each_attempt_of_a_retried_unit_leaves_one_file_at_most(runtime, settings, ticket, monkeypatch) -> None:
    from app.platform import transactions
    from app.platform.errors import StaleInstance

    commit = db.session().commit
    failures = iter([StaleInstance("changed meanwhile")])

    def flaky_commit() -> None:
        failure = next(failures, None)
        if failure is not None:
            raise failure
        commit()
    monkeypatch.setattr(db.session(), "commit", flaky_commit)
    monkeypatch.setattr(transactions, "pause", lambda seconds: None)
    attachment = attach(runtime, settings, ticket.number)
    monkeypatch.undo()
    assert stored_files(settings.store) == [settings.store.root / attachment.storage_key[:2] / attachment.storage_key]


@pytest.mark.parametrize("upload_name, shown", [
    ("../../etc/passwd", "_.._etc_passwd"),
    ("a\\b.txt", "a_b.txt"),
    ("..", "attachment"),
    ("in\x00voice\r\n.pdf", "invoice.pdf"),
    ("report\u202egnp.exe", "reportgnp.exe"),
    ("季度报告 2026.pdf", "季度报告 2026.pdf"),
])
def test_upload_names_are_stored_safely(runtime, settings, ticket, upload_name, shown) -> None:
    attachment = attach(runtime, settings, ticket.number, file_name=upload_name)
    assert attachment.file_name == shown
    assert attachment.storage_key not in upload_name and len(attachment.storage_key) == 64
    assert stored_files(settings.store) == [settings.store.root / attachment.storage_key[:2] / attachment.storage_key]
    assert not (settings.store.root.parent / "etc").exists()


def test_long_names_are_cut_keeping_the_extension() -> None:
    name = sanitise_file_name("图" * 500 + ".xlsx")
    assert len(name) == 200 and name.endswith(".xlsx")


def test_reader_who_may_not_see_the_ticket_is_not_told_it_exists(runtime, settings, ticket) -> None:
    attachment = attach(runtime, settings, ticket.number, visibility="public")
    with pytest.raises(NotFound):
        opened(settings.store, ticket.number, attachment.id, login="lee")


def test_missing_attachment_is_not_found(runtime, settings, ticket) -> None:
    with pytest.raises(NotFound):
        opened(settings.store, ticket.number, 999)


def test_attachment_of_another_ticket_is_not_found(runtime, settings, ticket) -> None:
    attachment = attach(runtime, settings, ticket.number)
    other = log_ticket(runtime, kind="incident", title="Other", description="", requester="rita", category_id=None,
                       ci_id=None, impact="medium", urgency="medium", actor=actor_with("rita", "requester"),
                       channel="portal")
    with pytest.raises(NotFound):
        opened(settings.store, other.number, attachment.id)


def test_requesters_list_and_open_public_attachments_only(runtime, settings, ticket) -> None:
    internal = attach(runtime, settings, ticket.number, file_name="internal.txt")
    public = attach(runtime, settings, ticket.number, file_name="public.txt", visibility="public")
    assert [row.file_name for row in list_attachments(ticket.id)] == ["internal.txt", "public.txt"]
    assert [row.id for row in list_attachments(ticket.id, public_only=True)] == [public.id]
    assert opened(settings.store, ticket.number, public.id, login="rita")[1] == b"hello\n"
    with pytest.raises(NotFound):
        opened(settings.store, ticket.number, internal.id, login="rita")


def test_requester_files_are_public_and_an_internal_one_is_refused(runtime, settings, ticket) -> None:
    attachment = attach(runtime, settings, ticket.number, login="rita", visibility=None)
    assert (attachment.uploaded_by, attachment.visibility) == ("rita", "public")
    with pytest.raises(NotAllowed) as refused:
        attach(runtime, settings, ticket.number, login="rita", visibility="internal", file_name="secret.txt")
    assert "make the file public" in str(refused.value)
    assert [row.file_name for row in list_attachments(ticket.id)] == ["notes.txt"]
    assert len(stored_files(settings.store)) == 1


def test_staff_files_are_internal_unless_they_say_otherwise(runtime, settings, ticket) -> None:
    assert attach(runtime, settings, ticket.number, visibility=None).visibility == "internal"


def test_settings_come_from_the_app_configuration(app: Flask, tmp_path: Path) -> None:
    app.config["ATTACHMENT_DIR"] = str(tmp_path / "files")
    settings = AttachmentSettings.from_config(app.config)
    assert settings.store.root == tmp_path / "files"
    assert settings.types == tuple(app.config["ATTACHMENT_TYPES"])
