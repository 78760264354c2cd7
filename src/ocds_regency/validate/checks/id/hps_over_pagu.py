"""``id.hps_over_pagu``: the owner's estimate (HPS, ``tender.value``) does not exceed the budget ceiling
(pagu, ``planning.budget.amount``), in the same currency."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "id.hps_over_pagu"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem on the HPS; ``None`` unless both amounts are there in one currency."""
    pagu, hps = view.budget_amount, view.tender_value
    if pagu is None or hps is None or pagu[1] != hps[1]:
        return None
    if hps[0] > pagu[0]:
        return [Problem("/tender/value/amount", hps[0], {"hps": hps[0], "pagu": pagu[0]})]
    return []
