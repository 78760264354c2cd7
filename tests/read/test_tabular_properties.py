"""Property tests: CSV cells survive the round trip whatever their content, delimiter or encoding."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ocds_regency.read import read_tables
from ocds_regency.read.tabular import _UTF8_LIKELY


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"), max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=6),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_csv_round_trip(rows: list[list[str]], delimiter: str, encoding: str) -> None:
    header = ["kolom satu", "kolom_dua", "Kolom Tiga"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_ALL)
            writer.writerow(header)
            writer.writerows(rows)
        (table,) = read_tables(path)
        try:
            assert table.fieldnames == header
            got = [row.data for row in table.rows]
        finally:
            table.close()
    expected = [dict(zip(header, row, strict=True)) for row in rows if any(cell.strip() for cell in row)]
    assert got == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçÉ€‘’“” ,;", max_size=15), min_size=1, max_size=5))
def test_cp1252_csv_reads_as_written(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "legacy.csv"
        with path.open("w", encoding="cp1252", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["kd_tender", "nama_paket"])
            writer.writerows([[str(i), name] for i, name in enumerate(names)])
        # Two cases can't be told from UTF-8 and are read as UTF-8 by design: a whole file that is also valid
        # UTF-8 ("É‘" is C9 91, the UTF-8 of "ɑ"), and lines whose cp1252 bytes form genuine-looking UTF-8
        # ("é‘’" is E9 91 92). Everything else must come back as written.
        data = path.read_bytes()
        assume(data.isascii() or not _is_utf8(data))
        assume(not any(_is_utf8(line) and _UTF8_LIKELY.search(line) for line in data.splitlines()))
        (table,) = read_tables(path)
        try:
            got = [row.data for row in table.rows]
        finally:
            table.close()
    assert got == [{"kd_tender": str(i), "nama_paket": name} for i, name in enumerate(names)]


def test_a_backslash_before_a_doubled_quote_is_not_a_backslash_escape(tmp_path: Path) -> None:
    # found by test_csv_round_trip: the csv module writes the cell \" as "\""" (a backslash, a doubled quote)
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(["a", "b", "c"])
        writer.writerow(["", "", '\\"'])
    (table,) = read_tables(path)
    try:
        assert [row.data for row in table.rows] == [{"a": "", "b": "", "c": '\\"'}]
    finally:
        table.close()
