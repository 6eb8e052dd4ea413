"""Evidence commands: check a bundle offline (no database, no server keys) and show the key bundles are signed with."""
import sys
from pathlib import Path

import click
from flask import current_app

from app.audit.evidence_check import NotABundle, verify_bundle
from app.audit.evidence_keys import signer_from_config
from app.cli.base import emit, fail, json_option, main, reports_errors


@main.command("verify-evidence", with_appcontext=False)
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--public-key", "public_key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The installation's published evidence key (PEM): the bundle must be signed with it.")
@click.option("--fingerprint", help="The installation's published key fingerprint (hex), instead of --public-key.")
@json_option
def verify_evidence(bundle: Path, public_key: Path | None, fingerprint: str | None, as_json: bool) -> None:
    """Check an evidence bundle offline and say exactly what fails (exit 1 when anything does)."""
    try:
        report = verify_bundle(bundle, public_key.read_bytes() if public_key else None, fingerprint)
    except NotABundle as exc:
        fail(str(exc), code=2)
        return
    summary = (f"Checked {report.cases} cases and {report.events} events: the bundle holds."
               if report.holds else f"The bundle does NOT hold: {len(report.failures)} checks failed.")
    emit(report.to_dict(), as_json, lambda: [f.line() for f in report.failures] + [summary]
         + [f"note: {note}" for note in report.notes])
    if not report.holds:
        sys.exit(1)


@main.command("evidence-key")
@json_option
@reports_errors
def evidence_key(as_json: bool) -> None:
    """Print the public key evidence bundles are signed with, and its fingerprint, to publish to auditors."""
    signer = signer_from_config(current_app.config)
    data = {"algorithm": "Ed25519", "fingerprint": signer.fingerprint(), "public_key_pem": signer.public_key_pem()}
    emit(data, as_json, lambda: [signer.public_key_pem().rstrip(), f"fingerprint (SHA-256): {signer.fingerprint()}"])
