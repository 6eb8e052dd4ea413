"""Replaying an instance of a small diagram: a script's changes as a step of their own, parallel branches each with
their own token, a boundary timer of a duration waiting from when its task began, and the join bringing them
together."""
from datetime import timedelta

from app.workflow.instances.lifecycle import start_instance
from app.workflow.instances.replay import InstanceReplay, ReplayStep, replay_instance
from app.workflow.tasks.actions import claim_task, complete_task
from app.workflow.tasks.tasklist import list_tasks
from app.workflow.timers import fire_due_timers


def replay(instance_id: int) -> InstanceReplay:
    return replay_instance(instance_id, None)


def only(steps: list[ReplayStep], kind: str, element_id: str) -> ReplayStep:
    [found] = [step for step in steps if step.kind == kind and step.element_id == element_id]
    return found


def work(runtime, instance_id: int, element_id: str, values: dict) -> None:  # type: ignore[no-untyped-def]
    [task] = [task for task in list_tasks(user="sam", instance_id=instance_id) if task.element_id == element_id]
    claim_task(runtime, task.id, "sam")
    complete_task(runtime, task.id, "sam", values)


def test_script_step_records_what_it_set_and_removed(runtime, deploy, people) -> None:
    deploy("replay_parallel.bpmn")
    instance_id = start_instance(runtime, "replay_parallel", {"a": 3, "scratch": "x"}, actor="rita")
    steps = replay(instance_id).steps
    scored = only(steps, "script_ran", "score")
    assert {(c.name, c.before, c.after, c.removed) for c in scored.changes} == {
        ("score", None, 6, False), ("scratch", "x", None, True)}
    assert scored.data == {"a": 3, "score": 6}


def test_parallel_branches_each_have_a_token_until_the_join(runtime, deploy, people, clock) -> None:
    deploy("replay_parallel.bpmn")
    instance_id = start_instance(runtime, "replay_parallel", {"a": 1, "scratch": ""}, actor="rita")
    started_at = clock.now()
    clock.advance(minutes=10)
    work(runtime, instance_id, "legal", {"legal_ok": True})
    clock.advance(hours=1)
    fire_due_timers(runtime)
    work(runtime, instance_id, "budget", {"budget_ok": False})
    steps = replay(instance_id).steps
    both = steps[[step.kind for step in steps].index("task_ready") + 1]
    assert sorted(token.element_id for token in both.tokens) == ["budget", "legal"]
    assert len({token.task_id for token in both.tokens}) == 2
    assert {"f_legal", "f_budget"} <= set(both.markers.taken) and "split" in both.markers.done
    assert [(t.element_id, t.due_at) for t in both.timers] == [("remind", started_at + timedelta(hours=1))]
    legal_done = only(steps, "task_completed", "legal")
    assert [token.element_id for token in legal_done.tokens] == ["budget"] and "legal" in legal_done.markers.done
    assert "join" not in legal_done.markers.done  # the join waits for the other branch
    reminded = only(steps, "timer_fired", "remind")
    assert reminded.timers == () and [token.element_id for token in reminded.tokens] == ["budget"]
    last = steps[-1]
    assert last.kind == "instance_completed" and last.tokens == ()
    assert {"join", "end", "reminded"} <= set(last.markers.done)
    assert last.data["legal_ok"] is True and last.data["budget_ok"] is False
