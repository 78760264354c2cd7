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
from ocds_regency.read.limits import MAX_DEPTH, MAX_NUMBER_DIGITS, JsonGuard
from ocds_regency.read.releases import ReleaseReader
from tests.hostile.conftest import PREFIX, run_cli, tender_row


def _read_all(guard: JsonGuard, block: int) -> None:
    while guard.read(block):
        pass


def _inside_string(text: bytes) -> bool:
    """Whether JSON text ends inside a string, byte by byte (independent of the guard's own bookkeeping)."""
    inside = escaped = False
    for byte in text:
        if escaped:
            escaped = False
        elif inside and byte == 0x5C:
            escaped = True
        elif byte == 0x22:
            inside = not inside
    return inside


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


def test_a_string_longer_than_the_limit_is_refused() -> None:
    data = b'[{"a": "' + b"x" * (3 << 20) + b'"}]'
    for block in (1000, 65536, 1 << 20):
        guard = JsonGuard(io.BytesIO(data), "x.json", max_string=2 << 20)
        with pytest.raises(InputError, match="a JSON string longer than 2 MiB"):
            _read_all(guard, block)


def test_many_short_strings_are_not_one_long_one() -> None:
    # Each block ending inside a (different) short string once added the whole block to one count.
    data = b"[" + b",".join([b'"' + b"x" * 90 + b'"'] * 50_000) + b"]"
    for block in (100, 1000, 4096):
        guard = JsonGuard(io.BytesIO(data), "x.json", max_string=1 << 20)
        while guard.read(block):
            pass
        assert not guard._in_string


@settings(max_examples=60, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.integers() | st.text(alphabet=st.sampled_from('ab"\\[]{}: '), max_size=40),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
        max_leaves=20,
    ),
    block=st.integers(min_value=1, max_value=30),
)
def test_no_block_handed_on_ends_inside_a_string(value: object, block: int) -> None:
    data = json.dumps(value).encode()
    guard = JsonGuard(io.BytesIO(data), "x.json")
    handed = []
    while chunk := guard.read(block):
        handed.append(chunk)
        assert len(chunk) >= block or b"".join(handed) == data
        assert not _inside_string(b"".join(handed))  # the parser never sees a string in two pieces
    assert b"".join(handed) == data


@settings(max_examples=40, deadline=None)
@given(
    strings=st.lists(st.text(alphabet=st.sampled_from('ab"\\ '), min_size=1, max_size=30), min_size=1, max_size=40),
    block=st.integers(min_value=1, max_value=40),
)
def test_reading_on_stops_at_the_end_of_the_string(strings: list[str], block: int) -> None:
    """A block that ends inside a string is completed up to that string's closing quote, no further: the
    guard once read on block after block while each one ended inside another string (30 MB at a time in a
    file of compiled releases, which are mostly text)."""
    data = b"\n".join(json.dumps({"k": text}).encode() for text in strings)
    longest = max(len(json.dumps(text)) for text in strings)
    guard = JsonGuard(io.BytesIO(data), "x.jsonl")
    handed = []
    while chunk := guard.read(block):
        handed.append(chunk)
        assert len(chunk) <= 2 * block + longest
        assert not _inside_string(b"".join(handed))
    assert b"".join(handed) == data


def test_a_file_of_long_texts_is_handed_on_in_blocks_of_about_the_size_asked() -> None:
    # Compiled releases are mostly text: most 1 MiB blocks end inside a string.
    lines = [json.dumps({"id": n, "title": "t" * 900, "description": "d " * 700}).encode() for n in range(3000)]
    data = b"\n".join(lines)
    guard = JsonGuard(io.BytesIO(data), "releases.jsonl")
    sizes = []
    while chunk := guard.read(1 << 16):
        sizes.append(len(chunk))
    assert sum(sizes) == len(data)
    assert max(sizes) < (1 << 16) + 2000


@pytest.mark.parametrize("form", ["array", "jsonl"])
def test_a_string_over_many_parser_buffers_is_read_whole(tmp_path: Path, form: str) -> None:
    # 24 MB: once refused (16 MiB limit) because the parser re-read it once per 1 MiB buffer. The guard now
    # hands it on in one piece, so reading is linear (200 MB: see docs/benchmarks.md).
    long = "x" * (24 << 20)
    row = tender_row(nama_paket=long)
    path = tmp_path / ("SPSE-TenderPengumuman.json" if form == "array" else "SPSE-TenderPengumuman.jsonl")
    path.write_text(json.dumps([row, tender_row()]) if form == "array" else json.dumps(row) + "\n")
    rows = list(read_isb(path))
    assert rows[0].ok and rows[0].record.nama_paket == long  # type: ignore[union-attr]


