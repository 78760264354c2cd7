"""What each ISB record class says of a fact the mapping reads from records of several classes.

Most mappers read one record class (``row.typed(EkontrakKontrak).nilai_kontrak``). A few facts are read from
whichever row a process has (an announcement, a result, or the row a partial process starts from): a package's
money and opening dates. Each such fact is one function here that dispatches on the record class, so the
classes that give it are listed once and mypy checks every attribute read
(``tests/mapping/test_record_reads.py`` checks that no record class that has the fields is left out).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ocds_regency.isb._base import IsbRecord
from ocds_regency.isb._common import Instansi, Lpse
from ocds_regency.isb.ecat import EcatPaketEPurchasingV6
from ocds_regency.isb.ekontrak import EkontrakBapBast, _Ekontrak
from ocds_regency.isb.rup import RupPaketPenyedia, RupPaketSwakelola
from ocds_regency.isb.spse import (
    JadwalTahapanNonTender,
    JadwalTahapanTender,
    NonTenderPengumuman,
    NonTenderSelesai,
    PencatatanNonTender,
    PencatatanNonTenderRealisasi,
    PencatatanSwakelola,
    PencatatanSwakelolaRealisasi,
    PesertaTender,
    TenderPengumuman,
    TenderSelesaiNilai,
)

__all__ = ["Funding", "extraction", "funding", "lpse", "opened", "rups", "snapshot", "stamps", "version"]


class Funding(NamedTuple):
    """What a package's record says of its money and budget year (see :func:`funding`).

    Attributes:
        pagu: the package's ceiling.
        funds: the source of funds as published (``sumber_dana``: ``"APBD"``, ``"APBD;APBDP"``).
        maks: the MAK budget codes.
        year: the budget year (``tahun_anggaran``).
        opening: the dates that open the package, as ``(ISB field, date)`` pairs, checked against ``year``.
        satker: SiRUP's number of the work unit (``kd_satker`` of a RUP), which the budget masters use.
    """

    pagu: Decimal | None = None
    funds: str | None = None
    maks: tuple[str, ...] = ()
    year: int | None = None
    opening: tuple[tuple[str, str | None], ...] = ()
    satker: str | None = None


def funding(record: IsbRecord) -> Funding:
    """The :class:`Funding` of any package record (the announcement, or the row a partial process starts from).

    The opening dates are the announcement or creation, the start of the selection, the order and the start of
    a recorded purchase; end dates are not checked (multi-year contracts, carried-over work).
    """
    dates: tuple[tuple[str, str | None], ...]
    match record:
        case RupPaketPenyedia():
            dates = (
                ("tgl_pengumuman_paket", record.tgl_pengumuman_paket),
                ("tgl_buat_paket", record.tgl_buat_paket),
                ("tgl_awal_pemilihan", record.tgl_awal_pemilihan),
            )
            return Funding(record.pagu, record.sumber_dana, record.mak, record.tahun_anggaran, dates, record.kd_satker)
        case RupPaketSwakelola():
            dates = (("tgl_pengumuman_paket", record.tgl_pengumuman_paket), ("tgl_buat_paket", record.tgl_buat_paket))
            return Funding(record.pagu, None, (), record.tahun_anggaran, dates, record.kd_satker)
        case TenderPengumuman():
            dates = (("tgl_pengumuman_tender", record.tgl_pengumuman_tender), ("tgl_buat_paket", record.tgl_buat_paket))
            return Funding(record.pagu, record.sumber_dana, record.mak, record.tahun_anggaran, dates)
        case NonTenderPengumuman():
            dates = (
                ("tgl_pengumuman_nontender", record.tgl_pengumuman_nontender),
                ("tgl_buat_paket", record.tgl_buat_paket),
            )
            return Funding(record.pagu, record.sumber_dana, record.mak, record.tahun_anggaran, dates)
        case TenderSelesaiNilai():
            dates = (("tgl_pengumuman_tender", record.tgl_pengumuman_tender),)
            return Funding(record.pagu, None, (), record.tahun_anggaran, dates)
        case PencatatanNonTender() | PencatatanSwakelola():
            dates = (("tgl_buat_paket", record.tgl_buat_paket), ("tgl_mulai_paket", record.tgl_mulai_paket))
            return Funding(record.pagu, record.sumber_dana, (), record.tahun_anggaran, dates)
        case PencatatanNonTenderRealisasi() | PencatatanSwakelolaRealisasi():
            return Funding(record.pagu, year=record.tahun_anggaran)
        case EcatPaketEPurchasingV6():
            dates = (("tgl_order", record.tgl_order),)
            return Funding(None, record.sumber_dana, record.mak, record.tahun_anggaran, dates)
        case Instansi():
            return Funding(year=record.tahun_anggaran)
    return Funding()


def opened(record: IsbRecord) -> str | None:
    """When a package was opened: the first of its opening dates (:func:`funding`) that it gives."""
    return next((date for _, date in funding(record).opening if date is not None), None)


#: Records that name the LPSE that ran a process (``kd_lpse``).
_LPSE = (Lpse, TenderSelesaiNilai, PesertaTender, JadwalTahapanTender, JadwalTahapanNonTender, _Ekontrak,
         PencatatanNonTender, PencatatanSwakelola, PencatatanNonTenderRealisasi,
         PencatatanSwakelolaRealisasi)  # fmt: skip


def lpse(record: IsbRecord) -> str | None:
    """The LPSE (``kd_lpse``) an SPSE record names."""
    return record.kd_lpse if isinstance(record, _LPSE) else None


def version(record: IsbRecord) -> int | None:
    """The version of a tender or non-tender package (``versi_tender`` / ``versi_nontender``: 2 is a re-tender)."""
    if isinstance(record, TenderPengumuman):
        return record.versi_tender
    if isinstance(record, NonTenderPengumuman):
        return record.versi_nontender
    return None


def extraction(record: IsbRecord) -> tuple[str | None, str | None]:
    """The stamps that say when a row was extracted from LKPP (not when anything happened): ``_event_date`` and
    ``tgl_penarikan`` (SPSE-NonTenderSelesai)."""
    event = record.event_date if isinstance(record, Instansi) else None
    return event, (record.tgl_penarikan if isinstance(record, NonTenderSelesai) else None)


def snapshot(record: IsbRecord) -> str | None:
    """When a row was extracted: the first of its :func:`extraction` stamps."""
    event, drawn = extraction(record)
    return event or drawn


#: Records that cite RUP plans (``kd_rup``, a list in SPSE and e-Katalog datasets).
_RUPS = (TenderPengumuman, NonTenderPengumuman, TenderSelesaiNilai, PencatatanNonTender, PencatatanSwakelola,
         PencatatanNonTenderRealisasi, PencatatanSwakelolaRealisasi, EcatPaketEPurchasingV6)  # fmt: skip


def rups(record: IsbRecord) -> tuple[str, ...]:
    """The RUP codes (``kd_rup``) a package record cites."""
    return record.kd_rup if isinstance(record, _RUPS) else ()


def stamps(record: IsbRecord) -> tuple[str | None, str | None]:
    """The snapshot timestamps that order two extractions of one row: ``_event_date`` and ``_inserted_date``."""
    inserted = record.inserted_date if isinstance(record, EkontrakBapBast) else None
    return (record.event_date if isinstance(record, Instansi) else None), inserted
