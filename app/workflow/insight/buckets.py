"""Durations kept as counts in fixed log-scaled buckets, so that percentiles come from summing buckets.

Bucket 0 holds durations under one second; bucket b (1..LAST_BUCKET) holds [2^((b-1)/4), 2^(b/4)) seconds,
each a factor 2^(1/4) (about 1.19) wider than the one before; the last also holds everything longer (2^25 s is
about 388 days). A percentile read from the buckets is the bucket's geometric middle, so it is within 2^(1/8)
(about 9%) of the true value: exact enough to say where time goes, not to bill it.
"""
import math
from collections.abc import Mapping

STEPS_PER_DOUBLING = 4
LAST_BUCKET = 25 * STEPS_PER_DOUBLING


def bucket_of(seconds: float) -> int:
    """Return the bucket a duration falls into."""
    if seconds < 1:
        return 0
    return min(LAST_BUCKET, 1 + math.floor(math.log2(seconds) * STEPS_PER_DOUBLING))


def bucket_middle(bucket: int) -> float:
    """Return the seconds a bucket stands for: the geometric middle of its bounds (half a second for bucket 0)."""
    if bucket == 0:
        return 0.5
    return float(2 ** ((bucket - 0.5) / STEPS_PER_DOUBLING))


def percentile(counts: Mapping[int, int], share: float) -> float | None:
    """Return the duration (seconds) below which `share` (0..1] of the counted durations fall, or None if none."""
    total = sum(counts.values())
    if total == 0:
        return None
    rank = max(1, math.ceil(share * total))
    seen = 0
    for bucket in sorted(counts):
        seen += counts[bucket]
        if seen >= rank:
            return bucket_middle(bucket)
    return bucket_middle(max(counts))
