"""The registry of ISB datasets: name → record class, key fields, detection signature.

:data:`DATASETS` maps each LKPP ISB dataset name (``"SPSE-TenderPengumuman"``) to a :class:`Dataset`.
:func:`detect_dataset` names the dataset of a file from its column names (after alias resolution, so
human labels such as ``"Kode Tender"`` or ``"Nilai HPS Paket"`` work), never from the file name, except
to choose between *twins*: datasets whose fields are identical (``RUP-PaketAnggaranPenyedia`` and
``RUP-PaketAnggaranSwakelola``; the two ``*Lokasi`` datasets). For twins the file name must contain one
of the names, or the caller passes the dataset explicitly.

Twins whose rows join different parents (``RUP-PaketPenyediaLokasi`` / ``RUP-PaketSwakelolaLokasi``, and the
two ``RUP-PaketAnggaran*``) can also be read from a file whose name names neither: the file is detected as
``RUP-PaketLokasi`` (or ``RUP-PaketAnggaran``), and each row is told apart by the plan its ``kd_rup`` joins
(:data:`PARENT_TWINS`; a location of a ``RUP-PaketSwakelola-Terumumkan`` plan is a
``RUP-PaketSwakelolaLokasi`` row).

Detection rule: the datasets are tried in a fixed order, most specific first (e.g. the e-Kontrak BAP/BAST
before SPMK/SPP before Kontrak before SPPBJ, because each later stage repeats the earlier numbers); the
first whose ``signature`` fields are all present wins.

Row rule (:meth:`Dataset.parse`): a row is **rejected** when a key field is missing or can't be parsed
(``kd_tender`` for a tender...), or when it names nothing at all (a participant row without any supplier
field). Any other field that can't be parsed is set to empty (``None``/``[]``) and reported as a
:class:`~ocds_regency.isb._base.FieldIssue`; the row is kept. Every row therefore ends up either with a
record (and maybe issues) or with an error, never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any, NamedTuple

from ocds_regency.errors import InputError
from ocds_regency.i18n import Message
from ocds_regency.isb import bela, ecat, ekontrak, rup, spse
from ocds_regency.isb._base import (
    DEFAULT_OPTIONS,
    FieldIssue,
    IsbRecord,
    ParseOptions,
    normalise_header,
    parse_record,
    parse_view,
)

__all__ = [
    "DATASETS",
    "GROUPED",
    "PARENT_TWINS",
    "Dataset",
    "ParsedRow",
    "ProcessKind",
    "Use",
    "detect_dataset",
    "get_dataset",
]


class ParsedRow(NamedTuple):
    """The outcome of parsing one raw row with a dataset.

    Attributes:
        record: the typed record, or ``None`` if the row was rejected.
        data: the raw values keyed by canonical ISB field names (unknown keys unchanged).
        issues: fields that could not be parsed (emptied) or conflicted.
        error: why the row was rejected (a catalog message: ``read.key-missing``, ``read.key-unreadable``,
            ``read.names-none``, or ``read.problems`` for several), or ``None``.
        view: what the row is grouped by (:attr:`Dataset.grouping`), rejected or not: the record itself when it
            was parsed whole, else a view of it (:func:`~ocds_regency.isb._base.parse_view`).
    """

    record: IsbRecord | None
    data: dict[str, Any]
    issues: tuple[FieldIssue, ...]
    error: Message | None
    view: IsbRecord | None = None


class ProcessKind(StrEnum):
    """The kinds of contracting process, in the order their releases are written.

    The value is the word that names the kind in ocids (``{prefix}-ekatalog-{kd_paket}``), the report and
    messages; every dataset belongs to one kind (:attr:`Dataset.kind`), reference data to the system that
    publishes it (SiRUP's masters are ``RUP``, e-Katalog's are ``EKATALOG``).
    """

    #: a SiRUP procurement plan (RUP), keyed by ``kd_rup``.
    RUP = "rup"
    #: an SPSE tender, keyed by ``kd_tender``.
    TENDER = "tender"
    #: an SPSE non-tender (direct procurement, appointment...), keyed by ``kd_nontender``.
    NONTENDER = "nontender"
    #: an off-system purchase recorded in SPSE (pencatatan non-tender), keyed by ``kd_nontender_pct``.
    PENCATATAN = "pencatatan"
    #: a self-managed work recorded in SPSE (pencatatan swakelola), keyed by ``kd_swakelola_pct``.
    SWAKELOLA = "swakelola"
    #: an e-Katalog (e-purchasing) order, keyed by ``kd_paket``.
    EKATALOG = "ekatalog"
    #: an online-shop order (Bela Pengadaan, Toko Daring), keyed by ``order_id``.
    BELA = "bela"

    @property
    def rank(self) -> int:
        """The kind's place in the output order (RUP plans first, online-shop orders last)."""
        return _KIND_RANK[self]

    @property
    def by_lpse(self) -> bool:
        """Whether the kind's keys are numbered by each LPSE (SPSE's kinds): its ocids then name the LPSE."""
        return self in _BY_LPSE

    @property
    def spse(self) -> str | None:
        """How SPSE's dataset names spell the kind (``"NonTender"`` in ``SPSE-NonTenderPengumuman``), for the
        kinds announced in SPSE; ``None`` for the others."""
        return _SPSE_NAMES.get(self)


