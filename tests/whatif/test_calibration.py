"""Calibration: replaying a month of incidents through the version that ran them reproduces their real paths, the
escalated one (a boundary timer cancels its task) included."""
from tests.whatif.conftest import INCIDENT, PLAN, Month


def test_replaying_the_month_through_the_version_that_ran_it_reproduces_at_least_99_percent_of_paths(
        month: Month) -> None:
    outcome = month.what_if(INCIDENT)
    assert outcome.cases == len(PLAN) == 17
    assert outcome.calibration_cases == 17, outcome.unreplayable
    assert outcome.calibration_share is not None and outcome.calibration_share >= 0.99, outcome.unreplayable
    # the draft is the version itself: nothing routes differently, no assumption was needed
    assert (outcome.routed_differently, outcome.divergences) == (0, [])
    assert outcome.predicted_breaches == outcome.real_breaches >= 1  # the escalated incident missed its target
