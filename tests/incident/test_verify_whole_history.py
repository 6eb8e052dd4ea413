"""The whole history verified from the web, part by part: the parts together find what `flowdesk verify-history`
finds (an altered event, a chain deleted after a signed checkpoint), the page's JSON names the first broken event
of each chain with a link to its replay, and only auditors and admins may run it."""
from typing import Any

import pytest
from sqlalchemy import delete, update

from app.extensions import db
from app.workflow.instances.history import (
    HISTORY_TABLE,
    read_checkpoints,
    verify_history,
    verify_part,
    write_checkpoint,
)
from tests.incident.conftest import Desk


def tamper(desk: Desk) -> tuple[int, int, int]:
    """Log three incidents; alter an event of the first, delete the second's whole chain after a checkpoint."""
    ids = [desk.log(title=title).instance_id for title in ("Printer jams", "VPN drops", "Mail bounces")]
    write_checkpoint(desk.clock.now())
    db.session.execute(update(HISTORY_TABLE).where(HISTORY_TABLE.c.instance_id == ids[0],
                                                   HISTORY_TABLE.c.seq == 1).values(actor="mallory"))
    db.session.execute(delete(HISTORY_TABLE).where(HISTORY_TABLE.c.instance_id == ids[1]))
    db.session.commit()
    return ids[0], ids[1], ids[2]


def in_parts(streams: int) -> tuple[int, list[tuple[str, int, str]], int]:
    """Verify the whole history part by part; return the events checked, the breaks, and how many parts it took."""
    anchors, breaks = read_checkpoints()
    found = [(b.stream, b.seq, b.reason) for b in breaks]
    checked, after, parts = 0, "", 0
    while after is not None:
        part = verify_part(anchors, after, streams)
        checked, parts = checked + part.checked, parts + 1
        found += [(b.stream, b.seq, b.reason) for b in part.breaks]
        after = part.after
    return checked, found, parts


@pytest.mark.parametrize("streams", [1, 2, 200])
def test_the_parts_together_find_what_verify_history_finds(desk: Desk, unguarded_history: None,
                                                            streams: int) -> None:
    altered, deleted, _ = tamper(desk)
    whole_checked, whole_breaks = verify_history()
    checked, found, parts = in_parts(streams)
    assert checked == whole_checked
    assert sorted(found) == sorted((b.stream, b.seq, b.reason) for b in whole_breaks)
    assert {stream for stream, _, _ in found} == {f"instance:{altered}", f"instance:{deleted}"}
    assert parts >= (3 // streams)  # three instance streams and the deployments' were split into parts


def part_as(client: Any, after: str = "") -> Any:
    """Ask the page's JSON for one part."""
    return client.get("/history/verify/part", query_string={"after": after} if after else {})


def test_an_auditor_runs_it_from_the_page_and_each_break_links_to_its_replay(desk: Desk, unguarded_history: None,
                                                                              client, sign_in) -> None:
    altered, deleted, intact = tamper(desk)
    sign_in("audrey")
    page = client.get("/history/verify")
    assert page.status_code == 200 and 'data-testid="verify-everything"' in page.get_data(as_text=True)
    first = part_as(client)
    assert first.status_code == 200 and first.json["total_streams"] >= 3
    breaks, answer = list(first.json["breaks"]), first.json
    while answer["after"] is not None:
        answer = part_as(client, answer["after"]).json
        assert answer["total_streams"] is None
        breaks += answer["breaks"]
    by_stream = {found["stream"]: found for found in breaks}
    assert set(by_stream) == {f"instance:{altered}", f"instance:{deleted}"}
    assert by_stream[f"instance:{altered}"]["replay"] == f"/instances/{altered}/replay"
    assert "altered" in by_stream[f"instance:{altered}"]["message"]
    assert "missing" in by_stream[f"instance:{deleted}"]["reason"]
    assert part_as(client, "x" * 201).status_code == 400


@pytest.mark.parametrize("login", ["sam", "rita", "olga"])
def test_agents_requesters_and_process_owners_may_not_verify_everything(desk: Desk, client, sign_in,
                                                                        login: str) -> None:
    sign_in(login)
    assert client.get("/history/verify").status_code == 403
    assert part_as(client).status_code == 403
