"""The key that signs session cookies: where it comes from, whether it is good enough to serve, and making one.

FLOWDESK_SECRET_KEY wins; else the instance file (instance/secret_key, written once by
`flowdesk init-secret-key`, which `make run` calls); else a test or debug app gets a random key that
dies with the process, and a production app gets none, so `flowdesk serve` refuses to start.
"""
import secrets
import stat
from pathlib import Path

from flask import Flask

from app.platform.key_files import create_key_file

MIN_KEY_BYTES = 32
MIN_DISTINCT_CHARACTERS = 12  # a hex string of 32 random bytes has about 16; "change-me" repeated has 8
HOW_TO_SET = ("set FLOWDESK_SECRET_KEY to at least 32 random bytes (for instance the output of "
              "'python3 -c \"import secrets; print(secrets.token_hex(32))\"'), or run 'flowdesk init-secret-key' "
              "to create {path}")


def configure_secret_key(app: Flask) -> None:
    """Give the app its session key: the configured one, else the instance file, else (tests, debug) a random one."""
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = read_key_file(Path(app.config["SECRET_KEY_FILE"]))
    if not app.config["SECRET_KEY"] and (app.testing or app.debug):
        app.config["SECRET_KEY"] = secrets.token_hex(MIN_KEY_BYTES)  # sessions end when the process does


def read_key_file(path: Path) -> str | None:
    """Return the key kept in a file, or None when there is no such file."""
    try:
        return path.read_text().strip() or None
    except FileNotFoundError:
        return None


def serving_key_problem(app: Flask) -> str | None:
    """Say why the app's key is not safe to serve with, or return None when it is (tests and debug accept any)."""
    if app.testing or app.debug:
        return None
    key_file = Path(app.config["SECRET_KEY_FILE"])
    how_to_set = HOW_TO_SET.format(path=key_file)
    key = app.config.get("SECRET_KEY")
    if not key:
        return f"no secret key is set, so nobody's session could be trusted; {how_to_set}."
    if isinstance(key, str):
        key = key.encode()
    if len(key) < MIN_KEY_BYTES:
        return f"the secret key is too short ({len(key)} bytes, at least {MIN_KEY_BYTES} are needed); {how_to_set}."
    if len(set(key)) < MIN_DISTINCT_CHARACTERS:
        return f"the secret key is not random (it repeats a few characters); {how_to_set}."
    if read_key_file(key_file) == app.config["SECRET_KEY"] and key_file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        return f"{key_file} can be read by other users of this machine; run 'chmod 600 {key_file}'."
    return None


def write_key_file(path: Path) -> bool:
    """Write 32 random bytes (hex) to a new file only its owner may read; return False when the file exists."""
    return create_key_file(path, MIN_KEY_BYTES)
