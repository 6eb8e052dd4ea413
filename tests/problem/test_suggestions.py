"""Proactive problem management: enough incidents on one CI or category within the period make a suggestion for
the problem managers, never twice for the same cluster; accepting opens the problem with the incidents linked."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging.models import OutboxMessage
from app.platform.errors import Conflict, InvalidValues, NotAllowed
from app.scheduler import problem_suggestion_job
from app.servicedesk.problem.models import ProblemSuggestion
from app.servicedesk.problem.problems import problem_view
from app.servicedesk.problem.suggestions import (
    SuggestionSettings,
    accept_suggestion,
    dismiss_suggestion,
    open_suggestions,
    save_suggestion_settings,
    suggest_problems,
)
from tests.problem.conftest import ProblemDesk, person


def suggestions_mail() -> list[OutboxMessage]:
    """Return the mail telling problem managers of a suggestion."""
    return list(db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == "carl@flowdesk.example",
                                                               OutboxMessage.subject.like("%Suggested problem%"))
                                   ).scalars())


def test_three_incidents_on_one_ci_are_suggested_once(problems: ProblemDesk) -> None:
    mail = problems.ci("mail-01")
    numbers = [problems.incident(f"Mail problem {index}", ci_id=mail).number for index in range(3)]
    problems.incident("Printer jams")  # no CI: in no cluster
    (made,) = suggest_problems(problems.runtime)
    (shown,) = open_suggestions()
    assert (shown.id, shown.basis, shown.basis_name) == (made, "ci", "mail-01")
    assert [ticket.number for ticket in shown.incidents] == numbers
    assert len(suggestions_mail()) == 1 and "mail-01" in suggestions_mail()[0].subject
    assert suggest_problems(problems.runtime) == []  # the same cluster is never suggested twice
    dismiss_suggestion(problems.runtime, person("carl"), made)
    assert suggest_problems(problems.runtime) == [] and open_suggestions() == []
    assert len(suggestions_mail()) == 1


def test_fewer_incidents_or_older_ones_make_no_suggestion(problems: ProblemDesk) -> None:
    mail = problems.ci("mail-01")
    problems.incident("Old mail problem", ci_id=mail)
    problems.clock.set(problems.clock.now() + timedelta(days=8))
    problems.incident("Mail problem", ci_id=mail)
    problems.incident("Mail problem again", ci_id=mail)
    assert suggest_problems(problems.runtime) == []
    save_suggestion_settings(person("adam"), SuggestionSettings(2, 7), problems.clock.now())
    assert len(suggest_problems(problems.runtime)) == 1


def test_accepting_opens_the_problem_with_the_incidents_linked(problems: ProblemDesk) -> None:
    mail = problems.ci("mail-01")
    numbers = [problems.incident(f"Mail problem {index}", ci_id=mail).number for index in range(3)]
    (made,) = suggest_problems(problems.runtime)
    with pytest.raises(NotAllowed):
        accept_suggestion(problems.runtime, person("sam"), made)
    problem = accept_suggestion(problems.runtime, person("carl"), made)
    view = problem_view(person("carl"), problem.number)
    assert [ticket.number for ticket in view.incidents] == numbers
    assert view.ticket.title == "Recurring incidents on mail-01" and view.ticket.ci_id == mail
    assert db.session.get(ProblemSuggestion, made).status == "accepted"
    with pytest.raises(Conflict, match="already accepted"):
        dismiss_suggestion(problems.runtime, person("carl"), made)


def test_the_scheduled_job_suggests(problems: ProblemDesk, app) -> None:
    mail = problems.ci("mail-01")
    for index in range(3):
        problems.incident(f"Mail problem {index}", ci_id=mail)
    problem_suggestion_job(app)
    assert len(open_suggestions()) == 1


def test_settings_out_of_range_are_refused(problems: ProblemDesk) -> None:
    with pytest.raises(InvalidValues) as refused:
        save_suggestion_settings(person("adam"), SuggestionSettings(1, 0), problems.clock.now())
    assert set(refused.value.errors) == {"min_incidents", "period_days"}
    with pytest.raises(NotAllowed):
        save_suggestion_settings(person("carl"), SuggestionSettings(3, 7), problems.clock.now())
