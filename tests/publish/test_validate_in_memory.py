"""A publication validates its packages from what it wrote, not by reading the files back: same report.

``publish`` checks each release and record as it writes it (``validate.PackageCheck``, from the JSON text
written into the package); these tests validate the written files again with ``validate(path)`` and compare
every finding (in order, with its path, index, ocid and release id), every count and every tally, on the
real-year fixtures (one of them with defects, so that there are findings to compare), with small release
packages (releases of one process in several packages) and on a release store's re-publications.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import ocds_regency.validate as validate_module
from ocds_regency.mapping import EXTENSIONS
from ocds_regency.package import PackageMetadata, Publisher
from ocds_regency.pipeline import PublishOptions, PublishResult, publish
from ocds_regency.standard import load_profile
from ocds_regency.validate import PackageCheck, Report, validate
from tests.publish.conftest import PREFIX, SAMPLE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
INPUTS = {
    "real": FIXTURES / "isb-real-2025",
    "defects": FIXTURES / "isb-real-2025-validate-defects",
    "flags": FIXTURES / "isb-real-2025-flags",
    "sample": SAMPLE,
}
DATES = ("2025-11-04T08:00:00Z", "2025-11-05T08:00:00Z", "2025-11-06T08:00:00Z")


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> dict[str, Report]:
    """The reports of the packages a publication checked, by package name; reading a file back fails."""
    reports: dict[str, Report] = {}
    _watch(reports, monkeypatch)
    return reports


def _watch(reports: dict[str, Report], monkeypatch: pytest.MonkeyPatch) -> None:
    finish = PackageCheck.finish

    def spy(self: PackageCheck, metadata: Any, *, name: str | None = None) -> Report:
        report = finish(self, metadata, name=name)
        reports[report.source] = report
        return report

    def no_file(*args: Any, **kwargs: Any) -> Any:
        pytest.fail("a publication read a package back to validate it")

    monkeypatch.setattr(PackageCheck, "finish", spy)
    monkeypatch.setattr(validate_module, "_open", no_file)


def _as_read(result: PublishResult, name: str, monkeypatch: pytest.MonkeyPatch) -> Report:
    """The report of a package file validated as ``validate`` reads it (as publications did before)."""
    monkeypatch.undo()  # reading files again
    return validate(
        result.location / name,
        prefix=PREFIX,
        lang="id",
        name=name,
        quality=name.startswith("release-package"),
        version=load_profile(EXTENSIONS, version=PackageMetadata().version).standard,
    )


def _content(report: Report) -> dict[str, Any]:
    return {
        "findings": [repr(finding) for finding in report.findings],
        "counts": dict(report.counts),
        "checks": {code: tally.to_dict() for code, tally in report.checks.items()},
        "summary": report.summary("en", 10**6),
        "releases": report.releases,
        "records": report.records,
        "ok": report.ok,
    }


def _compare(result: PublishResult, checked: dict[str, Report], monkeypatch: pytest.MonkeyPatch) -> None:
    names = sorted(path.name for path in result.location.glob("re*-package*.json"))
    assert sorted(checked) == names
    found = dict(checked)
    checked.clear()
    for name in names:
        assert _content(found[name]) == _content(_as_read(result, name, monkeypatch)), name


def _publish(source: Path, out: Path, date: str = DATES[0], **options: Any) -> PublishResult:
    metadata = PackageMetadata(publisher=Publisher("Kabupaten Bandung"), published_date=date)
    return publish([source], metadata, PublishOptions(prefix=PREFIX, out_dir=out, lang="id", **options))


@pytest.mark.parametrize("name", sorted(INPUTS))
@pytest.mark.parametrize("max_releases", [None, 3])
def test_publication_reports_what_reading_its_files_reports(
    name: str, max_releases: int | None, tmp_path: Path, checked: dict[str, Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    options: dict[str, Any] = {} if max_releases is None else {"max_releases": max_releases}
    result = _publish(INPUTS[name], tmp_path / "out", **options)
    if max_releases is not None:
        assert len(list(result.location.glob("release-package*.json"))) > 1
        if name == "real":  # some process has its releases in two packages
            assert _split(result)
    _compare(result, checked, monkeypatch)


def _split(result: PublishResult) -> list[str]:
    """The ocids of the processes whose releases are in more than one release package."""
    records = json.loads((result.location / "record-package.json").read_bytes())["records"]
    return [record["ocid"] for record in records if len({link["url"].split("#")[0] for link in record["releases"]}) > 1]


def test_the_defects_give_findings_to_compare(tmp_path: Path) -> None:
    result = _publish(INPUTS["defects"], tmp_path / "out")
    codes = {group.code for group in result.report.validation.groups}
    assert "quality.related_process" in codes and len(codes) >= 3  # one across the package
