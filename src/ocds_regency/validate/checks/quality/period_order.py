"""``quality.period_order``: ``startDate`` ≤ ``endDate`` in every period (tender, budget, award and contract
periods)."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.period_order"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per period that ends before it starts; ``None`` if no period has both dates."""
    applied = False
    problems = []
    for path, period, start, end in view.periods:
        if start is None or end is None:
            continue
        applied = True
        if start > end:
            value = {"startDate": period["startDate"], "endDate": period["endDate"]}
            problems.append(Problem(path, value, {"start": period["startDate"], "end": period["endDate"]}))
    return problems if applied else None
