"""The survey flow end to end at the service level: decided at resolution, sent after working days, reminded,
expired, answered (the answer moves the flow), once per ticket and never more often than the rule allows."""
import pytest

from app.organisation.accounts import actor_for
from app.organisation.users import require_user
from app.platform.errors import InvalidValues, NotAllowed
from app.servicedesk.desk.queue_rows import queue_tickets
from app.servicedesk.surveys.answers import Answer, answer_survey
from app.servicedesk.tickets.business_keys import survey_key
from tests.incident.conftest import Desk
from tests.surveys.conftest import recovery_tasks, resolve, set_rule, survey_mails, survey_of, utc


def test_survey_waits_two_working_days_over_the_weekend_then_mails_the_requester(surveyed: Desk) -> None:
    surveyed.clock.set(utc(2026, 11, 27, 2, 0))  # Friday 10:00 Shanghai
    resolve(surveyed)
    survey = survey_of(surveyed)
    assert (survey.status, survey.reason) == ("scheduled", "sampled_in")
    assert survey.send_at == utc(2026, 12, 1, 2, 0)  # Tuesday 10:00: Monday and Tuesday are the working days
    surveyed.at(utc(2026, 11, 30, 2, 0))
    assert survey_of(surveyed).status == "scheduled" and not survey_mails(surveyed)
    surveyed.at(utc(2026, 12, 1, 2, 0))
    assert survey_of(surveyed).status == "sent"
    assert [mail.recipient for mail in survey_mails(surveyed)] == ["rita@flowdesk.example"]


def test_reminder_then_expiry_close_an_unanswered_survey(surveyed: Desk) -> None:
    resolve(surveyed)
    sent_at = survey_of(surveyed).send_at
    surveyed.at(sent_at)
    surveyed.at(utc(2026, 11, 28, 3, 0))  # three days after sending: the reminder
    assert [mail.event for mail in survey_mails(surveyed)] == ["survey_requested", "survey_reminder"]
    assert survey_of(surveyed).status == "sent"
    surveyed.at(utc(2026, 12, 5, 3, 0))  # ten days after sending: expired
    assert survey_of(surveyed).status == "expired"
    with pytest.raises(Exception, match="no longer waits"):
        answer_survey(surveyed.runtime, "rita", surveyed.number, Answer(5))


def test_low_score_opens_a_recovery_task_for_the_group_lead_with_its_deadline(surveyed: Desk) -> None:
    resolve(surveyed)
    surveyed.at(survey_of(surveyed).send_at)
    answer_survey(surveyed.runtime, "rita", surveyed.number, Answer(1, 4, "Took a week and nobody called back."))
    survey = survey_of(surveyed)
    assert (survey.status, survey.score, survey.effort) == ("answered", 1, 4)
    [task] = recovery_tasks()
    assert task.assignee == "sam"  # the service desk's lead
    # answered Wednesday 10:00 Shanghai; 24 working hours (8 a day) run to Monday 10:00, over the weekend
    assert task.due_at == utc(2026, 11, 30, 2, 0)
    # the lead's queue lists the task with the ticket the survey asks about, not the survey's own key
    key = survey_key(surveyed.number)
    row = queue_tickets(actor_for(require_user("sam")), [key], surveyed.clock.now())[key]
    assert (row.number, row.requester) == (surveyed.number, "Rita Requester")


def test_recovery_deadline_counts_working_hours_past_the_national_day_holidays(surveyed: Desk) -> None:
    surveyed.clock.set(utc(2026, 9, 28, 2, 0))  # Monday 28 September, 10:00 Shanghai
    resolve(surveyed)
    surveyed.at(survey_of(surveyed).send_at)  # sent two working days later: Wednesday 30 September, 10:00
    assert survey_of(surveyed).sent_at == utc(2026, 9, 30, 2, 0)
    answer_survey(surveyed.runtime, "rita", surveyed.number, Answer(2, None, "Nobody told me it was fixed."))
    [task] = recovery_tasks()
    # 7 working hours on Wednesday; 1-7 October are holidays, the 8th a holiday too, then Friday the 9th (8 hours)
    # and Saturday the 10th, a statutory working day, whose first 9 hours end at 10:00
    assert task.due_at == utc(2026, 10, 10, 2, 0)


def test_good_score_ends_the_survey_without_a_recovery_task(surveyed: Desk) -> None:
    resolve(surveyed)
    surveyed.at(survey_of(surveyed).send_at)
    answer_survey(surveyed.runtime, "rita", surveyed.number, Answer(5))
    assert survey_of(surveyed).status == "answered"
    assert recovery_tasks() == []


def test_low_score_without_a_comment_is_refused_and_nothing_is_stored(surveyed: Desk) -> None:
    resolve(surveyed)
    surveyed.at(survey_of(surveyed).send_at)
    with pytest.raises(InvalidValues) as refused:
        answer_survey(surveyed.runtime, "rita", surveyed.number, Answer(2, None, "  "))
    assert refused.value.errors["comment"] == [
        "Tell us in a comment what went wrong: a score below 3 needs one, so the team can put it right."]
    assert survey_of(surveyed).status == "sent" and survey_of(surveyed).score is None


def test_only_the_requester_answers(surveyed: Desk) -> None:
    resolve(surveyed)
    surveyed.at(survey_of(surveyed).send_at)
    with pytest.raises(NotAllowed):
        answer_survey(surveyed.runtime, "sam", surveyed.number, Answer(5))


def test_a_reopened_and_resolved_again_ticket_is_surveyed_once(surveyed: Desk) -> None:
    resolve(surveyed)
    surveyed.at(survey_of(surveyed).send_at)
    surveyed.work("confirm_fix", "rita", confirmation="reopen", reopen_reason="Jams again.")
    surveyed.work("resolve", surveyed.task("resolve").assignee, outcome="resolved", resolution="New roller.")
    surveyed.at(utc(2026, 12, 10, 3, 0))
    assert [mail.event for mail in survey_mails(surveyed)].count("survey_requested") == 1


def test_ticket_worked_by_its_own_requester_is_not_surveyed(surveyed: Desk) -> None:
    resolve(surveyed, requester="sam")
    assert (survey_of(surveyed).status, survey_of(surveyed).reason) == ("skipped", "requester_is_assignee")


def test_person_is_surveyed_at_most_once_in_the_rule_days(surveyed: Desk) -> None:
    set_rule(surveyed, min_days_between=30)
    resolve(surveyed)
    first = survey_of(surveyed)
    resolve(surveyed, title="Scanner jams")
    second = survey_of(surveyed)
    assert (first.status, second.status, second.reason) == ("scheduled", "skipped", "recently_surveyed")


def test_rule_off_skips_and_records_why(surveyed: Desk) -> None:
    set_rule(surveyed, enabled=False)
    resolve(surveyed)
    assert (survey_of(surveyed).status, survey_of(surveyed).reason) == ("skipped", "disabled")
