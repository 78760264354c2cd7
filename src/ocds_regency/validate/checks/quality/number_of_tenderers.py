"""``quality.number_of_tenderers``: ``tender.numberOfTenderers`` equals the number of ``tender.tenderers``."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.number_of_tenderers"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem on ``numberOfTenderers``; ``None`` unless both the number and the list are there."""
    declared = view.tender.get("numberOfTenderers")
    tenderers = view.tender.get("tenderers")
    if isinstance(declared, bool) or not isinstance(declared, int) or not isinstance(tenderers, list):
        return None
    if declared != len(tenderers):
        return [Problem("/tender/numberOfTenderers", declared, {"declared": declared, "actual": len(tenderers)})]
    return []
