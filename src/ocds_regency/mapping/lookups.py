"""Reference datasets: rows that name or classify what contracting processes cite.

Every LKPP dataset is used or named (``use`` in :mod:`ocds_regency.isb.datasets`):

- budget masters (``RUP-ProgramMaster``, ``RUP-KegiatanMaster``, ``RUP-SubKegiatanMaster``) name the
  programme, activity and sub-activity of a budget's MAK: a MAK ``2.07.02.2.01.0001.5.1.02.01.01.0024`` is
  sub-activity ``2.07.02.2.01.0001`` of activity ``2.07.02.2.01`` of programme ``2.07.02`` (then the account);
- region masters (``RUP-MasterProvinsi``/``-MasterKabKota``, ``Ecat-MasterProvinsi``/``-MasterKabKota``) name
  the regions that rows give only as codes;
- e-Katalog details (``Ecat-ProdukDetail``, ``Ecat-PenyediaDetail``, ``Ecat-InstansiSatker``,
  ``Ecat-KomoditasDetail``, ``Ecat-PenyediaDistributorDetail``) enrich orders: products, supplier names, buyers;
- ``RUP-StrukturAnggaranPD`` (a work unit's annual spending totals by type) gives the procurement budget of a
  buyer: a release has no place for a unit's annual totals, but the publication report compares each buyer's
  procurement budget with the pagu published for it (:func:`budget_structure`); it is cited by the releases of
  the work unit (its ``kd_satker_str``) that buys;
- ``Ecat-UserPegawai`` (civil servants' accounts: personal data) is deliberately not published, and reported as
  such by name;
- ``RUP-MasterSatker`` is kept by :class:`~ocds_regency.mapping.processes.Index` (it names buyers).

A reference row that feeds a release counts as used; one that no converted row cites is reported
(``unreferenced``, counted ``uncited``), naming its dataset and key. Where several rows share a key (a
sub-activity code used by several work units), the one of the citing package's work unit (its SiRUP
``kd_satker``) is preferred.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ocds_regency.i18n import Message
from ocds_regency.isb._common import Instansi
from ocds_regency.isb.datasets import DATASETS as REGISTRY
from ocds_regency.isb.datasets import Use
from ocds_regency.isb.rup import RupKegiatanMaster, RupProgramMaster, RupStrukturAnggaranPD, RupSubKegiatanMaster
from ocds_regency.mapping._rows import Row
from ocds_regency.mapping.report import ConversionReport, Reason

__all__ = [
    "BUDGET_STRUCTURE",
    "MASTER_SATKER",
    "Classification",
    "Lookups",
    "budget_structure",
    "is_lookup",
    "join_key",
    "not_published",
    "reference_name",
]

#: The work units of the K/L/PD: they name the buyers (kept by the index, not here).
MASTER_SATKER = "RUP-MasterSatker"
#: The dataset of each work unit's annual spending totals by type.
BUDGET_STRUCTURE = "RUP-StrukturAnggaranPD"

#: Fields of a work unit's budget structure kept for the report: report name -> RUP-StrukturAnggaranPD field.
_BUDGET_FIELDS = (
    ("procurement", "belanja_pengadaan"),
    ("capital", "belanja_modal"),
    ("operating", "belanja_operasi"),
    ("unexpected", "belanja_btt"),
    ("non_procurement", "belanja_non_pengadaan"),
    ("total", "total_belanja"),
)


def reference_name(dataset: str) -> Message:
    """What a citing row calls a reference dataset kept here (``"budget programme"``), in both languages: the
    catalog's ``conversion.reference.<dataset>``. The field it is cited by is the registry's
    :attr:`~ocds_regency.isb.datasets.Dataset.join_key`."""
    return Message(f"conversion.reference.{dataset}")


def join_key(dataset: str) -> str:
    """The field rows cite a reference dataset by (the registry's ``join_key``)."""
    spec = REGISTRY[dataset]
    return spec.join_key or spec.keys[0]


# MAK levels: (dataset, number of dot-separated parts of the MAK, label in Bahasa Indonesia).
_LEVELS = (
    ("RUP-ProgramMaster", 3, "Program"),
    ("RUP-KegiatanMaster", 5, "Kegiatan"),
    ("RUP-SubKegiatanMaster", 6, "Sub Kegiatan"),
)


def _level_name(row: Row) -> str | None:
    """The name of a budget programme, activity or sub-activity."""
    record = row.record
    if isinstance(record, RupProgramMaster):
        return record.nama_program
    if isinstance(record, RupKegiatanMaster):
        return record.nama_kegiatan
    if isinstance(record, RupSubKegiatanMaster):
        return record.nama_subkegiatan
    return None  # pragma: no cover - only the budget masters are classified


def _unit_number(row: Row) -> str | None:
    """SiRUP's number of the work unit a reference row belongs to (``kd_satker``)."""
    record = row.record
    return record.kd_satker if isinstance(record, Instansi) else None


def is_lookup(dataset: str) -> bool:
    """Whether the dataset is reference data kept by :class:`Lookups` (``RUP-MasterSatker``, which names the
    buyers, is kept by :class:`~ocds_regency.mapping.processes.Index`)."""
    spec = REGISTRY.get(dataset)
    return spec is not None and spec.use is Use.LOOKUP and dataset != MASTER_SATKER


def not_published(dataset: str) -> Message | None:
    """Why a dataset is deliberately not published (the catalog's ``conversion.withheld.<dataset>``), or
    ``None`` if it is used."""
    spec = REGISTRY.get(dataset)
    if spec is None or spec.use is not Use.WITHHELD:
        return None
    return Message(f"conversion.withheld.{dataset}")


class Classification(NamedTuple):
    """One level of a budget's classification: ``("Sub Kegiatan", "2.07.02.2.01.0001", "Penyusunan ...")``."""

    level: str
    code: str
    name: str


def budget_structure(row: Row) -> dict[str, str | None]:
    """A work unit's budget structure (a ``RUP-StrukturAnggaranPD`` row) for the publication report.

    ``kd_satker``, ``kd_satker_str`` and ``name``, then the amounts in rupiah as exact decimal text (``None``
    when blank): ``procurement`` (``belanja_pengadaan``), of which ``capital`` (``belanja_modal``),
    ``operating`` (``belanja_operasi``) and ``unexpected`` (``belanja_btt``); ``non_procurement`` and ``total``.
    A zero is kept (the parts add up to their totals, so it is a real zero, not LKPP's "unknown").
    """
    plan = row.typed(RupStrukturAnggaranPD)
    found: dict[str, str | None] = {"kd_satker": plan.kd_satker, "kd_satker_str": plan.kd_satker_str,
                                    "name": plan.nama_satker}  # fmt: skip
    amounts = (
        ("procurement", plan.belanja_pengadaan),
        ("capital", plan.belanja_modal),
        ("operating", plan.belanja_operasi),
        ("unexpected", plan.belanja_btt),
        ("non_procurement", plan.belanja_non_pengadaan),
        ("total", plan.total_belanja),
    )
    for name, amount in amounts:
        found[name] = None if amount is None else format(amount, "f")
    return found


def _key(row: Row) -> str | None:
    """The key citing rows name a reference row by; dotted codes lose their spaces (``"2.07. 02"`` is ``"2.07.02"``)."""
    value = REGISTRY[row.dataset].join_of(row.view)
    return None if value is None else "".join(value.split())


class Lookups:
    """Reference rows by dataset and key."""

    __slots__ = ("_rows",)

    def __init__(self) -> None:
        self._rows: dict[str, dict[str, list[Row]]] = {}

    def add(self, row: Row) -> bool:
        """File a reference row under its key; ``False`` (nothing filed) when the key is blank."""
        key = _key(row)
        if key is None:
            return False
        self._rows.setdefault(row.dataset, {}).setdefault(key, []).append(row)
        return True

    def find(self, dataset: str, key: str | None, *, satker: str | None = None) -> Row | None:
        """The reference row of ``dataset`` with this key (of the SiRUP work unit ``satker`` when several have it)."""
        if key is None:
            return None
        found = self._rows.get(dataset, {}).get(key)
        if not found:
            return None
        if satker is not None and len(found) > 1:
            for row in found:
                if _unit_number(row) == satker:
                    return row
        return found[0]

    def classify(self, mak: str, *, satker: str | None = None) -> list[tuple[Classification, Row]]:
        """The programme, activity and sub-activity a MAK cites, with the master rows that name them."""
        parts = mak.strip().strip(".").split(".")
        found = []
        for dataset, length, label in _LEVELS:
            if len(parts) < length:
                break
            code = ".".join(parts[:length])
            row = self.find(dataset, code, satker=satker)
            if row is not None and (name := _level_name(row)):
                found.append((Classification(label, code, name), row))
        return found

    def report_unused(self, report: ConversionReport) -> None:
        """Report every reference row that fed no release (``unreferenced``), naming what it is."""
        for dataset, by_key in self._rows.items():
            field, what = join_key(dataset), reference_name(dataset)
            for key, rows in by_key.items():
                for row in rows:
                    if not row.used:
                        report.reject(
                            row.source,
                            row.position,
                            dataset,
                            Reason.UNREFERENCED,
                            Message(
                                "conversion.reject.unreferenced",
                                what=what,
                                field=field,
                                key=key,
                            ),
                        )

    def __iter__(self) -> Iterator[Row]:
        for by_key in self._rows.values():
            for rows in by_key.values():
                yield from rows
