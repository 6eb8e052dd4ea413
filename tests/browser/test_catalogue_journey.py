"""A requester orders a laptop from the catalogue, follows its approvals and progress; her manager approves by the
signed link in his mail; the service desk fulfils it; the laptop is then a CI owned by her. English and Chinese, on
a desktop and a phone."""
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import demo_app, serve

PHONE = 390
LINK = re.compile(r"/mail/link/[A-Za-z0-9_.\-]+")


@pytest.fixture(scope="module")
def catalogue_app(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Any:
    """The demo of `make run`: organisation, shipped processes and the demo catalogue."""
    from app.demo import create_demo_catalogue

    app = demo_app(tmp_path_factory.mktemp("catalogue"), sqlite_template, secrets.token_hex(32))
    with app.app_context():
        create_demo_catalogue()
    return app


@pytest.fixture(scope="module")
def live_server(catalogue_app: Any) -> Iterator[str]:
    """Serve the catalogue demo; yield its base URL."""
    yield from serve(catalogue_app)


def approval_link(app: Any, login: str) -> str:
    """Return the path of the signed approval link in the latest mail to a person."""
    from app.extensions import db
    from app.messaging.models import OutboxMessage

    with app.app_context():
        body = db.session.execute(select(OutboxMessage.body).where(
            OutboxMessage.event == "approval_requested", OutboxMessage.recipient == f"{login}@flowdesk.example")
            .order_by(OutboxMessage.id.desc())).scalars().first()
        db.session.remove()
    assert body, f"no approval mail to {login}"
    match = LINK.search(body)
    assert match, body
    return match.group(0)


def laptop_owner(app: Any, name: str) -> tuple[str | None, str] | None:
    """Return (owner, status) of a CI by name, or None."""
    from app.cmdb.models import ConfigurationItem
    from app.extensions import db

    with app.app_context():
        row = db.session.execute(select(ConfigurationItem.owner_login, ConfigurationItem.status).where(
            ConfigurationItem.name == name)).first()
        db.session.remove()
    return (row[0], row[1]) if row else None


def test_a_laptop_from_order_to_a_ci_owned_by_the_requester(page_as, screenshot, catalogue_app: Any) -> None:
    number = requester_orders_a_laptop(page_as, screenshot)
    requester_sees_approval_pending(page_as, screenshot, number)
    manager_approves_by_the_signed_link(page_as, screenshot, catalogue_app, number)
    service_desk_fulfils(page_as, number)
    assert laptop_owner(catalogue_app, "LT-2026-0042") == ("rita", "active")
    requester_sees_it_done_in_chinese(page_as, screenshot, number)
    diagrams_are_drawn_cleanly(page_as, screenshot)


def diagrams_are_drawn_cleanly(page_as, screenshot) -> None:  # type: ignore[no-untyped-def]
    page = page_as("olga")
    for process in ("catalogue_laptop", "catalogue_licence", "catalogue_access", "catalogue_new_starter",
                    "catalogue_vpn_token"):
        assert page.goto(f"/processes/{process}/model").status == 200
        page.wait_for_selector("#modeller.modeller-ready")
        screenshot(page, f"diagram-{process}")


def requester_orders_a_laptop(page_as, screenshot) -> str:  # type: ignore[no-untyped-def]
    page = page_as("rita")
    page.goto("/portal/catalogue")
    catalogue = page.locator("[data-testid=catalogue]")
    expect(catalogue.locator("[data-item=new-laptop]")).to_contain_text("8,000 CNY")
    assert catalogue.locator("[data-item=new-starter]").count() == 0  # for managers only
    screenshot(page, "catalogue-en-1280")
    page.fill("#q", "laptop")
    page.get_by_role("button", name="Search").click()
    expect(catalogue.locator("li")).to_have_count(1)
    catalogue.get_by_role("link", name="Order: New laptop").click()
    page.wait_for_url(re.compile(r"/portal/catalogue/new-laptop$"))
    page.select_option("#model", "performance")
    page.fill("#details", "My laptop no longer boots; I edit video for the training team.")
    screenshot(page, "catalogue-order-en-1280")
    page.get_by_role("button", name="Submit the request").click()
    page.wait_for_url(re.compile(r"/portal/receipt/REQ-\d+$"))
    receipt = page.locator("[data-testid=receipt]")
    expect(receipt).to_contain_text("Mona Manager")
    screenshot(page, "catalogue-receipt-en-1280")
    return page.url.rsplit("/", 1)[1]


def requester_sees_approval_pending(page_as, screenshot, number: str) -> None:  # type: ignore[no-untyped-def]
    page = page_as("rita")
    page.goto(f"/tickets/{number}")
    approvals = page.locator("[data-testid=approvals]")
    expect(approvals.locator("[data-state=pending]")).to_contain_text("Mona Manager")
    expect(page.locator("[data-testid=progress] [aria-current=step]")).to_contain_text("Approve as line manager")
    expect(page.locator("[data-testid=conversation]")).to_contain_text("Waiting for approval by Mona Manager.")
    screenshot(page, "catalogue-request-pending-en-1280")
    phone = page_as("rita", width=PHONE)
    phone.goto(f"/tickets/{number}")
    screenshot(phone, "catalogue-request-pending-en-390")


def manager_approves_by_the_signed_link(page_as, screenshot, app: Any,  # type: ignore[no-untyped-def]
                                        number: str) -> None:
    link = approval_link(app, "mona")
    page = page_as("mona")
    page.goto(link)
    expect(page.locator("[data-testid=mail-link]")).to_contain_text(number)
    screenshot(page, "catalogue-approval-link-en-1280")
    page.fill("#comment", "Approved: the training team needs it.")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator("[data-testid=mail-link]")).to_contain_text("your decision was recorded")
    page.goto(link)  # the link works once: answered, the task is gone
    expect(page.locator("[data-testid=mail-link]")).to_contain_text("no longer waits")


