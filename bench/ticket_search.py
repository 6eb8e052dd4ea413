"""Measure finding tickets: the list filtered by group and status, full-text search, and the CMDB impact view.

Fills a database with 1,000,000 tickets (90% closed, 50 groups, English and some Chinese titles and
descriptions, notes on 30% of them) and 200,000 CIs (bench/cmdb_impact.py's set: one CI with 10,000
dependants). Then times ~200 requests each (median and p95, server time through the test client) of:
(a) the first page of the list filtered by group and open statuses, as a manager and as an agent whose
visibility is applied in SQL, on the page and on the API; (b) full-text searches; (c) the impact view of
the CI with 10,000 dependants. SQLite and PostgreSQL; rows are bulk-loaded (executemany on SQLite, COPY
on PostgreSQL) with the tickets' secondary indexes and search triggers dropped, which are built once after
the load (about 2.5 minutes per database for the million). Prints figures; never fails on speed.

    .venv/bin/python bench/ticket_search.py [--tickets 1000000] [--cis 200000] [--requests 200]
                                            [--skip-postgres] [--postgres-url URL]
"""
import argparse
import contextlib
import itertools
import os
import random
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import cmdb_impact
import sqlalchemy as sa
from flask import Flask, current_app
from scratch import measure_on_both, migrated_app, percentile, print_latencies

from app.cmdb.impact import list_impacted_cis
from app.extensions import db
from app.organisation.accounts import actor_for
from app.organisation.departments import add_department
from app.organisation.policies import system_actor
from app.organisation.tokens import create_token
from app.organisation.users import UserDetails, add_user, require_user
from app.servicedesk.search.filters import parse_ticket_query
from app.servicedesk.search.lookup import search_tickets
from app.servicedesk.tickets.models import TICKET_FTS_TABLES, Ticket, TicketNote
from app.servicedesk.tickets.records import ticket_number

