"""A real Dovecot IMAP server for tests: on loopback, TLS with a throwaway certificate, users in a passwd file.

It runs as an unprivileged process (the `dovecot` system user when the tests run as root, the tester otherwise)
with its own configuration, state and mail directories under a temporary folder; nothing of the system's
Dovecot is touched.
"""
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USERS = [f"box{serial}" for serial in range(1, 1001)]  # written before the start: Dovecot caches its passwd file
_unused_users = iter(USERS)
START_SECONDS = 20.0


@dataclass(frozen=True)
class Dovecot:
    """A running server: where it listens, the CA file its certificate verifies with, and its users' password."""

    host: str
    port: int
    ca_file: str
    password: str
    root: Path
    starttls_port: int = 0

    def url(self, user: str, folder: str = "INBOX") -> str:
        """Return the imaps:// URL of a user's folder."""
        return f"imaps://{user}:{self.password}@{self.host}:{self.port}/{folder}"

    def starttls_url(self, user: str, folder: str = "INBOX") -> str:
        """Return the imap:// URL (STARTTLS before signing in) of a user's folder."""
        return f"imap://{user}:{self.password}@{self.host}:{self.starttls_port}/{folder}"


def next_user() -> str:
    """Return an IMAP user no test used yet: an empty mailbox (one counter, however often this module is imported)."""
    return next(_unused_users)


def free_port() -> int:
    """Return a TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_as() -> tuple[int, int, str]:
    """Return the uid, gid and name Dovecot runs as: never root."""
    if os.getuid() != 0:
        entry = pwd.getpwuid(os.getuid())
    else:
        entry = pwd.getpwnam("dovecot")
    return entry.pw_uid, entry.pw_gid, entry.pw_name


def write_certificate(folder: Path) -> None:
    """Write a throwaway self-signed certificate for 127.0.0.1 (it is its own CA)."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True)


def write_config(root: Path, port: int, starttls_port: int, users: list[str], password: str, user: str) -> Path:
    """Write dovecot.conf and the passwd file of the users."""
    (root / "users").write_text("".join(f"{name}:{{PLAIN}}{password}::::::\n" for name in users))
    config = root / "dovecot.conf"
    config.write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
default_internal_user = {user}
default_internal_group = {user}
default_login_user = {user}
first_valid_uid = 1
last_valid_uid = 0
first_valid_gid = 1
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
auth_mechanisms = plain xoauth2
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/users
}}
userdb {{
  driver = static
  args = uid={user} gid={user} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    port = {starttls_port}
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
""")
    return config


def start_dovecot(users: list[str], password: str = "secret-pass") -> tuple[Dovecot, subprocess.Popen]:
    """Start Dovecot in the foreground of a child process and wait until it accepts connections.

    Its folder is a fresh one of its own (pytest's are private to the tester, so an unprivileged server could not
    enter them); remove_dovecot_files deletes it.
    """
    uid, gid, user = run_as()
    root = Path(tempfile.mkdtemp(prefix="flowdesk-dovecot-"))
    for folder in ("run", "state", "mail", "home"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    write_certificate(root)
    port, starttls_port = free_port(), free_port()
    config = write_config(root, port, starttls_port, users, password, user)
    for path in [root, *root.rglob("*")]:
        os.chown(path, uid, gid)
    command = [DOVECOT, "-F", "-c", str(config)]
    if os.getuid() == 0:
        command = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", *command]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    wait_until_listening(port, process, root)
    return Dovecot("127.0.0.1", port, str(root / "cert.pem"), password, root, starttls_port), process


def wait_until_listening(port: int, process: subprocess.Popen, root: Path) -> None:
    """Return once the port accepts a connection; fail with Dovecot's log if it stopped or never listened."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Dovecot stopped at its start: {read_log(process, root)}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"Dovecot did not listen on {port} within {START_SECONDS}s: {read_log(process, root)}")


def read_log(process: subprocess.Popen, root: Path) -> str:
    """Return what Dovecot said on its output and in its log."""
    output = process.stdout.read().decode(errors="replace") if process.stdout and process.poll() is not None else ""
    log = root / "dovecot.log"
    return output + (log.read_text(errors="replace") if log.exists() else "")


def stop_dovecot(process: subprocess.Popen) -> None:
    """Stop the server and wait for it."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def remove_dovecot_files(server: Dovecot) -> None:
    """Delete the server's folder."""
    shutil.rmtree(server.root, ignore_errors=True)
