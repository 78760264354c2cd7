"""Consistency of amounts and durations within a compiled release."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ocds_regency.validate.checks import Check, Problem, QualityConfig
from ocds_regency.validate.checks._util import amount, as_list, as_map, parse_date, values_with_paths
from ocds_regency.validate.checks.coherence import _periods

__all__ = ["CHECKS"]


def _ratio(value: float) -> str:
    return f"{value:.0%}"


def contract_value(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """For each award, the total of its contracts is within the configured ratio of the award value."""
    totals: dict[object, float] = {}
    currencies: dict[object, list[object]] = {}  # a list: an invalid currency may be unhashable
    for contract in as_list(release.get("contracts")):
        contract = as_map(contract)
        award_id = contract.get("awardID")
        value = amount(contract.get("value"))
        if isinstance(award_id, (str, int)) and value is not None:
            totals[award_id] = totals.get(award_id, 0.0) + value[0]
            currencies.setdefault(award_id, []).append(value[1])
    low, high = config.contract_award_ratio
    applied = False
    problems = []
    for i, award in enumerate(as_list(release.get("awards"))):
        award = as_map(award)
        award_id = award.get("id")
        value = amount(award.get("value"))
        if not isinstance(award_id, (str, int)) or value is None or value[0] == 0 or award_id not in totals:
            continue
        if any(other != value[1] for other in currencies[award_id]):
            continue
        applied = True
        ratio = totals[award_id] / value[0]
        if not low <= ratio <= high:
            problems.append(
                Problem(
                    f"/awards/{i}/value",
                    award["value"],
                    {"ratio": _ratio(ratio), "low": _ratio(low), "high": _ratio(high)},
                )
            )
    return problems if applied else None


def tender_budget(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """The budget amount is within the configured ratio of the tender value."""
    budget = amount(as_map(as_map(release.get("planning")).get("budget")).get("amount"))
    tender = amount(as_map(release.get("tender")).get("value"))
    if budget is None or tender is None or tender[0] == 0 or budget[1] != tender[1]:
        return None
    low, high = config.tender_budget_ratio
    ratio = budget[0] / tender[0]
    if low <= ratio <= high:
        return []
    value = release["planning"]["budget"]["amount"]
    return [
        Problem("/planning/budget/amount", value, {"ratio": _ratio(ratio), "low": _ratio(low), "high": _ratio(high)})
    ]


def transactions_value(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """The transactions of a contract don't add up to more than the contract value."""
    applied = False
    problems = []
    for i, contract in enumerate(as_list(release.get("contracts"))):
        contract = as_map(contract)
        value = amount(contract.get("value"))
        transactions = as_list(as_map(contract.get("implementation")).get("transactions"))
        if value is None or not transactions:
            continue
        paid = [amount(as_map(tx).get("value")) for tx in transactions]
        same = [p[0] for p in paid if p is not None and p[1] == value[1]]
        if not same:
            continue
        applied = True
        total = sum(same)
        if total > value[0] + 1e-6 * max(1.0, abs(value[0])):
            problems.append(
                Problem(
                    f"/contracts/{i}/implementation/transactions",
                    round(total, 2),
                    {"total": round(total, 2), "contract": value[0]},
                )
            )
    return problems if applied else None


