"""Checks that need the whole publication, not one compiled release.

The validator reads a package release by release, so these checks keep compact keys while it reads
and settle at the end (:meth:`PublicationChecks.finish`):

* ``quality.date_after_published`` (per release): a release ``date`` later than the package's
  ``publishedDate``. The package metadata usually comes before the releases and each release is
  settled as it is read; when ``publishedDate`` comes after them, the date, path and ``ocid`` of each
  release are kept until the end.
* ``quality.related_process`` (per compiled release, information): a ``relatedProcesses`` entry (of
  the release or of a contract) with scheme ``ocid`` whose ``identifier`` is no ``ocid`` of the
  publication. Only the entries not yet resolved by an ``ocid`` already read are kept.
* ``quality.supplier_ids`` (per release as read; a record's compiled release): one supplier under several
  party ids in the publication. The first party id of each supplier key (an NPWP, or a name without
  legal form, as ``quality.supplier_split`` compares them) is kept; a supplier party of a later
  release of another ``ocid`` with the same key and another id is reported once per ``ocid``, unless
  that release also has the first id for the key (then ``quality.supplier_split`` reports it in the
  process). Memory grows with the number of distinct suppliers, not of releases.

They are not part of :data:`~ocds_regency.validate.checks.CHECKS` (which run on one compiled release).

What these checks need of one release is its :class:`ReleaseFacts` (its ``ocid``, ``id``, ``date`` and supplier
parties), a function of the release alone: :func:`release_facts` finds them, and a validation with known
findings keeps them with the release's findings (:func:`encode_facts` / :func:`decode_facts`), so that a
release seen before is compared with the others without being decoded or walked again.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

from ocds_regency import codec
from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import (
    as_list,
    as_map,
    parse_date,
    told_apart,
)
from ocds_regency.validate.checks.view import ReleaseView, supplier_parties

if TYPE_CHECKING:
    import datetime as dt

__all__ = [
    "PUBLICATION_CHECKS",
    "PublicationChecks",
    "PublicationProblem",
    "ReleaseFacts",
    "Supplier",
    "decode_facts",
    "encode_facts",
    "related_identifiers",
    "release_facts",
]

#: The publication-wide checks and what each one counts (the unit of its pass / fail / n.a. tally).
PUBLICATION_CHECKS: dict[str, str] = {
    "quality.date_after_published": "releases",
    "quality.related_process": "compiled releases",
    "quality.supplier_ids": "releases (a record's compiled release)",
}


class PublicationProblem(NamedTuple):
    """A problem found by a publication-wide check, with the release or record it is in."""

    code: str
    problem: Problem
    position: int | None  # of the release or record
    ocid: str | None


_NO_IDENTIFIERS: frozenset[tuple[str, str]] = frozenset()


class Supplier(NamedTuple):
    """A supplier party of a release, as ``quality.supplier_ids`` compares it."""

    at: int  # its index in the parties
    ident: tuple[type[Any], Any]  # (type of its id, its id)
    identifiers: frozenset[tuple[str, str]]  # its identifier_keys
    keys: tuple[tuple[str, str], ...]  # NPWPs, then ("name", normalised name)


class ReleaseFacts(NamedTuple):
    """What the checks across a package need of one release (all of it a function of the release alone)."""

    ocid: str | None  # its ocid, if a string
    ident: str | int | None  # its id, if a string or an integer (``schema.unique_release``)
    date: str | None  # its date, if a date-time (``quality.date_after_published``; else n.a.)
    suppliers: tuple[Supplier, ...] | None  # its supplier parties (``None``: no award names a supplier, or not
    # looked for: the check does not run)


def _identifier(release: Mapping[str, Any]) -> str | int | None:
    ident = release.get("id")
    return ident if isinstance(ident, (str, int)) and not isinstance(ident, bool) else None


def date_of(release: Mapping[str, Any]) -> str | None:
    """A release's ``date`` when it is a date-time (``None``: ``quality.date_after_published`` is n.a.)."""
    value = release.get("date")
    return value if parse_date(value) is not None and isinstance(value, str) else None


