"""GTIN-13 / ISBN-13 / GLN check digits for the sample generator.

The generator must produce identifiers that a real validator accepts (and, for the Q08/Q09 defects,
ones it must reject), so the GS1 mod-10 arithmetic lives here once. It is deliberately tiny and has
no knowledge of ONIX: the writer and the defect registry only ever ask for "a valid 13-digit code
for these 12 digits" or "the same code with a wrong check digit".
"""

from __future__ import annotations


def check_digit(first12: str) -> str:
    """Return the GS1 mod-10 check digit of 12 digits (shared by GTIN-13, ISBN-13 and GLN)."""
    if len(first12) != 12 or not first12.isdigit():
        raise ValueError(f"need exactly 12 digits, got {first12!r}")
    # Weights alternate 1, 3 from the left for a 13-digit code; summing the ASCII bytes and removing
    # the offset of "0" (48) is several times faster than int() per digit, and this runs per product.
    raw = first12.encode("ascii")
    total = sum(raw[0::2]) + 3 * sum(raw[1::2]) - 48 * 24
    return str((10 - total % 10) % 10)


def gtin13(first12: str) -> str:
    """Complete 12 digits to a valid 13-digit GTIN."""
    return first12 + check_digit(first12)


def with_wrong_check_digit(code: str) -> str:
    """Return ``code`` with a check digit that is certainly wrong (for the Q08 defect)."""
    good = check_digit(code[:12])
    # Any other digit is wrong; a fixed offset keeps the result deterministic.
    return code[:12] + str((int(good) + 3) % 10)


def isbn_stem(group_prefix: str, body: str) -> str:
    """Join an EAN prefix (e.g. ``9798``) and a body to the 12 digits an ISBN-13 is made from."""
    stem = group_prefix + body
    if len(stem) != 12 or not stem.isdigit():
        raise ValueError(f"ISBN stem must be 12 digits, got {stem!r}")
    return stem


def isbn10(isbn13: str) -> str:
    """The ISBN-10 of a 978 ISBN-13 (mod-11 check digit, ``X`` for ten), as legacy 2.1 feeds send it."""
    if len(isbn13) != 13 or not isbn13.startswith("978"):
        raise ValueError(f"only a 978 ISBN-13 has an ISBN-10, got {isbn13!r}")
    body = isbn13[3:12]
    total = sum((10 - i) * int(d) for i, d in enumerate(body))
    check = (11 - total % 11) % 11
    return body + ("X" if check == 10 else str(check))
