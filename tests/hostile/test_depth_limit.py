"""One nesting limit (read/limits.py ``MAX_DEPTH``) in every reader: a text nested exactly that deep is read,
one level deeper is refused with the same one line ("JSON nested more than 64 levels deep").

The depth is the nesting of the whole text, counted from its top: a package and its ``releases`` array are
two of the levels, a JSON array of ISB rows one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ocds_regency import codec, kit
from ocds_regency.errors import InputError
from ocds_regency.read import open_input, read_isb
from ocds_regency.read.limits import MAX_DEPTH
from ocds_regency.read.releases import WHOLE_PARSE_LIMIT, ReleaseReader
from tests.hostile.conftest import PREFIX, tender_row

REFUSAL = f"nested more than {MAX_DEPTH} levels"


def nested(levels: int) -> Any:
    """A value ``levels`` objects deep (0: a number)."""
    value: Any = 1
    for _ in range(levels):
        value = {"x": value}
    return value


def depth(value: Any) -> int:
    """The nesting of a decoded value (an independent count, to check the texts built here)."""
    if isinstance(value, dict):
        return 1 + max((depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(item) for item in value), default=0)
    return 0


def release(total: int, around: int) -> dict[str, Any]:
    """A release whose text makes the whole document ``total`` levels deep, inside ``around`` levels."""
    return {"ocid": f"{PREFIX}-1", "id": "1", "date": "2025-01-01T00:00:00Z", "x": nested(total - around - 1)}


def package(total: int) -> dict[str, Any]:
    return {"uri": "u", "publishedDate": "2025-01-01T00:00:00Z", "releases": [release(total, 2)]}


LIMITS = [pytest.param(MAX_DEPTH, True, id="at-the-limit"), pytest.param(MAX_DEPTH + 1, False, id="one-over")]


def check(read: Callable[[], Any], ok: bool) -> None:
    if ok:
        read()
    else:
        with pytest.raises(InputError, match=REFUSAL):
            read()


def test_the_texts_are_as_deep_as_said() -> None:
    assert depth(package(MAX_DEPTH)) == MAX_DEPTH
    assert depth([tender_row(x=nested(MAX_DEPTH - 2))]) == MAX_DEPTH
    assert depth(release(MAX_DEPTH + 1, 0)) == MAX_DEPTH + 1


@pytest.mark.parametrize(("total", "ok"), LIMITS)
@pytest.mark.parametrize("form", ["array", "jsonl"])
def test_isb_readers(tmp_path: Path, total: int, ok: bool, form: str) -> None:
    if form == "array":
        path = tmp_path / "SPSE-TenderPengumuman.json"
        path.write_text(json.dumps([tender_row(x=nested(total - 2))]))
        check(lambda: list(read_isb(path)), ok)
    else:
        path = tmp_path / "SPSE-TenderPengumuman.jsonl"
        path.write_text(json.dumps(tender_row(x=nested(total - 1))) + "\n")
        (row,) = read_isb(path)  # JSON Lines: the refusal is the line's, the file goes on
        assert row.ok is ok
        assert ok or REFUSAL in str(row.error)


def _release_forms(tmp_path: Path, total: int) -> dict[str, Path]:
    forms = {
        "line": json.dumps(release(total, 0)) + "\n",
        "package": json.dumps(package(total)),
        "stream": json.dumps(release(total, 0)) + " " + json.dumps(release(total, 0)),
        "big": json.dumps(package(total)).replace('"releases": [', '"releases": [' + " " * (WHOLE_PARSE_LIMIT + 10)),
    }
    paths = {}
    for form, text in forms.items():
        paths[form] = tmp_path / f"{form}.json"
        paths[form].write_text(text)
    return paths


@pytest.mark.parametrize(("total", "ok"), LIMITS)
@pytest.mark.parametrize("form", ["line", "package", "stream", "big"])
def test_the_release_reader(tmp_path: Path, total: int, ok: bool, form: str) -> None:
    path = _release_forms(tmp_path, total)[form]
    check(lambda: list(ReleaseReader(path)), ok)


@pytest.mark.parametrize(("total", "ok"), LIMITS)
@pytest.mark.parametrize("form", ["package", "big"])
@pytest.mark.parametrize("threshold", [1 << 30, 1024], ids=["whole", "streamed"])
def test_validate_document_reader(tmp_path: Path, total: int, ok: bool, form: str, threshold: int) -> None:
    path = _release_forms(tmp_path, total)[form]
    check(lambda: list(open_input(path, stream_threshold=threshold).items()), ok)


@pytest.mark.parametrize(("total", "ok"), LIMITS)
def test_the_ocdskit_commands_reader(tmp_path: Path, total: int, ok: bool) -> None:
    path = _release_forms(tmp_path, total)["package"]
    check(lambda: list(kit.read_items([str(path)], root_path="releases.item")), ok)


@pytest.mark.parametrize(("total", "ok"), LIMITS)
def test_flags_reader_of_compiled_records(tmp_path: Path, total: int, ok: bool) -> None:
    from ocds_regency.flags.read import compiled_releases

    compiled = {**release(total, 3), "tag": ["compiled"]}  # inside a record package, its records, a record
    path = tmp_path / "records.json"
    path.write_text(json.dumps({"uri": "u", "records": [{"ocid": f"{PREFIX}-1", "compiledRelease": compiled}]}))
    check(lambda: list(compiled_releases([str(path)])), ok)


@pytest.mark.parametrize(("total", "ok"), LIMITS)
def test_text_in_memory_and_the_models(total: int, ok: bool) -> None:
    from ocds_regency.models import Release

    text = json.dumps({**release(total, 0), "tag": ["tender"], "initiationType": "tender"}).encode()
    check(lambda: codec.loads(text), ok)
    check(lambda: Release.from_json(text), ok)


@pytest.mark.parametrize(("total", "ok"), LIMITS)
def test_compile_byte_ranges_checked_in_the_worker(tmp_path: Path, total: int, ok: bool) -> None:
    from ocds_regency.compile.work import GroupMerger, Output
    from ocds_regency.merge.rules import rules_for_profile
    from ocds_regency.standard import load_profile

    path = tmp_path / "grouped.jsonl"
    first = {key: value for key, value in release(8, 0).items() if key != "x"}
    path.write_text(json.dumps(first) + "\n" + json.dumps({**release(total, 0), "id": "2"}) + "\n")
    merger = GroupMerger(rules_for_profile(load_profile()), Output.COMPILED)
    task = (str(path), "grouped.jsonl", 0, path.stat().st_size, 1)
    ((_ocid, out, _warnings, errors, _extensions),) = merger.range(task)
    if ok:
        assert errors == [] and out is not None
    else:
        assert len(errors) == 1 and "grouped.jsonl, line 2" in str(errors[0]) and REFUSAL in str(errors[0])
