"""Convert, compile and validate a country's ISB data on a Dask cluster (the ``ocds-regency[dask]`` extra).

::

    from distributed import Client
    from ocds_regency.dask import run

    with Client("tcp://scheduler:8786") as client:
        result = run(["/mnt/nfs/isb/2025/"], prefix="ocds-a1b2c3", out_dir="/mnt/nfs/ocds/2025/", client=client)
    result.report.totals          # every input row accounted for, as in a single-machine conversion
    result.findings               # validation findings of every partition's packages

The input rows are read in parallel (one task per file) and shuffled by their **owner** (``kd_klpd``, the
ministry or local government the package belongs to): a Dask bag grouped by owner, so every row of a
contracting process, and every process it joins (a re-tender and the tender it replaces, the suppliers its
rows name only by name, the owner's RUP masters and work-unit list), meet in one partition. Reference datasets
that belong to no owner (provinces, regencies, e-Katalog products) are small and go to every partition, as the
result of one task that each worker fetches once. Each partition then runs the library's own functions:
:func:`ocds_regency.mapping.convert` on its rows, :class:`ocds_regency.merge.Merger` on each ocid's releases
(compiled, and versioned with ``versioned=True``), and :func:`ocds_regency.validate.validate` on the packages
it wrote. Each file is read once and its rows are let go once shuffled (a worker still holds the rows in
transit of the shuffle besides its partitions: docs/benchmarks.md measures it), and the output of one
partition is written atomically (a temporary file renamed into place), so a partition recomputed after a lost
worker replaces, never mixes.

The output directory gets one folder per owner (``D107/release-package.json``, ``D107/record-package.json``)
and the merged accounting (:attr:`DistributedResult.report`). The single-machine path
(:func:`ocds_regency.mapping.convert`, :func:`ocds_regency.pipeline.publish`) is unchanged and needs no Dask.

Dask is imported here only, when a function needs it; without the extra, the error says how to install it.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ocds_regency.dask._engine import DaskUnavailableError, _bag, _dask, _distributed
from ocds_regency.dask.flagging import FlagsResult, compute_flags
from ocds_regency.dask.storage import fetched, input_files, is_local, join, local_path, makedirs, publish, staging
from ocds_regency.errors import OcdsRegencyError
from ocds_regency.mapping import EXTENSIONS, convert, extension_urls
from ocds_regency.mapping.lookups import is_lookup
from ocds_regency.mapping.processes import MASTER_SATKER
from ocds_regency.mapping.report import ConversionReport, FieldIssue, Reason, Rejection, RowCounts
from ocds_regency.merge import Merger
from ocds_regency.package import PackageMetadata
from ocds_regency.read import IsbRow, read_isb
from ocds_regency.read.limits import MAX_SAMPLES
from ocds_regency.standard import DEFAULT_VERSION, load_profile
from ocds_regency.validate import validate
from ocds_regency.validate.findings import Report
from ocds_regency.write import PackageWriter, dumps

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "DaskUnavailableError",
    "DistributedResult",
    "FlagsResult",
    "PartitionResult",
    "compile_releases",
    "compute_flags",
    "connect",
    "merge_reports",
    "owner_of",
    "run",
    "shared_rows",
    "validate_files",
]

_NO_OWNER = "no-owner"
_RELEASE_PACKAGE = "release-package.json"
_RECORD_PACKAGE = "record-package.json"


@contextlib.contextmanager
def connect(scheduler: str) -> Iterator[Client]:
    """A client for ``scheduler``: a running scheduler's address, or ``local:N`` for N local worker processes.

    Raises:
        DaskUnavailableError: the ``dask`` extra is not installed.
        OcdsRegencyError: ``local:N`` with N not a positive number.
    """
    distributed = _distributed()
    if scheduler.startswith("local:"):
        workers = scheduler.removeprefix("local:")
        if not workers.isdigit() or int(workers) < 1:
            raise OcdsRegencyError(f"--scheduler local:N needs a number of workers, not {scheduler!r}")
        with (
            distributed.LocalCluster(
                n_workers=int(workers),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=":0",
                scheduler_kwargs={"dashboard": False},
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
        return
    with distributed.Client(scheduler) as client:
        yield client


def owner_of(row: IsbRow) -> str | None:
    """The partition key of a row: its owner's ``kd_klpd``; ``None`` for reference rows every partition needs.

    Rows of no known owner (unreadable rows, unknown datasets) share the partition ``"no-owner"``.
    """
    value = row.data.get("kd_klpd")
    owner = str(value).strip() if value is not None else ""
    if owner:
        return owner
    if row.error is None and row.dataset is not None and (is_lookup(row.dataset) or row.dataset == MASTER_SATKER):
        return None
    return _NO_OWNER


@dataclass(frozen=True)
class PartitionResult:
    """What one owner's partition produced.

    Attributes:
        owner: the partition's ``kd_klpd`` (``"no-owner"`` for rows without one).
        directory: where its packages are.
        releases: releases written.
        records: records written (one per ocid).
        conversion: the partition's row accounting (reference rows of no owner are counted in every partition;
            :func:`run` merges them).
        validation: the validation report of each package written.
        merge_warnings: ``{"ocid", "message"}`` of each merge warning.
        seconds: where the partition's time went: ``convert`` (indexing and mapping, writing releases),
            ``merge`` (compiled/versioned releases, writing records) and ``validate``.
    """

    owner: str
    directory: str
    releases: int
    records: int
    conversion: ConversionReport
    validation: tuple[Report, ...]
    merge_warnings: tuple[dict[str, str], ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class DistributedResult:
    """What :func:`run` did.

    Attributes:
        partitions: one result per owner, sorted by owner.
        report: the row accounting of the whole input (every row read once; a reference row of no owner is
            rejected as unreferenced only when no partition used it).
    """

    partitions: list[PartitionResult]
    report: ConversionReport = field(default_factory=ConversionReport)

    @property
    def releases(self) -> int:
        """Releases written in all partitions."""
        return sum(p.releases for p in self.partitions)

    @property
    def records(self) -> int:
        """Records written in all partitions."""
        return sum(p.records for p in self.partitions)

    @property
    def findings(self) -> list[Any]:
        """Every validation finding of every partition."""
        return [finding for p in self.partitions for report in p.validation for finding in report.findings]

    @property
    def ok(self) -> bool:
        """No partition's validation found a blocking error."""
        return all(report.ok for p in self.partitions for report in p.validation)


