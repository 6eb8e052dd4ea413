"""Ticket attachments: limits, types, magic bytes, safe storage, no half-written state, who may read them."""
import hashlib
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.servicedesk.attachments import (
    AttachmentStore,
    add_attachment,
    attachment_store,
    list_attachments,
    open_attachment,
    sanitise_file_name,
)
from app.servicedesk.models import TicketAttachment
from app.servicedesk.tickets import log_ticket
from app.workflow.deployment import deploy_diagram

PROCESSES = Path(__file__).parents[2] / "processes"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


@pytest.fixture
def ticket_id(runtime):  # type: ignore[no-untyped-def]
    """An incident to attach files to."""
    deploy_diagram(runtime, (PROCESSES / "incident.bpmn").read_bytes(), "incident.bpmn", "owner")
    return log_ticket(runtime, kind="incident", title="Printer on fire", description="Third floor.",
                      requester="rita", category_id=None, ci_id=None, impact="medium", urgency="medium",
                      actor="rita", channel="portal").id


@pytest.fixture
def store(tmp_path: Path) -> AttachmentStore:
    return AttachmentStore(tmp_path / "attachments")


def stored_files(store: AttachmentStore) -> list[Path]:
    """Every file under the store, temporary ones included."""
    return [path for path in store.root.rglob("*") if path.is_file()] if store.root.exists() else []


def attach(runtime, store, ticket_id, data=b"hello\n", content_type="text/plain",  # type: ignore[no-untyped-def]
           file_name="notes.txt", visibility="internal"):
    return add_attachment(runtime, store, ticket_id, file_name, content_type, data, "sam", visibility)


def assert_refused(runtime, store, ticket_id, field, **values) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidValues) as refused:
        attach(runtime, store, ticket_id, **values)
    assert field in refused.value.errors
    assert stored_files(store) == []
    assert db.session.query(TicketAttachment).count() == 0


def test_upload_is_read_back_with_its_checksum(runtime, store, ticket_id) -> None:
    attachment = attach(runtime, store, ticket_id, data=PNG, content_type="image/png", file_name="screen.png")
    row, data = open_attachment(store, attachment.id, may_see_ticket=True)
    assert data == PNG
    assert (row.file_name, row.content_type, row.size_bytes, row.uploaded_by) == ("screen.png", "image/png", 40, "sam")
    assert row.sha256 == hashlib.sha256(PNG).hexdigest()
    assert row.uploaded_at == runtime.clock.now()


def test_file_is_sharded_by_a_random_key_and_no_temporary_file_remains(runtime, store, ticket_id) -> None:
    attachment = attach(runtime, store, ticket_id, file_name="notes.txt")
    assert "notes" not in attachment.storage_key
    assert stored_files(store) == [store.root / attachment.storage_key[:2] / attachment.storage_key]


def test_parameters_of_the_content_type_are_dropped(runtime, store, ticket_id) -> None:
    attachment = attach(runtime, store, ticket_id, content_type="Text/Plain; charset=utf-8")
    assert attachment.content_type == "text/plain"


def test_file_over_the_limit_is_refused(app: Flask, runtime, store, ticket_id) -> None:
    app.config["ATTACHMENT_MAX_BYTES"] = 10
    attach(runtime, store, ticket_id, data=b"x" * 10)
    db.session.query(TicketAttachment).delete()
    db.session.commit()
    for path in stored_files(store):
        path.unlink()
    assert_refused(runtime, store, ticket_id, "file", data=b"x" * 11)


def test_default_limit_is_ten_mebibytes(app: Flask) -> None:
    assert app.config["ATTACHMENT_MAX_BYTES"] == 10 * 1024 * 1024


def test_type_outside_the_allow_list_is_refused(runtime, store, ticket_id) -> None:
    assert_refused(runtime, store, ticket_id, "file", content_type="application/x-msdownload",
                   data=b"MZ\x90\x00", file_name="setup.exe")
    assert_refused(runtime, store, ticket_id, "file", content_type="text/html", data=b"<script></script>")


