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
    for path, period in view.periods:
        declared = period.get("durationInDays")
        if isinstance(declared, bool) or not isinstance(declared, (int, float)):
            continue
        start = parse_date(period.get("startDate"))
        end = parse_date(period.get("endDate") if period.get("endDate") is not None else period.get("maxExtentDate"))
        if start is None or end is None:
            continue
        applied = True
        actual = round((end - start).total_seconds() / 86400)
        if abs(actual - declared) > tolerance:
            problems.append(Problem(f"{path}/durationInDays", declared, {"declared": declared, "actual": actual}))
    return problems if applied else None
