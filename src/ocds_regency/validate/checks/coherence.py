"""Coherence of dates, periods and statuses within a compiled release."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ocds_regency.validate.checks import Check, Problem, QualityConfig
from ocds_regency.validate.checks._util import as_list, as_map, memo, parse_date

__all__ = ["CHECKS"]

_UNAWARDED_TENDER = frozenset({"planning", "planned", "cancelled", "unsuccessful", "withdrawn"})
_INACTIVE_AWARD = frozenset({"pending", "cancelled", "unsuccessful"})
_INACTIVE_CONTRACT = frozenset({"pending", "cancelled"})


def _periods(release: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    return memo(release, "periods", lambda r: list(_iter_periods(r)))  # type: ignore[no-any-return]


def _iter_periods(release: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    tender = as_map(release.get("tender"))
    for key in ("tenderPeriod", "enquiryPeriod", "awardPeriod", "contractPeriod"):
        if isinstance(tender.get(key), dict):
            yield f"/tender/{key}", tender[key]
    budget = as_map(as_map(release.get("planning")).get("budget"))
    if isinstance(budget.get("period"), dict):
        yield "/planning/budget/period", budget["period"]
    for i, award in enumerate(as_list(release.get("awards"))):
        if isinstance(award, dict) and isinstance(award.get("contractPeriod"), dict):
            yield f"/awards/{i}/contractPeriod", award["contractPeriod"]
    for i, contract in enumerate(as_list(release.get("contracts"))):
        if isinstance(contract, dict) and isinstance(contract.get("period"), dict):
            yield f"/contracts/{i}/period", contract["period"]


def period_order(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """``startDate`` ≤ ``endDate`` in every period (tender, award and contract periods)."""
    applied = False
    problems = []
    for path, period in _periods(release):
        start, end = parse_date(period.get("startDate")), parse_date(period.get("endDate"))
        if start is None or end is None:
            continue
        applied = True
        if start > end:
            value = {"startDate": period["startDate"], "endDate": period["endDate"]}
            problems.append(Problem(path, value, {"start": period["startDate"], "end": period["endDate"]}))
    return problems if applied else None


def _documents(release: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    return memo(release, "documents", lambda r: list(_iter_documents(r)))  # type: ignore[no-any-return]


def _iter_documents(release: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    def docs(base: str, owner: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
        for i, doc in enumerate(as_list(owner.get("documents"))):
            if isinstance(doc, dict):
                yield f"{base}/documents/{i}", doc

    yield from docs("/planning", as_map(release.get("planning")))
    yield from docs("/tender", as_map(release.get("tender")))
    for i, award in enumerate(as_list(release.get("awards"))):
        yield from docs(f"/awards/{i}", as_map(award))
    for i, contract in enumerate(as_list(release.get("contracts"))):
        contract = as_map(contract)
        yield from docs(f"/contracts/{i}", contract)
        yield from docs(f"/contracts/{i}/implementation", as_map(contract.get("implementation")))


def _pair(
    problems: list[Problem], path: str, earlier: str, earlier_value: object, later: str, later_value: object
) -> bool:
    first, second = parse_date(earlier_value), parse_date(later_value)
    if first is None or second is None:
        return False
    if second < first:
        problems.append(
            Problem(
                path,
                later_value,
                {"earlier": earlier, "earlier_date": earlier_value, "later": later, "later_date": later_value},
            )
        )
    return True


def date_order(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """Tender end ≤ the tender's contract period start, award dates ≤ contract signatures ≤ transactions;
    documents published ≤ modified (Pelican's ``coherent.dates`` chain, plus documents)."""
    problems: list[Problem] = []
    applied = False
    tender = as_map(release.get("tender"))
    tender_end = as_map(tender.get("tenderPeriod")).get("endDate")
    applied |= _pair(
        problems,
        "/tender/contractPeriod/startDate",
        "tender/tenderPeriod/endDate",
        tender_end,
        "tender/contractPeriod/startDate",
        as_map(tender.get("contractPeriod")).get("startDate"),
    )
    awards = [as_map(a) for a in as_list(release.get("awards"))]
    award_dates: dict[object, object] = {}
    for i, award in enumerate(awards):
        applied |= _pair(
            problems, f"/awards/{i}/date", "tender/tenderPeriod/endDate", tender_end, "awards/date", award.get("date")
        )
        ident = award.get("id")
        if isinstance(ident, (str, int)) and not isinstance(ident, bool):
            award_dates[ident] = award.get("date")
    for i, contract in enumerate(as_list(release.get("contracts"))):
        contract = as_map(contract)
        signed = contract.get("dateSigned")
        applied |= _pair(
            problems,
            f"/contracts/{i}/dateSigned",
            "tender/tenderPeriod/endDate",
            tender_end,
            "contracts/dateSigned",
            signed,
        )
        award_id = contract.get("awardID")
        if isinstance(award_id, (str, int)) and award_id in award_dates:
            applied |= _pair(
                problems,
                f"/contracts/{i}/dateSigned",
                "awards/date",
                award_dates[award_id],
                "contracts/dateSigned",
                signed,
            )
        transactions = as_list(as_map(contract.get("implementation")).get("transactions"))
        for t, tx in enumerate(transactions):
            applied |= _pair(
                problems,
                f"/contracts/{i}/implementation/transactions/{t}/date",
                "contracts/dateSigned",
                signed,
                "transactions/date",
                as_map(tx).get("date"),
            )
    for path, doc in _documents(release):
        applied |= _pair(
            problems,
            f"{path}/dateModified",
            "datePublished",
            doc.get("datePublished"),
            "dateModified",
            doc.get("dateModified"),
        )
    return problems if applied else None


def _dated(release: Mapping[str, Any]) -> Iterator[tuple[str, object]]:
    for i, award in enumerate(as_list(release.get("awards"))):
        award = as_map(award)
        yield f"/awards/{i}/date", award.get("date")
        for a, amendment in enumerate(as_list(award.get("amendments"))):
            yield f"/awards/{i}/amendments/{a}/date", as_map(amendment).get("date")
    tender = as_map(release.get("tender"))
    for a, amendment in enumerate(as_list(tender.get("amendments"))):
        yield f"/tender/amendments/{a}/date", as_map(amendment).get("date")
    milestone_owners = [("/planning", as_map(release.get("planning"))), ("/tender", tender)]
    for i, contract in enumerate(as_list(release.get("contracts"))):
        contract = as_map(contract)
        yield f"/contracts/{i}/dateSigned", contract.get("dateSigned")
        for a, amendment in enumerate(as_list(contract.get("amendments"))):
            yield f"/contracts/{i}/amendments/{a}/date", as_map(amendment).get("date")
        implementation = as_map(contract.get("implementation"))
        for t, tx in enumerate(as_list(implementation.get("transactions"))):
            yield f"/contracts/{i}/implementation/transactions/{t}/date", as_map(tx).get("date")
        milestone_owners.append((f"/contracts/{i}", contract))
        milestone_owners.append((f"/contracts/{i}/implementation", implementation))
    for base, owner in milestone_owners:
        for m, milestone in enumerate(as_list(owner.get("milestones"))):
            milestone = as_map(milestone)
            yield f"{base}/milestones/{m}/dateMet", milestone.get("dateMet")
            yield f"{base}/milestones/{m}/dateModified", milestone.get("dateModified")
    for path, doc in _documents(release):
        yield f"{path}/datePublished", doc.get("datePublished")
        yield f"{path}/dateModified", doc.get("dateModified")


def date_after_release(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """No award, contract, transaction, milestone, amendment or document date after the release ``date``."""
    release_date = parse_date(release.get("date"))
    if release_date is None:
        return None
    applied = False
    problems = []
    for path, value in _dated(release):
        moment = parse_date(value)
        if moment is None:
            continue
        applied = True
        if moment > release_date:
            problems.append(Problem(path, value, {"release_date": release.get("date")}))
    return problems if applied else None


def tender_status(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """No awards or contracts under a tender that is planned, cancelled, unsuccessful or withdrawn."""
    status = as_map(release.get("tender")).get("status")
    if not isinstance(status, str):
        return None
    if status in _UNAWARDED_TENDER and (as_list(release.get("awards")) or as_list(release.get("contracts"))):
        return [Problem("/tender/status", status, {"status": status})]
    return []


def award_status(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """No contract refers to a pending, cancelled or unsuccessful award."""
    statuses: dict[object, object] = {}
    for award in as_list(release.get("awards")):
        award = as_map(award)
        ident = award.get("id")
        if isinstance(ident, (str, int)) and not isinstance(ident, bool):
            statuses[ident] = award.get("status")
    applied = False
    problems = []
    for i, contract in enumerate(as_list(release.get("contracts"))):
        award_id = as_map(contract).get("awardID")
        if not isinstance(award_id, (str, int)) or award_id not in statuses:
            continue
        status = statuses[award_id]
        if not isinstance(status, str):
            continue
        applied = True
        if status in _INACTIVE_AWARD:
            problems.append(Problem(f"/contracts/{i}/awardID", award_id, {"status": status}))
    return problems if applied else None


def contract_status(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """No transactions on a pending or cancelled contract."""
    applied = False
    problems = []
    for i, contract in enumerate(as_list(release.get("contracts"))):
        contract = as_map(contract)
        status = contract.get("status")
        if not isinstance(status, str):
            continue
        applied = True
        transactions = as_list(as_map(contract.get("implementation")).get("transactions"))
        if status in _INACTIVE_CONTRACT and transactions:
            problems.append(Problem(f"/contracts/{i}/status", status, {"status": status}))
    return problems if applied else None


def milestone_status(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """A milestone has a ``dateMet`` only when its status is ``met``."""
    owners = [("/planning", as_map(release.get("planning"))), ("/tender", as_map(release.get("tender")))]
    for i, contract in enumerate(as_list(release.get("contracts"))):
        contract = as_map(contract)
        owners.append((f"/contracts/{i}", contract))
        owners.append((f"/contracts/{i}/implementation", as_map(contract.get("implementation"))))
    applied = False
    problems = []
    for base, owner in owners:
        for m, milestone in enumerate(as_list(owner.get("milestones"))):
            milestone = as_map(milestone)
            status = milestone.get("status")
            if not isinstance(status, str):
                continue
            applied = True
            if milestone.get("dateMet") is not None and status != "met":
                problems.append(Problem(f"{base}/milestones/{m}/dateMet", milestone.get("dateMet"), {"status": status}))
    return problems if applied else None


def amendment_date(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """An amendment is not dated before what it amends (Pelican's ``coherent.amendments_dates``).

    Tender amendments on or after the tender period's start, award amendments on or after the award
    date, contract amendments on or after the contract's signature. (An amendment dated after the
    release is ``quality.date_after_release``.)
    """
    problems: list[Problem] = []
    applied = False
    tender = as_map(release.get("tender"))
    start = as_map(tender.get("tenderPeriod")).get("startDate")
    for a, amendment in enumerate(as_list(tender.get("amendments"))):
        applied |= _pair(
            problems,
            f"/tender/amendments/{a}/date",
            "tender/tenderPeriod/startDate",
            start,
            "tender/amendments/date",
            as_map(amendment).get("date"),
        )
    for key, field, earlier in (("awards", "date", "awards/date"), ("contracts", "dateSigned", "contracts/dateSigned")):
        for i, owner in enumerate(as_list(release.get(key))):
            owner = as_map(owner)
            for a, amendment in enumerate(as_list(owner.get("amendments"))):
                applied |= _pair(
                    problems,
                    f"/{key}/{i}/amendments/{a}/date",
                    earlier,
                    owner.get(field),
                    f"{key}/amendments/date",
                    as_map(amendment).get("date"),
                )
    return problems if applied else None


def procurement_method_tenderers(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """A ``direct`` procurement has at most one tenderer (Pelican's
    ``coherent.procurement_method_vs_number_of_tenderers``)."""
    tender = as_map(release.get("tender"))
    declared = tender.get("numberOfTenderers")
    if tender.get("procurementMethod") != "direct" or type(declared) is bool or not isinstance(declared, (int, float)):
        return None
    if declared > 1:
        return [Problem("/tender/numberOfTenderers", declared, {"declared": declared})]
    return []


CHECKS: dict[str, Check] = {
    "quality.period_order": period_order,
    "quality.date_order": date_order,
    "quality.date_after_release": date_after_release,
    "quality.tender_status": tender_status,
    "quality.award_status": award_status,
    "quality.contract_status": contract_status,
    "quality.milestone_status": milestone_status,
    "quality.amendment_date": amendment_date,
    "quality.procurement_method_tenderers": procurement_method_tenderers,
}
