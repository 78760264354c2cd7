"""``quality.contract_status``: no transactions on a pending or cancelled contract."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.contract_status"

_INACTIVE_CONTRACT = frozenset({"pending", "cancelled"})


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per inactive contract with transactions; ``None`` if no contract has a status."""
    applied = False
    problems = []
    for at, contract, _implementation, transactions, _value in view.contracts:
        status = contract.get("status")
        if not isinstance(status, str):
            continue
        applied = True
        if status in _INACTIVE_CONTRACT and transactions:
            problems.append(Problem(f"/contracts/{at}/status", status, {"status": status}))
    return problems if applied else None
