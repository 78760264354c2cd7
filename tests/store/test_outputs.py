"""What the store keeps of a compiled release for the figures and the flags reads back exactly, or is not kept."""

from __future__ import annotations

import dataclasses
import shutil
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest

from ocds_regency.flags import process as flag_process
from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish
from ocds_regency.reporting import ProcessFigures
from ocds_regency.store import ReleaseStore, load_release
from ocds_regency.store.outputs import decode_values, encode_values
from tests.store.conftest import PREFIX, SAMPLE

_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        ProcessFigures,
        flag_process.Process,
        flag_process.Bid,
        flag_process.Award,
        flag_process.Contract,
        flag_process.Money,
    )
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("outputs") / "out"
    result = publish([SAMPLE], PackageMetadata(published_date="2025-11-04T08:00:00Z"), PublishOptions(PREFIX, out))
    assert result.published
    records = load_release((out / "record-package.json").read_bytes())["records"]  # amounts as decimals
    return [record["compiledRelease"] for record in records]


def test_the_facts_of_every_sample_process_read_back(compiled: list[dict[str, Any]]) -> None:
    dated = 0
    for release in compiled:
        facts = (ProcessFigures.of(release), flag_process.view(release))
        entry = encode_values(facts)
        assert entry is not None, release["ocid"]
        back = decode_values(entry, _CLASSES)
        assert back == facts and repr(back) == repr(facts)
        dated += facts[1] is not None and facts[1].date is not None
    assert dated  # datetimes were among them


def test_values_that_would_not_read_back_are_not_kept() -> None:
    assert encode_values({1: "a"}) is None  # a key that is not text
    assert encode_values({"a": {1, 2}}) is None  # a set
    assert encode_values(float("nan")) is None  # JSON has no NaN
    assert encode_values(datetime(2025, 1, 2, tzinfo=ZoneInfo("Asia/Jakarta"))) is None  # would come back fixed
    kept = (Decimal("1.50"), datetime(2025, 1, 2, tzinfo=UTC), datetime(2025, 1, 2, 3), ("a", 1, 1.0), [{"b": None}])
    entry = encode_values(kept)
    assert entry is not None
    assert repr(decode_values(entry, {})) == repr(kept)


def test_an_unreadable_entry_is_refused() -> None:
    unreadable = (
        b"{",
        b'{"~class": "Nope", "~fields": {}}',  # the earlier format
        b'{"~tuple": [1, 2]}',
        b'["values-1", 1]',
        b'["values-2"]',
        b'["values-2", [5, "Nope"]]',
        b'["values-2", [3]]',
        b'["values-2", [9, 1]]',
    )
    for entry in unreadable:
        with pytest.raises((ValueError, KeyError)):
            decode_values(entry, _CLASSES)


def _earlier(value: Any) -> Any:
    """A value as the earlier format (store version 3 as first released) kept it: tagged objects."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            "~class": type(value).__name__,
            "~fields": {f.name: _earlier(getattr(value, f.name)) for f in dataclasses.fields(value)},
        }
    if isinstance(value, tuple):
        return {"~tuple": [_earlier(item) for item in value]}
    if isinstance(value, list):
        return [_earlier(item) for item in value]
    if isinstance(value, dict):
        return {"~dict": {key: _earlier(item) for key, item in value.items()}}
    if isinstance(value, datetime):
        return {"~datetime": value.isoformat()}
    if isinstance(value, Decimal):
        return {"~decimal": str(value)}
    return value


def _made_again(tmp_path: Path, kind: str, earlier: Callable[[bytes], bytes]) -> list[bytes]:
    """Publish the sample with a store, rewrite every entry of ``kind`` as ``earlier`` makes it from the entry's
    content (an entry of an earlier format), publish again; check that the re-publication writes what a full one
    does on a copy of the store as it was, and that every entry was replaced; return the entries' contents."""
    source = tmp_path / "isb"
    shutil.copytree(SAMPLE, source)
    store = str(tmp_path / "store.sqlite")

    def run(out: str, at: str, location: str, *, full: bool = False) -> dict[str, bytes]:
        options = PublishOptions(PREFIX, tmp_path / out, store=location, full=full)
        result = publish([source], PackageMetadata(published_date=at), options)
        assert result.published
        return {path.name: path.read_bytes() for path in sorted(result.location.iterdir())}

    run("out", "2025-11-04T08:00:00Z", store)
    shutil.copy(store, tmp_path / "full.sqlite")
    with ReleaseStore.open(store) as opened:
        rows = opened.backend.query(
            opened.backend.sql("SELECT entry_key, entry FROM output_cache WHERE kind = ?"), (kind,)
        )
        assert rows
        for key, entry in rows:
            opened.backend.execute(
                opened.backend.sql("UPDATE output_cache SET entry = ? WHERE kind = ? AND entry_key = ?"),
                (zlib.compress(earlier(_stored(bytes(entry)))), kind, key),
            )
        opened.commit()
    cached = run("out", "2025-11-05T08:00:00Z", store)
    assert cached == run("full", "2025-11-05T08:00:00Z", str(tmp_path / "full.sqlite"), full=True)
    with ReleaseStore.open(store, readonly=True) as opened:
        entries = opened.backend.query(opened.backend.sql("SELECT entry FROM output_cache WHERE kind = ?"), (kind,))
    assert len(entries) == len(rows)
    return [_stored(bytes(entry)) for (entry,) in entries]