@pytest.mark.parametrize("form", ["package", "jsonl", "stream"])
def test_a_long_string_in_a_release_is_read_whole(tmp_path: Path, form: str) -> None:
    release = {"ocid": f"{PREFIX}-1", "id": "1", "date": "2025-01-01T00:00:00Z", "description": "y" * (24 << 20)}
    text = json.dumps(release)
    content = {"package": '{"uri": "u", "releases": [' + text + "]}", "jsonl": text + "\n", "stream": text + " " + text}
    path = tmp_path / "releases.json"
    path.write_text(content[form])
    releases = [item.release for item in ReleaseReader(path)]
    assert releases and all(item == release for item in releases)


@given(block=st.integers(min_value=1, max_value=64))
def test_short_strings_across_blocks_are_not_one_long_string(block: int) -> None:
    """Only the bytes after a block's last quote belong to a string left open: a block ending inside a short
    string once counted the whole block, so reads of 16 MiB refused a file of short strings."""
    data = json.dumps([{"name": "x" * 20, "id": n} for n in range(50)]).encode()
    guard = JsonGuard(io.BytesIO(data), "x")
    longest = 0
    while guard.read(block):
        longest = max(longest, guard._string_bytes)
    assert longest <= 20


def test_a_block_that_ends_in_a_string_counts_only_that_string() -> None:
    # Many short strings, asked for in blocks that end inside one: only the string running on counts, not the
    # whole block (a 35 MB package read as 64 KB then 16 MB was refused as "a JSON string longer than 16 MiB").
    # The guard now reads on to the end of that string, so no block it hands on ends inside one.
    limit = 16 << 20
    items = b",".join(b'{"title": "%d %s"}' % (n, b"x" * 50) for n in range(400_000))
    data = b"[" + items + b"]"
    assert len(data) > limit
    guard = JsonGuard(io.BytesIO(data), "big.json", max_string=limit)
    handed = []
    for size in (65_536, limit - 65_535, limit):
        handed.append(guard.read(size))
        assert not _inside_string(b"".join(handed)), size
    while chunk := guard.read(limit):
        handed.append(chunk)
    assert b"".join(handed) == data
    assert guard._depth == 0 and not guard._in_string


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


#: Every command that reads OCDS JSON, with its arguments (the file is appended).
OCDS_READERS = {
    "validate": ["validate"],
    "flags": ["flags"],
    "flatten": ["flatten", "-o", "{tmp}/out.xlsx"],
    "upgrade": ["upgrade", "1.0:1.1"],
    "detect-format": ["detect-format"],
    "combine-release-packages": ["combine-release-packages"],
    "split-release-packages": ["split-release-packages", "10"],
}


