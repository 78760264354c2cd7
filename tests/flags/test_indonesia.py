"""The Indonesian indicators on synthetic processes: each has a case that raises it and one that does not."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

from ocds_regency.flags import FlagsReport, compute_flags, indonesia_profile
from ocds_regency.flags.indonesia import (
    INDICATORS,
    icw_contract_hps_score,
    icw_days_score,
    icw_value_score,
    working_days,
)
from ocds_regency.flags.texts import INDICATOR_TEXTS, REASONS
from tests.flags.builders import bid, process

JT = 1_000_000


def flagged(report: FlagsReport, code: str) -> set[str]:
    return {flag.id for flag in report.flags if flag.code == code}


def run(*releases: dict[str, Any]) -> FlagsReport:
    return compute_flags(list(releases), indonesia_profile())


# ------------------------------------------------------------------------------------ ID-SPLIT


def _pl(ocid: str, day: int, amount: float, supplier: str = "S", title: str = "Belanja ATK") -> dict[str, Any]:
    return process(
        ocid,
        title=title,
        supplier=supplier,
        award_value=amount,
        contract_value=amount,
        signed=f"2025-03-{day:02d}T00:00:00+07:00",
    )


def test_split_same_supplier_within_window_together_above_ceiling() -> None:
    report = run(_pl("a", 1, 80 * JT, title="X"), _pl("b", 5, 80 * JT, title="Y"), _pl("c", 9, 80 * JT, title="Z"))
    assert flagged(report, "ID-SPLIT") == {"a", "b", "c"}
    evidence = next(f.evidence for f in report.flags if f.code == "ID-SPLIT")
    assert evidence["same"] == "supplier"
    assert evidence["total"] == 240 * JT
    assert evidence["ceiling"] == 200 * JT


def test_split_same_object_with_different_suppliers() -> None:
    report = run(
        _pl("a", 1, 120 * JT, "S1", "Pemeliharaan jalan desa 1"),
        _pl("b", 2, 120 * JT, "S2", "Pemeliharaan jalan desa 2"),
    )
    assert flagged(report, "ID-SPLIT") == {"a", "b"}


@pytest.mark.parametrize(
    "releases",
    [
        # far apart in time (window 30 days)
        [
            _pl("a", 1, 150 * JT),
            process(
                "b", supplier="S", award_value=150 * JT, contract_value=150 * JT, signed="2025-05-20T00:00:00+07:00"
            ),
        ],
        # together below the ceiling
        [_pl("a", 1, 80 * JT), _pl("b", 2, 80 * JT, title="Lain")],
        # different satkers
        [_pl("a", 1, 150 * JT), {**_pl("b", 2, 150 * JT), "buyer": {"id": "SATKER-2"}}],
        # a Tender is not a non-tender package
        [
            _pl("a", 1, 150 * JT),
            {**_pl("b", 2, 150 * JT), "tender": {**_pl("b", 2, 0)["tender"], "procurementMethodDetails": "Tender"}},
        ],
    ],
)
def test_split_negative(releases: list[dict[str, Any]]) -> None:
    assert flagged(run(*releases), "ID-SPLIT") == set()


def test_split_window_is_a_setting() -> None:
    settings = indonesia_profile()
    assert settings.indonesia is not None
    wide = replace(settings, indonesia=replace(settings.indonesia, split_window_days=90))
    releases = [
        _pl("a", 1, 150 * JT),
        process("b", supplier="S", award_value=150 * JT, contract_value=150 * JT, signed="2025-05-20T00:00:00+07:00"),
    ]
    assert flagged(compute_flags(releases, wide), "ID-SPLIT") == {"a", "b"}


# ------------------------------------------------------------------------------------ ID-PL-CEILING


def test_pl_ceiling() -> None:
    report = run(
        process("over", supplier="S", award_value=250 * JT, contract_value=250 * JT),
        process("under", supplier="S", award_value=150 * JT, contract_value=150 * JT),
        process(
            "consult", consulting=True, category="services", supplier="S", contract_value=150 * JT, award_value=150 * JT
        ),
        process("tender", details="Tender", method="open", supplier="S", contract_value=900 * JT, award_value=1),
    )
    assert flagged(report, "ID-PL-CEILING") == {"over", "consult"}


def test_pl_ceiling_is_keyed_by_budget_year() -> None:
    """Consultancy: Rp 50 juta before Perpres 16/2018, Rp 100 juta since."""
    old = process(
        "2016",
        consulting=True,
        category="services",
        supplier="S",
        contract_value=60 * JT,
        award_value=60 * JT,
        signed="2016-04-01T00:00:00+07:00",
    )
    old["date"] = "2016-04-01T00:00:00+07:00"
    new = process(
        "2019",
        consulting=True,
        category="services",
        supplier="S",
        contract_value=60 * JT,
        award_value=60 * JT,
        signed="2019-04-01T00:00:00+07:00",
    )
    new["date"] = "2019-04-01T00:00:00+07:00"
    assert flagged(run(old, new), "ID-PL-CEILING") == {"2016"}


# ------------------------------------------------------------------------------------ ID-SHORT-PERIOD


def test_working_days() -> None:
    # Friday 18 July 2025 to Monday 21 July: one working day; Monday to Wednesday: two
    assert working_days(datetime.fromisoformat("2025-07-18T12:00"), datetime.fromisoformat("2025-07-21T12:00")) == 1
    assert working_days(datetime.fromisoformat("2025-07-21T12:00"), datetime.fromisoformat("2025-07-23T09:00")) == 2
    assert working_days(datetime.fromisoformat("2025-07-01T00:00"), datetime.fromisoformat("2025-07-31T00:00")) == 22
    assert working_days(datetime.fromisoformat("2025-07-21T12:00"), datetime.fromisoformat("2025-07-21T18:00")) == 0


def test_short_period() -> None:
    report = run(
        process(
            "short",
            details="Tender",
            method="open",
            tender_period=("2025-07-18T12:00:00+07:00", "2025-07-21T12:00:00+07:00"),
        ),
        process(
            "ok",
            details="Tender",
            method="open",
            tender_period=("2025-07-21T12:00:00+07:00", "2025-07-23T09:00:00+07:00"),
        ),
        process("pl", tender_period=("2025-07-18T12:00:00+07:00", "2025-07-21T12:00:00+07:00")),
    )
    assert flagged(report, "ID-SHORT-PERIOD") == {"short"}
    assert report.coverage["ID-SHORT-PERIOD"].not_assessed == {"method-not-covered": 1}


# ------------------------------------------------------------------------------------ HPS


def test_above_hps() -> None:
    report = run(
        process("above", hps=100 * JT, supplier="S", award_value=110 * JT, contract_value=110 * JT),
        process("below", hps=100 * JT, supplier="S", award_value=90 * JT, contract_value=90 * JT),
        process("no-hps", supplier="S", award_value=90 * JT, contract_value=90 * JT),
    )
    assert flagged(report, "ID-ABOVE-HPS") == {"above"}
    assert report.coverage["ID-ABOVE-HPS"].not_assessed == {"no-hps": 1}


def test_hps_equal_to_pagu() -> None:
    report = run(process("same", hps=50 * JT, pagu=50 * JT), process("surveyed", hps=48 * JT, pagu=50 * JT))
    assert flagged(report, "ID-HPS-PAGU") == {"same"}


def test_winning_offer_near_hps() -> None:
    report = run(
        process(
            "hair",
            details="Tender",
            method="open",
            hps=100 * JT,
            supplier="W",
            bids=[bid("W", 99.5 * JT), bid("L", 99.8 * JT)],
        ),
        process(
            "margin",
            details="Tender",
            method="open",
            hps=100 * JT,
            supplier="W",
            bids=[bid("W", 95 * JT), bid("L", 99.8 * JT)],
        ),
    )
    assert flagged(report, "ID-NEAR-HPS") == {"hair"}


# ------------------------------------------------------------------------------------ bids


def test_winner_not_lowest_under_price_only() -> None:
    price_only = "Harga Terendah Sistem Gugur"
    report = run(
        process(
            "not-lowest",
            details="Tender",
            method="open",
            supplier="W",
            award_criteria_details=price_only,
            bids=[bid("W", 100 * JT), bid("L", 90 * JT)],
        ),
        process(
            "lowest",
            details="Tender",
            method="open",
            supplier="W",
            award_criteria_details=price_only,
            bids=[bid("W", 90 * JT), bid("L", 100 * JT)],
        ),
        process(
            "lowest-disqualified",
            details="Tender",
            method="open",
            supplier="W",
            award_criteria_details=price_only,
            bids=[bid("W", 100 * JT), bid("L", 90 * JT, "disqualified")],
        ),
        process(
            "quality",
            details="Seleksi",
            method="open",
            supplier="W",
            award_criteria_details="Kualitas dan Biaya",
            bids=[bid("W", 100 * JT), bid("L", 90 * JT)],
        ),
        process(
            "no-status",
            details="Tender",
            method="open",
            supplier="W",
            award_criteria_details=price_only,
            bids=[bid("W", 100 * JT, None), bid("L", 90 * JT, None)],
        ),
    )
    assert flagged(report, "ID-NOT-LOWEST") == {"not-lowest"}
    assert report.coverage["ID-NOT-LOWEST"].not_assessed == {"not-price-only": 1, "no-bid-status": 1}


def test_single_bidder() -> None:
    report = run(
        process("single", details="Tender", method="open", bids=[bid("A", 1), bid("B", 2, "withdrawn")]),
        process("two", details="Tender", method="open", bids=[bid("A", 1), bid("B", 2)]),
        process(
            "offers-only",
            details="Seleksi",
            method="selective",
            bids=[bid("A", 1, None), {"id": "B", "tenderers": [{"id": "B"}]}],
        ),
        process("direct", bids=[bid("A", 1)]),
    )
    assert flagged(report, "ID-SINGLE-BID") == {"single", "offers-only"}


# ------------------------------------------------------------------------------------ satker patterns


def test_supplier_share() -> None:
    concentrated = [
        process(f"c{i}", buyer="B1", supplier="S" if i < 4 else "T", award_value=100 * JT) for i in range(5)
    ]
    spread = [process(f"s{i}", buyer="B2", supplier=f"T{i}", award_value=100 * JT) for i in range(5)]
    small = [process(f"m{i}", buyer="B3", supplier="S", award_value=100 * JT) for i in range(4)]
    report = run(*concentrated, *spread, *small)
    flags = [f for f in report.flags if f.code == "ID-SUPPLIER-SHARE"]
    assert [(f.id, f.value, f.evidence["supplier"]) for f in flags] == [("B1", 0.8, "S")]
    assert set(flags[0].ocids) == {"c0", "c1", "c2", "c3"}


def test_repeat_direct_awards() -> None:
    five = [process(f"r{i}", buyer="B1", supplier="S", award_value=10 * JT, title=f"Paket {i}") for i in range(5)]
    four = [process(f"f{i}", buyer="B2", supplier="S", award_value=10 * JT, title=f"Paket {i}") for i in range(4)]
    report = run(*five, *four)
    assert flagged(report, "ID-REPEAT-DIRECT") == {"B1"}


def test_year_end_contract() -> None:
    report = run(
        process("december", supplier="S", contract_value=1, award_value=1, signed="2025-12-20T00:00:00+07:00"),
        process("november", supplier="S", contract_value=1, award_value=1, signed="2025-11-20T00:00:00+07:00"),
    )
    assert flagged(report, "ID-YEAR-END") == {"december"}


def test_ecatalog_concentration() -> None:
    orders = [
        process(f"e{i}", details="E-Purchasing", buyer="B1", supplier="S" if i else "T", award_value=100 * JT)
        for i in range(5)
    ]
    spread = [
        process(f"x{i}", details="E-Purchasing", buyer="B2", supplier=f"T{i}", award_value=100 * JT) for i in range(5)
    ]
    report = run(*orders, *spread)
    assert flagged(report, "ID-ECAT-SHARE") == {"B1"}


# ------------------------------------------------------------------------------------ ICW


@pytest.mark.parametrize(
    ("days", "score"), [(0, 1), (25, 1), (26, 2), (35, 2), (36, 3), (45, 3), (46, 4), (70, 4), (71, 5), (400, 5)]
)
def test_icw_days_scale(days: int, score: int) -> None:
    assert icw_days_score(days) == score


@pytest.mark.parametrize(
    ("contract", "score"),
    [
        (101, 5),  # above HPS
        (100, 5),  # 0 % below
        (99.5, 5),
        (99, 4),  # 1 % below
        (98.5, 4),
        (98, 3),
        (97, 2),
        (96, 1),  # 4 % below
        (92.5, 1),
        (92, 2),  # 8 %
        (88, 3),  # 12 %
        (84, 4),  # 16 %
        (80.5, 4),
        (80, 5),  # 20 %
        (10, 5),
    ],
)
def test_icw_contract_hps_scale(contract: float, score: int) -> None:
    assert icw_contract_hps_score(contract, 100) == score


@pytest.mark.parametrize(
    ("value", "score"),
    [(1, 1), (500e6, 1), (500e6 + 1, 2), (1e9, 2), (2e9, 3), (5e9, 3), (7e9, 4), (10e9, 4), (11e9, 5)],
)
def test_icw_value_scale(value: float, score: int) -> None:
    assert icw_value_score(value) == score


def test_icw_indicators_flag_score_five_on_tenders() -> None:
    long_wait = process(
        "slow",
        details="Tender",
        method="open",
        title="Pembangunan gedung kantor kecamatan",
        tender_period=("2025-01-02T00:00:00+07:00", "2025-01-10T00:00:00+07:00"),
        supplier="S",
        award_date="2025-04-01T00:00:00+07:00",
        award_value=1,
        hps=100 * JT,
        contract_value=99.5 * JT,
    )
    quick = process(
        "quick",
        details="Tender",
        method="open",
        title="DED RSUD",
        tender_period=("2025-01-02T00:00:00+07:00", "2025-01-10T00:00:00+07:00"),
        supplier="S",
        award_date="2025-01-20T00:00:00+07:00",
        award_value=1,
        hps=100 * JT,
        contract_value=94 * JT,
    )
    big = process(
        "big",
        details="Seleksi",
        method="selective",
        title="Pembangunan jalan lingkar selatan",
        supplier="S",
        award_value=12e9,
        contract_value=12e9,
    )
    direct = process("pl", title="ATK", supplier="S", contract_value=1, award_value=1)
    report = run(long_wait, quick, big, direct)
    assert flagged(report, "ID-ICW-DAYS") == {"slow"}
    assert flagged(report, "ID-ICW-CONTRACT-HPS") == {"slow"}
    assert flagged(report, "ID-ICW-VALUE") == {"big"}
    assert flagged(report, "ID-ICW-TITLE") == {"quick"}


# ------------------------------------------------------------------------------------ catalog


def test_every_indicator_has_bilingual_texts_and_every_reason_a_label() -> None:
    from ocds_regency.flags.settings import CARDINAL_CODES

    for code in (*CARDINAL_CODES, *INDICATORS):
        texts = INDICATOR_TEXTS[code]
        for field in (texts.name, texts.explanation, texts.source):
            assert field["en"] and field["id"], code
    report = run(process("x"), process("y", status="cancelled"), process("z", details="Swakelola", method=None))
    reasons = {reason for coverage in report.coverage.values() for reason in coverage.not_assessed}
    assert reasons <= set(REASONS)
    assert all(REASONS[r]["en"] and REASONS[r]["id"] for r in REASONS)


def test_coverage_accounts_for_every_process() -> None:
    releases = [
        process("a"),
        process("b", status="cancelled"),
        process("c", details="Swakelola", method=None),
        process("d", details="Tender", method="open", bids=[bid("A", 1)]),
    ]
    report = run(*releases)
    for code, coverage in report.coverage.items():
        assert coverage.assessed + sum(coverage.not_assessed.values()) == len(releases), code
        assert coverage.not_assessed["cancelled"] == 1
        assert coverage.not_assessed["excluded-method"] == 1


def test_the_winning_bid_is_the_linked_one() -> None:
    """With ``relatedBid`` the award names its bid: another bid of the same supplier is not the offer."""
    release = process(
        "linked",
        details="Tender",
        method="open",
        hps=100 * JT,
        supplier="W",
        bids=[bid("W", 95 * JT) | {"id": "b1"}, bid("W", 99.8 * JT) | {"id": "b2"}],
    )
    assert flagged(run(release), "ID-NEAR-HPS") == set()  # by supplier: the lowest of W's bids, 95
    release["awards"][0]["relatedBid"] = "b2"
    assert flagged(run(release), "ID-NEAR-HPS") == {"linked"}


def test_near_hps_concerns_tenders_only() -> None:
    """A Pengadaan Langsung's single offer is negotiated from the HPS: near it by design, not assessed."""
    report = run(process("pl", hps=100 * JT, supplier="W", bids=[bid("W", 99.9 * JT)]))
    assert flagged(report, "ID-NEAR-HPS") == set()
    assert report.coverage["ID-NEAR-HPS"].not_assessed == {"method-not-covered": 1}
