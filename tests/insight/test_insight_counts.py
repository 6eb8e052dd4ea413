"""The insight counts of cases driven through a small diagram with a loop, against figures worked out by hand."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.organisation.policies import system_actor
from app.platform.transactions import TransientFault, use_case
from app.servicedesk.insight.period import insight_filter
from app.servicedesk.insight.report import read_insight
from app.workflow.insight.buckets import bucket_middle, bucket_of
from app.workflow.insight.counts import count_case, trail_event
from app.workflow.insight.keys import ANY
from app.workflow.insight.models import InsightCase, InsightCount, InsightDuration
from app.workflow.insight.rebuild import EVENT_COLUMNS, rebuild_insight
from app.workflow.models import HistoryEvent
from tests.insight.conftest import DAY_ONE, DAY_TWO, Cases, case_keys


def drive_three_cases(cases: Cases) -> tuple[int, int, int]:
    """Drive the hand-computed set: A straight through, B re-opened once, C (day two) still at 'Resolve'.

    A: resolve claimed after 10 min, done after 60; confirm never claimed, done after 30, closed.
    B: resolve claimed after 2, done after 20; confirm claimed after 1, done after 5, re-opened;
       resolve again claimed after 4, done after 40; confirm done after 15 without a claim, closed.
    C: started on day two, nothing done.
    """
    a = cases.start("T-1", DAY_ONE)
    cases.resolve(a, 10, 60)
    cases.confirm(a, None, 30, reopen=False)
    b = cases.start("T-2", DAY_ONE)
    cases.resolve(b, 2, 20)
    cases.confirm(b, 1, 5, reopen=True)
    cases.resolve(b, 4, 40)
    cases.confirm(b, None, 15, reopen=False)
    c = cases.start("T-3", DAY_TWO)
    assert cases.counted() == 3
    return a, b, c


def stored_counts(category: str = ANY) -> dict[str, tuple[int, int, int, int]]:
    """Return the stored counts summed over days, by element or flow: those rolled up over every key, or one
    category's roll-up."""
    rows = db.session.execute(select(InsightCount.element_id, func.sum(InsightCount.passes),
                                     func.sum(InsightCount.cases), func.sum(InsightCount.repeats),
                                     func.sum(InsightCount.reassignments))
                              .where(InsightCount.category == category, InsightCount.priority == ANY,
                                     InsightCount.group_name == ANY)
                              .group_by(InsightCount.element_id))
    return {row[0]: tuple(int(value) for value in row[1:]) for row in rows}  # type: ignore[misc]


def stored_durations(element_id: str, measure: str) -> dict[int, int]:
    """Return the stored duration buckets of one task and measure, summed over the single cases' keys."""
    rows = db.session.execute(select(InsightDuration.bucket, func.sum(InsightDuration.tasks))
                              .where(InsightDuration.element_id == element_id, InsightDuration.measure == measure,
                                     InsightDuration.category != ANY, InsightDuration.priority != ANY,
                                     InsightDuration.group_name != ANY)
                              .group_by(InsightDuration.bucket))
    return {int(bucket): int(tasks) for bucket, tasks in rows}


def everything_stored() -> tuple[list[tuple], list[tuple], list[tuple]]:  # type: ignore[type-arg]
    """Return every insight row (without ids), sorted, to compare two ways of counting."""
    counts = sorted(tuple(row) for row in db.session.execute(select(
        InsightCount.definition_id, InsightCount.element_id, InsightCount.day, InsightCount.category,
        InsightCount.priority, InsightCount.group_name, InsightCount.passes, InsightCount.cases,
        InsightCount.repeats, InsightCount.reassignments)))
    durations = sorted(tuple(row) for row in db.session.execute(select(
        InsightDuration.definition_id, InsightDuration.element_id, InsightDuration.day, InsightDuration.category,
        InsightDuration.priority, InsightDuration.group_name, InsightDuration.measure, InsightDuration.bucket,
        InsightDuration.tasks)))
    kept = sorted(tuple(row) for row in db.session.execute(select(
        InsightCase.instance_id, InsightCase.definition_id, InsightCase.started_on, InsightCase.category,
        InsightCase.priority, InsightCase.group_name, InsightCase.path, InsightCase.status,
        InsightCase.duration_bucket, InsightCase.repeats, InsightCase.rework_start, InsightCase.off_path,
        InsightCase.counted_seq)))
    return counts, durations, kept


