"""The rule that tells a thanks from a complaint in a mailed reply to a resolved incident (pure, both languages)."""
import pytest

from app.servicedesk.intake.confirmations import reads_as_confirmation

NAMES = ["Rita Requester", "rita", "Sam Service-Desk", "sam"]


@pytest.mark.parametrize("text", [
    "Thanks, it works!", "Thank you Sam, all good now.", "OK, thanks again\n\nRita", "Fixed, thank you! 👍",
    "Hi Sam, it's working now. Best regards, Rita", "谢谢，已经好了！", "好了，谢谢", "问题已解决，辛苦了。", "确认修复，谢谢您",
])
def test_a_requester_confirms_the_fix_when_her_reply_only_thanks_and_confirms(text: str) -> None:
    assert reads_as_confirmation(text, NAMES)


@pytest.mark.parametrize("text", [
    "Thanks, but page two still jams.", "It is not fixed.", "Still broken", "It works?", "Thanks. Is it fixed?",
    "还是不行", "没好，谢谢", "好了吗？", "谢谢，但是第二页还是卡纸", "Hi", "", "Thanks " * 40,
])
def test_a_requester_reopens_the_incident_when_her_reply_says_anything_else(text: str) -> None:
    assert not reads_as_confirmation(text, NAMES)


def test_a_name_counts_only_when_it_is_someone_on_the_ticket() -> None:
    assert reads_as_confirmation("Thanks Sam", NAMES)
    assert not reads_as_confirmation("Thanks Bob", NAMES)
