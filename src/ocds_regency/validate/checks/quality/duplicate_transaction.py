"""``quality.duplicate_transaction``: no payment recorded twice in a contract.

Two transactions with the same amount and currency and either the same date and the same (known) payee,
or the same payment number (equal ids, or one id is the other plus a short suffix, as a converter makes
ids unique). Applies to contracts with at least two transactions that have an amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import amount, as_map, parse_date
from ocds_regency.validate.checks.view import ReleaseView

__all__ = ["CODE", "check", "repeat_reason"]

CODE = "quality.duplicate_transaction"

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


def _repeats(contract: int, same: list[tuple[int, Mapping[str, Any]]]) -> list[Problem]:
    """A problem per payment of ``same`` (transactions of one amount) that repeats an earlier one."""
    problems = []
    seen: list[tuple[Mapping[str, Any], _Payment]] = []
    for t, tx in same:
        payment = _payment(tx)
        for other, other_payment in seen:
            reason = repeat_reason(payment, other_payment)
            if reason is None:
                continue
            params = {"other": other.get("id"), "amount": tx["value"]["amount"], "reason": reason}
            problems.append(Problem(f"/contracts/{contract}/implementation/transactions/{t}", tx.get("id"), params))
            break
        seen.append((tx, payment))
    return problems


def _order(path: str) -> tuple[int, ...]:
    return tuple(int(part) for part in path.split("/") if part.isdigit())


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per repeated payment, in the order of the transactions; ``None`` if no contract has two
    payments with an amount."""
    applied = False
    problems: list[Problem] = []
    for at, _contract, _implementation, transactions, _value in view.contracts:
        if len(transactions) < 2:
            continue
        # Only payments of the same amount and currency can repeat each other.
        by_amount: dict[tuple[float, object], list[tuple[int, Mapping[str, Any]]]] = {}
        valued = 0
        for t, tx in enumerate(transactions):
            value = amount(tx.get("value")) if type(tx) is dict else None
            if value is not None and isinstance(value[1], (str, type(None))):
                valued += 1
                by_amount.setdefault(value, []).append((t, tx))
        if valued < 2:
            continue
        applied = True
        if len(by_amount) == valued:
            continue  # every amount differs
        for same in by_amount.values():
            if len(same) > 1:
                problems.extend(_repeats(at, same))
    if not applied:
        return None
    problems.sort(key=lambda problem: _order(problem.path))  # by contract, then transaction
    return problems
