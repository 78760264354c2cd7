"""``quality.transactions_value``: the transactions of a contract don't add up to more than the contract
value (those in the contract's currency)."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import amount
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.transactions_value"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per contract paid beyond its value; ``None`` if no contract has comparable payments."""
    applied = False
    problems = []
    for at, _contract, _implementation, transactions, value in view.contracts:
        if not transactions or value is None:
            continue
        paid = [amount(tx.get("value")) if type(tx) is dict else None for tx in transactions]
        same = [p[0] for p in paid if p is not None and p[1] == value[1]]
        if not same:
            continue
        applied = True
        total = sum(same)
        if total > value[0] + 1e-6 * max(1.0, abs(value[0])):
            path = f"/contracts/{at}/implementation/transactions"
            problems.append(Problem(path, round(total, 2), {"total": round(total, 2), "contract": value[0]}))
    return problems if applied else None
