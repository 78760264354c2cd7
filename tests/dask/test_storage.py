"""The Dask path reads and writes fsspec URLs (``memory://`` here), and publishes each file in one step.

``memory://`` is one process's memory, so these tests run the cluster's workers as threads of this process.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import fsspec
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from ocds_regency.cli import app
from ocds_regency.dask import compile_releases, compute_flags, run, validate_files
from ocds_regency.dask.storage import input_files, publish, staging
from ocds_regency.errors import InputError
from ocds_regency.mapping import EXTENSIONS
from ocds_regency.package import PackageMetadata
from tests.dask.conftest import DATE, PREFIX

METADATA = PackageMetadata(published_date=DATE)


@pytest.fixture(scope="module")
def threads() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=":0",
            scheduler_kwargs={"dashboard": False},
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture
def memory() -> Iterator[fsspec.AbstractFileSystem]:
    fs = fsspec.filesystem("memory")
    yield fs
    fs.rm("/", recursive=True)


def _packages(read: dict[str, bytes]) -> dict[str, list[object]]:
    return {name: json.loads(data).get("releases") or json.loads(data)["records"] for name, data in read.items()}


def test_run_reads_and_writes_urls(
    national: Path, threads: Client, tmp_path: Path, memory: fsspec.AbstractFileSystem
) -> None:
    memory.put(str(national), "/isb", recursive=True)
    on_disk = run([national], prefix=PREFIX, out_dir=tmp_path / "out", client=threads, metadata=METADATA)

    in_memory = run(["memory://isb"], prefix=PREFIX, out_dir="memory://ocds", client=threads, metadata=METADATA)

    written = sorted(str(p) for p in memory.find("/ocds"))
    assert written == [
        f"/ocds/{owner}/{name}"
        for owner in ("D1000", "D1001")
        for name in ("record-package.json", "release-package.json")
    ]
    assert [p.directory for p in in_memory.partitions] == ["memory://ocds/D1000", "memory://ocds/D1001"]
    for partition in on_disk.partitions:
        for name in ("release-package.json", "record-package.json"):
            local = (Path(partition.directory) / name).read_bytes()
            assert memory.cat(f"/ocds/{Path(partition.directory).name}/{name}") == local
    assert in_memory.report.totals == on_disk.report.totals
    # the rows' sources name the URLs read, not a worker's temporary copy
    assert {Path(r.source).parent.as_posix() for r in in_memory.report.rejections} <= {"memory:/isb"}
    assert in_memory.report.rejections  # (the sample has rejected rows to name)


def test_compile_and_flags_on_urls(national: Path, threads: Client, memory: fsspec.AbstractFileSystem) -> None:
    memory.put(str(national), "/isb", recursive=True)
    converted = run(["memory://isb"], prefix=PREFIX, out_dir="memory://ocds", client=threads, metadata=METADATA)
    releases = b"".join(
        json.dumps(r).encode() + b"\n"
        for p in converted.partitions
        for r in json.loads(memory.cat(f"{p.directory.removeprefix('memory://')}/release-package.json"))["releases"]
    )
    memory.pipe("/releases/all.jsonl", releases)

    paths, count, _ = compile_releases(
        ["memory://releases/all.jsonl"], out_dir="memory://compiled", client=threads, extensions=EXTENSIONS
    )
    flags = compute_flags(["memory://compiled"], client=threads)

    assert paths == ["memory://compiled/part-00000.jsonl"]
    assert count == converted.records
    records = [p.directory + "/record-package.json" for p in converted.partitions]
    assert flags.report.to_dict() == compute_flags(records, client=threads).report.to_dict()


def test_a_missing_url_is_one_clear_error(threads: Client) -> None:
    with pytest.raises(InputError, match="memory://nowhere: no such file or directory"):
        input_files(["memory://nowhere"])


def test_a_file_is_published_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with staging(str(target)) as folder:
        (folder / "a.json").write_bytes(b"{}")
        publish(folder / "a.json", str(target / "a.json"))

    def fail_half_way() -> None:
        with staging(str(target)) as folder:
            (folder / "b.json").write_bytes(b"{half")
            raise RuntimeError("the worker failed before publishing")

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert sorted(p.name for p in target.iterdir()) == ["a.json"]  # no b.json, no staging folder left
    assert (target / "a.json").read_bytes() == b"{}"


def test_cli_flags_on_a_scheduler(national: Path, threads: Client, tmp_path: Path) -> None:
    converted = run([national], prefix=PREFIX, out_dir=tmp_path / "ocds", client=threads, metadata=METADATA)
    records = [str(Path(p.directory) / "record-package.json") for p in converted.partitions]
    args = ["flags", *records, "--format", "cardinal", "-q"]

    single = CliRunner().invoke(app, args)
    distributed = CliRunner().invoke(app, [*args, "--scheduler", threads.scheduler.address])

    assert single.exit_code == 0, single.output
    assert distributed.exit_code == 0, distributed.output
    assert json.loads(distributed.stdout) == json.loads(single.stdout)


def test_cli_flags_on_a_scheduler_needs_files(threads: Client) -> None:
    result = CliRunner().invoke(app, ["flags", "--scheduler", threads.scheduler.address])
    assert result.exit_code == 2
    assert "--scheduler reads files" in result.output


def test_cli_converts_urls(national: Path, threads: Client, memory: fsspec.AbstractFileSystem) -> None:
    memory.put(str(national), "/isb", recursive=True)
    args = ["convert", "memory://isb", "--prefix", PREFIX, "--out-dir", "memory://ocds"]
    result = CliRunner().invoke(app, [*args, "--scheduler", threads.scheduler.address])
    assert result.exit_code == 0, result.output
    assert "under memory://ocds" in result.output
    assert sorted(str(p) for p in memory.ls("/ocds", detail=False)) == ["/ocds/D1000", "/ocds/D1001"]


def test_validate_files_on_urls(
    national: Path, threads: Client, tmp_path: Path, memory: fsspec.AbstractFileSystem
) -> None:
    converted = run([national], prefix=PREFIX, out_dir=tmp_path / "ocds", client=threads, metadata=METADATA)
    local = Path(converted.partitions[0].directory) / "release-package.json"
    memory.put_file(str(local), "/ocds/release-package.json")

    on_disk, on_url = validate_files([local, "memory://ocds/release-package.json"], client=threads, prefix=PREFIX)

    assert on_url.findings == on_disk.findings
    assert on_disk.findings  # (findings to compare)