@pytest.mark.parametrize("name", sorted(OCDS_READERS))
@pytest.mark.parametrize("opening", ["[", '{"releases": ['])
def test_every_ocds_command_refuses_deep_nesting_in_bounded_memory(tmp_path: Path, name: str, opening: str) -> None:
    import subprocess
    import sys

    path = tmp_path / "deep.json"
    path.write_bytes(opening.encode() + b"[" * 80_000)  # 80 KB of `[`: once 10-15 GB in flags, flatten, the kit

    # The command runs in a child of a small wrapper that reports the child's peak memory; its address
    # space is capped at 2 GiB, so that a regression fails here instead of taking the machine's memory.
    wrapper = (
        "import resource, subprocess, sys\n"
        "cap = lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
        "status = subprocess.run(sys.argv[1:], preexec_fn=cap).returncode\n"
        "print('peak-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in OCDS_READERS[name]]
    result = subprocess.run(
        [sys.executable, "-c", wrapper, sys.executable, "-m", "ocds_regency", *args, str(path)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    peak = int(result.stderr.decode().rsplit("peak-kb ", 1)[1].split()[0])
    assert peak < 400 << 10, f"{peak} KB"
    err = result.stderr.decode()
    assert result.returncode in (1, 2), err
    assert "deep.json" in err and f"nested more than {MAX_DEPTH} levels" in err, err
    assert "Traceback" not in err and "internal error" not in err


@settings(max_examples=300, deadline=None)
@given(
    brackets=st.text(alphabet="[]{}", max_size=60).map(str.encode),
    start=st.integers(min_value=0, max_value=8),
    limit=st.integers(min_value=1, max_value=12),
)
def test_the_depth_check_at_c_speed_agrees_with_counting_bracket_by_bracket(
    brackets: bytes, start: int, limit: int
) -> None:
    # any run of brackets, balanced or not (a block may open or close more than it holds); a value's depth
    # counts from the lowest point before it (after a closing bracket without its opening, invalid JSON)
    from ocds_regency.read.limits import _deepest_over

    depth, lowest, deepest = start, 0, start
    for bracket in brackets:
        if bracket in b"[{":
            depth += 1
            deepest = max(deepest, depth - lowest)
        else:
            depth -= 1
            lowest = min(lowest, depth)
    assert _deepest_over(brackets, start, limit) is (deepest > limit)


@settings(max_examples=400, deadline=None)
@given(
    brackets=st.one_of(
        st.text(alphabet="[]{}", max_size=400),
        # mostly balanced, the shape of real data: runs that open and close, a few deep ones
        st.lists(st.integers(min_value=0, max_value=40), max_size=30).map(
            lambda runs: "".join("[" * n + "]" * n for n in runs)
        ),
        st.lists(st.sampled_from(["[", "]", "[]", "[[", "]]", "[" * 30, "]" * 30]), max_size=60).map("".join),
    ).map(str.encode),
    start=st.integers(min_value=0, max_value=70),
    limit=st.integers(min_value=1, max_value=70),
)
def test_the_depth_check_by_pieces_agrees_with_the_passes(brackets: bytes, start: int, limit: int) -> None:
    # the guard's check takes the brackets a piece at a time with a bound of the depth, and must answer what
    # the exact check answers, for any brackets (balanced or not, deeper or shallower than the limit)
    from ocds_regency.read.limits import _deepest_over, _over

    square = brackets.translate(bytes.maketrans(b"{}", b"[]"))  # what the guard hands it
    assert _over(square, start, limit) is _deepest_over(brackets, start, limit)


@settings(max_examples=80, deadline=None)
@given(
    length=st.integers(min_value=990, max_value=1012),
    before=st.integers(min_value=0, max_value=1500),
    in_string=st.booleans(),
    block=st.sampled_from([1, 7, 499, 500, 501, 1000, 1001, 4096, 65536]),
)
def test_a_number_over_the_digit_limit_is_refused_wherever_it_falls(
    length: int, before: int, in_string: bool, block: int
) -> None:
    # The guard samples the digits of a block (not every byte): a run of more than MAX_NUMBER_DIGITS digits
    # must be found at every offset from the block's start and every block size, and digits in a string kept.
    run = "7" * length
    filler = "x" * before
    value = f'"{filler}{run}"' if in_string else f"{run}"
    data = f'[{{"a": "{filler}", "b": {value}, "c": 1}}]'.encode()
    guard = JsonGuard(io.BytesIO(data), "x.json")
    if length > MAX_NUMBER_DIGITS and not in_string:
        with pytest.raises(InputError, match=f"more than {MAX_NUMBER_DIGITS} digits"):
            _read_all(guard, block)
    else:
        _read_all(guard, block)
        assert guard._depth == 0 and not guard._in_string


@settings(max_examples=500, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(['"', '""', '""""', "[", "]", "{", "}", "a", ":", ",", '\\"', "\\\\", '"x"', '"["', '"}"']),
        max_size=80,
    ).map("".join),
    in_string=st.booleans(),
)
def test_the_structure_outside_strings_is_what_a_walk_byte_by_byte_finds(text: str, in_string: bool) -> None:
    # the guard's structure (brackets outside strings, made square, and whether the text ends inside a string)
    # from its C-speed passes must be what walking the bytes one by one finds, for any text, starting inside
    # a string or not
    from ocds_regency.read.limits import _quoted_parts, _without_escaped_quotes

    data = _without_escaped_quotes(text.encode())
    inside, outside = in_string, bytearray()
    for byte in data:
        if byte == ord('"'):
            inside = not inside
        elif not inside and byte in b"[]{}":
            outside.append(ord("[") if byte in b"[{" else ord("]"))
    parts = _quoted_parts(data)
    assert b"".join(parts[1 if in_string else 0 :: 2]) == bytes(outside)
    assert (len(parts) % 2 == 0) is (inside is not in_string)
