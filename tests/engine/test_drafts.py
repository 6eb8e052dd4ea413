"""Draft diagrams of processes: saves from the same version race, and exactly one of them is stored."""
import pytest
from flask import Flask

from app.organisation.policies import Actor
from app.workflow.runtime import Runtime
from app.workflow.studio.drafts import Draft, DraftChanged, read_draft, save_draft
from tests.conftest import actor_with
from tests.engine.test_concurrent_complete import ROUNDS, run_at_once

OLGA = actor_with("olga", "process_owner")
PIA = actor_with("pia", "process_owner")


def diagram(label: str) -> bytes:
    """Return a small well-formed diagram carrying a label, to tell the saves apart."""
    return f'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="{label}"/>'.encode()


def save_as(runtime: Runtime, actor: Actor, label: str, base: int | None):  # type: ignore[no-untyped-def]
    """Return a call that saves the incident draft as actor from the base version."""
    return lambda: save_draft(runtime, actor, "incident", diagram(label), base)


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_two_saves_from_the_same_version_at_once_store_exactly_one(app: Flask, runtime, round_number: int) -> None:
    save_draft(runtime, OLGA, "incident", diagram("first"), None)
    outcomes = run_at_once(app, save_as(runtime, OLGA, "olga", 1), save_as(runtime, PIA, "pia", 1))
    saved = [outcome for outcome in outcomes if isinstance(outcome, Draft)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, DraftChanged)]
    assert (len(saved), len(refused)) == (1, 1), outcomes
    stored = read_draft(OLGA, "incident")
    assert (stored.version, stored.bpmn_xml, stored.saved_by) == (2, saved[0].bpmn_xml, saved[0].saved_by)
    assert refused[0].current.saved_by == saved[0].saved_by  # the refusal names who won


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_two_first_drafts_at_once_store_exactly_one(app: Flask, runtime, round_number: int) -> None:
    outcomes = run_at_once(app, save_as(runtime, OLGA, "olga", None), save_as(runtime, PIA, "pia", None))
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Draft", "DraftChanged"], outcomes
    assert read_draft(OLGA, "incident").version == 1
