"""``publish(..., versioned=True)`` on the bundled sample publishes records whose versioned releases are valid."""

from __future__ import annotations

import json
from pathlib import Path

from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish
from ocds_regency.validate import validate

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "kabupaten-contoh-2025"


def test_versioned_publication_of_the_sample_is_valid(tmp_path: Path) -> None:
    result = publish(
        [SAMPLE], PackageMetadata(), PublishOptions(prefix="ocds-xxxxxx", out_dir=tmp_path / "out", versioned=True)
    )
    assert result.published, result.report.blocking
    assert result.report.to_dict()["validation"]["severities"]["error"] == 0
    records_path = result.location / "record-package.json"
    records = json.loads(records_path.read_bytes())["records"]
    assert records and all("versionedRelease" in record for record in records)
    # Some parties carry details, versioned leaf by leaf as the reference merge does.
    assert any(
        isinstance(party.get("details"), dict)
        for record in records
        for party in record["versionedRelease"].get("parties", [])
    )
    report = validate(records_path, prefix="ocds-xxxxxx", quality=False)
    assert report.ok, report.format_text()
    assert not [f for f in report.findings if "/versionedRelease" in f.path and f.severity == "error"]
