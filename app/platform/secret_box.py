"""Secrets FlowDesk must give back to another server (a mailbox's password or token) are sealed at rest.

Sealed with Fernet (AES-128-CBC and HMAC-SHA256, from the cryptography package) under a key derived from the
installation's secret key: a copy of the database alone does not give the mailboxes away. Changing the secret
key leaves a sealed secret unreadable; FlowDesk then says which one to enter again, never uses a wrong one.
"""
import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

PURPOSE = b"flowdesk-secret-box:"


class SecretUnreadable(Exception):
    """A sealed secret does not open with this installation's key (the secret key changed, or the row was altered)."""


def _box(key: bytes) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(PURPOSE + key).digest()))


def seal(key: bytes, secret: str) -> str:
    """Return the secret sealed under the installation's key, as text for a column."""
    return _box(key).encrypt(secret.encode()).decode()


def unseal(key: bytes, sealed: str) -> str:
    """Return a sealed secret; raise SecretUnreadable when it does not open with this key."""
    try:
        return _box(key).decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable("The stored secret does not open with this installation's secret key (it changed, "
                               "or the row was altered); enter the password or token again.") from None
