"""``quality.duration``: ``durationInDays`` matches the span from ``startDate`` to ``endDate`` (or
``maxExtentDate`` when there is no ``endDate``), within ``QualityConfig.duration_tolerance`` days."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import parse_date
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.duration"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per period whose declared duration is off; ``None`` if no period can be measured."""
    tolerance = view.config.duration_tolerance
    applied = False
    problems = []
    for path, period, start, end in view.periods:
        declared = period.get("durationInDays")
        if start is None or type(declared) is bool or not isinstance(declared, (int, float)):
            continue
        if period.get("endDate") is None:
            end = parse_date(period.get("maxExtentDate"))
        if end is None:
            continue
        applied = True
        actual = round((end - start).total_seconds() / 86400)
        if abs(actual - declared) > tolerance:
            problems.append(Problem(f"{path}/durationInDays", declared, {"declared": declared, "actual": actual}))
    return problems if applied else None
