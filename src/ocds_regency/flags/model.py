"""The results of the indicators: flags, coverage and the fences used, and their output shapes.

A :class:`Flag` is about a contracting process (group ``OCID``) or an organisation (``Buyer``,
``ProcuringEntity``, ``Tenderer``, as Cardinal groups them); its ``evidence`` names the OCDS fields and
values that raised it. :class:`Coverage` says, per indicator, how many processes could be assessed and
why the others could not. :meth:`FlagsReport.cardinal` is Cardinal's JSON output shape.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

import orjson

from ocds_regency.flags.process import Money, Process
from ocds_regency.flags.settings import CARDINAL_CODES
from ocds_regency.flags.texts import INDICATOR_TEXTS

__all__ = ["GROUPS", "Context", "Coverage", "Flag", "FlagsReport", "ProcessInfo", "Results"]

#: The groups of Cardinal's output, in its order.
GROUPS: tuple[str, ...] = ("OCID", "Buyer", "ProcuringEntity", "Tenderer")


@dataclass(frozen=True, slots=True)
class Flag:
    """One indicator raised for one process or organisation.

    Attributes:
        code: the indicator (``"R024"``, ``"ID-SPLIT"``…).
        group: ``"OCID"``, ``"Buyer"``, ``"ProcuringEntity"`` or ``"Tenderer"``.
        id: the ocid, or the organisation's id.
        value: the indicator's output (Cardinal's value; 1.0 for a yes/no flag).
        evidence: the fields and values behind it (OCDS paths → values).
        ocids: the processes concerned (the process itself for group ``OCID``).
    """

    code: str
    group: str
    id: str
    value: float
    evidence: Mapping[str, Any] = field(default_factory=dict)
    ocids: tuple[str, ...] = ()


@dataclass
class Coverage:
    """How many processes an indicator could assess, and why it could not assess the others.

    Attributes:
        assessed: processes assessed.
        not_assessed: processes not assessed, per reason code (see :mod:`ocds_regency.flags.texts`).
        flagged: flags raised (processes or organisations).
    """

    assessed: int = 0
    not_assessed: Counter[str] = field(default_factory=Counter)
    flagged: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "assessed": self.assessed,
            "not_assessed": dict(self.not_assessed.most_common()),
            "flagged": self.flagged,
        }


@dataclass(frozen=True, slots=True)
class ProcessInfo:
    """What a reader needs to find a flagged process: its buyer (satker), title, method and a link."""

    buyer_id: str | None
    buyer_name: str | None
    title: str | None
    method_details: str | None
    link: str | None

    @classmethod
    def of(cls, process: Process) -> ProcessInfo:
        """The info of ``process``."""
        return cls(process.buyer_id, process.buyer_name, process.title, process.method_details, process.link)


class Context:
    """What indicators share during a run: the main currency (set from the first value seen, as Cardinal)."""

    def __init__(self, currency: str | None) -> None:
        self.currency = currency

    def observe(self, process: Process) -> None:
        """Take the main currency from ``process`` if none is known yet."""
        if self.currency is not None:
            return
        values = [b.value for b in process.bids] + [a.value for a in process.awards]
        values += [c.value for c in process.contracts] + [process.hps, process.pagu]
        for value in values:
            if value is not None and value.currency is not None:
                self.currency = value.currency
                return

    def amount(self, money: Money | None) -> float | None:
        """The amount of ``money`` if it is in the main currency (or has none), else ``None``."""
        if money is None or (money.currency is not None and money.currency != self.currency):
            return None
        return money.amount


class Results:
    """Collects flags, fences and coverage while indicators run."""

    def __init__(self) -> None:
        self.flags: list[Flag] = []
        self.meta: dict[str, dict[str, float]] = {}
        self.coverage: dict[str, Coverage] = {}
        self.info: dict[str, ProcessInfo] = {}

    def flag(
        self,
        code: str,
        group: str,
        identifier: str,
        value: float,
        evidence: Mapping[str, Any] | None = None,
        ocids: Iterable[str] = (),
    ) -> None:
        """Record a flag."""
        self.flags.append(Flag(code, group, identifier, float(value), dict(evidence or {}), tuple(ocids)))
        self.coverage.setdefault(code, Coverage()).flagged += 1


@dataclass
class FlagsReport:
    """Every flag of a run, the coverage of each indicator and the fences used.

    Attributes:
        profile: the settings profile.
        processes: contracting processes read.
        flags: the flags, in the order raised.
        coverage: per indicator code.
        meta: per indicator code, the quartiles and fence (Cardinal's ``Meta``).
        info: buyer, title, method and link of each process concerned by a flag.
    """

    profile: str
    processes: int
    flags: list[Flag]
    coverage: dict[str, Coverage]
    meta: dict[str, dict[str, float]]
    info: dict[str, ProcessInfo]

    def by_code(self) -> dict[str, list[Flag]]:
        """The flags per indicator code."""
        result: dict[str, list[Flag]] = {}
        for flag in self.flags:
            result.setdefault(flag.code, []).append(flag)
        return result

    def cardinal(self, *, meta: bool = True) -> dict[str, Any]:
        """Cardinal's output: ``{"OCID": {ocid: {"R018": 1.0}}, "Tenderer": {...}, ..., "Meta": {...}}``.

        Only Cardinal's indicators; empty groups are left out, as Cardinal does.
        """
        output: dict[str, Any] = {}
        for flag in self.flags:
            if flag.code in CARDINAL_CODES:
                output.setdefault(flag.group, {}).setdefault(flag.id, {})[flag.code] = flag.value
        ordered: dict[str, Any] = {group: output[group] for group in GROUPS if group in output}
        if meta:
            ordered["Meta"] = {code: self.meta[code] for code in CARDINAL_CODES if code in self.meta}
        return ordered

    def _row(self, flag: Flag) -> dict[str, Any]:
        ocid = flag.id if flag.group == "OCID" else (flag.ocids[0] if len(flag.ocids) == 1 else None)
        info = self.info.get(ocid) if ocid else None
        row: dict[str, Any] = {
            "code": flag.code,
            "group": flag.group,
            "id": flag.id,
            "value": flag.value,
            "ocids": list(flag.ocids),
            "evidence": dict(flag.evidence),
        }
        if info is not None:
            row.update(buyer_id=info.buyer_id, buyer_name=info.buyer_name, title=info.title, link=info.link)
        elif flag.group == "Buyer":
            row["buyer_id"] = flag.id
            name = flag.evidence.get("buyer.name")
            row["buyer_name"] = name if isinstance(name, str) else None
        return row

    def _head(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "processes": self.processes,
            "indicators": {
                code: {"name": t.name, "explanation": t.explanation, "source": t.source}
                for code in self.coverage
                if (t := INDICATOR_TEXTS.get(code)) is not None
            },
            "coverage": {code: cov.to_dict() for code, cov in self.coverage.items()},
            "meta": self.meta,
        }

    def to_dict(self) -> dict[str, Any]:
        """The ``flags.json`` document."""
        return {**self._head(), "flags": [self._row(flag) for flag in self.flags]}

    def write_json(self, out: IO[bytes]) -> None:
        """Write the ``flags.json`` document to ``out``, one flag per line, without building it whole."""
        head = orjson.dumps(self._head(), option=orjson.OPT_INDENT_2)
        out.write(head[:-2] + b',\n  "flags": [')
        for number, flag in enumerate(self.flags):
            out.write(b"\n    " if not number else b",\n    ")
            out.write(orjson.dumps(self._row(flag), default=str))
        out.write(b"\n  ]\n}\n" if self.flags else b"]\n}\n")

    _COLUMNS = ("code", "group", "id", "value", "buyer_id", "buyer_name", "title", "link", "ocids", "evidence")

    def write_csv(self, out: IO[str]) -> None:
        """Write the flags as CSV to ``out`` (a text stream opened with ``newline=""``), one per line;
        evidence as JSON text, ocids separated by ``;``."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self._COLUMNS)
        columns = self._COLUMNS
        for flag in self.flags:
            row = self._row(flag)
            row["ocids"] = ";".join(flag.ocids)
            row["evidence"] = orjson.dumps(dict(flag.evidence), default=str).decode()
            writer.writerow([row.get(column, "") for column in columns])

    def to_csv(self) -> str:
        """The flags as CSV text (see :meth:`write_csv`)."""
        buffer = io.StringIO()
        self.write_csv(buffer)
        return buffer.getvalue()
