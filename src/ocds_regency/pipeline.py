"""Publish a regency's ISB data in one call: convert, compile, write, validate, report, swap into place.

```python
from ocds_regency.package import PackageMetadata, Publisher
from ocds_regency.pipeline import PublishOptions, publish

metadata = PackageMetadata(publisher=Publisher("Kabupaten Contoh"))   # what every package declares
result = publish(["isb/2025/"], metadata, PublishOptions(prefix="ocds-a1b2c3", out_dir="out/"))
result.published            # False when validation found blocking errors (nothing was published)
result.report.figures.processes
```

:func:`publish` writes into ``out_dir``:

- ``release-package.json``: every release, valid against OCDS 1.1.5 with the declared extensions. When
  the releases span several years, one package per year (``release-package-2025.json``), and a year with
  more than :attr:`PublishOptions.max_releases` releases is split again (``release-package-2025-2.json``);
- ``record-package.json``: one record per contracting process, with its compiled release (and, with
  :attr:`PublishOptions.versioned`, its versioned release) and links to its releases in the release packages;
- ``releases.jsonl``: the same releases, one per line, for bulk users;
- ``flags.json`` and ``flags.csv``: the red-flag indicators (:mod:`ocds_regency.flags`, Indonesian
  profile): processes worth a second look, with their evidence, and each indicator's coverage;
- ``publikasi.xlsx`` and ``publikasi-csv.zip`` (unless :attr:`PublishOptions.spreadsheets` is off): the
  compiled releases as a spreadsheet (and as CSV files) in flatten-tool's layout (see
  :mod:`ocds_regency.flatten`), for people who work in Excel;
- ``report.json`` and ``report.html``: row accounting, validation findings, summary figures and flags.

The publication is atomic. Everything is written into a temporary directory beside ``out_dir``, then
validated, and only then swapped into place (with an atomic directory exchange where the system has
one). A run that is killed leaves ``out_dir`` as it was, or complete; leftovers of a killed run are
cleaned up (or the previous directory restored) by the next run. When validation finds errors, nothing
is published: the outputs go to ``<out_dir>.failed/`` for inspection and ``out_dir`` is untouched.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import itertools
import os
import re
import shutil
import tempfile
import warnings as warnings_module
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import timezone as tz
from pathlib import Path
from typing import IO, Any

import orjson

from ocds_regency import __version__, codec
from ocds_regency import _collector as collector
from ocds_regency._words import count_of
from ocds_regency.errors import OcdsRegencyError
from ocds_regency.flags import FlagsReport, FlagsRunner
from ocds_regency.flags import process as flag_process
from ocds_regency.flatten import Flattener
from ocds_regency.i18n import text
from ocds_regency.isb._base import ParseOptions
from ocds_regency.mapping import EXTENSIONS, Conversion, SourceRow, convert, extension_urls, parse_offset
from ocds_regency.merge import Merger
from ocds_regency.package import PackageMetadata
from ocds_regency.reporting import (
    FiguresBuilder,
    Lang,
    OutputFile,
    ProcessFigures,
    PublishReport,
    ValidationSummary,
    render_html,
)
from ocds_regency.standard import Profile, load_profile
from ocds_regency.store import OutputCache, ProcessUpdate, ReleaseStore, StoredRelease, load_release
from ocds_regency.store.cache import ProcessCache
from ocds_regency.store.outputs import decode_values, encode_values
from ocds_regency.store.rows import StoredRows
from ocds_regency.validate import PackageCheck, Report
from ocds_regency.write import JsonLinesWriter, PackageWriter, current_umask, dumps

__all__ = [
    "DEFAULT_MAX_RELEASES",
    "ProgressCallback",
    "PublishError",
    "PublishOptions",
    "PublishResult",
    "default_store_path",
    "publish",
]

#: Releases per release package before a year's package is split in parts.
DEFAULT_MAX_RELEASES = 100_000

#: ``progress(stage, done, total)``: called now and then with ``"convert"`` (contracting processes
#: converted and compiled so far, of ``total``) and ``"validate"`` (files validated so far, of ``total``).
ProgressCallback = Callable[[str, int, int], None]

_REPORT_JSON = "report.json"
_REPORT_HTML = "report.html"
_RECORD_PACKAGE = "record-package.json"
_RELEASES_JSONL = "releases.jsonl"
_FLAGS_JSON = "flags.json"
_FLAGS_CSV = "flags.csv"
_SPREADSHEET = "publikasi.xlsx"
_CSV_ZIP = "publikasi-csv.zip"


class PublishError(OcdsRegencyError):
    """The publication can't be made: an unusable output directory, or input that yields no release.

    Attributes:
        path: the directory or file concerned, if any.
    """

    def __init__(self, message: str, *, path: str | os.PathLike[str] | None = None) -> None:
        self.path = None if path is None else str(path)
        super().__init__(f"{self.path}: {message}" if self.path else message)


@dataclass(frozen=True)
class PublishResult:
    """What :func:`publish` did.

    Attributes:
        published: the outputs are in :attr:`out_dir` (no blocking error was found).
        out_dir: the output directory asked for.
        location: where the outputs are: :attr:`out_dir` when published, else ``<out_dir>.failed``.
        files: the files written, in :attr:`location`.
        report: the publication report (also in ``report.json`` / ``report.html``).
    """

    published: bool
    out_dir: Path
    location: Path
    files: tuple[Path, ...]
    report: PublishReport

    @property
    def exit_code(self) -> int:
        """``0`` when published, ``1`` when blocking errors were found."""
        return 0 if self.published else 1


# ----------------------------------------------------------------------------------------- directories


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process
        return True
    return True


def _leftover_pid(name: str, marker: str) -> int | None:
    rest = name.split(marker, 1)[1]
    digits = rest.split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def recover(out_dir: str | os.PathLike[str]) -> None:
    """Clean up after a publication into ``out_dir`` that was killed.

    A previous directory moved aside during a swap is put back if ``out_dir`` is missing, and removed
    otherwise; temporary directories of dead runs are removed. Runs still alive are left alone.
    """
    out = Path(out_dir)
    parent = out.parent
    if not parent.is_dir():
        return
    old_marker = f".{out.name}.old-"
    staging_marker = f".{out.name}.publish-"
    for entry in sorted(parent.iterdir()):
        for marker in (old_marker, staging_marker):
            if not entry.name.startswith(marker) or not entry.is_dir():
                continue
            pid = _leftover_pid(entry.name, marker)
            if pid is not None and _pid_alive(pid):
                continue
            if entry.is_symlink() or not is_publication(entry, staging=marker == staging_marker):
                continue  # not provably ours: left alone
            if marker == old_marker and not out.exists():
                os.rename(entry, out)
            else:
                shutil.rmtree(entry, ignore_errors=True)


#: The names of the files a publication is made of (and of the parts of a staging directory).
_OWN_NAMES = re.compile(
    r"release-package(?:-(?:\d{4}|all))?(?:-\d+)?\.json|"
    + "|".join(
        re.escape(name)
        for name in (
            _RECORD_PACKAGE,
            _RELEASES_JSONL,
            _REPORT_JSON,
            _REPORT_HTML,
            _FLAGS_JSON,
            _FLAGS_CSV,
            _SPREADSHEET,
            _CSV_ZIP,
        )
    )
)
_STAGING_NAMES = re.compile(r"\.part-(?:\d{4}|all)-\d+")
#: The largest report.json read to recognise a publication.
_MAX_MARKER_BYTES = 64 << 20


def is_publication(directory: Path, *, staging: bool = False) -> bool:
    """Whether ``directory`` is provably an ocds-regency publication (or, with ``staging``, one being made).

    Only then may it be replaced or removed: it holds nothing but regular files with a publication's own
    names, and its ``report.json`` (when complete) says ocds-regency wrote it.
    """
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return False
    for entry in entries:
        own = _OWN_NAMES.fullmatch(entry.name) or (staging and _STAGING_NAMES.fullmatch(entry.name))
        if not own or not entry.is_file(follow_symlinks=False):
            return False
    report = directory / _REPORT_JSON
    if staging and not report.exists():
        return True
    try:
        if report.stat().st_size > _MAX_MARKER_BYTES:
            return False
        marker = codec.fast_loads(report.read_bytes())  # a probe: only its generator is looked at
    except (OSError, codec.FastDecodeError):
        return False
    return isinstance(marker, dict) and str(marker.get("generator", "")).startswith("ocds-regency ")


def _check_out_dir(out: Path) -> None:
    if out.is_symlink():
        raise PublishError("is a symbolic link: give the directory itself (it is replaced as a whole)", path=out)
    if out.exists() and not out.is_dir():
        raise PublishError("exists and is not a directory", path=out)
    if out.is_dir() and any(out.iterdir()) and not is_publication(out):
        raise PublishError(
            "exists, is not empty and is not an earlier ocds-regency publication (one holds only its own files "
            "and a report.json written by ocds-regency): it would be replaced as a whole, so choose another "
            "directory or empty it",
            path=out,
        )
    failed = out.parent / f"{out.name}.failed"
    if failed.is_symlink() or (failed.exists() and not (failed.is_dir() and is_publication(failed))):
        raise PublishError(
            "is in the way: a failed publication would be written there, and it is not one ocds-regency wrote",
            path=failed,
        )


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two directories (Linux ``renameat2``); ``False`` where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _swap_into_place(staging: Path, out: Path) -> None:
    """Make ``staging`` become ``out``; a reader sees the old or the new directory, never a mix."""
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous publication
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"  # pragma: no cover - systems without renameat2
    os.rename(out, old)  # pragma: no cover
    os.rename(staging, out)  # pragma: no cover
    shutil.rmtree(old, ignore_errors=True)  # pragma: no cover


# ----------------------------------------------------------------------------------------- writing


class _ReleaseParts:
    """Release packages split by year and size; final names are chosen when every release is known."""

    def __init__(self, directory: Path, *, by_year: bool, max_releases: int) -> None:
        self.directory = directory
        self.by_year = by_year
        self.max_releases = max(1, max_releases)
        self._current: dict[str, int] = {}  # year -> current part number
        self._writers: dict[tuple[str, int], tuple[IO[bytes], PackageWriter]] = {}
        self.heads: dict[str, dict[str, Any]] = {}  # file name -> the metadata written

    def key(self, date: object) -> tuple[str, int]:
        """Where a release of this ``date`` goes: its year (or ``"all"``) and the current part of that year."""
        year = date[:4] if self.by_year and isinstance(date, str) and date[:4].isdigit() else "all"
        part = self._current.setdefault(year, 1)
        writer = self._writers.get((year, part))
        if writer is not None and writer[1].count >= self.max_releases:
            part = self._current[year] = part + 1
        return year, part

    def write(self, key: tuple[str, int], data: bytes) -> None:
        entry = self._writers.get(key)
        if entry is None:
            stream = (self.directory / f".part-{key[0]}-{key[1]}").open("wb")
            entry = self._writers[key] = (stream, PackageWriter(stream, "releases", None, pretty=True))
        entry[1].write_raw(data)

    def names(self) -> dict[tuple[str, int], str]:
        """Final file names: ``release-package.json`` alone, else ``-YEAR`` and ``-PART`` suffixes."""
        keys = sorted(self._writers)
        if len(keys) == 1:
            return {keys[0]: "release-package.json"}
        years = {year for year, _ in keys}
        names = {}
        for year, part in keys:
            stem = "release-package"
            if len(years) > 1:
                stem += f"-{year}"
            if self._current.get(year, 1) > 1:
                stem += f"-{part}"
            names[(year, part)] = stem + ".json"
        return names

    def finish(self, metadata: Callable[[str], dict[str, Any]]) -> list[OutputFile]:
        outputs = []
        names = self.names()
        for key, (stream, writer) in sorted(self._writers.items()):
            name = names[key]
            self.heads[name] = metadata(name)
            writer.set_metadata(self.heads[name])
            writer.close()
            stream.close()
            os.replace(self.directory / f".part-{key[0]}-{key[1]}", self.directory / name)
            outputs.append(OutputFile(name, "release-package", (self.directory / name).stat().st_size, writer.count))
        return outputs

    def abort(self) -> None:
        for stream, _ in self._writers.values():
            with contextlib.suppress(OSError):
                stream.close()


@dataclass
class _Group:
    """One process to publish: its releases (id, date, tags, JSON bytes) and how to get its record.

    ``releases`` as dicts are given when the record must be merged; ``record`` (with the merge's
    ``warnings``) when the store has it for this history.
    """

    ocid: str
    releases: list[tuple[str, str, list[str], bytes]]
    dicts: Callable[[], list[dict[str, Any]]]
    record: bytes | None = None
    warnings: tuple[str, ...] = ()
    seq: int | None = None  # the store's last position in the process's history
    mapped: Callable[[bytes, list[str]], None] | None = None  # called with the merged record, to remember it


def _stored_group(ocid: str, history: Sequence[StoredRelease], update: ProcessUpdate | None = None) -> _Group:
    releases = [(s.release_id, s.date, list(s.tags), s.data) for s in history]
    if update is not None:
        return _Group(ocid, releases, lambda: [r for r, _ in update.releases()], seq=history[-1].seq)
    return _Group(ocid, releases, lambda: [load_release(s.data) for s in history], seq=history[-1].seq)


def _processes(run: _Run, merger: Merger) -> Iterator[_Group]:
    """The releases to publish, process by process.

    Without a store, the conversion's releases. With one, each process's whole history after the store
    has compared it with the conversion (a process whose sources did not change is not even mapped: see
    :mod:`ocds_regency.store.cache`), then the processes gone from the source (kept as they were).
    """
    store = run.store
    if store is None:
        for _process, made in run.conversion.by_process():
            if fresh := list(made):
                yield _fresh_group(fresh)
        return
    cache = ProcessCache(store, run.conversion.context, full=run.options.full)
    # The store reads the processes' histories and cached records a chunk at a time, in this order.
    store.expect(run.conversion.ocids)
    for process, made in run.conversion.by_process():
        if cache.reuse(process):
            yield _cached(_stored_group(process.ocid, store.keep(process.ocid)), store, _shape(run))
            continue
        with cache.recording(process) as recorder:
            mapped = list(made)
        if not mapped:
            continue
        update = store.update(mapped, merger.create_compiled_release)
        # Saved now, while the rows are as this process's mapping left them (groups may be taken ahead).
        cache.save(process, recorder, mapped)
        stored = _stored_group(process.ocid, update.history, update)

        def remember(
            record: bytes, warnings: list[str], ocid: str = process.ocid, seq: int | None = stored.seq
        ) -> None:
            assert seq is not None
            store.save_record(ocid, seq, _shape(run), record, warnings)

        stored.mapped = remember
        yield stored
    for ocid, history in store.gone():
        yield _cached(_stored_group(ocid, history), store, _shape(run))


def _fresh_group(releases: list[dict[str, Any]]) -> _Group:
    """A process's releases as the conversion made them (no store)."""
    listed = [(str(r["id"]), str(r["date"]), list(r.get("tag", [])), dumps(r)) for r in releases]
    return _Group(str(releases[0]["ocid"]), listed, lambda: releases)