_KIND_RANK = {kind: rank for rank, kind in enumerate(ProcessKind)}
_BY_LPSE = frozenset({ProcessKind.TENDER, ProcessKind.NONTENDER, ProcessKind.PENCATATAN, ProcessKind.SWAKELOLA})
_SPSE_NAMES = {ProcessKind.TENDER: "Tender", ProcessKind.NONTENDER: "NonTender"}


class Use(StrEnum):
    """What the conversion does with a dataset's rows."""

    #: rows of contracting processes: mapped to releases.
    PROCESS = "process"
    #: reference data that names or classifies what processes cite (satkers, budget programmes, regions,
    #: catalogue products): joined by :attr:`Dataset.join_key`.
    LOOKUP = "lookup"
    #: deliberately not published (the message catalog's ``conversion.withheld.<dataset name>`` says why).
    WITHHELD = "withheld"


@dataclass(frozen=True)
class Dataset:
    """One ISB dataset: its record class, its kind, its identity and how the conversion uses it.

    Attributes:
        name: the LKPP ISB dataset name.
        model: the typed record class.
        keys: fields that identify a row's process; a row without them is rejected.
        signature: fields whose presence identifies the dataset.
        kind: the kind of process the rows belong to (for reference data: the system that publishes it).
        names_any: if set, a row must have at least one of these fields (e.g. a participant).
        twins: datasets with identical fields, told apart only by the file name.
        description: one line for documentation and error messages.
        use: what the conversion does with the rows (:class:`Use`).
        root: the dataset opens a process (an announcement, a plan, an order): other rows of the same kind and
            key join it.
        result: a result (values, letters, contracts, realisations): when the process's announcement is missing
            the row is still a fact, published as a partial process.
        identity: fields that, with the process key, identify one record of the dataset: a later snapshot of it
            supersedes an earlier one. A root is identified by its key alone; other datasets without identity
            collapse only exact duplicates.
        fallback_keys: fields that stand for the process key where it is blank (rows given as data, not read).
        join_key: for reference data, the field citing rows name it by (``kd_program_str``...).
    """

    name: str
    model: type[IsbRecord]
    keys: tuple[str, ...]
    signature: frozenset[str]
    kind: ProcessKind
    names_any: tuple[str, ...] = ()
    twins: tuple[str, ...] = ()
    description: str = ""
    use: Use = Use.PROCESS
    root: bool = False
    result: bool = False
    identity: tuple[str, ...] = ()
    fallback_keys: tuple[str, ...] = ()
    join_key: str | None = None
    _resolve: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def canonical_fields(self, fieldnames: Iterable[str]) -> set[str]:
        """The canonical field names a set of column headers stands for under this dataset's aliases."""
        resolved = set()
        for name in fieldnames:
            canonical = self.model.field_for(name)
            resolved.add(canonical if canonical is not None else normalise_header(name))
        return resolved

    def matches(self, fieldnames: Iterable[str]) -> bool:
        """Whether columns with these names carry this dataset's signature."""
        return self.signature <= self.canonical_fields(fieldnames)

    @cached_property
    def grouping(self) -> frozenset[str] | None:
        """The fields a conversion reads of a row before its process is mapped, or ``None`` when the record's
        repairs may change one of them (then the row is parsed whole).

        They are the fields that decide whether the row is accepted (:attr:`keys`, :attr:`names_any`), file it
        under its process (:attr:`fallback_keys`, :attr:`identity`, :attr:`join_key`) and order its snapshots,
        and those of :data:`GROUPED` that the record class has (extraction stamps, package versions, the LPSE,
        the supplier it names). A re-publication with a release store reads only these of the rows of the
        processes it does not map again.
        """
        named = {*self.keys, *self.names_any, *self.fallback_keys, *self.identity}
        if self.join_key is not None:
            named.add(self.join_key)
        fields = frozenset(named | (GROUPED & self.model.model_fields.keys()))
        return None if fields & self.model.REPAIRED else fields

    def key_of(self, record: IsbRecord) -> str | None:
        """The process key of a record: the first of :attr:`keys` and :attr:`fallback_keys` it gives.

        The registry names fields, so they are read here by name, in this one place (every name is a field of
        :attr:`model`: ``tests/isb/test_registry.py``); the mapping reads everything else as attributes.
        """
        for name in (*self.keys, *self.fallback_keys):
            if value := getattr(record, name):
                return str(value)
        return None

    def identity_of(self, record: IsbRecord) -> tuple[Any, ...]:
        """The values of a record's :attr:`identity` fields (which snapshot supersedes which)."""
        return tuple(getattr(record, name) for name in self.identity)

    def join_of(self, record: IsbRecord) -> str | None:
        """The value citing rows name a reference record by (:attr:`join_key`, else the first key)."""
        value = getattr(record, self.join_key or self.keys[0])
        return None if value is None else str(value)

    def parse(
        self, raw: Mapping[str, Any], options: ParseOptions = DEFAULT_OPTIONS, *, typed: bool = True
    ) -> ParsedRow:
        """Parse one raw row tolerantly (see the module docstring for the rule).

        Args:
            raw: the row as read.
            options: the regency's offset and the trust in ``Z``.
            typed: build the typed record. Without it, only the fields of :attr:`grouping` are parsed, into
                the row's :attr:`ParsedRow.view`, and an accepted row has no record (nor issues of its other
                fields) unless its dataset is parsed whole: the conversion completes the record from the view
                and ``data`` when it maps the row (:func:`~ocds_regency.isb._base.complete_record`), with the
                values and issues of one parse.

        Returns:
            The record (``None`` without ``typed``) or the rejection, with the field issues and the view.
        """
        grouping = None if typed else self.grouping
        record: IsbRecord | None
        if grouping is None:
            record, data, issues = parse_record(self.model, raw, options)
            view = record
        else:
            view, data, issues = parse_view(self.model, raw, grouping, options)
            record = None
        values: Mapping[str, Any] = view.__dict__
        bad = {issue.field for issue in issues if issue.kind != "conflict"}
        problems = []
        for key in self.keys:
            if key in bad:
                problems.append(Message("read.key-unreadable", field=key))
            elif values.get(key) in (None, (), ""):
                problems.append(Message("read.key-missing", field=key))
        if self.names_any and all(values.get(name) in (None, ()) for name in self.names_any):
            problems.append(Message("read.names-none", fields=", ".join(self.names_any)))
        if problems:
            error = problems[0] if len(problems) == 1 else Message("read.problems", problems=tuple(problems))
            return ParsedRow(None, data, tuple(issues), error, view)
        return ParsedRow(record, data, tuple(issues), None, view)


