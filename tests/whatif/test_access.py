"""Who may ask for a what-if (process owners and admins) and who may read a run (who asked, and admins), on the
page, the API and the use case alike; the API's answers as its OpenAPI document says; a period holding too many
cases, a bad day and a missing draft refused clearly when the run is asked for."""
import pytest

from app.organisation.accounts import actor_for
from app.organisation.policies import may_run_what_if
from app.organisation.users import require_user
from app.platform.errors import InvalidValues, NotAllowed, NotFound
from app.servicedesk.whatif.assumptions import Overrides
from app.servicedesk.whatif.jobs import request_what_if, run_due_what_ifs, show_what_if_run
from tests.api.conftest import ApiClient, api, assert_documented, tokens  # noqa: F401  (the API's fixtures)
from tests.whatif.conftest import INCIDENT, NOVEMBER, Month

NOVEMBER_BODY = {"first_day": "2026-11-01", "last_day": "2026-11-30"}


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """SQLite only: the rule is the same on both databases, and the calibration test reads history on both."""
    return sqlite_url


def test_only_process_owners_and_admins_ask_for_a_what_if_and_only_its_owner_and_admins_read_it(
        few: Month, client, sign_in, api: ApiClient) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    few.save(INCIDENT)
    allowed = {login for login in ("rita", "sam", "mona", "olga", "audrey", "adam")
               if may_run_what_if(actor_for(require_user(login)))}
    assert allowed == {"olga", "adam"}
    for login in ("sam", "audrey"):
        with pytest.raises(NotAllowed):
            request_what_if(few.runtime, actor_for(require_user(login)), "incident", NOVEMBER, Overrides())
        assert api.post("/processes/incident/draft/what-if", login, NOVEMBER_BODY).status_code == 403
    sign_in("sam")
    assert client.get("/processes/incident/what-if").status_code == 403
    sign_in("olga")
    asked = client.post("/processes/incident/what-if", data={"from": "2026-11-01", "to": "2026-11-30"})
    assert asked.status_code == 303 and "/processes/incident/what-if/runs/" in asked.location
    waiting = client.get(asked.location).get_data(as_text=True)
    assert 'data-status="queued"' in waiting and "data-progress-url" in waiting
    assert client.get(asked.location + "/progress").get_json()["status"] == "queued"
    run_due_what_ifs(few.runtime)
    text = client.get(asked.location).get_data(as_text=True)
    assert 'data-status="done"' in text and "data-progress-url" not in text
    assert "100.0%" in text and 'data-testid="routed-differently">0<' in text
    assert f'href="{asked.location}"' in client.get("/processes/incident/what-if").get_data(as_text=True)
    # adam (an admin) reads olga's run; mona may not run what-ifs, so for her it does not exist
    run_id = int(asked.location.rsplit("/", 1)[1])
    assert show_what_if_run(actor_for(require_user("adam")), run_id).status == "done"
    with pytest.raises(NotFound):
        show_what_if_run(actor_for(require_user("mona")), run_id)
    assert api.get(f"/processes/incident/draft/what-if/{run_id}", "adam").status_code == 200
    assert api.get(f"/processes/incident/draft/what-if/{run_id}", "sam").status_code == 403
    assert api.get(f"/processes/change/draft/what-if/{run_id}", "olga").status_code == 404  # not change's run
    adams = api.post("/processes/incident/draft/what-if", "adam", NOVEMBER_BODY)
    assert adams.status_code == 202
    sign_in("olga")
    assert client.get(adams.headers["Location"].replace("/api/v1/processes/incident/draft/what-if/",
                                                        "/processes/incident/what-if/runs/")).status_code == 404


def test_the_api_and_the_command_line_answer_and_refuse_too_many_cases_a_bad_day_and_no_draft(
        few: Month, api: ApiClient, app, cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert api.post("/processes/incident/draft/what-if", "olga", NOVEMBER_BODY).status_code == 404  # no draft yet
    few.save(INCIDENT.replace(b"${confirmation == 'reopen'}", b"${confirmation != 'confirm'}"))
    asked = api.post("/processes/incident/draft/what-if", "olga", {**NOVEMBER_BODY, "durations": {"confirm_fix": 2}})
    assert asked.status_code == 202, asked.get_data(as_text=True)
    assert_documented(asked, "draft_what_if")
    assert (asked.get_json()["status"], asked.get_json()["cases"], asked.get_json()["result"]) == ("queued", 3, None)
    location = asked.headers["Location"].removeprefix("/api/v1")
    run_due_what_ifs(few.runtime)
    answer = api.get(location, "olga")
    assert_documented(answer, "show_what_if_run")
    body = answer.get_json()
    assert (body["status"], body["calibrated"], body["replayed"], body["share_done"]) == ("done", 3, 3, 1.0)
    result = body["result"]
    assert (result["cases"], result["calibration_cases"], result["calibration_share"]) == (3, 3, 1.0)
    assert result["routed_differently"] == 0 and result["assumptions"] == []
    assert set(result["draft_heat"]["overlays"]) >= {"classify", "resolve", "confirm_fix"}
    printed = cli("what-if", "incident", "--from", "2026-11-01", "--to", "2026-11-30")
    assert printed.exit_code == 0, printed.output
    assert "Calibration: 100.0% took their real path again." in printed.output
    queued = cli("what-if", "incident", "--from", "2026-11-01", "--to", "2026-11-30", "--no-wait")
    assert queued.exit_code == 0 and "is queued" in queued.output
    bad_day = api.post("/processes/incident/draft/what-if", "olga", {"first_day": "soon"})
    assert bad_day.status_code == 422 and "first_day" in bad_day.get_data(as_text=True)
    app.config["WHATIF_MAX_CASES"] = 2
    too_many = api.post("/processes/incident/draft/what-if", "olga", NOVEMBER_BODY)
    assert too_many.status_code == 422
    assert "3 cases of incident began" in too_many.get_data(as_text=True)
    refused = cli("what-if", "incident", "--from", "2026-11-01", "--to", "2026-11-30")
    assert refused.exit_code != 0 and "more than the 2 a what-if replays" in refused.output
    with pytest.raises(InvalidValues, match="FLOWDESK_WHATIF_MAX_CASES"):
        request_what_if(few.runtime, actor_for(require_user("olga")), "incident", NOVEMBER, Overrides(), 2)
