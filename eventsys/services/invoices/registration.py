"""The qualified invoice issuer registration number: T and the 13-digit corporate number (法人番号).

The corporate number's first digit checks the other twelve (財務省令第七十号 第二条, as the National Tax Agency
publishes it): 9 − (Σ Pn × Qn mod 9), where Pn is the n-th digit of the twelve counted from the right and Qn is 1
for odd n and 2 for even n. Example: 7123456789012 (Σ = 74, 74 mod 9 = 2, 9 − 2 = 7).
"""

from __future__ import annotations

import re
import unicodedata

_FORMAT = re.compile(r"T\d{13}")


def check_digit(base: str) -> int:
    """The check digit of a 12-digit base number."""
    total = sum(int(digit) * (1 if n % 2 == 1 else 2) for n, digit in enumerate(reversed(base), start=1))
    return 9 - total % 9


def normalise(text: str) -> str:
    """Full-width letters and digits to ASCII, spaces and hyphens out, upper case: "ｔ７１２３-…" → "T7123…"."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text)).upper()


def is_valid(number: str) -> bool:
    """Whether `number` (normalised) is T and 13 digits whose first digit checks the other twelve."""
    if not _FORMAT.fullmatch(number):
        return False
    return int(number[1]) == check_digit(number[2:])
