"""Who may start a process from the portal: every requester, unless the diagram names who starts it."""
from app.organisation.policies import Actor, may_start_process


def person(roles: set[str], groups: frozenset[str] = frozenset(), login: str = "rita") -> Actor:
    return Actor(1, login, login, "en", "UTC", frozenset(groups), frozenset(roles), frozenset())


def test_requester_may_start_a_process_whose_diagram_names_no_starters() -> None:
    assert may_start_process(person({"requester"}), (), ())


def test_requester_may_not_start_a_process_drawn_for_staff_groups() -> None:
    assert not may_start_process(person({"requester"}, frozenset({"requesters"})), {"service-desk", "cab"}, ())


def test_member_of_a_starter_group_may_start_it() -> None:
    assert may_start_process(person({"requester", "agent"}, frozenset({"cab"})), {"service-desk", "cab"}, ())


def test_person_named_as_a_starter_may_start_it() -> None:
    assert may_start_process(person({"requester"}), (), {"rita"})


def test_admin_may_start_any_process() -> None:
    assert may_start_process(person({"admin"}, login="adam"), {"cab"}, ())


def test_auditor_may_start_nothing_even_when_named() -> None:
    assert not may_start_process(person({"auditor", "requester"}), (), {"rita"})
