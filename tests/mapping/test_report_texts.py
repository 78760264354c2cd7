"""The conversion report: budget years checked against dates, personal data kept out, Indonesian everywhere."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.errors import ParseError
from ocds_regency.i18n import CATALOG, Message
from ocds_regency.isb import parse
from ocds_regency.mapping import PERSONAL_DATA_CATEGORIES, ConversionReport, Reason, SourceRow
from ocds_regency.mapping._rows import Context, Options, Row
from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish

from .conftest import PREFIX, Converted, run

SATKER = {
    "kd_klpd": "D999",
    "nama_klpd": "Kab. Contoh",
    "kd_satker": "12335093",
    "kd_satker_str": "1.03.2.15.1.04.03.0000",
    "nama_satker": "DINAS PUPR",
    "kd_lpse": 93,
}


def rup(**fields: Any) -> dict[str, Any]:
    return {
        **SATKER,
        "kd_satker": 152342,
        "kd_rup": 60832782,
        "nama_paket": "Rehabilitasi Jalan",
        "pagu": 130000000,
        "tahun_anggaran": 2025,
        "metode_pengadaan": "Tender",
        "jenis_pengadaan": "Pekerjaan Konstruksi",
        "tgl_pengumuman_paket": "2025-01-10 09:00:00",
        "tgl_awal_pemilihan": "2025-02-01",
        "tgl_akhir_pemilihan": "2025-03-01",
        "tgl_awal_kontrak": "2025-04-01",
        "tgl_akhir_kontrak": "2025-12-01",
        **fields,
    }


def tender(**fields: Any) -> dict[str, Any]:
    return {
        **SATKER,
        "kd_tender": 10000001000,
        "kd_rup": "111",
        "nama_paket": "Pembangunan Jalan",
        "pagu": 1000000,
        "hps": 999000,
        "tahun_anggaran": 2025,
        "jenis_pengadaan": "Pekerjaan Konstruksi",
        "mtd_pemilihan": "Tender",
        "status_tender": "Selesai",
        "tgl_pengumuman_tender": "2025-02-11 10:00:00",
        **fields,
    }


def rows(*items: tuple[str, dict[str, Any]]) -> list[SourceRow]:
    return [SourceRow(dataset, data, "test.json", f"row {n}") for n, (dataset, data) in enumerate(items, start=1)]


def year_issues(out: Converted) -> list[Any]:
    return [i for i in out.report.issues if i.field == "tahun_anggaran"]


# --- 1. tahun_anggaran against the package's dates -------------------------------------------------


def test_a_budget_year_two_years_after_every_date_is_reported_and_the_row_still_used() -> None:
    data = rup(
        tgl_pengumuman_paket="2023-01-10 09:00:00",
        tgl_awal_pemilihan="2023-02-01",
        tgl_akhir_pemilihan="2023-03-01",
        tgl_awal_kontrak="2023-04-01",
        tgl_akhir_kontrak="2023-12-01",
    )
    out = run(rows(("RUP-PaketPenyedia-Terumumkan", data)))
    (release,) = out.releases  # not rejected: the plan is published
    assert release["planning"]["budget"]["amount"]["amount"] == 130000000
    assert out.report.totals.as_dict() == {"read": 1, "used": 1, "rejected": 0, "duplicate": 0, "uncited": 0}
    (issue,) = year_issues(out)
    assert (issue.source, issue.position, issue.dataset) == ("test.json", "row 1", "RUP-PaketPenyedia-Terumumkan")
    assert issue.value == 2025 and issue.reason == Reason.INCONSISTENT
    assert "2025" in issue.message and "tgl_pengumuman_paket 2023-01-10" in issue.message
    assert issue.text("id").startswith("tahun anggaran 2025 tidak sesuai dengan tanggal paket")
    assert out.report.as_dict()["issues"][0]["message_id"] == issue.message_id


@pytest.mark.parametrize(
    "fields",
    [
        {},  # everything in the budget year
        # a year-N plan announced and its tender started in late N-1 (tender dini)
        {"tgl_pengumuman_paket": "2024-11-20 09:00:00", "tgl_awal_pemilihan": "2024-12-02"},
        # a multi-year contract: ends are not checked
        {"tgl_akhir_kontrak": "2027-12-31"},
        # no dates at all: nothing to compare
        {"tgl_pengumuman_paket": None, "tgl_awal_pemilihan": None, "tgl_akhir_pemilihan": None},
        # no budget year
        {"tahun_anggaran": None, "tgl_pengumuman_paket": "2019-01-01"},
    ],
)
def test_budget_years_that_fit_are_not_reported(fields: dict[str, Any]) -> None:
    out = run(rows(("RUP-PaketPenyedia-Terumumkan", rup(**fields))))
    assert year_issues(out) == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"tgl_pengumuman_paket": "2026-01-05 09:00:00"}, "tgl_pengumuman_paket"),  # announced after its year
        ({"tgl_awal_pemilihan": "2023-12-01"}, "tgl_awal_pemilihan"),  # a selection two years early
        ({"tahun_anggaran": "2052"}, "tgl_pengumuman_paket"),  # a typo in the year
    ],
)
def test_budget_years_that_do_not_fit_name_the_first_date_outside(fields: dict[str, Any], field: str) -> None:
    out = run(rows(("RUP-PaketPenyedia-Terumumkan", rup(**fields))))
    (issue,) = year_issues(out)
    assert f" {field} " in issue.message and f" {field} " in issue.text("id")


def test_spse_packages_are_checked_too() -> None:
    out = run(rows(("SPSE-TenderPengumuman", tender(tahun_anggaran=2023))))
    (issue,) = year_issues(out)
    assert "tgl_pengumuman_tender 2025-02-11" in issue.message
    assert run(rows(("SPSE-TenderPengumuman", tender()))).report.issues == []


def test_an_unreadable_budget_year_is_reported_as_such() -> None:
    out = run(rows(("RUP-PaketPenyedia-Terumumkan", rup(tahun_anggaran="dua ribu"))))
    (issue,) = year_issues(out)
    assert issue.reason == Reason.UNPARSEABLE and issue.message_id


@settings(max_examples=40, deadline=None)
@given(year=st.integers(2015, 2035), announced=st.integers(2010, 2040))
def test_budget_year_rule(year: int, announced: int) -> None:
    data = rup(
        tahun_anggaran=year,
        tgl_pengumuman_paket=f"{announced}-06-15 09:00:00",
        tgl_awal_pemilihan=None,
        tgl_akhir_pemilihan=None,
        tgl_awal_kontrak=None,
        tgl_akhir_kontrak=None,
    )
    out = run(rows(("RUP-PaketPenyedia-Terumumkan", data)))
    assert bool(year_issues(out)) == (announced not in (year - 1, year))


# --- 2. personal data in the report ------------------------------------------------------------------

#: Malformed personal values that end up in field issues, by the category that withholds them.
NIK_NPWP = "3204-1234-5678-90"  # an individual's NIK-based NPWP, two digits short
NIPS = "198001012005011001; 198101012006021002"  # two NIPs for three pokja members
PERSONAL = {"nik": [NIK_NPWP, "3204123456789"[:13]], "nip": ["198001012005011001", "198101012006021002"]}
#: Personal values that feed no issue: they must not leak either.
OTHER_PERSONAL = ["SUTRISNO WIBOWO", "ASEP MUSLIM", "0071-2233-4455-66", "SITI AMINAH BINTI", "197502022001121003"]


def personal_inputs() -> list[SourceRow]:
    return rows(
        (
            "SPSE-TenderPengumuman",
            tender(
                nama_ppk="SUTRISNO WIBOWO",
                nip_ppk="197502022001121003",
                nama_pokja="ASEP MUSLIM;Puji Suwandhi;Uri Zaenuri",
                nip_pokja=NIPS,
            ),
        ),
        (
            "SPSE-TenderEkontrak-2Kontrak",
            {
                **SATKER,
                "kd_tender": 10000001000,
                "no_kontrak": "K-1",
                "nama_penyedia": "SITI AMINAH BINTI",
                "bentuk_usaha_penyedia": "Orang Perseorangan",
                "npwp_16_penyedia": NIK_NPWP,
                "npwp_penyedia": "3204123456789",
                "nama_rek_bank": "BANK JABAR",
                "no_rek_bank": "0071-2233-4455-66",
                "nama_pemilik_rek_bank": "SITI AMINAH BINTI",
                "nilai_kontrak": 900000,
                "tgl_kontrak": "2025-03-01 10:00:00",
            },
        ),
    )


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _leaks(text: str, values: list[str]) -> list[str]:
    """The values found in ``text``, as written or as their bare digits (a NIP written without spaces)."""
    found = [v for v in values if v in text]
    bare = _digits(text)
    return found + [v for v in values if len(_digits(v)) >= 10 and _digits(v) in bare and v not in found]


@pytest.fixture(scope="module")
def published_default(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("default") / "out"
    publish(
        personal_inputs(),
        PackageMetadata(published_date="2025-12-01T00:00:00+07:00"),
        PublishOptions(prefix=PREFIX, out_dir=out),
    )
    return out


def test_default_report_json_and_html_contain_no_withheld_value(published_default: Path) -> None:
    values = [*PERSONAL["nik"], *PERSONAL["nip"], *OTHER_PERSONAL]
    report = (published_default / "report.json").read_text(encoding="utf-8")
    html = (published_default / "report.html").read_text(encoding="utf-8")
    assert _leaks(report, values) == []
    assert _leaks(html, values) == []
    issues = json.loads(report)["conversion"]["issues"]
    withheld = {(i["field"], i["withheld"]) for i in issues if i["withheld"]}
    # the problems are still reported, with the category that hides their values
    assert {("npwp_16_penyedia", "nik"), ("npwp_penyedia", "nik"), ("nip_pokja", "nip")} <= withheld
    for issue in issues:
        if issue["withheld"]:
            assert issue["value"] is None
            assert "personal data" in issue["message"] and "data pribadi" in issue["message_id"]
    assert "data pribadi" in html  # report.html (Indonesian by default) says why the values are missing


def test_the_conversion_report_dict_contains_no_withheld_value_and_shows_opted_in_ones() -> None:
    values = [*PERSONAL["nik"], *PERSONAL["nip"], *OTHER_PERSONAL]
    default = json.dumps(run(personal_inputs()).report.as_dict())
    assert _leaks(default, values) == []
    for category, shown in PERSONAL.items():
        report = json.dumps(run(personal_inputs(), personal_data=[category]).report.as_dict())
        assert all(value in report for value in shown), category
        others = [v for c, vs in PERSONAL.items() if c != category for v in vs]
        assert _leaks(report, others) == []
    everything = json.dumps(run(personal_inputs(), personal_data=["all"]).report.as_dict())
    assert all(value in everything for values in PERSONAL.values() for value in values)
    assert '"withheld": null' in everything and '"withheld": "' not in everything


def test_opted_in_values_reach_report_html(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(
        personal_inputs(),
        PackageMetadata(published_date="2025-12-01T00:00:00+07:00"),
        PublishOptions(prefix=PREFIX, out_dir=out, lang="en", personal_data=["nik", "nip"]),
    )
    html = (out / "report.html").read_text(encoding="utf-8")
    assert NIK_NPWP in html and "198001012005011001" in html


def _row(personal_data: tuple[str, ...], dataset: str, data: dict[str, Any]) -> tuple[Row, ConversionReport]:
    report = ConversionReport()
    ctx = Context(Options(PREFIX, "+07:00", frozenset(personal_data)), report)
    return Row(ctx, dataset, data, "f.csv", "row 2", 1), report


@pytest.mark.parametrize(
    ("dataset", "field", "value", "category"),
    [
        ("SPSE-TenderPengumuman", "nip_ppk", "19800101 200501 1 001", "nip"),
        ("SPSE-TenderPengumuman", "nama_ppk", "Ir. SUTRISNO WIBOWO", "official_names"),
        ("SPSE-TenderPengumuman", "nip_nama_pokja", "198001012005011001 - ANI", "nip"),
        ("SPSE-TenderEkontrak-2Kontrak", "no_rek_bank", "0071-2233-4455-66", "bank_accounts"),
        ("SPSE-TenderEkontrak-2Kontrak", "nama_pemilik_rek_bank", "SITI AMINAH", "bank_accounts"),
        ("SPSE-TenderEkontrak-2Kontrak", "npwp_penyedia", "32.04.1234.5678", "nik"),
        ("SPSE-PencatatanSwakelolaRealisasi", "nama_pelaksana", "DEDI KURNIAWAN", "official_names"),
    ],
)
def test_every_category_is_masked_in_field_issues(dataset: str, field: str, value: str, category: str) -> None:
    row, report = _row((), dataset, {field: value})
    row.issue(field, value, Reason.UNPARSEABLE, Message("conversion.issue.not-whole", value=repr(value)))
    (issue,) = report.issues
    assert issue.value is None and issue.withheld == category
    assert _leaks(json.dumps(report.as_dict()), [value]) == []
    others = tuple(c for c in PERSONAL_DATA_CATEGORIES if c != category)
    row, report = _row(others, dataset, {field: value})
    row.issue(field, value, Reason.UNPARSEABLE, Message("conversion.issue.not-whole", value=repr(value)))
    assert report.issues[0].withheld == category  # another category's opt-in doesn't publish it
    row, report = _row((category, "nip", "official_names"), dataset, {field: value})
    row.issue(field, value, Reason.UNPARSEABLE, Message("conversion.issue.not-whole", value=repr(value)))
    (issue,) = report.issues
    assert issue.value == value and issue.withheld is None and value in issue.message and value in issue.message_id


def test_company_npwps_are_not_masked() -> None:
    row, report = _row((), "SPSE-TenderEkontrak-2Kontrak", {"bentuk_usaha_penyedia": "Perseroan Terbatas (PT)"})
    row.issue(
        "npwp_penyedia", "01.767.782.4-429.000", Reason.INCONSISTENT, Message("conversion.issue.winners", count=2)
    )
    assert report.issues[0].value == "01.767.782.4-429.000" and report.issues[0].withheld is None
    # the same number of an individual is withheld: a personal NPWP
    row, report = _row((), "SPSE-TenderEkontrak-2Kontrak", {"bentuk_usaha_penyedia": "Orang Perseorangan"})
    row.issue(
        "npwp_penyedia", "01.767.782.4-429.000", Reason.INCONSISTENT, Message("conversion.issue.winners", count=2)
    )
    assert report.issues[0].withheld == "nik"


# --- 3. Bahasa Indonesia for every rejection and field issue -----------------------------------------


def test_every_parse_error_the_parsers_raise_carries_a_catalog_code() -> None:
    source = inspect.getsource(parse)
    assert "raise ParseError(" not in source and source.count("ParseError(message") == 1  # all through _error
    codes = set(re.findall(r'_error\(\s*"([\w-]+)"', source))
    assert len(codes) > 40
    assert all(f"parse.{code}" in CATALOG for code in codes)


@pytest.mark.parametrize(
    ("function", "value"),
    [
        (parse.parse_rupiah, "1.234"),
        (parse.parse_rupiah, "-5"),
        (parse.parse_rupiah, "12,345"),
        (parse.parse_rupiah, "Rp abc"),
        (parse.parse_rupiah, "1.000,505"),
        (parse.parse_rupiah, "5 Z"),
        (parse.parse_datetime, "31 Februari 2025"),
        (parse.parse_datetime, "13 Foo 2025"),
        (parse.parse_datetime, "kemarin"),
        (parse.parse_datetime, "2025-01-01 25:00"),
        (parse.normalise_npwp, "01.767.782.4-429.00*"),
        (parse.normalise_npwp, "12345"),
        (parse.normalise_npwp, "01.767.782.5-429.000"),
        (parse.normalise_npwp, "PT ABC"),
        (parse.parse_code, "1 2"),
        (parse.parse_code, 1.5),
        (parse.parse_bool, "mungkin"),
        (parse.parse_int, "satu"),
        (parse.parse_number, "x"),
        (parse.normalise_satker_str, "abc"),
    ],
)
def test_parser_messages_are_translated(function: Any, value: Any) -> None:
    with pytest.raises(ParseError) as caught:
        function(value)
    exc = caught.value
    assert exc.problem is not None and exc.problem.code.startswith("parse.")
    assert str(exc) == exc.problem.text("en")
    text = exc.problem.text("id")
    assert text and text != str(exc)
    assert not re.search(r"\b(not|the|must|amount|unknown|invalid)\b", text), text  # no English left over


def _bad_inputs() -> list[SourceRow]:
    bad_tender = tender(hps="2.000.000", tgl_buat_paket="kemarin", jenis_pengadaan="Lain", status_tender="??")
    return rows(
        ("RUP-PaketPenyedia-Terumumkan", rup(tahun_anggaran=2030, pagu="1.234", metode_pengadaan="Undian")),
        ("RUP-PaketAnggaranPenyedia", {"kd_rup": 99, "pagu": 5}),  # orphan
        ("SPSE-TenderPengumuman", bad_tender),
        ("SPSE-TenderPengumuman", tender(kd_tender=None)),  # missing key
        ("SPSE-TenderPengumuman", dict(bad_tender)),  # exact duplicate
        ("SPSE-TenderPengumuman", tender(kd_tender=3, _event_date="2025-01-01")),  # superseded by the next
        ("SPSE-TenderPengumuman", tender(kd_tender=3, _event_date="2025-02-01", nama_paket="B")),
        ("Foo", {"a": 1}),  # unknown dataset
        (
            "SPSE-TenderEkontrak-2Kontrak",
            {
                **SATKER,
                "kd_tender": 10000001000,
                "no_kontrak": "K-1",
                "nama_penyedia": "PT A",
                "npwp_penyedia": "01.767.782.4-429.00X",
                "nilai_kontrak": 5000000,
                "status_kontrak": "Aneh",
                "tgl_kontrak": "2025-03-01 10:00:00",
                "tgl_kontrak_awal": "2025-06-01",
                "tgl_kontrak_akhir": "2025-03-01",
            },
        ),
    )


def test_every_rejection_and_field_issue_carries_indonesian_text(samples: Path, tmp_path: Path) -> None:
    strange = tmp_path / "strange.json"
    strange.write_text('[{"foo": 1, "bar": 2}]')
    broken = tmp_path / "SPSE-TenderPengumuman.jsonl"
    broken.write_text('{"kd_tender": 1, "nama_paket": "A"}\n{not json\n')
    out = run([samples, strange, broken, *_bad_inputs()])
    report = out.report
    assert {r.reason for r in report.rejections} >= {
        Reason.UNKNOWN_DATASET,
        Reason.MISSING_KEY,
        Reason.ORPHAN,
        Reason.DUPLICATE,
        Reason.SUPERSEDED,
    }
    assert {i.reason for i in report.issues} == {Reason.UNPARSEABLE, Reason.INCONSISTENT}
    assert len({i.field for i in report.issues}) >= 10
    for entry in [*report.rejections, *report.issues]:
        assert entry.message_id, entry
        assert entry.message_id != entry.message, entry
        assert entry.text("id") == entry.message_id
    for entry in report.as_dict()["rejections"] + report.as_dict()["issues"]:
        assert entry["message_id"]
