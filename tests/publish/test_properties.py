"""Property: whatever part of a year's data a regency has, publish accounts for every row and stays valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishError, PublishOptions, publish
from tests.publish.conftest import DATE, PREFIX, SAMPLE

DATASETS = {p.name: json.loads(p.read_bytes()) for p in sorted(SAMPLE.glob("*.json"))}


@st.composite
def partial_years(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """Some datasets of the sample, each with some of its rows (so parents go missing: orphans)."""
    names = draw(st.lists(st.sampled_from(sorted(DATASETS)), min_size=1, max_size=8, unique=True))
    chosen = {}
    for name in names:
        rows = DATASETS[name]
        keep = draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
        chosen[name] = [row for row, kept in zip(rows, keep, strict=True) if kept]
    return chosen


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(partial_years())
def test_every_row_is_accounted_for(tmp_path_factory: Any, year: dict[str, list[dict[str, Any]]]) -> None:
    base = tmp_path_factory.mktemp("partial")
    data = base / "isb"
    data.mkdir()
    for name, rows in year.items():
        (data / name).write_text(json.dumps(rows), encoding="utf-8")
    total = sum(len(rows) for rows in year.values())
    try:
        result = publish(
            [data], PackageMetadata(published_date=DATE), PublishOptions(prefix=PREFIX, out_dir=base / "out")
        )
    except PublishError as exc:  # only "nothing usable" may stop it
        if "no release" not in str(exc):
            raise
        return
    totals = result.report.totals
    assert totals["read"] == total
    # reference rows that no process cites (a work unit without a package here) are counted apart
    assert totals["read"] == totals["used"] + totals["rejected"] + totals["duplicate"] + totals["uncited"]
    assert result.published, result.report.blocking
    releases = [json.loads(line) for line in (result.location / "releases.jsonl").read_bytes().splitlines()]
    records = json.loads((result.location / "record-package.json").read_bytes())["records"]
    assert len(records) == len({r["ocid"] for r in releases}) == result.report.figures.processes
    assert result.report.figures.releases == len(releases)
    # every release links back from exactly one record
    links = [link["url"].rpartition("#")[2] for record in records for link in record["releases"]]
    assert sorted(links) == sorted(r["id"] for r in releases)


def test_the_sample_has_rows_in_every_dataset() -> None:
    assert len(DATASETS) >= 25 and all(DATASETS.values())
    assert Path(SAMPLE).is_dir()
