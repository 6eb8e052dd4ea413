"""Nested multi-instance: a multi-instance sub-process of 10 around a multi-instance user task of 2 (Camunda's pa1 demo).

Camunda creates 20 user tasks and ends the instance when the last one is completed. Every step here goes
through FlowDesk's save (task-tree compaction, state dump, projections) and, with the run cache off, a
reload from the stored state; with it on, the compacted run kept in memory is reused.
"""
import pytest

from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.run_cache import RunCache
from app.workflow.tasks.actions import complete_task, reassign_task
from app.workflow.tasks.tasklist import list_tasks


@pytest.mark.parametrize("cache_size", [0, 2000], ids=["reloaded", "cached"])
@pytest.mark.parametrize("pick", [0, -1], ids=["oldest-first", "newest-first"])
def test_nested_multi_instance_ends_after_its_twentieth_task(deploy, demo, runtime, admin_actor, cache_size,
                                                             pick) -> None:
    runtime.runs = RunCache(cache_size)
    deploy("nested_multi_instance.bpmn")
    instance_id = start_instance(runtime, "processWithSubProcess", {})
    assert len(list_tasks(instance_id=instance_id)) == 20
    completed = 0
    while tasks := list_tasks(instance_id=instance_id):
        assert len(tasks) == 20 - completed
        reassign_task(runtime, tasks[pick].id, admin_actor, "sam")
        complete_task(runtime, tasks[pick].id, "sam", {})
        completed += 1
    assert completed == 20
    assert show_instance(runtime, instance_id).summary.status == "completed"