#: Fields that a conversion reads, before mapping, of every record class that has them: the extraction stamps
#: (``_event_date``, ``_inserted_date``, ``tgl_penarikan``: :func:`~ocds_regency.mapping.facts.stamps`), the
#: package versions and their DCE package and creation date (re-tenders), the LPSE (the ocid), and the
#: supplier a row names (:func:`~ocds_regency.mapping.parties.supplier_facts`: who is who among the suppliers
#: is known before the first process is mapped). Reading any other field of a view raises ``AttributeError``,
#: so a field missing here fails loudly (``tests/mapping/test_lazy_rows.py`` converts the real data this way).
GROUPED: frozenset[str] = frozenset(
    {
        "event_date", "inserted_date", "tgl_penarikan",
        "versi_tender", "versi_nontender", "kd_pkt_dce", "tgl_buat_paket", "kd_lpse",
        "nama_penyedia", "npwp_16_penyedia", "npwp_penyedia", "kd_penyedia", "alamat_penyedia",
        "bentuk_usaha_penyedia", "tipe_penyedia", "nama_rek_bank", "no_rek_bank", "nama_pemilik_rek_bank",
        "nama_pelaksana", "npwp_pelaksana", "merchant_name",
    }
)  # fmt: skip


def _ds(
    name: str,
    model: type[IsbRecord],
    keys: str,
    signature: str,
    kind: ProcessKind,
    description: str,
    *,
    names_any: str = "",
    twins: str = "",
    use: str = "process",
    root: bool = False,
    result: bool = False,
    identity: str = "",
    fallback_keys: str = "",
    join_key: str | None = None,
) -> Dataset:
    return Dataset(
        name,
        model,
        tuple(keys.split()),
        frozenset(signature.split()),
        kind,
        tuple(names_any.split()),
        tuple(twins.split()),
        description,
        Use(use),
        root,
        result,
        tuple(identity.split()),
        tuple(fallback_keys.split()),
        join_key,
    )