# ----------------------------------------------------------------------------------------- tasks


def _read_file(numbered: Sequence[tuple[int, str]], offset: str) -> list[tuple[str | None, tuple[int, int], IsbRow]]:
    """The rows of input files, each with its owner and its place in the input (file number, row number)."""
    out = []
    for file_no, location in numbered:
        with fetched(location) as path:
            for row_no, row in enumerate(read_isb(path, offset=offset, unknown="report")):
                # the converter needs neither the raw row nor the record: ship less; name the file as given
                slim = replace(row, raw=None, record=None, source=row.source.replace(path, location, 1))
                out.append((owner_of(slim), (file_no, row_no), slim))
    return out


def _is_reference(item: tuple[str | None, tuple[int, int], IsbRow]) -> bool:
    return item[0] is None


def _is_owned(item: tuple[str | None, tuple[int, int], IsbRow]) -> bool:
    return item[0] is not None


def _owner(item: tuple[str | None, tuple[int, int], IsbRow]) -> str | None:
    return item[0]


def _national(
    parts: Sequence[list[tuple[str | None, tuple[int, int], IsbRow]]],
) -> list[tuple[str | None, tuple[int, int], IsbRow]]:
    """The reference rows of no owner (the read partitions' share), in the input's order, tagged as
    :func:`shared_rows` does."""
    reference = sorted((item for part in parts for item in part), key=lambda item: item[1])
    tagged = shared_rows(row for _, _, row in reference)
    return [(owner, place, row) for (owner, place, _), row in zip(reference, tagged, strict=True)]


