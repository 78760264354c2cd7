"""The masking of personal data in field issues, and the parsers' refusals as catalog messages.

Every field issue carries its message in English and in Bahasa Indonesia, from the message catalog
(:mod:`ocds_regency.i18n`): a parser's :class:`~ocds_regency.errors.ParseError` carries its ``parse.*`` code
and parameters, so nothing here reads the English text back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ocds_regency.errors import ParseError
from ocds_regency.i18n import Message
from ocds_regency.isb.parse import as_text, describe

__all__ = ["mask_text", "parse_problem", "personal_category"]


def parse_problem(exc: ParseError) -> Message:
    """Why a parser refused a value, as a catalog message (the error's own, or a general one for a
    :class:`~ocds_regency.errors.ParseError` raised with a plain text)."""
    return exc.problem or Message("parse.unreadable", value=describe(exc.value))


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
