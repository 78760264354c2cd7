"""Differential tests against flatten-tool: same columns as its ``flatten``, same data back from its ``unflatten``."""

from __future__ import annotations

import csv
import json
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency.flatten import Flattener, flatten

flattentool = pytest.importorskip("flattentool")

RELEASE_SCHEMA = Path(str(resources.files("ocds_regency.schemas").joinpath("ocds", "1.1", "release-schema.json")))


def _flatten_tool_csv(source: Path, out: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        flattentool.flatten(
            str(source), output_name=str(out), output_format="csv", root_list_path="releases", root_id="ocid"
        )


def _sheets(directory: Path) -> dict[str, list[list[str]]]:
    sheets = {}
    for path in sorted(directory.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            sheets[path.stem] = list(csv.reader(stream))
    return sheets


def _unflatten(workbook: Path, out: Path) -> list[dict[str, Any]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        flattentool.unflatten(
            str(workbook),
            input_format="xlsx",
            output_name=str(out),
            root_list_path="releases",
            root_id="ocid",
            schema=str(RELEASE_SCHEMA),
        )
    releases: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["releases"]
    return releases


def _numbers(value: Any) -> Any:
    """Integral floats as integers: a spreadsheet cell doesn't tell 5 from 5.0."""
    if isinstance(value, dict):
        return {key: _numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def test_same_sheets_columns_and_cells_as_flatten_tool(compiled_package: Path, tmp_path: Path) -> None:
    _flatten_tool_csv(compiled_package, tmp_path / "theirs")
    releases = json.loads(compiled_package.read_text(encoding="utf-8"))["releases"]
    flatten(releases, tmp_path / "ours", fmt="csv")
    theirs, ours = _sheets(tmp_path / "theirs"), _sheets(tmp_path / "ours")
    assert list(ours) == list(theirs)
    assert len(theirs) > 10  # the sample has parties, awards, contracts, items, transactions...
    for name, rows in theirs.items():
        assert ours[name][0] == rows[0], name  # the columns, in the same order
        assert ours[name] == rows, name  # and the same cells


def test_unflatten_of_our_workbook_gives_back_the_releases(compiled: list[dict[str, Any]], tmp_path: Path) -> None:
    result = flatten(compiled, tmp_path / "publikasi.xlsx")
    assert result.releases == len(compiled)
    back = _unflatten(tmp_path / "publikasi.xlsx", tmp_path / "back.json")
    assert _numbers(back) == _numbers(compiled)


def test_a_sheet_split_at_the_row_limit_reads_back_whole(compiled: list[dict[str, Any]], tmp_path: Path) -> None:
    releases = compiled[:7]
    with Flattener(max_rows=4) as flattener:  # 3 data rows per sheet
        flattener.add_all(releases)
        result = flattener.write(tmp_path / "small.xlsx")
    names = [sheet.name for sheet in result.sheets]
    assert names[:3] == ["main", "main_2", "main_3"]
    assert [sheet.rows for sheet in result.sheets[:3]] == [3, 3, 1]
    assert any("main_2" in note for note in result.notes)
    back = _unflatten(tmp_path / "small.xlsx", tmp_path / "back.json")
    assert _numbers(back) == _numbers(releases)


_keys = st.sampled_from(["id", "ocid", "title", "value", "amount", "items", "parties", "tag", "a", "b"])
_scalars = st.one_of(st.text(max_size=5), st.integers(-10, 10), st.booleans(), st.none())


def _objects(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    children: st.SearchStrategy[Any] = _scalars | st.lists(st.text(max_size=3), max_size=2)
    if depth:
        inner = _objects(depth - 1)
        children = children | inner | st.lists(inner, min_size=1, max_size=2)
    return st.dictionaries(_keys, children, max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_objects(2), min_size=1, max_size=3))
def test_columns_equal_flatten_tool_on_any_data(tmp_path_factory: pytest.TempPathFactory, data: list[Any]) -> None:
    directory = tmp_path_factory.mktemp("property")
    source = directory / "in.json"
    source.write_text(json.dumps({"releases": data}), encoding="utf-8")
    _flatten_tool_csv(source, directory / "theirs")
    flatten(data, directory / "ours", fmt="csv")
    theirs, ours = _sheets(directory / "theirs"), _sheets(directory / "ours")
    assert {name: rows[0] if rows else [] for name, rows in ours.items()} == {
        name: rows[0] if rows else [] for name, rows in theirs.items()
    }
