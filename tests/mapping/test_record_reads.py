"""The mapping reads typed record attributes; where it reads the same fact from records of several classes
(a package's money, its opening dates), one function per fact dispatches on the record class, and no class
that has the fact is left out."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from ocds_regency.isb import DATASETS
from ocds_regency.isb._base import IsbRecord, parse_record
from ocds_regency.isb.datasets import Use
from ocds_regency.isb.ecat import EcatInstansiSatker
from ocds_regency.isb.rup import RupPaketAnggaran
from ocds_regency.mapping.award import shares
from ocds_regency.mapping.facts import funding
from ocds_regency.mapping.parties import officials, supplier_facts, unit
from ocds_regency.mapping.tender import closing_notes, package_title, status_label

#: The dates that open a package: its budget year is checked against them.
OPENING = ("tgl_pengumuman_paket", "tgl_pengumuman_tender", "tgl_pengumuman_nontender", "tgl_buat_paket",
           "tgl_awal_pemilihan", "tgl_order", "tgl_mulai_paket")  # fmt: skip


def test_every_record_with_a_package_budget_gives_it_to_funding() -> None:
    models = {spec.model for spec in DATASETS.values()} - {RupPaketAnggaran}  # budget lines: read as lines
    checked = 0
    for model in sorted(models, key=lambda m: m.__name__):
        kinds = model.field_kinds()
        values = {"rupiah": "1.500.000", "date": "2025-03-04", "int": 2025, "mak": "1.02.03.", "text": "APBD"}
        raw = {name: values.get(kind) for name, kind in kinds.items()}
        record, _, issues = parse_record(model, {k: v for k, v in raw.items() if v is not None})
        assert issues == []
        money = funding(record)
        if "pagu" in kinds:
            assert money.pagu == Decimal(1500000), model.__name__
            checked += 1
        if "sumber_dana" in kinds:
            assert money.funds == "APBD", model.__name__
        if "mak" in kinds:
            assert money.maks == ("1.02.03",), model.__name__
        if "tahun_anggaran" in kinds:
            assert money.year == 2025, model.__name__
        assert {field for field, _ in money.opening} == {f for f in OPENING if f in kinds}, model.__name__
        assert all(date == "2025-03-04" for _, date in money.opening)
    assert checked >= 8


def _filled(model: type[IsbRecord]) -> IsbRecord:
    """A record of ``model`` with every text field set to its own name (and nothing else)."""
    raw = {model.isb_names()[name]: name for name, kind in model.field_kinds().items() if kind == "text"}
    record, _, issues = parse_record(model, raw)
    assert issues == []
    return record


def test_every_spse_record_with_a_package_fact_gives_it_to_the_tender_section() -> None:
    models = {spec.model for spec in DATASETS.values() if spec.model.__module__.endswith((".spse", ".ekontrak"))}
    statuses = {"status_tender", "status_nontender", "status_nontender_pct_ket", "status_swakelola_pct_ket"}
    for model in models:
        kinds, record = model.field_kinds(), _filled(model)
        assert package_title(record) == ("nama_paket" if "nama_paket" in kinds else None), model.__name__
        field, label = status_label(record)
        assert label == (field if field in kinds else None), model.__name__
        assert not (statuses & set(kinds)) or field in kinds, model.__name__
        closed, repeated, cancelled = closing_notes(record)
        for name, value in (("ket_ditutup", closed), ("ket_diulang", repeated), ("alasan_pembatalan", cancelled)):
            assert value == (name if name in kinds else None), model.__name__


def test_every_record_with_domestic_and_small_business_values_gives_them() -> None:
    pairs = (("nilai_pdn_kontrak", "nilai_umk_kontrak"), ("nilai_pdn_pct", "nilai_umk_pct"))
    for model in {spec.model for spec in DATASETS.values()}:
        kinds = model.field_kinds()
        fields = next((pair for pair in pairs if pair[0] in kinds), None)
        raw = {name: "1000" if "_pdn" in name else "2000" for name in kinds if name.startswith("nilai_")}
        record, _, _ = parse_record(model, raw)
        expected = (Decimal(1000), Decimal(2000)) if fields else (None, None)
        assert shares(record) == expected, model.__name__


def test_every_record_naming_a_buyer_official_or_supplier_gives_them() -> None:
    buyers = {EcatInstansiSatker}  # names the buyer of a Toko Daring order
    for model in {spec.model for spec in DATASETS.values() if spec.use is Use.PROCESS} | buyers:
        kinds = model.field_kinds()
        raw = {model.isb_names()[f]: f.upper() for f, kind in kinds.items() if kind in ("text", "code")}
        record, _, _ = parse_record(model, raw)
        buyer, named, supplier = unit(record), officials(record), supplier_facts(record)
        name = model.__name__
        if "nama_satker" in kinds:
            assert buyer.name == "NAMA_SATKER" and buyer.number == "KD_SATKER", name
        if "kd_klpd" in kinds:
            assert buyer.klpd == "KD_KLPD", name
        if "alamat_satker" in kinds:
            assert buyer.street == "ALAMAT_SATKER", name
        if "nama_ppk" in kinds:
            assert (named.name, named.nip) == ("NAMA_PPK", "NIP_PPK"), name
        if "nip_nama_ppk" in kinds:
            assert named.compounds == ("NIP_NAMA_PPK", "NIP_NAMA_PP"), name
        if "nama_penyedia" in kinds and not model.__module__.endswith(".ecat"):  # catalogue details: a lookup
            assert supplier.name == "NAMA_PENYEDIA", name
        if "nama_pelaksana" in kinds or "merchant_name" in kinds:
            assert supplier.name in ("NAMA_PELAKSANA", "MERCHANT_NAME"), name
        if "kd_penyedia" in kinds and not model.__module__.endswith(".ecat"):
            assert supplier.kd_penyedia == "KD_PENYEDIA", name
        if "alamat_penyedia" in kinds and not model.__module__.endswith(".ecat"):
            assert supplier.street == "ALAMAT_PENYEDIA", name


#: Where the mapping still touches a row's raw values, and why: keeping and digesting them, quoting a field's
#: value in the report, counting withheld values (_rows), telling a personal value in an issue (_texts), naming
#: the key field of a partial process and digesting realisation copies (packages), re-filing a kept row,
#: quoting a snapshot date and a cheap pre-check for suppliers (processes), handing rows to the index
#: (__init__). Everything else reads record attributes.
# _rows.py's unload and _spill.py move a row's contents whole (out to the row store and back), reading no field.
RAW_READS = {"_rows.py": 11, "_texts.py": 2, "packages.py": 3, "processes.py": 2, "__init__.py": 2}


def test_the_mapping_reads_record_attributes_not_raw_values_by_name() -> None:
    from ocds_regency.mapping import _rows

    found = {}
    for path in sorted(Path(_rows.__file__).parent.glob("*.py")):
        text = path.read_text("utf-8")
        count = len(re.findall(r"\bdata\.get\(|\.data\b", text)) + len(re.findall(r"\bgetattr\(", text))
        if count:
            found[path.name] = count
    assert found == RAW_READS
    for name in ("text", "key", "amount", "date", "flag", "url", "html", "integer", "number", "raw"):
        assert not hasattr(_rows.Row, name), name  # the by-name accessors are gone


def test_a_zero_pagu_is_no_ceiling_for_the_contract() -> None:
    """LKPP's 0 is an unknown pagu: a contract is compared with a known ceiling only (it was compared with 0)."""
    from ocds_regency.mapping import SourceRow

    from .conftest import run
    from .test_report_texts import SATKER, tender

    contract = {**SATKER, "kd_tender": 10000001000, "no_kontrak": "K-1", "nilai_kontrak": 500000,
                "tgl_kontrak": "2025-03-01", "nama_penyedia": "CV Maju"}  # fmt: skip
    for pagu, over in ((0, False), (400000, True)):
        announcement = tender(pagu=pagu, hps=None)
        data = (("SPSE-TenderPengumuman", announcement), ("SPSE-TenderEkontrak-2Kontrak", contract))
        out = run([SourceRow(d, row, "f.json", f"item {n}") for n, (d, row) in enumerate(data, 1)])
        reasons = [(i.field, i.message) for i in out.report.issues if i.field == "nilai_kontrak"]
        assert any("pagu" in message for _, message in reasons) is over, reasons
        zeros = [i for i in out.report.issues if i.field == "pagu" and i.value == 0]
        assert bool(zeros) is (pagu == 0)  # reported once, as the unknown it is


def test_inserted_date_keeps_its_isb_name_so_it_stays_out_of_release_ids() -> None:
    """Read from a file, ``_inserted_date`` was renamed ``inserted_date``: it entered the row digest and never
    ordered two extractions of a BAP/BAST row."""
    from ocds_regency.mapping.ids import row_digest

    spec = DATASETS["SPSE-TenderEkontrak-4BAPBAST"]
    first = spec.parse({"kd_tender": 1, "no_bast": "B-1", "_inserted_date": "2025-09-01 10:00:00"})
    again = spec.parse({"kd_tender": 1, "no_bast": "B-1", "_inserted_date": "2025-09-02 10:00:00"})
    assert "_inserted_date" in first.data and first.record is not None
    assert first.record.inserted_date == "2025-09-01T10:00:00+07:00"  # type: ignore[attr-defined]
    assert row_digest(first.data) == row_digest(again.data)
