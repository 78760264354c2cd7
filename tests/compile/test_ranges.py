"""Merging a large file of JSON Lines grouped by ocid in ranges read by the workers (``Compiler._ranges``).

The limits are patched small so that small files go through the range path: every output, error and warning
must be the same as the single-process path's, ranges must hold whole groups, and anything unusual in the
file (a line that is not a release with its ocid first, an ocid out of order) must hand the rest of the file
to the ordinary path without losing or repeating anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency.compile import Compiler, Output, engine, pool
from ocds_regency.compile.work import Range
from ocds_regency.errors import OcdsRegencyError
from ocds_regency.merge.rules import rules_for_profile
from ocds_regency.read.releases import OCID_FIRST, ReleaseReader
from ocds_regency.standard import load_profile

RULES = rules_for_profile(load_profile())


def release(ocid: str, stage: int, **fields: Any) -> bytes:
    value = {"ocid": ocid, "id": f"{ocid}-{stage}", "date": f"2024-0{stage + 1}-01T00:00:00Z", "tag": ["tender"]}
    value.update(fields)
    return json.dumps(value).encode() + b"\n"


def run(
    path: Path, *, workers: int, output: Output = Output.COMPILED, stream_: bool | None = None, memory: int = 2000
) -> tuple[list[bytes], list[str], list[str]]:
    errors: list[str] = []
    warned: list[str] = []

    def on_error(error: OcdsRegencyError) -> None:
        errors.append(f"{type(error).__name__}: {error}")

    compiler = Compiler(
        RULES,
        output=output,
        workers=workers,
        stream=stream_,
        memory_limit=memory,
        on_error=on_error,
        on_warning=warned.append,
    )
    return list(compiler.run([ReleaseReader(str(path), lazy=True)])), errors, warned


@pytest.fixture
def ranges(monkeypatch: pytest.MonkeyPatch) -> list[Range]:
    """Send small files through the range path in small ranges and blocks; record the ranges sent."""
    sent: list[Range] = []
    original = pool.Workers.send_range

    def send_range(self: pool.Workers, task: Range) -> None:
        sent.append(task)
        original(self, task)

    monkeypatch.setattr(engine, "RANGE_MIN_SIZE", 0)
    monkeypatch.setattr(engine, "RANGE_BYTES", 700)
    monkeypatch.setattr(engine, "_SCAN_BLOCK", 256)
    monkeypatch.setattr(pool.Workers, "send_range", send_range)
    return sent


def ocid_of(line: bytes) -> bytes | None:
    found = OCID_FIRST.match(line)
    return found.group(1) if found else None


def check_ranges(data: bytes, sent: list[Range], path: Path) -> None:
    """Ranges follow each other from the start of the file, start at a line start, and never split a group."""
    lines = data.splitlines(keepends=True)
    starts = {}
    offset = 0
    for number, line in enumerate(lines, 1):
        starts[offset] = number
        offset += len(line)
    expected = 0
    for name, label, start, length, line in sent:
        assert (name, label) == (str(path), str(path))
        assert start == expected and length > 0
        assert starts[start] == line
        if start:  # the line before belongs to another ocid (blank lines are skipped back over)
            previous = next(lines[number - 1] for number in range(line - 1, 0, -1) if lines[number - 1].strip())
            assert ocid_of(previous) != ocid_of(lines[line - 1]) is not None
        expected = start + length


GROUPS = st.lists(
    st.tuples(st.integers(1, 4), st.integers(0, 400), st.booleans()), min_size=1, max_size=25
)  # (releases, padding, blank line after)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(groups=GROUPS, stream_=st.sampled_from([None, True]), newline_at_end=st.booleans())
def test_ranges_hold_whole_groups_and_give_the_single_process_output(
    groups: list[tuple[int, int, bool]],
    stream_: bool | None,
    newline_at_end: bool,
    ranges: list[Range],
    tmp_path: Path,
) -> None:
    data = b""
    for number, (count, padding, blank) in enumerate(groups):
        for stage in range(count):
            data += release(f"ocds-{number:03d}", stage, description="x" * (padding + stage))
        if blank:
            data += b"  \n"
    if not newline_at_end:
        data = data.rstrip(b" \n")
    path = tmp_path / "grouped.jsonl"
    path.write_bytes(data)
    ranges.clear()
    expected = run(path, workers=1, stream_=stream_)
    assert not ranges
    assert len(expected[0]) == len(groups) and not expected[1]
    assert run(path, workers=2, stream_=stream_) == expected
    assert ranges or b"\n" not in data  # the range path was taken (one line without a newline: not worth it)
    check_ranges(data, ranges, path)


@pytest.mark.parametrize("output", list(Output))
def test_every_output_is_the_same(output: Output, ranges: list[Range], tmp_path: Path) -> None:
    data = b"".join(
        release(f"ocds-{number:03d}", stage, tender={"items": [{"id": str(stage % 2), "quantity": stage}]})
        for number in range(40)
        for stage in range(3)
    )
    path = tmp_path / "grouped.jsonl"
    path.write_bytes(data)
    expected = run(path, workers=1, output=output)
    assert len(expected[0]) == 40
    assert run(path, workers=2, output=output) == expected
    assert len(ranges) > 3
    check_ranges(data, ranges, path)


def bad_file(tmp_path: Path, middle: bytes) -> Path:
    """40 groups of 3 releases with ``middle`` after group 25 (well after the 2,000-byte probe)."""
    data = b""
    for number in range(40):
        for stage in range(3):
            data += release(f"ocds-{number:03d}", stage, description="y" * 50)
        if number == 25:
            data += middle
    path = tmp_path / "bad.jsonl"
    path.write_bytes(data)
    return path


BAD_LINES = {
    "truncated": b'{"ocid": "ocds-025", "id": "x", "date": "2024-09\n',
    "no date": b'{"ocid": "ocds-025", "id": "x"}\n',
    "not an object": b"[1, 2]\n",
    "invalid, ocid not first": b'{"id": "x", "ocid": \n',
    "ocid not first": b'{"id": "z", "ocid": "ocds-025", "date": "2024-09-01T00:00:00Z"}\n',
    "a new ocid not first": b'{"id": "z", "ocid": "ocds-0255", "date": "2024-09-01T00:00:00Z"}\n',
    "ocid out of order": release("ocds-001", 7),
    "ocid earlier, new": release("ocds-0015", 7),
    "a package": b'{"releases": [{"ocid": "ocds-0255", "id": "p", "date": "2024-01-01T00:00:00Z"}]}\n',
}


@pytest.mark.parametrize("name", list(BAD_LINES))
@pytest.mark.parametrize("stream_", [None, True])
def test_bad_lines_are_reported_where_they_are_and_nothing_is_lost(
    name: str, stream_: bool | None, ranges: list[Range], tmp_path: Path
) -> None:
    path = bad_file(tmp_path, BAD_LINES[name])
    expected = run(path, workers=1, stream_=stream_)
    # problems name the line; nothing else is lost (invalid JSON that the reader must decode stops the input
    # there, as it does for any input, after merging what came before)
    assert all(f"{path}, line 79" in message for message in expected[1])
    assert len(expected[0]) >= (26 if name == "invalid, ocid not first" else 39)
    assert run(path, workers=2, stream_=stream_) == expected
    assert ranges  # groups before the bad line went through the range path
    check_ranges(path.read_bytes(), ranges, path)


def test_errors_name_file_line_and_ocid(ranges: list[Range], tmp_path: Path) -> None:
    path = bad_file(tmp_path, BAD_LINES["no date"])
    out, errors, _ = run(path, workers=2)
    assert ranges
    assert len(out) == 39  # every other contracting process is merged
    assert len(errors) == 1
    assert f"{path}, line 79" in errors[0] and "ocds-025" in errors[0]
    path = bad_file(tmp_path, BAD_LINES["truncated"])
    out, errors, _ = run(path, workers=2)
    assert len(out) == 40  # the truncated release is left out; the rest of its group is merged
    assert errors == [f"InputError: {path}, line 79: invalid JSON: " + errors[0].split("invalid JSON: ", 1)[1]]


def test_out_of_order_at_the_start_leaves_the_file_to_the_grouper(ranges: list[Range], tmp_path: Path) -> None:
    data = release("ocds-b", 0) + release("ocds-a", 0) + release("ocds-c", 0) * 30
    path = tmp_path / "shuffled.jsonl"
    path.write_bytes(data)
    expected = run(path, workers=1, memory=10**6)
    assert [json.loads(item)["ocid"] for item in expected[0]] == ["ocds-a", "ocds-b", "ocds-c"]
    assert run(path, workers=2, memory=10**6) == expected
    assert not ranges  # nothing is sent in ranges while the probe can still turn the file down


def test_small_files_stdin_and_one_worker_take_the_ordinary_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"".join(release(f"ocds-{number}", 0) for number in range(10)))
    compiler = Compiler(RULES, workers=2)
    reader = ReleaseReader(str(path), lazy=True)
    assert compiler._range_input([reader], None) is None  # smaller than RANGE_MIN_SIZE
    monkeypatch.setattr(engine, "RANGE_MIN_SIZE", 0)
    assert compiler._range_input([reader], None) is reader
    assert compiler._range_input([reader], False) is None
    assert compiler._range_input([reader, reader], None) is None
    assert compiler._range_input([ReleaseReader(str(path))], None) is None  # not lazy
    assert compiler._range_input([ReleaseReader("-", lazy=True)], None) is None
    assert Compiler(RULES, workers=1)._range_input([reader], None) is None
    path.write_bytes(b'\xef\xbb\xbf{"ocid": "a", "id": "1"}\n')  # a byte order mark: left to the reader
    assert compiler._range_input([reader], None) is None
