"""``quality.amendment_date``: an amendment is not dated before what it amends (Pelican's
``coherent.amendments_dates``).

Tender amendments on or after the tender period's start, award amendments on or after the award date,
contract amendments on or after the contract's signature. (An amendment dated after the release is
``quality.date_after_release``.)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import as_list, as_map, order_problem, out_of_order
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.amendment_date"


def _amended(view: ReleaseView) -> Iterator[tuple[str, str, str, object, Mapping[str, Any]]]:
    """``(owner pointer, owner key, earlier field, earlier date, owner)`` of what has amendments."""
    tender = view.tender
    if "amendments" in tender:
        start = as_map(tender.get("tenderPeriod")).get("startDate")
        yield "/tender", "tender", "tender/tenderPeriod/startDate", start, tender
    for i, award in view.awards:
        if "amendments" in award:
            yield f"/awards/{i}", "awards", "awards/date", award.get("date"), award
    for at, contract, _implementation, _transactions, _value in view.contracts:
        if "amendments" in contract:
            yield f"/contracts/{at}", "contracts", "contracts/dateSigned", contract.get("dateSigned"), contract


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per amendment dated too early; ``None`` if no amendment can be compared."""
    problems: list[Problem] = []
    applied = False
    for base, key, earlier, earlier_value, owner in _amended(view):
        for a, amendment in enumerate(as_list(owner["amendments"])):
            date = as_map(amendment).get("date")
            if (late := out_of_order(earlier_value, date)) is not None:
                applied = True
                if late:
                    path = f"{base}/amendments/{a}/date"
                    problems.append(order_problem(path, earlier, earlier_value, f"{key}/amendments/date", date))
    return problems if applied else None
