"""A problem manager's journey in Chromium: open a problem, record its known error, link the incident an agent
logged (who is offered the known error while logging the next one), publish the workaround; both languages."""
import re

import pytest


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_problem_manager_publishes_a_workaround_to_a_linked_incident(page_as, screenshot, language) -> None:
    agent = page_as("sam")
    agent.goto("/tickets/new")
    agent.fill("#title", f"Mail never arrives {language}")
    agent.fill("#description", "Mail sent to me from outside never arrives.")
    with agent.expect_navigation():
        agent.click("button.primary[type=submit]")
    incident = re.search(r"INC-\d+", agent.url).group(0)

    carl = page_as("carl")
    carl.goto("/")
    with carl.expect_navigation():
        carl.select_option("#language", language)
    carl.goto("/problems")
    carl.fill("#title", f"Spam filter drops mail {language}")
    carl.fill("#description", "Several incidents about lost mail.")
    with carl.expect_navigation():
        carl.click("#open-heading ~ form button[type=submit]")
    problem = re.search(r"PRB-\d+", carl.url).group(0)
    carl.fill("#root_cause", "The spam filter's disk is full.")
    carl.fill("#workaround", "Ask the sender to resend, or read it in webmail.")
    with carl.expect_navigation():
        carl.click("form[action$='/fields'] button[type=submit]")
    carl.fill("#symptom", "Mail never arrives")
    carl.fill("#cause", "The spam filter's disk is full.")
    carl.fill("[name=workaround]:below(#symptom)", "Ask the sender to resend, or read it in webmail.")
    with carl.expect_navigation():
        carl.click("form[action$='/known-error'] button[type=submit]")
    carl.fill("#incident", incident)
    with carl.expect_navigation():
        carl.click("form[action$='/incidents'] button[type=submit]")
    with carl.expect_navigation():
        carl.click("form[action$='/publish'] button[type=submit]")
    assert incident in carl.get_by_test_id("problem-incidents").inner_text()
    screenshot(carl, f"problem-page-{language}")
    carl.goto("/problems")
    screenshot(carl, f"problem-list-{language}")

    agent.goto("/")
    with agent.expect_navigation():
        agent.select_option("#language", language)
    agent.goto(f"/tickets/{incident}")
    assert "Ask the sender to resend" in agent.get_by_test_id("notes").inner_text()
    screenshot(agent, f"problem-incident-{language}")
    agent.goto("/tickets/new")
    agent.fill("#title", "Mail never arrives again")
    with agent.expect_navigation():
        agent.click("button[name=suggest]")
    assert problem in agent.get_by_test_id("known-errors").inner_text()
    screenshot(agent, f"problem-known-errors-{language}")
