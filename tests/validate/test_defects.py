"""The defect checks of issue #9 on hand-built releases: each fails on its defect, passes without it,
and is not applicable when what it needs is absent; the publication-wide ones on whole packages."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.validate import validate
from ocds_regency.validate.checks import CHECKS, QualityConfig
from ocds_regency.validate.checks._util import LEGAL_FORMS, identifier_keys, organisation_name
from ocds_regency.validate.messages import severity_of

CONFIG = QualityConfig()


def run(code: str, release: dict[str, Any], config: QualityConfig = CONFIG) -> Any:
    return CHECKS[code](release, config)


def _two_suppliers(release: dict[str, Any], first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """``release`` with two supplier parties, each the winner of its own award."""
    release = copy.deepcopy(release)
    release["parties"] = [release["parties"][0], first, second]
    release["awards"] = [
        {"id": "A1", "status": "active", "suppliers": [{"id": first["id"], "name": first.get("name")}]},
        {"id": "A2", "status": "active", "suppliers": [{"id": second["id"], "name": second.get("name")}]},
    ]
    release["contracts"] = []
    return release


# ------------------------------------------------------------------------------------------ supplier split
@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        # The same NPWP, 15 digits formatted and 16 digits.
        (
            {"identifier": {"scheme": "ID-DJP", "id": "95.911.603.9-445.000"}, "name": "RAFFI UNGGUL"},
            {"identifier": {"scheme": "ID-DJP", "id": "0959116039445000"}, "name": "Toko Lain"},
            "same_npwp",
        ),
        # An NPWP among additional identifiers.
        (
            {"additionalIdentifiers": [{"scheme": "ID-DJP", "id": "1091031210933918"}], "name": "A"},
            {"identifier": {"scheme": "ID-DJP", "id": "1091031210933918"}, "name": "B"},
            "same_npwp",
        ),
        # The same id in another register.
        (
            {"identifier": {"scheme": "ID-LKPP-SPSE-PENYEDIA", "id": "394930009"}, "name": "A"},
            {"additionalIdentifiers": [{"scheme": "ID-LKPP-SPSE-PENYEDIA", "id": 394930009}], "name": "B"},
            "same_identifier",
        ),
        # Identifiers of different registers don't tell two parties apart: the names decide.
        (
            {"identifier": {"scheme": "ID-LKPP-SPSE-PENYEDIA", "id": "394930009"}, "name": "CV. ARATA SAGARA"},
            {"identifier": {"scheme": "ID-DJP", "id": "1091031210933918"}, "name": "CV ARATA SAGARA"},
            "same_name",
        ),
        # Names that differ only by legal form, punctuation, case and spacing.
        ({"name": "CV. ARATA SAGARA"}, {"name": "Arata  Sagara, CV"}, "same_name"),
        ({"name": "P.T. Maju-Jaya Tbk"}, {"name": "PT MAJU JAYA"}, "same_name"),
        # One NPWP known, the other party without one: the names decide.
        (
            {"name": "CV Raffi Unggul", "identifier": {"scheme": "ID-DJP", "id": "0959116039445000"}},
            {"name": "RAFFI UNGGUL"},
            "same_name",
        ),
    ],
)
def test_supplier_split_found(make_release: Any, first: dict[str, Any], second: dict[str, Any], reason: str) -> None:
    release = _two_suppliers(
        make_release(), {"id": "S1", "roles": ["supplier"], **first}, {"id": "S2", "roles": ["supplier"], **second}
    )
    problems = run("quality.supplier_split", release)
    assert [(p.path, p.value, p.params) for p in problems] == [
        ("/parties/2/id", "S2", {"other": "S1", "reason": reason})
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Different NPWPs: different taxpayers, even with the same name (branches, namesakes).
        (
            {"name": "CV. Maju", "identifier": {"scheme": "ID-DJP", "id": "0213631617444000"}},
            {"name": "CV Maju", "identifier": {"scheme": "ID-DJP", "id": "0959116039445000"}},
        ),
        ({"name": "CV. Maju Jaya"}, {"name": "CV. Maju Jaya Abadi"}),
        # Two registrations in one register: two organisations with one name.
        (
            {"name": "Security GmbH", "identifier": {"scheme": "XI-EORI", "id": "0003981"}},
            {"name": "Security GmbH", "identifier": {"scheme": "XI-EORI", "id": "0003982"}},
        ),
        ({"name": "CV"}, {"name": "PT"}),  # nothing left to compare
        ({}, {}),  # no names, no NPWPs
        # Ids of different registers are not compared.
        (
            {"name": "A", "identifier": {"scheme": "ID-LKPP-SPSE-PENYEDIA", "id": "1"}},
            {"name": "B", "identifier": {"scheme": "ID-LKPP-SIKAP-PENYEDIA", "id": "1"}},
        ),
    ],
)
def test_supplier_split_not_found(make_release: Any, first: dict[str, Any], second: dict[str, Any]) -> None:
    release = _two_suppliers(
        make_release(), {"id": "S1", "roles": ["supplier"], **first}, {"id": "S2", "roles": ["supplier"], **second}
    )
    assert run("quality.supplier_split", release) == []


def test_supplier_split_only_among_award_suppliers(make_release: Any) -> None:
    release = make_release()
    # A tenderer that lost, with the winner's name: not a split (only suppliers of awards are compared).
    release["parties"].append({"id": "T2", "name": "PT. MAJU", "roles": ["tenderer"]})
    assert run("quality.supplier_split", release) == []
    assert run("quality.supplier_split", {"parties": release["parties"]}) is None
    # Three parties for one supplier: the second and third both name the first.
    release = _two_suppliers(make_release(), {"id": "S1", "name": "CV Maju"}, {"id": "S2", "name": "CV. MAJU"})
    release["parties"].append({"id": "S3", "name": "Maju, CV"})
    release["awards"].append({"id": "A3", "suppliers": [{"id": "S3"}]})
    assert [(p.value, p.params["other"]) for p in run("quality.supplier_split", release)] == [
        ("S2", "S1"),
        ("S3", "S1"),
    ]


def test_organisation_name_examples() -> None:
    assert organisation_name("CV. RAFFI UNGGUL") == organisation_name("RAFFI UNGGUL") == "raffi unggul"
    assert organisation_name("CV.PARAMITRA TEKNIK") == "paramitra teknik"
    assert organisation_name("P.T. Maju") == "maju"
    assert organisation_name("Koperasi Maju") == "koperasi maju"  # not a legal form we drop
    assert organisation_name("CV.") is None
    assert organisation_name(None) is None
    party = {
        "identifier": {"scheme": "ID-DJP", "id": "21.363.161.7-444.000"},
        "additionalIdentifiers": [{"scheme": "ID-DJP", "id": 213631617444000}, {"scheme": "ID-NIB", "id": " 91 "}],
    }
    assert identifier_keys(party) == {("ID-DJP", "0213631617444000"), ("ID-NIB", "91")}
    assert identifier_keys({"identifier": {"scheme": "ID-DJP", "id": "000000000000000"}}) == set()
    assert identifier_keys({"identifier": {"id": "1"}, "additionalIdentifiers": [{"scheme": "X", "id": None}]}) == set()


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8).filter(lambda w: w not in LEGAL_FORMS)


@settings(max_examples=80, deadline=None)
@given(
    words=st.lists(_WORDS, min_size=1, max_size=4),
    form=st.sampled_from(["CV.", "CV", "PT", "P.T.", "pt.", "UD", ""]),
    after=st.booleans(),
    punctuation=st.sampled_from([" ", "  ", ", ", " - ", "."]),
    upper=st.booleans(),
)
def test_organisation_name_ignores_form_punctuation_and_case(
    words: list[str], form: str, after: bool, punctuation: str, upper: bool
) -> None:
    name = punctuation.join(words)
    written = f"{name}, {form}" if after else f"{form} {name}"
    if upper:
        written = written.upper()
    assert organisation_name(written) == " ".join(words)


# ----------------------------------------------------------------------------------- duplicate payments
def _payments(*transactions: dict[str, Any]) -> dict[str, Any]:
    return {"contracts": [{"id": "C1", "implementation": {"transactions": list(transactions)}}]}


def _tx(ident: object, amount: float, date: str | None = "2025-05-20T00:00:00+07:00", payee: str | None = "P1") -> Any:
    tx: dict[str, Any] = {"id": ident, "value": {"amount": amount, "currency": "IDR"}}
    if date is not None:
        tx["date"] = date
    if payee is not None:
        tx["payee"] = {"id": payee}
    return tx


@pytest.mark.parametrize(
    ("second", "reason"),
    [
        (_tx("T2", 312000, "2025-05-20T16:00:00+07:00"), "same_day_payee"),  # the same day, another hour
        (_tx("T1-58127474", 312000, "2025-06-01T00:00:00+07:00", payee="P2"), "same_number"),
        (_tx("T1", 312000, None, payee=None), "same_number"),  # the same id
        (_tx("T1/2", 312000, None), "same_number"),
    ],
)
def test_duplicate_transaction_found(second: dict[str, Any], reason: str) -> None:
    release = _payments(_tx("T1", 312000), _tx("T9", 5), second)
    problems = run("quality.duplicate_transaction", release)
    assert [(p.path, p.value, p.params) for p in problems] == [
        (
            "/contracts/0/implementation/transactions/2",
            second["id"],
            {"other": "T1", "amount": 312000, "reason": reason},
        )
    ]


@pytest.mark.parametrize(
    "second",
    [
        _tx("T2", 312001),  # another amount
        {**_tx("T2", 312000), "value": {"amount": 312000, "currency": "USD"}},  # another currency
        _tx("T2", 312000, payee="P2"),  # the same day, another payee
        _tx("T2", 312000, "2025-05-21T00:00:00+07:00"),  # another day
        _tx("T2", 312000, None),  # no date: only a number tells
        _tx("T1-a-very-long-suffix", 312000, "2025-06-01T00:00:00+07:00"),
        _tx("T12", 312000, "2025-06-01T00:00:00+07:00"),  # another number, not a suffix
        _tx(None, 312000, None),
    ],
)
def test_duplicate_transaction_not_found(second: dict[str, Any]) -> None:
    assert run("quality.duplicate_transaction", _payments(_tx("T1", 312000), second)) == []


def test_duplicate_transaction_without_payees_is_told_by_number() -> None:
    # Payees withheld (civil servants) or never recorded: the same day and amount is not enough.
    release = _payments(_tx("C1", 6573600, payee=None), _tx("C2", 6573600, payee=None))
    assert run("quality.duplicate_transaction", release) == []
    release = _payments(_tx("C1", 6573600, payee=None), _tx("C1-2", 6573600, payee=None))
    assert [p.params["reason"] for p in run("quality.duplicate_transaction", release)] == ["same_number"]


def test_duplicate_transaction_not_applicable() -> None:
    assert run("quality.duplicate_transaction", _payments(_tx("T1", 312000))) is None
    assert run("quality.duplicate_transaction", _payments(_tx("T1", 5), {"id": "T2"})) is None
    # Two contracts of one payment each: payments are compared within a contract only.
    release = _payments(_tx("T1", 5))
    release["contracts"].append(copy.deepcopy(release["contracts"][0]))
    assert run("quality.duplicate_transaction", release) is None


# ---------------------------------------------------------------------------------------- party checks
def test_party_unnamed(make_release: Any) -> None:
    release = make_release()
    assert run("quality.party_unnamed", release) == []
    release["parties"].append({"id": "ID-LKPP-SIKAP-PENYEDIA-22734014", "roles": ["supplier"]})
    release["parties"].append({"id": "X", "name": "  "})
    problems = run("quality.party_unnamed", release)
    assert [(p.path, p.value) for p in problems] == [
        ("/parties/2/name", "ID-LKPP-SIKAP-PENYEDIA-22734014"),
        ("/parties/3/name", "X"),
    ]
    assert run("quality.party_unnamed", {"parties": []}) is None


def test_party_role_unreferenced(make_release: Any) -> None:
    release = make_release()
    assert run("quality.party_role_unreferenced", release) == []
    del release["tender"]["procuringEntity"]
    problems = run("quality.party_role_unreferenced", release)
    assert [(p.path, p.value, p.params) for p in problems] == [
        ("/parties/0/roles", "procuringEntity", {"role": "procuringEntity", "field": "tender.procuringEntity"})
    ]
    # A buyer-only publication: the party says buyer, the release has no buyer.
    release = make_release()
    del release["buyer"]
    assert [p.value for p in run("quality.party_role_unreferenced", release)] == ["buyer"]
    # A reference of another role doesn't count; nor does an id of another type.
    release = make_release()
    release["parties"][1]["roles"].append("payer")
    release["parties"].append({"id": 7, "name": "Tujuh", "roles": ["supplier"]})
    release["awards"][0]["suppliers"].append({"id": "7", "name": "Tujuh"})
    found = [(p.path, p.value) for p in run("quality.party_role_unreferenced", release)]
    assert found == [("/parties/1/roles", "payer"), ("/parties/2/roles", "supplier")]
    # Roles no field refers to (funder, reviewBody, ...) are not checked.
    assert run("quality.party_role_unreferenced", {"parties": [{"id": "F", "roles": ["funder"]}]}) is None


# ---------------------------------------------------------------------------------------------- values
def test_value_realistic(make_release: Any) -> None:
    release = make_release()
    assert run("quality.value_realistic", release) == []
    release["contracts"][0]["value"]["amount"] = 8e13  # 5 billion dollars at 16,000 rupiah: the limit
    assert run("quality.value_realistic", release) == []
    release["contracts"][0]["value"]["amount"] = 785_023_580_000_000  # nilai_kontrak with seven zeros too many
    release["tender"]["value"] = {"amount": -6e9, "currency": "USD"}
    problems = run("quality.value_realistic", release)
    assert [(p.path, p.value, p.params["usd"]) for p in problems] == [
        ("/tender/value/amount", -6e9, -6_000_000_000),
        ("/contracts/0/value/amount", 785_023_580_000_000, 49_063_973_750),
    ]
    # A currency without a rate is not checked; the rates and the limit are settings.
    assert run("quality.value_realistic", {"tender": {"value": {"amount": 1e20, "currency": "EUR"}}}) is None
    config = QualityConfig(usd_rates=(("IDR", 16_000.0),), value_limit_usd=1_000)
    assert [p.path for p in run("quality.value_realistic", make_release(), config)] == []
    config = QualityConfig(usd_rates=(("IDR", 1.0),), value_limit_usd=899)
    assert [p.path for p in run("quality.value_realistic", make_release(), config)] == [
        "/planning/budget/amount/amount",
        "/tender/value/amount",
    ]


# ------------------------------------------------------------------------------------- dates and method
@pytest.mark.parametrize(
    ("method", "tenderers", "expected"),
    [("direct", 1, []), ("direct", 0, []), ("direct", 2, ["/tender/numberOfTenderers"]), ("open", 9, None)],
)
def test_procurement_method_tenderers(method: str, tenderers: int, expected: list[str] | None) -> None:
    release = {"tender": {"procurementMethod": method, "numberOfTenderers": tenderers}}
    problems = run("quality.procurement_method_tenderers", release)
    assert (problems if problems is None else [p.path for p in problems]) == expected
    assert run("quality.procurement_method_tenderers", {"tender": {"procurementMethod": "direct"}}) is None


def test_amendment_date(make_release: Any) -> None:
    release = make_release()
    assert run("quality.amendment_date", release) is None  # no amendments
    release["tender"]["amendments"] = [{"id": "1", "date": "2023-12-31T23:00:00+07:00"}]  # before the tender
    release["awards"][0]["amendments"] = [{"id": "1", "date": "2024-01-20T00:00:00+07:00"}]  # on the award date
    release["contracts"][0]["amendments"] = [
        {"id": "1", "date": "2024-02-03T00:00:00+07:00"},
        {"id": "2", "date": "2024-01-24T00:00:00+07:00"},  # before the signature
    ]
    problems = run("quality.amendment_date", release)
    assert [(p.path, p.params["earlier"]) for p in problems] == [
        ("/tender/amendments/0/date", "tender/tenderPeriod/startDate"),
        ("/contracts/0/amendments/1/date", "contracts/dateSigned"),
    ]
    del release["contracts"][0]["dateSigned"]
    del release["tender"]["tenderPeriod"]
    assert run("quality.amendment_date", release) == []  # only the award amendment can be compared


def test_date_order_tender_end_before_contract_period(make_release: Any) -> None:
    release = make_release()
    release["tender"]["contractPeriod"] = {"startDate": "2024-01-11T00:00:00+07:00"}  # the tender's last moment
    assert run("quality.date_order", release) == []
    release["tender"]["contractPeriod"] = {"startDate": "2024-01-10T23:59:00+07:00"}
    assert [p.path for p in run("quality.date_order", release)] == ["/tender/contractPeriod/startDate"]


# ----------------------------------------------------------------------------------- publication-wide
def _report_codes(report: Any, code: str) -> list[tuple[str, object]]:
    return [(f.path, f.value) for f in report if f.code == code]


def test_date_after_published(make_release: Any, make_package: Any) -> None:
    late = make_release(ocid="ocds-abc123-0002", id="r2", date="2024-05-02T00:00:00+07:00")
    package = make_package(make_release(), late, publishedDate="2024-05-01T12:00:00+07:00")
    report = validate(package)
    assert _report_codes(report, "quality.date_after_published") == [("/releases/1/date", late["date"])]
    assert report.checks["quality.date_after_published"].to_dict() == {"passed": 1, "failed": 1, "not_applicable": 0}
    assert severity_of("quality.date_after_published") == "warning"
    package["publishedDate"] = "2024-05-02T00:00:00+07:00"  # the same instant: not after
    assert _report_codes(validate(package), "quality.date_after_published") == []


def test_date_after_published_read_after_the_releases(make_release: Any, tmp_path: Path) -> None:
    # A streamed package whose publishedDate follows its releases: the dates are settled at the end.
    late = make_release(ocid="ocds-abc123-0002", id="r2", date="2025-12-31T00:00:00+07:00")
    text = json.dumps(
        {
            "uri": "https://example.org/p.json",
            "version": "1.1",
            "publisher": {"name": "X"},
            "releases": [make_release(), late],
            "publishedDate": "2025-10-03T00:00:00+07:00",
        }
    )
    path = tmp_path / "late.json"
    path.write_text(text)
    report = validate(path, stream_threshold=0)
    assert _report_codes(report, "quality.date_after_published") == [("/releases/1/date", late["date"])]


def test_related_process(make_release: Any, make_package: Any) -> None:
    planning = make_release(ocid="ocds-abc123-rup-1", id="rup-1", tag=["planning"])
    for key in ("awards", "contracts", "tender"):
        del planning[key]
    cites = make_release(
        relatedProcesses=[
            {"id": "1", "relationship": ["planning"], "scheme": "ocid", "identifier": "ocds-abc123-rup-1"},
            {"id": "2", "relationship": ["planning"], "scheme": "ocid", "identifier": "ocds-abc123-rup-2"},
            {"id": "3", "relationship": ["parent"], "scheme": "other", "identifier": "ocds-abc123-rup-3"},
        ]
    )
    cites["contracts"][0]["relatedProcesses"] = [
        {"id": "1", "relationship": ["framework"], "scheme": "ocid", "identifier": "ocds-abc123-9"}
    ]
    # The planning process comes after the process citing it: resolved at the end all the same.
    report = validate(make_package(cites, planning))
    assert _report_codes(report, "quality.related_process") == [
        ("/releases/0/relatedProcesses/1/identifier", "ocds-abc123-rup-2"),
        ("/releases/0/contracts/0/relatedProcesses/0/identifier", "ocds-abc123-9"),
    ]
    assert {f.severity for f in report if f.code == "quality.related_process"} == {"information"}
    assert report.checks["quality.related_process"].to_dict() == {"passed": 0, "failed": 1, "not_applicable": 1}
    # In a record package, the records' ocids resolve them.
    records = {
        "uri": "https://example.org/r.json",
        "version": "1.1",
        "publishedDate": "2024-05-01T00:00:00Z",
        "publisher": {"name": "X"},
        "records": [
            {"ocid": r["ocid"], "releases": [r], "compiledRelease": {**r, "id": r["ocid"] + "-compiled"}}
            for r in (cites, planning)
        ],
    }
    report = validate(records)
    assert [v for _, v in _report_codes(report, "quality.related_process")] == ["ocds-abc123-rup-2", "ocds-abc123-9"]
    assert report.checks["quality.related_process"].to_dict() == {"passed": 0, "failed": 1, "not_applicable": 1}


def test_publication_checks_follow_the_selection(make_release: Any, make_package: Any) -> None:
    release = make_release(
        date="2030-01-01T00:00:00Z",
        relatedProcesses=[{"id": "1", "scheme": "ocid", "identifier": "ocds-abc123-zz"}],
    )
    package = make_package(release)
    assert {"quality.related_process", "quality.date_after_published"} <= validate(package).codes()
    selected = validate(package, quality=QualityConfig(checks=frozenset({"quality.related_process"})))
    assert selected.codes() & {"quality.related_process", "quality.date_after_published"} == {"quality.related_process"}
    assert "quality.date_after_published" not in selected.checks
    off = validate(package, quality=False)
    assert not off.codes() & {"quality.related_process", "quality.date_after_published"}
    assert not off.checks


@pytest.mark.parametrize(
    ("code", "params", "english", "indonesian"),
    [
        (
            "quality.supplier_split",
            {"other": "S1", "reason": "same_npwp"},
            "looks like party S1 (same NPWP)",
            "sama dengan pihak S1 (NPWP sama)",
        ),
        (
            "quality.duplicate_transaction",
            {"other": "T1", "amount": 312000, "reason": "same_day_payee"},
            "repeats transaction T1 of the same contract (amount 312000, same date and payee)",
            "mengulang transaksi T1 pada kontrak yang sama (nilai 312000, tanggal dan penerima sama)",
        ),
        (
            "quality.party_role_unreferenced",
            {"role": "procuringEntity", "field": "tender.procuringEntity"},
            "role 'procuringEntity' but tender.procuringEntity doesn't refer to it",
            "peran 'procuringEntity' tetapi tender.procuringEntity tidak merujuk",
        ),
    ],
)
def test_messages_in_both_languages(code: str, params: dict[str, Any], english: str, indonesian: str) -> None:
    from ocds_regency.validate.messages import message_for

    assert english in message_for(code, "en", params)
    assert indonesian in message_for(code, "id", params)


def test_every_quality_code_is_documented() -> None:
    from ocds_regency.validate.messages import CODES

    page = (Path(__file__).resolve().parents[2] / "docs" / "validation.md").read_text(encoding="utf-8")
    missing = [code for code in CODES if code.startswith(("quality.", "id.")) and f"`{code}`" not in page]
    assert missing == []


def _process(make_release: Any, number: int, *suppliers: dict[str, Any]) -> dict[str, Any]:
    """A release of its own ocid whose awards go to ``suppliers`` (one award each)."""
    release = make_release(ocid=f"ocds-abc123-{number:04d}", id=f"r{number}")
    release["parties"] = [release["parties"][0], *({"roles": ["supplier"], **s} for s in suppliers)]
    release["awards"] = [
        {"id": f"A{i}", "status": "active", "suppliers": [{"id": s["id"], "name": s.get("name")}]}
        for i, s in enumerate(suppliers)
    ]
    del release["contracts"], release["tender"]["tenderers"], release["tender"]["numberOfTenderers"]
    return release


_MAJU = {
    "id": "ID-DJP-0213631617444000",
    "name": "PT Maju",
    "identifier": {"scheme": "ID-DJP", "id": "0213631617444000"},
}


@pytest.mark.parametrize(
    ("later", "reason"),
    [
        ({"id": "PENYEDIA-1", "name": "PT. MAJU"}, "same_name"),
        (
            {"id": "PENYEDIA-1", "name": "Lain", "identifier": {"scheme": "ID-DJP", "id": "02.136.316.1-744.400.0"}},
            "same_npwp",
        ),
        ({"id": "ID-DJP-0213631617444000", "name": "PT Maju"}, None),  # the same id: one party
        ({"id": "PENYEDIA-1", "name": "PT Maju", "identifier": {"scheme": "ID-DJP", "id": "0959116039445000"}}, None),
        ({"id": "PENYEDIA-1", "name": "PT Maju Jaya"}, None),
    ],
)
def test_supplier_ids_across_the_publication(
    make_release: Any, make_package: Any, later: dict[str, Any], reason: str | None
) -> None:
    package = make_package(_process(make_release, 1, _MAJU), _process(make_release, 2, later))
    report = validate(package)
    found = [(f.path, f.value, f.params) for f in report if f.code == "quality.supplier_ids"]
    if reason is None:
        assert found == []
        assert report.checks["quality.supplier_ids"].to_dict() == {"passed": 2, "failed": 0, "not_applicable": 0}
    else:
        assert found == [
            (
                "/releases/1/parties/1/id",
                "PENYEDIA-1",
                {"other": _MAJU["id"], "other_ocid": "ocds-abc123-0001", "reason": reason},
            )
        ]
        assert report.checks["quality.supplier_ids"].to_dict() == {"passed": 1, "failed": 1, "not_applicable": 0}


def test_supplier_ids_leaves_a_split_inside_one_release_to_supplier_split(make_release: Any, make_package: Any) -> None:
    split = _process(make_release, 2, _MAJU, {"id": "PENYEDIA-1", "name": "Maju, PT"})
    buyer_only = make_release(ocid="ocds-abc123-0003", id="r3")
    del buyer_only["awards"], buyer_only["contracts"]
    report = validate(make_package(_process(make_release, 1, _MAJU), split, buyer_only))
    assert [f.value for f in report if f.code == "quality.supplier_ids"] == []
    assert [(f.path, f.value) for f in report if f.code == "quality.supplier_split"] == [
        ("/releases/1/parties/2/id", "PENYEDIA-1")
    ]
    assert report.checks["quality.supplier_ids"].to_dict() == {"passed": 2, "failed": 0, "not_applicable": 1}


def test_supplier_ids_with_several_releases_per_process(make_release: Any, make_package: Any) -> None:
    first = _process(make_release, 1, _MAJU)
    other = {"id": "PENYEDIA-1", "name": "PT. MAJU"}
    # Process 2 in two releases, each naming the other id: reported once, at the first of them.
    second = [_process(make_release, 2, other), _process(make_release, 2, other)]
    second[1]["id"] = "r2-update"
    second[1]["date"] = "2024-03-02T00:00:00+07:00"
    # Process 1 again, a later release with the other id: a split within the process, not across.
    again = _process(make_release, 1, other)
    again["id"] = "r1-update"
    again["date"] = "2024-03-03T00:00:00+07:00"
    report = validate(make_package(first, *second, again))
    assert [(f.path, f.ocid) for f in report if f.code == "quality.supplier_ids"] == [
        ("/releases/1/parties/1/id", "ocds-abc123-0002")
    ]
    assert report.checks["quality.supplier_ids"].to_dict() == {"passed": 2, "failed": 2, "not_applicable": 0}


def test_supplier_checks_survive_ids_that_are_not_strings(make_release: Any, make_package: Any) -> None:
    # A party id that is an object (found by the mutation test of the shared pass): no crash, no match.
    release = make_release()
    release["parties"][1]["id"] = {"scheme": "ID-DJP", "id": "213631617444000"}
    assert run("quality.supplier_split", release) == []
    report = validate(make_package(release))
    assert report.checks["quality.supplier_ids"].to_dict() == {"passed": 1, "failed": 0, "not_applicable": 0}
