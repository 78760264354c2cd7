#!/usr/bin/env python3
"""Benchmark spreadsheets: ``ocds-regency flatten`` against ``flatten-tool flatten`` on the same file, in one run.

Data: ``../shared/bench/gen_merge_set.py`` (N contracting processes x 5 releases), compiled once with
``ocds-regency compile`` into N compiled releases, written as one release package (flatten-tool reads a root
list) to ``benchmarks/data/`` (git-ignored). Both tools read that same file and write XLSX, then CSV; each
run is its own process, timed by the kernel's count for it (wall time, CPU time (user + system), peak RSS). On a
machine shared with other jobs, compare the CPU times: the wall time then mostly measures the waiting.
``--as-is`` makes ours flatten the releases as read, as flatten-tool does (no compiling).

``--tree LABEL=SRC`` (repeatable) runs ours from each source tree instead (``SRC`` put first on ``PYTHONPATH``,
e.g. a copy of ``main``'s ``src`` and of the branch's), interleaved with flatten-tool in the same invocation.

``--publish DIR`` times ``ocds-regency publish DIR`` with and without ``--no-spreadsheets`` instead (the
cost of writing publikasi.xlsx and publikasi-csv.zip in a publication).

``--instructions`` counts the instructions of ours instead (``valgrind --tool=callgrind``: deterministic, so it
tells a few per cent apart on a loaded machine where timings can't), per tree, for CSV then XLSX; ``-n 0`` is an
empty package (the start-up alone).

Usage (from the project root):

    python benchmarks/bench_flatten.py -n 2000              # 2,000 compiled releases
    python benchmarks/bench_flatten.py -n 500 -n 4000       # memory against rows
    python benchmarks/bench_flatten.py -n 2000 --markdown   # a table for docs/benchmarks.md
    python benchmarks/bench_flatten.py -n 500 --tree main=/tmp/main/src --tree branch=/tmp/branch/src
    python benchmarks/bench_flatten.py --publish ../shared/domain/isb-real-2025 --repeat 3 --markdown
    python benchmarks/bench_flatten.py -n 0 -n 100 -n 500 --instructions --tree main=/tmp/main/src --tree branch=src
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_merge_set.py"
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def compiled_package(processes: int) -> Path:
    """N compiled releases in one release package (none: an empty one)."""
    DATA.mkdir(parents=True, exist_ok=True)
    package = DATA / f"flatten-{processes}.json"
    if package.exists():
        return package
    if not processes:
        package.write_bytes(b'{"releases": []}\n')
        return package
    releases = DATA / f"flatten-{processes}-releases.jsonl"
    subprocess.run([PYTHON, str(GENERATOR), "-n", str(processes), "-o", str(releases)], check=True)
    compiled = subprocess.run(
        [str(BIN / "ocds-regency"), "compile", str(releases)], check=True, capture_output=True
    ).stdout.splitlines()
    with package.open("wb") as out:
        out.write(b'{"releases": [\n')
        out.write(b",\n".join(compiled))
        out.write(b"\n]}\n")
    releases.unlink()
    return package


def timed(command: list[str], tree: str | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of a command, its output to /dev/null;
    with ``tree``, that source tree first on ``PYTHONPATH``. The CPU time is the kernel's own count for the
    process (``wait4``, microseconds): ``/usr/bin/time`` prints hundredths, 5 % of a 0.2 s run."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([tree, *filter(None, [env.get("PYTHONPATH")])])
    with open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=devnull, stderr=devnull, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def instructions(command: list[str], tree: str | None = None) -> int:
    """The instructions a command runs, counted by callgrind; with ``tree``, that source tree first on
    ``PYTHONPATH``."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([tree, *filter(None, [env.get("PYTHONPATH")])])
    counted = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
        env=env,
    ).stderr
    found = re.search(r"Collected : (\d+)", counted)
    if found is None:
        raise RuntimeError(f"callgrind counted nothing: {counted}")
    return int(found.group(1))


def instruction_rows(sizes: list[int], trees: dict[str, str | None]) -> None:
    """Print a Markdown table of the instructions of ``flatten --as-is`` per size, format and tree."""
    labels = list(trees)
    print(f"| input | format | {' | '.join(label or 'ours' for label in labels)} | change |")
    print(f"| --- | --- |{' ---: |' * len(labels)} ---: |")
    for fmt in ("csv", "xlsx"):
        for processes in sizes:
            package = compiled_package(processes)
            with tempfile.TemporaryDirectory() as out:
                target = str(Path(out) / ("ours.xlsx" if fmt == "xlsx" else "ours-csv"))
                command = [str(BIN / "ocds-regency"), "flatten", "--as-is", str(package), "-o", target, "--format", fmt]
                counts = [instructions(command, trees[label]) for label in labels]
            change = f"{(counts[-1] / counts[0] - 1) * 100:+.1f} %" if len(counts) > 1 else ""
            shown = " | ".join(f"{count / 1e6:,.1f} M" for count in counts)
            print(f"| {processes:,} releases | {fmt} | {shown} | {change} |")


