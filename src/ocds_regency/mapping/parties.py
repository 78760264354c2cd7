"""Parties: the satker (buyer), the K/L/PD, suppliers and payees, with their identifiers.

Identifier schemes:

| scheme | what | used in |
| --- | --- | --- |
| ``ID-DJP`` | NPWP-16 ("0" + the 15-digit form, or an individual's NIK) | supplier ``identifier`` |
| ``ID-LKPP-SATKER`` | ``kd_satker_str`` (SIPD unit code "1.03.2.15.1.04.03.0000") | satker ``identifier`` |
| ``ID-LKPP-SIRUP-SATKER`` | SiRUP / e-Katalog numeric ``kd_satker`` (152342) | satker ``additionalIdentifiers`` |
| ``ID-LKPP-SPSE-SATKER`` | SPSE numeric ``kd_satker`` (12335093) | satker ``additionalIdentifiers`` |
| ``ID-LKPP-KLPD`` | ``kd_klpd`` ("D107" Kab. Bandung, "K9" Kemenkes) | K/L/PD ``identifier`` |
| ``ID-LKPP-SPSE-PENYEDIA`` | SPSE ``kd_penyedia`` | supplier ``additionalIdentifiers`` |
| ``ID-LKPP-SIKAP-PENYEDIA`` | e-Katalog ``kd_penyedia_sikap`` | supplier ``identifier`` when no NPWP |

Only ``ID-DJP`` is an org-id.guide list; the ``ID-LKPP-*`` schemes are local to ocds-regency and
documented in ``docs/mapping.md`` (no org-id list covers LKPP codes).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from ocds_regency._disjoint import find_root
from ocds_regency.errors import ParseError
from ocds_regency.i18n import Message
from ocds_regency.isb import parse
from ocds_regency.isb._base import IsbRecord
from ocds_regency.isb._common import Instansi, Penyedia, Ppk
from ocds_regency.isb.bela import BelaTokoDaringRealisasi
from ocds_regency.isb.ecat import EcatInstansiSatker, EcatPaketEPurchasingV6
from ocds_regency.isb.ekontrak import (
    EkontrakKontrak,
    _Ekontrak,  # the e-Kontrak chain's shared fields (alamat_satker)
)
from ocds_regency.isb.rup import RupMasterSatker
from ocds_regency.isb.spse import (
    NonTenderPengumuman,
    PencatatanNonTenderRealisasi,
    PencatatanSwakelolaRealisasi,
    TenderPengumuman,
)
from ocds_regency.mapping._rows import Row
from ocds_regency.mapping._texts import parse_problem
from ocds_regency.mapping.report import Reason

__all__ = [
    "SCHEME_KLPD",
    "SCHEME_NPWP",
    "SCHEME_SATKER",
    "SCHEME_SIKAP_PENYEDIA",
    "SCHEME_SIRUP_SATKER",
    "SCHEME_SPSE_PENYEDIA",
    "SCHEME_SPSE_SATKER",
    "Officials",
    "Parties",
    "ProcessSuppliers",
    "Supplier",
    "SupplierDirectory",
    "SupplierFacts",
    "Unit",
    "klpd",
    "klpd_party",
    "officials",
    "reference",
    "registered_party",
    "satker_party",
    "supplier_facts",
    "supplier_party",
    "unit",
]

SCHEME_NPWP = "ID-DJP"
SCHEME_SATKER = "ID-LKPP-SATKER"
SCHEME_SIRUP_SATKER = "ID-LKPP-SIRUP-SATKER"
SCHEME_SPSE_SATKER = "ID-LKPP-SPSE-SATKER"
SCHEME_KLPD = "ID-LKPP-KLPD"
SCHEME_SPSE_PENYEDIA = "ID-LKPP-SPSE-PENYEDIA"
SCHEME_SIKAP_PENYEDIA = "ID-LKPP-SIKAP-PENYEDIA"

_NPWP16_FIELDS = ("npwp_16_penyedia", "npwp16_penyedia", "npwp_penyedia_16")
_INDIVIDUAL_FORMS = ("orang perseorangan", "konsultan perseorangan", "penyedia perseorangan")


class Parties:
    """The parties of one release: added once by id, roles merged in order."""

    __slots__ = ("_parties",)

    def __init__(self) -> None:
        self._parties: dict[str, dict[str, Any]] = {}

    def add(self, party: dict[str, Any], *roles: str) -> dict[str, Any]:
        """Add (or enrich) a party with roles and return an OrganizationReference to it."""
        existing = self._parties.get(party["id"])
        if existing is None:
            existing = self._parties[party["id"]] = {**party, "roles": []}
        else:
            for key, value in party.items():
                existing.setdefault(key, value)
        for role in roles:
            if role not in existing["roles"]:
                existing["roles"].append(role)
        return reference(existing)

    def __bool__(self) -> bool:
        return bool(self._parties)

    def as_list(self) -> list[dict[str, Any]]:
        """The parties in the order they were first added."""
        return list(self._parties.values())


def reference(party: Mapping[str, Any]) -> dict[str, Any]:
    """An OrganizationReference (id and name) to a party."""
    ref = {"id": party["id"]}
    if party.get("name"):
        ref["name"] = party["name"]
    return ref


class Unit(NamedTuple):
    """What a record says of the work unit (satker) that buys and the K/L/PD it belongs to (see :func:`unit`)."""

    code: str | None = None  # kd_satker_str: the SIPD unit code, the party's identifier
    number: str | None = None  # kd_satker: SiRUP's, SPSE's or e-Katalog's number of the unit
    name: str | None = None
    street: str | None = None
    klpd: str | None = None
    klpd_name: str | None = None


def unit(record: IsbRecord) -> Unit:
    """The :class:`Unit` of any record that names a buyer (by record class; the fields differ by system)."""
    match record:
        case _Ekontrak():
            return Unit(record.kd_satker_str, record.kd_satker, record.nama_satker, record.alamat_satker,
                        record.kd_klpd, record.nama_klpd)  # fmt: skip
        case Instansi() | EcatInstansiSatker():
            return Unit(record.kd_satker_str, record.kd_satker, record.nama_satker, None, record.kd_klpd,
                        record.nama_klpd)  # fmt: skip
        case EcatPaketEPurchasingV6():
            return Unit(record.kd_satker_str, record.kd_satker, record.nama_satker, None, record.kd_klpd,
                        record.nama_instansi)  # fmt: skip
        case BelaTokoDaringRealisasi():
            return Unit(None, record.kd_satker, record.nama_satker, None, record.kd_klpd, record.nama_klpd)
    return Unit()


class Officials(NamedTuple):
    """The officials a record names: the PPK (or PP) and the selection working group (see :func:`officials`)."""

    name: str | None = None  # nama_ppk
    nip: str | None = None  # nip_ppk
    compounds: tuple[str | None, ...] = ()  # "NIP - NAMA" of the PPK, then of the PP
    pokja_names: tuple[str, ...] = ()
    pokja_nips: tuple[str, ...] = ()
    pokja_compound: str | None = None  # nip_nama_pokja


def officials(record: IsbRecord) -> Officials:
    """The :class:`Officials` of any record (by record class)."""
    name, nip = (record.nama_ppk, record.nip_ppk) if isinstance(record, Ppk) else (None, None)
    if isinstance(record, NonTenderPengumuman):
        compounds = (record.nip_nama_ppk, record.nip_nama_pp)
        return Officials(name, nip, compounds, pokja_compound=record.nip_nama_pokja)
    if isinstance(record, TenderPengumuman):
        return Officials(name, nip, pokja_names=record.nama_pokja, pokja_nips=record.nip_pokja)
    return Officials(name, nip)


class SupplierFacts(NamedTuple):
    """What a record says of a supplier or payee (see :func:`supplier_facts`)."""

    name: str | None = None
    npwps: tuple[tuple[str, str | None], ...] = ()  # (ISB field, NPWP-16 as the record normalised it)
    kd_penyedia: str | None = None
    form: str | None = None  # bentuk_usaha_penyedia, else tipe_penyedia
    street: str | None = None  # alamat_penyedia
    bank: tuple[tuple[str, str | None], ...] = ()  # (OCDS key, value) of the supplier's bank account


def supplier_facts(record: IsbRecord) -> SupplierFacts:
    """The :class:`SupplierFacts` of any record that names a supplier or payee (by record class)."""
    match record:
        case Penyedia():
            npwps = (("npwp_16_penyedia", record.npwp_16_penyedia), ("npwp_penyedia", record.npwp_penyedia))
            if isinstance(record, EkontrakKontrak):
                bank = (
                    ("bankName", record.nama_rek_bank),
                    ("accountNumber", record.no_rek_bank),
                    ("accountHolder", record.nama_pemilik_rek_bank),
                )
                form = record.bentuk_usaha_penyedia or record.tipe_penyedia
                return SupplierFacts(record.nama_penyedia, npwps, record.kd_penyedia, form, record.alamat_penyedia,
                                     bank)  # fmt: skip
            return SupplierFacts(record.nama_penyedia, npwps, record.kd_penyedia, None, record.alamat_penyedia)
        case PencatatanNonTenderRealisasi():
            return SupplierFacts(record.nama_penyedia, (("npwp_penyedia", record.npwp_penyedia),))
        case PencatatanSwakelolaRealisasi():
            return SupplierFacts(record.nama_pelaksana, (("npwp_pelaksana", record.npwp_pelaksana),))
        case BelaTokoDaringRealisasi():
            return SupplierFacts(record.merchant_name)
    return SupplierFacts()


def satker_code(row: Row) -> str | None:
    """The normalised ``kd_satker_str`` of a row (the record moves it from ``kd_satker`` when they are swapped)."""
    return unit(row.record).code


def satker_party(row: Row, master: Mapping[str, Row]) -> dict[str, Any] | None:
    """The satker (work unit) that owns the package, enriched from RUP-MasterSatker when present."""
    buyer = unit(row.record)
    code = buyer.code
    if code is None:
        return None
    master_row = master.get(code)
    known = None if master_row is None else master_row.typed(RupMasterSatker)
    name = buyer.name or (known.nama_satker if known else None)
    party = registered_party(f"SATKER-{code}", name, SCHEME_SATKER, code)
    additional = []
    numeric = buyer.number
    if numeric and "." not in numeric:
        scheme = SCHEME_SPSE_SATKER if row.dataset.startswith("SPSE-") else SCHEME_SIRUP_SATKER
        additional.append({"scheme": scheme, "id": numeric})
    if known is not None:
        master_numeric = known.kd_satker
        if master_numeric and master_numeric != numeric:
            additional.append({"scheme": SCHEME_SIRUP_SATKER, "id": master_numeric})
    if additional:
        party["additionalIdentifiers"] = additional
    address: dict[str, Any] = {}
    street = buyer.street or (known.alamat if known else None)
    if street:
        address["streetAddress"] = street
    if known is not None and (postal := known.kodepos):
        address["postalCode"] = postal
    if address:
        address["countryName"] = "Indonesia"
        party["address"] = address
    if known is not None:
        contact = {}
        if phone := known.telepon:
            contact["telephone"] = phone
        if fax := known.fax:
            contact["faxNumber"] = fax
        if contact:
            party["contactPoint"] = contact
    return party


def _positions(text: str | None) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()] if text else []


def pokja_members(row: Row, named: Officials) -> list[dict[str, Any]]:
    """The selection working group (Pokja Pemilihan) of a row, as far as the personal-data options allow.

    Names come from ``nama_pokja`` (";"-joined) or the ``"NIP - NAMA"`` parts of ``nip_nama_pokja``; NIPs
    from ``nip_pokja`` (";"-joined, in the order of the names) or those parts. Each member is
    ``{"id": position, "name", "nip"}`` with only the allowed parts; withheld parts are counted. Lists of
    names and NIPs of different lengths can't be paired: the NIPs are reported and left out.
    """
    pairs: list[tuple[str | None, str | None]] = []  # (nip, name)
    if compound := named.pokja_compound:
        pairs = [parse.split_nip_nama(part) for part in _positions(compound)]
    else:
        # The names and NIPs pair by position (the record keeps repeats).
        names = list(named.pokja_names)
        nips = [re.sub(r"\s+", "", nip) for nip in named.pokja_nips]
        if names and nips and len(names) != len(nips):
            unpaired = Message("conversion.issue.nips-unpaired", nips=len(nips), names=len(names))
            row.problem("nip_pokja", Reason.INCONSISTENT, unpaired)  # masked by Row.issue unless nip is opted in
            nips = []
        pairs = [
            (nips[i] if i < len(nips) else None, names[i] if i < len(names) else None)
            for i in range(max(len(names), len(nips)))
        ]
    names_allowed, nips_allowed = row.ctx.allows("official_names"), row.ctx.allows("nip")
    if any(name for _, name in pairs) and not names_allowed:
        row.withhold("official_names", "nama_pokja", "nip_nama_pokja")
    if any(nip for nip, _ in pairs) and not nips_allowed:
        row.withhold("nip", "nip_pokja", "nip_nama_pokja")
    members: list[dict[str, Any]] = []
    for position, (nip, name) in enumerate(pairs, 1):
        member: dict[str, Any] = {"id": str(position)}
        if name and names_allowed:
            member["name"] = name
        if nip and nips_allowed:
            member["nip"] = nip
        if len(member) > 1:
            members.append(member)
    return members


def add_officials(party: dict[str, Any], rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Put the PPK (or PP) on the buyer's contact point if the personal-data options allow it.

    Returns:
        The selection working group (:func:`pokja_members`) of the first row that names one, for
        ``tender.selectionCommittee``; empty when none is named or the options withhold it all.
    """
    contact: dict[str, Any] = dict(party.get("contactPoint", {}))
    committee: list[dict[str, Any]] = []
    found = False
    for row in rows:
        named = officials(row.record)
        name, nip = named.name, named.nip
        for compound in named.compounds:
            if name is None or nip is None:
                split_nip, split_name = parse.split_nip_nama(compound)
                nip, name = nip or split_nip, name or split_name
        if name and "name" not in contact:
            if row.ctx.allows("official_names"):
                contact["name"] = name
            else:
                row.withhold("official_names", "nama_ppk", "nip_nama_ppk", "nip_nama_pp")
        if nip and "nip" not in contact:
            if row.ctx.allows("nip"):
                contact["nip"] = nip
            else:
                row.withhold("nip", "nip_ppk", "nip_nama_ppk", "nip_nama_pp")
        if not found and (named.pokja_names or named.pokja_nips or named.pokja_compound):
            found = True
            committee = pokja_members(row, named)
    if contact:
        party["contactPoint"] = contact
    return committee