def test_the_counts_hold_the_passes_of_elements_and_flows_as_worked_out_by_hand(cases: Cases) -> None:
    drive_three_cases(cases)
    assert stored_counts() == {
        "resolve": (3, 2, 1, 0), "confirm": (3, 2, 1, 0), "decide": (3, 2, 1, 0), "end": (2, 2, 0, 0),
        "f_reopen": (1, 0, 0, 0), "f_close": (2, 0, 0, 0)}
    assert stored_counts("8") == {}  # the third case passed nothing yet
    assert stored_counts("7") == stored_counts()


def test_each_completed_task_counts_its_open_and_waiting_time_in_its_bucket(cases: Cases) -> None:
    drive_three_cases(cases)
    minutes = [60, 20, 40]  # resolve: open from ready to completed
    assert stored_durations("resolve", "open") == {bucket_of(m * 60): minutes.count(m) for m in minutes}
    waits = [10, 2, 4]  # resolve: ready to the first claim
    assert stored_durations("resolve", "wait") == {bucket_of(m * 60): 1 for m in waits}
    confirm_waits = [30, 1, 15]  # confirm: unclaimed tasks waited until they were completed
    assert stored_durations("confirm", "wait") == {bucket_of(m * 60): 1 for m in confirm_waits}


def test_the_cases_keep_their_path_rework_and_keys(cases: Cases) -> None:
    a, b, c = drive_three_cases(cases)
    kept = {row.instance_id: row for row in db.session.execute(select(InsightCase)).scalars()}
    assert kept[a].path == "resolve > confirm > end" and kept[a].status == "completed"
    assert kept[b].path == "resolve > confirm > resolve > confirm > end"
    assert (kept[b].repeats, kept[b].rework_start) == (3, "resolve")
    assert kept[c].path == "" and kept[c].status == "running" and kept[c].started_on == DAY_TWO.date()
    assert (kept[b].category, kept[b].priority, kept[b].group_name) == ("7", "P1", "second-line")


def test_the_report_reads_medians_and_p90_from_the_buckets(cases: Cases) -> None:
    drive_three_cases(cases)
    report = read_insight(system_actor(), "ticket", None, insight_filter(date(2030, 3, 5)), DAY_TWO)
    resolve = next(figures for figures in report.elements if figures.element_id == "resolve")
    assert resolve.open_median == bucket_middle(bucket_of(40 * 60))  # median of 20, 40, 60 minutes
    assert resolve.open_p90 == bucket_middle(bucket_of(60 * 60))
    assert abs(resolve.open_median - 40 * 60) / (40 * 60) < 0.1  # type: ignore[operator]
    assert report.flows == {"f1": 3, "f2": 4, "f3": 3, "f4": 3, "f_reopen": 1, "f_close": 2}
    derived = {figures.element_id: figures.passes for figures in report.elements if figures.derived}
    assert derived == {"start": 3, "merge": 4}  # three cases started, one came back through the merge
    assert report.cases == 3
    assert {tuple(variant.element_ids): variant.cases for variant in report.variants} == {
        ("resolve", "confirm", "end"): 1, ("resolve", "confirm", "resolve", "confirm", "end"): 1, (): 1}
    assert [(line.element_id, line.cases_starting) for line in report.rework][0] == ("confirm", 0)


def test_the_filters_keep_only_the_cases_with_those_keys(cases: Cases) -> None:
    drive_three_cases(cases)
    only_p1 = read_insight(system_actor(), "ticket", None, insight_filter(date(2030, 3, 5), priority="P1"), DAY_TWO)
    assert {figures.element_id: figures.passes for figures in only_p1.elements} == {
        "start": 1, "merge": 2, "resolve": 2, "confirm": 2, "decide": 2, "end": 1}
    day_two = read_insight(system_actor(), "ticket", None, insight_filter(
        date(2030, 3, 5), first="2030-03-05", category="8"), DAY_TWO)
    assert [figures.element_id for figures in day_two.elements if not figures.derived] == [] and day_two.cases == 1
    two_keys = read_insight(system_actor(), "ticket", None, insight_filter(
        date(2030, 3, 5), category="7", priority="P2"), DAY_TWO)
    assert {figures.element_id: figures.passes for figures in two_keys.elements if not figures.derived} == {
        "resolve": 1, "confirm": 1, "decide": 1, "end": 1}
    other_group = read_insight(system_actor(), "ticket", None, insight_filter(
        date(2030, 3, 5), group_name="service-desk", first="2030-03-04", last="2030-03-04"), DAY_TWO)
    assert other_group.cases == 0