K = ProcessKind

_PENYEDIA = "kd_peserta kd_penyedia nama_penyedia npwp_penyedia npwp_16_penyedia"

#: Detection order: most specific first.
_ORDER: tuple[Dataset, ...] = (
    _ds("Ecat-PaketEPurchasingV6", ecat.EcatPaketEPurchasingV6, "kd_paket", "kd_paket total_harga tgl_order",
        K.EKATALOG,
        "e-Katalog order (version 6)", root=True),
    _ds("SPSE-TenderEkontrak-4BAPBAST", ekontrak.EkontrakBapBast, "kd_tender", "kd_tender no_bast", K.TENDER,
        "tender handover and payment reports (BAP/BAST)", result=True),
    _ds("SPSE-NonTenderEkontrak-4BAPBAST", ekontrak.EkontrakBapBast, "kd_nontender", "kd_nontender no_bast",
        K.NONTENDER, "non-tender handover and payment reports (BAP/BAST)", result=True),
    _ds("SPSE-TenderEkontrak-3SPMKSPP", ekontrak.EkontrakSpmkSpp, "kd_tender", "kd_tender no_spmk_spp", K.TENDER,
        "tender orders to start work (SPMK/SPP)", result=True, identity="no_spmk_spp versi_addendum"),
    _ds("SPSE-NonTenderEkontrak-3SPMKSPP", ekontrak.EkontrakSpmkSpp, "kd_nontender", "kd_nontender no_spmk_spp",
        K.NONTENDER, "non-tender orders to start work (SPMK/SPP)", result=True, identity="no_spmk_spp versi_addendum"),
    _ds("SPSE-TenderEkontrak-2Kontrak", ekontrak.EkontrakKontrak, "kd_tender", "kd_tender no_kontrak", K.TENDER,
        "tender contracts", result=True, identity="no_kontrak versi_addendum"),
    _ds("SPSE-NonTenderEkontrak-2Kontrak", ekontrak.EkontrakKontrak, "kd_nontender", "kd_nontender no_kontrak",
        K.NONTENDER, "non-tender contracts", result=True, identity="no_kontrak versi_addendum"),
    _ds("SPSE-TenderEkontrak-1SPPBJ", ekontrak.EkontrakSppbj, "kd_tender", "kd_tender no_sppbj", K.TENDER,
        "tender supplier appointment letters (SPPBJ)", result=True, identity="no_sppbj versi_addendum"),
    _ds("SPSE-NonTenderEkontrak-1SPPBJ", ekontrak.EkontrakSppbj, "kd_nontender", "kd_nontender no_sppbj",
        K.NONTENDER, "non-tender supplier appointment letters (SPPBJ)", result=True,
        identity="no_sppbj versi_addendum"),
    _ds("SPSE-JadwalTahapanTender", spse.JadwalTahapanTender, "kd_tender", "kd_tender tgl_awal tgl_akhir", K.TENDER,
        "tender schedule stages", identity="kd_tahapan"),
    _ds("SPSE-JadwalTahapanNonTender", spse.JadwalTahapanNonTender, "kd_nontender",
        "kd_nontender tgl_awal tgl_akhir", K.NONTENDER, "non-tender schedule stages", identity="kd_tahapan"),
    _ds("SPSE-PesertaTender", spse.PesertaTender, "kd_tender", "kd_tender pemenang", K.TENDER,
        "tender participants and offers", names_any=_PENYEDIA, identity="kd_peserta"),
    _ds("SPSE-TenderSelesaiNilai", spse.TenderSelesaiNilai, "kd_tender", "kd_tender nilai_kontrak", K.TENDER,
        "values and winner of finished tenders", result=True, identity="kd_penyedia"),
    _ds("SPSE-TenderSelesai", spse.TenderSelesai, "kd_tender", "kd_tender tgl_penetapan_pemenang", K.TENDER,
        "finished tenders", root=True),
    _ds("SPSE-TenderPengumuman", spse.TenderPengumuman, "kd_tender", "kd_tender nama_paket", K.TENDER,
        "tender announcements", root=True),
    _ds("SPSE-NonTenderSelesai", spse.NonTenderSelesai, "kd_nontender", "kd_nontender tgl_selesai_nontender",
        K.NONTENDER, "finished non-tenders with supplier and values", root=True, fallback_keys="lls_id"),
    _ds("SPSE-NonTenderPengumuman", spse.NonTenderPengumuman, "kd_nontender", "kd_nontender nama_paket",
        K.NONTENDER, "non-tender announcements", root=True, fallback_keys="lls_id"),
    _ds("SPSE-PencatatanNonTenderRealisasi", spse.PencatatanNonTenderRealisasi, "kd_nontender_pct",
        "kd_nontender_pct nilai_realisasi", K.PENCATATAN, "realisations of recorded off-system purchases", result=True),
    _ds("SPSE-PencatatanNonTender", spse.PencatatanNonTender, "kd_nontender_pct", "kd_nontender_pct", K.PENCATATAN,
        "recorded off-system purchases (pencatatan non-tender)", root=True),
    _ds("SPSE-PencatatanSwakelolaRealisasi", spse.PencatatanSwakelolaRealisasi, "kd_swakelola_pct",
        "kd_swakelola_pct nilai_realisasi", K.SWAKELOLA, "realisations of recorded self-managed works", result=True),
    _ds("SPSE-PencatatanSwakelola", spse.PencatatanSwakelola, "kd_swakelola_pct", "kd_swakelola_pct", K.SWAKELOLA,
        "recorded self-managed works (pencatatan swakelola)", root=True),
    _ds("RUP-PaketPenyediaLokasi", rup.RupPaketLokasi, "kd_rup", "kd_rup detail_lokasi", K.RUP,
        "locations of supplier-procured plans", twins="RUP-PaketSwakelolaLokasi"),
    _ds("RUP-PaketSwakelolaLokasi", rup.RupPaketLokasi, "kd_rup", "kd_rup detail_lokasi", K.RUP,
        "locations of self-managed plans", twins="RUP-PaketPenyediaLokasi"),
    _ds("RUP-PaketAnggaranPenyedia", rup.RupPaketAnggaran, "kd_rup", "kd_rup mak asal_dana", K.RUP,
        "funding lines of supplier-procured plans", twins="RUP-PaketAnggaranSwakelola"),
    _ds("RUP-PaketAnggaranSwakelola", rup.RupPaketAnggaran, "kd_rup", "kd_rup mak asal_dana", K.RUP,
        "funding lines of self-managed plans", twins="RUP-PaketAnggaranPenyedia"),
    _ds("RUP-PaketSwakelola-Terumumkan", rup.RupPaketSwakelola, "kd_rup", "kd_rup tipe_swakelola", K.RUP,
        "announced self-managed plans (RUP swakelola)", root=True),
    _ds("RUP-PaketPenyedia-Terumumkan", rup.RupPaketPenyedia, "kd_rup", "kd_rup metode_pengadaan", K.RUP,
        "announced supplier-procured plans (RUP penyedia)", root=True),
    _ds("RUP-MasterSatker", rup.RupMasterSatker, "kd_satker", "kd_satker nama_satker jenis_satker", K.RUP,
        "work units (satker) of the K/L/PD", use="lookup", join_key="kd_satker_str"),
    _ds("RUP-SubKegiatanMaster", rup.RupSubKegiatanMaster, "kd_subkegiatan_str",
        "kd_subkegiatan_str nama_subkegiatan", K.RUP, "budget sub-activities: name the MAK of a budget",
        use="lookup", join_key="kd_subkegiatan_str"),
    _ds("RUP-KegiatanMaster", rup.RupKegiatanMaster, "kd_kegiatan_str", "kd_kegiatan_str nama_kegiatan", K.RUP,
        "budget activities (kegiatan): name the MAK of a budget", use="lookup", join_key="kd_kegiatan_str"),
    _ds("RUP-ProgramMaster", rup.RupProgramMaster, "kd_program_str", "kd_program_str nama_program", K.RUP,
        "budget programmes: name the MAK of a budget", use="lookup", join_key="kd_program_str"),
    _ds("RUP-StrukturAnggaranPD", rup.RupStrukturAnggaranPD, "kd_satker", "kd_satker belanja_pengadaan total_belanja",
        K.RUP, "spending plan of each work unit (operating, capital, procurement totals): the publication "
        "report's coverage of each buyer's procurement budget", use="lookup", join_key="kd_satker_str"),
    _ds("RUP-MasterKabKota", rup.RupMasterKabKota, "kd_kabkota", "kd_kabkota nama_kabkota", K.RUP,
        "regencies and cities (SiRUP numbering): name plan locations", use="lookup", join_key="kd_kabkota"),
    _ds("RUP-MasterProvinsi", rup.RupMasterProvinsi, "kd_provinsi", "kd_provinsi nama_provinsi", K.RUP,
        "provinces (SiRUP numbering): name plan locations", twins="Ecat-MasterProvinsi", use="lookup",
        join_key="kd_provinsi"),
    _ds("Ecat-MasterProvinsi", rup.RupMasterProvinsi, "kd_provinsi", "kd_provinsi nama_provinsi", K.EKATALOG,
        "provinces (e-Katalog numbering): name the regions of catalogue prices", twins="RUP-MasterProvinsi",
        use="lookup", join_key="kd_provinsi"),
    _ds("Ecat-MasterKabKota", ecat.EcatMasterKabKota, "kd_kabupaten", "kd_kabupaten nama_kabupaten", K.EKATALOG,
        "regencies and cities (e-Katalog numbering): name the regions of catalogue prices", use="lookup",
        join_key="kd_kabupaten"),
    _ds("Ecat-ProdukDetail", ecat.EcatProdukDetail, "kd_produk", "kd_produk nama_produk", K.EKATALOG,
        "catalogue products: the items of e-Katalog orders", use="lookup", join_key="kd_produk"),
    _ds("Ecat-PenyediaDetail", ecat.EcatPenyediaDetail, "kd_penyedia", "kd_penyedia kode_penyedia_sikap", K.EKATALOG,
        "catalogue suppliers: the names of e-Katalog suppliers", use="lookup", join_key="kode_penyedia_sikap"),
    _ds("Ecat-PenyediaDistributorDetail", ecat.EcatPenyediaDistributorDetail, "kd_penyedia_distributor",
        "kd_penyedia_distributor nama_distributor", K.EKATALOG, "catalogue distributors", use="lookup",
        join_key="kd_penyedia_distributor"),
    _ds("Ecat-KomoditasDetail", ecat.EcatKomoditasDetail, "kd_komoditas", "kd_komoditas nama_komoditas", K.EKATALOG,
        "catalogue commodities", use="lookup", join_key="kd_komoditas"),
    _ds("Ecat-UserPegawai", ecat.EcatUserPegawai, "kd_user_pegawai", "kd_user_pegawai nip_pegawai", K.EKATALOG,
        "civil servants' e-Katalog accounts", use="withheld"),
    _ds("Bela-TokoDaringRealisasi", bela.BelaTokoDaringRealisasi, "order_id", "order_id valuasi tanggal_transaksi",
        K.BELA, "online-shop orders (Bela Pengadaan, Toko Daring)", root=True),
    # Last: its columns are a subset of many datasets'.
    _ds("Ecat-InstansiSatker", ecat.EcatInstansiSatker, "kd_satker", "kd_satker kd_satker_str nama_satker jenis_klpd",
        K.EKATALOG, "work units in e-Katalog's numbering: name e-Katalog buyers", use="lookup", join_key="kd_satker"),
)  # fmt: skip