def klpd_party(row: Row) -> dict[str, Any] | None:
    """The K/L/PD (ministry, province or regency) whose budget pays for the package."""
    buyer = unit(row.record)
    code = buyer.klpd
    return None if code is None else klpd(code, buyer.klpd_name)


def klpd(code: str, name: str | None) -> dict[str, Any]:
    """The party of the K/L/PD numbered ``code`` in LKPP's register (a buyer's, or a budget line's funder)."""
    return registered_party(f"KLPD-{code}", name, SCHEME_KLPD, code)


def registered_party(party_id: str, name: str | None, scheme: str, code: str) -> dict[str, Any]:
    """A party known by its number ``code`` in the register ``scheme``: its ``id``, ``name`` and
    ``identifier`` (with the name again as ``legalName``); no name where ``name`` is empty."""
    party: dict[str, Any] = {"id": party_id}
    identifier: dict[str, Any] = {"scheme": scheme, "id": code}
    if name:
        party["name"] = identifier["legalName"] = name
    party["identifier"] = identifier
    return party


class Supplier:
    """What one row says about a supplier's identity (resolved to one party by :class:`SupplierDirectory`)."""

    __slots__ = ("is_individual", "kd_penyedia", "name", "npwp16", "npwps")

    def __init__(
        self,
        name: str | None,
        npwp16: str | None,
        is_individual: bool,
        kd_penyedia: str | None,
        npwps: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.npwp16 = npwp16
        self.is_individual = is_individual
        self.kd_penyedia = kd_penyedia
        #: every usable NPWP the row gives (the 15- and 16-digit forms may be two different numbers).
        self.npwps = npwps or ((npwp16,) if npwp16 else ())


@lru_cache(maxsize=65536)
def _normalise_npwp_cached(value: str | int) -> tuple[str | None, Message | None]:
    try:
        return parse.normalise_npwp(value), None
    except ParseError as exc:
        return None, parse_problem(exc)


def normalise_npwp(value: object) -> tuple[str | None, Message | None]:
    """``(npwp16, None)`` or ``(None, why)``; ``(None, None)`` for a missing value (memoised)."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return _normalise_npwp_cached(value)
    try:
        return parse.normalise_npwp(value), None
    except ParseError as exc:
        return None, parse_problem(exc)


@lru_cache(maxsize=65536)
def _is_nik(npwp16: str) -> bool:
    return parse.is_nik(npwp16)


def _npwp(
    row: Row, npwps: tuple[tuple[str, str | None], ...], report: bool = True
) -> tuple[str | None, bool, tuple[str, ...]]:
    """The NPWP-16s a row gives: ``(first, is any a NIK, all)``; two numbers that differ (neither a NIK) are
    reported. (An NPWP that can't be read is the record's field issue.)"""
    found: list[str] = []
    for field, normal in npwps:
        if normal is None or normal in found:
            continue
        if report and found and not (_is_nik(normal) or any(_is_nik(n) for n in found)):
            row.problem(
                field, Reason.INCONSISTENT, Message("conversion.issue.npwp-differs", npwp=normal, other=found[0])
            )
        found.append(normal)
    if not found:
        return None, False, ()
    return found[0], any(_is_nik(n) for n in found), tuple(found)


_SPACES = re.compile(r"\s+")
_NOT_NAME = re.compile(r"[^0-9A-Z]+")


#: Forms of business written before or after a supplier's name ("CV. ABADI", "Abadi CV", "PT ABADI TBK").
_LEGAL_FORMS = frozenset({"CV", "PT", "UD", "PD", "FA", "TBK", "PERSERO"})


def name_key(name: str) -> str:
    """A supplier name for comparison: upper case, punctuation as spaces, without the form of business written
    before or after it ("CV. ABADI", "CV ABADI", "Abadi CV" and "ABADI" alike).

    The form is dropped only at either end and never when nothing else is left ("PT" stays "PT"). Two
    identified suppliers whose names differ only by their form ("PT ABADI", "CV ABADI") still have their
    own numbers: a name-only row matches neither of them (:meth:`SupplierDirectory.named`).
    """
    words = _NOT_NAME.sub(" ", name.upper()).split()
    start, end = 0, len(words)
    while end - start > 1 and words[start] in _LEGAL_FORMS:
        start += 1
    while end - start > 1 and words[end - 1] in _LEGAL_FORMS:
        end -= 1
    return " ".join(words[start:end])


def identify_supplier(row: Row, *, report: bool = True, record: IsbRecord | None = None) -> Supplier | None:
    """Read a supplier's (or payee's) name, NPWP-16s and SPSE code from a row's record (``None`` if it names
    nobody; see :func:`supplier_facts`). NPWPs that differ are reported as field issues unless ``report`` is false.
    ``record`` is read instead of the row's record when given (the index gives the row's view).
    """
    facts = supplier_facts(row.record if record is None else record)
    npwp16, is_nik, npwps = _npwp(row, facts.npwps, report)
    if facts.name is None and npwp16 is None and facts.kd_penyedia is None:
        return None
    form = (facts.form or "").lower()
    individual = is_nik or any(f in form for f in _INDIVIDUAL_FORMS)
    return Supplier(facts.name, npwp16, individual, facts.kd_penyedia, npwps)


supplier_fields = identify_supplier


class _Party:
    """What all the rows say about one supplier: its SPSE codes, NPWPs, names and whether it is a person."""

    __slots__ = ("individual", "kds", "names", "npwps")

    def __init__(self) -> None:
        self.kds: set[str] = set()
        self.npwps: set[str] = set()
        self.names: set[str] = set()
        self.individual = False

    def best_npwp(self) -> str | None:
        """The NPWP that names the party: a person's NIK (their NPWP since 2024), an organisation's number
        before a NIK; a head office (``…000``) before a branch."""
        if not self.npwps:
            return None
        return min(self.npwps, key=lambda n: (_is_nik(n) != self.individual, not n.endswith("000"), n))


class SupplierDirectory:
    """One party per supplier, however the rows name it.

    Every row that names a supplier is observed first (:meth:`observe`): the SPSE supplier code
    (``kd_penyedia``) and every NPWP a row gives together are one supplier, across the whole input; so
    the 15-digit NPWP, its 16-digit form, a new ``10…`` number, the NIK of a person and the SPSE code of one
    supplier all resolve to one party. A row that names a supplier only by name is matched to the supplier
    of another row of its process with the same name (:func:`name_key`: "CV." and "CV" alike), else to
    the one organisation of the whole input that rows with a code or NPWP give that name (a name two
    identified suppliers share matches neither; a person's name is matched only within the process).
    """

    __slots__ = ("_names", "_notes", "_parent", "_parties")

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._notes: dict[str, list[tuple[bool, str | None]]] = {}
        self._parties: dict[str, _Party] | None = None
        self._names: dict[str, set[str]] = {}

    def _find(self, key: str) -> str:
        return find_root(self._parent, key)

    @staticmethod
    def _keys(supplier: Supplier) -> list[str]:
        keys = [f"npwp:{n}" for n in supplier.npwps]
        if supplier.kd_penyedia:
            keys.append(f"kd:{supplier.kd_penyedia}")
        return keys

    def observe(self, supplier: Supplier) -> None:
        """Record that a row's supplier code and NPWPs name one supplier (before any :meth:`resolve`)."""
        keys = self._keys(supplier)
        if not keys:
            return
        parent = self._parent
        for key in keys:
            parent.setdefault(key, key)
        root = self._find(keys[0])
        for key in keys[1:]:
            other = self._find(key)
            if other != root:
                parent[other] = root
        self._parties = None
        if supplier.is_individual or supplier.name:
            self._notes.setdefault(root, []).append((supplier.is_individual, supplier.name))

    def root(self, supplier: Supplier) -> str | None:
        """The key of the supplier's party, ``None`` when the row gives no code or NPWP."""
        keys = self._keys(supplier)
        if not keys or keys[0] not in self._parent:
            return None
        return self._find(keys[0])

    def party(self, root: str) -> _Party:
        """What is known about the party of ``root``."""
        return self._build()[root]

    def _build(self) -> dict[str, _Party]:
        """Every party, from the observations (once, after the last one)."""
        if self._parties is None:
            parties: dict[str, _Party] = {}
            for key in self._parent:
                party = parties.setdefault(self._find(key), _Party())
                kind, _, value = key.partition(":")
                (party.kds if kind == "kd" else party.npwps).add(value)
            keyed: dict[str, str] = {}  # name -> name_key (a supplier's rows mostly repeat its name)
            for key, notes in self._notes.items():
                party = parties[self._find(key)]
                for individual, name in notes:
                    party.individual = party.individual or individual
                    if name:
                        found = keyed.get(name)
                        if found is None:
                            found = keyed[name] = name_key(name)
                        party.names.add(found)
            names: dict[str, set[str]] = {}
            for root_key, party in parties.items():
                party.individual = party.individual or any(_is_nik(n) for n in party.npwps)
                for name in party.names:
                    # a person's name is matched across the input only if no one else has it either
                    names.setdefault(name, set()).add(root_key if not party.individual else f"person:{root_key}")
            self._parties, self._names = parties, names
        return self._parties

    def named(self, name: str) -> str | None:
        """The party of a supplier that rows name only by ``name``, if exactly one identified party has it."""
        self._build()
        roots = self._names.get(name_key(name), set())
        if len(roots) != 1:
            return None
        (root,) = roots
        return None if root.startswith("person:") else root


class ProcessSuppliers:
    """The suppliers of one process: the input-wide :class:`SupplierDirectory` plus the names its rows use."""

    __slots__ = ("_learnt", "_names", "directory", "labels")

    def __init__(self, directory: SupplierDirectory) -> None:
        self.directory = directory
        #: the suppliers learnt and not yet looked at (see :attr:`names`).
        self._learnt: list[Supplier] = []
        self._names: dict[str, str] = {}
        #: party id -> the name the process's releases give it (the first one seen), so every release agrees.
        self.labels: dict[str, str] = {}

    @property
    def names(self) -> dict[str, str]:
        """name_key -> party root, for rows of this process that name a supplier by name only (the first supplier
        learnt with that name). Made when first read: a process that is not mapped (a release store's cache
        keeps it) never needs it."""
        if self._learnt:
            for supplier in self._learnt:
                if supplier.name and (root := self.directory.root(supplier)) is not None:
                    self._names.setdefault(name_key(supplier.name), root)
            self._learnt.clear()
        return self._names

    def share(self, other: ProcessSuppliers) -> None:
        """Use the names and labels of ``other`` (the same objects: what either learns, the other knows)."""
        self._learnt, self._names, self.labels = other._learnt, other._names, other.labels

    def learn(self, supplier: Supplier) -> None:
        """Remember the name of a supplier that a row of the process identifies by code or NPWP (once the input's
        suppliers are all observed by the directory)."""
        if supplier.name:
            self._learnt.append(supplier)

    def resolve(self, supplier: Supplier) -> _Party | None:
        """The party a row's supplier is, ``None`` for a name that no code or NPWP of the process backs."""
        root = self.directory.root(supplier)
        if root is None and supplier.name:
            # the same name in this process first; else the one identified supplier of the input with it
            root = self.names.get(name_key(supplier.name)) or self.directory.named(supplier.name)
        return None if root is None else self.directory.party(root)


def supplier_party(row: Row, supplier: Supplier, suppliers: ProcessSuppliers) -> dict[str, Any]:
    """Build the party of a supplier (or payee), one party however the rows name it.

    The party id is ``ID-DJP-{npwp16}`` for organisations (the head office's number before a branch's, the
    ``0…`` form before the ``10…`` form; the other numbers are ``additionalIdentifiers``). For individuals
    (a NIK among their numbers, or a personal form of business) the NPWPs are withheld unless the ``nik``
    category is allowed, and the id comes from the SPSE supplier code or, failing that, a digest of the
    name. The supplier's address is published for organisations only: an individual's address is
    personal data (category ``nik``, like their number).
    """
    allowed = row.ctx.allows("nik")
    party_info = suppliers.resolve(supplier)
    individual = supplier.is_individual or (party_info is not None and party_info.individual)
    npwps = sorted(party_info.npwps) if party_info is not None else list(supplier.npwps)
    kds = sorted(party_info.kds, key=lambda k: (len(k), k)) if party_info is not None else []
    if not kds and supplier.kd_penyedia:
        kds = [supplier.kd_penyedia]
    best = party_info.best_npwp() if party_info is not None else supplier.npwp16
    publish_npwp = best is not None and (not individual or allowed)
    if supplier.npwps and not publish_npwp:
        for field in (*_NPWP16_FIELDS, "npwp_penyedia", "npwp_pelaksana"):
            row.withhold("nik", field)
    if publish_npwp:
        party_id = f"{SCHEME_NPWP}-{best}"
    elif kds:
        party_id = f"{SCHEME_SPSE_PENYEDIA}-{kds[0]}"
    else:
        names = sorted(party_info.names) if party_info is not None and party_info.names else []
        basis = names[0] if names else name_key(supplier.name or "")
        party_id = "PENYEDIA-" + hashlib.sha256(basis.encode()).hexdigest()[:12]
    party: dict[str, Any] = {"id": party_id}
    name = suppliers.labels.setdefault(party_id, supplier.name) if supplier.name else suppliers.labels.get(party_id)
    if name:
        party["name"] = name
    additional = []
    if publish_npwp and best is not None:
        identifier: dict[str, Any] = {"scheme": SCHEME_NPWP, "id": best}
        if name:
            identifier["legalName"] = name
        party["identifier"] = identifier
        additional += [{"scheme": SCHEME_NPWP, "id": n} for n in npwps if n != best]
    additional += [{"scheme": SCHEME_SPSE_PENYEDIA, "id": kd} for kd in kds]
    if additional:
        party["additionalIdentifiers"] = additional
    facts = supplier_facts(row.record)
    if (street := facts.street) is not None:
        if not individual:
            party["address"] = {"streetAddress": street, "countryName": "Indonesia"}
        elif allowed:
            party["address"] = {"streetAddress": street}
        else:
            row.withhold("nik", "alamat_penyedia")
    details: dict[str, Any] = {}
    if individual:
        details["scale"] = "selfEmployed"
    if isinstance(row.record, EkontrakKontrak) and (form := row.record.bentuk_usaha_penyedia):
        details["legalEntityTypeDetail"] = form
    bank = {key: value for key, value in facts.bank if value}
    if bank:
        if row.ctx.allows("bank_accounts"):
            details["bankAccount"] = bank
        else:
            row.withhold("bank_accounts", "nama_rek_bank", "no_rek_bank", "nama_pemilik_rek_bank")
    if details:
        party["details"] = details
    return party
