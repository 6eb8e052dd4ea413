"""Durations kept as counts in fixed logarithmic buckets, so the percentiles of any set of days merge exactly.

Why buckets and not a t-digest: a t-digest's centroids depend on the order values arrive in, so a digest built
incrementally day after day differs from one rebuilt from scratch, and merging digests is approximate. Fixed
buckets are plain counts: adding the counts of two days (or subtracting a ticket that changed) gives exactly
the histogram of their union, whatever the order, so the roll-up rebuilt from scratch equals the incremental one.
The price is precision: BUCKETS_PER_DOUBLING = 8 buckets per doubling of a duration, each bucket reported by its
geometric middle, puts a percentile within about 4.5 % of the exact one (2 ** (1/16) - 1); durations under a
minute share bucket 0, reported as 30 seconds.
"""
import math
from collections.abc import Mapping

BUCKETS_PER_DOUBLING = 8
FIRST_BOUND_SECONDS = 60.0


def bucket_of(seconds: float) -> int:
    """Return the bucket of a duration: 0 below a minute, then 8 buckets per doubling."""
    if seconds < FIRST_BOUND_SECONDS:
        return 0
    return 1 + int(math.floor(BUCKETS_PER_DOUBLING * math.log2(seconds / FIRST_BOUND_SECONDS)))


def bucket_middle_seconds(bucket: int) -> float:
    """Return the duration a bucket stands for: the geometric middle of its bounds (30 seconds for bucket 0)."""
    if bucket <= 0:
        return FIRST_BOUND_SECONDS / 2
    low = FIRST_BOUND_SECONDS * 2 ** ((bucket - 1) / BUCKETS_PER_DOUBLING)
    return low * 2 ** (0.5 / BUCKETS_PER_DOUBLING)


def percentile_seconds(counts: Mapping[int, int], share: float) -> float | None:
    """Return the nearest-rank percentile (share 0.5 for the median) of a histogram, None for an empty one."""
    total = sum(counts.values())
    if total <= 0:
        return None
    rank = max(1, math.ceil(share * total))
    seen = 0
    for bucket in sorted(counts):
        seen += counts[bucket]
        if seen >= rank:
            return bucket_middle_seconds(bucket)
    return bucket_middle_seconds(max(counts))