DEFAULT_POSTGRES_URL = os.environ.get("FLOWDESK_TEST_POSTGRES_URL",
                                      "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2030, 1, 1, tzinfo=UTC)
TARGET_P95_MS = 200
GROUPS = [f"team-{n:02d}" for n in range(50)]
AGENT_GROUPS = ["team-03", "team-17", "team-42"]
OPEN_STATUSES = ("new", "assigned", "in_progress", "pending_requester", "resolved")
NOTE_SHARE = 0.3
CHINESE_SHARE = 0.15
REQUESTERS = 20_000
HOSTS = 100_000  # srv-00000 .. srv-99999: a host name is a rare search term
EN_TITLES = (
    "VPN connection drops every {n} minutes", "Printer {printer} on floor {floor} is jammed",
    "Cannot log in to {app}", "Disk almost full on {host}", "E-mail does not sync on my phone",
    "{app} is very slow since this morning", "Password reset for {app}", "Laptop battery drains within an hour",
    "Monitor flickers at desk {desk}", "Wi-Fi unstable in meeting room {room}", "Access to the {share} share",
    "Install {software} on workstation {desk}", "Outlook crashes when opening attachments",
    "Phone line dead at extension {n}", "Backup of database {db} failed on {host}",
)
ZH_TITLES = (
    "{floor}楼打印机卡纸", "无法登录{app}系统", "VPN连接频繁断开", "电脑开机蓝屏，错误代码 {code}", "手机邮箱无法同步",
    "会议室{room}投影仪没有信号", "办公室网络很慢", "申请{share}共享盘访问权限", "服务器{host}磁盘空间不足",
    "请在工位{desk}安装{software}",
)
EN_SENTENCES = (
    "It started after the update last night.", "Restarting did not help.", "Error {code} appears on the screen.",
    "Several colleagues on floor {floor} have the same problem.", "It is urgent: the quarterly report is due.",
    "The issue happens on {host} and on my laptop.", "I already cleared the cache and signed in again.",
    "The log shows a timeout after {n} seconds.", "Please call me at extension {n}.",
    "This worked fine until Monday.", "The {app} client shows a certificate warning.",
)
ZH_SENTENCES = (
    "昨晚更新以后开始出现这个问题。", "重启之后仍然不行。", "屏幕上显示错误 {code}。",
    "{floor}楼的同事也遇到同样的问题。", "很紧急，季度报表今天要交。", "日志显示 {n} 秒后超时。",
    "请打分机 {n} 联系我。", "周一之前一切正常。",
)
EN_NOTES = (
    "Called the user; reproduced the problem.", "Restarted the service on {host}.", "Replaced the network cable.",
    "Waiting for the vendor's answer.", "Reset the password and sent it by SMS.", "Escalated to the database team.",
    "Cleared the print queue on {printer}.", "Updated the {app} client to the latest version.",
)
ZH_NOTES = ("已联系用户，问题可以复现。", "已重启{host}上的服务。", "已更换网线，网络恢复正常。", "等待厂商回复。",
            "已重置密码并短信通知用户。")
APPS = ("SAP", "Salesforce", "Jira", "Confluence", "the payroll portal", "OA", "the CRM", "Teams", "Zoom")
SOFTWARE = ("Visio", "AutoCAD", "Python", "Office 2021", "Adobe Reader", "WPS", "7-Zip")
SHARES = ("finance", "HR", "marketing", "legal", "engineering")


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--cis", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    return parser.parse_args()


def fill_text(template: str, rng: random.Random) -> str:
    """Fill the placeholders of a text template with plausible values."""
    return template.format(n=rng.randint(2, 9999), printer=f"PRN-{rng.randint(1, 400):03d}", floor=rng.randint(1, 30),
                           app=rng.choice(APPS), host=f"srv-{rng.randrange(HOSTS):05d}", desk=rng.randint(100, 999),
                           room=rng.randint(100, 999), share=rng.choice(SHARES), software=rng.choice(SOFTWARE),
                           db=f"db-{rng.randint(1, 300):03d}", code=f"0x{rng.getrandbits(32):08X}")


def ticket_text(rng: random.Random) -> tuple[str, str]:
    """Return a title and a description of two to four sentences, in English or (some) Chinese."""
    chinese = rng.random() < CHINESE_SHARE
    titles, sentences = (ZH_TITLES, ZH_SENTENCES) if chinese else (EN_TITLES, EN_SENTENCES)
    title = fill_text(rng.choice(titles), rng)
    description = ("" if chinese else " ").join(fill_text(rng.choice(sentences), rng)
                                               for _ in range(rng.randint(2, 4)))
    return title, description


def ticket_rows(count: int, cis: int, departments: list[int]) -> Iterator[dict[str, Any]]:
    """Yield the ticket rows, oldest first (ids follow creation), 90% of them closed."""
    rng = random.Random(11)
    span = timedelta(days=3 * 365)
    for n in range(1, count + 1):
        created_at = NOW - span + span * (n / count)
        group = GROUPS[min(len(GROUPS) - 1, int(rng.paretovariate(1.2)) - 1)] if rng.random() < 0.3 \
            else rng.choice(GROUPS)
        closed = rng.random() < 0.9
        status = "closed" if closed else rng.choice(OPEN_STATUSES)
        title, description = ticket_text(rng)
        priority = rng.choices(("P1", "P2", "P3", "P4"), (2, 10, 50, 38))[0]
        responded = created_at + timedelta(minutes=rng.randint(5, 600)) if closed or status != "new" else None
        resolved = created_at + timedelta(hours=rng.randint(1, 200)) if closed or status == "resolved" else None
        kind = rng.choices(("incident", "request", "change"), (80, 15, 5))[0]
        yield {
            "id": n, "number": ticket_number(kind, n), "kind": kind,
            "channel": rng.choice(("portal", "portal", "agent", "email", "api", "monitoring")), "title": title,
            "description": description, "requester": f"user-{rng.randrange(REQUESTERS):05d}",
            "requester_department_id": rng.choice(departments), "category_id": None,
            "ci_id": rng.randint(1, cis) if rng.random() < 0.7 else None,
            "impact": rng.choice(("high", "medium", "low")), "urgency": rng.choice(("high", "medium", "low")),
            "priority": priority, "priority_source": "matrix", "priority_reason": "", "status": status,
            "assigned_group": group, "assignee": None if status == "new" else f"agent-{group}-{rng.randrange(10)}",
            "response_due_at": created_at + timedelta(hours=4), "resolution_due_at": created_at + timedelta(days=3),
            "responded_at": responded, "resolved_at": resolved,
            "closed_at": resolved + timedelta(days=3) if closed and resolved else None,
            "reassignment_count": rng.choices((0, 1, 2, 3), (70, 20, 7, 3))[0], "created_at": created_at,
            "updated_at": (resolved + timedelta(days=3)) if closed and resolved else NOW - timedelta(minutes=n % 5000),
            "instance_id": None}


def note_rows(count: int) -> Iterator[dict[str, Any]]:
    """Yield one to three notes on NOTE_SHARE of the tickets; the bench agent wrote a few of them."""
    rng = random.Random(13)
    note_id = 0
    for ticket_id in range(1, count + 1):
        if rng.random() >= NOTE_SHARE:
            continue
        for _ in range(rng.randint(1, 3)):
            note_id += 1
            templates = ZH_NOTES if rng.random() < CHINESE_SHARE else EN_NOTES
            author = "quinn" if rng.random() < 0.0005 else f"agent-{rng.choice(GROUPS)}-{rng.randrange(10)}"
            yield {"id": note_id, "ticket_id": ticket_id, "author": author, "at": NOW - timedelta(minutes=ticket_id),
                   "body": fill_text(rng.choice(templates), rng), "visibility": rng.choice(("internal", "public"))}


def bulk_load(table: sa.Table, rows: Iterable[dict[str, Any]], batch_size: int = 20_000) -> int:
    """Load rows fast: COPY on PostgreSQL, executemany of plain values on SQLite; return how many.

    The first row names the columns loaded; the table's other columns keep their defaults.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    columns = [column.name for column in table.columns if column.name in first]
    rows = itertools.chain([first], rows)
    connection = db.session.connection().connection.driver_connection
    loaded = 0
    if db.engine.dialect.name == "postgresql":
        with connection.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] for name in columns])
                loaded += 1
        connection.commit()
        return loaded
    # The format SQLAlchemy's SQLite DateTime writes: naive UTC with microseconds, compared as text.
    insert = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    while batch := list(itertools.islice(rows, batch_size)):
        connection.executemany(insert, [[sqlite_value(row[name]) for name in columns] for row in batch])
        connection.commit()
        loaded += len(batch)
    return loaded


def sqlite_value(value: Any) -> Any:
    """Return a value as SQLAlchemy stores it in SQLite (aware datetimes as naive UTC text)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def fill(ticket_count: int, ci_count: int) -> None:
    """Load the CIs (cmdb_impact's set), the people and departments, the tickets and their notes."""
    cmdb_impact.fill(ci_count)
    runtime = current_app_runtime()
    bench = system_actor("bench")
    hash_method = current_app.config["PASSWORD_HASH_METHOD"]
    departments = [add_department(bench, f"Department {n}").id for n in range(20)]
    add_user(runtime, bench, "quinn", AGENT_GROUPS, password_hash_method=hash_method,
             details=UserDetails(display_name="Quinn Agent", password="bench-password", roles=["agent"]))
    add_user(runtime, bench, "maya", ["managers"], password_hash_method=hash_method,
             details=UserDetails(display_name="Maya Manager", password="bench-password", roles=["manager"]))
    with indexes_paused():
        started = time.perf_counter()
        bulk_load(Ticket.__table__, ticket_rows(ticket_count, ci_count, departments))
        notes = bulk_load(TicketNote.__table__, note_rows(ticket_count))
        print(f"  {ticket_count:,} tickets, {notes:,} notes loaded in {time.perf_counter() - started:.0f} s")
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT setval('ticket_id_seq', :n)"), {"n": ticket_count})
        db.session.execute(sa.text("SELECT setval('ticket_note_id_seq', :n)"), {"n": notes})
    db.session.execute(sa.text("ANALYZE"))
    db.session.commit()


# The secondary indexes and search triggers of the loaded tables, as each database lists them; indexes that
# back a constraint (primary and unique keys) stay.
SQLITE_LOAD_OBJECTS = sa.text(
    "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
    "AND tbl_name IN ('ticket', 'ticket_note') ORDER BY type, name")
POSTGRESQL_LOAD_OBJECTS = sa.text(
    "SELECT 'index', indexname, indexdef FROM pg_indexes WHERE tablename IN ('ticket', 'ticket_note') "
    "AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname")


@contextlib.contextmanager
def indexes_paused() -> Iterator[None]:
    """Drop the ticket tables' secondary indexes (and SQLite's FTS5 triggers) for a load; build them after.

    Building an index once over a million sorted rows is many times faster than growing it row by row, and
    one FTS5 'rebuild' takes about a minute where the triggers take a quarter of an hour.
    """
    sqlite = db.engine.dialect.name == "sqlite"
    objects = db.session.execute(SQLITE_LOAD_OBJECTS if sqlite else POSTGRESQL_LOAD_OBJECTS).all()
    for kind, name, _sql in objects:
        db.session.execute(sa.text(f"DROP {kind.upper()} {name}"))
    db.session.commit()
    yield
    started = time.perf_counter()
    if not sqlite:
        db.session.execute(sa.text("SET maintenance_work_mem = '512MB'"))
    for _kind, _name, sql in objects:
        db.session.execute(sa.text(sql))
    if sqlite:
        for fts_table in TICKET_FTS_TABLES:
            db.session.execute(sa.text(f"INSERT INTO {fts_table}({fts_table}) VALUES ('rebuild')"))
    db.session.commit()
    print(f"  built {len(objects)} indexes and triggers (and the search tables) in "
          f"{time.perf_counter() - started:.0f} s")


def current_app_runtime() -> Any:
    """Return the FlowDesk runtime of the app in context."""
    return current_app.extensions["flowdesk"]


def open_statuses() -> str:
    """Return the query string of the list filtered by the open statuses."""
    return "&".join(f"status={status}" for status in OPEN_STATUSES)


def open_status_query(group: str) -> str:
    """Return the query string of the list filtered by a group and the open statuses."""
    return f"group={group}&{open_statuses()}"


SEARCHES = ("srv-04217", "vpn", "打印机", "password reset", "timeout", "网络", "certificate warning", "0x1F3A")


def calls(app: Flask, tokens: dict[str, str]) -> dict[str, Callable[[int], Any]]:
    """Return the timed calls by name; each takes the request's sequence number (to vary its filters)."""
    pages = {login: signed_in_client(app, login) for login in tokens}
    api = app.test_client()

    def page(login: str, query: Callable[[int], str]) -> Callable[[int], Any]:
        return lambda n: pages[login].get("/tickets?" + query(n))

    def api_list(login: str, query: Callable[[int], str]) -> Callable[[int], Any]:
        return lambda n: api.get("/api/v1/tickets?" + query(n), headers={"Authorization": f"Bearer {tokens[login]}"})

    any_group = lambda n: open_status_query(GROUPS[n % len(GROUPS)])  # noqa: E731
    own_group = lambda n: open_status_query(AGENT_GROUPS[n % len(AGENT_GROUPS)])  # noqa: E731
    search = lambda n: "q=" + SEARCHES[n % len(SEARCHES)]  # noqa: E731
    return {
        "(a) page, manager, group+status": page("maya", any_group),
        "(a) API, manager, group+status": api_list("maya", any_group),
        "(a) page, agent, own group+status": page("quinn", own_group),
        "(a) API, agent, own group+status": api_list("quinn", own_group),
        "(a) page, agent, other group+status": page("quinn", any_group),
        "(a) page, agent, all visible, open": page("quinn", lambda n: open_statuses()),
        "(b) page, manager, full-text search": page("maya", search),
        "(b) page, agent, full-text search": page("quinn", search),
        "(b) API, manager, search + closed": api_list("maya", lambda n: search(n) + "&status=closed"),
        "(c) impact view, first page of 100": lambda n: list_impacted_cis(1, limit=100),
    }


def signed_in_client(app: Flask, login: str) -> Any:
    """Return a test client signed in as a bench person."""
    client = app.test_client()
    client.post("/login", data={"login": login, "password": "bench-password"})
    return client


def time_requests(app: Flask, count: int) -> dict[str, tuple[float, float]]:
    """Time every call count times; return name -> (median ms, p95 ms)."""
    with app.app_context():
        runtime, bench = app.extensions["flowdesk"], system_actor("bench")
        tokens = {login: create_token(runtime, bench, login, "bench") for login in ("maya", "quinn")}
    results = {}
    for name, call in calls(app, tokens).items():
        with app.app_context():
            for n in range(10):
                check(name, call(n))
            samples = []
            for n in range(count):
                started = time.perf_counter()
                answer = call(n)
                samples.append((time.perf_counter() - started) * 1000)
                check(name, answer)
                db.session.rollback()
        results[name] = (statistics.median(samples), percentile(samples, 0.95))
        print(f"  {name:<40} median {results[name][0]:6.1f} ms   p95 {results[name][1]:6.1f} ms")
    return results


def check_search_finds(terms: list[str]) -> None:
    """Refuse to time searches that find nothing: the search tables would not have been filled."""
    manager = actor_for(require_user("maya"))
    for term in terms:
        page = search_tickets(manager, parse_ticket_query([("q", term)]), NOW)
        if not page.rows:
            raise RuntimeError(f"The search for {term!r} found no ticket; the search tables are not filled.")


def check(name: str, answer: Any) -> None:
    """Refuse an answer that is not a success (a benchmark of error pages measures nothing)."""
    status = getattr(answer, "status_code", 200)
    if status != 200:
        raise RuntimeError(f"{name} answered {status}: {answer.get_data(as_text=True)[:300]}")


def bench(label: str, url: str, args: argparse.Namespace) -> dict[str, tuple[float, float]]:
    """Fill one database and time the calls."""
    # The test client signs in with a plain POST, so the benchmark app takes forms without CSRF tokens.
    app = migrated_app(url, PASSWORD_HASH_METHOD="pbkdf2:sha256:1000", WTF_CSRF_ENABLED=False)
    started = time.perf_counter()
    with app.app_context():
        fill(args.tickets, args.cis)
    print(f"{label}: filled {args.tickets:,} tickets and {args.cis:,} CIs in {time.perf_counter() - started:.0f} s")
    with app.app_context():
        check_search_finds(["vpn", "password reset", "打印机", "网络"])
    return time_requests(app, args.requests)


def main() -> None:
    """Run the benchmark and print the figures."""
    args = parse_args()
    print(f"FlowDesk finding tickets: {args.tickets:,} tickets (90% closed, {len(GROUPS)} groups, notes on "
          f"{NOTE_SHARE:.0%}), {args.cis:,} CIs; {args.requests} requests each")
    print(f"date {datetime.now(UTC).isoformat(timespec='seconds')}  nproc {os.cpu_count()}")
    results = measure_on_both(lambda label, url: bench(label, url, args), args.skip_postgres, args.postgres_url)
    print_latencies(results, TARGET_P95_MS)


if __name__ == "__main__":
    main()
