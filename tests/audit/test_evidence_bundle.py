"""Evidence bundles: what one holds, and that the offline check catches each change with the right words.

The check runs on the bundle's bytes alone (app.audit.evidence_check imports no database and no key).
"""
import hashlib
import io
import json

import pytest
from flask_babel import force_locale
from pypdf import PdfReader

from app.audit import bundle_format as layout
from app.audit.evidence_check import verify_bundle
from app.audit.evidence_keys import signer_from_config
from tests.audit.conftest import files_of, resolved_incident, zip_of


def findings(bundle: bytes, **pins: bytes | str) -> list[tuple[str, int | None, str, str]]:
    """Return the failed checks of a bundle as (file, event, check, message)."""
    report = verify_bundle(io.BytesIO(bundle), **pins)  # type: ignore[arg-type]
    return [(f.file, f.seq, f.check, f.message) for f in report.failures]


def events_of(files: dict[str, bytes], name: str) -> list[dict]:  # type: ignore[type-arg]
    """Return a history file's events."""
    return [json.loads(line) for line in files[name].decode().splitlines()]


def lines_of(events: list[dict]) -> bytes:  # type: ignore[type-arg]
    """Return events as a history file."""
    return ("\n".join(layout.plain_json(event) for event in events) + "\n").encode()


def test_auditor_bundle_of_a_resolved_incident_holds_every_part_and_verifies_offline(desk, export_case) -> None:
    instance_id = resolved_incident(desk)
    files = files_of(export_case(instance_id))
    manifest = json.loads(files[layout.MANIFEST])
    history = layout.history_path(instance_id)
    assert {history, layout.summary_path(instance_id), layout.ticket_path(instance_id), "diagrams/incident-v1.bpmn",
            layout.HEADS, layout.CHECKPOINTS, layout.README} <= set(files)
    events = events_of(files, history)
    assert [event["seq"] for event in events] == list(range(1, len(events) + 1))
    assert events[0]["kind"] == "instance_started"
    assert json.loads(files[layout.HEADS]) == {f"instance:{instance_id}": [events[-1]["seq"], events[-1]["hash"]]}
    signed = [json.loads(json.loads(line)["heads"]) for line in files[layout.CHECKPOINTS].decode().splitlines()]
    assert [events[-1]["seq"], events[-1]["hash"]] in [heads.get(f"instance:{instance_id}") for heads in signed]
    (case,) = manifest["cases"]
    assert case["server_check"] == {"holds": True} and case["business_key"] == desk.number
    assert json.loads(files[layout.ticket_path(instance_id)])["sla_state"] == "met"
    assert findings(zip_of(files)) == []


def test_bundle_verifies_against_the_installations_published_key_and_not_another(desk, export_case, app) -> None:
    bundle = export_case(resolved_incident(desk))
    signer = signer_from_config(app.config)  # the app's key, as the export page and the API publish it
    assert findings(bundle, trusted_key_pem=signer.public_key_pem().encode()) == []
    assert findings(bundle, trusted_fingerprint=signer.fingerprint()) == []
    other = hashlib.sha256(b"another installation").hexdigest()
    ((file, _seq, check, message),) = findings(bundle, trusted_fingerprint=other)
    assert (file, check) == (layout.PUBLIC_KEY, "key") and "Someone else signed this bundle" in message


@pytest.mark.parametrize("login", ["sam", "olga", "rita", "mona"])
def test_only_auditors_and_admins_export_evidence(desk, export_case, login) -> None:
    from app.platform.errors import NotAllowed

    instance_id = resolved_incident(desk)
    with pytest.raises(NotAllowed, match="only auditors and administrators"):
        export_case(instance_id, login)


def test_admin_exports_evidence(desk, export_case) -> None:
    assert findings(export_case(resolved_incident(desk), "adam")) == []


def test_pdf_summary_reads_in_chinese_with_an_embedded_cjk_font(desk, export_case, app) -> None:
    instance_id = resolved_incident(desk, "三楼打印机卡纸")
    with app.test_request_context(), force_locale("zh_CN"):
        bundle = export_case(instance_id)
    pdf = PdfReader(io.BytesIO(files_of(bundle)[layout.summary_path(instance_id)]))
    # fpdf2 names its two-byte Identity encoding by an embedded CMap, which pypdf reads a byte at a time: each
    # character comes out right (from the font's ToUnicode map) after a NUL. Poppler's pdftotext reads it clean.
    text = "".join("".join(page.extract_text().replace("\x00", "").split()) for page in pdf.pages)
    for words in ("证据摘要", desk.number, "三楼打印机卡纸", "步骤", "服务级别", "哈希链", "已经过", "正在等待", "分类事件", "事件(incident)"):
        assert words in text, words
    fonts = {str(font["/BaseFont"]) for page in pdf.pages for font in page["/Resources"]["/Font"].values()}
    assert any(name.endswith("NotoSansCJKSC") for name in fonts), fonts
