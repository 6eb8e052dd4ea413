"""Who may run a what-if (process owners and admins), on the page, the API and the use case alike; the API's answer
as its OpenAPI document says; a period holding too many cases, a bad day and a missing draft refused clearly."""
import pytest

from app.organisation.accounts import actor_for
from app.organisation.policies import may_run_what_if
from app.organisation.users import require_user
from app.platform.errors import InvalidValues, NotAllowed
from app.servicedesk.whatif.assumptions import Overrides
from app.servicedesk.whatif.run import run_what_if
from tests.api.conftest import ApiClient, api, assert_documented, tokens  # noqa: F401  (the API's fixtures)
from tests.whatif.conftest import INCIDENT, NOVEMBER, Month

NOVEMBER_BODY = {"first_day": "2026-11-01", "last_day": "2026-11-30"}


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """SQLite only: the rule is the same on both databases, and the calibration test reads history on both."""
    return sqlite_url


def test_only_process_owners_and_admins_run_a_what_if_on_the_page_the_api_and_the_use_case(
        few: Month, client, sign_in, api: ApiClient) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    few.save(INCIDENT)
    allowed = {login for login in ("rita", "sam", "mona", "olga", "audrey", "adam")
               if may_run_what_if(actor_for(require_user(login)))}
    assert allowed == {"olga", "adam"}
    for login in ("sam", "audrey"):
        with pytest.raises(NotAllowed):
            run_what_if(few.runtime, actor_for(require_user(login)), "incident", NOVEMBER, Overrides())
        assert api.post("/processes/incident/draft/what-if", login, NOVEMBER_BODY).status_code == 403
    sign_in("sam")
    assert client.get("/processes/incident/what-if").status_code == 403
    sign_in("olga")
    page = client.post("/processes/incident/what-if", data={"from": "2026-11-01", "to": "2026-11-30"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "100.0%" in text and 'data-testid="routed-differently">0<' in text
    assert api.post("/processes/incident/draft/what-if", "adam", NOVEMBER_BODY).status_code == 200


def test_the_api_and_the_command_line_answer_and_refuse_too_many_cases_a_bad_day_and_no_draft(
        few: Month, api: ApiClient, app, cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert api.post("/processes/incident/draft/what-if", "olga", NOVEMBER_BODY).status_code == 404  # no draft yet
    few.save(INCIDENT.replace(b"${confirmation == 'reopen'}", b"${confirmation != 'confirm'}"))
    answer = api.post("/processes/incident/draft/what-if", "olga", {**NOVEMBER_BODY, "durations": {"rate": 2}})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert_documented(answer, "draft_what_if")
    body = answer.get_json()
    assert (body["cases"], body["calibration_cases"], body["calibration_share"]) == (3, 3, 1.0)
    assert body["routed_differently"] == 0 and body["assumptions"] == []
    assert set(body["draft_heat"]["overlays"]) >= {"classify", "resolve", "confirm_fix"}
    printed = cli("what-if", "incident", "--from", "2026-11-01", "--to", "2026-11-30")
    assert printed.exit_code == 0, printed.output
    assert "Calibration: 100.0% took their real path again." in printed.output
    bad_day = api.post("/processes/incident/draft/what-if", "olga", {"first_day": "soon"})
    assert bad_day.status_code == 422 and "first_day" in bad_day.get_data(as_text=True)
    app.config["WHATIF_MAX_CASES"] = 2
    too_many = api.post("/processes/incident/draft/what-if", "olga", NOVEMBER_BODY)
    assert too_many.status_code == 422
    assert "3 cases of incident began" in too_many.get_data(as_text=True)
    refused = cli("what-if", "incident", "--from", "2026-11-01", "--to", "2026-11-30")
    assert refused.exit_code != 0 and "more than the 2 a what-if replays" in refused.output
    with pytest.raises(InvalidValues, match="FLOWDESK_WHATIF_MAX_CASES"):
        run_what_if(few.runtime, actor_for(require_user("olga")), "incident", NOVEMBER, Overrides(), 2)
