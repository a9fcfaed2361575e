"""Consumption tax on an invoice, computed once per rate per invoice.

The stated rounding rule: the tax of each rate is rounded down to the yen (floor), once per rate per invoice,
never per line. Prices entered tax-excluded give the net per rate, and tax = floor(net × rate / 100); prices entered
tax-included give the gross per rate, and tax = floor(gross × rate / (100 + rate)). Integer arithmetic only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eventsys.models import PriceEntry

#: The standard rate and the reduced rate, in percent.
RATES = (10, 8)
STANDARD_RATE = 10


@dataclass(frozen=True)
class Line:
    description: str
    quantity: int
    unit_price_jpy: int
    rate_percent: int = STANDARD_RATE

    @property
    def amount_jpy(self) -> int:
        return self.quantity * self.unit_price_jpy


@dataclass(frozen=True)
class RateTotal:
    rate_percent: int
    net_jpy: int
    tax_jpy: int

    @property
    def gross_jpy(self) -> int:
        return self.net_jpy + self.tax_jpy


def tax_excluded(net_jpy: int, rate_percent: int) -> int:
    """The tax on a net amount, rounded down (a negative amount's tax is the negated tax of its size)."""
    sign = -1 if net_jpy < 0 else 1
    return sign * (abs(net_jpy) * rate_percent // 100)


def tax_included(gross_jpy: int, rate_percent: int) -> int:
    """The tax contained in a gross amount, rounded down."""
    sign = -1 if gross_jpy < 0 else 1
    return sign * (abs(gross_jpy) * rate_percent // (100 + rate_percent))


def totals_by_rate(lines: Iterable[Line], entry: PriceEntry) -> list[RateTotal]:
    """The lines' amounts summed by rate, with the tax of each rate computed once (rates in ascending order)."""
    sums: dict[int, int] = {}
    for line in lines:
        if line.rate_percent not in RATES:
            raise ValueError(f"unknown tax rate {line.rate_percent}")
        sums[line.rate_percent] = sums.get(line.rate_percent, 0) + line.amount_jpy
    totals = []
    for rate, amount in sorted(sums.items()):
        if entry == PriceEntry.TAX_INCLUDED:
            tax = tax_included(amount, rate)
            totals.append(RateTotal(rate, amount - tax, tax))
        else:
            totals.append(RateTotal(rate, amount, tax_excluded(amount, rate)))
    return totals


def grand_total(totals: Iterable[RateTotal]) -> int:
    return sum(total.gross_jpy for total in totals)
