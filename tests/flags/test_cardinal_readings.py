"""Cardinal's indicators where its documentation is silent: values that can't mean the flag are never flagged."""

from __future__ import annotations

from typing import Any

from ocds_regency.flags import cardinal_profile, compute_flags, indonesia_profile
from ocds_regency.flags.settings import parse_ini

COMMON = cardinal_profile()


def _process(ocid: str, bids: list[tuple[str, str, float]], winner: str, **extra: Any) -> dict[str, Any]:
    return {
        "ocid": ocid,
        "buyer": {"id": extra.pop("buyer", "B")},
        "tender": {"procurementMethodDetails": extra.pop("details", "Tender")},
        "bids": {
            "details": [
                {"status": status, "tenderers": [{"id": t}], "value": {"amount": amount, "currency": "IDR"}}
                for t, status, amount in bids
            ]
        },
        "awards": [{"status": "active", "suppliers": [{"id": winner}], **extra}],
    }


def test_a_fence_of_zero_flags_no_buyer_that_disqualified_nothing() -> None:
    releases = [_process(f"p{i}", [("W", "valid", 1), ("L", "valid", 2)], "W", buyer=f"B{i % 3}") for i in range(9)]
    report = compute_flags(releases, COMMON)
    assert report.meta["R038"]["buyer_upper_fence"] == 0
    assert [f for f in report.flags if f.code == "R038"] == []


def test_winning_every_bid_is_not_excessive_losing() -> None:
    releases = [_process(f"p{i}", [("W", "valid", 1)], "W") for i in range(5)]
    report = compute_flags(releases, COMMON)
    assert report.meta["R025"]["lower_fence"] == 1
    assert [f for f in report.flags if f.code == "R025"] == []


def test_no_discount_is_not_a_heavy_discount() -> None:
    releases = [_process(f"p{i}", [("W", "valid", 10), ("L", "valid", 10)], "W") for i in range(5)]
    report = compute_flags(releases, COMMON)
    assert report.meta["R058"]["upper_fence"] == 0
    assert [f for f in report.flags if f.code == "R058"] == []
    # while a second bid equal to the winner's is the strongest "price close to winning bid"
    assert {f.id for f in report.flags if f.code == "R024" and f.group == "OCID"} == {f"p{i}" for i in range(5)}


def test_one_category_is_not_heterogeneous() -> None:
    settings = parse_ini("[R048]\nminimum_contracting_processes = 1\n", base=COMMON)
    items = [{"classification": {"id": "10000000"}}]
    releases = [_process(f"p{i}", [], f"S{i}", items=items) for i in range(5)]
    report = compute_flags(releases, settings)
    assert report.meta["R048"]["upper_fence"] == 1
    assert report.flags == []


def test_the_indonesian_profile_looks_at_the_bids_of_competitive_methods_only() -> None:
    releases = [_process(f"pl{i}", [("W", "valid", 1)], "W", details="Pengadaan Langsung") for i in range(3)]
    releases.append(_process("t", [("W", "valid", 1), ("L", "disqualified", 2)], "W"))
    report = compute_flags(releases, indonesia_profile())
    for code in ("R024", "R025", "R028", "R030", "R035", "R036", "R038", "R058"):
        assert report.coverage[code].not_assessed["method-not-covered"] == 3, code
    cardinal = compute_flags(releases, cardinal_profile())
    assert cardinal.coverage["R025"].assessed == 4
    assert parse_ini("bid_procurement_method_details = Tender|Seleksi\n", base=COMMON).bid_methods == {
        "Tender",
        "Seleksi",
    }
