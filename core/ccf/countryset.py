"""Country sets as fixed-width bitsets: how CCF stores `for_sale`, `not_for_sale` and price countries.

A product's rights name most of the world's 249 countries; as lists that is 500 strings per product to
validate, stage and scan. As 256-bit `BIT` values a set is one column value, and set rules (a country both
for sale and not for sale, a price outside the market) are bitwise operations in DuckDB. The bit of a
country is its line in `countries.txt`, generated from pycountry and only ever appended to (`python -m
core.ccf.countryset --append`), so stored bitsets keep their meaning when ISO 3166 grows.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pycountry

WIDTH = 256
FULL = (1 << WIDTH) - 1
ORDER_FILE = Path(__file__).with_name("countries.txt")


@cache
def order() -> tuple[str, ...]:
    """The country of each bit position."""
    return tuple(line.strip() for line in ORDER_FILE.read_text(encoding="ascii").splitlines() if line.strip())


@cache
def _bits() -> dict[str, int]:
    codes = order()
    if len(codes) > WIDTH:
        raise RuntimeError(f"{len(codes)} countries do not fit in {WIDTH} bits")
    return {code: 1 << (WIDTH - 1 - position) for position, code in enumerate(codes)}


@cache
def _everything() -> tuple[frozenset[str], int]:
    return frozenset(_bits()), sum(_bits().values())


def to_mask(codes: list[str] | set[str] | tuple[str, ...]) -> int:
    # Distinct powers of two: their sum is their union. Rights are mostly "the world but a few", so a
    # large set is built from its small complement (big-integer sums are what costs here).
    bits = _bits()
    wanted = set(codes)
    if len(wanted) > len(bits) // 2:
        every, full = _everything()
        unknown = wanted - every
        if unknown:
            raise KeyError(sorted(unknown)[0])
        return full - sum(map(bits.__getitem__, every - wanted))
    return sum(map(bits.__getitem__, wanted))


def to_bits(codes: list[str] | set[str] | tuple[str, ...]) -> str:
    """The set as a DuckDB BIT literal: WIDTH characters, the first for the first country of the order."""
    return format(to_mask(codes), f"0{WIDTH}b")


def from_bits(value: str | bytes | None) -> list[str]:
    """A stored set back as sorted ISO codes: from a BIT literal ('0110...') or DuckDB's binary form."""
    if value is None:
        return []
    # DuckDB's binary form of a BIT is a byte counting the padding bits, then the bits, padded in front.
    mask = int.from_bytes(value[1:], "big") & FULL if isinstance(value, bytes) else int(value, 2)
    codes = order()
    found = []
    while mask:
        low = mask & -mask
        found.append(codes[WIDTH - low.bit_length()])
        mask ^= low
    return sorted(found)


def missing() -> list[str]:
    """ISO codes pycountry knows that the order does not have yet."""
    known = set(order())
    return sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 not in known)


def main(argv: list[str]) -> int:
    new = missing()
    if "--append" in argv and new:
        with ORDER_FILE.open("a", encoding="ascii") as f:
            f.write("".join(f"{code}\n" for code in new))
        print(f"appended {', '.join(new)} to {ORDER_FILE}")
        return 0
    print(f"{len(order())} countries in the order; not yet in it: {', '.join(new) or 'none'}")
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
