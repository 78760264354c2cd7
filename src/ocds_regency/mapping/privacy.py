"""Personal data: categories withheld by default, each published only after an explicit opt-in.

ISB datasets carry data about natural persons that a regency should not republish by default:

| category | fields | published as (when allowed) |
| --- | --- | --- |
| ``nip`` | ``nip_ppk``, NIP of ``nip_nama_ppk``/``nip_nama_pp`` | buyer ``contactPoint.nip`` |
| ``official_names`` | ``nama_ppk``, names in ``nip_nama_*`` | buyer ``contactPoint.name`` |
| ``official_names`` | ``nama_pokja``, names in ``nip_nama_pokja`` | ``tender.selectionCommittee[].name`` |
| ``nip`` | ``nip_pokja``, NIPs in ``nip_nama_pokja`` | ``tender.selectionCommittee[].nip`` |
| ``official_names`` | ``nama_pelaksana``, ``ket_realisasi`` of swakelola type 1 (civil servants) | payee, notes |
| ``bank_accounts`` | ``nama_rek_bank``, ``no_rek_bank``, ``nama_pemilik_rek_bank`` | supplier ``details.bankAccount`` |
| ``nik`` | an NPWP that is (or belongs with) an individual's NIK | supplier ``ID-DJP`` identifier |

Withheld values are counted per category in the conversion report (never silently dropped). The report
itself shows none of them: a field issue about a personal value of a category not opted in has no
``value``, the value is masked in its messages, and its ``withheld`` names the category.
``contactPoint.nip``, ``tender.selectionCommittee`` and ``details.bankAccount`` are fields of ocds-regency's
``indonesia`` extension, declared in every package the mapping writes.
"""

from __future__ import annotations

from collections.abc import Iterable

from ocds_regency.errors import OcdsRegencyError

__all__ = ["PERSONAL_DATA_CATEGORIES", "PersonalDataError", "check_categories"]

#: Every personal-data category, each withheld unless named in ``personal_data``.
PERSONAL_DATA_CATEGORIES: tuple[str, ...] = ("nip", "official_names", "bank_accounts", "nik")


class PersonalDataError(OcdsRegencyError, ValueError):
    """An unknown personal-data category was named."""


def check_categories(categories: Iterable[str]) -> frozenset[str]:
    """Validate personal-data categories to publish (``"all"`` names every category).

    Raises:
        PersonalDataError: a name is not one of :data:`PERSONAL_DATA_CATEGORIES`.
    """
    chosen: set[str] = set()
    for category in categories:
        if category == "all":
            chosen.update(PERSONAL_DATA_CATEGORIES)
        elif category in PERSONAL_DATA_CATEGORIES:
            chosen.add(category)
        else:
            known = ", ".join(PERSONAL_DATA_CATEGORIES)
            raise PersonalDataError(f"unknown personal-data category {category!r} (known: {known}, all)")
    return frozenset(chosen)
