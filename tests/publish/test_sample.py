"""The bundled sample (examples/kabupaten-contoh-2025) is what scripts/make_sample.py generates."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ISB_SAMPLES

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "kabupaten-contoh-2025"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sample", ROOT / "scripts" / "make_sample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sample"] = module
    spec.loader.exec_module(module)
    return module


make_sample = _load_script()


@pytest.fixture(scope="module")
def sample() -> dict[str, list[dict[str, Any]]]:
    return {p.stem: json.loads(p.read_bytes()) for p in sorted(SAMPLE.glob("*.json"))}


def test_committed_sample_equals_a_fresh_generation() -> None:
    fresh = dict(make_sample.files())
    committed = {p.name: p.read_bytes() for p in SAMPLE.glob("*.json")}
    assert sorted(committed) == sorted(fresh)
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert not stale, f"run scripts/make_sample.py: {stale} differ"


def test_generation_is_deterministic_and_seed_dependent() -> None:
    assert dict(make_sample.files()) == dict(make_sample.files())
    assert dict(make_sample.files(seed=1)) != dict(make_sample.files())


def test_check_mode_detects_a_stale_directory(tmp_path: Path) -> None:
    assert make_sample.main(["-o", str(tmp_path)]) == 0
    assert make_sample.main(["-o", str(tmp_path), "--check"]) == 0
    victim = tmp_path / "SPSE-TenderPengumuman.json"
    victim.write_bytes(victim.read_bytes().replace(b"Contoh", b"Contah", 1))
    assert make_sample.main(["-o", str(tmp_path), "--check"]) == 1


def test_sample_is_small(sample: dict[str, list[dict[str, Any]]]) -> None:
    assert sum(p.stat().st_size for p in SAMPLE.glob("*.json")) < 1_000_000
    assert 200 <= sum(len(rows) for rows in sample.values()) <= 1000


def test_field_names_match_the_real_datasets(sample: dict[str, list[dict[str, Any]]]) -> None:
    """Every dataset that has a real sample uses exactly the real field names (the real ones as a set)."""
    real_dir = ISB_SAMPLES
    compared = 0
    for path in sorted(real_dir.glob("*.json")):
        real_keys: set[str] = set()
        for row in json.loads(path.read_bytes()):
            real_keys |= set(row)
        assert path.stem in sample, f"sample lacks dataset {path.stem}"
        ours: set[str] = set()
        for row in sample[path.stem]:
            ours |= set(row)
        assert ours == real_keys, (path.stem, ours ^ real_keys)
        compared += 1
    assert compared >= 25


def test_processes_join_across_datasets(sample: dict[str, list[dict[str, Any]]]) -> None:
    rup = {str(r["kd_rup"]) for r in sample["RUP-PaketPenyedia-Terumumkan"]}
    swa = {str(r["kd_rup"]) for r in sample["RUP-PaketSwakelola-Terumumkan"]}
    for row in sample["SPSE-TenderPengumuman"] + sample["SPSE-NonTenderPengumuman"] + sample["Ecat-PaketEPurchasingV6"]:
        assert row["kd_rup"] in rup
    for row in sample["SPSE-PencatatanNonTender"]:
        assert set(row["kd_rup"].split(";")) <= rup
    for row in sample["SPSE-PencatatanSwakelola"]:
        assert row["kd_rup"] in swa
    tenders = {r["kd_tender"] for r in sample["SPSE-TenderPengumuman"]}
    for name in (
        "SPSE-TenderSelesai",
        "SPSE-TenderSelesaiNilai",
        "SPSE-JadwalTahapanTender",
        "SPSE-TenderEkontrak-1SPPBJ",
        "SPSE-TenderEkontrak-2Kontrak",
        "SPSE-TenderEkontrak-4BAPBAST",
    ):
        assert {r["kd_tender"] for r in sample[name]} <= tenders, name
    orphans = [r for r in sample["SPSE-PesertaTender"] if r["kd_tender"] not in tenders]
    assert len(orphans) == 1  # the planted orphan, and only it
    # every RUP funding line belongs to a plan, and every plan has at least one
    lines = Counter(str(r["kd_rup"]) for r in sample["RUP-PaketAnggaranPenyedia"])
    assert set(lines) == rup
    assert max(lines.values()) == 2


def test_every_stage_and_outcome_occurs(sample: dict[str, list[dict[str, Any]]]) -> None:
    statuses = Counter(r["status_tender"] for r in sample["SPSE-TenderPengumuman"])
    assert statuses["Selesai"] >= 3 and statuses["Berlangsung"] >= 1 and statuses["Gagal/Batal"] >= 2
    assert {r["status_nontender"] for r in sample["SPSE-NonTenderPengumuman"]} == {
        "Selesai",
        "Berlangsung",
        "Gagal/Batal",
    }
    assert {r["status_pkt"] for r in sample["Ecat-PaketEPurchasingV6"]} == {
        "COMPLETED",
        "PAYMENT_OUTSIDE_SYSTEM",
        "ON_PROCESS",
        "ON_ADDENDUM",
    }
    kets = {r["status_nontender_pct_ket"] for r in sample["SPSE-PencatatanNonTender"]}
    assert kets == {"Paket Selesai", "Paket Sedang Berjalan", "Paket Dibatalkan"}
    assert sample["SPSE-PencatatanSwakelolaRealisasi"] and sample["SPSE-TenderEkontrak-4BAPBAST"]
    # plans that never reached procurement
    cited = {r["kd_rup"] for r in sample["SPSE-TenderPengumuman"] + sample["SPSE-NonTenderPengumuman"]}
    cited |= {r["kd_rup"] for r in sample["Ecat-PaketEPurchasingV6"]}
    cited |= {k for r in sample["SPSE-PencatatanNonTender"] for k in r["kd_rup"].split(";")}
    assert len({str(r["kd_rup"]) for r in sample["RUP-PaketPenyedia-Terumumkan"]} - cited) == 3


def test_planted_problems_are_present(sample: dict[str, list[dict[str, Any]]]) -> None:
    flat = json.dumps(sample, ensure_ascii=False)
    assert '"kualifikasi_paket": "None"' in flat
    assert any(isinstance(r["hps"], float) and r["hps"] != int(r["hps"]) for r in sample["SPSE-TenderPengumuman"])
    assert all(r["tgl_pengumuman_nontender"].endswith(".000000Z") for r in sample["SPSE-NonTenderPengumuman"])
    assert any(";" in r["kd_rup"] for r in sample["SPSE-PencatatanNonTender"])
    assert any("<p>" in (r["uraian_pekerjaan"] or "") for r in sample["SPSE-PencatatanNonTender"])
    assert any("<p>" in (r["lingkup_pekerjaan"] or "") for r in sample["SPSE-TenderEkontrak-2Kontrak"])
    spellings = {k for rows in sample.values() for r in rows for k in r if k.startswith("npwp") and "16" in k}
    assert spellings == {"npwp_16_penyedia", "npwp16_penyedia", "npwp_penyedia_16"}
    bast = [json.dumps(r, sort_keys=True) for r in sample["SPSE-NonTenderEkontrak-4BAPBAST"]]
    assert len(bast) - len(set(bast)) == 1  # exactly one exact duplicate
    assert [r["nilai_realisasi"] for r in sample["SPSE-PencatatanNonTenderRealisasi"]].count("3.8OO.OOO") == 1


def test_synthetic_npwps_have_valid_check_digits(sample: dict[str, list[dict[str, Any]]]) -> None:
    def luhn_ok(digits: str) -> bool:
        total = 0
        for i, ch in enumerate(reversed(digits)):
            d = int(ch) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        return total % 10 == 0

    seen = 0
    for row in sample["SPSE-PesertaTender"]:
        digits = "".join(ch for ch in row["npwp_penyedia"] if ch.isdigit())
        assert len(digits) == 15 and digits.startswith("99")
        assert luhn_ok(digits[:9]), row["npwp_penyedia"]
        assert row["npwp_penyedia_16"] == "0" + digits
        seen += 1
    assert seen > 20
