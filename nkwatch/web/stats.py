"""What the trend charts show, counted from the store's report facts (pure functions)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

#: Months shown in the per-month chart: the latest ones that have reports.
MONTHS_SHOWN = 24


def per_month_by_agency(
    facts: Iterable[Mapping[str, Any]],
) -> list[tuple[str, dict[str, int]]]:
    """``[(YYYY-MM, {agency: reports})]`` for the latest months, oldest first.

    A report naming two agencies counts once for each; months between two that have
    reports are shown empty, so the time axis is even.
    """
    months: dict[str, Counter[str]] = defaultdict(Counter)
    for fact in facts:
        month = (fact.get("published_at") or "")[:7]
        if not month:
            continue
        agencies = fact.get("agencies") or ["(none named)"]
        months[month].update(agencies)
    if not months:
        return []
    every = _month_range(min(months), max(months))[-MONTHS_SHOWN:]
    return [(month, dict(months.get(month, {}))) for month in every]


def by_province(facts: Iterable[Mapping[str, Any]]) -> list[tuple[str, int]]:
    """``[(province, reports)]``, most reports first."""
    counts: Counter[str] = Counter()
    for fact in facts:
        counts.update(set(fact.get("provinces") or ()))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def amounts_by_currency(
    facts: Iterable[Mapping[str, Any]],
) -> dict[str, list[tuple[str, float]]]:
    """``{currency: [(YYYY-MM, total named)]}``, oldest month first, the busiest currency first."""
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for fact in facts:
        month = (fact.get("published_at") or "")[:7]
        for amount in fact.get("amounts") or ():
            currency = str(amount.get("currency") or "?")
            value = amount.get("value")
            if month and isinstance(value, int | float) and value >= 0:
                totals[currency][month] += float(value)
    ordered = sorted(totals, key=lambda c: (-len(totals[c]), c))
    return {
        currency: sorted(totals[currency].items())[-MONTHS_SHOWN:]
        for currency in ordered
    }


def agencies_in(months: list[tuple[str, dict[str, int]]]) -> list[str]:
    """The agencies of the per-month chart, the most counted first (the legend's order)."""
    counts: Counter[str] = Counter()
    for _, by_agency in months:
        counts.update(by_agency)
    return [agency for agency, _ in counts.most_common()]


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
