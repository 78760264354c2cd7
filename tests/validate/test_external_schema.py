"""``validate --schema``: any JSON against a third party's JSON Schema, with jsonschema-rs or jsonschema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.cli import main
from ocds_regency.errors import InputError, SchemaError
from ocds_regency.validate.external import engine_for, validate_with_schema

DRAFT3 = {
    "$schema": "http://json-schema.org/draft-03/schema#",
    "type": "object",
    "properties": {"kd_rup": {"type": "integer", "required": True}, "nama": {"type": "string"}},
}
DRAFT7 = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["kd_rup"],
        "properties": {
            "kd_rup": {"type": "integer", "minimum": 1},
            "nama": {"type": "string", "maxLength": 5},
            "tgl": {"type": "string", "format": "date"},
            "sumber": {"enum": ["APBD", "APBN"]},
        },
        "additionalProperties": False,
    },
}


def _paths(report: Any) -> list[str]:
    return sorted(finding.path for finding in report.findings)


def test_draft_3_goes_to_jsonschema() -> None:
    assert engine_for(DRAFT3) == "python"
    assert engine_for(DRAFT7) == "rs"
    assert engine_for(DRAFT7, "python") == "python"
    report = validate_with_schema({"nama": 5}, DRAFT3)
    assert not report.ok
    assert _paths(report) == ["/kd_rup", "/nama"]
    assert {finding.params["engine"] for finding in report.findings} == {"python"}
    with pytest.raises(SchemaError, match="does not implement"):
        validate_with_schema({}, DRAFT3, engine="rs")


_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.text(max_size=7),
    st.sampled_from(["APBD", "2025-01-31", "2025-13-01"]),
)
_items = st.dictionaries(st.sampled_from(["kd_rup", "nama", "tgl", "sumber", "lain"]), _values, max_size=4)


@settings(max_examples=60, deadline=None)
@given(st.lists(_items, max_size=4))
def test_both_engines_find_the_same_places(data: list[dict[str, Any]]) -> None:
    rs = validate_with_schema(data, DRAFT7, engine="rs")
    python = validate_with_schema(data, DRAFT7, engine="python")
    assert _paths(rs) == _paths(python)
    assert rs.ok == python.ok == (not _paths(rs))


def test_no_download() -> None:
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "$ref": "https://example.com/other.json"}
    for engine in ("rs", "python"):
        with pytest.raises(SchemaError, match="download"):
            validate_with_schema({}, schema, engine=engine)  # type: ignore[arg-type]


def test_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = tmp_path / "paket.schema.json"
    schema.write_text(json.dumps(DRAFT7), encoding="utf-8")
    good, bad, broken = tmp_path / "good.json", tmp_path / "bad.json", tmp_path / "broken.json"
    good.write_text('[{"kd_rup": 1, "tgl": "2025-01-31"}]', encoding="utf-8")
    bad.write_text('[{"kd_rup": 0}, {"nama": "Dinas Pendidikan"}]', encoding="utf-8")
    broken.write_text("[{", encoding="utf-8")
    assert main(["validate", "--schema", str(schema), str(good)]) == 0
    assert main(["validate", "--schema", str(schema), "--engine", "python", "--lang", "id", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "Melanggar skema" in out and "/0/kd_rup" in out and "/1/nama" in out
    assert main(["validate", "--schema", str(schema), str(broken)]) == 2
    assert "broken.json" in capsys.readouterr().err


def test_each_item_of_an_isb_file_against_its_row_schema(tmp_path: Path) -> None:
    row = DRAFT7["items"]
    rows = [{"kd_rup": 1}, {"kd_rup": "x"}, {"nama": "a"}]
    for engine in ("rs", "python"):
        report = validate_with_schema(rows, {"$schema": DRAFT7["$schema"], **row}, each=True, engine=engine)  # type: ignore[arg-type]
        assert _paths(report) == ["/1/kd_rup", "/2"]
    with pytest.raises(InputError, match="not a JSON array"):
        validate_with_schema({"kd_rup": 1}, row, each=True)
    schema = tmp_path / "row.json"
    schema.write_text(json.dumps(row), encoding="utf-8")
    data = tmp_path / "RUP.json"
    data.write_text(json.dumps(rows[:1]), encoding="utf-8")
    assert main(["validate", "--schema", str(schema), "--each", str(data)]) == 0