def publish_rows(directory: str, repeat: int, trees: dict[str, str | None]) -> list[tuple[str, str, float, float, int]]:
    """``ocds-regency publish`` of ``directory`` with and without the spreadsheets, runs interleaved."""
    results: dict[tuple[str, str], list[tuple[float, float, int]]] = {
        (label, name): [] for label in trees for name in ("publish", "publish --no-spreadsheets")
    }
    with tempfile.TemporaryDirectory() as out:
        for run in range(repeat):
            for number, (label, name) in enumerate(results):
                command = [
                    str(BIN / "ocds-regency"), "publish", directory, "--prefix", "ocds-zz9999", "--quiet",
                    "--published-date", "2025-11-04T08:00:00Z", "--out", str(Path(out) / f"{run}-{number}"),
                    *name.split()[1:],
                ]  # fmt: skip
                results[(label, name)].append(timed(command, trees[label]))
    return [
        (Path(directory).name, f"{label}: {name}" if label else name, *min(runs, key=lambda r: r[1]))
        for (label, name), runs in results.items()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, action="append", help="contracting processes (repeatable; default 2000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command (best is kept)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--publish", metavar="DIR", help="time publish of DIR with and without the spreadsheets")
    parser.add_argument(
        "--tree", action="append", metavar="LABEL=SRC", help="run ours from this source tree (repeatable)"
    )
    parser.add_argument(
        "--instructions", action="store_true", help="count the instructions of ours (callgrind) instead of timing"
    )
    args = parser.parse_args()
    trees: dict[str, str | None] = {"": None}
    if args.tree:
        trees = dict(tree.split("=", 1) for tree in args.tree)
        for source in trees.values():  # compiled to bytecode too, like the installed package
            subprocess.run([PYTHON, "-m", "compileall", "-q", str(source)], check=True)
    # Our modules compiled to bytecode first, as an installed package's are (flatten-tool's were, by pip): with
    # an editable install and PYTHONDONTWRITEBYTECODE set, each run would compile them from source again.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    if args.instructions:
        instruction_rows(args.n or [0, 100, 500], trees)
        return
    if args.publish:
        published = publish_rows(args.publish, args.repeat, trees)
        print("| input | command | wall | CPU | peak RSS |\n| --- | --- | --- | --- | --- |")
        for input_name, name, wall, cpu, rss in published:
            print(f"| {input_name} | {name} | {wall:.2f} s | {cpu:.2f} s | {rss} MB |")
        return
    rows = []
    for processes in args.n or [2000]:
        package = compiled_package(processes)
        size = package.stat().st_size / 1e6
        with tempfile.TemporaryDirectory() as out:
            for fmt in ("xlsx", "csv"):
                target = str(Path(out) / ("ours.xlsx" if fmt == "xlsx" else "ours-csv"))
                theirs_target = str(Path(out) / f"theirs-{fmt}")
                ours_command = [
                    str(BIN / "ocds-regency"), "flatten", "--as-is", str(package), "-o", target, "--format", fmt,
                ]  # fmt: skip
                commands: dict[str, tuple[list[str], str | None]] = {
                    f"{label}: ocds-regency flatten --as-is" if label else "ocds-regency flatten --as-is": (
                        ours_command, tree,
                    )
                    for label, tree in trees.items()
                }  # fmt: skip
                commands["flatten-tool flatten"] = (
                    [
                        str(BIN / "flatten-tool"), "flatten", str(package), "--root-list-path", "releases",
                        "--root-id", "ocid", "-f", fmt, "-o", theirs_target,
                    ],
                    None,
                )  # fmt: skip
                runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
                for _ in range(args.repeat):  # interleaved, so that all see the same load
                    for name, (command, tree) in commands.items():
                        runs[name].append(timed(command, tree))
                results = {name: min(times, key=lambda t: t[1]) for name, times in runs.items()}
                theirs = results["flatten-tool flatten"]
                for name, (wall, cpu, rss) in results.items():
                    rows.append(
                        (
                            f"{processes:,} releases ({size:.0f} MB)", fmt, name, wall, cpu, rss,
                            theirs[0] / wall, theirs[1] / cpu,
                        )
                    )  # fmt: skip
    if args.markdown:
        loads = " / ".join(f"{load:.1f}" for load in os.getloadavg())
        print(f"<!-- {platform.python_version()}, {os.cpu_count()} CPUs, load average at the end {loads} -->")
        print("| input | format | tool | wall | CPU | peak RSS | ours faster by (wall / CPU) |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for input_name, fmt, name, wall, cpu, rss, ratio, cpu_ratio in rows:
            faster = f"{ratio:.1f}× / **{cpu_ratio:.1f}×**" if "ocds-regency" in name else ""
            print(f"| {input_name} | {fmt} | {name} | {wall:.2f} s | {cpu:.2f} s | {rss} MB | {faster} |")
    else:
        for input_name, fmt, name, wall, cpu, rss, ratio, cpu_ratio in rows:
            print(
                f"{input_name:28} {fmt:5} {name:30} {wall:7.2f} s {cpu:7.2f} s CPU {rss:6} MB  "
                f"(ours {ratio:.1f}x faster, {cpu_ratio:.1f}x in CPU)"
            )


if __name__ == "__main__":
    main()
