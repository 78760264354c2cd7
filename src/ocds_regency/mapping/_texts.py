"""Bahasa Indonesia for the report, and the masking of personal data in field issues.

Every field issue carries its message in English and in Bahasa Indonesia. Messages of the mapping itself
are written in both languages where they are raised; messages of :mod:`ocds_regency.isb.parse` (English
only) are translated here: by pattern when the message is one of the known forms, else by the kind of
value that could not be parsed (:data:`PARSE_KINDS_ID` has an entry for every kind the parsers raise).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ocds_regency.isb.parse import as_text, describe

__all__ = [
    "PARSE_KINDS_ID",
    "REASONS_ID",
    "mask_text",
    "parse_error_id",
    "personal_category",
]

#: Every report reason code, in Bahasa Indonesia (for messages that only have a code, and for docs).
REASONS_ID: dict[str, str] = {
    "unknown-dataset": "dataset tidak dikenal",
    "missing-key": "kunci paket kosong",
    "orphan": "baris tanpa induk",
    "unreferenced": "tidak dirujuk",
    "not-published": "sengaja tidak dipublikasikan",
    "partial": "proses tanpa pengumuman",
    "superseded": "snapshot lama",
    "duplicate": "duplikat",
    "empty": "baris kosong",
    "no-date": "tanpa tanggal",
    "unparseable": "tidak dapat dibaca",
    "inconsistent": "tidak konsisten",
}

#: What could not be parsed, by :attr:`ocds_regency.errors.ParseError.kind`, in Bahasa Indonesia.
PARSE_KINDS_ID: dict[str, str] = {
    "bool": "bukan nilai ya/tidak",
    "code": "bukan kode yang sah",
    "date": "bukan tanggal yang dapat dibaca",
    "duration": "bukan jangka waktu yang dapat dibaca",
    "int": "bukan bilangan bulat",
    "number": "bukan angka",
    "npwp": "bukan NPWP yang sah",
    "offset": "bukan selisih zona waktu",
    "rupiah": "bukan jumlah Rupiah yang dapat dibaca",
    "satker": "bukan kode satker bertitik",
    "url": "bukan alamat web http(s) yang dapat diterbitkan",
}

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), template)
    for pattern, template in (
        (r"masked NPWP: (.*)", "NPWP disamarkan: {0}"),
        (r"NPWP must have 15 or 16 digits, not (\d+): (.*)", "NPWP harus 15 atau 16 digit, bukan {0}: {1}"),
        (r"NPWP check digit does not match: (.*)", "digit kontrol NPWP tidak cocok: {0}"),
        (
            r"16-digit NPWP is neither .*: (.*)",
            "NPWP 16 digit bukan '0' + NPWP 15 digit, bukan bentuk '10', dan tidak berbentuk NIK: {0}",
        ),
        (r"not an NPWP: (.*)", "bukan NPWP: {0}"),
        (r"negative amount: (.*)", "jumlah negatif: {0}"),
        (
            r"ambiguous amount (.*?): .*",
            "jumlah ambigu {0}: titik atau koma sebelum tiga digit bisa pemisah ribuan atau tanda desimal; "
            "tulis jumlah lengkap",
        ),
        (r"more than two decimal places.*?('.*?'|\d\S*).*", "lebih dari dua angka desimal (Rupiah hanya sen): {0}"),
        (r"not a Rupiah amount: (.*)", "bukan jumlah Rupiah: {0}"),
        (r"not an amount: (.*)", "bukan jumlah uang: {0}"),
        (r"no amount: (.*)", "tidak ada jumlah: {0}"),
        (r"amount too large: (.*)", "jumlah terlalu besar: {0}"),
        (r"not a finite amount: (.*)", "bukan jumlah yang terhingga: {0}"),
        (r"unknown unit (.*?) in amount (.*)", "satuan {0} tidak dikenal dalam jumlah {1}"),
        (r"abbreviated amount not accepted here: (.*)", "jumlah singkatan tidak diterima di sini: {0}"),
        (r"unknown month name (.*?) in (.*)", "nama bulan {0} tidak dikenal dalam {1}"),
        (r"invalid date (.*?): .*", "tanggal tidak sah {0}"),
        (r"invalid time of day in (.*?): .*", "jam tidak sah dalam {0}"),
        (r"not a (?:recognised )?date: (.*)", "bukan tanggal yang dikenali: {0}"),
        (r"not a boolean: (.*)", "bukan nilai ya/tidak: {0}"),
        (r"not an integral identifier: (.*)", "bukan kode bilangan bulat: {0}"),
        (r"identifier contains whitespace: (.*)", "kode mengandung spasi: {0}"),
        (r"not an identifier: (.*)", "bukan kode: {0}"),
        (r"not a dotted unit code: (.*)", "bukan kode satker bertitik: {0}"),
        (r"not an integer: (.*)", "bukan bilangan bulat: {0}"),
        (r"not a (?:finite )?number: (.*)", "bukan angka: {0}"),
        (r"no duration \(a number and a unit\): (.*)", "tidak ada jangka waktu (angka dan satuan): {0}"),
        (r"ambiguous duration: (.*)", "jangka waktu ambigu: {0}"),
    )
)


def parse_error_id(message: str, kind: str | None, value: Any) -> str:
    """A parser's English error message in Bahasa Indonesia.

    Known message forms are translated in full; any other message of a known ``kind`` is said by kind
    ("bukan tanggal yang dapat dibaca: '31/02/2025'"); an unknown kind gives a general sentence.
    """
    for pattern, template in _PATTERNS:
        if match := pattern.fullmatch(message):
            return template.format(*match.groups())
    what = PARSE_KINDS_ID.get(kind or "", "nilai tidak dapat dibaca")
    return f"{what}: {describe(value)}"


_NAMES = "official_names"
#: Fields whose values are personal data, by category; the NPWP fields are decided per value.
_PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "nip_ppk": ("nip",),
    "nip_pokja": ("nip",),
    "nama_ppk": (_NAMES,),
    "nama_pokja": (_NAMES,),
    "nip_nama_ppk": ("nip", _NAMES),
    "nip_nama_pp": ("nip", _NAMES),
    "nip_nama_pokja": ("nip", _NAMES),
    "nama_rek_bank": ("bank_accounts",),
    "no_rek_bank": ("bank_accounts",),
    "nama_pemilik_rek_bank": ("bank_accounts",),
}
#: Swakelola payees and notes name civil servants (type 1) and are treated as official names.
_SWAKELOLA_FIELDS = ("nama_pelaksana", "ket_realisasi")
_NPWP_FIELDS = frozenset(("npwp_16_penyedia", "npwp16_penyedia", "npwp_penyedia_16", "npwp_penyedia", "npwp_pelaksana"))
_INDIVIDUAL_FORMS = ("perseorangan",)


def personal_category(
    dataset: str, field: str, value: Any, data: Any, allowed: frozenset[str] | Iterable[str]
) -> str | None:
    """The personal-data category (not opted in) that hides ``value`` of ``field`` in the report, if any.

    - NIP, official-name and bank-account fields: their category.
    - ``nama_pelaksana`` and ``ket_realisasi`` of swakelola packages: ``official_names`` (type 1
      swakelola is carried out by civil servants; the report does not tell the types apart).
    - NPWP fields: ``nik``, unless the value reads as a company's NPWP (``"0"`` + 15 digits) of a
      supplier that is not an individual. A value that can't be read can't be told apart from an
      individual's NIK, so it is withheld too.
    """
    allowed = frozenset(allowed)
    categories = _PERSONAL_FIELDS.get(field)
    if categories is None and field in _SWAKELOLA_FIELDS and dataset.startswith("SPSE-PencatatanSwakelola"):
        categories = (_NAMES,)
    if categories is not None:
        return next((c for c in categories if c not in allowed), None)
    if field in _NPWP_FIELDS and "nik" not in allowed:
        digits = re.sub(r"[.\-\s]", "", as_text(value)) if isinstance(value, str | int) else ""
        form = str(data.get("bentuk_usaha_penyedia") or data.get("tipe_penyedia") or "").lower()
        company = len(digits) in (15, 16) and digits.isdigit() and digits.zfill(16)[0] == "0"
        if not company or any(f in form for f in _INDIVIDUAL_FORMS):
            return "nik"
    return None


_LONG_NUMBER = re.compile(r"\d[\d.\-\s]{4,}\d")


def mask_text(text: str, value: Any, placeholder: str = "[withheld]") -> str:
    """``text`` with ``value`` (and its parts, and any long run of digits) replaced by ``placeholder``."""
    pieces: set[str] = set()
    if value is not None:
        raw = as_text(value)
        pieces.update((describe(value, limit=1 << 30), raw, raw.strip()))
        pieces.update(part.strip() for part in re.split(r"[;,]| - ", raw))
    for piece in sorted((p for p in pieces if len(p) >= 3), key=len, reverse=True):
        text = text.replace(piece, placeholder)
    return _LONG_NUMBER.sub(placeholder, text)