def suppliers_of(release: Mapping[str, Any], view: ReleaseView | None = None) -> tuple[Supplier, ...] | None:
    """The supplier parties of a release as ``quality.supplier_ids`` compares them (``None``: it has none),
    taken from its ``view`` when it has one (its awards and parties are not walked again)."""
    if view is not None:
        parties = view.suppliers if view.supplier_ids else None
    else:
        parties = supplier_parties(release)
    if parties is None:
        return None
    found: list[Supplier] = []
    for i, party, identifiers, name in parties:
        ident = party["id"]
        # Kept per NPWP and per name, not per id of every register: memory grows with the suppliers.
        npwps = [key for key in identifiers if key[0] == "ID-DJP"] if identifiers else None
        keys: tuple[tuple[str, str], ...] = tuple(sorted(npwps)) if npwps else ()
        if name is not None:
            keys += (("name", name),)
        found.append(Supplier(i, (type(ident), ident), identifiers or _NO_IDENTIFIERS, keys))
    return tuple(found)


def release_facts(release: Mapping[str, Any], codes: Collection[str], view: ReleaseView | None = None) -> ReleaseFacts:
    """The :class:`ReleaseFacts` of a release (its suppliers only when ``quality.supplier_ids`` is in ``codes``:
    from its ``view``, when it has one)."""
    ocid = release.get("ocid")
    suppliers = suppliers_of(release, view) if "quality.supplier_ids" in codes else None
    date = date_of(release) if view is None else release.get("date") if view.date is not None else None
    return ReleaseFacts(ocid if isinstance(ocid, str) else None, _identifier(release), date, suppliers)


_ID_TYPES: dict[type[Any], str] = {str: "s", int: "i", float: "f"}
_TYPES_BY_TAG = {tag: kind for kind, tag in _ID_TYPES.items()}


def encode_facts(facts: ReleaseFacts) -> list[Any] | None:
    """``facts`` as JSON values, for an entry of known findings; ``None`` when they would not read back exactly."""
    suppliers = None
    if facts.suppliers is not None:
        suppliers = []
        for supplier in facts.suppliers:
            kind, ident = supplier.ident
            if kind not in _ID_TYPES:
                return None
            identifiers = sorted([list(pair) for pair in supplier.identifiers])
            suppliers.append([supplier.at, _ID_TYPES[kind], ident, identifiers, [list(key) for key in supplier.keys]])
    encoded = [facts.ocid, facts.ident, facts.date, suppliers]
    try:
        if decode_facts(codec.fast_loads(orjson.dumps(encoded))) != facts:
            return None
    except (TypeError, ValueError, orjson.JSONEncodeError):
        return None
    return encoded


def decode_facts(value: Any) -> ReleaseFacts:
    """The :class:`ReleaseFacts` :func:`encode_facts` gave (as decoded JSON).

    Raises:
        ValueError, TypeError, KeyError: ``value`` is not what :func:`encode_facts` gives.
    """
    ocid, ident, date, listed = value
    suppliers = None
    if listed is not None:
        suppliers = tuple(
            Supplier(at, (_TYPES_BY_TAG[tag], party), frozenset(map(tuple, identifiers)), tuple(map(tuple, keys)))
            for at, tag, party, identifiers, keys in listed
        )
    if not (isinstance(ocid, str | None) and isinstance(ident, str | int | None) and isinstance(date, str | None)):
        raise TypeError("not the facts of a release")
    if isinstance(ident, bool):
        raise TypeError("not the facts of a release")
    return ReleaseFacts(ocid, ident, date, suppliers)


class _Related(NamedTuple):
    identifier: str
    path: str
    position: int | None  # of the release or record
    ocid: str | None
    unit: int


