"""Fast seeded choices for the generator, built on ``Random.random()`` only.

``random.Random.choice``/``sample``/``randint`` are correct but slow (several Python-level calls each,
plus an ABC check in ``sample``), and a benchmark feed makes tens of choices per product for tens of
thousands of products. These helpers draw from the same seeded generator, so output stays
deterministic; they only trade the exact uniformity of ``_randbelow`` (irrelevant for sample data)
for speed.
"""

from __future__ import annotations

from collections.abc import Sequence
from random import Random
from typing import TypeVar

T = TypeVar("T")


def pick(rng: Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


def between(rng: Random, low: int, high: int) -> int:
    """An integer in ``[low, high]``, both ends included."""
    return low + int(rng.random() * (high - low + 1))


def some(rng: Random, items: Sequence[T], count: int) -> list[T]:
    """``count`` distinct items in random order (a partial Fisher-Yates shuffle)."""
    pool = list(items)
    if not 0 <= count <= len(pool):
        raise ValueError(f"cannot pick {count} of {len(pool)} items")
    for i in range(count):
        j = i + int(rng.random() * (len(pool) - i))
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:count]


def weighted(rng: Random, items: Sequence[tuple[T, int]]) -> T:
    """One item of ``(item, weight)`` pairs, with probability proportional to its weight."""
    total = sum(w for _, w in items)
    roll = rng.random() * total
    for item, weight in items:
        roll -= weight
        if roll < 0:
            return item
    return items[-1][0]
