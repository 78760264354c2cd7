"""flags.csv: one record per flag, the columns in their order, the buyer and title of the one process concerned."""

from __future__ import annotations

import csv
import io

from ocds_regency.flags.model import Flag, FlagsReport, ProcessInfo


def _report() -> FlagsReport:
    one = "ocds-zz9999-1"
    flags = [
        Flag("R058", "OCID", one, 1.0, {"tender.title": 'a "quoted", text\nover two lines'}, (one,)),
        Flag("R024", "Buyer", "SATKER-2", 0.5, {"ratio": 0.5}, ("ocds-zz9999-2", "ocds-zz9999-3")),
        Flag("ID-SPLIT", "Tenderer", "ID-DJP-1", 3.0, {}, ("ocds-zz9999-9",)),
    ]
    info = {one: ProcessInfo("SATKER-1", "Dinas, Kesehatan", None, None, "https://lpse.contoh.go.id/x?a=1")}
    return FlagsReport("default", 3, flags, {}, {}, info)


def test_each_flag_is_one_record_with_the_columns_in_order() -> None:
    rows = list(csv.reader(io.StringIO(_report().to_csv())))
    assert rows[0] == ["code", "group", "id", "value", "buyer_id", "buyer_name", "title", "link", "ocids", "evidence"]
    assert rows[1] == [
        "R058", "OCID", "ocds-zz9999-1", "1.0", "SATKER-1", "Dinas, Kesehatan", "",
        "https://lpse.contoh.go.id/x?a=1", "ocds-zz9999-1", '{"tender.title":"a \\"quoted\\", text\\nover two lines"}',
    ]  # fmt: skip
    # a buyer's flag over several processes: the buyer is the flag's (no title); ocids joined by ";"
    assert rows[2] == [
        "R024", "Buyer", "SATKER-2", "0.5", "SATKER-2", "", "", "", "ocds-zz9999-2;ocds-zz9999-3", '{"ratio":0.5}',
    ]  # fmt: skip
    # one process the report has no info of: its columns are empty
    assert rows[3] == ["ID-SPLIT", "Tenderer", "ID-DJP-1", "3.0", "", "", "", "", "ocds-zz9999-9", "{}"]
    assert len(rows) == 4
