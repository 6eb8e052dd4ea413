"""Start-up builds with the collector paused; a long-running process freezes its start-up objects out of the
cyclic collector, and still collects later garbage."""
import gc
import weakref
from collections.abc import Iterator

import pytest

from app import create_app
from app.platform.start_up import collector_paused, freeze_start_up_objects


class Node:
    """An object that can sit in a reference cycle (only the cyclic collector frees such a cycle)."""

    def __init__(self) -> None:
        self.other: Node | None = None


def cycle() -> Node:
    """Return one node of a two-node reference cycle."""
    first, second = Node(), Node()
    first.other, second.other = second, first
    return first


@pytest.fixture
def thawed() -> Iterator[None]:
    """Give the frozen objects back to the collector after the test (the test process goes on)."""
    yield
    gc.unfreeze()


def test_objects_alive_at_the_freeze_are_no_longer_walked_by_the_collector(thawed: None) -> None:
    kept = cycle()
    frozen = freeze_start_up_objects()
    assert frozen == gc.get_freeze_count() > 0
    tracked = {id(thing) for thing in gc.get_objects()}
    assert id(kept) not in tracked and id(kept.other) not in tracked


def test_garbage_made_after_the_freeze_is_still_collected(thawed: None) -> None:
    freeze_start_up_objects()
    later = cycle()
    gone = weakref.ref(later)
    del later
    gc.collect()
    assert gone() is None


def test_start_up_garbage_is_collected_before_the_freeze_keeps_it(thawed: None) -> None:
    dropped = cycle()
    gone = weakref.ref(dropped)
    del dropped
    freeze_start_up_objects()
    assert gone() is None


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generations the cyclic collector walked during the test, in order."""
    walked: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            walked.append(info["generation"])
    gc.callbacks.append(note)
    yield walked
    gc.callbacks.remove(note)


def test_building_an_app_sets_off_no_collection_and_leaves_the_collector_on(
        collections: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    import app.factory

    during: list[int] = []
    build = app.factory.build_app

    def watched_build(*args: object) -> object:
        before = len(collections)
        built = build(*args)  # type: ignore[arg-type]
        during.extend(collections[before:])
        return built
    monkeypatch.setattr(app.factory, "build_app", watched_build)
    assert gc.isenabled()
    create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"})
    assert during == []  # a few hundred without the pause
    assert gc.isenabled()
    dropped = cycle()
    gone = weakref.ref(dropped)
    del dropped
    gc.collect()
    assert gone() is None


def test_the_pause_leaves_an_off_collector_off_and_ends_after_a_failure() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("start-up failed")
    assert gc.isenabled()
