"""Benchmark the Dask path against the single-process publication on a generated national year.

Three runs on the same input (``scripts/gen_national.py`` output), each timed and with the peak resident
memory of every process involved sampled every 0.2 s (psutil, which Dask brings), each run in a process of
its own (a driver's peak is then its own run's, not an earlier run's heap that Python kept):

- *single*: :func:`ocds_regency.pipeline.publish` (convert, compile, write, validate) in this process;
- *dask-1* and *dask-2*: :func:`ocds_regency.dask.run` (convert, compile, write, validate per owner) on a
  LocalCluster of 1 or 2 worker processes (1 thread each).

For the Dask runs, where the time goes: the task stream's total per task kind (reading files, the shuffle,
the partitions' work) and, inside the partitions, conversion / merge / validation::

    python scripts/gen_national.py --regencies 27 --out /tmp/national      # 101,520 processes
    python benchmarks/bench_dask.py /tmp/national --runs single dask-1 dask-2
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import psutil
from distributed import Client, LocalCluster, get_task_stream

from ocds_regency.dask import run
from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish

PREFIX = "ocds-bench0"
DATE = "2025-11-01T00:00:00Z"


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


class PeakMemory:
    """Peak RSS of this process and of each worker process, sampled in a thread, and the CPU time each used
    meanwhile (on a loaded machine the wall-clock says little; the CPU seconds are the work)."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.peaks: dict[str, int] = dict.fromkeys(pids, 0)
        self.cpu: dict[str, float] = {}
        self.load: tuple[float, float] = (0.0, 0.0)
        self.start: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            for name, pid in self.pids.items():
                try:
                    rss = psutil.Process(pid).memory_info().rss
                except psutil.Error:
                    continue
                self.peaks[name] = max(self.peaks[name], rss)

    def __enter__(self) -> PeakMemory:
        self.cpu = {name: -_cpu(pid) for name, pid in self.pids.items()}
        self.start = {name: psutil.Process(pid).memory_info().rss for name, pid in self.pids.items()}
        self._load_start = psutil.getloadavg()[0]
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        for name, pid in self.pids.items():
            self.cpu[name] = round(self.cpu[name] + _cpu(pid), 1)
        self.load = (round(self._load_start, 1), round(psutil.getloadavg()[0], 1))


def _mib(value: int) -> str:
    return f"{value / 2**20:,.0f} MiB"


def bench_single(source: Path, work: Path) -> dict[str, Any]:
    out = work / "single"
    with PeakMemory({"main": psutil.Process().pid}) as memory:
        start = time.perf_counter()
        result = publish([source], PackageMetadata(published_date=DATE), PublishOptions(prefix=PREFIX, out_dir=out))
        seconds = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return {
        "run": "single",
        "seconds": round(seconds, 1),
        "releases": result.report.figures.releases if hasattr(result.report.figures, "releases") else None,
        "processes": result.report.figures.processes,
        "peak": {name: _mib(v) for name, v in memory.peaks.items()},
        "rss at start": {name: _mib(v) for name, v in memory.start.items()},
        "cpu seconds": memory.cpu,
        "load average (start, end)": memory.load,
    }


def bench_dask(source: Path, work: Path, workers: int) -> dict[str, Any]:
    out = work / f"dask-{workers}"
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
            scheduler_kwargs={"dashboard": False},
            memory_limit=0,
        ) as cluster,
        Client(cluster) as client,
    ):
        pids = {"driver": psutil.Process().pid}
        for n, (_, pid) in enumerate(sorted(client.run(lambda: __import__("os").getpid()).items())):
            pids[f"worker-{n}"] = pid
        with PeakMemory(pids) as memory, get_task_stream(client) as stream:
            start = time.perf_counter()
            result = run(
                [source], prefix=PREFIX, out_dir=out, client=client, metadata=PackageMetadata(published_date=DATE)
            )
            seconds = time.perf_counter() - start
        tasks: dict[str, float] = defaultdict(float)
        for task in stream.data:
            prefix = task["key"][0] if isinstance(task["key"], tuple) else task["key"]
            kind = str(prefix).rsplit("-", 1)[0]
            for part in task.get("startstops", ()):
                tasks[f"{kind}:{part['action']}"] += part["stop"] - part["start"]
    inside: dict[str, float] = defaultdict(float)
    for partition in result.partitions:
        for stage, value in partition.seconds.items():
            inside[stage] += value
    shutil.rmtree(out, ignore_errors=True)
    return {
        "run": f"dask-{workers}",
        "seconds": round(seconds, 1),
        "releases": result.releases,
        "records": result.records,
        "partitions": len(result.partitions),
        "peak": {name: _mib(v) for name, v in memory.peaks.items()},
        "rss at start": {name: _mib(v) for name, v in memory.start.items()},
        "cpu seconds": memory.cpu,
        "load average (start, end)": memory.load,
        "task seconds": {k: round(v, 1) for k, v in sorted(tasks.items(), key=lambda kv: -kv[1])[:12]},
        "partition seconds": {k: round(v, 1) for k, v in inside.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a generated national year (scripts/gen_national.py)")
    parser.add_argument("--runs", nargs="+", default=["single", "dask-1", "dask-2"])
    args = parser.parse_args()
    if len(args.runs) > 1:
        # One process per run: Python keeps its heap, so a driver that ran the single-process publication
        # first would report that run's peak as its own (the "1.3 GB driver" of an earlier dask-1 row).
        for name in args.runs:
            subprocess.run([sys.executable, __file__, str(args.source), "--runs", name], check=True)
        return
    work = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    try:
        for name in args.runs:
            if name == "single":
                row = bench_single(args.source, work)
            else:
                row = bench_dask(args.source, work, int(name.split("-")[1]))
            print(json.dumps(row), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
