"""The history key: the secret the audit trail's hashes and checkpoints are keyed with, kept outside the database.

FLOWDESK_HISTORY_KEY (at least 32 characters) names it; without it, instance/history_key holds one,
created once with 64 random hex characters and mode 0600 (as a secret key would be). Tests (TESTING)
without either use a fixed, public key. The app factory installs the key for the process; whoever
loses it can still read the history, and `flowdesk verify-history` can no longer vouch for it.
"""
from pathlib import Path

from app.platform.key_files import create_key_file

MIN_KEY_CHARS = 32
TEST_HISTORY_KEY = b"flowdesk-test-history-key-not-secret-0000"
_installed: list[bytes] = []


class HistoryKeyError(RuntimeError):
    """The history key is missing or unusable."""


def install_history_key(key: bytes) -> None:
    """Make key the one this process hashes and signs history with."""
    _installed[:] = [key]


def history_key() -> bytes:
    """Return the installed history key."""
    if not _installed:
        raise HistoryKeyError("No history key is installed; create the app (create_app) before writing history.")
    return _installed[0]


def load_history_key(configured: str | None, key_file: Path, testing: bool = False) -> bytes:
    """Return the configured key, the fixed test key when testing, or the key file's (creating it once)."""
    if configured:
        if len(configured) < MIN_KEY_CHARS:
            raise HistoryKeyError(f"FLOWDESK_HISTORY_KEY is shorter than {MIN_KEY_CHARS} characters; "
                                  "use a long random value such as the output of `openssl rand -hex 32`.")
        return configured.encode()
    if testing:
        return TEST_HISTORY_KEY
    return read_or_create_key_file(key_file)


def read_or_create_key_file(key_file: Path) -> bytes:
    """Return the key in key_file; create the file with a new random key (mode 0600) if there is none.

    Two processes starting at the same moment read the same key (create_key_file lets one of them win).
    """
    if not key_file.exists():
        create_key_file(key_file)  # another process may make it first: then theirs is used
    key = key_file.read_text().strip()
    if len(key) < MIN_KEY_CHARS:
        raise HistoryKeyError(f"{key_file} holds no usable history key (at least {MIN_KEY_CHARS} characters); "
                              "restore it from your backup.")
    return key.encode()
