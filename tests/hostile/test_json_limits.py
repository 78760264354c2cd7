"""Nesting and number limits of every JSON reader: refused in one line, in bounded time and memory."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.errors import InputError
from ocds_regency.read import read_isb
from ocds_regency.read.limits import MAX_DEPTH, MAX_JSON_STRING_BYTES, MAX_NUMBER_DIGITS, JsonGuard
from ocds_regency.read.releases import ReleaseReader
from tests.hostile.conftest import PREFIX, run_cli, tender_row


def _drain(data: bytes, block: int = 65536) -> JsonGuard:
    guard = JsonGuard(io.BytesIO(data), "x.json")
    while guard.read(block):
        pass
    return guard


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 80_000,  # 80 KB of `[`: once 4 GB of memory
        b"[" * 80_000 + b"]" * 80_000,
        b'[{"a":' + b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1) + b"}]",
        b'[{"a":' + b'{"b":' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1) + b"}]",
    ],
)
@pytest.mark.parametrize("command", ["convert", "compile"])
def test_deep_nesting_is_refused_in_one_line(tmp_path: Path, content: bytes, command: str) -> None:
    path = tmp_path / "deep.json"
    path.write_bytes(content)
    args = ["convert", str(path), "--prefix", PREFIX] if command == "convert" else ["compile", str(path)]
    result = run_cli(*args)
    err = result.stderr.decode()
    assert result.returncode in (1, 2), err
    assert "deep.json" in err and f"nested more than {MAX_DEPTH} levels" in err
    assert "Traceback" not in err and "RecursionError" not in err


def test_a_huge_number_is_refused_before_the_json_parser_sees_it(tmp_path: Path) -> None:
    # ijson's C backend crashes the interpreter on an integer of more than 4,300 digits.
    path = tmp_path / "SPSE-TenderPengumuman.json"
    path.write_text('[{"kd_tender": ' + "9" * 5000 + "}]")
    with pytest.raises(InputError, match=f"more than {MAX_NUMBER_DIGITS} digits"):
        list(read_isb(path))
    with pytest.raises(InputError, match=f"more than {MAX_NUMBER_DIGITS} digits"):
        list(ReleaseReader(path))


def test_the_same_digits_in_a_string_are_data(tmp_path: Path) -> None:
    path = tmp_path / "SPSE-TenderPengumuman.json"
    path.write_text(json.dumps([tender_row(nama_paket="9" * 5000)]))
    rows = list(read_isb(path))
    assert len(rows) == 1 and rows[0].ok


def test_brackets_quotes_and_backslashes_inside_strings_are_not_structure() -> None:
    text = "[" * 500 + '\\"' + "{" * 500 + "\\\\"
    value = [{"a": text, "b": [text, {"c": text}]}]
    data = json.dumps(value).encode()
    for block in (1, 2, 3, 7, 64, 65536):
        guard = _drain(data, block)
        assert guard._depth == 0 and not guard._in_string


@settings(max_examples=60, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(alphabet=st.sampled_from('ab"\\[]{}0 ')),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
        max_leaves=30,
    ),
    block=st.integers(min_value=1, max_value=50),
)
def test_the_guard_measures_depth_exactly(value: object, block: int) -> None:
    def depth(item: object) -> int:
        if isinstance(item, list):
            return 1 + max((depth(i) for i in item), default=0)
        if isinstance(item, dict):
            return 1 + max((depth(i) for i in item.values()), default=0)
        return 0

    data = json.dumps(value).encode()
    expected = depth(value)
    if expected <= 3:
        guard = JsonGuard(io.BytesIO(data), "x", max_depth=3)
        while guard.read(block):
            pass
        assert guard._depth == 0 and not guard._in_string
    else:
        guard = JsonGuard(io.BytesIO(data), "x", max_depth=3)

        def drain() -> None:
            while guard.read(block):
                pass

        with pytest.raises(InputError, match="nested more than 3"):
            drain()


def test_a_long_string_is_checked_in_one_pass() -> None:
    # 12 MB of escaped quotes in one string: every quote once made the scanner start over.
    text = 'a\\"' * 4_000_000
    data = b'[{"a": "' + text.encode() + b'"}]'
    guard = _drain(data)
    assert guard._depth == 0 and not guard._in_string


def test_a_string_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    # The JSON parser re-reads a string once per buffer: a 200 MB one would take hours, so it is refused.
    path = tmp_path / "SPSE-TenderPengumuman.json"
    with path.open("wb") as out:
        out.write(b'[{"kd_tender": 1, "nama_paket": "')
        for _ in range((MAX_JSON_STRING_BYTES >> 20) + 2):
            out.write(b"x" * (1 << 20))
        out.write(b'"}]')
    with pytest.raises(InputError, match="a JSON string longer than"):
        list(read_isb(path))


def test_a_block_that_ends_in_a_string_counts_only_that_string() -> None:
    # Many short strings, read in blocks that end inside one: only the string running on counts, not the
    # whole block (a 35 MB package read as 64 KB then 16 MB was refused as "a JSON string longer than 16 MiB").
    items = b",".join(b'{"title": "%d %s"}' % (n, b"x" * 50) for n in range(400_000))
    data = b"[" + items + b"]"
    assert len(data) > MAX_JSON_STRING_BYTES
    guard = JsonGuard(io.BytesIO(data), "big.json")
    read = 0
    for size in (65_536, MAX_JSON_STRING_BYTES - 65_535, MAX_JSON_STRING_BYTES):
        read += len(guard.read(size))
        if read < len(data):
            assert guard._in_string, size  # each block ends inside a string
    assert read == len(data)
    assert guard._depth == 0 and not guard._in_string


def test_many_short_strings_cut_by_block_ends_are_not_one_long_string(monkeypatch: pytest.MonkeyPatch) -> None:
    # A block that ends inside a string, then another, and so on: each is a different short string. Only the
    # string still open counts (a valid 200 MB JSON Lines file of releases was refused as a 16 MiB string).
    from ocds_regency.read import limits

    monkeypatch.setattr(limits, "MAX_JSON_STRING_BYTES", 64)
    line = b'{"ocid": "ocds-abc123-1", "title": "' + b"x" * 40 + b'", "d": "' + b"y" * 40 + b'"}\n'
    data = line * 200
    guard = JsonGuard(io.BytesIO(data), "releases.jsonl")
    inside = 0
    while guard.read(len(line) // 2 + 1):
        inside += guard._in_string
    assert inside > 100 and not guard._in_string  # most block ends fell inside a string
    with pytest.raises(InputError, match="a JSON string longer than"):
        _drain(b'["' + b"z" * 200 + b'"]', block=16)


def test_the_models_refuse_deep_nesting_in_one_line() -> None:
    from ocds_regency.models import Release

    head = b'{"ocid": "ocds-zz9999-1", "id": "1", "date": "2025-01-01T00:00:00Z", "tag": ["tender"], "x": '
    with pytest.raises(InputError, match=f"nested more than {MAX_DEPTH} levels"):
        Release.from_json(head + b"[" * 100_000 + b"]" * 100_000 + b"}")


@pytest.mark.parametrize("reader", ["isb", "releases"])
def test_memory_stays_bounded_on_hostile_nesting(tmp_path: Path, reader: str) -> None:
    import tracemalloc

    path = tmp_path / "deep.json"
    path.write_bytes(b"[" * 80_000 + b"{" * 80_000)  # 80 KB of `[` once cost 4 GB
    tracemalloc.start()
    try:
        with pytest.raises(InputError):
            list(read_isb(path)) if reader == "isb" else list(ReleaseReader(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20
