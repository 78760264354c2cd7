"""One JSON codec (``ocds_regency.codec``) under the file writers, the readers and the models."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    value = codec.loads(text, decimals=True)
    assert value["a"] == Decimal("1.10") and value["c"] == 3
    assert codec.dumps(value) == b'{"a":1.10,"b":-11079270422433236.0,"c":3}'
    release = (
        b'{"ocid": "ocds-abc123-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],'
        b' "initiationType": "tender", "tender": {"id": "t", "value": {"amount": 10.50, "currency": "IDR"}}}'
    )
    assert b'"amount":10.50' in Release.from_json(release).to_json()  # the models decode with the codec
    with pytest.raises(InputError, match="NaN is not a JSON number"):
        Release.from_json(b'{"a": NaN}')
    with pytest.raises(InputError, match="line 2 column 1"):
        Release.from_json(b'{"a":\n}')
    with pytest.raises(InputError, match="'tag' is given twice"):
        Release.from_json(release[:-1] + b', "tag": ["award"]}')  # the models refuse repeats, as every reader
    with pytest.raises(InputError, match="nested more than"):
        codec.loads(b"[" * 10_000 + b"]" * 10_000, decimals=True)  # the readers' nesting limit


def test_there_is_one_json_decoder() -> None:
    """Every module of the package decodes JSON through the codec: no other module calls a JSON parser's
    decoding function (the fast path, the exact path and the streamed builder live in codec.py)."""
    import ocds_regency

    root = Path(ocds_regency.__file__).parent
    allowed = {root / "codec.py"}
    # what ocds-regency wrote itself or ships, never input: the bundled schemas and extensions, flatten's
    # column titles and row spool, the store's own columns (its process and row caches too), publish's spool of
    # record links
    allowed |= {root / "flatten" / "__init__.py", root / "pipeline.py"}
    allowed |= {root / "store" / name for name in ("__init__.py", "cache.py", "rows.py")}
    allowed |= set((root / "standard").rglob("*.py"))
    # the parsers' own decoding entry points, used in code (not named in a docstring between backticks);
    # ijson.parse for event scans of structure (no value is built) is allowed
    call = re.compile(r"(?<![`\w.])(?:orjson\.loads|json\.loads?|ijson\.items|ijson\.ObjectBuilder)\b")
    offenders = [
        f"{path.relative_to(root)}: {found}"
        for path in sorted(root.rglob("*.py"))
        if path not in allowed
        for found in call.findall(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert not (root / "read" / "jsontext.py").exists()


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


def test_streamed_items_refuse_a_repeat_naming_its_item_and_keep_same_values() -> None:
    # ijson's C builder builds several items of one buffer before the first is handed on: a repeat is
    # compared once its own item is whole, and named by that item's number
    items = [b'{"a": {"x": 1}, "a": {"x": 1}, "n": 1.50}', b'{"b": 2}', b'{"c": [1], "c": {"y": [2]}}', b"{}"]
    stream = io.BytesIO(b"[" + b", ".join(items) + b"]")
    values = codec.items(stream, "item", source="x.json", decimals=True)
    first = next(values)
    assert first == {"a": {"x": 1}, "n": Decimal("1.50")} and codec.dumps(first) == b'{"a":{"x":1},"n":1.50}'
    assert next(values) == {"b": 2}
    with pytest.raises(InputError, match=r"x\.json, item 3: the key 'c' is given twice") as caught:
        next(values)
    assert isinstance(caught.value, InputError) and caught.value.position == "item 3"
    kept = list(codec.items(io.BytesIO(b'[{"a": 1, "a": 2, "a": 1}]'), "item", source="x", duplicates="keep"))
    assert kept == [{"a": 1, "a (2)": 2, "a (3)": 1}]
    floats = list(codec.items(io.BytesIO(b'{"r": [{"v": 1.5, "w": %d}]}' % 2**70), "r.item", source="x"))
    assert floats == [{"v": 1.5, "w": 2**70}] and type(floats[0]["w"]) is int


def test_a_value_handed_on_can_be_changed_by_its_reader() -> None:
    # the duplicates policy holds while a value is built, not when the caller sets a key (ocdskit's upgrade does)
    (value,) = codec.items(io.BytesIO(b'{"version": "1.0"}'), "", source="x", decimals=True)
    value["version"] = "1.1"
    assert value == {"version": "1.1"}


@pytest.mark.parametrize(
    "text",
    [
        b'{"a":1,"a":2}\n',  # compact, as orjson writes: a repeated key
        b'{"a":{"b":1,"b":1}}',  # a repeat of the same value
        b'{"x":[18446744073709551616]}\n',  # an integer beyond 64 bits, compact
        b'{"x":-9223372036854775809}',
        # an escaped colon in a key is written back as a colon: it would make up for the one the repeat lost
        b'{"a": 1, "a": 2, "\\u003a": 3}',
        b'{"a": 1, "a": 2, "b": "x\\u003Ay"}',
        b'{"\\u00e9": 1, "\xc3\xa9": 2}',  # one key, escaped and not
    ],
)
def test_compact_text_that_lost_something_is_not_trusted(text: bytes) -> None:
    assert not codec.trusted(text, codec.fast_loads(text))


@pytest.mark.parametrize(
    "text",
    [
        b'{"ocid":"ocds-abc123-1","n":9223372036854775807,"a":[1.5,{"b":null}]}\n',  # orjson's own output
        b'{"a": 1, "b": [2, 3]}',  # another layout: the colons are counted
        b'{"a":1.50}',  # another number text, no key lost
        b'{"name": "Jos\\u00e9", "city": "M\\u00e1laga: centro"}',  # written with ASCII only (Python's default)
    ],
)
def test_text_that_lost_nothing_is_trusted(text: bytes) -> None:
    assert codec.trusted(text, codec.fast_loads(text))


_LINE = st.dictionaries(
    st.sampled_from(["ocid", "id", "a", "b:c", 'q"']),
    st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.text(alphabet=' a:"\\é{', max_size=5) | st.none(),
    max_size=4,
).map(orjson.dumps)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(_LINE, min_size=1, max_size=6),
    head=st.sampled_from([b'{"releases": [\n', b'{"releases":[\n', b'{ "uri": "x",  "releases" : [\r\n']),
    tampered=st.integers(min_value=0, max_value=5),
    how=st.sampled_from(["none", "repeat", "wide", "spaced"]),
)
def test_a_package_in_lines_is_trusted_line_by_line_only_when_nothing_was_lost(
    lines: list[bytes], head: bytes, tampered: int, how: str
) -> None:
    # one release a line, as compile writes a package: each line is orjson's output, the rest is white space
    if how != "none":
        at = tampered % len(lines)
        line = lines[at]
        if how == "repeat":  # the same key twice with another value: orjson keeps the last, silently
            line = b'{"ocid":1,' + line[1:-1] + (b"," if len(line) > 2 else b"") + b'"ocid":2}'
        elif how == "wide":  # beyond 64 bits: orjson reads a float
            line = line[:-1] + (b"," if len(line) > 2 else b"") + b'"n":18446744073709551616}'
        else:  # another spacing inside a line: the colons are counted instead (still trusted)
            line = line.replace(b'":', b'": ', 1)
        lines[at] = line
    text = head + b",\n".join(lines) + b"\n]}\n"
    value = codec.fast_loads(text)
    expected = how in ("none", "spaced")
    assert codec.trusted(text, value) is expected
    if how == "none":
        assert codec._lines_written(text, orjson.dumps(value))
    if how == "repeat":
        with pytest.raises(codec.DuplicateKeyError):
            codec.loads(text)
    else:
        assert codec.loads(text) == json.loads(text)  # exact, wide integers included


def test_indented_text_is_not_compared_line_by_line() -> None:
    # many short lines: counting colons costs less than a comparison per line (and gives the same answer)
    value = {"releases": [{"ocid": f"ocds-{n}", "n": n, "tag": ["tender"]} for n in range(50)]}
    text = json.dumps(value, indent=2).encode()
    assert not codec._lines_written(text, orjson.dumps(value))
    assert codec.trusted(text, codec.fast_loads(text))


@settings(max_examples=300, deadline=None)
@given(number=st.integers(min_value=2**64, max_value=10**300) | st.integers(min_value=-(10**300), max_value=-1 - 2**63))
def test_an_integer_orjson_reads_as_a_float_is_written_back_with_an_exponent(number: int) -> None:
    # trusted() looks for the digits of a wide integer only when orjson's output has "e+" (its exponents)
    text = str(number).encode()
    value = codec.fast_loads(text)
    assert type(value) is float
    assert b"e+" in orjson.dumps(value)
    assert not codec.trusted(text, value)
    assert not codec.trusted(b"[" + text + b", 1]", codec.fast_loads(b"[" + text + b", 1]"))
    dated = b'{"date": "2024-01-01T00:00:00+07:00", "n": ' + text + b"}"  # a "+" elsewhere changes nothing
    assert not codec.trusted(dated, codec.fast_loads(dated))


@settings(max_examples=300, deadline=None)
@given(value=st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: abs(v) >= 1e16))
def test_orjson_writes_every_float_of_10_to_the_16_or_more_with_e_plus(value: float) -> None:
    # the premise of trusted()'s first rule: such a float is written "...e+NN", never as a run of digits
    assert b"e+" in orjson.dumps(value)


@pytest.mark.parametrize(
    ("text", "trust"),
    [
        # spaced layout, a date's "+" and a telephone number's in every release: trusted without a digit scan
        (b'{"date": "2024-05-01T00:00:00+07:00", "tel": "+62 21 1234", "n": 123456789012345678}', True),
        # a string with "e+" and 19 digits: the digits are looked at (not trusted: decoded again, exactly)
        (b'{"note": "1e+5", "id": "1234567890123456789"}', False),
        (b'{"x": 1.5e+20, "n": 9223372036854775807}', False),  # a wide float beside a 19-digit integer
        # more "+" than are looked at one by one, then a wide integer: the digit scan still finds it
        (b'{"d": [' + b", ".join([b'"+07:00"'] * 40) + b'], "n": 18446744073709551616}', False),
        (b'{"d": [' + b", ".join([b'"+07:00"'] * 40) + b'], "n": 184467440737095516}', True),
    ],
)
def test_a_plus_in_a_string_does_not_call_for_the_digit_scan(text: bytes, trust: bool) -> None:
    value = codec.fast_loads(text)
    assert codec.trusted(text, value) is trust
    assert codec.loads(text) == value  # whichever way, the value is exact


@pytest.mark.parametrize(
    "text",
    [
        b'{"a": {"a": false}, "a": {"a": 0}}',  # found by hypothesis: Python holds {"a": False} == {"a": 0}
        b'{"a": [1], "a": [1.0]}',
        b'{"a": [true], "a": [1]}',
        b'{"a": {"b": {"c": 1}}, "a": {"b": {"c": true}}}',
        b'{"a": {"b": 1}, "a": {"b": 1, "c": 2}}',
    ],
)
def test_a_repeated_key_whose_values_differ_only_in_json_type_at_depth_is_refused(text: bytes) -> None:
    with pytest.raises(codec.DuplicateKeyError):
        codec.loads(text)
    with pytest.raises(InputError, match="given twice"):
        list(codec.items(io.BytesIO(b"[" + text + b"]"), "item", source="x"))


def test_a_repeated_key_with_the_same_nested_value_is_kept_once() -> None:
    text = b'{"a": {"b": [true, 1, 1.5, null, "x"]}, "a": {"b": [true, 1, 1.5, null, "x"]}}'
    assert codec.loads(text) == {"a": {"b": [True, 1, 1.5, None, "x"]}}
    assert list(codec.items(io.BytesIO(b"[" + text + b"]"), "item", source="x")) == [codec.loads(text)]


def test_ijson_is_imported_only_by_a_read_that_needs_it(tmp_path: Path) -> None:
    # start-up: reading JSON Lines and packages small enough to parse in one go never needs ijson, so neither
    # the codec, the readers nor the command line import it; the streamed readers still do when they run

    path = tmp_path / "releases.jsonl"
    path.write_bytes(b'{"ocid": "ocds-a-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"]}\n')
    code = (
        "import sys, io\n"
        "import ocds_regency.codec, ocds_regency.read.releases, ocds_regency.read.documents, ocds_regency.cli\n"
        "from ocds_regency.cli import main\n"
        f"status = main(['compile', {str(path)!r}, '--workers', '1', '-o', {str(tmp_path / 'out.json')!r}])\n"
        "before = 'ijson' in sys.modules\n"
        "from ocds_regency import codec\n"
        "values = list(codec.items(io.BytesIO(b'[1, {\"a\": 2}]'), 'item', source='x'))\n"
        "print(status, before, 'ijson' in sys.modules, values)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0 False True [1, {'a': 2}]", result.stderr
