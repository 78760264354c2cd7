#!/usr/bin/env python3
"""Generate the bundled sample: one synthetic budget year of the fictional "Kabupaten Contoh".

The sample is a set of LKPP ISB JSON files, one per dataset, with the field names, field order and value
formats of the real datasets described in ``../shared/domain/indonesia.md`` (SiRUP RUP plans with their
funding and location lines, SPSE tenders and non-tenders with participants, schedules, results and the
e-Kontrak chain, off-system *pencatatan* and *swakelola* packages with their realisation rows, and
e-Katalog orders). Everything is invented and obviously synthetic: the regency is ``D999`` "Kab.
Contoh", LPSE 999, web addresses use the reserved ``.example`` domain, civil-servant NIPs and bank
accounts are masked with 9s as in LKPP's own samples, and every company name contains "Contoh" or
"Sampel".

Processes join across datasets by ``kd_rup``, ``kd_tender``, ``kd_nontender``, ``kd_nontender_pct`` and
``kd_swakelola_pct``; every stage occurs (plans only, ongoing, failed and cancelled tenders, completed
contracts with payments), and a handful of the data-quality problems documented in the domain notes
(§6, §9) are planted on purpose (see :data:`PLANTED_PROBLEMS`) so that the conversion report has
something to say.

The output is deterministic (a fixed seed, sorted keys nowhere: field order follows the real datasets)::

    python scripts/make_sample.py                 # writes examples/kabupaten-contoh-2025/
    python scripts/make_sample.py --check         # exit 1 if the committed sample is stale
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "examples" / "kabupaten-contoh-2025"
SEED = 20250101

YEAR = 2025
KD_KLPD = "D999"
NAMA_KLPD = "Kab. Contoh"
JENIS_KLPD = "KABUPATEN"
KD_LPSE = 999
NAMA_LPSE = "LPSE Kabupaten Contoh"
URL_LPSE = "https://lpse.contoh.example/eproc4"
EVENT_DATE = "2025-11-03"  # the ISB snapshot date
MASKED_NIP = "999999999999999999"
MASKED_REK = "9999999999999"
KAB_KOTA = "Contoh (Kab.)"
PROVINSI = "Jawa Barat"

#: The data-quality problems planted in the sample (dataset, what). Documented in examples/README.md.
PLANTED_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("RUP-PaketPenyedia-Terumumkan", 'the string "None" for a missing alasan_non_ukm / kd_rup_lokal'),
    ("SPSE-TenderPengumuman", 'kualifikasi_paket "None"; hps as a float with sen (e.g. 1249987654.32)'),
    ("SPSE-NonTenderPengumuman", "tgl_pengumuman_nontender with a false Z (local time labelled UTC)"),
    ("SPSE-TenderEkontrak-*", "dates with a false Z; US-style dates in SPMK/SPP"),
    ("SPSE-PencatatanNonTender", 'kd_rup lists joined by ";"; HTML in uraian_pekerjaan; end before start'),
    ("SPSE-*", "NPWP-16 under three field spellings; 15-digit punctuated, unpunctuated and 16-digit NPWPs"),
    ("SPSE-TenderEkontrak-2Kontrak", "HTML in lingkup_pekerjaan; tgl_kontrak_awal == tgl_kontrak_akhir"),
    ("SPSE-PesertaTender", "an orphan row whose kd_tender exists in no other dataset"),
    ("SPSE-NonTenderEkontrak-4BAPBAST", "an exact duplicate row; a snapshot re-emission (only _event_date differs)"),
    ("SPSE-PencatatanNonTenderRealisasi", 'an unparseable amount ("3.8OO.OOO", letter O for zero)'),
)

SATKER: tuple[dict[str, Any], ...] = (
    # kd_satker (SiRUP, int), kd_satker (SPSE, str), kd_satker_str, nama_satker, alamat
    {
        "rup": 990101,
        "spse": "99010999",
        "str": "1.01.0.00.0.00.01.0000",
        "nama": "DINAS PENDIDIKAN",
        "alamat": "Jl. Contoh Raya No. 1, Kecamatan Sampel, Kabupaten Contoh",
    },
    {
        "rup": 990102,
        "spse": "99020999",
        "str": "1.02.0.00.0.00.02.0000",
        "nama": "DINAS KESEHATAN",
        "alamat": "Jl. Contoh Raya No. 2, Kecamatan Sampel, Kabupaten Contoh",
    },
    {
        "rup": 990103,
        "spse": "99030999",
        "str": "1.03.2.15.0.00.03.0000",
        "nama": "DINAS PEKERJAAN UMUM DAN TATA RUANG",
        "alamat": "Jl. Contoh Raya No. 3, Kecamatan Sampel, Kabupaten Contoh",
    },
    {
        "rup": 990104,
        "spse": "99040999",
        "str": "2.07.3.32.0.00.04.0000",
        "nama": "DINAS KETENAGAKERJAAN",
        "alamat": "Jl. Contoh Tengah No. 4, Kecamatan Sampel, Kabupaten Contoh",
    },
    {
        "rup": 990105,
        "spse": "99050999",
        "str": "4.01.0.00.0.00.05.0000",
        "nama": "SEKRETARIAT DAERAH",
        "alamat": "Komplek Perkantoran Pemkab Contoh, Kecamatan Sampel, Kabupaten Contoh",
    },
    {
        "rup": 990106,
        "spse": "99060999",
        "str": "5.01.5.05.0.00.06.0000",
        "nama": "BADAN PERENCANAAN PEMBANGUNAN, RISET DAN INOVASI DAERAH",
        "alamat": "Komplek Perkantoran Pemkab Contoh, Kecamatan Sampel, Kabupaten Contoh",
    },
)

KECAMATAN = ("Sampel", "Contoh Utara", "Contoh Selatan", "Percobaan", "Uji Coba", "Fiktif Hilir")

JENIS = {  # SiRUP kd_jenis_pengadaan -> (SiRUP label, SPSE label variants)
    "1": ("Barang", ("Pengadaan Barang",)),
    "2": ("Pekerjaan Konstruksi", ("Pekerjaan Konstruksi",)),
    "3": (
        "Jasa Konsultansi",
        (
            "Jasa Konsultansi Badan Usaha Konstruksi",
            "Jasa Konsultansi Badan Usaha Non Konstruksi",
            "Jasa Konsultansi Perorangan Non Konstruksi",
        ),
    ),
    "4": ("Jasa Lainnya", ("Jasa Lainnya",)),
}
METODE = {8: "Pengadaan Langsung", 9: "E-Purchasing", 13: "Tender", 15: "Seleksi"}

SUPPLIERS: tuple[tuple[str, str, str], ...] = (
    # name, bentuk usaha, kind ("company" -> 0+15-digit NPWP, "person" -> NIK-based NPWP-16)
    ("PT. CONTOH KONSTRUKSI NUSANTARA", "Perseroan Terbatas (PT)", "company"),
    ("CV. SAMPEL KARYA MANDIRI", "Persekutuan Komanditer (CV / Commanditer Venoschaap )", "company"),
    ("PT. SAMPEL BANGUN PERSADA", "Perseroan Terbatas (PT)", "company"),
    ("CV  CONTOH SETIA ABADI", "Persekutuan Komanditer (CV / Commanditer Venoschaap )", "company"),
    ("PT. KONSULTAN CONTOH RAYA", "Perseroan Terbatas (PT)", "company"),
    ("CV. TOKO SAMPEL SEJAHTERA", "Persekutuan Komanditer (CV / Commanditer Venoschaap )", "company"),
    ("PT. CONTOH MEDIKA UTAMA", "Perseroan Terbatas (PT)", "company"),
    ("CV. SAMPEL TEKNIK JAYA", "Persekutuan Komanditer (CV / Commanditer Venoschaap )", "company"),
    ("PT. CONTOH DATA INFORMATIKA", "Perseroan Terbatas (PT)", "company"),
    ("CV. SAMPEL ATK PRIMA", "Persekutuan Komanditer (CV / Commanditer Venoschaap )", "company"),
    ("Budi Contoh", "Orang Perseorangan", "person"),
    ("Sari Sampel", "Konsultan Perseorangan", "person"),
)

PPK_NAMES = ("AGUS CONTOH, S.T., M.T.", "RINA SAMPEL, S.E.", "DEDI PERCOBAAN, S.Kom.", "WATI CONTOH, S.Sos.")
POKJA_NAMES = ("Andi Contoh", "Bella Sampel", "Cahya Percobaan", "Dewi Uji", "Eko Fiktif")

TENDER_STAGES = (
    "Pengumuman pascakualifikasi",
    "Download dokumen pemilihan dan kualifikasi",
    "Penjelasan dokumen lelang",
    "Upload Dokumen Penawaran",
    "Pembukaan file dokumen penawaran",
    "Evaluasi Administrasi, Kualifikasi, Teknis, dan Harga",
    "Pembuktian kualifikasi",
    "Penetapan pemenang",
    "Pengumuman pemenang",
    "Masa Sanggah Hasil Lelang",
    "Surat penunjukan penyedia barang/jasa",
    "Penandatanganan  kontrak",  # the double space is in the real data
)
NONTENDER_STAGES = (
    "Undangan Pengadaan Langsung",
    "Pemasukan Dokumen Penawaran",
    "Pembukaan, Evaluasi, Klarifikasi Teknis dan Negosiasi",
    "Penetapan Pemenang",
    "Penandatanganan Kontrak",
)


# --------------------------------------------------------------------------------------------- helpers


def luhn_digit(digits: str) -> str:
    """The Luhn check digit to append to ``digits``."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def company_npwp(serial: int) -> str:
    """A synthetic but well-formed 15-digit NPWP, punctuated: ``99.999.999.9-999.000``."""
    head = f"99{serial:06d}"
    digits = head + luhn_digit(head) + "999" + "000"
    return f"{digits[0:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:15]}"


