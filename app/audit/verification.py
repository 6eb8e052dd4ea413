"""Verify the whole history from the web, part by part, so the auditor sees the progress and the first broken event.

Each part checks a few streams whole against the signed checkpoints (history.verify_part); the parts together find
what `flowdesk verify-history` finds. The first part also checks the checkpoints themselves and counts the streams.
"""
from dataclasses import dataclass

from app.organisation.policies import Actor, check_may_verify_all_history
from app.workflow.instances.history import ChainBreak, count_streams, read_checkpoints, verify_part

STREAMS_PER_PART = 200


@dataclass(frozen=True)
class VerificationStep:
    """One part's answer: what it checked, what breaks, and where the next part starts (None: the last part)."""

    checked: int
    streams: int
    total_streams: int | None  # counted by the first part only
    breaks: list[ChainBreak]
    after: str | None


def verify_history_step(actor: Actor, after: str = "", streams: int = STREAMS_PER_PART) -> VerificationStep:
    """Verify the next part of the whole history for an auditor or admin (after="" begins, with the checkpoints)."""
    check_may_verify_all_history(actor)
    anchors, checkpoint_breaks = read_checkpoints()
    part = verify_part(anchors, after, streams)
    first = after == ""
    return VerificationStep(part.checked, part.streams, count_streams() if first else None,
                            (checkpoint_breaks if first else []) + part.breaks, part.after)
