"""Processes killed with SIGKILL at the worst moments, then restarted: nothing is lost, nothing happens twice."""
import threading

import pytest

from tests.faults.installation import assert_nothing_lost_or_doubled, work_lifecycles

LIFECYCLES = 8
INCIDENTS = 4  # logged over the API among the lifecycles; every ticket must agree with its instance afterwards

CRASHES = [  # (which process dies, the crash point, the how-many-th passage)
    pytest.param("scheduler", "timers.after_firing:3", id="scheduler-mid-timer-firing"),
    pytest.param("scheduler", "outbox.after_send:4", id="scheduler-after-sending-before-recording"),
    pytest.param("scheduler", "unit.after_commit:5", id="scheduler-after-a-commit"),
    pytest.param("web", "unit.before_commit:6", id="web-mid-step-before-commit"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("victim", "crash_at"), CRASHES)
def test_process_killed_mid_work_loses_and_doubles_nothing(fault_database, installation_on, victim: str,
                                                            crash_at: str) -> None:
    installation = installation_on(fault_database)
    installation.add_web(crash_at if victim == "web" else None)
    installation.add_scheduler(crash_at if victim == "scheduler" else None)
    supervisor = threading.Thread(target=installation.supervise, daemon=True)
    supervisor.start()
    instance_ids = work_lifecycles(installation, LIFECYCLES, incidents=INCIDENTS)
    assert assert_nothing_lost_or_doubled(installation, instance_ids) >= INCIDENTS  # tickets checked
    assert sum(process.crashes for process in installation.processes) == 1  # the fault did strike


@pytest.mark.slow
def test_two_web_processes_and_two_schedulers_share_one_database(postgres_only, installation_on) -> None:
    installation = installation_on(postgres_only)
    for _ in range(2):
        installation.add_web()
        installation.add_scheduler()
    supervisor = threading.Thread(target=installation.supervise, daemon=True)
    supervisor.start()
    instance_ids = work_lifecycles(installation, 2 * LIFECYCLES, workers=6, incidents=2 * INCIDENTS)
    assert assert_nothing_lost_or_doubled(installation, instance_ids) >= 2 * INCIDENTS  # tickets checked
    assert all(process.crashes == 0 for process in installation.processes)
