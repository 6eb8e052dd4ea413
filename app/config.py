"""Settings, read from the environment with sensible defaults."""
import os
from pathlib import Path

INSTANCE_DIR = Path(os.environ.get("FLOWDESK_INSTANCE_DIR", Path.cwd() / "instance"))


def default_database_url() -> str:
    """Return FLOWDESK_DATABASE_URL or the SQLite file under instance/."""
    url = os.environ.get("FLOWDESK_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{INSTANCE_DIR / 'flowdesk.sqlite3'}"


class Config:
    """Production-shaped defaults."""

    # Signs session cookies. Unset: the file below (`flowdesk init-secret-key` writes it); see app/secret_key.py.
    SECRET_KEY = os.environ.get("FLOWDESK_SECRET_KEY") or None
    SECRET_KEY_FILE = str(INSTANCE_DIR / "secret_key")
    SQLALCHEMY_DATABASE_URI = default_database_url()
    # How FlowDesk's connections name themselves to PostgreSQL (pg_stat_activity.application_name).
    DB_APPLICATION_NAME = os.environ.get("FLOWDESK_DB_APPLICATION_NAME", "flowdesk")
    TIMER_POLL_SECONDS = float(os.environ.get("FLOWDESK_TIMER_POLL_SECONDS", "30"))
    # the most cases one what-if replays through a draft (app.servicedesk.whatif.run); how often the scheduler looks
    # for what-ifs asked for, and how long one is leased to it between progress writes (app.servicedesk.whatif.jobs)
    WHATIF_MAX_CASES = int(os.environ.get("FLOWDESK_WHATIF_MAX_CASES", "2000"))
    WHATIF_POLL_SECONDS = float(os.environ.get("FLOWDESK_WHATIF_POLL_SECONDS", "5"))
    WHATIF_LEASE_SECONDS = float(os.environ.get("FLOWDESK_WHATIF_LEASE_SECONDS", "120"))
    OUTBOX_POLL_SECONDS = float(os.environ.get("FLOWDESK_OUTBOX_POLL_SECONDS", "30"))
    # How long a delivery pass may hold a message before another pass (after a crash) sends it again.
    OUTBOX_LEASE_SECONDS = float(os.environ.get("FLOWDESK_OUTBOX_LEASE_SECONDS", "300"))
    SMS_GATEWAY_URL = os.environ.get("FLOWDESK_SMS_GATEWAY_URL")  # unset: SMS messages stay queued
    SMS_GATEWAY_TOKEN = os.environ.get("FLOWDESK_SMS_GATEWAY_TOKEN")
    # E-mail out (app/messaging/mail): smtp://user:pass@host:587?starttls=1, or smtps://... for implicit TLS;
    # unset: the relay of the admin page /admin/mail-settings, else mail stays queued.
    # MAIL_DOMAIN names FlowDesk's Message-IDs; BASE_URL starts the links in mail.
    SMTP_URL = os.environ.get("FLOWDESK_SMTP_URL")
    MAIL_FROM = os.environ.get("FLOWDESK_MAIL_FROM", "FlowDesk <flowdesk@localhost>")
    MAIL_DOMAIN = os.environ.get("FLOWDESK_MAIL_DOMAIN", "flowdesk.localhost")
    BASE_URL = os.environ.get("FLOWDESK_BASE_URL", "http://localhost:5000")
    SMTP_TIMEOUT_SECONDS = float(os.environ.get("FLOWDESK_SMTP_TIMEOUT_SECONDS", "20"))
    # The most mail one address gets per hour, and per ticket per hour; more is held (never dropped) until the
    # hour allows it, and the hold is written on the outbox row.
    MAIL_CAP_PER_ADDRESS_PER_HOUR = int(os.environ.get("FLOWDESK_MAIL_CAP_PER_ADDRESS_PER_HOUR", "30"))
    MAIL_CAP_PER_TICKET_PER_HOUR = int(os.environ.get("FLOWDESK_MAIL_CAP_PER_TICKET_PER_HOUR", "8"))
    # The mail variables above that the environment sets: they win over the admin page /admin/mail-settings, which
    # shows them read-only (app/messaging/mail/relay_settings.py).
    MAIL_ENVIRONMENT = tuple(name for name in (
        "FLOWDESK_SMTP_URL", "FLOWDESK_MAIL_FROM", "FLOWDESK_MAIL_DOMAIN", "FLOWDESK_BASE_URL",
        "FLOWDESK_MAIL_CAP_PER_ADDRESS_PER_HOUR", "FLOWDESK_MAIL_CAP_PER_TICKET_PER_HOUR") if os.environ.get(name))
    # The key of the history's HMAC chain and checkpoints (app.workflow.instances.history_keys);
    # unset: instance/history_key.
    HISTORY_KEY = os.environ.get("FLOWDESK_HISTORY_KEY")
    HISTORY_KEY_FILE = os.environ.get("FLOWDESK_HISTORY_KEY_FILE", str(INSTANCE_DIR / "history_key"))
    # The Ed25519 key evidence bundles are signed with (app.audit.evidence_keys); unset: instance/evidence_key
    # (in tests: a fixed, public key).
    EVIDENCE_KEY_FILE = os.environ.get("FLOWDESK_EVIDENCE_KEY_FILE")
    EVIDENCE_DEFAULT_KEY_FILE = str(INSTANCE_DIR / "evidence_key")
    # The CJK font of the evidence PDFs (Debian: fonts-noto-cjk) and which face of the collection (2: Simplified).
    EVIDENCE_FONT_FILE = os.environ.get("FLOWDESK_EVIDENCE_FONT_FILE",
                                        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    EVIDENCE_FONT_NUMBER = int(os.environ.get("FLOWDESK_EVIDENCE_FONT_NUMBER", "2"))
    EVIDENCE_MAX_CASES = int(os.environ.get("FLOWDESK_EVIDENCE_MAX_CASES", "500"))
    HISTORY_CHECKPOINT_MINUTES = float(os.environ.get("FLOWDESK_HISTORY_CHECKPOINT_MINUTES", "10"))
    # how often clusters of incidents (one CI or category) are looked for, to suggest problems
    PROBLEM_SUGGESTION_MINUTES = float(os.environ.get("FLOWDESK_PROBLEM_SUGGESTION_MINUTES", "60"))
    # How often the scheduler counts new history events into the process owners' insight (heatmap, paths).
    INSIGHT_POLL_SECONDS = float(os.environ.get("FLOWDESK_INSIGHT_POLL_SECONDS", "60"))
    # how often the scheduler counts changed tickets into the reports' daily roll-up (app/reports/rollup.py)
    REPORTS_POLL_SECONDS = float(os.environ.get("FLOWDESK_REPORTS_POLL_SECONDS", "60"))
    # A reports pass counts changed tickets this many per transaction, and at most this many transactions; the next
    # pass goes on from where it stopped (so days the scheduler missed are caught up a bounded piece at a time).
    REPORTS_BATCH_TICKETS = int(os.environ.get("FLOWDESK_REPORTS_BATCH_TICKETS", "500"))
    REPORTS_BATCHES_PER_PASS = int(os.environ.get("FLOWDESK_REPORTS_BATCHES_PER_PASS", "40"))
    SCRIPT_CPU_SECONDS = int(os.environ.get("FLOWDESK_SCRIPT_CPU_SECONDS", "2"))
    SCRIPT_MEMORY_MB = int(os.environ.get("FLOWDESK_SCRIPT_MEMORY_MB", "256"))
    SCRIPT_WALL_SECONDS = float(os.environ.get("FLOWDESK_SCRIPT_WALL_SECONDS", "5"))
    MAX_DIAGRAM_BYTES = int(os.environ.get("FLOWDESK_MAX_DIAGRAM_BYTES", str(2 * 1024 * 1024)))
    PASSWORD_HASH_METHOD = "scrypt"
    # A browser session ends after this long without a request, and this long after signing in, whatever happens.
    SESSION_IDLE_MINUTES = float(os.environ.get("FLOWDESK_SESSION_IDLE_MINUTES", "30"))
    SESSION_MAX_HOURS = float(os.environ.get("FLOWDESK_SESSION_MAX_HOURS", "12"))
    # Served over TLS (by a reverse proxy in front): Secure cookies, https links and HSTS for HSTS_SECONDS.
    TLS = os.environ.get("FLOWDESK_TLS") == "1"
    HSTS_SECONDS = int(os.environ.get("FLOWDESK_HSTS_SECONDS", str(365 * 24 * 3600)))
    # Reverse proxies in front whose X-Forwarded-For/-Proto/-Host are believed (0: none; the client is the peer).
    TRUSTED_PROXIES = int(os.environ.get("FLOWDESK_TRUSTED_PROXIES", "0"))
    SESSION_COOKIE_SAMESITE = "Lax"
    # The session cookie is sent back only when the session changed. Sent on every answer, a slow answer to a
    # request made before a change (a stylesheet, the icon) would carry the old cookie and undo the change, such
    # as a language just chosen. The cookie needs no refreshing: the server keeps the idle and absolute limits.
    SESSION_REFRESH_EACH_REQUEST = False
    # Failed sign-ins allowed per login from one client address, and per client address over all logins
    # ("N per minute; M per hour"); successful ones do not count. Nothing locks an account for everyone.
    LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS = os.environ.get("FLOWDESK_LOGIN_LIMITS_PER_ACCOUNT_AND_ADDRESS",
                                                          "5 per minute; 20 per hour")
    LOGIN_LIMITS_PER_ADDRESS = os.environ.get("FLOWDESK_LOGIN_LIMITS_PER_ADDRESS", "20 per minute; 100 per hour")
    # Where the counts live: memory:// for one server process; redis://host:6379 when several share the work.
    RATELIMIT_STORAGE_URI = os.environ.get("FLOWDESK_RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_STRATEGY = os.environ.get("FLOWDESK_RATELIMIT_STRATEGY", "moving-window")
    # Said on every app: Flask-Limiter's one limiter otherwise keeps what the last app it served said (an app
    # built without throttling, as the attack suite's matrix is, would switch it off for every later app).
    RATELIMIT_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600  # a form may stay open for a working day
    BABEL_DEFAULT_LOCALE = "en"
    # The group whose queue holds the user tasks a diagram offers to nobody (no assignee, no candidates), as
    # Camunda lets any authorized user claim them; empty: such tasks reach only an admin's reassign.
    UNASSIGNED_TASK_GROUP = os.environ.get("FLOWDESK_UNASSIGNED_TASK_GROUP", "service-desk").strip() or None
    # The longest an outside worker's fetchAndLock waits for tasks (its asyncResponseTimeout is capped here):
    # each waiting fetch keeps one request thread asleep, holding no database connection.
    ENGINE_REST_MAX_ASYNC_RESPONSE_MS = int(os.environ.get("FLOWDESK_ENGINE_REST_MAX_ASYNC_RESPONSE_MS", "60000"))
    RUN_CACHE_SIZE = int(os.environ.get("FLOWDESK_RUN_CACHE_SIZE", "2000"))  # runs kept in memory per worker
    ATTACHMENT_DIR = os.environ.get("FLOWDESK_ATTACHMENT_DIR", str(INSTANCE_DIR / "attachments"))
    # E-mail in (app/servicedesk/intake): how often the scheduler polls every mailbox, the domain of FlowDesk's own
    # Message-IDs (replies quote them), the most mails one address may send in a day before the rest are only
    # stored, and an extra CA file to trust for IMAP TLS (a company CA; tests' own server).
    MAIL_POLL_SECONDS = int(os.environ.get("FLOWDESK_MAIL_POLL_SECONDS", "60"))
    MAIL_MAX_PER_ADDRESS_PER_DAY = int(os.environ.get("FLOWDESK_MAIL_MAX_PER_ADDRESS_PER_DAY", "30"))
    MAIL_IMAP_CA_FILE = os.environ.get("FLOWDESK_MAIL_IMAP_CA_FILE") or None
    MAIL_IMAP_TIMEOUT_SECONDS = float(os.environ.get("FLOWDESK_MAIL_IMAP_TIMEOUT_SECONDS", "30"))
    # Worker processes that read polled mail (MIME, attachments, HTML) beside the polling process's units of work
    # (app/servicedesk/intake/reading_pool.py); unset: the cores beside one, at most two; 0: read in the poller.
    MAIL_READ_WORKERS = int(os.environ.get("FLOWDESK_MAIL_READ_WORKERS", "-1"))
    ATTACHMENT_MAX_BYTES = int(os.environ.get("FLOWDESK_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
    # The largest request body accepted (413 beyond, before anything is read into memory): an attachment at its
    # limit sent in base64 inside the API's JSON (4/3 of its size), and a megabyte for the rest of the request.
    MAX_CONTENT_LENGTH = int(os.environ.get("FLOWDESK_MAX_REQUEST_BYTES",
                                            str(ATTACHMENT_MAX_BYTES * 4 // 3 + 1024 * 1024)))
    # The longest a statement of a web page or API call may run (0: no limit). On PostgreSQL statement_timeout,
    # on SQLite a progress-handler deadline; the request is answered 503 and its unit rolled back. The
    # scheduler and the CLI run with no limit: their work is FlowDesk's own, not a visitor's words.
    STATEMENT_TIMEOUT_SECONDS = float(os.environ.get("FLOWDESK_STATEMENT_TIMEOUT_SECONDS", "5"))
    ATTACHMENT_TYPES = tuple(os.environ.get("FLOWDESK_ATTACHMENT_TYPES", ",".join((
        "image/png", "image/jpeg", "image/gif", "application/pdf", "text/plain", "text/csv",
        "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
        "application/zip",
    ))).split(","))
