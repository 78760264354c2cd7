"""``quality.date_order``: the end of the tender period ≤ the tender's contract period start, award dates
and contract signatures; award date ≤ signature of its contracts ≤ their transactions; a document's
``datePublished`` ≤ its ``dateModified`` (Pelican's ``coherent.dates`` chain, plus documents)."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import as_map, order_problem, parse_date
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.date_order"

_TENDER_END = "tender/tenderPeriod/endDate"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per later date found before the earlier one; ``None`` if no pair has both dates."""
    problems: list[Problem] = []
    applied = False
    tender = view.tender
    end_value = as_map(tender.get("tenderPeriod")).get("endDate")
    tender_end = parse_date(end_value)
    if tender_end is not None:
        start = as_map(tender.get("contractPeriod")).get("startDate")
        if (moment := parse_date(start)) is not None:
            applied = True
            if moment < tender_end:
                later = "tender/contractPeriod/startDate"
                problems.append(order_problem(f"/{later}", _TENDER_END, end_value, later, start))
        for i, award in view.awards:
            date = award.get("date")
            if (moment := parse_date(date)) is not None:
                applied = True
                if moment < tender_end:
                    problems.append(order_problem(f"/awards/{i}/date", _TENDER_END, end_value, "awards/date", date))
    awards = view.awards_by_id
    for i, contract, _implementation, transactions, _value in view.contracts:
        signed_value = contract.get("dateSigned")
        signed = parse_date(signed_value)
        if signed is None:
            continue  # every pair below has the signature
        if tender_end is not None:
            applied = True
            if signed < tender_end:
                path = f"/contracts/{i}/dateSigned"
                problems.append(order_problem(path, _TENDER_END, end_value, "contracts/dateSigned", signed_value))
        award_id = contract.get("awardID")
        if isinstance(award_id, (str, int)) and award_id in awards:
            awarded_value = awards[award_id].get("date")
            if (awarded := parse_date(awarded_value)) is not None:
                applied = True
                if signed < awarded:
                    path = f"/contracts/{i}/dateSigned"
                    problems.append(
                        order_problem(path, "awards/date", awarded_value, "contracts/dateSigned", signed_value)
                    )
        for t, tx in enumerate(transactions):
            paid = tx.get("date") if type(tx) is dict else None
            if (moment := parse_date(paid)) is not None:
                applied = True
                if moment < signed:
                    path = f"/contracts/{i}/implementation/transactions/{t}/date"
                    later = "transactions/date"
                    problems.append(order_problem(path, "contracts/dateSigned", signed_value, later, paid))
    for path, doc, published, modified in view.documents:
        if published is not None and modified is not None:
            applied = True
            if modified < published:
                published_value, modified_value = doc["datePublished"], doc["dateModified"]
                problems.append(
                    order_problem(
                        f"{path}/dateModified", "datePublished", published_value, "dateModified", modified_value
                    )
                )
    return problems if applied else None
