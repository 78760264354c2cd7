"""``quality.tender_budget``: the budget amount is within ``QualityConfig.tender_budget_ratio`` of the
tender value (same currency)."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import ratio_text
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.tender_budget"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem on the budget amount; ``None`` unless both amounts are there in one currency."""
    budget, tender = view.budget_amount, view.tender_value
    if budget is None or tender is None or tender[0] == 0 or budget[1] != tender[1]:
        return None
    low, high = view.config.tender_budget_ratio
    ratio = budget[0] / tender[0]
    if low <= ratio <= high:
        return []
    params: dict[str, object] = {"ratio": ratio_text(ratio), "low": ratio_text(low), "high": ratio_text(high)}
    return [Problem("/planning/budget/amount", view.budget["amount"], params)]
