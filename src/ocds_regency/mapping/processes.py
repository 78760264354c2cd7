"""From rows to processes: datasets, exact duplicates, superseded snapshots, orphans, unused rows."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from ocds_regency.errors import ParseError
from ocds_regency.i18n import Message
from ocds_regency.isb import parse
from ocds_regency.isb._base import FieldIssue, IsbRecord
from ocds_regency.isb.datasets import DATASETS, PARENT_TWINS, ProcessKind, Use
from ocds_regency.mapping._draft import Process
from ocds_regency.mapping._rows import Context, Row, RowCache
from ocds_regency.mapping.facts import stamps, version
from ocds_regency.mapping.lookups import MASTER_SATKER, is_lookup, not_published
from ocds_regency.mapping.parties import Supplier, SupplierDirectory, identify_supplier, supplier_facts
from ocds_regency.mapping.report import Reason

__all__ = ["MASTER_SATKER", "Index"]


class Index:
    """Rows grouped into processes, with every rejected row reported."""

    def __init__(self, ctx: Context, known: RowCache | None = None) -> None:
        self.ctx = ctx
        #: what is known of rows by their JSON text (see :class:`~ocds_regency.mapping._rows.RowCache`).
        self.known = known
        self.master: dict[str, Row] = {}
        self._processes: dict[tuple[ProcessKind, str], Process] = {}
        self._children: list[tuple[ProcessKind, str, Row]] = []
        self._seen: dict[tuple[str, bytes], Row] = {}
        self._records: dict[tuple[Any, ...], Row] = {}
        #: the supplier each kept row names (by row index), read quietly when the row is filed.
        self._suppliers: dict[int, Supplier] = {}
        #: each part of an identity as compared (:func:`_identity`), computed once a run: rows share their letters.
        self._identities: dict[str, Any] = {}
        self._count = 0

    def add(
        self,
        dataset: str | None,
        data: Any,
        source: str,
        position: str,
        record: IsbRecord | None = None,
        issues: Iterable[FieldIssue] = (),
        view: IsbRecord | None = None,
        text_digest: bytes | None = None,
        known: bool = False,
    ) -> None:
        """Account for one input row and file it under its process (with its typed record when it was read, or
        its view: see :class:`~ocds_regency.mapping._rows.Row`). Only the row's view is read here.

        ``text_digest``: the digest of the row's JSON text; ``known``: the row's view is the one :attr:`known`
        has for that text (the row is not decoded). A row read from a text is learnt by :attr:`known`."""
        report = self.ctx.report
        report.count_read(source, dataset)
        if dataset is not None and (why := not_published(dataset)) is not None:
            message = Message("conversion.reject.not-published", dataset=dataset, why=why)
            report.reject(source, position, dataset, Reason.NOT_PUBLISHED, message)
            return
        spec = DATASETS.get(dataset) if dataset is not None else None
        if dataset is None or spec is None:
            if dataset:
                unknown = Message("conversion.reject.not-converted", dataset=repr(dataset))
            else:
                unknown = Message("conversion.reject.no-dataset")
            report.reject(source, position, dataset, Reason.UNKNOWN_DATASET, unknown)
            return
        self._count += 1
        cache = self.known
        digest = cache.digest(text_digest) if known and cache is not None and text_digest is not None else None
        issues = tuple(issues)
        row = Row(self.ctx, dataset, data, source, position, self._count, record, issues, view=view, digest=digest,
                  text_digest=text_digest)  # fmt: skip
        # the supplier a known row names is the cache's (its data is not decoded for it)
        named = None
        if cache is not None and text_digest is not None:
            if digest is None:
                named = _learn(cache, row, view if record is None and not issues else None)
            else:
                named = (cache.supplier(text_digest),)
        kept = self._seen.get((dataset, row.digest))
        if kept is not None:
            # The same fact emitted again (only extraction metadata such as _event_date differs): one row.
            # The newest extraction is the one kept, by its timestamp, whatever the order of the files.
            older = (row.source, row.position)
            if _extracted(row) > _extracted(kept):
                older = (kept.source, kept.position)
                kept.adopt(row)
                self._observe(kept)
            report.reject(*older, dataset, Reason.DUPLICATE, Message("conversion.reject.same-row", where=_where(kept)))
            return
        self._seen[(dataset, row.digest)] = row
        rows = self.ctx.rows
        rows.settle()  # (before this row is filed: the rows filed so far are not being read)
        if is_lookup(dataset):
            if not self.ctx.lookups.add(row):
                report.reject(source, position, dataset, Reason.MISSING_KEY, Message("conversion.reject.code-blank"))
                return
            rows.keep(row)
            return
        if spec.use is not Use.PROCESS:  # RUP-MasterSatker: it names the buyers, by its SIPD code
            join = spec.join_key or spec.keys[0]
            code = spec.join_of(row.view)
            if code is None:
                blank = Message("conversion.reject.field-blank", field=join)
                report.reject(source, position, dataset, Reason.MISSING_KEY, blank)
                return
            rows.keep(row)
            self._observe(row, named)
            self._supersede(row, (dataset, code.replace(" ", "")))
            return
        key_fields = (*spec.keys, *spec.fallback_keys)
        key = spec.key_of(row.view)
        if key is None:
            blank = Message("conversion.reject.field-blank", field=key_fields[0])
            report.reject(source, position, dataset, Reason.MISSING_KEY, blank)
            return
        rows.keep(row)
        self._observe(row, named)
        if spec.root:
            self._supersede(row, (dataset, key))
        elif spec.identity:
            self._supersede(row, (dataset, key, *map(self._identity, spec.identity_of(row.view))))
        else:
            self._children.append((spec.kind, key, row))

    def _observe(self, row: Row, named: tuple[Supplier | None] | None = None) -> None:
        """Remember the supplier a row names, for the directory (read now: its contents may go to the store).
        ``named``: the supplier, when known (a row whose text the cache knows)."""
        if row.dataset == MASTER_SATKER or is_lookup(row.dataset):
            return
        supplier = _quiet_supplier(row) if named is None else named[0]
        if supplier is None:
            self._suppliers.pop(row.index, None)
        else:
            self._suppliers[row.index] = supplier

    def _identity(self, value: Any) -> Any:
        """A part of a row's identity as compared (:func:`_identity`), once per distinct value."""
        if not isinstance(value, str):
            return value
        found = self._identities.get(value)
        if found is None:
            found = self._identities[value] = _identity(value)
        return found

    def reject(self, dataset: str | None, source: str, position: str, reason: str, message: Message) -> None:
        """Account for one input row that the reader already rejected, with the reader's message."""
        self.ctx.report.count_read(source, dataset)
        self.ctx.report.reject(source, position, dataset, reason, message)

    def _supersede(self, row: Row, identity: tuple[Any, ...]) -> None:
        previous = self._records.get(identity)
        if previous is None:
            self._records[identity] = row
            return
        newer, older = (row, previous) if _snapshot_order(row) >= _snapshot_order(previous) else (previous, row)
        self._records[identity] = newer
        self.ctx.rows.forget(older)
        self._suppliers.pop(older.index, None)
        if _snapshot_order(row)[:2] == _snapshot_order(previous)[:2]:
            # Same snapshot date and version, different content: nothing says which is right. The later row
            # is kept, and the contradiction is reported rather than settled silently by position.
            when = str(newer.data.get("_event_date") or "")
            newer.issue(
                "_event_date",
                when or None,
                Reason.INCONSISTENT,
                Message(
                    "conversion.issue.conflicting-snapshots",
                    source=older.source,
                    position=older.position,
                    date=when or Message("conversion.issue.no-snapshot-date"),
                ),
            )
        self.ctx.report.reject(
            older.source,
            older.position,
            older.dataset,
            Reason.SUPERSEDED,
            Message("conversion.reject.superseded", where=_where(newer)),
        )

    def build(self) -> list[Process]:
        """Group the kept rows into processes; children without a parent are reported as orphans."""
        children = list(self._children)
        directory = SupplierDirectory()
        for identity, row in self._records.items():
            if row.dataset == MASTER_SATKER:
                self.master[identity[1]] = row
                continue
            spec = DATASETS[row.dataset]
            kind, key = spec.kind, str(identity[1])
            if spec.root:
                process = self._processes.get((kind, key))
                if process is None:
                    process = self._processes[(kind, key)] = Process(self.ctx, kind, key, self.master, directory)
                process.add(row)
            else:
                children.append((kind, key, row))
        children.sort(key=lambda item: item[2].index)
        # Every kept row tells who is who among the suppliers, even a row whose package is missing.
        named: list[tuple[ProcessKind, str, Supplier]] = []
        for kind, key, row in [
            *((DATASETS[r.dataset].kind, str(i[1]), r) for i, r in self._records.items() if r.dataset != MASTER_SATKER),
            *children,
        ]:
            if (supplier := self._suppliers.get(row.index)) is not None:
                directory.observe(supplier)
                named.append((kind, key, supplier))
        self._suppliers.clear()
        self._seen.clear()  # (duplicates are found while rows are added: no row comes after this)
        for kind, key, row in children:
            process = self._processes.get((kind, key))
            if process is None and DATASETS[row.dataset].result:
                process = self._processes[(kind, key)] = Process(self.ctx, kind, key, self.master)
                process.partial = True
            if process is not None and (twins := PARENT_TWINS.get(row.dataset)) is not None:
                _tell_twin_apart(self.ctx, process, row, twins)
            if process is None:
                orphan = (
                    Message("conversion.reject.orphan-rup", key=key)
                    if kind is ProcessKind.RUP
                    else Message("conversion.reject.orphan", kind=str(kind), key=key)
                )
                self.ctx.report.reject(row.source, row.position, row.dataset, Reason.ORPHAN, orphan)
                self.ctx.rows.forget(row)
                continue
            process.add(row)
        for kind, key, supplier in named:
            if (process := self._processes.get((kind, key))) is not None:
                process.suppliers.learn(supplier)  # the names its rows give the suppliers they identify
        processes = sorted(self._processes.values(), key=lambda p: (p.kind.rank, p.key))
        store = self.ctx.rows
        for process in processes:
            for rows in process.rows.values():
                rows.sort(key=lambda r: r.index)
            process.finalise()
            store.settle()
        return processes

    def finish(self) -> None:
        """Report rows that fed no release (unreferenced masters, undatable releases)."""
        report = self.ctx.report
        for row in self.master.values():
            if not row.used:
                report.reject(
                    row.source,
                    row.position,
                    row.dataset,
                    Reason.UNREFERENCED,
                    Message("conversion.reject.satker-unused"),
                )
        self.ctx.lookups.report_unused(report)
        for process in self._processes.values():
            for row in process.all_rows():
                if row.used or row.dropped:
                    continue
                if row.index in process.undated:
                    reason, message = Reason.NO_DATE, Message("conversion.reject.no-date", ocid=process.ocid)
                else:
                    reason, message = Reason.EMPTY, Message("conversion.reject.empty")
                report.reject(row.source, row.position, row.dataset, reason, message)


