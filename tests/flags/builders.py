"""Small builders of compiled releases for the indicator tests."""

from __future__ import annotations

from typing import Any


def idr(amount: float) -> dict[str, Any]:
    return {"amount": amount, "currency": "IDR"}


def process(
    ocid: str,
    *,
    details: str | None = "Pengadaan Langsung",
    method: str | None = "direct",
    category: str = "goods",
    consulting: bool = False,
    buyer: str = "SATKER-1",
    title: str | None = "Belanja alat tulis kantor",
    hps: float | None = None,
    pagu: float | None = None,
    supplier: str | None = None,
    award_value: float | None = None,
    award_date: str | None = None,
    contract_value: float | None = None,
    signed: str | None = "2025-03-10T00:00:00+07:00",
    tender_period: tuple[str, str] | None = None,
    bids: list[dict[str, Any]] | None = None,
    award_criteria_details: str | None = None,
    status: str = "complete",
) -> dict[str, Any]:
    """A compiled release of one contracting process with the fields the Indonesian indicators read."""
    tender: dict[str, Any] = {"id": ocid, "status": status, "mainProcurementCategory": category}
    if title is not None:
        tender["title"] = title
    if details is not None:
        tender["procurementMethodDetails"] = details
    if method is not None:
        tender["procurementMethod"] = method
    if consulting:
        tender["additionalProcurementCategories"] = ["consultingServices"]
    if hps is not None:
        tender["value"] = idr(hps)
    if tender_period is not None:
        tender["tenderPeriod"] = {"startDate": tender_period[0], "endDate": tender_period[1]}
    if award_criteria_details is not None:
        tender["awardCriteriaDetails"] = award_criteria_details
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-1",
        "date": "2025-03-01T00:00:00+07:00",
        "tag": ["compiled"],
        "buyer": {"id": buyer, "name": f"Satker {buyer}"},
        "tender": tender,
    }
    if pagu is not None:
        release["planning"] = {"budget": {"amount": idr(pagu)}}
    if supplier is not None:
        award: dict[str, Any] = {"id": "a1", "status": "active", "suppliers": [{"id": supplier, "name": supplier}]}
        if award_value is not None:
            award["value"] = idr(award_value)
        if award_date is not None:
            award["date"] = award_date
        release["awards"] = [award]
        if contract_value is not None:
            contract: dict[str, Any] = {"id": "c1", "awardID": "a1", "value": idr(contract_value)}
            if signed is not None:
                contract["dateSigned"] = signed
            release["contracts"] = [contract]
    if bids is not None:
        release["bids"] = {"details": bids}
    return release


def bid(tenderer: str, amount: float, status: str | None = "valid", **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": tenderer, "tenderers": [{"id": tenderer}], "value": idr(amount), **extra}
    if status is not None:
        entry["status"] = status
    return entry