def complete_step(page, number: str, name: str, **values: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/tickets/{number}")
    page.locator("[data-testid=steps]").get_by_role("link", name=name).click()
    page.wait_for_url(re.compile(r"/tasks/"))
    for field, value in values.items():
        page.fill(f"#{field}", value)
    page.get_by_role("button", name="Complete task").click()
    page.wait_for_url(re.compile(rf"/tickets/{number}$"))


def service_desk_fulfils(page_as, number: str) -> None:  # type: ignore[no-untyped-def]
    page = page_as("sam")
    complete_step(page, number, "Prepare the laptop", asset_tag="LT-2026-0042")
    complete_step(page, number, "Hand over the laptop", fulfilment_note="Handed over at the desk on floor 3.")


def requester_sees_it_done_in_chinese(page_as, screenshot, number: str) -> None:  # type: ignore[no-untyped-def]
    page = page_as("rita")
    page.goto(f"/tickets/{number}")
    expect(page.locator("[data-testid=approvals] [data-state=approved]")).to_contain_text("Mona Manager")
    expect(page.locator("[data-testid=progress] [data-state=done]")).to_have_count(3)
    expect(page.locator("[data-testid=progress] [data-state=skipped]")).to_contain_text("Approve as cost-centre owner")
    expect(page.locator("[data-testid=conversation]")).to_contain_text("LT-2026-0042 handed over to Rita Requester.")
    screenshot(page, "catalogue-request-done-en-1280")
    with page.expect_navigation():
        page.select_option("#language", "zh_CN")
    expect(page.locator("[data-testid=approvals]")).to_contain_text("已批准")
    expect(page.locator("[data-testid=progress]")).to_contain_text("直属经理审批")
    screenshot(page, "catalogue-request-done-zh-1280")
    page.goto("/portal/catalogue")
    expect(page.locator("[data-testid=catalogue]")).to_contain_text("新笔记本电脑")
    screenshot(page, "catalogue-zh-1280")
    phone = page_as("rita", width=PHONE)
    phone.goto("/portal/catalogue")
    with phone.expect_navigation():
        phone.select_option("#language", "zh_CN")
    screenshot(phone, "catalogue-zh-390")
    phone.goto("/portal/catalogue/new-laptop")
    screenshot(phone, "catalogue-order-zh-390")
    phone.goto(f"/tickets/{number}")
    screenshot(phone, "catalogue-request-done-zh-390")
