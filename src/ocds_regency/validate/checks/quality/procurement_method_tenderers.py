"""``quality.procurement_method_tenderers``: a ``direct`` procurement has at most one tenderer (Pelican's
``coherent.procurement_method_vs_number_of_tenderers``)."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.procurement_method_tenderers"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem on ``numberOfTenderers``; ``None`` unless a direct procurement declares a number."""
    tender = view.tender
    declared = tender.get("numberOfTenderers")
    if tender.get("procurementMethod") != "direct" or type(declared) is bool or not isinstance(declared, (int, float)):
        return None
    if declared > 1:
        return [Problem("/tender/numberOfTenderers", declared, {"declared": declared})]
    return []
