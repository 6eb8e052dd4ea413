"""Evidence bundles through the pages, the API and the command line: who gets one, what it holds, what is said."""
import io
import json
from datetime import UTC, datetime

from app.audit import bundle_format as layout
from app.audit.evidence_check import verify_bundle
from app.audit.evidence_keys import signer_from_config
from app.servicedesk.tickets.categories import create_category
from tests.api.conftest import ApiClient, tokens  # noqa: F401  (API tokens of the demo people)
from tests.audit.conftest import files_of, resolved_incident, zip_of

PERIOD = {"first_day": "2026-11-01", "last_day": "2026-11-30"}  # the desk's Monday, 23 November 2026, lies in it


def bundled_cases(bundle: bytes) -> list[int]:
    """Return the instance ids a bundle holds."""
    return [case["instance_id"] for case in json.loads(files_of(bundle)[layout.MANIFEST])["cases"]]


def test_instance_page_offers_the_download_to_auditors_only(desk, client, sign_in) -> None:
    instance_id = resolved_incident(desk)
    sign_in("audrey")
    assert 'data-testid="evidence-download"' in client.get(f"/instances/{instance_id}").get_data(as_text=True)
    sign_in("olga")  # a process owner sees the instance, not every variable: no bundle
    page = client.get(f"/instances/{instance_id}")
    assert page.status_code == 200 and 'data-testid="evidence-download"' not in page.get_data(as_text=True)
    assert client.get(f"/instances/{instance_id}/evidence.zip").status_code == 403


def test_auditor_downloads_a_case_bundle_that_verifies(desk, client, sign_in) -> None:
    instance_id = resolved_incident(desk)
    sign_in("audrey")
    response = client.get(f"/instances/{instance_id}/evidence.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert f"evidence-instance-{instance_id}.zip" in response.headers["Content-Disposition"]
    assert verify_bundle(io.BytesIO(response.data)).holds


def test_export_form_bundles_the_cases_of_a_process_begun_in_the_period(desk, client, sign_in) -> None:
    november = resolved_incident(desk)
    desk.clock.set(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    resolved_incident(desk, "December's printer")
    sign_in("audrey")
    assert 'data-testid="evidence-key"' in client.get("/evidence").get_data(as_text=True)
    response = client.post("/evidence", data={"process_id": "incident", "category_id": "", **PERIOD})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert bundled_cases(response.data) == [november]


def test_export_by_category_takes_its_sub_categories_too(desk, client, sign_in) -> None:
    hardware = create_category("Hardware")
    printers = create_category("Printers", parent_id=hardware.id)
    desk.log(category_id=printers.id)
    in_printers = desk.ticket.instance_id
    desk.log(title="Not categorised")
    sign_in("audrey")
    response = client.post("/evidence", data={"process_id": "", "category_id": str(hardware.id), **PERIOD})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert bundled_cases(response.data) == [in_printers]


def test_export_form_says_what_to_fix(desk, client, sign_in) -> None:
    resolved_incident(desk)
    sign_in("audrey")
    empty = client.post("/evidence", data={"process_id": "incident", "category_id": "",
                                           "first_day": "2026-01-01", "last_day": "2026-01-31"})
    assert empty.status_code == 422
    assert "No case of this selection began in these days" in empty.get_data(as_text=True)
    neither = client.post("/evidence", data={"process_id": "", "category_id": "", **PERIOD})
    assert neither.status_code == 422
    assert "Choose a process or a ticket category (one of them)." in neither.get_data(as_text=True)


def test_api_exports_to_auditors_and_publishes_the_key(desk, client, tokens, app) -> None:  # noqa: F811
    api = ApiClient(client, tokens)
    instance_id = resolved_incident(desk)
    case = api.get(f"/instances/{instance_id}/evidence", "audrey")
    assert case.status_code == 200 and case.mimetype == "application/zip"
    key = api.get("/evidence/public-key", "sam").get_json()
    assert key["fingerprint"] == signer_from_config(app.config).fingerprint()
    assert verify_bundle(io.BytesIO(case.data), trusted_fingerprint=key["fingerprint"]).holds
    assert api.get(f"/instances/{instance_id}/evidence", "olga").status_code == 403
    selected = api.post("/evidence", "adam", {"process_id": "incident", **PERIOD})
    assert selected.status_code == 200 and bundled_cases(selected.data) == [instance_id]
    reversed_days = api.post("/evidence", "audrey", {"process_id": "incident", "first_day": "2026-11-30",
                                                     "last_day": "2026-11-01"})
    assert reversed_days.status_code == 422
    assert "The last day comes before the first day" in reversed_days.get_data(as_text=True)


def test_verify_evidence_command_checks_offline_and_names_what_fails(desk, export_case, cli, tmp_path) -> None:
    instance_id = resolved_incident(desk)
    files = files_of(export_case(instance_id))
    good = tmp_path / "good.zip"
    good.write_bytes(zip_of(files))
    result = cli("verify-evidence", str(good))
    assert result.exit_code == 0, result.output
    assert "the bundle holds" in result.output and "was not pinned" in result.output
    history = layout.history_path(instance_id)
    first, *rest = files[history].decode().splitlines()
    files[history] = "\n".join([first.replace('"actor":"sam"', '"actor":"adam"'), *rest]).encode() + b"\n"
    bad = tmp_path / "bad.zip"
    bad.write_bytes(zip_of(files))
    result = cli("verify-evidence", str(bad))
    assert result.exit_code == 1
    assert f"FAIL {history} event 1 [content]: its content does not match its digest" in result.output
    assert "does NOT hold" in result.output
    not_a_zip = tmp_path / "notes.txt"
    not_a_zip.write_text("hello")
    assert cli("verify-evidence", str(not_a_zip)).exit_code == 2


def test_evidence_key_command_prints_the_published_fingerprint(cli, app) -> None:
    result = cli("evidence-key")
    assert result.exit_code == 0
    assert signer_from_config(app.config).fingerprint() in result.output
    assert "BEGIN PUBLIC KEY" in result.output
