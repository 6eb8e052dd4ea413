"""The evidence signing key: an Ed25519 key pair whose private half signs bundles and whose public half is published.

The history's own hashes and checkpoints are keyed with a secret (HMAC, app.workflow.instances.history_keys)
that must never leave the server, so nobody outside can check them. A bundle's manifest is therefore signed
with this key pair instead: anyone holding the installation's public key (GET /api/v1/evidence/public-key,
`flowdesk evidence-key`, the export page) checks a bundle offline. FLOWDESK_EVIDENCE_KEY_FILE names the file
holding the private key's 32-byte seed as 64 hex characters (default instance/evidence_key, created once with
mode 0600); tests (TESTING) without a configured file use a fixed, public seed.
"""
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.platform.errors import ServiceError
from app.platform.key_files import create_key_file

TEST_SEED_HEX = "f1" * 32  # TESTING only: anyone may sign with it


class EvidenceKeyError(ServiceError):
    """The evidence signing key is missing or unusable."""


@dataclass(frozen=True)
class EvidenceSigner:
    """The installation's evidence key pair."""

    private_key: Ed25519PrivateKey

    def sign(self, message: bytes) -> bytes:
        """Return the Ed25519 signature of message."""
        return self.private_key.sign(message)

    @property
    def public_key(self) -> Ed25519PublicKey:
        """Return the public half."""
        return self.private_key.public_key()

    def public_key_pem(self) -> str:
        """Return the public key as PEM (SubjectPublicKeyInfo), the form auditors keep and compare."""
        return self.public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()

    def fingerprint(self) -> str:
        """Return the public key's fingerprint: SHA-256 of its 32 raw bytes, hex."""
        return public_key_fingerprint(self.public_key)


def public_key_fingerprint(key: Ed25519PublicKey) -> str:
    """Return SHA-256 of an Ed25519 public key's 32 raw bytes, hex (what the bundle and the installation publish)."""
    return hashlib.sha256(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()


def load_evidence_signer(key_file: Path) -> EvidenceSigner:
    """Return the signer whose seed key_file holds, creating the file with a new random seed (mode 0600) once."""
    if not key_file.exists():
        create_key_file(key_file)  # another process may make it first: then theirs is used
    text = key_file.read_text().strip()
    try:
        seed = bytes.fromhex(text)
    except ValueError:
        seed = b""
    if len(seed) != 32:
        raise EvidenceKeyError(f"{key_file} holds no usable evidence key (64 hex characters); restore it from your "
                               "backup, or move it away to make a new one (bundles signed before then will name "
                               "the old public key).")
    return EvidenceSigner(Ed25519PrivateKey.from_private_bytes(seed))


def signer_from_config(config: Mapping[str, Any]) -> EvidenceSigner:
    """Return the signer of an app's EVIDENCE_KEY_FILE; unset, the default file (the fixed test key when TESTING)."""
    if config.get("EVIDENCE_KEY_FILE"):
        return load_evidence_signer(Path(config["EVIDENCE_KEY_FILE"]))
    if config.get("TESTING"):
        return EvidenceSigner(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(TEST_SEED_HEX)))
    return load_evidence_signer(Path(config["EVIDENCE_DEFAULT_KEY_FILE"]))
