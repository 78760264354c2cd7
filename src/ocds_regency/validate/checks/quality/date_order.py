"""``quality.date_order``: the end of the tender period ≤ the tender's contract period start, award dates
and contract signatures; award date ≤ signature of its contracts ≤ their transactions; a document's
``datePublished`` ≤ its ``dateModified`` (Pelican's ``coherent.dates`` chain, plus documents)."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import as_map, order_problem, out_of_order
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.date_order"

_TENDER_END = "tender/tenderPeriod/endDate"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per later date found before the earlier one; ``None`` if no pair has both dates."""
    problems: list[Problem] = []
    applied = False
    tender = view.tender
    tender_end = as_map(tender.get("tenderPeriod")).get("endDate")
    start = as_map(tender.get("contractPeriod")).get("startDate")
    if (late := out_of_order(tender_end, start)) is not None:
        applied = True
        if late:
            later = "tender/contractPeriod/startDate"
            problems.append(order_problem(f"/{later}", _TENDER_END, tender_end, later, start))
    for i, award in view.awards:
        date = award.get("date")
        if (late := out_of_order(tender_end, date)) is not None:
            applied = True
            if late:
                problems.append(order_problem(f"/awards/{i}/date", _TENDER_END, tender_end, "awards/date", date))
    awards = view.awards_by_id
    for i, contract, _implementation, transactions in view.contracts:
        signed = contract.get("dateSigned")
        if (late := out_of_order(tender_end, signed)) is not None:
            applied = True
            if late:
                path = f"/contracts/{i}/dateSigned"
                problems.append(order_problem(path, _TENDER_END, tender_end, "contracts/dateSigned", signed))
        award_id = contract.get("awardID")
        if isinstance(award_id, (str, int)) and award_id in awards:
            awarded = awards[award_id].get("date")
            if (late := out_of_order(awarded, signed)) is not None:
                applied = True
                if late:
                    path = f"/contracts/{i}/dateSigned"
                    problems.append(order_problem(path, "awards/date", awarded, "contracts/dateSigned", signed))
        for t, tx in enumerate(transactions):
            paid = as_map(tx).get("date")
            if (late := out_of_order(signed, paid)) is not None:
                applied = True
                if late:
                    path = f"/contracts/{i}/implementation/transactions/{t}/date"
                    problems.append(order_problem(path, "contracts/dateSigned", signed, "transactions/date", paid))
    for path, doc in view.documents:
        published, modified = doc.get("datePublished"), doc.get("dateModified")
        if (late := out_of_order(published, modified)) is not None:
            applied = True
            if late:
                problems.append(
                    order_problem(f"{path}/dateModified", "datePublished", published, "dateModified", modified)
                )
    return problems if applied else None