def _learn(cache: RowCache, row: Row, view: IsbRecord | None) -> tuple[Supplier | None] | None:
    """Let the cache learn a row read from its JSON text, parsed as a view without issues (``view``) that the row
    kept as it was given (a row with integers beyond 64 bits is parsed again without them), with the supplier it
    names; that supplier (in a tuple), or ``None`` when the row is not learnt."""
    if view is None or row.view is not view or row.complete or row.text_digest is None:
        return None
    named = None if row.dataset == MASTER_SATKER or is_lookup(row.dataset) else _quiet_supplier(row)
    cache.learn(row.dataset, row.text_digest, view, row.digest, named)
    return (named,)


def _tell_twin_apart(ctx: Context, process: Process, row: Row, twins: Mapping[str, str]) -> None:
    """Name an undecided twin row (``RUP-PaketLokasi``) by the plan it joins (``RUP-PaketSwakelolaLokasi``)."""
    for root, twin in twins.items():
        if process.rows.get(root):
            ctx.report.relabel(row.source, row.dataset, twin)
            row.dataset = twin
            return


_NPWP_FIELDS = ("npwp_16_penyedia", "npwp16_penyedia", "npwp_penyedia_16", "npwp_penyedia", "npwp_pelaksana")


def _quiet_supplier(row: Row) -> Supplier | None:
    """The supplier a row names, for the directory (issues are reported once, when the row is mapped)."""
    if supplier_facts(row.view).kd_penyedia is None and not any(row.data.get(f) for f in _NPWP_FIELDS):
        return None
    return identify_supplier(row, report=False, record=row.view)


def _identity(value: Any) -> Any:
    """A part of a record's identity, compared as letter numbers are (``"000.3.2/ 0669 /Dinkes/2025"`` is
    ``"000.3.2/0669/Dinkes/2025"``)."""
    if not isinstance(value, str):
        return value
    try:
        return parse.parse_letter_number(value)
    except ParseError:  # pragma: no cover - text is always a letter number
        return value


def _where(row: Row) -> str:
    """A row's file name and position, for messages (never the absolute path of the input)."""
    return f"{os.path.basename(row.source)} {row.position}"


def _extracted(row: Row) -> str:
    """When a row was extracted: the latest of its snapshot timestamps (``_event_date``, ``_inserted_date``)."""
    event, inserted = stamps(row.view)
    when = row.ctx.when
    first = (when(event) or "") if event is not None else ""
    second = (when(inserted) or "") if inserted is not None else ""
    return first if first >= second else second


def _snapshot_order(row: Row) -> tuple[str, int, int]:
    number = version(row.view) or 0
    return (_extracted(row), number, row.index)
