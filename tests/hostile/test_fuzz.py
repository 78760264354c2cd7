"""Fuzzing the readers and the conversion: whatever the bytes or values, no crash and every row accounted.

A fixed, small budget (``max_examples``) keeps the whole module well under a minute, so it runs in CI.
"""

from __future__ import annotations

import contextlib
import json
import os
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency.cli import main
from ocds_regency.errors import OcdsRegencyError
from ocds_regency.isb.datasets import DATASETS
from ocds_regency.mapping import SourceRow, convert
from ocds_regency.read import read_isb
from ocds_regency.read.releases import ReleaseReader
from tests.hostile.conftest import PREFIX

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

#: Values of every type a reader can hand on, including the hostile ones.
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**64, -(2**64), 10**300, 2**63 - 1, 0]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.text(max_size=30),
    st.sampled_from(["9" * 5000, "1.000", "\x00\x1b[31m\x07", "javascript:alert(1)", "  ", "null", "2025-13-45"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _fields(name: str) -> list[str]:
    return list(DATASETS[name].model.field_kinds())


@st.composite
def source_rows(draw: st.DrawFn) -> list[SourceRow]:
    rows = []
    for index in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(sorted(DATASETS)))
        fields = _fields(name)
        data: dict[str, Any] = {field: draw(VALUES) for field in draw(st.lists(st.sampled_from(fields), max_size=12))}
        for key in DATASETS[name].keys:  # mostly usable keys, so the mapping is reached
            data.setdefault(key, draw(st.one_of(st.integers(1, 10**12), VALUES)))
        rows.append(SourceRow(name, data, "fuzz.json", f"item {index + 1}"))
    return rows


@FUZZ
@given(rows=source_rows())
def test_any_value_in_any_field_of_any_dataset(rows: list[SourceRow]) -> None:
    conversion = convert(rows, prefix=PREFIX)
    releases = list(conversion)
    report = conversion.report
    assert report.balanced
    assert report.totals.read == len(rows)
    json.dumps(report.as_dict(), default=str)  # the report can be written
    assert all(isinstance(r["id"], str) for r in releases)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1"]


@FUZZ
@given(
    data=st.binary(max_size=300)
    | st.builds(
        lambda depth, text, encoding: (("[" * depth) + text + ("]" * depth)).encode(encoding, "replace"),
        st.integers(0, 200),
        st.text(max_size=40),
        st.sampled_from(ENCODINGS),
    ),
    suffix=st.sampled_from([".json", ".jsonl", ".csv", ".xlsx", ".tsv"]),
)
def test_random_bytes_never_crash_the_readers(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"SPSE-TenderPengumuman{suffix}"
    path.write_bytes(data)
    try:
        rows = list(read_isb(path, unknown="report"))
    except OcdsRegencyError:
        rows = []
    assert all(row.error or row.record is not None for row in rows)
    with contextlib.suppress(OcdsRegencyError):
        list(ReleaseReader(path))


@FUZZ
@given(
    rows=st.lists(
        st.dictionaries(st.sampled_from(_fields("SPSE-TenderPengumuman")), VALUES, min_size=1, max_size=8),
        min_size=1,
        max_size=4,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le"]),
)
def test_the_cli_exits_0_1_or_2_and_accounts_for_every_row(
    tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, Any]], encoding: str
) -> None:
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "SPSE-TenderPengumuman.json"
    text = json.dumps(rows, default=lambda v: str(v) if isinstance(v, Decimal) else None)
    path.write_bytes(text.encode(encoding))
    report = folder / "report.json"
    status = main(["convert", str(path), "--prefix", PREFIX, "-o", str(folder / "out.jsonl"), "--report", str(report)])
    assert status in (0, 1, 2)
    if status == 0:
        accounting = json.loads(report.read_bytes())
        assert accounting["balanced"] and accounting["totals"]["read"] == len(rows)


#: The commands that read OCDS files, with the arguments that make them read one (the file is appended).
OCDS_COMMANDS = [
    ["compile"],
    ["compile", "--versioned"],
    ["validate", "--format", "json"],
    ["flags"],
    ["combine-release-packages"],
    ["detect-format"],
    ["upgrade", "1.0:1.1"],
]


@FUZZ
@given(
    data=st.binary(max_size=300)
    | st.lists(
        st.dictionaries(
            st.sampled_from(["ocid", "id", "date", "tag", "releases", "records", "x", "x"]),
            VALUES | st.just(f"{PREFIX}-1"),
            max_size=5,
        ),
        max_size=3,
    ).map(lambda items: "\n".join(json.dumps(item, default=str) for item in items).encode()),
    command=st.sampled_from(OCDS_COMMANDS),
)
def test_random_ocds_input_exits_0_1_or_2_in_every_command(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], data: bytes, command: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("ocds")
    path = folder / "input.json"
    path.write_bytes(data)
    status = main([*command, str(path), "-o", str(folder / "out.json")])
    err = capsys.readouterr().err
    assert status in (0, 1, 2), err
    assert "Traceback" not in err and "internal error" not in err
    assert not [p.name for p in folder.iterdir() if p.name not in ("input.json", "out.json")]  # no temporary file


@FUZZ
@given(
    depth=st.integers(0, 5000),
    opening=st.sampled_from(["[", '{"a":', '[{"a":']),
    suffix=st.sampled_from([".json", ".jsonl"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-32-le"]),
)
def test_memory_stays_bounded_on_random_nesting(
    tmp_path_factory: pytest.TempPathFactory, depth: int, opening: str, suffix: str, encoding: str
) -> None:
    import tracemalloc

    path = tmp_path_factory.mktemp("deep") / f"SPSE-TenderPengumuman{suffix}"
    path.write_bytes((opening * depth + "1").encode(encoding))
    tracemalloc.start()
    try:
        with contextlib.suppress(OcdsRegencyError):
            list(read_isb(path, unknown="report"))
        with contextlib.suppress(OcdsRegencyError):
            list(ReleaseReader(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20  # 80 KB of `[` once cost 4 GB