def _grouped(releases: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Consecutive releases of one ocid (the conversion yields them process by process)."""
    group: list[dict[str, Any]] = []
    for release in releases:
        if group and release.get("ocid") != group[0].get("ocid"):
            yield group
            group = []
        group.append(release)
    if group:
        yield group


def _shape(run: _Run) -> str:
    """How the run merges records: with a versioned release or not, by the merge rules of its OCDS version."""
    return f"{'versioned' if run.options.versioned else 'compiled'} {run.profile.package_version}"


def _cached(group: _Group, store: ReleaseStore, shape: str) -> _Group:
    """The group with its record from the store when the store has it for this history (else remembered)."""
    assert group.seq is not None
    found = store.cached_record(group.ocid, group.seq, shape)
    if found is not None:
        group.record, group.warnings = found[0], tuple(found[1])
    else:
        seq = group.seq
        group.mapped = lambda record, warnings: store.save_record(group.ocid, seq, shape, record, warnings)
    return group


def _display_name(inputs: Iterable[object]) -> Callable[[str], str]:
    """Name input files relative to the directory given (``isb/2025/x.json`` -> ``2025/x.json``).

    The report is published: it must not reveal where the files sat on the publishing machine.
    """
    roots = []
    for item in inputs:
        if isinstance(item, str | os.PathLike):
            path = Path(item)
            roots.append((path, path.parent))

    def name(source: str) -> str:
        path = Path(source)
        for given, base in roots:
            if path == given or given in path.parents:
                try:
                    return path.relative_to(base).as_posix()
                except ValueError:  # pragma: no cover - base is a parent of given
                    break
        return path.name or source

    return name


def _check_inputs_outside(inputs: Iterable[object], out: Path) -> None:
    """Refuse an input inside the output directory: publishing replaces that directory as a whole."""
    for item in inputs:
        if isinstance(item, str | os.PathLike):
            path = Path(os.path.abspath(item))
            if path == out or out in path.parents:
                raise PublishError(
                    f"the input {os.fspath(item)} is inside the output directory, which publishing replaces as a "
                    "whole: choose another --out",
                    path=out,
                )


def _no_release_message(conversion: Conversion, display_name: Callable[[str], str]) -> str:
    """Why nothing could be published, naming what was read and the first reasons rows were refused."""
    report = conversion.report
    totals = report.totals
    if totals.read == 0:
        return (
            "the input yields no release: no data rows found (give ISB datasets as .json, .jsonl, .csv or "
            ".xlsx files, or directories holding them)"
        )
    reasons = report.rejection_counts
    summary = ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())
    examples = "; ".join(f"{display_name(r.source)}, {r.position}: {r.message}" for r in report.rejections[:_EXAMPLES])
    return f"the input yields no release: {count_of(totals.read, 'row')} read, none usable ({summary}); e.g. {examples}"


_EXAMPLES = 3


def default_store_path(out_dir: str | os.PathLike[str]) -> Path:
    """Where the release store of a publication lives by default: ``<out_dir>.store.sqlite`` beside it
    (not inside: the output directory is replaced as a whole)."""
    out = Path(os.path.abspath(out_dir))
    return out.parent / f"{out.name}.store.sqlite"


def _check_store_outside(store: str, out: Path) -> None:
    if store.startswith(("postgresql://", "postgres://")):
        return
    path = Path(os.path.abspath(store))
    if out in path.parents:
        raise PublishError(
            f"the release store {store} is inside the output directory, which publishing replaces as a whole: "
            "keep it beside it (the default is DIR.store.sqlite)",
            path=out,
        )


def _seen_time(date: str, timezone: str) -> str:
    """The run's time in the data's time zone (release dates are compared and sorted as text too)."""
    sign, hours, minutes = timezone[0], int(timezone[1:3]), int(timezone[4:6])
    offset = timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)
    return datetime.fromisoformat(date).astimezone(tz(offset)).isoformat()


@dataclass(frozen=True, slots=True)
class PublishOptions:
    """How :func:`publish` runs: where it writes, what it reads the data as, and what it writes.

    Attributes:
        prefix: the publisher's registered ocid prefix, e.g. ``"ocds-a1b2c3"``.
        out_dir: the output directory; it is replaced as a whole, so it must be empty, missing, or an
            earlier publication (it has a ``report.json``).
        timezone: UTC offset of the local times in the data (default WIB, ``+07:00``).
        lang: language of ``report.html`` (``"id"`` Bahasa Indonesia, default, or ``"en"``).
        versioned: also embed versioned releases in the records.
        personal_data: personal-data categories to publish (withheld by default).
        split_by_year: one release package per year of the releases' dates (when there are several).
        max_releases: releases per release package before it is split in parts.
        spreadsheets: also write ``publikasi.xlsx`` and ``publikasi-csv.zip``.
        store: a release store (an SQLite file, created when missing, or a ``postgresql://`` address; see
            :mod:`ocds_regency.store` and :func:`default_store_path`): releases whose content did not
            change since the last publication keep their id, date and bytes, changed ones get a new
            release, processes gone from the source keep theirs, records list every release, and the
            report says what changed. The store is changed only when the publication is made.
        store_wait: seconds to wait for another publication that holds the store.
        full: with a store, map, merge and check every process again, even those whose sources did not
            change since the last publication (by default they are taken from the store: see
            :mod:`ocds_regency.store.cache`). The outputs are the same; only the time differs.

    Raises:
        PublishError: ``lang`` is neither ``"id"`` nor ``"en"``.
    """

    prefix: str
    out_dir: str | os.PathLike[str]
    timezone: str = "+07:00"
    lang: Lang = "id"
    versioned: bool = False
    personal_data: tuple[str, ...] = ()
    split_by_year: bool = True
    max_releases: int = DEFAULT_MAX_RELEASES
    spreadsheets: bool = True
    store: str | os.PathLike[str] | None = None
    store_wait: float = 0.0
    full: bool = False

    def __post_init__(self) -> None:
        if self.lang not in ("id", "en"):
            raise PublishError(f"lang must be 'id' or 'en', not {self.lang!r}")
        if not isinstance(self.personal_data, tuple):
            object.__setattr__(self, "personal_data", tuple(self.personal_data))


def publish(
    inputs: Iterable[str | os.PathLike[str] | SourceRow],
    metadata: PackageMetadata,
    options: PublishOptions,
    *,
    progress: ProgressCallback | None = None,
) -> PublishResult:
    """Convert ISB datasets, compile records, validate, report, and publish them atomically.

    ```python
    from ocds_regency.package import PackageMetadata, Publisher
    from ocds_regency.pipeline import PublishOptions, publish

    metadata = PackageMetadata(uri="https://data.contoh.go.id/ocds/2025/", publisher=Publisher("Kabupaten Contoh"))
    result = publish(["isb/2025/"], metadata, PublishOptions(prefix="ocds-a1b2c3", out_dir="out/"))
    ```

    Args:
        inputs: ISB JSON files or directories of them (see :func:`ocds_regency.mapping.convert`).
        metadata: what every package declares. Its ``uri`` is the public base URL where ``out_dir`` will be
            served (e.g. ``"https://data.contoh.go.id/ocds/2025/"``): package URIs and the links from
            records to releases are built from it (default ``urn:ocds-regency:PREFIX/``). Its
            ``published_date`` defaults to now, in UTC: give it for byte-identical reruns. Its publisher is
            not guessed from the data (without one, the validator warns that it has no name). Its
            ``version`` is the publication's OCDS version (a bundled one): the packages declare it, and its
            schemas give the merge rules and the validation.
        options: where to write and how (see :class:`PublishOptions`).
        progress: optional callback for progress display.

    Returns:
        A :class:`PublishResult`; :attr:`PublishResult.exit_code` is 0 when published, 1 when blocking
        errors were found (then ``out_dir`` is untouched and the outputs are in ``<out_dir>.failed``).

    Raises:
        PublishError: ``out_dir`` can't be used or written, or the input yields no release at all.
        InputError: an input can't be read.
        ConversionError: the prefix or time zone is unusable.
        SchemaError: ``metadata.version`` is not a bundled OCDS version.
        StoreBusyError: another publication holds the store.
        StoreError: the store can't be used (damaged, foreign, written by a newer version, unreachable).
    """
    out = Path(os.path.abspath(options.out_dir))
    inputs = list(inputs)
    # The OCDS version of the publication (what the packages declare): its schemas give the merge rules and
    # the validation. A version that is not bundled stops here, before any work.
    profile = load_profile(EXTENSIONS, version=metadata.version)
    _check_inputs_outside(inputs, out)
    _check_out_dir(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        recover(out)
    except OSError as exc:
        raise PublishError(f"can't prepare the output directory: {exc.strerror}", path=exc.filename) from None
    if options.store is not None:
        _check_store_outside(os.fspath(options.store), out)
    metadata = metadata.dated()
    assert metadata.published_date is not None
    store = None
    if options.store is not None:
        seen = _seen_time(metadata.published_date, parse_offset(options.timezone))
        store = ReleaseStore.open(options.store, seen=seen, wait=options.store_wait)
    try:
        with _collector() as read:
            conversion = _convert(inputs, options, store)
            read()
            run = _Run(out, conversion, store, metadata, profile, options, progress, _display_name(inputs))
            return _publish_staged(run)
    finally:
        if store is not None:
            store.close()


#: The cyclic garbage collector's thresholds during a publication (see :func:`_collector`).
_THRESHOLDS = (10_000, 20, 10)


@contextlib.contextmanager
def _collector() -> Iterator[Callable[[], None]]:
    """Run the cyclic garbage collector as suits a publication, and as it was before afterwards.

    A publication holds many long-lived objects that make no garbage cycles: the rows it read (their views and
    data, the store's row cache), the store's kept entries, the checks', figures' and flags' state. With the
    default thresholds (700, 10, 10) every collection walks them again and again, for little to find. So, while
    the block runs:

    - the collector is paused while the input is read and grouped; once the block calls the function it is
      given, what is alive then is frozen until the block ends and the collector runs again (if it ran before):
      frozen first, so that no collection walks the input read meanwhile
      (:func:`ocds_regency._collector.paused_then_frozen`);
    - collections run every 10,000 allocations (not 700), older generations less often: cycles still go, a
      little later (docs/benchmarks.md measures both).
    """
    with collector.spaced(*_THRESHOLDS), collector.paused_then_frozen() as read:
        yield read


def _convert(
    inputs: list[str | os.PathLike[str] | SourceRow], options: PublishOptions, store: ReleaseStore | None
) -> Conversion:
    """Read and group the input. With a store whose cache may skip processes, rows are read lazily: grouped by a
    view of a few fields, their whole records made only when their process is mapped, and a row whose JSON text
    the store knows is not even decoded (``store/rows.py``); what was read is kept for the next run. When every
    process is mapped, the reader types every row at once (cheaper than completing each later: mapping/_rows.py)."""
    lazy = store is not None and not options.full
    known = None
    if store is not None:  # (a full run learns no row, but the files it splits, and its rows are known by their text)
        parsing = ParseOptions.make(parse_offset(options.timezone))
        known = StoredRows.load(store, parsing) if lazy else StoredRows(parsing)
    conversion = convert(
        inputs,
        prefix=options.prefix,
        timezone=options.timezone,
        personal_data=options.personal_data,
        typed=not lazy,
        known=known,
    )
    if known is not None and store is not None:
        if lazy:
            known.save(store)
        else:  # (typed rows are not learnt; the files split are)
            known.save_files(store)
    return conversion


@dataclass(frozen=True)
class _Run:
    """What one publication works with (the values :func:`publish` was given, and what it opened)."""

    out: Path
    conversion: Conversion
    store: ReleaseStore | None
    metadata: PackageMetadata
    profile: Profile
    options: PublishOptions
    progress: ProgressCallback | None
    display_name: Callable[[str], str]

    @property
    def date(self) -> str:
        assert self.metadata.published_date is not None  # dated by publish()
        return self.metadata.published_date

    @property
    def base(self) -> str:
        return self.metadata.base(self.options.prefix)

    def head(self, name: str, *, packages: Sequence[str] = ()) -> dict[str, Any]:
        """The metadata of the package written as ``name``."""
        return self.metadata.fields(self.base + name, extensions=extension_urls(), packages=packages)


def _publish_staged(run: _Run) -> PublishResult:
    out = run.out
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.publish-{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        raise PublishError(f"can't create a temporary directory: {exc.strerror}", path=out.parent) from None
    staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; a publication is meant to be read
    parts = _ReleaseParts(staging, by_year=run.options.split_by_year, max_releases=run.options.max_releases)
    try:
        result = _publish_into(run, staging, parts)
    except BaseException as exc:
        parts.abort()
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError) and not isinstance(exc, OcdsRegencyError):
            raise PublishError(f"can't write the publication: {exc.strerror or exc}", path=exc.filename) from exc
        raise
    return result


@dataclass
class _Written:
    """What the writing pass produced, for the report."""

    outputs: list[OutputFile]
    releases: int
    records: int
    figures: FiguresBuilder
    flags: FlagsRunner
    merge_warnings: list[dict[str, str]]
    spreadsheets: list[OutputFile]
    spreadsheet_notes: list[str]


def _publish_into(run: _Run, staging: Path, parts: _ReleaseParts) -> PublishResult:
    checks = _Checks(run)
    written = _write_packages(run, staging, parts, checks)
    flags = _write_flags(staging, written)
    summary, blocking = _validate(run, checks, parts, written.outputs)
    changes = run.store.finish() if run.store is not None else None
    outputs = [
        *written.outputs,
        *written.spreadsheets,
        OutputFile(_REPORT_JSON, "report-json"),
        OutputFile(_REPORT_HTML, "report-html"),
    ]
    publisher = run.metadata.publisher
    report = PublishReport(
        published=not blocking,
        publisher=publisher.name if publisher is not None else "",
        prefix=run.options.prefix,
        published_date=run.date,
        version=__version__,
        figures=written.figures.build(releases=written.releases, budgets=run.conversion.report.budgets),
        conversion=_conversion_report(run, written),
        validation=summary,
        outputs=tuple(outputs),
        blocking=tuple(blocking),
        flags=flags,
        changes=changes.to_dict() if changes is not None else None,
    )
    (staging / _REPORT_JSON).write_bytes(dumps(report.to_dict(), pretty=True) + b"\n")
    (staging / _REPORT_HTML).write_text(render_html(report, run.options.lang), encoding="utf-8")
    location = _put_in_place(run, staging, published=report.published)
    return PublishResult(report.published, run.out, location, tuple(location / o.name for o in outputs), report)


def _write_packages(run: _Run, staging: Path, parts: _ReleaseParts, checks: _Checks) -> _Written:
    """Write the release packages, ``releases.jsonl``, the record package and the spreadsheets (each release
    and record validated as it is written: see :class:`_Checks`)."""
    merger = Merger(profile=run.profile)
    written = _Written([], 0, 0, FiguresBuilder(), FlagsRunner(), [], [], [])
    timestamp = datetime.fromisoformat(run.date.replace("Z", "+00:00"))
    # With a store, what each record's compiled release gives the figures, the flags and the spreadsheets is
    # kept: an unchanged compiled release is not even decoded again.
    kept = None if run.store is None else _Kept.of(run.store, reuse=not run.options.full)
    with (
        (staging / _RELEASES_JSONL).open("wb") as jsonl_stream,
        JsonLinesWriter(jsonl_stream) as lines,
        tempfile.TemporaryFile(prefix="ocds-regency-records-") as spool,
        Flattener(timestamp=timestamp) as flattener,
    ):
        for group, known in _read_ahead(_processes(run, merger), kept):
            links = []
            packaged: dict[tuple[str, int], list[bytes]] = {}  # the process's releases, by package
            for release_id, date, tags, data in group.releases:
                lines.write_raw(data)
                key = parts.key(date)
                parts.write(key, data)
                packaged.setdefault(key, []).append(data)
                # The package's file name is known only at the end: the link keeps its key, out of band.
                links.append([key[0], key[1], release_id, date, tags])
            written.releases += len(group.releases)
            record, compiled = _record(group, merger, run.options.versioned, written)
            checks.add_process(packaged, record)
            digest = known if known is not None or kept is None else hashlib.sha256(record).digest()
            _count(written, compiled, digest, kept)
            if run.options.spreadsheets:
                _flatten(flattener, compiled, digest, kept)
            # Compact JSON never holds a raw tab: it separates the links from the rest of the record.
            spool.write(dumps([group.ocid, links]) + b"\t" + record + b"\n")
            written.records += 1
            if run.progress is not None and written.records % 50 == 0:
                run.progress("convert", written.records, max(written.records, run.conversion.process_count))
        if run.progress is not None:  # done (a process may yield no release: the total is what was done)
            run.progress("convert", written.records, written.records)
        if written.releases == 0:
            raise PublishError(_no_release_message(run.conversion, run.display_name))
        written.outputs = parts.finish(run.head)
        _write_record_package(run, staging, parts, written.outputs, spool, checks)
        if run.options.spreadsheets:
            sheets = [flattener.write(staging / _SPREADSHEET), flattener.write(staging / _CSV_ZIP)]
            for sheet, kind in zip(sheets, ("spreadsheet", "csv-zip"), strict=True):
                size = sheet.path.stat().st_size
                written.spreadsheets.append(OutputFile(sheet.path.name, kind, size, written.records))
            written.spreadsheet_notes = sorted({note for sheet in sheets for note in sheet.notes})
    size = (staging / _RELEASES_JSONL).stat().st_size
    written.outputs.append(OutputFile(_RELEASES_JSONL, "releases-jsonl", size, written.releases))
    return written


#: Processes taken at once, so that what the store keeps of their records is read in one query per kind.
_READ_AHEAD = 250


def _read_ahead(groups: Iterable[_Group], kept: _Kept | None) -> Iterator[tuple[_Group, bytes | None]]:
    """The groups, taken :data:`_READ_AHEAD` at a time when the store keeps outputs: the kept entries of the
    records the store already has are read for the whole chunk at once. With each group, the SHA-256 of the
    record the store has for it (``None``: none, or no store), the key of its kept entries."""
    if kept is None:
        yield from ((group, None) for group in groups)
        return
    chunk: list[_Group] = []
    for group in itertools.chain(groups, [None]):
        if group is not None:
            chunk.append(group)
            if len(chunk) < _READ_AHEAD:
                continue
        keys = [None if g.record is None else hashlib.sha256(g.record).digest() for g in chunk]
        wanted = [key for key in keys if key is not None]
        kept.facts.read_ahead(wanted)
        kept.sheets.read_ahead(wanted)
        yield from zip(chunk, keys, strict=True)
        chunk = []


def _record(group: _Group, merger: Merger, versioned: bool, written: _Written) -> tuple[bytes, _Compiled]:
    """The record of one process (its compiled and versioned release, as JSON) and its compiled release;
    merged, or as the store remembers it for the same history."""
    if group.record is not None:
        record, warnings = group.record, list(group.warnings)
        compiled = _Compiled(record)
    else:
        with warnings_module.catch_warnings(record=True) as caught:
            warnings_module.simplefilter("always")
            if versioned:
                merged_release, versioned_release = merger.create_both(group.dicts())
            else:
                merged_release, versioned_release = merger.create_compiled_release(group.dicts()), None
        warnings = [str(w.message) for w in caught]
        merged: dict[str, Any] = {"compiledRelease": merged_release}
        if versioned_release is not None:
            merged["versionedRelease"] = versioned_release
        record = dumps(merged)
        compiled = _Compiled(record, merged_release)
        if group.mapped is not None:
            group.mapped(record, warnings)
    written.merge_warnings.extend({"ocid": group.ocid, "message": message} for message in warnings)
    return record, compiled


class _Compiled:
    """A record's compiled release, decoded from the record's JSON only when something needs it."""

    def __init__(self, record: bytes, release: dict[str, Any] | None = None) -> None:
        self.record = record
        self.release = release

    def get(self) -> dict[str, Any]:
        if self.release is None:
            self.release = load_release(self.record)["compiledRelease"]
        return self.release


@dataclass(frozen=True)
class _Kept:
    """What the store keeps of each record's compiled release (by the SHA-256 of the record's JSON)."""

    facts: OutputCache  # its ProcessFigures and flags view
    sheets: OutputCache  # its spreadsheet rows
    columns: OutputCache  # the column lists the rows were made with, each once (by their digest)
    lists: dict[str, list[str] | None] = field(default_factory=dict)  # read or written in this run

    @classmethod
    def of(cls, store: ReleaseStore, *, reuse: bool) -> _Kept:
        sheets = store.outputs("sheet-rows", reuse=reuse)
        columns = store.outputs("sheet-columns", reuse=reuse, preload=True)
        return cls(store.outputs("process-facts", reuse=reuse), sheets, columns)

    def column_list(self, digest: str) -> list[str] | None:
        """A column list kept by its digest (``None``: not kept)."""
        if digest not in self.lists:
            entry = self.columns.get(bytes.fromhex(digest))
            listed = None
            with contextlib.suppress(codec.FastDecodeError, ValueError):
                listed = None if entry is None else codec.fast_loads(entry)
            ok = isinstance(listed, list) and all(isinstance(path, str) for path in listed)
            self.lists[digest] = listed if ok else None
        return self.lists[digest]

    def keep_columns(self, lists: dict[str, list[str]]) -> None:
        """Keep the column lists not kept yet."""
        for digest, columns in lists.items():
            if self.lists.get(digest) is None:
                self.columns.put(bytes.fromhex(digest), orjson.dumps(columns))
                self.lists[digest] = columns


#: The classes of a kept ``process-facts`` entry.
_FACT_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (ProcessFigures, flag_process.Process, flag_process.Bid, flag_process.Award, flag_process.Contract)
} | {"Money": flag_process.Money}


def _count(written: _Written, compiled: _Compiled, key: bytes | None, kept: _Kept | None) -> None:
    """Count a compiled release in the figures and the flags: by what the store keeps of it, else by itself."""
    facts: tuple[ProcessFigures, flag_process.Process | None] | None = None
    if kept is not None and key is not None:
        entry = kept.facts.get(key)
        if entry is not None:
            with contextlib.suppress(ValueError, KeyError, TypeError):
                found = decode_values(entry, _FACT_CLASSES)
                if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], ProcessFigures):
                    facts = found
    if facts is None:
        release = compiled.get()
        facts = (ProcessFigures.of(release), flag_process.view(release))
        if kept is not None and key is not None and (entry := encode_values(facts)) is not None:
            kept.facts.put(key, entry)
    written.figures.add_process(facts[0])
    written.flags.add_process(facts[1])


def _flatten(flattener: Flattener, compiled: _Compiled, key: bytes | None, kept: _Kept | None) -> None:
    """Add a compiled release to the spreadsheets: its rows as the store keeps them for the same record (when
    the sheets and columns so far are those they were kept with), else flattened (and kept)."""
    if kept is None or key is None:
        flattener.add(compiled.get())
        return
    entry = kept.sheets.get(key)
    if entry is not None:
        with contextlib.suppress(ValueError):
            if flattener.add_kept(entry, kept.column_list):
                return
    entry, lists = flattener.add_and_keep(compiled.get())
    kept.sheets.put(key, entry)
    kept.keep_columns(lists)


def _write_record_package(
    run: _Run, staging: Path, parts: _ReleaseParts, outputs: list[OutputFile], spool: IO[bytes], checks: _Checks
) -> None:
    """The record package, from the spooled records, linking to the release packages by their final names."""
    urls = {key: run.base + name for key, name in parts.names().items()}
    head = checks.record_head = run.head(_RECORD_PACKAGE, packages=[run.base + o.name for o in outputs])
    check = checks.records = checks.start("records", head)
    spool.seek(0)
    records = 0
    with (
        (staging / _RECORD_PACKAGE).open("wb") as stream,
        PackageWriter(stream, "records", head, pretty=True) as package,
    ):
        for line in spool:
            links_json, _, rest = line.rstrip(b"\n").partition(b"\t")
            ocid, links = orjson.loads(links_json)
            releases = [
                {"url": f"{urls[(year, part)]}#{release_id}", "date": date, "tag": tag}
                for year, part, release_id, date, tag in links
            ]
            text = dumps({"ocid": ocid, "releases": releases})[:-1] + b"," + rest[1:]
            package.write_raw(text)
            check.add_record(text)
            records += 1
    outputs.append(OutputFile(_RECORD_PACKAGE, "record-package", (staging / _RECORD_PACKAGE).stat().st_size, records))


def _write_flags(staging: Path, written: _Written) -> FlagsReport:
    """``flags.json`` and ``flags.csv``; the flags, for the report."""
    flags_report = written.flags.finish()
    with (staging / _FLAGS_JSON).open("wb") as stream:
        flags_report.write_json(stream)
    with (staging / _FLAGS_CSV).open("w", encoding="utf-8", newline="") as text_stream:
        flags_report.write_csv(text_stream)
    for name, kind in ((_FLAGS_JSON, "flags-json"), (_FLAGS_CSV, "flags-csv")):
        written.outputs.append(OutputFile(name, kind, (staging / name).stat().st_size, len(flags_report.flags)))
    return flags_report


class _Checks:
    """The validation of the packages, release by release and record by record as they are written.

    Each package is checked from the JSON texts written into it (:class:`~ocds_regency.validate.PackageCheck`),
    not read back from its file: the texts are the bytes the writer puts between the package's metadata and its
    end, and the metadata checked is the one written, so what is checked is what is published. With a store,
    the findings of each release and compiled release are kept: only those not seen before are decoded and
    checked (the checks across a package still run on all of it, from what the store keeps of each release:
    the report is the same).
    """

    def __init__(self, run: _Run) -> None:
        self.run = run
        store = run.store
        self.known = None if store is None else store.outputs("findings", reuse=not run.options.full, preload=True)
        self.releases: dict[tuple[str, int], PackageCheck] = {}  # by release package (year, part)
        self.records: PackageCheck | None = None
        self.record_head: dict[str, Any] = {}  # the record package's metadata, as written

    def start(self, key: str, head: dict[str, Any]) -> PackageCheck:
        # The data-quality checks run on compiled releases: once (on the release packages) is enough.
        run = self.run
        return PackageCheck(
            key,
            head,
            prefix=run.options.prefix,
            lang=run.options.lang,
            quality=key == "releases",
            version=run.profile.standard,
            known=self.known,
        )

    def add_process(self, packaged: dict[tuple[str, int], list[bytes]], record: bytes) -> None:
        """Check the releases of one process (by the release package they went into); ``record`` its record."""
        for key, texts in packaged.items():
            check = self.releases.get(key)
            if check is None:
                # The package's name (its uri) is known at the end; its extensions, version and date now.
                check = self.releases[key] = self.start("releases", self.run.head("release-package.json"))
            # The record's compiled release is merged from the process's releases, in their order: when they are
            # all in this package, the quality checks read it rather than merge them again.
            whole = len(packaged) == 1
            check.add_releases(texts, (lambda: _compiled_release(record)) if whole else None)

    def finish(self, parts: _ReleaseParts, output: OutputFile) -> Report:
        """The report of the package written as ``output``."""
        if output.kind == "record-package":
            assert self.records is not None
            return self.records.finish(self.record_head, name=output.name)
        key = {name: key for key, name in parts.names().items()}[output.name]
        return self.releases[key].finish(parts.heads[output.name], name=output.name)


def _compiled_release(record: bytes) -> Any:
    """The compiled release of a record's JSON text, as a validation reads it (floats, not decimals)."""
    return codec.loads(record, duplicates="refuse")["compiledRelease"]


def _validate(
    run: _Run, checks: _Checks, parts: _ReleaseParts, outputs: list[OutputFile]
) -> tuple[ValidationSummary, list[str]]:
    """The validation of the packages written; the blocking errors, one line per package."""
    summary = ValidationSummary()
    blocking = []
    packages = [o for o in outputs if o.kind in ("release-package", "record-package")]
    for n, output in enumerate(packages):
        validation = checks.finish(parts, output)
        summary.add(output.name, validation)
        if not validation.ok:
            errors = validation.severity_counts["error"]
            blocking.append(f"{output.name}: {count_of(errors, 'error')} ({errors:,} kesalahan)")
        if run.progress is not None:
            run.progress("validate", n + 1, len(packages))
    return summary, blocking


def _conversion_report(run: _Run, written: _Written) -> dict[str, Any]:
    """The conversion's accounting as published: input files named relative to what was given."""
    report = run.conversion.report.as_dict()
    for section in ("files", "rejections", "issues"):
        for entry in report.get(section, []):
            if isinstance(entry.get("source"), str):
                entry["source"] = run.display_name(entry["source"])
            if section == "rejections" and entry.get("reason") == "unknown-dataset":
                # The reader's message quotes the file's first line (its "columns"): a stray file may be notes
                # or a password. The published report names the file only.
                entry["message"] = text("read.unknown-file", "en")
                entry["message_id"] = text("read.unknown-file", "id")
    report["merge_warnings"] = written.merge_warnings
    report["spreadsheet_notes"] = written.spreadsheet_notes
    return report


def _put_in_place(run: _Run, staging: Path, *, published: bool) -> Path:
    """Swap the staging directory into place (committing the store first), or keep it as ``.failed``."""
    if published:
        if run.store is not None:
            # The store is the truth the publication is made from: it is committed first, so a run killed
            # between the two leaves a store the next run simply publishes again (same ids and dates).
            run.store.commit()
        _swap_into_place(staging, run.out)
        return run.out
    location = run.out.parent / f"{run.out.name}.failed"
    if location.exists() or location.is_symlink():
        if location.is_symlink() or not is_publication(location):
            raise PublishError("is in the way and is not a failed publication ocds-regency wrote", path=location)
        shutil.rmtree(location)
    os.rename(staging, location)
    return location
