"""Repeated keys and wide integers in every JSON form: reported, exact, never settled by position."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ocds_regency import codec
from ocds_regency.errors import InputError
from ocds_regency.read import read_isb
from ocds_regency.read.releases import WHOLE_PARSE_LIMIT, ReleaseReader
from tests.hostile.conftest import PREFIX, run_cli, tender_row

WIDE = [2**64, 2**64 + 1, -(2**63) - 1, 10**30 + 7, -(10**200) + 3, 10**999]


def _object_text(pairs: list[tuple[str, Any]]) -> str:
    """A JSON object written pair by pair, so that a key can be repeated."""
    return "{" + ", ".join(f"{json.dumps(key)}: {json.dumps(value)}" for key, value in pairs) + "}"


def _isb_file(tmp_path: Path, form: str, objects: list[str]) -> Path:
    if form == "jsonl":
        path = tmp_path / "SPSE-TenderPengumuman.jsonl"
        path.write_text("\n".join(objects) + "\n")
    else:
        path = tmp_path / "SPSE-TenderPengumuman.json"
        path.write_text("[" + ",\n".join(objects) + "]")
    return path


# ----------------------------------------------------------------------------------------------- ISB rows


@pytest.mark.parametrize("form", ["json", "jsonl"])
def test_a_repeated_isb_key_with_another_value_is_a_conflict_in_both_forms(tmp_path: Path, form: str) -> None:
    pairs = [*tender_row(hps=1000).items(), ("hps", 2000)]
    path = _isb_file(tmp_path, form, [_object_text(pairs)])
    (row,) = read_isb(path)
    assert row.ok
    assert [(issue.field, issue.kind) for issue in row.issues] == [("hps", "conflict")]
    assert "2000" in str(row.issues[0].value) + row.issues[0].reason


@pytest.mark.parametrize("form", ["json", "jsonl"])
def test_a_repeated_isb_key_with_the_same_value_is_no_issue(tmp_path: Path, form: str) -> None:
    pairs = [*tender_row(hps=1000).items(), ("hps", 1000)]
    (row,) = read_isb(_isb_file(tmp_path, form, [_object_text(pairs)]))
    assert row.ok and row.issues == ()


@pytest.mark.parametrize("form", ["json", "jsonl"])
@pytest.mark.parametrize("value", WIDE, ids=[f"w{n}" for n in range(len(WIDE))])
def test_a_wide_integer_stays_exact_and_is_a_field_issue_where_it_cant_go(
    tmp_path: Path, form: str, value: int
) -> None:
    row_data = tender_row(versi_tender=value)
    (row,) = read_isb(_isb_file(tmp_path, form, [json.dumps(row_data)]))
    assert row.raw is not None and type(row.raw["versi_tender"]) is int and row.raw["versi_tender"] == value
    assert row.ok  # the row is still used
    assert [issue.field for issue in row.issues] == ["versi_tender"]
    assert len(row.issues[0].reason) < 200


@pytest.mark.parametrize("form", ["json", "jsonl"])
def test_the_same_numbers_read_the_same_from_both_forms(tmp_path: Path, form: str) -> None:
    row_data = tender_row(hps=Decimal("4792453000.50"), pagu=2**64, tahun_anggaran=2025)
    text = json.dumps(row_data, default=str).replace('"4792453000.50"', "4792453000.50")
    (row,) = read_isb(_isb_file(tmp_path, form, [text]))
    assert row.raw is not None
    assert row.raw["hps"] == Decimal("4792453000.50") and type(row.raw["hps"]) is Decimal
    assert row.raw["pagu"] == 2**64 and type(row.raw["pagu"]) is int


def test_json_lines_refuse_what_is_not_json_on_its_line_only(tmp_path: Path) -> None:
    good = json.dumps(tender_row())
    lines = [good, '{"kd_tender": NaN}', '{"a":' * 100 + "1" + "}" * 100, '{"x": ' + "9" * 1001 + "}", good]
    path = tmp_path / "SPSE-TenderPengumuman.jsonl"
    path.write_text("\n".join(lines) + "\n")
    rows = list(read_isb(path))
    assert [row.ok for row in rows] == [True, False, False, False, True]
    assert "NaN" in str(rows[1].error)
    assert "nested more than" in str(rows[2].error)
    assert "digits" in str(rows[3].error)


# ----------------------------------------------------------------------------------------------- OCDS releases


def _release(**changes: Any) -> dict[str, Any]:
    return {"ocid": f"{PREFIX}-1", "id": "1", "date": "2025-01-01T00:00:00Z", "tag": ["tender"], **changes}


def _release_text(extra: list[tuple[str, Any]]) -> str:
    return _object_text([*_release().items(), *extra])


def _forms(tmp_path: Path, text: str) -> dict[str, Path]:
    """The same release as JSON Lines, in a package, in an array, and streamed (concatenated JSON)."""
    files = {
        "line": text + "\n",
        "package": '{"uri": "u", "releases": [' + text + "]}",
        "array": "[\n" + text + "\n]",
        "stream": text + "\n " + text,  # not one document, not JSON Lines: the streaming reader
        "big": '{"uri": "u", "releases": [' + " " * (WHOLE_PARSE_LIMIT + 10) + text + "]}",  # streamed
    }
    paths = {}
    for form, content in files.items():
        paths[form] = tmp_path / f"{form}.json"
        paths[form].write_text(content)
    return paths


@pytest.mark.parametrize("form", ["line", "package", "array", "stream", "big"])
def test_a_repeated_release_key_with_another_value_is_refused_naming_it(tmp_path: Path, form: str) -> None:
    text = json.dumps(_release())[:-1] + ', "tender": {"id": "1", "value": {"amount": 1, "amount": 2}}}'
    path = _forms(tmp_path, text)[form]
    with pytest.raises(InputError, match="'amount' is given twice") as caught:
        list(ReleaseReader(path))
    assert caught.value.source == str(path) and caught.value.position


@pytest.mark.parametrize("form", ["line", "package", "array", "stream", "big"])
def test_a_repeated_release_key_with_the_same_value_is_read(tmp_path: Path, form: str) -> None:
    path = _forms(tmp_path, _release_text([("tag", ["tender"]), ("id", "1")]))[form]
    releases = [item.release for item in ReleaseReader(path)]
    assert releases and all(release == _release() for release in releases)


@pytest.mark.parametrize("form", ["line", "package", "array", "stream", "big"])
def test_a_wide_integer_in_a_release_stays_exact(tmp_path: Path, form: str) -> None:
    path = _forms(tmp_path, json.dumps(_release(x_count=2**64 + 1, x_small=-(10**40))))[form]
    releases = [item.release for item in ReleaseReader(path)]
    assert releases and all(r["x_count"] == 2**64 + 1 and r["x_small"] == -(10**40) for r in releases)
    assert all(type(r["x_count"]) is int for r in releases)


def test_compile_names_a_repeated_key_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "releases.jsonl"
    path.write_text(json.dumps(_release()) + "\n" + _release_text([("date", "2026-01-01T00:00:00Z")]) + "\n")
    result = run_cli("compile", str(path))
    err = result.stderr.decode()
    assert result.returncode in (1, 2), err  # compile: 1 for bad releases, as for invalid JSON
    assert len(err.strip().splitlines()) == 1
    assert "releases.jsonl" in err and "line 2" in err and "'date' is given twice" in err
    assert "Traceback" not in err


def test_compile_keeps_a_wide_integer_exact(tmp_path: Path) -> None:
    path = tmp_path / "releases.jsonl"
    path.write_text(json.dumps(_release(x_count=2**64 + 1)) + "\n")
    result = run_cli("compile", str(path))
    assert result.returncode == 0, result.stderr.decode()
    assert str(2**64 + 1) in result.stdout.decode()


# ----------------------------------------------------------------------------------------------- the decoder


def _reference(text: str, decimals: bool) -> Any:
    """What an exact decoder gives: json with repeated keys kept as "key (2)", "key (3)"..., numbers exact
    (a number written with a fraction or an exponent stays a non-integer Decimal)."""

    def keep(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        built: dict[str, Any] = {}
        for key, value in pairs:
            kept, number = key, 1
            while kept in built:
                number += 1
                kept = f"{key} ({number})"
            built[kept] = value
        return built

    def decimal(text: str) -> Decimal:
        value = Decimal(text)
        return value if value.as_tuple().exponent != 0 else value.quantize(Decimal("0.1"))

    return json.loads(text, object_pairs_hook=keep, parse_float=decimal if decimals else float)


_KEYS = st.sampled_from(["a", "b", 'q"', "a (2)", "\\", ":", '":', "é", "\u2028"])
#: Escapes written by hand (json.dumps never escapes a colon): orjson writes them back as the characters.
_ESCAPED = st.sampled_from(['"\\u003a"', '"\\u003A"', '"a\\u003ab"', '"\\u00e9"', '"\\u0061"'])
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**62, max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.sampled_from('a"\\:{}[] é'), max_size=6)
)


def _texts(ascii_only: bool, joiner: str = ", ") -> Any:
    """JSON texts with repeated keys, wide integers, escapes and white space before colons; with ``joiner`` ","
    and the colon ":" they are compact, as orjson writes them (the decoder's shortcut for its own output)."""

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=ascii_only)

    def obj(pairs: list[tuple[str, str, str]]) -> str:
        return "{" + joiner.join(f"{key}{colon}{value}" for key, colon, value in pairs) + "}"

    keys = _KEYS.map(dumps) | _ESCAPED
    return st.recursive(
        _SCALARS.map(dumps) | _ESCAPED,
        lambda inner: (
            st.lists(inner, max_size=3).map(lambda items: "[" + joiner.join(items) + "]")
            | st.lists(st.tuples(keys, st.sampled_from([":", " :", ": ", "\n:"]), inner), max_size=4).map(obj)
        ),
        max_leaves=12,
    )


