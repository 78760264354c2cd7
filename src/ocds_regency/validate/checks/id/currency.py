"""``id.currency``: every amount is in the expected currency (``QualityConfig.expected_currency``, ``IDR``
by default; ``None`` turns the check off); one finding per other currency."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "id.currency"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem on the first amount in each other currency; ``None`` if no amount has a currency."""
    expected = view.config.expected_currency
    applied = False
    problems = []
    reported: set[str] = set()
    for path, value in view.values:
        code = value.get("currency")
        if not isinstance(code, str):
            continue
        applied = True
        if code != expected and code not in reported:
            reported.add(code)
            problems.append(Problem(f"{path}/currency", code, {"currency": code, "expected": expected}))
    return problems if applied else None