def _safe(owner: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", owner) or _NO_OWNER


def _grouped(releases: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    from ocds_regency.pipeline import _grouped as grouped  # the publication's own grouping of one ocid's releases

    return grouped(releases)


def _convert_owner(
    group: tuple[str, list[tuple[str | None, tuple[int, int], IsbRow]]],
    national: list[tuple[str | None, tuple[int, int], IsbRow]],
    settings: dict[str, Any],
) -> PartitionResult:
    """Convert, compile and validate one owner's rows (with the reference rows of no owner)."""
    owner, rows = group
    started = time.perf_counter()
    merging = 0.0
    ordered = sorted([*rows, *national], key=lambda item: item[1])  # the input's order, as one machine reads it
    conversion = convert(
        [row for _, _, row in ordered],
        prefix=settings["prefix"],
        timezone=settings["timezone"],
        personal_data=settings["personal_data"],
    )
    directory = join(settings["out_dir"], _safe(owner))
    metadata: PackageMetadata = settings["metadata"]
    base = f"{metadata.base(settings['prefix'])}{_safe(owner)}/"
    extensions = extension_urls()
    merger = Merger(profile=load_profile(EXTENSIONS, version=metadata.version))
    merge_warnings: list[dict[str, str]] = []
    releases = records = 0
    # Both packages are made and validated in a local staging folder, then published: a partition computed
    # again (its worker was lost) replaces its files whole, and a failed one leaves none.
    with (
        staging(settings["out_dir"]) as folder,
        open(folder / _RELEASE_PACKAGE, "wb") as release_stream,
        open(folder / _RECORD_PACKAGE, "wb") as record_stream,
    ):
        release_head = metadata.fields(base + _RELEASE_PACKAGE, extensions=extensions)
        release_package = PackageWriter(release_stream, "releases", release_head)
        packages = [base + _RELEASE_PACKAGE]
        record_head = metadata.fields(base + _RECORD_PACKAGE, extensions=extensions, packages=packages)
        record_package = PackageWriter(record_stream, "records", record_head)
        for releases_of_ocid in _grouped(conversion):
            for release in releases_of_ocid:
                release_package.write_raw(dumps(release))
            releases += len(releases_of_ocid)
            merge_start = time.perf_counter()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                if settings["versioned"]:
                    compiled, versioned = merger.create_both(releases_of_ocid)
                else:
                    compiled, versioned = merger.create_compiled_release(releases_of_ocid), None
            ocid = str(releases_of_ocid[0]["ocid"])
            merge_warnings.extend({"ocid": ocid, "message": str(w.message)} for w in caught)
            record: dict[str, Any] = {
                "ocid": ocid,
                "releases": [
                    {"url": f"{base}{_RELEASE_PACKAGE}#{r['id']}", "date": r["date"], "tag": r.get("tag", [])}
                    for r in releases_of_ocid
                ],
                "compiledRelease": compiled,
            }
            if versioned is not None:
                record["versionedRelease"] = versioned
            record_package.write_raw(dumps(record))
            records += 1
            merging += time.perf_counter() - merge_start
        release_package.close()
        record_package.close()
        release_stream.close()
        record_stream.close()
        converted = time.perf_counter()
        reports: tuple[Report, ...] = ()
        if settings["validate"]:
            reports = tuple(
                validate(
                    folder / name,
                    prefix=settings["prefix"],
                    lang=settings["lang"],
                    name=f"{_safe(owner)}/{name}",
                    quality=name == _RELEASE_PACKAGE,  # the data-quality checks run once, on the releases
                    version=metadata.version,
                )
                for name in (_RELEASE_PACKAGE, _RECORD_PACKAGE)
            )
        validated = time.perf_counter()
        for name in (_RELEASE_PACKAGE, _RECORD_PACKAGE):
            publish(folder / name, join(directory, name))
    seconds = {
        "convert": converted - started - merging,
        "merge": merging,
        "validate": validated - converted,
    }
    return PartitionResult(
        owner, directory, releases, records, conversion.report, reports, tuple(merge_warnings), seconds
    )


# ----------------------------------------------------------------------------------------- merging reports


_TAG = "\x1f"
_TAGGED = re.compile(_TAG + r"\d+")


def shared_rows(rows: Iterable[IsbRow]) -> list[IsbRow]:
    """The reference rows of no owner, as they go to every partition: each under a source of its own.

    A partition's report then counts every such row apart (its samples of rejections are capped per source,
    so with one row per source none is left out), and :func:`merge_reports` can tell, row by row, whether
    any partition used it. :func:`merge_reports` gives the rows their file's name back.
    """
    return [replace(row, source=f"{row.source}{_TAG}{number}") for number, row in enumerate(rows)]


def _untag(text: str) -> str:
    return _TAGGED.sub("", text)


def _add(total: RowCounts, counts: RowCounts) -> None:
    total.read += counts.read
    total.used += counts.used
    total.rejected += counts.rejected
    total.duplicate += counts.duplicate
    total.uncited += counts.uncited


def _outcome(counts: RowCounts) -> str:
    for outcome in ("used", "rejected", "duplicate", "uncited"):
        if getattr(counts, outcome):
            return outcome
    return "used"  # (a row a partition did not count: the single run counts it used, as every row is accounted)


def merge_reports(reports: Sequence[ConversionReport], national: Iterable[IsbRow]) -> ConversionReport:
    """One accounting from the partitions': the counts of a conversion of the whole input on one machine.

    Rows that belong to an owner are in one partition: their counts, issues and withheld values add up. A
    reference row of no owner (from :func:`shared_rows`) went to every partition: it is read once, used if
    any partition used it, uncited only if none did, and rejected or a duplicate as every partition found it;
    its field issues and the personal-data values withheld from it count once (a catalogue supplier's NPWP
    withheld in every partition whose processes cite the supplier is one value withheld). The samples of
    rejections and issues are capped again at :data:`~ocds_regency.read.limits.MAX_SAMPLES` per file, dataset
    and reason (and field), in input order.

    Args:
        reports: every partition's :class:`ConversionReport`.
        national: the reference rows that went to every partition (as :func:`shared_rows` made them).
    """
    tagged = {row.source: row for row in national}
    merged = ConversionReport()
    outcomes: dict[str, list[str]] = {}
    shared_rejections: dict[str, list[Rejection]] = {}
    shared_issues: dict[tuple[str, str, str, str], FieldIssue] = {}
    shared_withheld: set[tuple[str, str, str]] = set()
    rejections: list[Rejection] = []
    issues: list[FieldIssue] = []
    for report in reports:
        for (source, dataset), counts in report.counts.items():
            if source in tagged:
                outcomes.setdefault(source, []).append(_outcome(counts))
            else:
                _add(merged.counts.setdefault((source, dataset), RowCounts()), counts)
        merged.rejection_counts.update(report.rejection_counts)
        merged.issue_counts.update(report.issue_counts)
        for rejection in report.rejections:
            if rejection.source in tagged:
                merged.rejection_counts[rejection.reason] -= 1
                shared_rejections.setdefault(rejection.source, []).append(rejection)
            else:
                rejections.append(rejection)
        for issue in report.issues:
            if issue.source in tagged:
                merged.issue_counts[issue.reason] -= 1
                shared_issues.setdefault((issue.source, issue.position, issue.field, issue.reason), issue)
            else:
                issues.append(issue)
        for (source, category, name), values in report.withheld_from.items():
            if source in tagged:  # one row (see shared_rows): its value is withheld once, however many used it
                shared_withheld.add((source, category, name))
            else:
                merged.count_withheld(source, category, name, values)
        merged.releases.update(report.releases)
        merged.budgets.update(report.budgets)
    for source, row in tagged.items():
        found = outcomes.get(source, ["used"])
        outcome = "used" if "used" in found else next((o for o in found if o != "uncited"), "uncited")
        counts = merged.counts.setdefault((_untag(source), row.dataset), RowCounts())
        counts.read += 1
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        if outcome != "used":
            reason = {"uncited": Reason.UNREFERENCED, "duplicate": Reason.DUPLICATE}.get(outcome)
            example = next((r for r in shared_rejections.get(source, ()) if reason is None or r.reason == reason), None)
            if example is not None:
                rejections.append(example)
                merged.rejection_counts[example.reason] += 1
    for issue in shared_issues.values():
        issues.append(issue)
        merged.issue_counts[issue.reason] += 1
    for source, category, name in sorted(shared_withheld):
        merged.count_withheld(_untag(source), category, name)
    merged.rejection_counts = +merged.rejection_counts  # (drop reasons left at zero)
    merged.issue_counts = +merged.issue_counts
    merged.rejections = _capped(
        [
            replace(
                r, source=_untag(r.source), message=_untag(r.message), message_id=_untag(r.message_id or "") or None
            )
            for r in rejections
        ],
        lambda r: (r.source, r.dataset, r.reason),
    )
    merged.issues = _capped(
        [
            replace(
                i, source=_untag(i.source), message=_untag(i.message), message_id=_untag(i.message_id or "") or None
            )
            for i in issues
        ],
        lambda i: (i.source, i.dataset, i.field, i.reason),
    )
    return merged


def _capped(items: list[Any], key: Any) -> list[Any]:
    """At most MAX_SAMPLES items per ``key``, the first in input order (file, then row)."""
    kept: list[Any] = []
    taken: Counter[Any] = Counter()
    for item in sorted(items, key=lambda item: (item.source, _number(item.position))):
        if taken[key(item)] < MAX_SAMPLES:
            taken[key(item)] += 1
            kept.append(item)
    return kept


def _number(position: str) -> int:
    digits = re.findall(r"\d+", position)
    return int(digits[-1]) if digits else 0


# ----------------------------------------------------------------------------------------- the run


def run(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    prefix: str,
    out_dir: str | os.PathLike[str],
    client: Client,
    timezone: str = "+07:00",
    personal_data: Iterable[str] = (),
    versioned: bool = False,
    validate_output: bool = True,
    lang: str = "en",
    metadata: PackageMetadata | None = None,
) -> DistributedResult:
    """Convert, compile and validate ISB datasets on the Dask cluster of ``client``, one partition per owner.

    Args:
        inputs: ISB files or directories, on storage every worker reads at the same path.
        prefix: the publisher's ocid prefix.
        out_dir: the output directory, on storage every worker writes at the same path.
        client: a connected ``distributed.Client`` (see :func:`connect`).
        timezone: UTC offset of the local times in the data.
        personal_data: personal-data categories to publish (withheld by default).
        versioned: also put versioned releases in the records.
        validate_output: validate every package written (the findings are in the result).
        lang: language of the validation reports (``"en"`` or ``"id"``).
        metadata: what the packages declare; its ``uri`` is the public base URL of ``out_dir`` (default
            ``urn:ocds-regency:PREFIX/``), its ``published_date`` defaults to now: give it for identical reruns.

    Returns:
        A :class:`DistributedResult`.

    Raises:
        DaskUnavailableError: the ``dask`` extra is not installed.
        InputError: an input is missing or can't be read.
        ConversionError: the prefix or time zone is unusable.
    """
    bag = _bag()
    from ocds_regency.mapping import parse_offset

    offset = parse_offset(timezone)
    convert([], prefix=prefix, timezone=timezone, personal_data=personal_data)  # refuse bad options here, once
    files = input_files(inputs)
    out = local_path(out_dir) if is_local(out_dir) else os.fspath(out_dir)
    makedirs(out)
    settings: dict[str, Any] = {
        "prefix": prefix,
        "timezone": timezone,
        "personal_data": tuple(personal_data),
        "out_dir": out,
        "metadata": (metadata or PackageMetadata()).dated(),
        "versioned": versioned,
        "validate": validate_output,
        "lang": lang,
    }
    if not files:
        return DistributedResult([], ConversionReport())
    dask = _dask()
    rows = bag.from_sequence(list(enumerate(files)), npartitions=len(files)).map_partitions(_read_file, offset)
    # One graph, computed once: each file is read once, its reference rows gathered into one task whose result
    # every partition depends on (one key, fetched once per worker, not a copy inside every task), its other
    # rows shuffled by owner. A file's rows are released as soon as both have taken theirs: nothing keeps the
    # whole input in the workers' memory while the partitions convert.
    # (The reference rows' partitions are taken as they are, unoptimised: an optimised copy of the graph would
    # name the reading tasks anew, and every file would be read twice.)
    national = dask.delayed(_national, pure=True)(rows.filter(_is_reference).to_delayed(optimize_graph=False))
    groups = rows.filter(_is_owned).groupby(_owner)
    results: list[PartitionResult]
    shared: list[tuple[str | None, tuple[int, int], IsbRow]]
    results, shared = dask.compute(groups.map(_convert_owner, national, settings), national, scheduler=client)
    tagged = [row for _, _, row in shared]
    if not results and national:
        results = [_convert_owner((_NO_OWNER, []), national, settings)]
    results.sort(key=lambda p: p.owner)
    report = merge_reports([p.conversion for p in results], tagged)
    return DistributedResult(results, report)


# ----------------------------------------------------------------------------------------- compile, validate


def _read_lines(numbered: Sequence[tuple[int, str]]) -> list[tuple[str, tuple[int, int], dict[str, Any]]]:
    """The releases of JSON Lines files, each with its ocid and place in the input (file, position)."""
    from ocds_regency.read.releases import ReleaseReader

    out = []
    for file_no, location in numbered:
        with fetched(location) as path:
            # the one OCDS reader (orjson line by line), naming the file by its URL
            for index, item in enumerate(ReleaseReader(path, name=str(location))):
                release = item.release
                if not isinstance(release, dict) or not isinstance(release.get("ocid"), str):
                    raise OcdsRegencyError(f"{item.where}: not a release with an ocid")
                out.append((release["ocid"], (file_no, index), release))
    return out


def _compile_part(
    groups: list[tuple[str, list[tuple[str, tuple[int, int], dict[str, Any]]]]],
    path: str,
    extensions: tuple[str, ...],
    output: str,
    version: str,
) -> tuple[int, tuple[dict[str, str], ...]]:
    """Merge each ocid's releases (in input order) and write one partition's JSON Lines atomically."""
    merger = Merger(profile=load_profile(list(extensions), version=version))
    caught_all: list[dict[str, str]] = []
    count = 0
    name = path.rsplit("/", 1)[-1]
    with staging(path[: -len(name)]) as folder:
        with open(folder / name, "wb") as stream:
            for ocid, items in sorted(groups, key=lambda group: group[0]):
                releases = [release for _, _, release in sorted(items, key=lambda item: item[1])]
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    if output == "versioned":
                        merged = merger.create_versioned_release(releases)
                    else:
                        merged = merger.create_compiled_release(releases)
                caught_all.extend({"ocid": ocid, "message": str(w.message)} for w in caught)
                stream.write(dumps(merged) + b"\n")
                count += 1
        publish(folder / name, path)
    return count, tuple(caught_all)


def compile_releases(
    files: Iterable[str | os.PathLike[str]],
    *,
    out_dir: str | os.PathLike[str],
    client: Client,
    versioned: bool = False,
    extensions: Iterable[str] = (),
    partitions: int | None = None,
    version: str = DEFAULT_VERSION,
) -> tuple[list[str], int, list[dict[str, str]]]:
    """Compile releases (JSON Lines files) on Dask: shuffled by ocid, one ``Merger`` call per ocid.

    Each partition writes ``part-NNNNN.jsonl`` (compiled releases, or versioned with ``versioned=True``) in
    ``out_dir``, atomically; an ocid's releases are merged in their input order, as one machine does, with
    the merge rules of the bundled OCDS ``version`` (``"1.1"``) and the ``extensions``.

    Returns:
        The files written, the number of compiled (or versioned) releases, and the merge warnings.

    Raises:
        DaskUnavailableError: the ``dask`` extra is not installed.
        OcdsRegencyError: a line is not JSON or not a release with an ocid (naming the file and line).
    """
    bag = _bag()
    from dask.delayed import delayed

    names = input_files(files)
    out = local_path(out_dir) if is_local(out_dir) else os.fspath(out_dir)
    makedirs(out)
    if not names:
        return [], 0, []
    rows = bag.from_sequence(list(enumerate(names)), npartitions=len(names)).map_partitions(_read_lines)
    groups = rows.groupby(lambda item: item[0], npartitions=partitions or max(1, len(names)))
    paths = [join(out, f"part-{n:05d}.jsonl") for n in range(groups.npartitions)]
    tasks = [
        delayed(_compile_part)(part, path, tuple(extensions), "versioned" if versioned else "compiled", version)
        for part, path in zip(groups.to_delayed(), paths, strict=True)
    ]
    submit: Any = client.compute  # (distributed is untyped here)
    gather: Any = client.gather
    done = gather(submit(tasks))
    count = sum(n for n, _ in done)
    merge_warnings = [w for _, caught in done for w in caught]
    return paths, count, merge_warnings


def _validate_one(location: str, options: dict[str, Any]) -> Report:
    with fetched(location) as path:
        named = options if "name" in options or is_local(location) else {**options, "name": location}
        return validate(path, **named)


def validate_files(paths: Iterable[str | os.PathLike[str]], *, client: Client, **options: Any) -> list[Report]:
    """Validate files (paths or fsspec URLs) on Dask, one task per file, with :func:`ocds_regency.validate.validate`'s
    ``options``; a report on a URL names the URL.

    Raises:
        DaskUnavailableError: the ``dask`` extra is not installed.
    """
    bag = _bag()
    names = [os.fspath(p) for p in paths]
    if not names:
        return []
    files = bag.from_sequence(names, npartitions=len(names))
    reports: list[Report] = files.map(_validate_one, options).compute(scheduler=client)
    return reports
