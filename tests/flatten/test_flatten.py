"""The spreadsheet writer: formulas never run, Excel's limits, titles, formats, and the ``flatten`` command."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from ocds_regency.cli import main
from ocds_regency.flatten import (
    Flattener,
    FlattenError,
    _fits,
    _rows_line,
    flatten,
    format_for,
    indonesian_title,
    sub_sheet_name,
)

DANGEROUS = ['=HYPERLINK("http://x","klik")', "+62 812", "-1+2", "@SUM(A1)"]


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def _release(ocid: str, **fields: Any) -> dict[str, Any]:
    return {"ocid": ocid, "id": f"{ocid}-1", "date": "2025-01-01T00:00:00+07:00", "tag": ["tender"], **fields}


def test_text_that_looks_like_a_formula_is_text_in_xlsx(tmp_path: Path) -> None:
    releases = [_release(f"ocds-x-{n}", tender={"id": "t", "title": text}) for n, text in enumerate(DANGEROUS)]
    flatten(releases, tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx")["main"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("tender/title")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == DANGEROUS
    assert {cell.data_type for cell in cells} == {"s"}
    with zipfile.ZipFile(tmp_path / "out.xlsx") as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_a_field_name_that_looks_like_a_formula_is_text_too(tmp_path: Path) -> None:
    flatten([{"ocid": "ocds-x-1", "=cmd|' /C calc'!A0": "x"}], tmp_path / "out.xlsx")
    header = load_workbook(tmp_path / "out.xlsx")["main"][1]
    assert [(cell.value, cell.data_type) for cell in header] == [("ocid", "s"), ("=cmd|' /C calc'!A0", "s")]


def test_text_that_looks_like_a_formula_gets_a_quote_in_csv(tmp_path: Path) -> None:
    releases = [_release(f"ocds-x-{n}", tender={"id": "t", "title": text}) for n, text in enumerate(DANGEROUS)]
    flatten([*releases, _release("ocds-x-9", tender={"id": "t", "title": "Jalan 5"})], tmp_path / "csv", fmt="csv")
    header, *rows = _csv(tmp_path / "csv" / "main.csv")
    column = header.index("tender/title")
    assert [row[column] for row in rows] == ["'" + text for text in DANGEROUS] + ["Jalan 5"]


def test_a_field_name_that_looks_like_a_formula_gets_a_quote_in_csv(tmp_path: Path) -> None:
    flatten([{"ocid": "ocds-x-1", "=cmd|' /C calc'!A0": "x"}], tmp_path / "csv", fmt="csv")
    assert _csv(tmp_path / "csv" / "main.csv")[0] == ["ocid", "'=cmd|' /C calc'!A0"]


def test_markup_and_spaces_read_back_as_written(tmp_path: Path) -> None:
    texts = ['a & b <c> "d"', "  spaced ", "line\r\nbreak", "tab\there", "x\x01y & z"]
    releases = [_release(f"ocds-x-{n}", description=text) for n, text in enumerate(texts)]
    result = flatten(releases, tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx")["main"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("description")
    cells = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == [*texts[:4], "xy & z"]
    assert [note for note in result.notes if "control characters" in note] == [
        "sheet main, row 6, column description: control characters removed / karakter kontrol dihapus"
    ]


def test_markup_in_rows_written_at_once_reads_back_as_written(tmp_path: Path) -> None:
    # no text with white space at an end, a control character or a JSON escape: the block is written at once,
    # its texts escaped first
    texts = ["CV Maju & Sons <Tbk>", "Jl. A > B", "plain", "<", "1 < 2 & 3 > 2", "&amp;"]
    releases = [_release(f"ocds-x-{n}", description=text, value={"amount": n}) for n, text in enumerate(texts)]
    flatten(releases, tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx")["main"]
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[header.index("description")] for row in rows] == texts
    assert [row[header.index("value/amount")] for row in rows] == list(range(len(texts)))


def test_a_cell_past_the_limit_is_truncated_with_a_note(tmp_path: Path) -> None:
    long = "x" * 25
    with Flattener(max_cell=10) as flattener:
        flattener.add(_release("ocds-x-1", description=long))
        result = flattener.write(tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx")["main"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, header.index("description") + 1).value == "x" * 10
    assert any("description" in note and "truncated" in note for note in result.notes)


def test_control_characters_are_removed_with_a_note(tmp_path: Path) -> None:
    result = flatten([_release("ocds-x-1", description="a\x00b\x1fc\nd")], tmp_path / "out.xlsx")
    sheet = load_workbook(tmp_path / "out.xlsx")["main"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, header.index("description") + 1).value == "abc\nd"
    assert any("control characters" in note for note in result.notes)


def test_a_row_limit_below_two_is_refused() -> None:
    with pytest.raises(ValueError, match="max_rows"):
        Flattener(max_rows=1)


def test_indonesian_titles(tmp_path: Path) -> None:
    assert indonesian_title("tender/value/amount") == "Tender:Nilai:Jumlah"
    assert indonesian_title("awards/0/suppliers/0/name") == "Penetapan pemenang:Penyedia:Nama"
    assert indonesian_title("noSuchField") == "noSuchField"
    flatten([_release("ocds-x-1", tender={"id": "t", "value": {"amount": 5}})], tmp_path / "t.xlsx", titles="id")
    header = [cell.value for cell in load_workbook(tmp_path / "t.xlsx")["main"][1]]
    assert header == ["OCID", "ID", "Tanggal", "Tag rilis", "Tender:ID", "Tender:Nilai:Jumlah"]


def test_sub_sheet_names_follow_flatten_tool() -> None:
    assert sub_sheet_name("", "parties") == "parties"
    assert sub_sheet_name("contracts/0/implementation/", "transactions") == "con_imp_transactions"
    assert sub_sheet_name("planning/budget/", "budgetBreakdown") == "pla_bud_budgetBreakdown"


def test_format_from_the_name() -> None:
    assert format_for("a.xlsx") == "xlsx"
    assert format_for("a.XLSX") == "xlsx"
    assert format_for("dir") == "csv"
    assert format_for("a.zip") == "csv"
    assert format_for("a.bin", "xlsx") == "xlsx"
    with pytest.raises(FlattenError, match="--format"):
        format_for("a.ods")


def test_arrays_of_strings_join_and_arrays_of_objects_get_a_sheet(tmp_path: Path) -> None:
    release = _release(
        "ocds-x-1",
        parties=[{"id": "p1", "name": "Dinas", "roles": ["buyer", "procuringEntity"]}, None],
        awards=[{"id": "a1", "suppliers": [{"id": "s1", "name": "CV Maju"}]}],
    )
    result = flatten([release], tmp_path / "csv", fmt="csv")
    assert [sheet.name for sheet in result.sheets] == ["main", "parties", "awards", "awa_suppliers"]
    parties = _csv(tmp_path / "csv" / "parties.csv")
    assert parties == [
        ["ocid", "id", "parties/0/id", "parties/0/name", "parties/0/roles"],
        ["ocds-x-1", "ocds-x-1-1", "p1", "Dinas", "buyer;procuringEntity"],
    ]
    suppliers = _csv(tmp_path / "csv" / "awa_suppliers.csv")
    assert suppliers[0] == ["ocid", "id", "awards/0/id", "awards/0/suppliers/0/id", "awards/0/suppliers/0/name"]


def test_a_zip_of_csv_files(tmp_path: Path) -> None:
    result = flatten([_release("ocds-x-1", parties=[{"id": "p"}])], tmp_path / "out.zip")
    assert result.path == tmp_path / "out.zip"
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert archive.namelist() == ["main.csv", "parties.csv"]
        text = archive.read("parties.csv").decode("utf-8")
    assert text == "ocid,id,parties/0/id\r\nocds-x-1,ocds-x-1-1,p\r\n"


def test_the_flatten_command_compiles_then_writes(publication: Path, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "x.xlsx"
    assert main(["flatten", str(publication / "release-package.json"), "-o", str(out)]) == 0
    records = json.loads((publication / "record-package.json").read_text(encoding="utf-8"))["records"]
    sheet = load_workbook(out)["main"]
    ocids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ocids == sorted(record["ocid"] for record in records)  # one row per contracting process
    assert "releases" in capsys.readouterr().err


def test_the_flatten_command_as_is_keeps_every_release(publication: Path, tmp_path: Path) -> None:
    assert (
        main(["flatten", "--as-is", str(publication / "releases.jsonl"), "-o", str(tmp_path / "d"), "--format", "csv"])
        == 0
    )
    lines = (publication / "releases.jsonl").read_text(encoding="utf-8").splitlines()
    rows = _csv(tmp_path / "d" / "main.csv")
    assert len(rows) == len(lines) + 1
    assert gc.isenabled()  # the cycle collector, paused while flattening, runs again


def test_the_flatten_command_leaves_the_cycle_collector_as_it_found_it(publication: Path, tmp_path: Path) -> None:
    gc.disable()
    try:
        assert main(["flatten", "--as-is", str(publication / "releases.jsonl"), "-o", str(tmp_path / "e.xlsx")]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_flatten_command_reports_bad_input_and_writes_the_rest(
    publication: Path, tmp_path: Path, capsys: Any
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    out = tmp_path / "x.xlsx"
    status = main(["flatten", "--as-is", str(bad), str(publication / "releases.jsonl"), "-o", str(out)])
    assert status == 1
    err = capsys.readouterr().err
    assert "bad.json" in err and "invalid" in err.lower()
    assert load_workbook(out)["main"].max_row > 1


def test_the_flatten_command_takes_the_compiled_releases_of_a_record_package(
    publication: Path, tmp_path: Path, capsys: Any
) -> None:
    records = json.loads((publication / "record-package.json").read_text(encoding="utf-8"))
    assert (
        main(["flatten", str(publication / "record-package.json"), "-o", str(tmp_path / "a"), "--format", "csv"]) == 0
    )
    rows = _csv(tmp_path / "a" / "main.csv")
    assert [row[0] for row in rows[1:]] == [record["ocid"] for record in records["records"]]
    # a record without a compiled release is said, and the others are still written
    records["records"][1]["compiledRelease"] = None
    broken = tmp_path / "records.json"
    broken.write_text(json.dumps(records), encoding="utf-8")
    assert main(["flatten", str(broken), "-o", str(tmp_path / "b"), "--format", "csv"]) == 1
    assert "records[1].compiledRelease: not a JSON object" in capsys.readouterr().err
    assert len(_csv(tmp_path / "b" / "main.csv")) == len(rows) - 1


def test_the_same_rows_and_timestamp_give_the_same_bytes(tmp_path: Path) -> None:
    import datetime as dt
    import time

    stamp = dt.datetime(2025, 11, 4, 8, 0, tzinfo=dt.UTC)
    written = []
    for run in range(2):
        with Flattener(timestamp=stamp) as flattener:
            flattener.add(_release("ocds-x-1", parties=[{"id": "p", "name": "Dinas"}]))
            flattener.write(tmp_path / f"{run}.xlsx")
            flattener.write(tmp_path / f"{run}.zip")
        written.append(((tmp_path / f"{run}.xlsx").read_bytes(), (tmp_path / f"{run}.zip").read_bytes()))
        time.sleep(1.1)  # the clock (which openpyxl and zipfile would write) has moved on
    assert written[0] == written[1]
    properties = load_workbook(tmp_path / "0.xlsx").properties
    assert properties.created == properties.modified == stamp.replace(tzinfo=None)


def test_which_files_have_compiled_releases(publication: Path, tmp_path: Path) -> None:
    from ocds_regency.flatten import has_compiled_releases

    assert has_compiled_releases(publication / "record-package.json")
    assert not has_compiled_releases(publication / "release-package.json")
    assert not has_compiled_releases(publication / "releases.jsonl")
    without = tmp_path / "records.json"
    without.write_text(json.dumps({"uri": "u", "records": [{"ocid": "a", "releases": []}]}), encoding="utf-8")
    assert not has_compiled_releases(without)
    broken = tmp_path / "broken.json"
    broken.write_text('{"records": [{"ocid": ', encoding="utf-8")
    assert not has_compiled_releases(broken)
    assert not has_compiled_releases(tmp_path / "missing.json")


_CELL_TEXT = st.text(
    alphabet=st.sampled_from(["a", ",", '"', "\n", "\r", "=", "-", "+", "@", " ", "é", "\\", "'", "\x01"])
)
# Integers a spreadsheet number can hold (wider ones are written as their digits, as text: see
# tests/hostile/test_json_text.py).
_CELLS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _CELL_TEXT
)


def _csv_module_bytes(releases: list[dict[str, Any]]) -> bytes:
    """What the csv module writes for flat releases: columns in order of first appearance, missing cells empty,
    formula-like text with a leading quote."""
    columns: list[str] = []
    for release in releases:
        columns += [key for key in release if key not in columns]
    expected = io.StringIO(newline="")
    writer = csv.writer(expected, lineterminator="\r\n")
    table: list[list[Any]] = [list(columns), *([release.get(key) for key in columns] for release in releases)]
    for cells in table:
        writer.writerow(["'" + c if isinstance(c, str) and c.startswith(("=", "+", "-", "@")) else c for c in cells])
    return expected.getvalue().encode("utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.dictionaries(st.sampled_from(["a", "b,c", 'q"', "d", "=e"]), _CELLS, max_size=5), min_size=1, max_size=6
    ),
    spool=st.sampled_from([("csv",), ("xlsx", "csv")]),
)
def test_csv_rows_are_what_the_csv_module_writes(
    tmp_path_factory: pytest.TempPathFactory, rows: list[Any], spool: tuple[Any, ...]
) -> None:
    # The rows needing no quoting are joined without the csv module: the file must still be byte for byte the
    # module's, whether the rows were spooled as CSV text (CSV alone) or as JSON (both formats, as publish does).
    releases = [{"ocid": f"ocds-x-{n}", **fields} for n, fields in enumerate(rows)]
    directory = tmp_path_factory.mktemp("csv")
    with Flattener(formats=spool) as flattener:
        flattener.add_all(releases)
        flattener.write(directory / "out", "csv")
    assert (directory / "out" / "main.csv").read_bytes() == _csv_module_bytes(releases)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.dictionaries(st.sampled_from(["a", "b"]), _CELLS, min_size=1, max_size=2), min_size=1, max_size=300
    ),
)
def test_csv_cells_at_the_start_of_a_row_are_quoted_like_any_other(
    tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, Any]]
) -> None:
    # Without an ocid, a row's first cell is a field's: a text starting like a formula there is quoted too, a
    # negative number is not, in a batch written whole as in one written row by row.
    directory = tmp_path_factory.mktemp("csv")
    flatten(rows, directory / "out", fmt="csv")
    assert (directory / "out" / "main.csv").read_bytes() == _csv_module_bytes(rows)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    early=st.dictionaries(st.sampled_from(["a", "b,c", "d"]), _CELLS, max_size=3),
    late=st.dictionaries(st.sampled_from(["a", "e", "=f", "g"]), _CELLS, min_size=1, max_size=3),
    at=st.integers(min_value=1, max_value=700),
)
def test_csv_rows_spooled_before_a_column_appeared_are_padded(
    tmp_path_factory: pytest.TempPathFactory, early: dict[str, Any], late: dict[str, Any], at: int
) -> None:
    # Rows are spooled in batches of 256 as the sheet then was; columns first seen later make the earlier
    # batches' rows short, in plain batches and in those with quoted cells (a text with a comma or a line break).
    releases = [{"ocid": f"ocds-x-{n}", **(late if n == at else early)} for n in range(750)]
    releases[3]["d"] = "two\nlines, quoted"
    directory = tmp_path_factory.mktemp("csv")
    flatten(releases, directory / "out", fmt="csv")
    assert (directory / "out" / "main.csv").read_bytes() == _csv_module_bytes(releases)


def test_a_decimal_is_the_same_cell_from_either_spool(tmp_path: Path) -> None:
    from decimal import Decimal

    releases = [{"ocid": "ocds-x-1", "a": Decimal("1.10"), "b": Decimal("-2"), "c": -(2**70), "d": 2**70}]
    for formats in (("csv",), ("xlsx", "csv")):
        with Flattener(formats=formats) as flattener:
            flattener.add_all(releases)
            flattener.write(tmp_path / "-".join(formats), "csv")
    assert (tmp_path / "csv" / "main.csv").read_bytes() == (tmp_path / "xlsx-csv" / "main.csv").read_bytes()
    assert _csv(tmp_path / "csv" / "main.csv")[1] == ["ocds-x-1", "1.1", "-2", "'" + str(-(2**70)), str(2**70)]


def test_a_flattener_writes_only_the_formats_it_was_made_for(tmp_path: Path) -> None:
    with Flattener(formats=("csv",)) as flattener:
        flattener.add(_release("ocds-x-1"))
        with pytest.raises(FlattenError, match="made for csv, not xlsx"):
            flattener.write(tmp_path / "out.xlsx")
        with pytest.raises(ValueError, match="kept"):
            flattener.add_and_keep(_release("ocds-x-2"))
        flattener.write(tmp_path / "out.zip")  # a zip of CSV files is CSV
    with pytest.raises(ValueError, match="formats"):
        Flattener(formats=("ods",))  # type: ignore[arg-type]


def test_a_row_longer_than_a_spool_block_is_written_whole(tmp_path: Path) -> None:
    # rows are read back from the spool a block (256 KB) at a time: a longer row spans blocks
    texts = {key: f"{key} " + "kata " * 20_000 for key in ("title", "description", "procurementMethodRationale")}
    releases = [_release("ocds-x-1", tender={"id": "t", **texts}), _release("ocds-x-2", tender={"id": "u"})]
    flatten(releases, tmp_path / "csv", fmt="csv")
    header, *rows = _csv(tmp_path / "csv" / "main.csv")
    assert [row[header.index("tender/id")] for row in rows] == ["t", "u"]
    assert [rows[0][header.index(f"tender/{key}")] for key in texts] == list(texts.values())


def test_ids_that_are_null_or_not_texts_are_cells_too(tmp_path: Path) -> None:
    # an object's id is handed down to the rows of its arrays: null is an empty cell, an array or object its text
    releases = [
        {"ocid": "ocds-x-1", "id": None, "awards": [{"id": "a1"}]},
        {"ocid": "ocds-x-2", "id": [1, 2], "awards": [{"id": "a2", "items": [{"id": "i"}]}]},
        {"ocid": "ocds-x-3", "id": {"x": "<y>"}, "awards": [{"id": "a3"}]},
    ]
    flatten(releases, tmp_path / "out.xlsx")
    book = load_workbook(tmp_path / "out.xlsx")
    assert [list(row) for row in book["awards"].iter_rows(values_only=True)] == [
        ["ocid", "id", "awards/0/id"],
        ["ocds-x-1", None, "a1"],
        ["ocds-x-2", "[1, 2]", "a2"],
        ["ocds-x-3", "{'x': '<y>'}", "a3"],
    ]
    assert [list(row) for row in book["awa_items"].iter_rows(values_only=True)][1] == ["ocds-x-2", "[1, 2]", "a2", "i"]


def test_ids_that_are_numbers_stay_numbers_in_the_rows_of_their_arrays(tmp_path: Path) -> None:
    # the ids handed down to an array's rows are looked at once per array: a number among texts is still a
    # number cell, in the sub-sheet as in the sheet it comes from, and later arrays of texts stay texts
    releases = [
        {"ocid": "ocds-x-1", "id": "r1", "awards": [{"id": 7, "items": [{"id": "i1"}, {"id": "i2"}]}]},
        {"ocid": "ocds-x-2", "id": "r2", "awards": [{"id": "a", "items": [{"id": "i3"}]}]},
        {"ocid": 5, "id": -1.5, "awards": [{"id": "b"}]},
    ]
    flatten(releases, tmp_path / "out.xlsx")
    book = load_workbook(tmp_path / "out.xlsx")
    assert [list(row) for row in book["awa_items"].iter_rows(values_only=True)] == [
        ["ocid", "id", "awards/0/id", "awards/0/items/0/id"],
        ["ocds-x-1", "r1", 7, "i1"],
        ["ocds-x-1", "r1", 7, "i2"],
        ["ocds-x-2", "r2", "a", "i3"],
    ]
    assert [list(row) for row in book["awards"].iter_rows(values_only=True)][1:] == [
        ["ocds-x-1", "r1", 7],
        ["ocds-x-2", "r2", "a"],
        [5, -1.5, "b"],
    ]
    flatten(releases, tmp_path / "csv", fmt="csv")
    assert _csv(tmp_path / "csv" / "awards.csv")[1:] == [
        ["ocds-x-1", "r1", "7"],
        ["ocds-x-2", "r2", "a"],
        ["5", "-1.5", "b"],
    ]


def _written(
    releases: list[dict[str, Any]], before: list[dict[str, Any]] | None, directory: Path
) -> tuple[dict[str, bytes], int]:
    """The XLSX and CSV zip of ``releases``; with ``before``, a first flattener adds those releases (as a
    previous publication did) and keeps their rows, which the second adds where the same release comes
    again (or flattens it when its sheets and columns so far differ). Also how many rows entries were used."""
    entries: dict[bytes, bytes] = {}
    lists: dict[str, list[str]] = {}
    if before is not None:
        with Flattener() as first:
            for release in before:
                entries[orjson.dumps(release)], used_lists = first.add_and_keep(release)
                lists.update(used_lists)
    used = 0
    with Flattener(timestamp=dt.datetime(2025, 11, 4, 8, 0, tzinfo=dt.UTC)) as flattener:
        for release in releases:
            entry = entries.get(orjson.dumps(release))
            if entry is not None and flattener.add_kept(entry, lists.get):
                used += 1
            else:
                flattener.add(release)
        flattener.write(directory / "out.xlsx")
        flattener.write(directory / "out.zip")
        notes = "\n".join(flattener.skipped).encode()
    files = {"xlsx": (directory / "out.xlsx").read_bytes(), "zip": (directory / "out.zip").read_bytes()}
    return {**files, "notes": notes}, used


_FIELDS = st.sampled_from(["value", "items", "x", "title", "status"])
# OCDS-shaped objects: fields are scalars, objects, arrays of scalars or arrays of objects; ids are text.
_OBJECTS = st.recursive(
    st.fixed_dictionaries({}, optional={"id": st.sampled_from(["1", "2", "a"])}),
    lambda children: st.builds(
        lambda base, more: {**base, **more},
        children,
        st.dictionaries(_FIELDS, _CELLS | children | st.lists(children, max_size=3) | st.lists(_CELLS, max_size=3)),
    ),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.lists(
        st.dictionaries(
            st.sampled_from(["awards", "tender", "tag", "x", "parties"]),
            _CELLS | _OBJECTS | st.lists(_OBJECTS, max_size=3) | st.lists(_CELLS, max_size=3),
            max_size=4,
        ),
        min_size=1,
        max_size=5,
    ),
    data=st.data(),
)
def test_rows_added_from_their_entries_write_the_same_files(
    tmp_path_factory: pytest.TempPathFactory, fields: list[dict[str, Any]], data: st.DataObject
) -> None:
    releases = [{"ocid": f"ocds-x-{n}", **values} for n, values in enumerate(fields)]
    # the previous publication: some of these releases, some others, in another order
    kept = data.draw(st.lists(st.booleans(), min_size=len(releases), max_size=len(releases)))
    before = [release for release, keep in zip(releases, kept, strict=True) if keep]
    before = [*data.draw(st.permutations(before)), {"ocid": "ocds-x-gone", "x": {"y": 1}}]
    directory = tmp_path_factory.mktemp("flat")
    (directory / "a").mkdir()
    (directory / "b").mkdir()
    assert _written(releases, before, directory / "a")[0] == _written(releases, None, directory / "b")[0]


def test_the_sample_from_its_entries_writes_the_same_files(compiled: list[dict[str, Any]], tmp_path: Path) -> None:
    for name in ("same", "changed", "plain"):
        (tmp_path / name).mkdir()
    plain, _ = _written(compiled, None, tmp_path / "plain")
    same, used = _written(compiled, compiled, tmp_path / "same")
    assert same == plain
    assert used > len(compiled) // 2  # only the releases that made new columns were flattened again
    changed = [dict(release) for release in compiled]
    changed[1]["tender"] = {**changed[1].get("tender", {}), "newField": "x"}  # a new column, early
    assert _written(compiled, changed, tmp_path / "changed")[0] == plain


def test_rows_kept_for_the_same_columns_are_copied_not_placed(compiled: list[dict[str, Any]], tmp_path: Path) -> None:
    # a re-publication: every release comes again, in the same order, so every sheet has the columns each entry
    # was made with: its spooled rows and CSV text are copied as they are (no row waits to be spooled again)
    with Flattener() as first:
        entries = [first.add_and_keep(release)[0] for release in compiled]
    copied = 0
    with Flattener() as again, Flattener() as plain:
        for release, entry in zip(compiled, entries, strict=True):
            if again.add_kept(entry, {}.get):  # (not before the sheets and columns are made: walked then)
                copied += 1
                assert not again._sheets["main"].pending
            else:
                again.add(release)
            plain.add(release)
        for flattener, name in ((again, "again"), (plain, "plain")):
            flattener.write(tmp_path / name / "out.xlsx")
            flattener.write(tmp_path / name / "out.zip")
    assert copied > len(compiled) // 2
    for name in ("out.xlsx", "out.zip"):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes()


def test_an_entry_of_the_earlier_format_is_refused() -> None:
    # the first format kept the rows' cells only (no spooled text): such an entry is made again
    earlier = orjson.dumps([[], ["main"], [["main", "d", 1, [["ocds-x-1"]], []]]])
    with Flattener() as flattener, pytest.raises(ValueError, match="entry"):
        flattener.add_kept(earlier, {}.get)


def test_rows_kept_for_other_columns_are_not_added() -> None:
    with Flattener() as first:
        entry, lists = first.add_and_keep({"ocid": "ocds-x-1", "b": 1, "a": 2})
    with Flattener() as second:
        second.add({"ocid": "ocds-x-0", "a": 1})  # column "a" before "b": the entry's columns differ
        assert not second.add_kept(entry, lists.get)
        assert second.releases == 1
    with Flattener() as third:
        assert not third.add_kept(entry, lists.get)  # its columns are not there yet: the release is flattened
        third.add({"ocid": "ocds-x-2", "b": 3, "a": None})
        assert third.add_kept(entry, {}.get)  # the same columns, in the same order: no list needed
        assert third.releases == 2
        with pytest.raises(ValueError, match="entry"):
            third.add_kept(b"[not json", lists.get)
    with Flattener() as fourth:
        fourth.add({"ocid": "ocds-x-3", "a": 1, "b": 2, "c": 3})  # the columns in other places
        assert not fourth.add_kept(entry, {}.get)  # placed by name: the list is needed
        assert fourth.add_kept(entry, lists.get)
        assert fourth.releases == 2


def _many(changed: frozenset[int] = frozenset()) -> list[dict[str, Any]]:
    """Releases enough for several spool blocks, some of whose texts make the XLSX writer look at rows one by one
    (markup, a space after a quote), one with more items than a spool batch, and a new field now and then."""
    releases = []
    for n in range(1_200):
        title = (
            f"Paket {n} "
            + " ".join(["pekerjaan jalan"] * 40)
            + ("A & B" if n == 300 else "")
            + ('" x' if n == 600 else "")
        )
        items = [{"id": str(k), "quantity": k} for k in range(300 if n == 500 else n % 3)]
        tender: dict[str, Any] = {"id": "t", "title": title, "items": items, "value": {"amount": n}}
        if n % 250 == 7:
            tender[f"extra{n}"] = "baru"
        if n in changed:
            tender["title"] += " (diubah)"
        releases.append(_release(f"ocds-x-{n}", tender=tender, awards=[{"id": "a", "value": {"amount": n * 1.5}}]))
    return releases


def test_a_republication_from_kept_rows_writes_the_bytes_a_full_one_does(tmp_path: Path) -> None:
    # Both keep every release's rows (a publication with a store): the full one flattens each release, the other
    # copies the rows kept by an earlier publication where it can. Beyond one spool block, the XLSX writer's
    # choices depend on how the rows were spooled: both spool a release's rows as one batch.
    with Flattener() as earlier:
        entries = {orjson.dumps(r): earlier.add_and_keep(r) for r in _many()}
    lists = {digest: columns for _, used in entries.values() for digest, columns in used.items()}
    releases = _many(changed=frozenset({3, 400, 401, 777}))
    stamp = dt.datetime(2025, 11, 4, 8, 0, tzinfo=dt.UTC)
    copied = 0
    for name in ("full", "kept"):
        with Flattener(timestamp=stamp) as flattener:
            for release in releases:
                kept = entries.get(orjson.dumps(release)) if name == "kept" else None
                if kept is not None and flattener.add_kept(kept[0], lists.get):
                    copied += 1
                else:
                    flattener.add_and_keep(release)
            flattener.write(tmp_path / name / "out.xlsx")
            flattener.write(tmp_path / name / "out.zip")
    assert copied > 1_000
    with zipfile.ZipFile(tmp_path / "kept" / "out.xlsx") as book:  # the main sheet spans several spool blocks
        assert book.getinfo("xl/worksheets/sheet1.xml").file_size > 1 << 20
    for name in ("out.xlsx", "out.zip"):
        assert (tmp_path / "kept" / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name


def test_arrays_of_scalars_are_joined_as_flatten_tool_joins_them(tmp_path: Path) -> None:
    # texts with ";", other scalars by Python's str() (flatten-tool's), arrays of scalars' arrays with "," inside
    release = {
        "ocid": "ocds-x-1",
        "texts": ["a", "b"],
        "none": [],
        "mixed": ["x", 1, 2.5, True],
        "nested": [[1, 2], ["y"]],
    }
    flatten([release], tmp_path / "csv", fmt="csv")
    header, row = _csv(tmp_path / "csv" / "main.csv")
    assert dict(zip(header, row, strict=True)) == {
        "ocid": "ocds-x-1",
        "texts": "a;b",
        "none": "",
        "mixed": "x;1;2.5;True",
        "nested": "1,2;y",
    }


_CELL = st.one_of(st.text(max_size=30), st.integers(-(10**12), 10**12), st.booleans(), st.just(""))


_BATCHES = st.lists(st.lists(st.lists(_CELL, max_size=5), min_size=1, max_size=4), min_size=1, max_size=6)


@given(_BATCHES, st.integers(2, 300))
def test_a_spooled_block_whose_lines_fit_has_rows_that_fit(batches: list[list[list[Any]]], limit: int) -> None:
    # The XLSX writer takes a block at once when _fits says so, without serialising its rows one by one to see
    # whether one is longer than a cell may be: that must imply it.
    block = b"".join(_rows_line(batch) for batch in batches)
    lines = [orjson.dumps(row) for batch in batches for row in batch]
    assert _fits(block, limit) == all(len(_rows_line(batch)) - 1 <= limit for batch in batches)
    if _fits(block, limit):
        assert max(map(len, lines)) <= limit