def duration(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """``durationInDays`` matches the span from ``startDate`` to ``endDate`` (or ``maxExtentDate``)."""
    applied = False
    problems = []
    for path, period in _periods(release):
        declared = period.get("durationInDays")
        if isinstance(declared, bool) or not isinstance(declared, (int, float)):
            continue
        start = parse_date(period.get("startDate"))
        end = parse_date(period.get("endDate") if period.get("endDate") is not None else period.get("maxExtentDate"))
        if start is None or end is None:
            continue
        applied = True
        actual = round((end - start).total_seconds() / 86400)
        if abs(actual - declared) > config.duration_tolerance:
            problems.append(Problem(f"{path}/durationInDays", declared, {"declared": declared, "actual": actual}))
    return problems if applied else None


def value_realistic(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """Every amount is within ± ``value_limit_usd`` (5 billion US dollars) once converted with the
    configured rate of its currency (Pelican's ``coherent.value_realistic``; no rates are fetched, a
    currency without a configured rate is not checked)."""
    rates = dict(config.usd_rates)
    limit = config.value_limit_usd
    applied = False
    problems = []
    for path, value in values_with_paths(release):
        found = amount(value)
        if found is None or type(found[1]) is not str or found[1] not in rates:
            continue
        applied = True
        in_usd = found[0] / rates[found[1]]
        if abs(in_usd) > limit:
            problems.append(
                Problem(
                    f"{path}/amount",
                    value["amount"],
                    {"amount": value["amount"], "currency": found[1], "usd": round(in_usd), "limit": f"{limit:,.0f}"},
                )
            )
    return problems if applied else None


#: Separators before a suffix that makes a payment number unique ("R-12" and "R-12-7f3a9c01").
_SUFFIX_SEPARATORS = frozenset("-_#/. ")
_MAX_SUFFIX = 12


def _same_number(first: object, second: object) -> bool:
    """The two transaction ids are the same payment number, one perhaps with a short suffix."""
    if type(first) is not str or type(second) is not str:
        return first is not None and first == second and type(first) is type(second)
    if len(first) > len(second):
        first, second = second, first
    if first == second:
        return True
    rest = second[len(first) :]
    return (
        bool(first)
        and second.startswith(first)
        and rest[0] in _SUFFIX_SEPARATORS
        and 0 < len(rest) - 1 <= _MAX_SUFFIX
        and rest[1:].isalnum()
    )


def _day(value: object) -> object:
    moment = parse_date(value)
    return None if moment is None else moment.date()


def _payee(tx: Mapping[str, Any]) -> object:
    ident = as_map(tx.get("payee")).get("id")
    return (type(ident), ident) if isinstance(ident, (str, int, float)) and type(ident) is not bool else None


#: What tells two payments of one amount apart: (date, payee, id).
_Payment = tuple[object, object, object]


def _payment(tx: Mapping[str, Any]) -> _Payment:
    return _day(tx.get("date")), _payee(tx), tx.get("id")


def repeat_reason(payment: _Payment, other: _Payment) -> str | None:
    """Why two payments of the same amount are one payment recorded twice (``None``: they are not).

    ``same_day_payee``: the same calendar date and the same payee (both known); ``same_number``: the
    same payment number. Payments without a payee (withheld, or never recorded) are told apart by
    their numbers only.
    """
    day, payee, ident = payment
    other_day, other_payee, other_ident = other
    if day is not None and payee is not None and day == other_day and payee == other_payee:
        return "same_day_payee"
    if _same_number(ident, other_ident):
        return "same_number"
    return None


def _order(path: str) -> tuple[int, ...]:
    return tuple(int(part) for part in path.split("/") if part.isdigit())


def duplicate_transaction(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """No payment recorded twice in a contract: two transactions with the same amount and currency and
    either the same date and the same (known) payee, or the same payment number (equal ids, or one id is
    the other plus a short suffix, as a converter makes ids unique). Applies to contracts with at least
    two transactions that have an amount."""
    applied = False
    problems = []
    for i, contract in enumerate(as_list(release.get("contracts"))):
        transactions = as_list(as_map(as_map(contract).get("implementation")).get("transactions"))
        valued = []
        for t, tx in enumerate(transactions):
            tx = as_map(tx)
            value = amount(tx.get("value"))
            if value is not None and isinstance(value[1], (str, type(None))):
                valued.append((t, tx, value))
        if len(valued) < 2:
            continue
        applied = True
        by_amount: dict[tuple[float, object], list[tuple[int, Mapping[str, Any]]]] = {}
        for t, tx, value in valued:
            by_amount.setdefault(value, []).append((t, tx))
        for same in by_amount.values():
            if len(same) < 2:
                continue
            seen: list[tuple[Mapping[str, Any], _Payment]] = []
            for t, tx in same:
                payment = _payment(tx)
                for other, other_payment in seen:
                    reason = repeat_reason(payment, other_payment)
                    if reason is None:
                        continue
                    problems.append(
                        Problem(
                            f"/contracts/{i}/implementation/transactions/{t}",
                            tx.get("id"),
                            {"other": other.get("id"), "amount": tx["value"]["amount"], "reason": reason},
                        )
                    )
                    break
                seen.append((tx, payment))
        problems.sort(key=lambda problem: _order(problem.path))
    return problems if applied else None


CHECKS: dict[str, Check] = {
    "quality.contract_value": contract_value,
    "quality.tender_budget": tender_budget,
    "quality.transactions_value": transactions_value,
    "quality.duration": duration,
    "quality.value_realistic": value_realistic,
    "quality.duplicate_transaction": duplicate_transaction,
}
