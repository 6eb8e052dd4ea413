"""PostgreSQL ends FlowDesk's connections in the middle of the work: every unit is retried, nothing is parked."""
import threading
import time

import pytest
import sqlalchemy as sa

from tests.faults.installation import POSTGRES_URL, assert_nothing_lost_or_doubled, work_lifecycles

TERMINATE_EVERY_SECONDS = 0.5


def terminate_backends(application_name: str, stop: threading.Event, terminated: list[int]) -> None:
    """End every backend whose application_name is this installation's, and only those, until told to stop."""
    admin = sa.create_engine(POSTGRES_URL, connect_args={"application_name": "fault-suite-terminator"})
    try:
        while not stop.is_set():
            with admin.connect() as connection:
                rows = connection.execute(sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :name AND pid <> pg_backend_pid()"), {"name": application_name}).all()
            terminated.extend(1 for row in rows if row[0])
            stop.wait(TERMINATE_EVERY_SECONDS)
    finally:
        admin.dispose()


@pytest.mark.slow
def test_connections_ended_by_the_server_are_survived(postgres_only, installation_on) -> None:
    installation = installation_on(postgres_only)
    installation.add_web()
    installation.add_scheduler()
    supervisor = threading.Thread(target=installation.supervise, daemon=True)
    supervisor.start()
    stop, terminated = threading.Event(), []
    terminator = threading.Thread(target=terminate_backends, args=(installation.application_name, stop, terminated))
    terminator.start()
    try:
        instance_ids = work_lifecycles(installation, 8)
    finally:
        stop.set()
        terminator.join(timeout=30)
    time.sleep(0.5)
    assert_nothing_lost_or_doubled(installation, instance_ids)
    assert terminated, "no FlowDesk connection was ended, so the test proved nothing"
    assert all(process.crashes == 0 for process in installation.processes)