@pytest.mark.parametrize("content_type, data", [
    ("image/png", b"GIF89a......"),
    ("image/jpeg", b"<svg onload=alert(1)>"),
    ("image/gif", PNG),
    ("application/pdf", b"<html></html>"),
    ("application/zip", PDF),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"plain text"),
])
def test_content_that_does_not_match_its_type_is_refused(runtime, store, ticket_id, content_type, data) -> None:
    assert_refused(runtime, store, ticket_id, "file", content_type=content_type, data=data)


def test_matching_magic_bytes_are_accepted(runtime, store, ticket_id) -> None:
    for content_type, data in [("image/jpeg", b"\xff\xd8\xff\xe0rest"), ("image/gif", b"GIF87arest"),
                               ("application/pdf", PDF), ("application/zip", b"PK\x05\x06" + b"\x00" * 18)]:
        attach(runtime, store, ticket_id, content_type=content_type, data=data)
    assert len(list_attachments(ticket_id)) == 4


def test_empty_file_is_refused(runtime, store, ticket_id) -> None:
    assert_refused(runtime, store, ticket_id, "file", data=b"")


def test_unknown_visibility_is_refused(runtime, store, ticket_id) -> None:
    assert_refused(runtime, store, ticket_id, "visibility", visibility="secret")


def test_upload_to_a_missing_ticket_leaves_nothing(runtime, store, ticket_id) -> None:
    with pytest.raises(NotFound):
        attach(runtime, store, ticket_id + 1000)
    assert stored_files(store) == []


def test_file_is_deleted_when_the_row_cannot_be_stored(runtime, store, ticket_id, monkeypatch) -> None:
    def failing_commit() -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(db.session, "commit", failing_commit)
    with pytest.raises(RuntimeError):
        attach(runtime, store, ticket_id)
    monkeypatch.undo()
    assert stored_files(store) == []
    assert db.session.query(TicketAttachment).count() == 0


@pytest.mark.parametrize("upload_name, shown", [
    ("../../etc/passwd", "_.._etc_passwd"),
    ("a\\b.txt", "a_b.txt"),
    ("..", "attachment"),
    ("in\x00voice\r\n.pdf", "invoice.pdf"),
    ("report\u202egnp.exe", "reportgnp.exe"),
    ("季度报告 2026.pdf", "季度报告 2026.pdf"),
])
def test_upload_names_are_stored_safely(runtime, store, ticket_id, upload_name, shown) -> None:
    attachment = attach(runtime, store, ticket_id, file_name=upload_name)
    assert attachment.file_name == shown
    assert attachment.storage_key not in upload_name and len(attachment.storage_key) == 64
    assert stored_files(store) == [store.root / attachment.storage_key[:2] / attachment.storage_key]
    assert not (store.root.parent / "etc").exists()


def test_long_names_are_cut_keeping_the_extension() -> None:
    name = sanitise_file_name("图" * 500 + ".xlsx")
    assert len(name) == 200 and name.endswith(".xlsx")


def test_reader_who_may_not_see_the_ticket_is_refused(runtime, store, ticket_id) -> None:
    attachment = attach(runtime, store, ticket_id)
    with pytest.raises(NotAllowed):
        open_attachment(store, attachment.id, may_see_ticket=False)


def test_missing_attachment_is_not_found(runtime, store, ticket_id) -> None:
    with pytest.raises(NotFound):
        open_attachment(store, 999, may_see_ticket=True)


def test_requesters_list_and_open_public_attachments_only(runtime, store, ticket_id) -> None:
    internal = attach(runtime, store, ticket_id, file_name="internal.txt")
    public = attach(runtime, store, ticket_id, file_name="public.txt", visibility="public")
    assert [row.file_name for row in list_attachments(ticket_id)] == ["internal.txt", "public.txt"]
    assert [row.id for row in list_attachments(ticket_id, public_only=True)] == [public.id]
    assert open_attachment(store, public.id, may_see_ticket=True, public_only=True)[1] == b"hello\n"
    with pytest.raises(NotFound):
        open_attachment(store, internal.id, may_see_ticket=True, public_only=True)


def test_app_store_lives_in_the_configured_folder(app: Flask, tmp_path: Path) -> None:
    app.config["ATTACHMENT_DIR"] = str(tmp_path / "files")
    assert attachment_store().root == tmp_path / "files"
