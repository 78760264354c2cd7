"""Data-quality checks on hand-built compiled releases: pass, fail and not applicable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.validate import validate
from ocds_regency.validate.checks import CHECKS, QualityConfig, run_checks
from ocds_regency.validate.checks.id.npwp import npwp_problem

CONFIG = QualityConfig()


def run(code: str, release: dict[str, Any], config: QualityConfig = CONFIG) -> Any:
    return CHECKS[code](release, config)


def test_baseline_release_passes_every_check(make_release: Any) -> None:
    results = dict(run_checks(make_release(), CONFIG))
    assert set(results) == set(CHECKS)
    failed = {code: problems for code, problems in results.items() if problems}
    assert failed == {}
    # The baseline has no milestones, amendments, procurement method, nor two payments of one contract.
    assert sorted(code for code, problems in results.items() if problems is None) == [
        "quality.amendment_date",
        "quality.duplicate_transaction",
        "quality.milestone_status",
        "quality.procurement_method_tenderers",
    ]


def test_empty_release_is_not_applicable_everywhere() -> None:
    results = dict(run_checks({"ocid": "ocds-abc123-1"}, CONFIG))
    assert all(problems is None for problems in results.values()), results


def test_period_order(make_release: Any) -> None:
    release = make_release()
    release["tender"]["tenderPeriod"] = {"startDate": "2024-02-01T00:00:00Z", "endDate": "2024-01-01T00:00:00Z"}
    problems = run("quality.period_order", release)
    assert [p.path for p in problems] == ["/tender/tenderPeriod"]
    # Offsets are honoured: 08:00+07:00 is 01:00Z, before 02:00Z.
    release["tender"]["tenderPeriod"] = {"startDate": "2024-01-01T08:00:00+07:00", "endDate": "2024-01-01T02:00:00Z"}
    assert run("quality.period_order", release) == []
    release["tender"]["tenderPeriod"] = {"startDate": "not a date", "endDate": "2024-01-01T02:00:00Z"}
    assert run("quality.period_order", {"tender": release["tender"]}) is None


@settings(max_examples=60, deadline=None)
@given(
    start=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 1, 1)),
    delta=st.integers(min_value=-(10**7), max_value=10**7),
)
def test_period_order_property(start: dt.datetime, delta: int) -> None:
    end = start + dt.timedelta(seconds=delta)
    period = {"startDate": start.isoformat() + "Z", "endDate": end.isoformat() + "Z"}
    problems = run("quality.period_order", {"contracts": [{"id": "1", "period": period}]})
    assert bool(problems) == (delta < 0)


def test_date_order(make_release: Any) -> None:
    release = make_release()
    release["awards"][0]["date"] = "2024-01-05T00:00:00+07:00"  # before tender end
    release["contracts"][0]["dateSigned"] = "2024-01-19T00:00:00+07:00"  # after the (moved) award: fine
    release["contracts"][0]["implementation"]["transactions"][0]["date"] = "2024-01-18T00:00:00+07:00"
    paths = [p.path for p in run("quality.date_order", release)]
    assert paths == ["/awards/0/date", "/contracts/0/implementation/transactions/0/date"]


def test_date_after_release(make_release: Any) -> None:
    release = make_release()
    release["contracts"][0]["implementation"]["transactions"][0]["date"] = "2024-04-01T00:00:00+07:00"
    release["tender"]["documents"] = [{"id": "1", "datePublished": "2025-01-01T00:00:00Z"}]
    paths = [p.path for p in run("quality.date_after_release", release)]
    assert paths == ["/contracts/0/implementation/transactions/0/date", "/tender/documents/0/datePublished"]
    assert run("quality.date_after_release", {"awards": release["awards"]}) is None


def test_date_after_release_reads_every_dated_object_in_order() -> None:
    late, early = "2025-01-01T00:00:00Z", "2023-01-01T00:00:00Z"
    amended = {"amendments": [{"date": early}, {"date": late}, "not an object"]}
    done = {"transactions": [{"date": early}, {"date": late}], "milestones": [{"dateModified": late}]}
    release = {
        "date": "2024-06-01T00:00:00Z",
        "tender": {**amended, "milestones": [{"dateMet": late, "dateModified": early}]},
        "awards": [{"date": early}, {"date": late, **amended}],
        "contracts": [
            {
                "dateSigned": late,
                **amended,
                "implementation": done,
                "documents": [{"datePublished": early, "dateModified": late}],
            }
        ],
    }
    problems = run("quality.date_after_release", release)
    assert [(p.path, p.value, p.params) for p in problems] == [
        (path, late, {"release_date": "2024-06-01T00:00:00Z"})
        for path in [
            "/awards/1/date",
            "/awards/1/amendments/1/date",
            "/tender/amendments/1/date",
            "/contracts/0/dateSigned",
            "/contracts/0/amendments/1/date",
            "/contracts/0/implementation/transactions/1/date",
            "/tender/milestones/0/dateMet",
            "/contracts/0/implementation/milestones/0/dateModified",
            "/contracts/0/documents/0/dateModified",
        ]
    ]
    undated = {"date": "2024-06-01T00:00:00Z", "awards": [{"date": "soon"}], "tender": {"amendments": [{}]}}
    assert run("quality.date_after_release", undated) is None
    assert run("quality.date_after_release", {**undated, "awards": [{"date": early}]}) == []


@pytest.mark.parametrize(
    ("status", "fails"), [("planned", True), ("cancelled", True), ("complete", False), ("active", False)]
)
def test_tender_status(make_release: Any, status: str, fails: bool) -> None:
    release = make_release()
    release["tender"]["status"] = status
    assert bool(run("quality.tender_status", release)) == fails
    release["awards"] = []
    release["contracts"] = []
    assert run("quality.tender_status", release) == []


def test_award_contract_and_milestone_status(make_release: Any) -> None:
    release = make_release()
    release["awards"][0]["status"] = "cancelled"
    assert [p.path for p in run("quality.award_status", release)] == ["/contracts/0/awardID"]
    release["contracts"][0]["status"] = "pending"
    assert [p.path for p in run("quality.contract_status", release)] == ["/contracts/0/status"]
    release["tender"]["milestones"] = [
        {"id": "1", "status": "scheduled", "dateMet": "2024-01-02T00:00:00Z"},
        {"id": "2", "status": "met", "dateMet": "2024-01-02T00:00:00Z"},
    ]
    assert [p.path for p in run("quality.milestone_status", release)] == ["/tender/milestones/0/dateMet"]


def test_number_of_tenderers(make_release: Any) -> None:
    release = make_release()
    release["tender"]["numberOfTenderers"] = 3
    assert run("quality.number_of_tenderers", release)[0].params == {"declared": 3, "actual": 1}
    del release["tender"]["tenderers"]
    assert run("quality.number_of_tenderers", release) is None


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda r: r["buyer"].pop("id"), "no_id"),
        (lambda r: r["buyer"].update(id="nobody"), "no_match"),
        (lambda r: r["parties"].append({"id": "ID-SATKER-1", "name": "Dup"}), "multiple"),
        (lambda r: [p.update(id=1) for p in r["parties"][:1]] and r["buyer"].update(id="1"), "type_mismatch"),
    ],
)
def test_party_reference_reasons(make_release: Any, mutate: Any, reason: str) -> None:
    release = make_release()
    mutate(release)
    reasons = {p.params["reason"] for p in run("quality.party_reference", release) if p.path == "/buyer/id"}
    assert reasons == {reason}


def test_party_role_and_name(make_release: Any) -> None:
    release = make_release()
    release["parties"][1]["roles"] = ["tenderer"]
    release["awards"][0]["suppliers"][0]["name"] = "PT Maju Jaya"
    assert {p.path for p in run("quality.party_role", release)} == {
        "/awards/0/suppliers/0",
        "/contracts/0/implementation/transactions/0/payee",
    }
    assert [p.path for p in run("quality.party_name", release)] == ["/awards/0/suppliers/0/name"]


def test_contract_award(make_release: Any) -> None:
    release = make_release()
    release["contracts"].append({"id": "C2", "awardID": "A9"})
    release["contracts"].append({"id": "C3"})
    problems = run("quality.contract_award", release)
    assert [(p.path, p.params["reason"]) for p in problems] == [
        ("/contracts/1/awardID", "no_award"),
        ("/contracts/2/awardID", "no_award_id"),
    ]
    assert run("quality.contract_award", {"awards": release["awards"]}) is None


def test_value_ratios_are_configurable(make_release: Any) -> None:
    release = make_release()
    release["contracts"][0]["value"]["amount"] = 2000
    assert [p.path for p in run("quality.contract_value", release)] == ["/awards/0/value"]
    assert run("quality.contract_value", release, QualityConfig(contract_award_ratio=(0.5, 3.0))) == []
    release["planning"]["budget"]["amount"]["amount"] = 100
    assert [p.path for p in run("quality.tender_budget", release)] == ["/planning/budget/amount"]
    release["planning"]["budget"]["amount"]["currency"] = "USD"
    assert run("quality.tender_budget", release) is None


def test_transactions_value_and_duration(make_release: Any) -> None:
    release = make_release()
    txs = release["contracts"][0]["implementation"]["transactions"]
    txs.append({**txs[0], "id": "TX2", "value": {"amount": 500, "currency": "IDR"}})
    assert [p.path for p in run("quality.transactions_value", release)] == ["/contracts/0/implementation/transactions"]
    release["tender"]["tenderPeriod"]["durationInDays"] = 30
    problems = run("quality.duration", release)
    assert [(p.path, p.params["actual"]) for p in problems] == [("/tender/tenderPeriod/durationInDays", 10)]


def test_hps_pagu_and_contract(make_release: Any) -> None:
    release = make_release()
    release["tender"]["value"]["amount"] = 1200
    assert [p.path for p in run("id.hps_over_pagu", release)] == ["/tender/value/amount"]
    release = make_release()
    release["contracts"][0]["value"]["amount"] = 950
    assert [p.path for p in run("id.contract_over_hps", release)] == ["/contracts/0/value/amount"]
    release["contracts"][0]["amendments"] = [{"id": "1", "rationale": "Pekerjaan tambah (CCO)"}]
    assert run("id.contract_over_hps", release) == []


def test_currency(make_release: Any) -> None:
    release = make_release()
    release["tender"]["value"]["currency"] = "USD"
    release["awards"][0]["value"]["currency"] = "USD"
    problems = run("id.currency", release)
    assert [p.path for p in problems] == ["/tender/value/currency"], "one finding per other currency"
    assert run("id.currency", release, QualityConfig(expected_currency="USD"))[0].value == "IDR"
    report = validate({"ocid": "ocds-abc123-1", **release}, quality=QualityConfig(expected_currency=None))
    assert "id.currency" not in report.checks


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0213631617444000", None),  # "0" + 21.363.161.7-444.000 (Luhn digit 7)
        ("0213631618444000", "npwp_check_digit"),
        ("3204391509980002", None),  # an individual's NIK
        ("9904391509980002", "npwp_nik"),  # province 99 doesn't exist
        ("21.363.161.7-444.000", "npwp_length"),
        ("213631617444000", "npwp_length"),
        (213631617444000, "npwp_length"),
    ],
)
def test_npwp(value: object, reason: str | None) -> None:
    assert npwp_problem(value) == reason


@settings(max_examples=300, deadline=None)
@given(digits=st.from_regex(r"0[0-9]{15}|10[0-9]{14}|[0-9]{16}", fullmatch=True))
def test_npwp_agrees_with_the_isb_parser(digits: str) -> None:
    """16 digits pass ``id.npwp`` exactly when the ISB parser takes them as an NPWP-16, whatever the shape."""
    from ocds_regency.errors import ParseError
    from ocds_regency.isb.parse import normalise_npwp

    try:
        normalise_npwp(digits)
    except ParseError:
        assert npwp_problem(digits) == ("npwp_check_digit" if digits.startswith("0") else "npwp_nik")
    else:
        assert npwp_problem(digits) is None


def test_npwp_check_on_parties(make_release: Any) -> None:
    release = make_release()
    release["parties"][1]["additionalIdentifiers"] = [{"scheme": "ID-DJP", "id": "0213631618444000"}]
    problems = run("id.npwp", release)
    assert [(p.path, p.params["reason"]) for p in problems] == [
        ("/parties/1/additionalIdentifiers/0/id", "npwp_check_digit")
    ]
    assert run("id.npwp", {"parties": [{"id": "x", "identifier": {"scheme": "XI-EORI", "id": "1"}}]}) is None


def test_tallies_distinguish_not_applicable(make_package: Any, make_release: Any) -> None:
    bare = {
        "ocid": "ocds-abc123-0002",
        "id": "1",
        "date": "2024-01-01T00:00:00Z",
        "tag": ["planning"],
        "initiationType": "tender",
    }
    report = validate(make_package(make_release(), bare))
    assert report.checks["quality.period_order"].to_dict() == {"passed": 1, "failed": 0, "not_applicable": 1}


def test_multiple_releases_per_ocid_are_merged_first(make_package: Any, make_release: Any) -> None:
    first = make_release(id="1", date="2024-01-02T00:00:00Z", tag=["tender"])
    del first["awards"], first["contracts"]
    first["tender"]["status"] = "active"
    second = {
        "ocid": first["ocid"],
        "id": "2",
        "date": "2024-03-01T00:00:00Z",
        "tag": ["award"],
        "initiationType": "tender",
        "tender": {"id": "T1", "numberOfTenderers": 4},
    }
    report = validate(make_package(first, second))
    # The compiled release has numberOfTenderers 4 but one tenderer: found only after merging.
    assert report.checks["quality.number_of_tenderers"].to_dict() == {"passed": 0, "failed": 1, "not_applicable": 0}
    (finding,) = [f for f in report.findings if f.code == "quality.number_of_tenderers"]
    assert finding.ocid == first["ocid"]
    assert finding.path == "/tender/numberOfTenderers"
    assert finding.index is None


def test_contract_value_with_an_unhashable_currency_does_not_crash(make_release: Any) -> None:
    release = make_release()
    release["awards"][0]["value"]["currency"] = []
    assert run("quality.contract_value", release) is None, "currencies differ: not comparable"
    release["contracts"][0]["value"]["currency"] = []
    assert run("quality.contract_value", release) == []
