"""GET /api/v1/processes/{process_id}/insight: the same figures as the page, as its OpenAPI document says."""
from tests.api.conftest import ApiClient, api, assert_documented, tokens  # noqa: F401  (the API's fixtures)
from tests.insight.conftest import Cases
from tests.insight.test_insight_counts import drive_three_cases

PATH = "/processes/ticket/insight?first_day=2030-03-01&last_day=2030-03-05"


def test_an_auditor_reads_the_counts_paths_and_cases_through_the_api(cases: Cases, api: ApiClient) -> None:  # noqa: F811
    _, b, _ = drive_three_cases(cases)
    answer = api.get(PATH, "audrey")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert_documented(answer, "process_insight")
    body = answer.get_json()
    assert {e["element_id"]: e["passes"] for e in body["elements"]}["resolve"] == 3
    assert body["flows"]["f_reopen"] == 1 and body["cases"] == 3
    assert [(c["instance_id"], c["reasons"], c["replay"]) for c in body["off_path_cases"]] == [
        (b, ["rework"], f"/instances/{b}/replay")]
    filtered = api.get(PATH + "&priority=P1", "olga").get_json()
    assert {e["element_id"]: e["passes"] for e in filtered["elements"]}["resolve"] == 2


def test_the_api_refuses_agents_and_names_a_bad_day_or_process(cases: Cases, api: ApiClient) -> None:  # noqa: F811
    assert api.get(PATH, "sam").status_code == 403
    bad_day = api.get("/processes/ticket/insight?first_day=soon", "olga")
    assert bad_day.status_code == 422 and "first_day" in bad_day.get_data(as_text=True)
    backwards = api.get("/processes/ticket/insight?first_day=2030-03-05&last_day=2030-03-01", "olga")
    assert backwards.status_code == 422 and "after it ends" in backwards.get_data(as_text=True)
    assert api.get("/processes/nothing/insight", "olga").status_code == 404
