"""The operator's forms on the instance page and the list of instances that need attention."""
import pytest

from app.workflow.instances.history import instance_stream, list_history
from app.workflow.instances.lifecycle import show_instance


def test_process_owner_sees_the_operator_forms_on_a_stopped_instance(client, sign_in, stopped) -> None:
    sign_in("olga")
    page = client.get(f"/instances/{stopped}").get_data(as_text=True)
    for form in ("retry-form", "variable-form", "cancel-form"):
        assert f'data-testid="{form}"' in page


@pytest.mark.parametrize("login", ["audrey", "rita"])
def test_readers_who_may_not_operate_see_no_operator_forms(client, sign_in, stopped, login) -> None:
    sign_in(login)
    page = client.get(f"/instances/{stopped}").get_data(as_text=True)
    assert 'data-testid="operate"' not in page


def test_process_owner_retries_from_the_page_and_sees_the_intervention(client, sign_in, stopped, flaky) -> None:
    flaky.down = False
    sign_in("olga")
    page = client.post(f"/instances/{stopped}/retry", data={"retry-reason": "Service is back."},
                       follow_redirects=True).get_data(as_text=True)
    assert "The instance was retried; it is now Running." in page
    assert "Intervention by an operator" in page
    assert "running" in page[page.find("Intervention by"):], page[page.find("Intervention by"):][:600]


def test_retry_that_fails_again_tells_the_error(client, sign_in, stopped) -> None:
    sign_in("olga")
    page = client.post(f"/instances/{stopped}/retry", data={}, follow_redirects=True).get_data(as_text=True)
    assert "the ticket system is down" in page


def test_cancel_without_a_reason_is_refused_on_the_page(client, runtime, sign_in, stopped) -> None:
    sign_in("olga")
    page = client.post(f"/instances/{stopped}/cancel", data={"cancel-reason": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "Write why you do this" in page
    assert show_instance(runtime, stopped).summary.status == "needs_attention"


def test_process_owner_changes_a_variable_from_the_page(client, runtime, sign_in, stopped) -> None:
    sign_in("olga")
    client.post(f"/instances/{stopped}/variables", data={
        "variable-name": "summary", "variable-type": "string", "variable-value": "Printer smokes",
        "variable-reason": "Typo."})
    assert show_instance(runtime, stopped).variables["summary"] == "Printer smokes"
    kinds = [event.kind for event in list_history(instance_stream(stopped))]
    assert kinds[-1] == "intervention"


def test_value_its_form_field_refuses_is_shown_and_not_kept(client, runtime, sign_in, stopped) -> None:
    sign_in("olga")
    page = client.post(f"/instances/{stopped}/variables", data={
        "variable-name": "summary", "variable-type": "string", "variable-value": "x" * 41,
        "variable-reason": "Longer."}, follow_redirects=True).get_data(as_text=True)
    assert "Summary" in page and "flash error" in page
    assert show_instance(runtime, stopped).variables["summary"] == "Printer on fire"


def test_auditor_may_not_post_an_intervention(client, runtime, sign_in, stopped) -> None:
    sign_in("audrey")
    assert client.post(f"/instances/{stopped}/cancel", data={"cancel-reason": "No."}).status_code == 403
    assert show_instance(runtime, stopped).summary.status == "needs_attention"


def test_attention_page_lists_the_stopped_instance_with_its_error(client, sign_in, stopped) -> None:
    sign_in("olga")
    page = client.get("/processes/attention").get_data(as_text=True)
    assert f'data-instance="{stopped}"' in page
    assert "the ticket system is down" in page


def test_attention_page_says_so_when_nothing_needs_attention(client, sign_in, demo) -> None:
    sign_in("olga")
    assert "No instance needs attention." in client.get("/processes/attention").get_data(as_text=True)