#: Twins told apart by their parent: undecided dataset -> {parent root dataset -> twin}.
PARENT_TWINS: Mapping[str, Mapping[str, str]] = {
    "RUP-PaketLokasi": {
        "RUP-PaketPenyedia-Terumumkan": "RUP-PaketPenyediaLokasi",
        "RUP-PaketSwakelola-Terumumkan": "RUP-PaketSwakelolaLokasi",
    },
    "RUP-PaketAnggaran": {
        "RUP-PaketPenyedia-Terumumkan": "RUP-PaketAnggaranPenyedia",
        "RUP-PaketSwakelola-Terumumkan": "RUP-PaketAnggaranSwakelola",
    },
}
_UNDECIDED = (
    _ds("RUP-PaketLokasi", rup.RupPaketLokasi, "kd_rup", "kd_rup detail_lokasi", K.RUP,
        "locations of plans whose file names neither twin: told apart by the plan each row joins"),
    _ds("RUP-PaketAnggaran", rup.RupPaketAnggaran, "kd_rup", "kd_rup mak asal_dana", K.RUP,
        "funding lines of plans whose file names neither twin: told apart by the plan each row joins"),
)  # fmt: skip

#: Every supported ISB dataset by name, in detection order (then the undecided twins).
DATASETS: Mapping[str, Dataset] = {dataset.name: dataset for dataset in (*_ORDER, *_UNDECIDED)}