def test_a_rebuild_from_history_gives_the_same_rows_as_the_steps_and_again_when_run_twice(cases: Cases) -> None:
    drive_three_cases(cases)
    live = everything_stored()
    assert live[0] and live[1] and live[2]
    rebuild_insight(case_keys, "ticket")
    assert everything_stored() == live
    rebuild_insight(case_keys)
    assert everything_stored() == live


def test_the_rebuild_command_counts_a_process_and_names_an_unknown_one(cases: Cases, cli) -> None:  # type: ignore[no-untyped-def]
    drive_three_cases(cases)
    live = everything_stored()
    result = cli("insight", "rebuild", "--process", "ticket")
    assert result.exit_code == 0 and "Counted 3 cases" in result.output
    assert everything_stored() == live
    refused = cli("insight", "rebuild", "--process", "nothing")
    assert refused.exit_code != 0 and "No process 'nothing' is deployed" in refused.output + refused.stderr


def test_the_steps_write_no_counts_and_counting_after_each_step_equals_counting_once_at_the_end(cases: Cases) -> None:
    a = cases.start("T-1", DAY_ONE)
    cases.resolve(a, 10, 60)
    assert everything_stored() == ([], [], [])  # the step's own transaction left the counts alone
    assert cases.counted() == 1
    cases.confirm(a, None, 30, reopen=True)
    assert cases.counted() == 1
    cases.resolve(a, 5, 25)
    cases.confirm(a, 2, 10, reopen=False)
    assert cases.counted() == 1 and cases.counted() == 0  # nothing is behind, nothing counts twice
    piece_by_piece = everything_stored()
    rebuild_insight(case_keys, "ticket")
    assert everything_stored() == piece_by_piece


def test_a_case_counted_meanwhile_by_another_pass_makes_this_one_run_again_and_count_nothing_twice(
        cases: Cases) -> None:
    a = cases.start("T-1", DAY_ONE)
    cases.resolve(a, 10, 60)
    assert cases.counted() == 1
    before = db.session.execute(select(InsightCase.trail, InsightCase.counted_seq)
                                .where(InsightCase.instance_id == a)).one()
    db.session.rollback()
    cases.confirm(a, None, 30, reopen=False)
    assert cases.counted() == 1  # "another pass" counted the confirmation
    counted = everything_stored()
    later = [(row.seq, trail_event(row)) for row in db.session.execute(
        select(*EVENT_COLUMNS).where(HistoryEvent.instance_id == a, HistoryEvent.seq > before.counted_seq)
        .order_by(HistoryEvent.seq))]
    db.session.rollback()

    @use_case
    def count_with_the_old_row() -> None:
        count_case(a, [event for _, event in later], later[-1][0], case_keys(["T-1"])["T-1"], before)

    with pytest.raises(TransientFault, match="counted meanwhile"):
        count_with_the_old_row()
    assert everything_stored() == counted


def test_the_scheduler_counts_what_the_steps_appended_every_insight_interval(cases: Cases, app) -> None:  # type: ignore[no-untyped-def]
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.scheduler import add_jobs, insight_job

    a = cases.start("T-1", DAY_ONE)
    cases.resolve(a, 10, 60)
    scheduler = BackgroundScheduler(timezone="UTC")
    add_jobs(scheduler, app)
    job = scheduler.get_job("insight")
    assert job is not None and job.trigger.interval.total_seconds() == app.config["INSIGHT_POLL_SECONDS"]
    insight_job(app)
    assert stored_counts()["resolve"] == (1, 1, 0, 0)
    assert cases.counted() == 0