def related_identifiers(release: Mapping[str, Any], base: str = "") -> list[tuple[str, str]]:
    """``(pointer, identifier)`` of each ``relatedProcesses`` entry with scheme ``ocid`` (pointers after ``base``).

    A list made only where there are related processes (most releases have none: no generator per release)."""
    found = _related(base, release) if "relatedProcesses" in release else []
    contracts = release.get("contracts")
    if type(contracts) is list:
        for i, contract in enumerate(contracts):
            if type(contract) is dict and "relatedProcesses" in contract:  # a pointer only for those that have some
                found += _related(f"{base}/contracts/{i}", contract)
    return found


def _related(base: str, owner: Mapping[str, Any]) -> list[tuple[str, str]]:
    found = []
    for k, related in enumerate(as_list(owner.get("relatedProcesses"))):
        related = as_map(related)
        identifier = related.get("identifier")
        if related.get("scheme") == "ocid" and type(identifier) is str:
            found.append((f"{base}/relatedProcesses/{k}/identifier", identifier))
    return found


class PublicationChecks:
    """The state of the publication-wide checks during one validation.

    Args:
        codes: the codes to run (those of :data:`PUBLICATION_CHECKS` not selected are skipped).
    """

    def __init__(self, codes: Collection[str]) -> None:
        self.codes = frozenset(code for code in PUBLICATION_CHECKS if code in codes)
        self.ocids: set[str] = set()
        self.related: list[_Related] = []
        self.units = 0  # compiled releases committed
        self.related_units = 0  # ... that have a related process with scheme ocid
        self.related_failed = 0  # ... one of whose related processes is not in the publication (at the end)
        self.late: list[tuple[str, str, int | None, str | None]] = []
        # supplier key -> (first party id, its identifiers, the ocid it was seen in)
        self.supplier_keys: dict[
            tuple[str, str], tuple[tuple[type[Any], Any], frozenset[tuple[str, str]], str | None]
        ] = {}
        self.supplier_tally = [0, 0, 0]  # releases: passed, failed, not applicable
        self.supplier_reported: set[tuple[str | None, tuple[type[Any], Any]]] = set()  # (ocid, party id)
        self.dates = [0, 0, 0]  # passed, failed, not applicable
        self.published: tuple[object, dt.datetime | None] = (None, None)  # publishedDate, parsed once
        self.found: list[PublicationProblem] = []

    # --------------------------------------------------------------------------------- while reading
    def see_ocid(self, ocid: str | None) -> None:
        """Note an ``ocid`` of the publication."""
        if ocid is not None and "quality.related_process" in self.codes:
            self.ocids.add(ocid)

    def release_date(
        self, value: str | None, base: str, index: int | None, ocid: str | None, metadata: Mapping[str, Any]
    ) -> None:
        """Check (or keep for the end) the date of one release (:func:`date_of`: ``None`` when it is no
        date-time) against the package's ``publishedDate``."""
        if "quality.date_after_published" not in self.codes:
            return
        if value is None:
            self.dates[2] += 1
            return
        if "publishedDate" in metadata:
            self._date(value, f"{base}/date", index, ocid, metadata["publishedDate"])
        else:
            self.late.append((value, f"{base}/date", index, ocid))

    def _date(self, value: str, path: str, index: int | None, ocid: str | None, published: object) -> None:
        if published is not self.published[0]:
            self.published = (published, parse_date(published))
        moment, limit = parse_date(value), self.published[1]
        if moment is None or limit is None:
            self.dates[2] += 1
        elif moment > limit:
            self.dates[1] += 1
            problem = Problem(path, value, {"date": value, "published": published})
            self.found.append(PublicationProblem("quality.date_after_published", problem, index, ocid))
        else:
            self.dates[0] += 1

    def collect(self, compiled: Mapping[str, Any], base: str) -> list[tuple[str, str]] | None:
        """``(pointer, identifier)`` of the related processes with scheme ``ocid`` of a compiled release, to
        :meth:`commit` with it (``None``: it has none)."""
        if "quality.related_process" not in self.codes:
            return None
        return related_identifiers(compiled, base) or None

    def commit(self, related: list[tuple[str, str]] | None, index: int | None, ocid: str | None) -> None:
        """Count one compiled release, with what :meth:`collect` found in it."""
        unit = self.units
        self.units += 1
        if related is None:
            return
        self.related_units += 1
        for path, identifier in related:
            if identifier not in self.ocids:
                self.related.append(_Related(identifier, path, index, ocid, unit))

    def compare_suppliers(
        self, found: tuple[Supplier, ...] | None, base: str, index: int | None, ocid: str | None
    ) -> None:
        """Compare the supplier parties of one release (or a record's compiled release: :func:`suppliers_of`)
        with those seen before.

        Releases of the same ``ocid`` are not compared with each other (``quality.supplier_split`` judges a
        process), and a party is reported once per ``ocid``.
        """
        if "quality.supplier_ids" not in self.codes:
            return
        if found is None:
            self.supplier_tally[2] += 1
            return
        here: dict[tuple[str, str], set[tuple[type[Any], Any]]] | None = None  # built when needed
        failed = False
        for supplier in found:
            for key in supplier.keys:
                known = self.supplier_keys.get(key)
                if known is None:
                    continue
                first, identifiers, first_ocid = known
                if first == supplier.ident or first_ocid == ocid:
                    continue
                if here is None:
                    here = {}
                    for each in found:
                        for each_key in each.keys:
                            here.setdefault(each_key, set()).add(each.ident)
                if first in here[key]:
                    continue
                if key[0] == "name" and told_apart(supplier.identifiers, identifiers):
                    continue
                failed = True
                if (ocid, supplier.ident) in self.supplier_reported:
                    break
                self.supplier_reported.add((ocid, supplier.ident))
                reason = "same_name" if key[0] == "name" else "same_npwp"
                params = {"other": first[1], "other_ocid": first_ocid, "reason": reason}
                problem = Problem(f"{base}/parties/{supplier.at}/id", supplier.ident[1], params)
                self.found.append(PublicationProblem("quality.supplier_ids", problem, index, ocid))
                break
        for supplier in found:
            for key in supplier.keys:
                if key not in self.supplier_keys:
                    self.supplier_keys[key] = (supplier.ident, supplier.identifiers, ocid)
        self.supplier_tally[1 if failed else 0] += 1

    # ------------------------------------------------------------------------------------- at the end
    def finish(self, metadata: Mapping[str, Any]) -> list[PublicationProblem]:
        """Settle what was kept; return every problem found (in reading order within each check)."""
        published = metadata.get("publishedDate")
        for value, path, index, ocid in self.late:
            self._date(value, path, index, ocid, published)
        self.late.clear()
        failed_units: set[int] = set()
        for entry in self.related:
            if entry.identifier in self.ocids:
                continue
            failed_units.add(entry.unit)
            problem = Problem(entry.path, entry.identifier, {"identifier": entry.identifier})
            self.found.append(PublicationProblem("quality.related_process", problem, entry.position, entry.ocid))
        self.related.clear()
        self.related_failed = len(failed_units)
        found, self.found = self.found, []
        return found

    def tallies(self) -> dict[str, tuple[int, int, int]]:
        """``(passed, failed, not applicable)`` per check run, after :meth:`finish`."""
        result: dict[str, tuple[int, int, int]] = {}
        if "quality.date_after_published" in self.codes:
            passed, failed, not_applicable = self.dates
            result["quality.date_after_published"] = (passed, failed, not_applicable)
        if "quality.related_process" in self.codes:
            failed = self.related_failed
            result["quality.related_process"] = (
                self.related_units - failed,
                failed,
                self.units - self.related_units,
            )
        if "quality.supplier_ids" in self.codes:
            passed, failed, not_applicable = self.supplier_tally
            result["quality.supplier_ids"] = (passed, failed, not_applicable)
        return result