_FOLD = re.compile(r"[^a-z0-9]+")


def _fold(text: str) -> str:
    return _FOLD.sub("", text.lower())


def get_dataset(name: str) -> Dataset:
    """Look a dataset up by name (case and punctuation are ignored: ``"spse tenderpengumuman"`` works).

    Raises:
        InputError: if no dataset has that name.
    """
    if name in DATASETS:
        return DATASETS[name]
    folded = _fold(name)
    for dataset in _ORDER:
        if _fold(dataset.name) == folded:
            return dataset
    raise InputError(f"unknown ISB dataset {name!r}; known: {', '.join(DATASETS)}")


def detect_dataset(fieldnames: Iterable[str], *, source: str | None = None) -> Dataset:
    """Name the ISB dataset of a table from its column names.

    Args:
        fieldnames: the column names (any known spelling or label).
        source: the file name; used only to tell twin datasets apart, and in error messages.

    Returns:
        The dataset.

    Raises:
        InputError: naming ``source`` when no dataset matches, or when twins can't be told apart.
    """
    names = [str(name) for name in fieldnames]
    for dataset in _ORDER:
        if not dataset.matches(names):
            continue
        if not dataset.twins:
            return dataset
        candidates = [dataset, *(DATASETS[twin] for twin in dataset.twins)]
        hint = _fold(source.replace("\\", "/").rsplit("/", 1)[-1]) if source else ""
        named = [candidate for candidate in candidates if _fold(candidate.name) in hint]
        if len(named) == 1:
            return named[0]
        twin_names = {candidate.name for candidate in candidates}
        for undecided, twins in PARENT_TWINS.items():
            if twin_names == set(twins.values()):
                return DATASETS[undecided]
        first, *others = (c.name for c in candidates)
        raise InputError(Message("read.twin-datasets", first=first, second=" / ".join(others)), source=source)
    shown = ", ".join(sorted(names)[:12]) + (", ..." if len(names) > 12 else "")
    raise InputError(Message("read.unknown-dataset", columns=shown), source=source)
