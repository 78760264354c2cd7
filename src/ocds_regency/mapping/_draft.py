"""Shared building blocks of the stage mappers: processes, release drafts and small OCDS helpers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ocds_regency.i18n import Message
from ocds_regency.isb.datasets import ProcessKind
from ocds_regency.isb.spse import NonTenderPengumuman, TenderPengumuman
from ocds_regency.mapping._rows import Context, Row
from ocds_regency.mapping.facts import funding, lpse, rups, version
from ocds_regency.mapping.ids import make_ocid, release_id
from ocds_regency.mapping.lookups import BUDGET_STRUCTURE, budget_structure
from ocds_regency.mapping.parties import (
    Parties,
    ProcessSuppliers,
    Supplier,
    SupplierDirectory,
    add_officials,
    klpd_party,
    reference,
    satker_party,
    supplier_party,
)
from ocds_regency.mapping.report import Reason

__all__ = ["Draft", "Process", "money", "period", "related_rups", "unknown_label"]

CURRENCY = "IDR"


class Process:
    """The rows of one contracting process, by dataset, plus what the stages share."""

    __slots__ = (
        "award_ids",
        "awards",
        "contract_ids",
        "ctx",
        "key",
        "kind",
        "last_date",
        "lpse",
        "master",
        "ocid",
        "partial",
        "released",
        "roles",
        "rows",
        "suppliers",
        "undated",
    )

    def __init__(
        self,
        ctx: Context,
        kind: ProcessKind,
        key: str,
        master: Mapping[str, Row],
        directory: SupplierDirectory | None = None,
    ) -> None:
        self.ctx = ctx
        self.kind = kind
        self.key = key
        self.master = master
        self.rows: dict[str, list[Row]] = {}
        self.lpse: str | None = None
        self.ocid = ""
        #: who is who among the suppliers its rows name (see SupplierDirectory).
        self.suppliers = ProcessSuppliers(directory if directory is not None else SupplierDirectory())
        #: contract number -> award id, filled by the contract stage for the implementation stage.
        self.award_ids: dict[str, str] = {}
        #: contract number (of any addendum version) -> the id of the one contract it numbers.
        self.contract_ids: dict[str, str] = {}
        #: ids of the awards published so far (a contract must point at one).
        self.awards: set[str] = set()
        #: party id -> every role it had in the releases produced so far (later releases repeat them).
        self.roles: dict[str, list[str]] = {}
        #: the date of the latest release produced so far (release dates never go backwards).
        self.last_date = ""
        #: indexes of rows whose release had no usable date.
        self.undated: set[int] = set()
        #: the announcement (root row) is not in the input: the process is published from its result rows.
        self.partial = False
        #: a release of the process has been made.
        self.released = False

    def add(self, row: Row) -> None:
        """Attach a row to the process."""
        self.rows.setdefault(row.dataset, []).append(row)

    def get(self, *datasets: str) -> list[Row]:
        """Rows of the given datasets, in input order."""
        found: list[Row] = []
        for dataset in datasets:
            found.extend(self.rows.get(dataset, ()))
        return found

    def first(self, *datasets: str) -> Row | None:
        """The first row of the first dataset that has one."""
        for dataset in datasets:
            if rows := self.rows.get(dataset):
                return rows[0]
        return None

    def all_rows(self) -> list[Row]:
        """Every row of the process."""
        return [row for rows in self.rows.values() for row in rows]

    def finalise(self) -> None:
        """Compute the ocid once all rows are attached (reading the rows' views: the process may not be mapped)."""
        prefix = self.ctx.options.prefix
        kind = self.kind
        if not kind.by_lpse:
            self.ocid = make_ocid(prefix, kind, self.key)
        else:
            for row in self.all_rows():
                if code := lpse(row.view):
                    self.lpse = code
                    break
            self.ocid = make_ocid(prefix, kind, self.key, self.lpse)
            announcement = self.first(f"SPSE-{kind.spse}Pengumuman") if kind.spse else None
            package = None if announcement is None else announcement.view
            if isinstance(package, TenderPengumuman | NonTenderPengumuman) and (dce := package.kd_pkt_dce):
                number = version(package) or 1
                made = self.ctx.when(package.tgl_buat_paket) or ""
                self.ctx.versions.setdefault((kind, dce), []).append((number, made, self.key, self.ocid))


class Draft:
    """A release being assembled: its parties, sections and the rows it uses."""

    __slots__ = ("body", "parties", "pokja", "process", "rows", "stage", "tags")

    def __init__(self, process: Process, stage: str, tags: list[str]) -> None:
        self.process = process
        self.stage = stage
        self.tags = tags
        self.parties = Parties()
        self.rows: list[Row] = []
        self.body: dict[str, Any] = {}
        #: the selection working group named by the buyer's rows (only the parts the options allow).
        self.pokja: list[dict[str, Any]] = []

    def use(self, *rows: Row | None) -> None:
        """Record rows whose content feeds this release."""
        self.rows.extend(row for row in rows if row is not None)

    def buyer(self, row: Row, *, officials: Iterable[Row] = ()) -> dict[str, Any] | None:
        """Add the satker as buyer and procuring entity (and the K/L/PD as funder of an APBD/APBN package)."""
        party = satker_party(row, self.process.master)
        if party is None:
            return None
        code = party["identifier"]["id"]  # the unit's kd_satker_str: also the key of its budget structure
        if master_row := self.process.master.get(code):
            self.use(master_row)
        ctx = self.process.ctx
        if (structure := ctx.lookups.find(BUDGET_STRUCTURE, code)) is not None:
            self.use(structure)  # cited: the report compares the unit's procurement budget with what it publishes
            if party["id"] not in ctx.report.budgets:
                ctx.report.budgets[party["id"]] = budget_structure(structure)
        self.pokja = add_officials(party, [row, *officials]) or self.pokja
        ref = self.parties.add(party, "buyer", "procuringEntity")
        self.body["buyer"] = ref
        funds = (funding(row.record).funds or "").upper()
        klpd = klpd_party(row)
        if klpd is not None and (("APBD" in funds and klpd["id"].startswith("KLPD-D")) or "APBN" in funds):
            self.parties.add(klpd, "funder")
        return ref

    def supplier(self, row: Row, supplier: Supplier, *roles: str) -> dict[str, Any]:
        """Add a supplier (or payee) party and return a reference to it."""
        return self.parties.add(supplier_party(row, supplier, self.process.suppliers), *roles)

    def finish(self, date: str | None) -> dict[str, Any] | None:
        """Return the release (``None`` when it has no date or no rows), marking its rows used."""
        seen = date is None
        if date is None:
            # No event date for this stage: the snapshot date (_event_date) is when the data was seen.
            date = max((d for row in self.rows if (d := row.snapshot) is not None), default=None)
        if date is None:
            date = max((d for row in self.process.all_rows() if (d := row.snapshot)), default=None)
        if not self.rows:
            return None
        if date is None:
            for row in self.rows:
                self.process.undated.add(row.index)
            return None
        process = self.process
        ctx = process.ctx
        # A stage can't be published before the stage it follows (e.g. realisations recorded with the
        # pencatatan package, a contract signed before the result was entered): keep dates monotonic.
        extracted = date if seen else None
        date = max(date, process.last_date)
        # The data say nothing of what happens after they were extracted: no release is dated later.
        if (cutoff := ctx.extracted) is not None and date > cutoff:
            date = cutoff
        process.last_date = date
        release: dict[str, Any] = {
            "ocid": process.ocid,
            # A date that only says when the data was extracted stays out of the id: the same facts extracted
            # again keep their release id.
            "id": release_id(
                process.ocid,
                self.stage,
                "extracted" if date == extracted else date,
                (row.digest for row in self.rows),
                ctx.options.salt,
            ),
            "date": date,
            "tag": self.tags,
            "initiationType": "tender",
            "language": "id",
        }
        if self.parties:
            parties = self.parties.as_list()
            for party in parties:
                # Roles accumulate along the process, so that the compiled release keeps every role.
                known = process.roles.setdefault(party["id"], [])
                known.extend(role for role in party["roles"] if role not in known)
                party["roles"] = list(known)
            release["parties"] = parties
        if "tender" not in self.body and process.partial and not process.released:
            self.body["tender"] = {"id": process.key}  # a partial process: its first release says whose it is
        process.released = True
        if isinstance(tender := self.body.get("tender"), dict):
            if self.pokja:
                tender.setdefault("selectionCommittee", self.pokja)
            # The satker that buys is the procuring entity of every SPSE, e-Katalog and Toko Daring process.
            entity = next((p for p in self.parties.as_list() if "procuringEntity" in p["roles"]), None)
            if entity is not None:
                tender.setdefault("procuringEntity", reference(entity))
        release.update(self.body)
        for row in self.rows:
            row.mark_used()
        ctx.report.releases[self.stage] += 1
        return release


def money(amount: Decimal | None) -> dict[str, Any] | None:
    """A Value in Rupiah, or ``None``."""
    return None if amount is None else {"amount": amount, "currency": CURRENCY}


def period(row: Row, start: str | None, end: str | None, end_field: str) -> dict[str, Any] | None:
    """A Period from a record's two dates (a date alone starts or ends its day); an end before the start is
    reported on ``end_field`` and the period left out."""
    when = row.ctx.when
    start, end = when(start), when(end, end=True)
    if start and end and end < start:
        row.problem(end_field, Reason.INCONSISTENT, Message("conversion.issue.ends-before-start", end=end, start=start))
        return None
    result = {k: v for k, v in (("startDate", start), ("endDate", end)) if v}
    return result or None


def unknown_label(row: Row, field: str, label: str, code: str) -> None:
    """Report ``label`` of ``field`` as one that no rule knows: an unparseable field issue with the catalog
    message ``code`` (which quotes the label)."""
    row.issue(field, label, Reason.UNPARSEABLE, Message(code, label=repr(label)))


def related_rups(draft: Draft, rows: Iterable[Row]) -> None:
    """Link the process to the RUP planning processes its rows cite (``relatedProcesses``)."""
    codes: list[str] = []
    for row in rows:
        for code in rups(row.record):
            if code not in codes:
                codes.append(code)
    if not codes:
        return
    prefix = draft.process.ctx.options.prefix
    draft.body["relatedProcesses"] = [
        {
            "id": f"rup-{code}",
            "relationship": ["planning"],
            "title": f"RUP {code}",
            "scheme": "ocid",
            "identifier": make_ocid(prefix, ProcessKind.RUP, code),
        }
        for code in codes
    ]
