#!/usr/bin/env python3
"""Benchmark spreadsheets: ``ocds-regency flatten`` against ``flatten-tool flatten`` on the same file, in one run.

Data: ``../shared/bench/gen_merge_set.py`` (N contracting processes x 5 releases), compiled once with
``ocds-regency compile`` into N compiled releases, written as one release package (flatten-tool reads a root
list) to ``benchmarks/data/`` (git-ignored). Both tools read that same file and write XLSX, then CSV; each
run is its own process under ``/usr/bin/time`` (wall time, peak RSS). ``--as-is`` makes ours flatten the
releases as read, as flatten-tool does (no compiling).

Usage (from the project root):

    python benchmarks/bench_flatten.py -n 2000              # 2,000 compiled releases
    python benchmarks/bench_flatten.py -n 500 -n 4000       # memory against rows
    python benchmarks/bench_flatten.py -n 2000 --markdown   # a table for docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_merge_set.py"
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def compiled_package(processes: int) -> Path:
    """N compiled releases in one release package."""
    DATA.mkdir(parents=True, exist_ok=True)
    package = DATA / f"flatten-{processes}.json"
    if package.exists():
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


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of a command, its output to /dev/null."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        with open(os.devnull, "wb") as devnull:
            subprocess.run(
                ["/usr/bin/time", "-f", "%e %M", "-o", report.name, *command],
                stdout=devnull,
                stderr=devnull,
                check=True,
            )
        wall, rss = report.read().split()[-2:]
    return float(wall), int(rss) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, action="append", help="contracting processes (repeatable; default 2000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command (best is kept)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    rows = []
    for processes in args.n or [2000]:
        package = compiled_package(processes)
        size = package.stat().st_size / 1e6
        with tempfile.TemporaryDirectory() as out:
            for fmt in ("xlsx", "csv"):
                target = str(Path(out) / ("ours.xlsx" if fmt == "xlsx" else "ours-csv"))
                theirs_target = str(Path(out) / f"theirs-{fmt}")
                commands = {
                    "ocds-regency flatten --as-is": [
                        str(BIN / "ocds-regency"), "flatten", "--as-is", str(package), "-o", target, "--format", fmt,
                    ],
                    "flatten-tool flatten": [
                        str(BIN / "flatten-tool"), "flatten", str(package), "--root-list-path", "releases",
                        "--root-id", "ocid", "-f", fmt, "-o", theirs_target,
                    ],
                }  # fmt: skip
                results = {}
                for name, command in commands.items():
                    results[name] = min(timed(command) for _ in range(args.repeat))
                ours, theirs = results["ocds-regency flatten --as-is"], results["flatten-tool flatten"]
                for name, (wall, rss) in results.items():
                    rows.append(
                        (f"{processes:,} releases ({size:.0f} MB)", fmt, name, wall, rss, theirs[0] / ours[0])
                    )
    if args.markdown:
        print(f"<!-- {platform.python_version()}, {os.cpu_count()} CPUs -->")
        print("| input | format | tool | wall | peak RSS | ours faster by |")
        print("| --- | --- | --- | --- | --- | --- |")
        for input_name, fmt, name, wall, rss, ratio in rows:
            faster = f"**{ratio:.1f}×**" if name.startswith("ocds-regency") else ""
            print(f"| {input_name} | {fmt} | {name} | {wall:.2f} s | {rss} MB | {faster} |")
    else:
        for input_name, fmt, name, wall, rss, ratio in rows:
            print(f"{input_name:28} {fmt:5} {name:30} {wall:7.2f} s {rss:6} MB  (ours {ratio:.1f}x faster)")


if __name__ == "__main__":
    main()
