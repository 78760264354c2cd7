"""One JSON codec (``ocds_regency.codec``) under the file writers, the readers and the models."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from ocds_regency import codec
from ocds_regency.errors import InputError, OcdsRegencyError, SchemaError
from ocds_regency.merge.rules import rules_from_schema
from ocds_regency.models import Release
from ocds_regency.standard import read_schema
from ocds_regency.write import JsonLinesWriter, PackageWriter, dumps


def test_the_writers_serialise_through_the_codec() -> None:
    value = {"ocid": "ocds-abc123-1", "big": 2**70, "amount": Decimal("1.10"), "tags": ("a", "b")}
    lines = io.BytesIO()
    with JsonLinesWriter(lines) as writer:
        writer.write(value)
    assert lines.getvalue() == codec.dumps(value) + b"\n"
    package = io.BytesIO()
    with PackageWriter(package, "releases", {"uri": "x"}) as writer:
        writer.write(value)
    assert json.loads(package.getvalue())["releases"][0]["big"] == 2**70
    assert codec.dumps(value) in package.getvalue()
    assert dumps is codec.dumps


def test_exact_decoding_keeps_every_number_as_written() -> None:
    text = b'{"a": 1.10, "b": -1.1079270422433236e+16, "c": 3}'
    value = codec.loads_exact(text)
    assert value["a"] == Decimal("1.10") and value["c"] == 3
    assert codec.dumps(value) == b'{"a":1.10,"b":-11079270422433236.0,"c":3}'
    release = (
        b'{"ocid": "ocds-abc123-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],'
        b' "initiationType": "tender", "tender": {"id": "t", "value": {"amount": 10.50, "currency": "IDR"}}}'
    )
    assert b'"amount":10.50' in Release.from_json(release).to_json()  # the models decode with the codec
    with pytest.raises(InputError, match=r"x\.json: NaN is not a JSON number"):
        codec.loads_exact(b'{"a": NaN}', source="x.json")
    with pytest.raises(InputError, match="line 2 column 1"):
        codec.loads_exact(b'{"a":\n}', source="x.json")
    with pytest.raises(InputError):
        codec.loads_exact(b"[" * 10_000 + b"]" * 10_000)  # the readers' nesting limit


def test_one_schema_reader_for_the_merge_rules_and_the_cli(tmp_path: Path) -> None:
    bad = tmp_path / "schema.json"
    bad.write_text("{not json")
    for path in (bad, tmp_path / "missing.json", "https://example.org/release-schema.json"):
        with pytest.raises(SchemaError) as from_reader:
            read_schema(path)
        with pytest.raises(SchemaError) as from_rules:
            rules_from_schema(path)
        assert str(from_rules.value) == str(from_reader.value)
        assert str(path) in str(from_reader.value)


def test_the_dask_reader_is_the_ocds_reader(tmp_path: Path) -> None:
    from ocds_regency.dask import _read_lines

    path = tmp_path / "releases.jsonl"
    path.write_bytes(b'{"ocid": "ocds-abc123-1", "id": "1"}\n\n{"ocid": "ocds-abc123-2", "id": "2"}\n')
    rows = _read_lines([(0, str(path))])
    assert [(ocid, place) for ocid, place, _ in rows] == [("ocds-abc123-1", (0, 0)), ("ocds-abc123-2", (0, 1))]
    path.write_bytes(b'{"ocid": "ocds-abc123-1", "id": "1"}\n{"ocid": \n')
    with pytest.raises(InputError, match="line 2"):
        _read_lines([(0, str(path))])
    path.write_bytes(b'{"ocid": "ocds-abc123-1", "id": "1"}\n{"id": "2"}\n')
    with pytest.raises(OcdsRegencyError, match=f"{path}, line 2: not a release with an ocid"):
        _read_lines([(0, str(path))])