def test_facts_kept_in_the_earlier_format_are_made_again_and_replaced(tmp_path: Path) -> None:
    def earlier(entry: bytes) -> bytes:
        return orjson.dumps(_earlier(decode_values(entry, _CLASSES)))

    entries = _made_again(tmp_path, "process-facts", earlier)
    assert all(entry.startswith(b'["values-2",') for entry in entries)  # made again


def test_entries_read_back_small_ones_uncompressed(store_location: str) -> None:
    small, large = b"[]", orjson.dumps([["findings", n] for n in range(1000)])
    with ReleaseStore.open(store_location, seen="2025-11-04T08:00:00+07:00") as opened:
        cache = opened.outputs("test")
        cache.put(b"s", small)
        cache.put(b"l", large)
        cache.flush()
        # an entry written compressed whatever its size (as before small entries were kept as they are)
        opened.backend.execute(
            opened.backend.sql(
                "INSERT INTO output_cache (kind, entry_key, written_by, entry, run_id) VALUES ('test', ?, ?, ?, 1)"
            ),
            (b"z", cache.written_by, zlib.compress(small)),
        )
        stored = dict(opened.backend.query("SELECT entry_key, entry FROM output_cache WHERE kind = 'test'"))
        assert bytes(stored[b"s"]) == b"\x00" + small
        assert zlib.decompress(bytes(stored[b"l"])) == large
        again = opened.outputs("test")
        assert [again.get(key) for key in (b"s", b"l", b"z", b"?")] == [small, large, small, None]
        ahead = opened.outputs("test")
        ahead.read_ahead([b"l", b"?", b"s", b"l"])
        assert [ahead.get(key) for key in (b"s", b"l", b"?", b"z")] == [small, large, None, small]
        assert (ahead.hits, ahead.misses) == (3, 1)
        assert opened.outputs("nothing-yet").get(b"s") is None  # a kind with no entry: not looked up


def _stored(entry: bytes) -> bytes:
    """An ``output_cache`` entry as its producer made it (small ones are kept after a zero byte, others zlib's)."""
    return entry[1:] if entry[:1] == b"\x00" else zlib.decompress(entry)


def _earlier_rows(entry: bytes) -> bytes:
    """Kept spreadsheet rows as the earlier format kept them: the cells only, not the spooled text."""
    head, _, data = entry.partition(b"\n")
    form, skipped, names, sheets = orjson.loads(head)
    assert form == "rows-2"
    rows, at = [], 0
    for name, digest, count, numbers, _rows, line_size, text_size, _plain in sheets:
        rows.append([name, digest, count, orjson.loads(data[at : at + line_size]), numbers])
        at += line_size + text_size
    return orjson.dumps([skipped, names, rows])


def test_rows_kept_in_the_earlier_format_are_made_again_and_replaced(tmp_path: Path) -> None:
    entries = _made_again(tmp_path, "sheet-rows", _earlier_rows)
    assert all(entry.startswith(b'["rows-2",') for entry in entries)  # made again


@pytest.mark.parametrize("kind", ["process-facts", "findings"])
def test_small_entries_are_kept_uncompressed_and_an_older_stores_compressed_ones_still_read(
    tmp_path: Path, kind: str
) -> None:
    # every entry of the kind compressed, as stores kept entries of 256 bytes and more before: the re-publication
    # reads them (the same files as a full run) and leaves them, rather than making them again
    contents = _made_again(tmp_path, kind, lambda entry: entry)
    assert contents and all(len(entry) < 4096 for entry in contents)  # small ones (those a store now keeps raw)
    with ReleaseStore.open(str(tmp_path / "store.sqlite"), readonly=True) as opened:
        entries = [bytes(e) for (e,) in opened.backend.query(opened.backend.sql(_OF_KIND), (kind,))]
    assert entries and not any(entry.startswith(b"\x00") for entry in entries)  # read, not made again
    # a full run makes every entry again: small ones are kept as they are, after a zero byte
    with ReleaseStore.open(str(tmp_path / "full.sqlite"), readonly=True) as opened:
        made = [bytes(e) for (e,) in opened.backend.query(opened.backend.sql(_OF_KIND), (kind,))]
    assert made and all(entry.startswith(b"\x00") for entry in made)
    assert sorted(entry[1:] for entry in made) == sorted(contents)


_OF_KIND = "SELECT entry FROM output_cache WHERE kind = ?"
