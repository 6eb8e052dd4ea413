"""The insight endpoint: a process version's heatmap, paths, rework and the cases that left the plain run."""
from app.api.auth import api_actor
from app.api.contract import Role, Success, endpoint
from app.api.schemas.insight import Insight, InsightQuery, OffPathCaseInsight, VariantInsight
from app.organisation.policies import may_see_process_insight
from app.servicedesk.insight.conformance import list_off_path_cases, replay_path
from app.servicedesk.insight.period import insight_filter
from app.servicedesk.insight.report import read_insight
from app.wiring import current_runtime

READERS = Role(may_see_process_insight, "read how cases ran through a process (process owners, auditors, admins)")


def text_of(day: object) -> str | None:
    """Return a day as YYYY-MM-DD, None for none."""
    return None if day is None else str(day)


@endpoint("process_insight", "insight", Success(200, Insight, "The version's insight in the period."), role=READERS,
          query=InsightQuery, refusals=(403, 404),
          path={"process_id": "The id of the process as drawn in its diagram (e.g. `incident`)."})
def show(process_id: str, query: InsightQuery) -> Insight:
    """Read a process version's insight.

    For the cases of a version in a period (by UTC day; the last 30 days by default), filtered by ticket category,
    priority and group: how many passed each element and flow, the median and p90 time each user task was open
    and waited before someone took it, the path variants with their durations and SLA breach rate, where rework
    began, and the cases that needed an intervention or left the plain run, each with its replay's address.
    Process owners, auditors and admins.
    """
    actor, now = api_actor(), current_runtime().clock.now()
    period = insight_filter(now.date(), text_of(query.first_day), text_of(query.last_day), query.category,
                            query.priority, query.group)
    report = read_insight(actor, process_id, query.version, period, now)
    cases, more = list_off_path_cases(actor, process_id, report.version, period, now)
    variants = [VariantInsight.model_validate({**variant.__dict__, "breach_rate": variant.breach_rate})
                for variant in report.variants]
    off_path = [OffPathCaseInsight.model_validate({**found.__dict__, "replay": replay_path(found.instance_id)})
                for found in cases]
    return Insight.model_validate({
        **report.__dict__, "first_day": period.first_day, "last_day": period.last_day, "variants": variants,
        "off_path_cases": off_path, "more_off_path_cases": more})
