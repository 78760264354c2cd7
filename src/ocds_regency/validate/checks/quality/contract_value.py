"""``quality.contract_value``: for each award, the total of its contracts is within
``QualityConfig.contract_award_ratio`` of the award value (same currency)."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import amount, ratio_text
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.contract_value"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per award whose contracts add up to too little or too much; ``None`` if none compares."""
    totals: dict[object, float] = {}
    currencies: dict[object, list[object]] = {}  # a list: an invalid currency may be unhashable
    for _at, contract, _implementation, _transactions, value in view.contracts:
        award_id = contract.get("awardID")
        if isinstance(award_id, (str, int)) and value is not None:
            totals[award_id] = totals.get(award_id, 0.0) + value[0]
            currencies.setdefault(award_id, []).append(value[1])
    if not totals:
        return None
    low, high = view.config.contract_award_ratio
    applied = False
    problems = []
    for i, award in view.awards:
        award_id = award.get("id")
        if not isinstance(award_id, (str, int)) or award_id not in totals:
            continue
        value = amount(award.get("value"))
        if value is None or value[0] == 0 or any(other != value[1] for other in currencies[award_id]):
            continue
        applied = True
        ratio = totals[award_id] / value[0]
        if not low <= ratio <= high:
            params: dict[str, object] = {"ratio": ratio_text(ratio), "low": ratio_text(low), "high": ratio_text(high)}
            problems.append(Problem(f"/awards/{i}/value", award["value"], params))
    return problems if applied else None