# compact, spaced, and in lines (one value a line, as a package of releases is written; trusted line by line)
_ANY_TEXT = st.tuples(st.booleans(), st.sampled_from([", ", ",", ",\n", "\n,\n  "])).flatmap(lambda form: _texts(*form))


@settings(max_examples=300, deadline=None)
@given(text=_ANY_TEXT, decimals=st.booleans())
def test_the_fast_path_never_hides_a_repeated_key_or_a_wide_integer(text: str, decimals: bool) -> None:
    decoded = codec.loads(text.encode(), duplicates="keep", decimals=decimals)
    assert _plain(decoded) == _reference(text, decimals)
    assert json.dumps(_plain(decoded), sort_keys=True, default=str) == json.dumps(
        _reference(text, decimals), sort_keys=True, default=str
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


@settings(max_examples=100, deadline=None)
@given(text=_ANY_TEXT)
def test_refusing_decoder_refuses_exactly_the_conflicting_repeats(text: str) -> None:
    def conflicting(value: Any) -> bool:
        if isinstance(value, list):
            return any(conflicting(item) for item in value)
        if not isinstance(value, dict):
            return False
        for key in value:
            repeat = jsontext_repeat(key)
            if repeat is not None and repeat in value:
                first, again = value[repeat], value[key]
                if type(first) is not type(again) or first != again:
                    return True
        return any(conflicting(item) for item in value.values())

    assume("a (2)" not in text)
    reference = _reference(text, decimals=False)
    if conflicting(reference):
        with pytest.raises(codec.DuplicateKeyError):
            codec.loads(text.encode(), duplicates="refuse")
    else:
        codec.loads(text.encode(), duplicates="refuse")


def jsontext_repeat(key: str) -> str | None:
    """``"a"`` for ``"a (2)"``: the key a repeat was kept under."""
    if key.endswith(")") and " (" in key:
        return key.rsplit(" (", 1)[0]
    return None


@pytest.mark.parametrize(
    "command",
    [
        ["compile"],
        ["compile", "--package"],
        ["upgrade", "1.0:1.1"],
        ["combine-release-packages"],
        ["split-release-packages", "1"],
        ["package-releases"],
    ],
    ids=lambda command: " ".join(command),
)
def test_every_command_writes_a_wide_integer_exactly(tmp_path: Path, command: list[str]) -> None:
    from ocds_regency.cli import main

    release = _release(x_count=2**64 + 1)
    path = tmp_path / "input.json"
    if command[0] == "package-releases":
        path.write_text(json.dumps(release) + "\n")
    else:
        path.write_text(json.dumps({"uri": "u", "version": "1.1", "releases": [release]}))
    out = tmp_path / "out.json"
    args = [*command, "-o", str(out)]
    if command[0] == "package-releases":  # it reads standard input
        import subprocess
        import sys

        with path.open("rb") as stdin:
            status = subprocess.run(
                [sys.executable, "-m", "ocds_regency", *args], stdin=stdin, capture_output=True, check=False
            ).returncode
    else:
        status = main([*args, str(path)])
    assert status == 0
    assert str(2**64 + 1) in out.read_text()


@pytest.mark.parametrize("output", ["json", "text"])
def test_validate_reports_on_a_wide_integer_without_failing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    from ocds_regency.cli import main

    path = tmp_path / "releases.json"  # concatenated JSON, as the fuzzer found it: read exactly, 2**64 kept
    path.write_text(json.dumps(_release()) + json.dumps(_release(ocid=2**64)))  # a wrong type, quoted
    status = main(["validate", "--format", output, str(path)])
    captured = capsys.readouterr()
    assert status == 1, captured.err
    assert "internal error" not in captured.err
    if output == "json":
        assert json.loads(captured.out)["ok"] is False


@pytest.mark.parametrize("form", ["line", "package", "array", "stream", "big"])
def test_validate_refuses_a_repeated_key_with_another_value_naming_it(tmp_path: Path, form: str) -> None:
    # validate reads with its own document reader (read/documents.py: orjson in one go, a fast item scanner
    # for big packages, ijson as fallback); none of them may settle a repeated key by position.
    from ocds_regency.read import open_input

    text = json.dumps(_release())[:-1] + ', "tender": {"id": "1", "value": {"amount": 1, "amount": 2}}}'
    path = _forms(tmp_path, text)[form]

    def read() -> None:
        for _item in open_input(path, stream_threshold=1024).items():
            pass

    with pytest.raises(InputError, match="'amount' is given twice") as caught:
        read()
    assert caught.value.source is not None


@pytest.mark.parametrize("form", ["line", "package", "array", "stream", "big"])
def test_validate_reads_a_repeated_key_with_the_same_value_and_wide_integers(tmp_path: Path, form: str) -> None:
    from ocds_regency.read import open_input

    text = _release_text([("tag", ["tender"]), ("x", 2**64 + 1)])
    path = _forms(tmp_path, text)[form]
    if form == "line":  # one line is one release, not a list of them
        path.write_text(text + "\n" + text + "\n")
    items = list(open_input(path, stream_threshold=1024).items())
    assert items and all(item == {**_release(), "x": 2**64 + 1} for item in items)


def test_validate_command_names_a_repeated_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ocds_regency.cli import main

    text = json.dumps(_release())[:-1] + ', "tender": {"id": "1", "id": "2"}}'
    path = _forms(tmp_path, text)["package"]
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "'id' is given twice" in err and str(path) in err and "internal error" not in err


def test_flatten_of_compiled_releases_keeps_a_wide_integer_exactly(tmp_path: Path) -> None:
    from ocds_regency.cli import main

    path = tmp_path / "input.json"
    path.write_text(json.dumps({"uri": "u", "version": "1.1", "releases": [_release(x_count=2**64 + 1)]}))
    out = tmp_path / "out"
    assert main(["flatten", "--format", "csv", "-o", str(out), str(path)]) == 0
    assert str(2**64 + 1) in (out / "main.csv").read_text()