def plain(npwp: str) -> str:
    return "".join(ch for ch in npwp if ch.isdigit())


def npwp16(npwp: str) -> str:
    d = plain(npwp)
    return d if len(d) == 16 else "0" + d


def nik(serial: int) -> str:
    """A synthetic NIK (region 32.99.01 is not a real kecamatan)."""
    return f"329901{15 + serial:02d}0190{serial:04d}"


def ts(d: datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M:%S")


def false_z(d: datetime) -> str:
    """The ISO form with a false ``Z`` that the e-Kontrak datasets use for local (WIB) dates."""
    return d.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def false_z_space(d: datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M:%S.000000Z")


def us_date(d: datetime) -> str:
    """``Apr 30, 2025, 12:00:00AM`` as in SPMK/SPP."""
    return f"{d.strftime('%b')} {d.day}, {d.year}, 12:00:00AM"


def workday(rng: random.Random, start: date, end: date) -> datetime:
    span = (end - start).days
    day = start + timedelta(days=rng.randint(0, max(span, 0)))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, rng.choice((8, 9, 10, 13, 14, 15)), rng.choice((0, 0, 30)), 0)


def rupiah(rng: random.Random, low: int, high: int, step: int = 1000) -> int:
    return rng.randrange(low // step, high // step) * step


def base(satker: dict[str, Any], *, spse: bool, names: bool = True) -> dict[str, Any]:
    row: dict[str, Any] = {"tahun_anggaran": YEAR, "kd_klpd": KD_KLPD}
    if names:
        row |= {"nama_klpd": NAMA_KLPD, "jenis_klpd": JENIS_KLPD}
    row |= {"kd_satker": satker["spse"] if spse else satker["rup"], "kd_satker_str": satker["str"]}
    if names:
        row["nama_satker"] = satker["nama"]
    return row


# ------------------------------------------------------------------------------------------- the model


class Sample:
    """Builds every dataset of the sample year; :meth:`datasets` returns them by ISB name."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.out: dict[str, list[dict[str, Any]]] = {
            name: []
            for name in (
                "RUP-MasterSatker",
                "RUP-PaketPenyedia-Terumumkan",
                "RUP-PaketAnggaranPenyedia",
                "RUP-PaketPenyediaLokasi",
                "RUP-PaketSwakelola-Terumumkan",
                "RUP-PaketAnggaranSwakelola",
                "RUP-PaketSwakelolaLokasi",
                "SPSE-TenderPengumuman",
                "SPSE-TenderSelesai",
                "SPSE-TenderSelesaiNilai",
                "SPSE-PesertaTender",
                "SPSE-JadwalTahapanTender",
                "SPSE-TenderEkontrak-1SPPBJ",
                "SPSE-TenderEkontrak-2Kontrak",
                "SPSE-TenderEkontrak-3SPMKSPP",
                "SPSE-TenderEkontrak-4BAPBAST",
                "SPSE-NonTenderPengumuman",
                "SPSE-NonTenderSelesai",
                "SPSE-JadwalTahapanNonTender",
                "SPSE-NonTenderEkontrak-1SPPBJ",
                "SPSE-NonTenderEkontrak-2Kontrak",
                "SPSE-NonTenderEkontrak-3SPMKSPP",
                "SPSE-NonTenderEkontrak-4BAPBAST",
                "SPSE-PencatatanNonTender",
                "SPSE-PencatatanNonTenderRealisasi",
                "SPSE-PencatatanSwakelola",
                "SPSE-PencatatanSwakelolaRealisasi",
                "Ecat-PaketEPurchasingV6",
            )
        }
        self._kd_rup = 70000100
        self._kd_spse = 90001000
        self._kd_tahapan = 50000
        self._kd_peserta = 91000000
        self._kd_pkt = 80000
        self._ulid = 0
        self.suppliers = [self._supplier(i, *s) for i, s in enumerate(SUPPLIERS)]

    # ---- identifiers

    def kd_rup(self) -> int:
        self._kd_rup += self.rng.randint(7, 97)
        return self._kd_rup

    def kd_spse(self) -> int:
        """An 11-digit SPSE id ending in 000, like ``10011868000``."""
        self._kd_spse += self.rng.randint(3, 40)
        return self._kd_spse * 1000

    def kd_pct(self) -> int:
        """An older-style pencatatan id ending in the LPSE code (999), like ``7767093`` for LPSE 93."""
        self._kd_pkt += self.rng.randint(3, 40)
        return self._kd_pkt * 1000 + KD_LPSE

    def ulid(self) -> str:
        self._ulid += 1
        alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
        tail = "".join(self.rng.choice(alphabet) for _ in range(16))
        return f"01K{self._ulid:07d}" + tail

    def _supplier(self, i: int, name: str, bentuk: str, kind: str) -> dict[str, Any]:
        if kind == "company":
            npwp15 = company_npwp(100000 + 7919 * (i + 1))
            return {
                "kd": 990000 + 17 * i,
                "nama": name,
                "bentuk": bentuk,
                "npwp": npwp15,
                "npwp16": npwp16(npwp15),
                "tipe": "Penyedia Badan Usaha Non KSO",
                "alamat": f"Jl. Sampel Niaga No. {10 + i}, Kabupaten Contoh",
            }
        number = nik(i)
        return {
            "kd": 990000 + 17 * i,
            "nama": name,
            "bentuk": bentuk,
            "npwp": number,
            "npwp16": number,
            "tipe": "Penyedia Perseorangan",
            "alamat": f"Kp. Percobaan RT 0{i % 9 + 1}/RW 02, Kabupaten Contoh",
        }

    # ---- SiRUP

    def master_satker(self) -> None:
        for i, s in enumerate(SATKER):
            self.out["RUP-MasterSatker"].append(
                {
                    "kd_satker": s["rup"],
                    "kd_satker_str": s["str"],
                    "nama_satker": s["nama"],
                    "alamat": s["alamat"],
                    "telepon": f"(0299) 5550{i:03d}" if i % 2 == 0 else None,
                    "fax": None,
                    "kodepos": "99999" if i % 3 else None,
                    "status_satker": "Aktif",
                    "ket_satker": "Satker/OPD Non-BLU/BLUD",
                    "jenis_satker": "SKPD",
                    "kd_klpd": KD_KLPD,
                    "nama_klpd": NAMA_KLPD,
                    "jenis_klpd": JENIS_KLPD,
                    "kode_eselon": None,
                }
            )

    def rup_penyedia(
        self,
        satker: dict[str, Any],
        nama: str,
        pagu: int,
        metode: int,
        jenis: str,
        *,
        lines: int = 1,
        quirk: bool = False,
        month: int = 1,
    ) -> dict[str, Any]:
        rng = self.rng
        kd = self.kd_rup()
        start = date(YEAR, month, 1)
        pemilihan = workday(rng, start, start + timedelta(days=20))
        kontrak_awal = pemilihan + timedelta(days=rng.randint(20, 45))
        row = base(satker, spse=False) | {
            "kd_rup": kd,
            "nama_paket": nama,
            "pagu": pagu,
            "kd_metode_pengadaan": metode,
            "metode_pengadaan": METODE[metode],
            "kd_jenis_pengadaan": jenis,
            "jenis_pengadaan": JENIS[jenis][0],
            "status_pradipa": "Non-PraDIPA",
            "status_pdn": "PDN",
            "status_ukm": "UKM" if pagu < 15_000_000_000 else "Non UKM",
            "alasan_non_ukm": "None" if quirk else None,
            "status_konsolidasi": "Non-Konsolidasi",
            "tipe_paket": "Penyedia",
            "kd_rup_swakelola": None,
            "kd_rup_lokal": "None" if quirk else None,
            "volume_pekerjaan": rng.choice(
                ("1 Paket", "12 Bulan", "1 Paket", "250 M2", "30 Orang / Kali", "1 Tahun\t")
            ),
            "urarian_pekerjaan": f"{nama} Tahun Anggaran {YEAR} (data sintetis)",
            "spesifikasi_pekerjaan": f"Spesifikasi sesuai dokumen pemilihan: {nama.lower()}",
            "tgl_awal_pemilihan": pemilihan.strftime("%Y-%m-%d"),
            "tgl_akhir_pemilihan": (pemilihan + timedelta(days=30)).strftime("%Y-%m-%d"),
            "tgl_awal_kontrak": kontrak_awal.strftime("%Y-%m-%d"),
            "tgl_akhir_kontrak": (kontrak_awal + timedelta(days=rng.choice((60, 90, 150, 180)))).strftime("%Y-%m-%d"),
            "tgl_awal_pemanfaatan": (kontrak_awal + timedelta(days=200)).strftime("%Y-%m-%d"),
            "tgl_akhir_pemanfaatan": f"{YEAR}-12-31",
            "tgl_buat_paket": (date(YEAR - 1, 12, 1) + timedelta(days=rng.randint(0, 30))).strftime("%Y-%m-%d"),
            "tgl_pengumuman_paket": ts(datetime(YEAR, 1, 2, 9, 0) + timedelta(minutes=rng.randint(0, 20 * 24 * 60))),
            "nip_ppk": MASKED_NIP,
            "nama_ppk": rng.choice(PPK_NAMES),
            "username_ppk": f"ppk_contoh-{KD_LPSE}-{kd % 1000}",
            "status_aktif_rup": True,
            "status_delete_rup": False,
            "status_umumkan_rup": "Terumumkan",
            "status_dikecualikan": False,
            "alasan_dikecualikan": None,
            "tahun_pertama": None,
            "kode_rup_tahun_pertama": None,
            "nomor_kontrak": None,
            "spp_aspek_ekonomi": False,
            "spp_aspek_sosial": False,
            "spp_aspek_lingkungan": False,
            "_event_date": EVENT_DATE,
        }
        self.out["RUP-PaketPenyedia-Terumumkan"].append(row)
        self._anggaran("RUP-PaketAnggaranPenyedia", satker, kd, pagu, lines)
        self._lokasi("RUP-PaketPenyediaLokasi", satker, kd)
        return row

    def rup_swakelola(self, satker: dict[str, Any], nama: str, pagu: int, tipe: int) -> dict[str, Any]:
        rng = self.rng
        kd = self.kd_rup()
        row = base(satker, spse=False) | {
            "kd_rup": kd,
            "nama_paket": nama,
            "pagu": pagu,
            "tipe_swakelola": tipe,
            "volume_pekerjaan": rng.choice(("1 Kegiatan", "12 Bulan", "4 Kali")),
            "uraian_pekerjaan": f"{nama} (data sintetis)",
            "kd_klpd_penyelenggara": KD_KLPD if tipe == 2 else None,
            "nama_klpd_penyelenggara": NAMA_KLPD if tipe == 2 else None,
            "nama_satker_penyelenggara": SATKER[5]["nama"] if tipe == 2 else None,
            "tgl_awal_pelaksanaan_kontrak": f"{YEAR}-01-01",
            "tgl_akhir_pelaksanaan_kontrak": f"{YEAR}-12-01",
            "tgl_buat_paket": (date(YEAR - 1, 11, 1) + timedelta(days=rng.randint(0, 40))).strftime("%Y-%m-%d"),
            "tgl_pengumuman_paket": ts(datetime(YEAR, 1, 6, 10, 0) + timedelta(minutes=rng.randint(0, 30 * 24 * 60))),
            "nip_ppk": MASKED_NIP,
            "nama_ppk": rng.choice(PPK_NAMES),
            "username_ppk": "",
            "kd_rup_lokal": None,
            "status_aktif_rup": True,
            "status_delete_rup": False,
            "status_umumkan_rup": "Terumumkan",
            "_event_date": EVENT_DATE,
        }
        self.out["RUP-PaketSwakelola-Terumumkan"].append(row)
        self._anggaran("RUP-PaketAnggaranSwakelola", satker, kd, pagu, 1)
        self._lokasi("RUP-PaketSwakelolaLokasi", satker, kd)
        return row

    def _anggaran(self, dataset: str, satker: dict[str, Any], kd: int, pagu: int, lines: int) -> None:
        rng = self.rng
        parts = [pagu] if lines == 1 else [pagu - pagu // 3, pagu // 3]
        prefix = ".".join(satker["str"].split(".")[:2])
        for n, part in enumerate(parts):
            sumber = "APBD" if n == 0 else "APBDP"
            rekening = "5.2.02.05.01.0001" if pagu > 500_000_000 else "5.1.02.02.01.0029"
            self.out[dataset].append(
                base(satker, spse=False)
                | {
                    "kd_rup": kd,
                    "kd_rup_lokal": None,
                    "kd_kegiatan": 99000000 + kd % 10000,
                    "kd_komponen": None,
                    "kd_subkegiatan": 99500000 + kd % 10000 + n,
                    "pagu": part,
                    "mak": f"{prefix}.{rng.randint(1, 9):02d}.2.01.{rng.randint(1, 40):04d}.{rekening}.",
                    "sumber_dana": sumber,
                    "asal_dana": KD_KLPD,
                    "tahun_anggaran_dana": YEAR,
                    "asal_dana_klpd": NAMA_KLPD,
                    "asal_dana_satker": satker["nama"],
                    "status_aktif_rup": True,
                    "status_delete_rup": False,
                    "status_umumkan_rup": "Terumumkan",
                    "_event_date": EVENT_DATE,
                }
            )

    def _lokasi(self, dataset: str, satker: dict[str, Any], kd: int) -> None:
        for kec in self.rng.sample(KECAMATAN, self.rng.choice((1, 1, 2))):
            self.out[dataset].append(
                base(satker, spse=False)
                | {
                    "kd_rup": kd,
                    "detail_lokasi": f"Kecamatan {kec}",
                    "kd_kab_kota": 99999,
                    "kab_kota": KAB_KOTA,
                    "kd_provinsi": 12,
                    "provinsi": PROVINSI,
                    "_event_date": EVENT_DATE,
                }
            )

    # ---- SPSE tender

    def tender(
        self,
        rup: dict[str, Any],
        satker: dict[str, Any],
        *,
        outcome: str,
        hps_sen: bool = False,
        kualifikasi: str | None = "Kecil",
        quirk_none: bool = False,
    ) -> int:
        """One tender. ``outcome``: selesai | berlangsung | gagal | batal."""
        rng = self.rng
        kd_tender = self.kd_spse()
        kd_pkt = self.kd_spse()
        pagu = int(rup["pagu"])
        hps = pagu - rupiah(rng, pagu // 100, pagu // 20)
        hps_value: float | int = hps + 0.32 if hps_sen else hps
        jenis = rng.choice(JENIS[rup["kd_jenis_pengadaan"]][1])
        seleksi = rup["metode_pengadaan"] == "Seleksi"
        pra = seleksi and rng.random() < 0.7
        buat = datetime.strptime(rup["tgl_awal_pemilihan"], "%Y-%m-%d").replace(hour=9, minute=12, second=41)
        umum = buat + timedelta(days=rng.randint(5, 14), hours=1)
        umum = umum.replace(minute=0, second=0)
        stages = self._schedule("SPSE-JadwalTahapanTender", "kd_tender", kd_tender, satker, umum, outcome)
        penetapan = stages.get("Penetapan pemenang")
        status = {"selesai": "Selesai", "berlangsung": "Berlangsung", "gagal": "Gagal/Batal", "batal": "Gagal/Batal"}[
            outcome
        ]
        ket_ditutup = {"gagal": None, "batal": "Efisiensi anggaran (data sintetis)"}.get(outcome)
        ket_diulang = "Tidak ada peserta yang lulus evaluasi teknis" if outcome == "gagal" else None
        pokja = rng.sample(POKJA_NAMES, 3)
        announcement = base(satker, spse=True)
        announcement = {"tahun_anggaran": YEAR, "list_tahun_anggaran": str(YEAR)} | {
            k: v for k, v in announcement.items() if k != "tahun_anggaran"
        }
        announcement |= {
            "kd_lpse": KD_LPSE,
            "nama_lpse": NAMA_LPSE,
            "kd_tender": kd_tender,
            "kd_pkt_dce": kd_pkt,
            "kd_rup": str(rup["kd_rup"]),
            "nama_paket": rup["nama_paket"],
            "pagu": pagu,
            "hps": hps_value,
            "sumber_dana": "APBD",
            "kualifikasi_paket": "None" if quirk_none else kualifikasi,
            "jenis_pengadaan": jenis,
            "mtd_pemilihan": rup["metode_pengadaan"],
            "mtd_evaluasi": "Kualitas dan Biaya" if seleksi else "Harga Terendah Sistem Gugur",
            "mtd_kualifikasi": "Pra Dua File Kualitas Biaya" if pra else "Pascakualifikasi Satu File",
            "kontrak_pembayaran": rng.choice(("Lumsum", "Harga Satuan", "Gabungan Lumsum dan Harga Satuan")),
            "status_tender": status,
            "tanggal_status": "2025-10-30" if outcome != "selesai" else (penetapan or umum).strftime("%Y-%m-%d"),
            "versi_tender": 2 if outcome == "gagal" else 1,
            "ket_ditutup": ket_ditutup,
            "ket_diulang": ket_diulang,
            "tgl_buat_paket": ts(buat),
            "tgl_kolektif_kolegial": ts(umum - timedelta(minutes=42)),
            "tgl_pengumuman_tender": ts(umum),
            "nip_ppk": MASKED_NIP,
            "nama_ppk": rup["nama_ppk"],
            "nip_pokja": ";".join([MASKED_NIP] * 3),
            "nama_pokja": ";".join(pokja),
            "lokasi_pekerjaan": f"Kecamatan {rng.choice(KECAMATAN)} - {KAB_KOTA} - {PROVINSI}",
            "url_lpse": URL_LPSE,
            "_event_date": EVENT_DATE,
        }
        self.out["SPSE-TenderPengumuman"].append(announcement)

        # participants
        n_peserta = {"selesai": rng.randint(3, 7), "berlangsung": rng.randint(2, 5), "gagal": 2, "batal": 0}[outcome]
        candidates = [s for s in self.suppliers if s["tipe"] == "Penyedia Badan Usaha Non KSO"]
        peserta = rng.sample(candidates, n_peserta)
        winner = peserta[0] if outcome == "selesai" else None
        offers: dict[int, int | None] = {}
        for p in peserta:
            has_offer = outcome != "berlangsung" and (p is winner or rng.random() < 0.5)
            offers[p["kd"]] = hps - rupiah(rng, hps // 50, hps // 6) if has_offer else None
        if winner is not None:
            offers[winner["kd"]] = min(v for v in offers.values() if v is not None)
        for p in peserta:
            self._kd_peserta += rng.randint(1, 9)
            offer = offers[p["kd"]]
            self.out["SPSE-PesertaTender"].append(
                base(satker, spse=True, names=False)
                | {
                    "kd_lpse": KD_LPSE,
                    "kd_tender": kd_tender,
                    "kd_pkt_dce": kd_pkt,
                    "kd_peserta": self._kd_peserta * 1000,
                    "kd_penyedia": p["kd"],
                    "nama_penyedia": p["nama"],
                    "npwp_penyedia": p["npwp"],
                    "npwp_penyedia_16": p["npwp16"],
                    "nilai_penawaran": offer,
                    "nilai_terkoreksi": offer,
                    "pemenang": 1 if p is winner else 0,
                    "pemenang_terverifikasi": 1 if p is winner else 0,
                    "alasan": None if offer is not None or outcome == "berlangsung" else "Tidak memasukkan penawaran",
                }
            )
        if winner is None or penetapan is None:
            return kd_tender

        offer = offers[winner["kd"]] or hps
        nego = offer - rupiah(rng, 0, max(offer // 100, 2000))
        selesai = {
            k: v
            for k, v in announcement.items()
            if k
            in (
                "tahun_anggaran",
                "kd_klpd",
                "nama_klpd",
                "jenis_klpd",
                "kd_satker",
                "kd_satker_str",
                "nama_satker",
                "kd_lpse",
                "nama_lpse",
                "kd_tender",
                "kd_pkt_dce",
                "kd_rup",
                "nama_paket",
                "pagu",
                "hps",
                "sumber_dana",
            )
        }
        selesai |= {
            "mak": self._mak(rup["kd_rup"]),
            "kualifikasi_paket": announcement["kualifikasi_paket"],
            "jenis_pengadaan": jenis,
            "mtd_pemilihan": announcement["mtd_pemilihan"],
            "mtd_evaluasi": announcement["mtd_evaluasi"],
            "mtd_kualifikasi": announcement["mtd_kualifikasi"],
            "kontrak_pembayaran": announcement["kontrak_pembayaran"],
            "status_tender": "Selesai",
            "tgl_pengumuman_tender": ts(umum),
            "tgl_penetapan_pemenang": ts(penetapan),
            "url_lpse": URL_LPSE,
        }
        self.out["SPSE-TenderSelesai"].append(selesai)
        nilai = base(satker, spse=True)
        nilai["kd_satker"] = satker["str"]  # the documented field swap of this dataset
        del nilai["kd_satker_str"]
        nilai |= {
            "kd_lpse": KD_LPSE,
            "kd_tender": kd_tender,
            "kd_paket": kd_pkt,
            "kd_rup_paket": str(rup["kd_rup"]),
            "pagu": pagu,
            "hps": hps_value,
            "nilai_penawaran": offer,
            "nilai_terkoreksi": offer,
            "nilai_negosiasi": nego,
            "nilai_kontrak": nego,
            "tgl_pengumuman_tender": umum.strftime("%Y-%m-%d"),
            "tgl_penetapan_pemenang": penetapan.strftime("%Y-%m-%d"),
            "kd_penyedia": winner["kd"],
            "nama_penyedia": winner["nama"],
            "npwp_penyedia": winner["npwp"],
            "npwp_16_penyedia": winner["npwp16"],
            "nilai_pdn_kontrak": nego,
            "nilai_umk_kontrak": nego if pagu < 15_000_000_000 else 0,
            "_event_date": EVENT_DATE,
        }
        self.out["SPSE-TenderSelesaiNilai"].append(nilai)
        self._ekontrak(
            "SPSE-TenderEkontrak",
            "kd_tender",
            kd_tender,
            satker,
            rup,
            winner,
            nego,
            penetapan,
            npwp16_fields=("npwp_penyedia_16", "npwp_16_penyedia", "npwp_penyedia_16"),
        )
        return kd_tender

    def _schedule(
        self, dataset: str, key: str, kd: int, satker: dict[str, Any], start: datetime, outcome: str
    ) -> dict[str, datetime]:
        rng = self.rng
        names = TENDER_STAGES if key == "kd_tender" else NONTENDER_STAGES
        if outcome == "berlangsung":
            names = names[: len(names) // 2]
        elif outcome == "batal":
            names = names[:3]
        elif outcome == "gagal":
            names = names[:7]
        when = start
        seen: dict[str, datetime] = {}
        for i, name in enumerate(names):
            self._kd_tahapan += 1
            end = when + timedelta(
                days=rng.randint(1, 4) if key == "kd_tender" else rng.randint(0, 2), hours=rng.choice((0, 7))
            )
            end = end.replace(minute=0, second=0)
            self.out[dataset].append(
                base(satker, spse=True, names=False)
                | {
                    "kd_lpse": KD_LPSE,
                    key: kd,
                    "kd_tahapan": self._kd_tahapan,
                    # a few rows have nama_tahapan null (92 of 1428 in the real data)
                    "nama_tahapan": None if (i == 4 and rng.random() < 0.3) else name,
                    "kd_akt": 170 + i,
                    "nama_akt": None,
                    "tgl_awal": ts(when),
                    "tgl_akhir": ts(end),
                    "_event_date": EVENT_DATE,
                }
            )
            seen[name] = end
            when = end + timedelta(hours=rng.choice((1, 17, 24)))
        return seen

    def _mak(self, kd_rup: int) -> str:
        for dataset in ("RUP-PaketAnggaranPenyedia", "RUP-PaketAnggaranSwakelola"):
            for row in self.out[dataset]:
                if row["kd_rup"] == kd_rup:
                    return str(row["mak"])
        return ""

    def _ekontrak(
        self,
        prefix: str,
        key: str,
        kd: int,
        satker: dict[str, Any],
        rup: dict[str, Any],
        winner: dict[str, Any],
        nilai: int,
        penetapan: datetime,
        *,
        npwp16_fields: tuple[str, str, str],
        payments: int = 0,
        running: bool = False,
    ) -> None:
        rng = self.rng
        tender = key == "kd_tender"
        head = base(satker, spse=True) | {
            "alamat_satker": satker["alamat"],
            "kd_lpse": KD_LPSE,
            key: kd,
            "nama_paket": rup["nama_paket"],
        }
        if not tender:
            head["mtd_pengadaan"] = "Pengadaan Langsung"
        slug = "".join(w[0] for w in rup["nama_paket"].split()[:5]).upper()
        no_sppbj = f"027/{kd % 100000:05d}/SPPBJ/{slug}/{YEAR}"
        no_kontrak = f"027/{kd % 100000:05d}/KTR/{slug}/{YEAR}"
        tgl_sppbj = (penetapan + timedelta(days=rng.randint(3, 6))).replace(hour=0, minute=0, second=0)
        tgl_kontrak = tgl_sppbj + timedelta(days=rng.randint(2, 7))
        durasi = rng.choice((30, 45, 60, 90, 120, 150))
        mulai = tgl_kontrak + timedelta(days=rng.randint(0, 3))
        selesai = mulai + timedelta(days=durasi - 1)
        status = "Kontrak Sedang Berjalan" if running or selesai > datetime(2025, 11, 1) else "Kontrak Selesai"
        tail = {
            "status_kontrak": status,
            "tgl_penetapan_status_kontrak": None
            if status.endswith("Berjalan")
            else false_z(selesai + timedelta(days=3)),
            "alasan_penetapan_status_kontrak": None,
            "apakah_addendum": "Tidak",
            "versi_addendum": 0,
            "alasan_addendum": None,
        }
        ppk = {"nip_ppk": MASKED_NIP, "nama_ppk": rup["nama_ppk"], "jabatan_ppk": "Pejabat Pembuat Komitmen"}
        self.out[f"{prefix}-1SPPBJ"].append(
            head
            | {
                "no_sppbj": no_sppbj,
                "lampiran_sppbj": "-",
                "tgl_sppbj": false_z(tgl_sppbj),
                "kota_sppbj": "Sampel",
            }
            | ppk
            | {
                "nama_penyedia": winner["nama"],
                "npwp_penyedia": winner["npwp"],
                npwp16_fields[0]: winner["npwp16"],
                "harga_final": nilai,
                "nilai_jaminan_pelaksanaan": nilai // 20 if tender else 0,
                "masa_berlaku_jaminan": durasi if tender else 0,
            }
            | tail
            | {"_event_date": EVENT_DATE}
        )
        html = (
            f"<p>{rup['nama_paket']}\r\n</p><p><br></p><ul><li>Lokasi: Kabupaten Contoh</li>"
            f"<li>Jangka waktu {durasi} hari kalender</li></ul>"
        )
        kontrak = head | {
            "lingkup_pekerjaan": html if rng.random() < 0.8 else None,
            "no_sppbj": no_sppbj,
            "no_kontrak": no_kontrak,
            "tgl_kontrak": false_z(tgl_kontrak),
        }
        # all real tender contracts have tgl_kontrak_awal == tgl_kontrak_akhir
        kontrak |= {
            "tgl_kontrak_awal": false_z(tgl_kontrak) if tender else None,
            "tgl_kontrak_akhir": false_z(tgl_kontrak) if tender else None,
            "kota_kontrak": "Sampel",
        }
        kontrak |= ppk | {"no_sk_ppk": f"800/{kd % 1000}/SK-PPK/{YEAR}"}
        if tender:
            kontrak["kd_penyedia"] = winner["kd"]
        kontrak |= {
            "nama_penyedia": winner["nama"],
            "npwp_penyedia": plain(winner["npwp"]) if tender else winner["npwp"],
            npwp16_fields[1]: winner["npwp16"],
            "bentuk_usaha_penyedia": winner["bentuk"],
            "tipe_penyedia": winner["tipe"] if tender else None,
            "anggota_kso": None,
            "wakil_sah_penyedia": "DIREKTUR CONTOH"
            if winner["tipe"].startswith("Penyedia Badan")
            else winner["nama"].upper(),
            "jabatan_wakil_penyedia": "Direktur" if winner["tipe"].startswith("Penyedia Badan") else "Pemilik",
            "nama_rek_bank": rng.choice(("Bank Contoh Daerah", "Bank Sampel Nasional")),
            "no_rek_bank": MASKED_REK,
            "nama_pemilik_rek_bank": winner["nama"],
            "nilai_kontrak": nilai,
            "alasan_ubah_nilai_kontrak": "",
            "alasan_nilai_kontrak_10_persen": None,
            "nilai_pdn_kontrak": nilai,
            "nilai_umk_kontrak": nilai,
            "jenis_kontrak": rng.choice(("Lumsum", "Harga Satuan")),
            "informasi_lainnya": "",
        } | tail
        self.out[f"{prefix}-2Kontrak"].append(kontrak)
        spmk = head | {"no_sppbj": no_sppbj, "no_kontrak": no_kontrak}
        if not tender:
            spmk["tgl_kontrak"] = false_z(tgl_kontrak)
        spmk |= (
            {
                "no_spmk_spp": f"027/{kd % 100000:05d}/SPMK/{slug}/{YEAR}",
                "tgl_spmk_spp": false_z(mulai),
                "tgl_mulai_pekerjaan": us_date(mulai),
                "tgl_selesai_pekerjaan": us_date(selesai),
                "waktu_penyelesaian": rng.choice(
                    (f"{durasi} Hari Kalender", f"{durasi} Hari Kalendar", f"{durasi} (hari) kalender")
                ),
                "kota_spmk_spp": "Sampel",
                "alamat_pengiriman": None,
            }
            | ppk
            | {
                "nama_penyedia": winner["nama"],
                "alamat_penyedia": winner["alamat"],
                "npwp_penyedia": winner["npwp16"],
                npwp16_fields[2]: winner["npwp16"],
                "wakil_sah_penyedia": kontrak["wakil_sah_penyedia"],
                "jabatan_wakil_penyedia": kontrak["jabatan_wakil_penyedia"],
            }
        )
        if not tender:
            spmk |= tail
        spmk["_event_date"] = EVENT_DATE
        self.out[f"{prefix}-3SPMKSPP"].append(spmk)
        # BAP/BAST: termin payments up to the progress reached by the snapshot date
        n = payments or (1 if durasi <= 45 else rng.choice((1, 2, 3)))
        paid = 0
        for t in range(n):
            when = mulai + timedelta(days=(durasi * (t + 1)) // n)
            if when > datetime(2025, 11, 1):
                break
            besar = nilai - paid if t == n - 1 else nilai // n
            paid += besar
            self.out[f"{prefix}-4BAPBAST"].append(
                head
                | {
                    "lingkup_pekerjaan": kontrak["lingkup_pekerjaan"],
                    "no_sppbj": no_sppbj,
                    "no_kontrak": no_kontrak,
                    "tgl_kontrak": false_z(tgl_kontrak),
                    "nilai_kontrak": nilai,
                }
                | ppk
                | {
                    "no_sk_ppk": kontrak["no_sk_ppk"],
                    "jabatan_penandatangan_sk": "Kepala Dinas",
                    "nama_penyedia": winner["nama"],
                    "alamat_penyedia": winner["alamat"],
                    "npwp_penyedia": winner["npwp16"],
                    "npwp_16_penyedia": winner["npwp16"],
                    "wakil_sah_penyedia": kontrak["wakil_sah_penyedia"],
                    "jabatan_wakil_penyedia": kontrak["jabatan_wakil_penyedia"],
                    "no_bast": f"{t + 1:02d}/BAST/{slug}/{YEAR}",
                    "tgl_bast": false_z(when),
                    "no_bap": f"{t + 1:02d}/BAP/{slug}/{YEAR}",
                    "tgl_bap": false_z(when + timedelta(days=2)),
                    "besar_pembayaran": besar,
                    "progres_pekerjaan": round(100 * (t + 1) / n),
                    "cara_pembayaran_kontrak": "Sekaligus" if n == 1 else "Termin",
                }
                | tail
                | {"_event_date": EVENT_DATE, "_inserted_date": None}
            )

    # ---- SPSE non-tender

    def nontender(self, rup: dict[str, Any], satker: dict[str, Any], *, outcome: str) -> int:
        """A Pengadaan Langsung. ``outcome``: selesai | berlangsung | batal."""
        rng = self.rng
        kd = self.kd_spse()
        kd_pkt = self.kd_spse()
        pagu = int(rup["pagu"])
        hps = pagu - rupiah(rng, 0, max(pagu // 25, 2000))
        jenis = rng.choice(JENIS[rup["kd_jenis_pengadaan"]][1])
        buat = datetime.strptime(rup["tgl_awal_pemilihan"], "%Y-%m-%d").replace(hour=8, minute=55, second=53)
        umum = (buat + timedelta(days=rng.randint(2, 9))).replace(hour=rng.choice((8, 14)), minute=0, second=0)
        stages = self._schedule("SPSE-JadwalTahapanNonTender", "kd_nontender", kd, satker, umum, outcome)
        status = {"selesai": "Selesai", "berlangsung": "Berlangsung", "batal": "Gagal/Batal"}[outcome]
        head = base(satker, spse=True)
        self.out["SPSE-NonTenderPengumuman"].append(
            head
            | {
                "lls_id": kd,
                "kd_lpse": KD_LPSE,
                "nama_lpse": NAMA_LPSE,
                "kd_nontender": kd,
                "kd_pkt_dce": kd_pkt,
                "kd_rup": str(rup["kd_rup"]),
                "nama_paket": rup["nama_paket"],
                "pagu": pagu,
                "hps": hps,
                "sumber_dana": "APBD",
                "mak": self._mak(rup["kd_rup"]),
                "kualifikasi_paket": "Kecil",
                "jenis_pengadaan": jenis,
                "mtd_pemilihan": "Pengadaan Langsung",
                "kontrak_pembayaran": "Lumsum",
                "status_nontender": status,
                "versi_nontender": 1,
                "ket_diulang": None,
                "ket_ditutup": "surat permohonan pembatalan (data sintetis)" if outcome == "batal" else None,
                "tgl_buat_paket": ts(buat),
                "tgl_kolektif_kolegial": None,
                "tgl_pengumuman_nontender": false_z_space(umum),  # the false Z
                "nip_nama_ppk": f"{MASKED_NIP} - {rup['nama_ppk']}",
                "nip_nama_pokja": None,
                "nip_nama_pp": f"{MASKED_NIP} - {rng.choice(POKJA_NAMES)}",
                "url_lpse": URL_LPSE,
                "repeat_order": "Tidak",
            }
        )
        if outcome != "selesai":
            return kd
        winner = rng.choice(self.suppliers)
        nilai = hps - rupiah(rng, 0, max(hps // 30, 2000))
        penetapan = stages["Penetapan Pemenang"]
        self.out["SPSE-NonTenderSelesai"].append(
            {
                "tahun_anggaran": YEAR,
                "lpse_id": KD_LPSE,
                "kd_klpd": KD_KLPD,
                "nama_klpd": NAMA_KLPD,
                "jenis_klpd": JENIS_KLPD,
                "kd_satker": satker["spse"],
                "kd_satker_str": satker["str"],
                "nama_satker": satker["nama"],
                "kd_lpse": KD_LPSE,
                "nama_lpse": NAMA_LPSE,
                "kd_nontender": kd,
                "kd_pkt_dce": kd_pkt,
                "kd_rup": str(rup["kd_rup"]),
                "nama_paket": rup["nama_paket"],
                "pagu": pagu,
                "hps": hps,
                "nilai_penawaran": hps,
                "nilai_terkoreksi": hps,
                "nilai_negosiasi": nilai,
                "nilai_kontrak": nilai,
                "nilai_pdn_kontrak": nilai,
                "nilai_umk_kontrak": nilai,
                "sumber_dana": "APBD",
                "mak": self._mak(rup["kd_rup"]),
                "kualifikasi_paket": "Kecil",
                "jenis_pengadaan": jenis,
                "mtd_pemilihan": "Pengadaan Langsung",
                "kontrak_pembayaran": "Lumsum",
                "status_nontender": "Selesai",
                "tgl_pengumuman_nontender": ts(umum),
                "tgl_selesai_nontender": ts(penetapan),
                "kd_penyedia": winner["kd"],
                "nama_penyedia": winner["nama"],
                "npwp_penyedia": winner["npwp"],
                "npwp16_penyedia": winner["npwp16"],
                "url_lpse": URL_LPSE,
                "tgl_penarikan": EVENT_DATE,
            }
        )
        self._ekontrak(
            "SPSE-NonTenderEkontrak",
            "kd_nontender",
            kd,
            satker,
            rup,
            winner,
            nilai,
            penetapan,
            npwp16_fields=("npwp_penyedia_16", "npwp16_penyedia", "npwp_16_penyedia"),
            payments=2,
        )
        return kd

    # ---- pencatatan, swakelola, e-purchasing

    def pencatatan(
        self,
        rups: list[dict[str, Any]],
        satker: dict[str, Any],
        *,
        status: str,
        end_before_start: bool = False,
        bad_amount: bool = False,
    ) -> int:
        rng = self.rng
        kd = self.kd_pct()
        kd_pkt = self.kd_pct()
        pagu = sum(int(r["pagu"]) for r in rups)
        mulai = workday(rng, date(YEAR, 2, 1), date(YEAR, 9, 30))
        realisasi_rows = [] if status == "Paket Dibatalkan" else list(range(rng.randint(1, 3)))
        nilai = [rupiah(rng, pagu // 8, pagu // 3) for _ in realisasi_rows]
        supplier = rng.choice(self.suppliers)
        selesai = mulai - timedelta(days=10) if end_before_start else mulai + timedelta(days=rng.randint(5, 40))
        self.out["SPSE-PencatatanNonTender"].append(
            base(satker, spse=True)
            | {
                "kd_lpse": KD_LPSE,
                "kd_nontender_pct": kd,
                "kd_pkt_dce": kd_pkt,
                "kd_rup": ";".join(str(r["kd_rup"]) for r in rups),
                "nama_paket": rups[0]["nama_paket"],
                "pagu": pagu,
                "total_realisasi": sum(nilai),
                "nilai_pdn_pct": sum(nilai),
                "nilai_umk_pct": sum(nilai),
                "sumber_dana": "APBD;APBDP" if len(rups) > 1 else "APBD",
                "uraian_pekerjaan": f"<p>{rups[0]['nama_paket']} pada Kegiatan Rutin TA. {YEAR}</p>"
                + " " * 20
                + "\r\n  ",
                "informasi_lainnya": None,
                "kategori_pengadaan": JENIS[rups[0]["kd_jenis_pengadaan"]][1][0],
                "mtd_pemilihan": "Pengadaan Langsung",
                "bukti_pembayaran": "NonSPK",
                "status_nontender_pct": "Aktif",
                "status_nontender_pct_ket": status,
                "alasan_pembatalan": "Kegiatan ditunda (data sintetis)" if status == "Paket Dibatalkan" else None,
                "nip_ppk": MASKED_NIP,
                "nama_ppk": rups[0]["nama_ppk"],
                "tgl_buat_paket": mulai.strftime("%Y-%m-%dT%H:%M:%S.") + "679000Z",
                "tgl_mulai_paket": ts(mulai + timedelta(minutes=6)),
                "tgl_selesai_paket": ts(selesai.replace(hour=0, minute=0)),
                "_event_date": EVENT_DATE,
            }
        )
        for i, amount in zip(realisasi_rows, nilai, strict=True):
            when = (mulai + timedelta(days=3 + 5 * i)).replace(hour=0, minute=0)
            value: int | str = amount
            if bad_amount and i == 0:
                value = "3.8OO.OOO"  # letter O for zero: must be rejected, not guessed
            self.out["SPSE-PencatatanNonTenderRealisasi"].append(
                base(satker, spse=True)
                | {
                    "kd_lpse": KD_LPSE,
                    "nama_lpse": NAMA_LPSE,
                    "kd_nontender_pct": kd,
                    "kd_paket_dce": kd_pkt,
                    "kd_rup_paket": str(rups[-1]["kd_rup"]),
                    "nama_paket": rups[0]["nama_paket"],
                    "pagu": pagu,
                    "jenis_realisasi": rng.choice(("Kwitansi", "Bukti Pembelian", "Surat Pesanan")),
                    "no_realisasi": f"BKU_{100 + kd % 97 + i}",
                    "tgl_realisasi": false_z(when),
                    "nilai_realisasi": value,
                    "dok_realisasi": None,
                    "ket_realisasi": f"Pembayaran {rups[0]['nama_paket'].lower()} tahap {i + 1}",
                    "nama_penyedia": supplier["nama"],
                    "npwp_penyedia": supplier["npwp"],
                    "nip_ppk": MASKED_NIP,
                    "nama_ppk": rups[0]["nama_ppk"],
                    "_event_date": EVENT_DATE,
                }
            )
        return kd

    def swakelola_pct(self, rup: dict[str, Any], satker: dict[str, Any], *, status: str) -> int:
        rng = self.rng
        kd = self.kd_spse()
        kd_pkt = self.kd_spse()
        pagu = int(rup["pagu"])
        mulai = workday(rng, date(YEAR, 3, 1), date(YEAR, 8, 31))
        n = 0 if status == "Paket Dibatalkan" else rng.randint(1, 2)
        nilai = [rupiah(rng, pagu // 4, pagu // 2) for _ in range(n)]
        self.out["SPSE-PencatatanSwakelola"].append(
            base(satker, spse=True)
            | {
                "kd_rup": str(rup["kd_rup"]),
                "kd_lpse": KD_LPSE,
                "kd_swakelola_pct": kd,
                "kd_pkt_dce": kd_pkt,
                "nama_paket": rup["nama_paket"],
                "pagu": pagu,
                "total_realisasi": sum(nilai),
                "nilai_pdn_pct": 0,
                "nilai_umk_pct": 0,
                "sumber_dana": "APBD",
                "uraian_pekerjaan": "",
                "informasi_lainnya": None,
                "tipe_swakelola": rup["tipe_swakelola"],
                "tipe_swakelola_nama": f"Tipe {rup['tipe_swakelola']}",
                "status_swakelola_pct": "Aktif",
                "status_swakelola_pct_ket": status,
                "alasan_pembatalan": "Efisiensi anggaran (data sintetis)" if status == "Paket Dibatalkan" else None,
                "nip_ppk": MASKED_NIP,
                "nama_ppk": rup["nama_ppk"],
                "tgl_buat_paket": ts(mulai),
                "tgl_mulai_paket": ts(mulai + timedelta(minutes=5)),
                "tgl_selesai_paket": ts((mulai + timedelta(days=30)).replace(hour=0, minute=0)),
                "_event_date": EVENT_DATE,
            }
        )
        for i, amount in enumerate(nilai):
            self.out["SPSE-PencatatanSwakelolaRealisasi"].append(
                {
                    "tahun_anggaran": YEAR,
                    "kd_klpd": KD_KLPD,
                    "kd_satker": satker["spse"],
                    "kd_lpse": KD_LPSE,
                    "kd_swakelola_pct": kd,
                    "jenis_realisasi": "Kwitansi",
                    "no_realisasi": f"00{i + 1}/SWA/{kd % 1000}/{YEAR}",
                    "tgl_realisasi": ts((mulai + timedelta(days=10 + 7 * i)).replace(hour=0, minute=0)),
                    "nilai_realisasi": amount,
                    "dok_realisasi": None,
                    "ket_realisasi": f"Dibayarkan kepada  pelaksana kegiatan {rup['nama_paket'].lower()}",
                    "nama_pelaksana": "kelompok masyarakat contoh" if rup["tipe_swakelola"] == 4 else "tim pelaksana",
                    "npwp_pelaksana": "0000000000000000",
                    "nip_ppk": MASKED_NIP,
                    "nama_ppk": rup["nama_ppk"],
                    "_event_date": EVENT_DATE,
                }
            )
        return kd

    def epurchasing(self, rup: dict[str, Any], satker: dict[str, Any], status: str) -> str:
        rng = self.rng
        kd = self.ulid()
        n_jenis = rng.randint(1, 6)
        total = int(rup["pagu"]) - rupiah(rng, 0, int(rup["pagu"]) // 10)
        ongkir = rng.choice((0, 0, 150000, 350000))
        supplier = rng.choice(self.suppliers[:10])
        products = ",".join(
            f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-4{rng.getrandbits(12):03x}-"
            f"{rng.choice('89ab')}{rng.getrandbits(12):03x}-{rng.getrandbits(48):012x}"
            for _ in range(n_jenis)
        )
        self.out["Ecat-PaketEPurchasingV6"].append(
            {
                "tahun_anggaran": YEAR,
                "jenis_instansi": JENIS_KLPD,
                "nama_instansi": NAMA_KLPD,
                "nama_satker": satker["nama"],
                "kd_klpd": KD_KLPD,
                "kd_satker_str": satker["str"],
                "kd_paket": kd,
                "kd_rup": str(rup["kd_rup"]),
                "rup_nama_pkt": rup["nama_paket"],
                "product_ids": products,
                "sumber_dana": "APBD",
                "mak": self._mak(rup["kd_rup"]),
                "kd_penyedia_v6": f"01JCONTOH{supplier['kd']:017d}",
                "kd_penyedia_sikap": supplier["kd"],
                "jml_jenis_produk": n_jenis,
                "jml_produk": n_jenis * rng.randint(1, 40),
                "ongkir": ongkir,
                "total_harga": total,
                "tgl_order": workday(rng, date(YEAR, 2, 1), date(YEAR, 10, 15)).strftime("%Y-%m-%d"),
                "status_pkt": status,
                "status_pengiriman": "COMPLETED" if status == "COMPLETED" else "ON_PROCESS",
            }
        )
        return kd

    # ---- the year

    def build(self) -> dict[str, list[dict[str, Any]]]:
        rng = self.rng
        s = SATKER
        self.master_satker()

        # Tenders and selections (works, goods, consulting): the big-ticket processes.
        tenders = (
            (s[2], "Pembangunan Jalan Poros Desa Sampel - Percobaan", 4_850_000_000, 13, "2", "selesai"),
            (s[2], "Rehabilitasi Jembatan Sungai Contoh", 2_375_000_000, 13, "2", "selesai"),
            (s[2], "Pengawasan Pembangunan Jalan Poros Desa Sampel", 350_000_000, 15, "3", "selesai"),
            (s[1], "Pengadaan Alat Kesehatan Puskesmas Contoh Utara", 1_250_000_000, 13, "1", "selesai"),
            (s[0], "Pembangunan Ruang Kelas Baru SD Negeri 1 Contoh", 980_000_000, 13, "2", "selesai"),
            (s[5], "Penyusunan Dokumen Rencana Pembangunan Jangka Menengah Contoh", 650_000_000, 15, "3", "selesai"),
            (s[1], "Pengadaan Ambulans Desa Tahap II", 1_480_000_000, 13, "1", "berlangsung"),
            (s[0], "Rehabilitasi Gedung SMP Negeri 2 Sampel", 1_150_000_000, 13, "2", "berlangsung"),
            (s[2], "Pembangunan Drainase Kecamatan Percobaan", 760_000_000, 13, "2", "gagal"),
            (s[4], "Pengadaan Sistem Informasi Kepegawaian Contoh", 540_000_000, 13, "4", "batal"),
        )
        for i, (satker, nama, pagu, metode, jenis, outcome) in enumerate(tenders):
            month = 10 if outcome == "berlangsung" else 1 + (i * 2) % 8
            rup = self.rup_penyedia(
                satker, nama, pagu, metode, jenis, lines=2 if i in (0, 4) else 1, quirk=i == 3, month=month
            )
            self.tender(rup, satker, outcome=outcome, hps_sen=i in (3, 7), quirk_none=i == 1)

        # Non-tender (Pengadaan Langsung) through SPSE.
        nontenders = (
            (s[0], "Pengadaan Buku Perpustakaan Sekolah Dasar", 185_000_000, "1", "selesai"),
            (s[1], "Jasa Konsultansi Perencanaan Puskesmas Contoh Selatan", 95_000_000, "3", "selesai"),
            (s[2], "Pemeliharaan Rutin Jalan Lingkungan Uji Coba", 190_000_000, "2", "selesai"),
            (s[3], "Jasa Pelatihan Barista dan Tata Boga (data sintetis)", 79_500_000, "4", "selesai"),
            (s[5], "Jasa Tenaga Ahli Penyusunan Kajian Kemiskinan", 48_000_000, "3", "selesai"),
            (s[4], "Pengadaan Perangkat Jaringan Kantor Bupati", 142_000_000, "1", "berlangsung"),
            (s[3], "Jasa Penyelenggaraan Bursa Kerja Kabupaten Contoh", 120_000_000, "4", "batal"),
        )
        for satker, nama, pagu, jenis, outcome in nontenders:
            rup = self.rup_penyedia(
                satker, nama, pagu, 8, jenis, month=10 if outcome == "berlangsung" else rng.randint(2, 6)
            )
            self.nontender(rup, satker, outcome=outcome)

        # Pencatatan non-tender (off-system purchases), one citing two RUPs.
        atk_a = self.rup_penyedia(s[4], "Belanja Alat Tulis Kantor Sekretariat Daerah", 24_500_000, 8, "1")
        atk_b = self.rup_penyedia(s[4], "Belanja Alat Tulis Kantor Sekretariat Daerah (Perubahan)", 6_400_000, 8, "1")
        self.pencatatan([atk_a, atk_b], s[4], status="Paket Selesai", end_before_start=True)
        bbm = self.rup_penyedia(s[2], "Belanja Bahan Bakar Kendaraan Operasional", 36_000_000, 8, "1")
        self.pencatatan([bbm], s[2], status="Paket Selesai", bad_amount=True)
        mamin = self.rup_penyedia(s[1], "Belanja Makanan dan Minuman Rapat Koordinasi", 18_750_000, 8, "4")
        self.pencatatan([mamin], s[1], status="Paket Sedang Berjalan")
        cetak = self.rup_penyedia(s[0], "Belanja Cetak Spanduk Hari Pendidikan", 9_800_000, 8, "1")
        self.pencatatan([cetak], s[0], status="Paket Dibatalkan")

        # E-purchasing (e-Katalog V6 orders).
        for satker, nama, pagu, jenis, status in (
            (s[0], "Pengadaan Laptop untuk Guru SD Negeri Contoh", 420_000_000, "1", "COMPLETED"),
            (s[1], "Pengadaan Obat dan Bahan Medis Habis Pakai", 615_000_000, "1", "COMPLETED"),
            (s[4], "Belanja Kertas dan Toner Sekretariat Daerah", 58_000_000, "1", "PAYMENT_OUTSIDE_SYSTEM"),
            (s[2], "Pengadaan Aspal Curah untuk Pemeliharaan Jalan", 890_000_000, "1", "ON_PROCESS"),
            (s[5], "Pengadaan Perangkat Lunak Perkantoran", 77_000_000, "1", "ON_ADDENDUM"),
        ):
            rup = self.rup_penyedia(satker, nama, pagu, 9, jenis, month=rng.randint(2, 8))
            self.epurchasing(rup, satker, status)

        # Plans that have not reached procurement yet (RUP only).
        for satker, nama, pagu, metode, jenis in (
            (s[2], "Pembangunan Tembok Penahan Tanah Desa Fiktif Hilir", 1_900_000_000, 13, "2"),
            (s[0], "Pengadaan Meubelair Sekolah Dasar Tahap III", 310_000_000, 9, "1"),
            (s[3], "Jasa Penyusunan Data Ketenagakerjaan", 64_000_000, 8, "3"),
        ):
            self.rup_penyedia(satker, nama, pagu, metode, jenis, month=11)

        # Swakelola plans, three of them recorded as pencatatan swakelola.
        swa = [
            self.rup_swakelola(s[3], "Pelatihan Keterampilan Kerja bagi Pencari Kerja", 145_000_000, 1),
            self.rup_swakelola(s[1], "Pemberdayaan Kader Posyandu Kecamatan Sampel", 62_500_000, 4),
            self.rup_swakelola(s[5], "Penyusunan Rencana Kerja Perangkat Daerah", 38_000_000, 2),
            self.rup_swakelola(s[4], "Belanja Perjalanan Dinas Dalam Daerah", 27_600_000, 1),
            self.rup_swakelola(s[0], "Lomba Cerdas Cermat Tingkat Kabupaten", 15_000_000, 3),
        ]
        self.swakelola_pct(swa[0], s[3], status="Paket Selesai")
        self.swakelola_pct(swa[1], s[1], status="Paket Sedang Berjalan")
        self.swakelola_pct(swa[3], s[4], status="Paket Dibatalkan")

        self._plant_problems()
        return self.out

    def _plant_problems(self) -> None:
        # An orphan participant: its kd_tender exists in no other dataset.
        orphan = dict(self.out["SPSE-PesertaTender"][0])
        orphan |= {"kd_tender": 99999999000, "kd_pkt_dce": 99999998000, "kd_peserta": 99999997000}
        self.out["SPSE-PesertaTender"].append(orphan)
        # An exact duplicate BAP/BAST row, and a snapshot re-emission that differs only in _event_date.
        rows = self.out["SPSE-NonTenderEkontrak-4BAPBAST"]
        rows.insert(1, dict(rows[0]))
        reemitted = dict(rows[-1])
        reemitted["_event_date"] = "2025-10-01"
        rows.append(reemitted)
        # The same company with a 15-digit NPWP (unpunctuated) in one participant row.
        for row in self.out["SPSE-PesertaTender"][3:4]:
            row["npwp_penyedia"] = plain(row["npwp_penyedia"])


def datasets(seed: int = SEED) -> dict[str, list[dict[str, Any]]]:
    """Every dataset of the sample year, by ISB dataset name (empty datasets included)."""
    return Sample(seed).build()


def render(rows: list[dict[str, Any]]) -> bytes:
    """The bytes of one ISB JSON file: a JSON array, one object per line, UTF-8."""
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")


def files(seed: int = SEED) -> Iterator[tuple[str, bytes]]:
    """``(file name, bytes)`` for each non-empty dataset."""
    for name, rows in datasets(seed).items():
        if rows:
            yield f"{name}.json", render(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument("--check", action="store_true", help="exit 1 if the directory differs from a fresh run")
    args = parser.parse_args(argv)
    expected = dict(files())
    if args.check:
        present = {p.name: p.read_bytes() for p in args.out.glob("*.json")} if args.out.is_dir() else {}
        if present != expected:
            stale = sorted(set(present) ^ set(expected) | {k for k in expected if present.get(k) != expected[k]})
            print(f"{args.out} is stale: {', '.join(stale)}; run scripts/make_sample.py", file=sys.stderr)
            return 1
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.json"):
        if old.name not in expected:
            old.unlink()
    for name, data in expected.items():
        (args.out / name).write_bytes(data)
    total = sum(len(rows) for rows in datasets().values())
    size = sum(len(data) for data in expected.values())
    print(f"wrote {len(expected)} files, {total} rows, {size:,} bytes to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
