"""Fast random draws for per-teacher code.

`random.Random.randint`, `choices` and `gauss` cost microseconds each in pure
Python; a region draws millions of values, so the per-teacher code uses these
thin wrappers over `Random.random()` (a C call) with precomputed cumulative
weights. They are deterministic for a given `Random` just the same.
"""

from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from random import Random
from statistics import NormalDist
from typing import TypeVar

T = TypeVar("T")


def randint(rng: Random, low: int, high: int) -> int:
    """An integer in [low, high], both included."""
    return low + int(rng.random() * (high - low + 1))


def cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    return tuple(accumulate(weights))


def weighted(rng: Random, items: Sequence[T], cum: Sequence[float]) -> T:
    """One of `items`, with cumulative weights `cum` (from `cumulative`)."""
    return items[min(bisect(cum, rng.random() * cum[-1]), len(items) - 1)]


#: standard normal quantiles at evenly spaced probabilities: one lookup per draw
_QUANTILES = 4096
STANDARD_NORMAL = tuple(NormalDist().inv_cdf((i + 0.5) / _QUANTILES) for i in range(_QUANTILES))


def normal(rng: Random, mu: float, sigma: float) -> float:
    """A normal value, quantized to 4096 levels (plenty for scores and ages)."""
    return mu + sigma * STANDARD_NORMAL[int(rng.random() * _QUANTILES)]


def subset(rng: Random, n: int, share: float) -> set[int]:
    """A random subset of range(n) of size n·share, randomly rounded.

    Used where a profile sets a share for a whole organization: drawing each
    teacher independently would let a small school miss it widely by chance.
    """
    return set(rng.sample(range(n), min(n, int(n * share + rng.random()))))


def choice(rng: Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]
