"""Publish a regency's ISB data in one call: convert, compile, write, validate, report, swap into place.

```python
from ocds_regency.pipeline import publish

result = publish(["isb/2025/"], prefix="ocds-a1b2c3", out_dir="out/", publisher_name="Kabupaten Contoh")
result.published            # False when validation found blocking errors (nothing was published)
result.report.figures.processes
```

:func:`publish` writes into ``out_dir``:

- ``release-package.json``: every release, valid against OCDS 1.1.5 with the declared extensions. When
  the releases span several years, one package per year (``release-package-2025.json``), and a year with
  more than ``max_releases`` releases is split again (``release-package-2025-2.json``);
- ``record-package.json``: one record per contracting process, with its compiled release (and, with
  ``versioned=True``, its versioned release) and links to its releases in the release packages;
- ``releases.jsonl``: the same releases, one per line, for bulk users;
- ``flags.json`` and ``flags.csv``: the red-flag indicators (:mod:`ocds_regency.flags`, Indonesian
  profile): processes worth a second look, with their evidence, and each indicator's coverage;
- ``publikasi.xlsx`` and ``publikasi-csv.zip``: the compiled releases as a spreadsheet (and as CSV files) in
  flatten-tool's layout (see :mod:`ocds_regency.flatten`), for people who work in Excel;
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
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import timezone as tz
from pathlib import Path
from typing import IO, Any

import orjson

from ocds_regency import __version__
from ocds_regency._words import count_of
from ocds_regency.errors import OcdsRegencyError
from ocds_regency.flags import FlagsRunner
from ocds_regency.flatten import Flattener
from ocds_regency.mapping import EXTENSIONS, Conversion, SourceRow, convert, extension_urls, parse_offset
from ocds_regency.merge import Merger
from ocds_regency.reporting import (
    FiguresBuilder,
    Lang,
    OutputFile,
    PublishReport,
    ValidationSummary,
    render_html,
)
from ocds_regency.standard import OCDS_PACKAGE_VERSION, load_profile
from ocds_regency.store import ReleaseStore, load_release
from ocds_regency.validate import validate
from ocds_regency.write import JsonLinesWriter, PackageWriter, current_umask, dumps

__all__ = [
    "DEFAULT_MAX_RELEASES",
    "ProgressCallback",
    "PublishError",
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
        marker = orjson.loads(report.read_bytes())
    except (OSError, orjson.JSONDecodeError):
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

    def key(self, release: Mapping[str, Any]) -> tuple[str, int]:
        date = release.get("date")
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
            writer.set_metadata(metadata(name))
            writer.close()
            stream.close()
            os.replace(self.directory / f".part-{key[0]}-{key[1]}", self.directory / name)
            outputs.append(OutputFile(name, "release-package", (self.directory / name).stat().st_size, writer.count))
        return outputs

    def abort(self) -> None:
        for stream, _ in self._writers.values():
            with contextlib.suppress(OSError):
                stream.close()


def _processes(
    conversion: Iterable[dict[str, Any]], store: ReleaseStore | None, merger: Merger
) -> Iterator[list[tuple[dict[str, Any], bytes]]]:
    """The releases to publish, process by process, with their JSON bytes.

    Without a store, the conversion's releases. With one, each process's whole history after the store
    has compared it with the conversion, then the processes gone from the source (kept as they were).
    """
    for group in _grouped(conversion):
        if store is None:
            yield [(release, dumps(release)) for release in group]
        else:
            yield store.update(group, merger.create_compiled_release).releases()
    if store is not None:
        for _ocid, history in store.gone():
            yield [(load_release(s.data), s.data) for s in history]


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


_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")


def _check_date(value: str) -> None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not _RFC3339.fullmatch(value):
        raise PublishError(
            f"published date must be an RFC 3339 date-time with an offset, like {_EXAMPLE_DATE}: {value!r}"
        )


_EXAMPLE_DATE = "2025-11-04T08:00:00+07:00"


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
_UNKNOWN_FILE_EN = "no known ISB dataset has this file's columns (run convert --report to see them)"
_UNKNOWN_FILE_ID = (
    "tidak ada dataset ISB yang dikenal dengan kolom berkas ini (jalankan convert --report untuk melihatnya)"
)


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


def _publisher(name: str, uri: str | None, scheme: str | None, uid: str | None) -> dict[str, str]:
    publisher = {"name": name}
    if scheme:
        publisher["scheme"] = scheme
    if uid:
        publisher["uid"] = uid
    if uri:
        publisher["uri"] = uri
    return publisher


def publish(
    inputs: Iterable[str | os.PathLike[str] | SourceRow],
    *,
    prefix: str,
    out_dir: str | os.PathLike[str],
    publisher_name: str = "",
    publisher_uri: str | None = None,
    publisher_scheme: str | None = None,
    publisher_uid: str | None = None,
    uri: str | None = None,
    published_date: str | None = None,
    license_url: str | None = None,
    publication_policy: str | None = None,
    timezone: str = "+07:00",
    lang: Lang = "id",
    versioned: bool = False,
    personal_data: Iterable[str] = (),
    split_by_year: bool = True,
    max_releases: int = DEFAULT_MAX_RELEASES,
    progress: ProgressCallback | None = None,
    store: str | os.PathLike[str] | None = None,
    store_wait: float = 0.0,
) -> PublishResult:
    """Convert ISB datasets, compile records, validate, report, and publish them atomically in ``out_dir``.

    Args:
        inputs: ISB JSON files or directories of them (see :func:`ocds_regency.mapping.convert`).
        prefix: the publisher's registered ocid prefix, e.g. ``"ocds-a1b2c3"``.
        out_dir: the output directory; it is replaced as a whole, so it must be empty, missing, or an
            earlier publication (it has a ``report.json``).
        publisher_name: the publisher's name, e.g. ``"Pemerintah Kabupaten Contoh"`` (it is not guessed
            from the data; left empty when not given, which the validator reports as a warning).
        publisher_uri: the publisher's web address.
        publisher_scheme: the publisher's identifier scheme (e.g. an org-id.guide list code).
        publisher_uid: the publisher's identifier in that scheme.
        uri: the public base URL where ``out_dir`` will be served (e.g.
            ``"https://data.contoh.go.id/ocds/2025/"``); package URIs and the links from records to
            releases are built from it. Default ``urn:ocds-regency:PREFIX/``.
        published_date: the packages' ``publishedDate`` (RFC 3339); default: now, in UTC. Give it for
            byte-identical reruns.
        license_url: the data licence URL written in the packages, if any.
        publication_policy: the publication policy URL written in the packages, if any.
        timezone: UTC offset of the local times in the data (default WIB, ``+07:00``).
        lang: language of ``report.html`` (``"id"`` Bahasa Indonesia, default, or ``"en"``).
        versioned: also embed versioned releases in the records.
        personal_data: personal-data categories to publish (withheld by default).
        split_by_year: one release package per year of the releases' dates (when there are several).
        max_releases: releases per release package before it is split in parts.
        progress: optional callback for progress display.
        store: a release store (an SQLite file, created when missing, or a ``postgresql://`` address; see
            :mod:`ocds_regency.store` and :func:`default_store_path`): releases whose content did not
            change since the last publication keep their id, date and bytes, changed ones get a new
            release, processes gone from the source keep theirs, records list every release, and the
            report says what changed. The store is changed only when the publication is made.
        store_wait: seconds to wait for another publication that holds the store.

    Returns:
        A :class:`PublishResult`; :attr:`PublishResult.exit_code` is 0 when published, 1 when blocking
        errors were found (then ``out_dir`` is untouched and the outputs are in ``<out_dir>.failed``).

    Raises:
        PublishError: ``out_dir`` can't be used or written, ``published_date`` or ``lang`` is unusable,
            or the input yields no release at all.
        InputError: an input can't be read.
        ConversionError: the prefix or time zone is unusable.
        StoreBusyError: another publication holds the store.
        StoreError: the store can't be used (damaged, foreign, written by a newer version, unreachable).
    """
    if lang not in ("id", "en"):
        raise PublishError(f"lang must be 'id' or 'en', not {lang!r}")
    if published_date is not None:
        _check_date(published_date)
    out = Path(os.path.abspath(out_dir))
    inputs = list(inputs)
    _check_inputs_outside(inputs, out)
    _check_out_dir(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        recover(out)
    except OSError as exc:
        raise PublishError(f"can't prepare the output directory: {exc.strerror}", path=exc.filename) from None
    if store is not None:
        _check_store_outside(os.fspath(store), out)
    date = published_date or datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    conversion = convert(inputs, prefix=prefix, timezone=timezone, personal_data=personal_data)
    opened = None
    if store is not None:
        opened = ReleaseStore.open(store, seen=_seen_time(date, parse_offset(timezone)), wait=store_wait)
    try:
        return _publish_staged(
            out,
            conversion,
            opened,
            inputs,
            base=_base(uri, prefix),
            date=date,
            prefix=prefix,
            lang=lang,
            versioned=versioned,
            split_by_year=split_by_year,
            max_releases=max_releases,
            progress=progress,
            publisher=_publisher(publisher_name, publisher_uri, publisher_scheme, publisher_uid),
            license_url=license_url,
            publication_policy=publication_policy,
        )
    finally:
        if opened is not None:
            opened.close()


def _base(uri: str | None, prefix: str) -> str:
    base = uri if uri else f"urn:ocds-regency:{prefix}/"
    return base if base.endswith(("/", "#", ":")) else base + "/"


def _publish_staged(
    out: Path,
    conversion: Conversion,
    store: ReleaseStore | None,
    inputs: list[Any],
    *,
    base: str,
    date: str,
    prefix: str,
    lang: Lang,
    versioned: bool,
    split_by_year: bool,
    max_releases: int,
    progress: ProgressCallback | None,
    publisher: dict[str, str],
    license_url: str | None,
    publication_policy: str | None,
) -> PublishResult:
    extensions = extension_urls()

    def metadata(name: str) -> dict[str, Any]:
        head: dict[str, Any] = {"uri": base + name, "version": OCDS_PACKAGE_VERSION, "extensions": extensions}
        head["publisher"] = publisher
        if license_url:
            head["license"] = license_url
        if publication_policy:
            head["publicationPolicy"] = publication_policy
        head["publishedDate"] = date
        return head

    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.publish-{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        raise PublishError(f"can't create a temporary directory: {exc.strerror}", path=out.parent) from None
    staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it private; a publication is meant to be read
    parts = _ReleaseParts(staging, by_year=split_by_year, max_releases=max_releases)
    try:
        result = _publish_into(
            staging,
            out,
            conversion,
            parts,
            metadata,
            base,
            date,
            publisher,
            lang,
            versioned,
            prefix,
            progress,
            _display_name(inputs),
            store,
        )
    except BaseException as exc:
        parts.abort()
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError) and not isinstance(exc, OcdsRegencyError):
            raise PublishError(f"can't write the publication: {exc.strerror or exc}", path=exc.filename) from exc
        raise
    return result


def _publish_into(
    staging: Path,
    out: Path,
    conversion: Conversion,
    parts: _ReleaseParts,
    metadata: Callable[[str], dict[str, Any]],
    base: str,
    date: str,
    publisher: dict[str, str],
    lang: Lang,
    versioned: bool,
    prefix: str,
    progress: ProgressCallback | None,
    display_name: Callable[[str], str],
    store: ReleaseStore | None,
) -> PublishResult:
    merger = Merger(profile=load_profile(EXTENSIONS))
    figures = FiguresBuilder()
    flags = FlagsRunner()
    merge_warnings: list[dict[str, str]] = []
    count = 0
    records = 0
    with (
        (staging / _RELEASES_JSONL).open("wb") as jsonl_stream,
        JsonLinesWriter(jsonl_stream) as lines,
        tempfile.TemporaryFile(prefix="ocds-regency-records-") as spool,
        Flattener(timestamp=datetime.fromisoformat(date.replace("Z", "+00:00"))) as flattener,
    ):
        for group in _processes(conversion, store, merger):
            links = []
            for release, data in group:
                lines.write_raw(data)
                key = parts.key(release)
                parts.write(key, data)
                # The package's file name is known only at the end: the link keeps its key, out of band.
                links.append([key[0], key[1], release["id"], release["date"], release.get("tag", [])])
                count += 1
            ocid = group[0][0]["ocid"]
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                if versioned:
                    compiled, versioned_release = merger.create_both(r for r, _ in group)
                else:
                    compiled, versioned_release = merger.create_compiled_release(r for r, _ in group), None
            merge_warnings.extend({"ocid": str(ocid), "message": str(w.message)} for w in caught)
            figures.add(compiled)
            flags.add(compiled)
            flattener.add(compiled)
            merged: dict[str, Any] = {"compiledRelease": compiled}
            if versioned_release is not None:
                merged["versionedRelease"] = versioned_release
            # Compact JSON never holds a raw tab: it separates the links from the rest of the record.
            spool.write(dumps([ocid, links]) + b"\t" + dumps(merged) + b"\n")
            records += 1
            if progress is not None and records % 50 == 0:
                progress("convert", records, max(records, conversion.process_count))
        if progress is not None:  # done (a process may yield no release: the total is what was done)
            progress("convert", records, records)
        if count == 0:
            raise PublishError(_no_release_message(conversion, display_name))
        outputs = parts.finish(metadata)
        names = parts.names()
        urls = {key: base + name for key, name in names.items()}
        record_head = metadata(_RECORD_PACKAGE)
        record_head["packages"] = [base + o.name for o in outputs]
        spool.seek(0)
        with (
            (staging / _RECORD_PACKAGE).open("wb") as stream,
            PackageWriter(stream, "records", record_head, pretty=True) as package,
        ):
            for line in spool:
                head, _, rest = line.rstrip(b"\n").partition(b"\t")
                ocid, links = orjson.loads(head)
                releases = [
                    {"url": f"{urls[(year, part)]}#{release_id}", "date": date, "tag": tag}
                    for year, part, release_id, date, tag in links
                ]
                package.write_raw(dumps({"ocid": ocid, "releases": releases})[:-1] + b"," + rest[1:])
        spreadsheets = [flattener.write(staging / _SPREADSHEET), flattener.write(staging / _CSV_ZIP)]
    outputs.append(OutputFile(_RECORD_PACKAGE, "record-package", (staging / _RECORD_PACKAGE).stat().st_size, records))
    outputs.append(OutputFile(_RELEASES_JSONL, "releases-jsonl", (staging / _RELEASES_JSONL).stat().st_size, count))
    flags_report = flags.finish()
    with (staging / _FLAGS_JSON).open("wb") as stream:
        flags_report.write_json(stream)
    with (staging / _FLAGS_CSV).open("w", encoding="utf-8", newline="") as text_stream:
        flags_report.write_csv(text_stream)
    for name, kind in ((_FLAGS_JSON, "flags-json"), (_FLAGS_CSV, "flags-csv")):
        outputs.append(OutputFile(name, kind, (staging / name).stat().st_size, len(flags_report.flags)))
    for sheet, kind in zip(spreadsheets, ("spreadsheet", "csv-zip"), strict=True):
        outputs.append(OutputFile(sheet.path.name, kind, sheet.path.stat().st_size, records))
    spreadsheet_notes = sorted({note for sheet in spreadsheets for note in sheet.notes})

    summary = ValidationSummary()
    blocking = []
    packages = [o for o in outputs if o.kind in ("release-package", "record-package")]
    for n, output in enumerate(packages):
        # The data-quality checks run on compiled releases: once (on the release packages) is enough.
        quality = output.kind == "release-package"
        validation = validate(staging / output.name, prefix=prefix, lang=lang, name=output.name, quality=quality)
        summary.add(output.name, validation)
        if not validation.ok:
            errors = validation.severity_counts["error"]
            blocking.append(f"{output.name}: {count_of(errors, 'error')} ({errors:,} kesalahan)")
        if progress is not None:
            progress("validate", n + 1, len(packages))
    conversion_report = conversion.report.as_dict()
    for section in ("files", "rejections", "issues"):
        for entry in conversion_report.get(section, []):
            if isinstance(entry.get("source"), str):
                entry["source"] = display_name(entry["source"])
            if section == "rejections" and entry.get("reason") == "unknown-dataset":
                # The reader's message quotes the file's first line (its "columns"): a stray file may be notes
                # or a password. The published report names the file only.
                entry["message"] = _UNKNOWN_FILE_EN
                entry["message_id"] = _UNKNOWN_FILE_ID
    conversion_report["merge_warnings"] = merge_warnings
    changes = store.finish() if store is not None else None
    conversion_report["spreadsheet_notes"] = spreadsheet_notes
    outputs += [OutputFile(_REPORT_JSON, "report-json"), OutputFile(_REPORT_HTML, "report-html")]
    report = PublishReport(
        published=not blocking,
        publisher=publisher["name"],
        prefix=prefix,
        published_date=date,
        version=__version__,
        figures=figures.build(releases=count, budgets=conversion.report.budgets),
        conversion=conversion_report,
        validation=summary,
        outputs=tuple(outputs),
        blocking=tuple(blocking),
        flags=flags_report,
        changes=changes.to_dict() if changes is not None else None,
    )
    (staging / _REPORT_JSON).write_bytes(dumps(report.to_dict(), pretty=True) + b"\n")
    (staging / _REPORT_HTML).write_text(render_html(report, lang), encoding="utf-8")
    names_written = tuple(o.name for o in outputs)
    if report.published:
        if store is not None:
            # The store is the truth the publication is made from: it is committed first, so a run killed
            # between the two leaves a store the next run simply publishes again (same ids and dates).
            store.commit()
        _swap_into_place(staging, out)
        location = out
    else:
        location = out.parent / f"{out.name}.failed"
        if location.exists() or location.is_symlink():
            if location.is_symlink() or not is_publication(location):
                raise PublishError("is in the way and is not a failed publication ocds-regency wrote", path=location)
            shutil.rmtree(location)
        os.rename(staging, location)
    return PublishResult(report.published, out, location, tuple(location / n for n in names_written), report)
