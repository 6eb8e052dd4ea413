"""Saved ticket-list filters: saved per person under a name, replaced by name, listed, deleted."""
import pytest

from app.platform.errors import Conflict, InvalidValues, NotFound
from app.servicedesk.search.saved_filters import (
    MAX_FILTERS_PER_PERSON,
    delete_filter,
    list_filters,
    save_filter,
)


def test_person_saves_a_filter_without_its_page_cursor_or_blanks(runtime, demo) -> None:
    replaced = save_filter(runtime, "sam", "My P1s", "status=new&status=assigned&priority=P1&q=&after=abc")
    assert replaced is False
    (saved,) = list_filters("sam")
    assert (saved.name, saved.query) == ("My P1s", "status=new&status=assigned&priority=P1")


def test_saving_under_a_used_name_replaces_that_filter(runtime, demo) -> None:
    save_filter(runtime, "sam", "Mine", "assignee=sam")
    assert save_filter(runtime, "sam", "  Mine ", "assignee=sam&status=new") is True
    assert [(saved.name, saved.query) for saved in list_filters("sam")] == [("Mine", "status=new&assignee=sam")]


def test_each_person_sees_only_their_own_filters(runtime, demo) -> None:
    save_filter(runtime, "sam", "Queue", "group=service-desk")
    save_filter(runtime, "lee", "Queue", "group=second-line")
    assert [saved.query for saved in list_filters("lee")] == ["group=second-line"]


def test_filters_are_listed_by_name(runtime, demo) -> None:
    for name in ("b", "c", "a"):
        save_filter(runtime, "sam", name, "")
    assert [saved.name for saved in list_filters("sam")] == ["a", "b", "c"]


def test_filter_with_a_value_the_list_refuses_is_not_saved(runtime, demo) -> None:
    with pytest.raises(InvalidValues) as refused:
        save_filter(runtime, "sam", "Broken", "status=open")
    assert "status" in refused.value.errors
    assert list_filters("sam") == []


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_filter_needs_a_name_of_one_to_a_hundred_characters(runtime, demo, name) -> None:
    with pytest.raises(InvalidValues):
        save_filter(runtime, "sam", name, "status=new")


def test_person_may_keep_a_bounded_number_of_filters(runtime, demo) -> None:
    for n in range(MAX_FILTERS_PER_PERSON):
        save_filter(runtime, "sam", f"filter {n}", "")
    with pytest.raises(Conflict):
        save_filter(runtime, "sam", "one too many", "")
    assert save_filter(runtime, "sam", "filter 0", "status=new") is True  # replacing still works


def test_person_deletes_their_filter_but_not_someone_elses(runtime, demo) -> None:
    save_filter(runtime, "sam", "Queue", "group=service-desk")
    (saved,) = list_filters("sam")
    with pytest.raises(NotFound):
        delete_filter("lee", saved.id)
    assert delete_filter("sam", saved.id) == "Queue"
    assert list_filters("sam") == []
    with pytest.raises(NotFound):
        delete_filter("sam", saved.id)
