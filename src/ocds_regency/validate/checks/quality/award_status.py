"""``quality.award_status``: no contract refers to a pending, cancelled or unsuccessful award."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.award_status"

_INACTIVE_AWARD = frozenset({"pending", "cancelled", "unsuccessful"})


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per contract of an inactive award; ``None`` if no contract's award has a status."""
    awards = view.awards_by_id
    applied = False
    problems = []
    for at, contract, _implementation, _transactions, _value in view.contracts:
        award_id = contract.get("awardID")
        if not isinstance(award_id, (str, int)) or award_id not in awards:
            continue
        status = awards[award_id].get("status")
        if not isinstance(status, str):
            continue
        applied = True
        if status in _INACTIVE_AWARD:
            problems.append(Problem(f"/contracts/{at}/awardID", award_id, {"status": status}))
    return problems if applied else None
