"""Validating with known findings (``validate(known=...)``) gives the report a full validation gives.

A re-publication validates packages whose releases are nearly all the same as last time: the findings
of a release and the data-quality results of a compiled release are kept by the hash of their JSON and
replayed. The report (findings in order, paths with the package's indexes, counts, check tallies) must be
the same as without them, whatever was kept, in whatever order the releases come.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ocds_regency.validate import _Validation as Validation
from ocds_regency.validate import validate
from ocds_regency.validate.schema import SchemaSet
from tests.validate.conftest import package, release


class Memory:
    """Known findings in a dict, counting what was asked and given."""

    def __init__(self) -> None:
        self.entries: dict[bytes, bytes] = {}
        self.hits = 0
        self.puts = 0

    def get(self, key: bytes) -> bytes | None:
        found = self.entries.get(key)
        self.hits += found is not None
        return found

    def put(self, key: bytes, entry: bytes) -> None:
        self.puts += 1
        self.entries[key] = entry


def _releases() -> list[dict[str, Any]]:
    """Releases with findings of every kind: schema, field rules, quality, across the package."""
    valid = release()
    wrong_type = release(ocid="ocds-abc123-0002", id="0002-tender")
    wrong_type["tender"]["value"]["amount"] = "sembilan ratus"
    late = release(ocid="ocds-abc123-0003", id="0003-tender")
    late["tender"]["tenderPeriod"]["endDate"] = "2023-12-01T00:00:00+07:00"  # before it starts
    first = release(ocid="ocds-abc123-0004", id="0004-tender", tag=["tender"])
    second = release(ocid="ocds-abc123-0004", id="0004-award", tag=["award"], date="2024-04-01T00:00:00+07:00")
    second["awards"][0]["value"]["amount"] = 2_000
    related = release(ocid="ocds-abc123-0005", id="0005-tender")
    related["relatedProcesses"] = [{"id": "1", "scheme": "ocid", "identifier": "ocds-abc123-9999"}]
    duplicate = copy.deepcopy(valid)  # the same id twice in the package
    foreign = release(ocid="ocds-zzz999-0006", id="0006-tender")  # another prefix
    huge = release(ocid="ocds-abc123-0007", id="0007-tender")
    huge["tender"]["numberOfTenderers"] = str(2**70)  # a finding whose value reads back as text
    return [valid, wrong_type, late, first, second, related, duplicate, foreign, huge]


def _report(releases: list[dict[str, Any]], known: Memory | None = None) -> dict[str, Any]:
    report = validate(package(*releases), prefix="ocds-abc123", known=known)
    return {"report": report.to_dict(examples=100), "findings": report.findings, "counts": report.counts}


def test_known_findings_give_the_same_report(monkeypatch: pytest.MonkeyPatch) -> None:
    releases = _releases()
    plain = _report(releases)
    assert plain["counts"]  # there is something to find
    memory = Memory()
    assert _report(releases, memory) == plain  # first run: everything checked, and remembered
    assert memory.puts and memory.hits == 1  # only the duplicate release was known, from its first copy
    puts = memory.puts

    # second run: no release schema-checked again, no compiled release merged again
    checked: list[str] = []
    original = SchemaSet.release_errors

    def spy(self: SchemaSet, instance: Any, base: str, *args: Any) -> Any:
        checked.append(base)
        return original(self, instance, base, *args)

    monkeypatch.setattr(SchemaSet, "release_errors", spy)
    monkeypatch.setattr(Validation, "merge", lambda self, releases: pytest.fail("merged again"))
    assert _report(releases, memory) == plain
    assert memory.hits >= len(releases)
    assert checked == []
    assert memory.puts == puts  # nothing new to remember


def test_known_findings_are_placed_where_the_release_now_is() -> None:
    releases = _releases()
    memory = Memory()
    _report(releases, memory)
    changed = list(reversed(releases))  # every release at another index
    changed[0] = copy.deepcopy(changed[0])
    changed[0]["tender"]["status"] = "bogus"  # and one of them new
    changed.insert(3, release(ocid="ocds-abc123-0008", id="0008-tender", date="no date"))
    assert _report(changed, memory) == _report(changed)
    assert memory.hits


def test_an_unreadable_entry_is_checked_again() -> None:
    releases = _releases()
    memory = Memory()
    _report(releases, memory)
    for key in memory.entries:
        memory.entries[key] = b"[not json"
    assert _report(releases, memory) == _report(releases)


def test_a_finding_that_would_not_read_back_is_not_kept() -> None:
    memory = Memory()
    big = release()
    big["tender"]["numberOfTenderers"] = 2**70  # an integer JSON can't hold in 64 bits: not kept
    plain = _report([big])
    assert plain["counts"]
    assert _report([big], memory) == plain
    first = memory.puts
    assert _report([big], memory) == plain
    # its quality results were kept and replayed; its release findings were not kept (checked again)
    assert first == 1 and memory.puts == 1 and memory.hits == 1
