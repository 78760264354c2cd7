#!/usr/bin/env python3
"""Benchmark merging: ocds-regency against ocdsmerge and ocdskit on the same data, in one run.

Data comes from ``../shared/bench/gen_merge_set.py`` (N contracting processes x 5 releases, ~10 KB each,
JSON Lines), written to ``benchmarks/data/`` (git-ignored). Every mode runs end to end (JSON Lines file in,
output written to /dev/null) in its own process under ``/usr/bin/time``, which gives the wall time and the
peak RSS. The peers get the bundled OCDS 1.1.5 release schema as a local file: nothing is fetched.

Usage (from the project root):

    python benchmarks/bench_merge.py -n 2000                 # 10,000 releases
    python benchmarks/bench_merge.py -n 20000 --no-peers     # ours only, on the 1 GB set
    python benchmarks/bench_merge.py -n 2000 --markdown      # print a table for docs/benchmarks.md

``ocdskit compile --package --versioned`` is very slow (pure-Python streaming encoder), so it runs on the
first ``--kit-package-limit`` releases only (default 5,000), and its rate is reported for that subset.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _bytecode import compile_bytecode  # benchmarks/, first on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_merge_set.py"
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def generate(processes: int, *, shuffle: bool) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"merge-{processes}{'-shuffled' if shuffle else ''}.jsonl"
    if not path.exists():
        command = [PYTHON, str(GENERATOR), "-n", str(processes), "-o", str(path)]
        if shuffle:
            command.append("--shuffle")
        subprocess.run(command, check=True)
    return path


def schema_file() -> Path:
    from ocds_regency.standard import load_profile

    path = DATA / "release-schema-1__1__5.json"
    path.write_text(json.dumps(load_profile().release_schema))
    return path


def head(path: Path, releases: int) -> Path:
    subset = path.with_name(f"{path.stem}-first{releases}.jsonl")
    if not subset.exists():
        with path.open("rb") as source, subset.open("wb") as target:
            target.writelines(itertools.islice(source, releases))
    return subset


def _tree_rss_kb(root: int) -> int:
    """Proportional set size (shared pages split between sharers) of a process and all its descendants."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{pid}/task/{pid}/children") as children:
                stack.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def timed(
    command: list[str], *, stdin: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float, int, int]:
    """Run a command with stdout to /dev/null.

    Returns wall seconds, CPU seconds (user + system, all processes), the peak RSS of the largest single
    process (``/usr/bin/time``) and the peak of the PSS summed over the process tree (sampled every 20 ms),
    in MB.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        full = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name, *command]
        with open(os.devnull, "wb") as devnull:
            source = stdin.open("rb") if stdin else None
            try:
                start = time.perf_counter()
                process = subprocess.Popen(full, stdin=source, stdout=devnull, env=env)
                tree_peak = 0
                while process.poll() is None:
                    tree_peak = max(tree_peak, _tree_rss_kb(process.pid))
                    time.sleep(0.02)
                wall = time.perf_counter() - start
                if process.returncode:
                    raise subprocess.CalledProcessError(process.returncode, command)
            finally:
                if source:
                    source.close()
        _elapsed, user, system, rss = report.read().split()[-4:]
    return wall, float(user) + float(system), int(rss) // 1024, tree_peak // 1024


def ocdsmerge_driver(mode: str, data: str, schema: str) -> None:
    """Peer driver: json.loads each line, group consecutive ocids, merge with ocdsmerge, json.dumps."""
    import ocdsmerge
    import ocdsmerge.rules

    merger = ocdsmerge.Merger(merge_rules=ocdsmerge.rules.get_merge_rules(schema))
    out = sys.stdout
    with open(data, "rb") as lines:
        releases = (json.loads(line) for line in lines)
        for _ocid, group in itertools.groupby(releases, key=lambda release: release["ocid"]):
            items = list(group)
            if mode in ("compiled", "both"):
                out.write(json.dumps(merger.create_compiled_release(items)) + "\n")
            if mode in ("versioned", "both"):
                out.write(json.dumps(merger.create_versioned_release(items)) + "\n")


def count_lines(path: Path) -> int:
    with path.open("rb") as source:
        return sum(1 for _ in source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=2000, help="contracting processes (x5 releases)")
    parser.add_argument("--no-peers", action="store_true", help="skip ocdsmerge and ocdskit")
    parser.add_argument("--no-shuffled", action="store_true", help="skip the shuffled input")
    parser.add_argument("--kit-package-limit", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=None, help="ocds-regency --workers")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--parallel", action="store_true", help="also run ours with --workers 1 (one process)")
    parser.add_argument(
        "--tree",
        action="append",
        default=[],
        metavar="NAME=SRC",
        help="run every mode (peers too) once per tree, in turn, with SRC (a copy of some commit's src/) first on "
        "PYTHONPATH: two trees compared in one invocation, mode by mode. Repeatable; default: the installed tree",
    )
    args = parser.parse_args()
    trees: list[tuple[str, dict[str, str] | None]] = [("", None)]
    if args.tree:
        trees = []
        for given in args.tree:
            name, _, src = given.partition("=")
            env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
            trees.append((name, env))
    for name, env in trees:
        print(f"ocds_regency{f' ({name})' if name else ''} from {compile_bytecode(env)}", flush=True)

    grouped = generate(args.n, shuffle=False)
    shuffled = None if args.no_shuffled else generate(args.n, shuffle=True)
    schema = schema_file()
    subset_size = 0
    releases = count_lines(grouped)
    ours = [str(BIN / "ocds-regency"), "compile"]
    if args.workers:
        ours += ["--workers", str(args.workers)]
    modes: list[tuple[str, list[str], Path | None, int]] = [
        ("ocds-regency compile (compiled)", [*ours, str(grouped)], None, releases),
        ("ocds-regency compile --versioned", [*ours, "--versioned", str(grouped)], None, releases),
        ("ocds-regency compile --package (records)", [*ours, "--package", str(grouped)], None, releases),
        (
            "ocds-regency compile --package --versioned",
            [*ours, "--package", "--versioned", str(grouped)],
            None,
            releases,
        ),
    ]
    if args.parallel:
        # The default merges a large grouped file on every CPU (up to 4): compare with one process, in turn.
        modes = [
            mode
            for name, command, stdin, count in modes
            for mode in (
                (name, command, stdin, count),
                (f"{name}, --workers 1", [*command[:2], "--workers", "1", *command[2:]], stdin, count),
            )
        ]
    if shuffled is not None:
        modes += [
            ("ocds-regency compile, shuffled input", [*ours, str(shuffled)], None, releases),
            (
                "ocds-regency compile --package --versioned, shuffled",
                [*ours, "--package", "--versioned", str(shuffled)],
                None,
                releases,
            ),
        ]
    if not args.no_peers:
        driver = [PYTHON, __file__, "--ocdsmerge-driver"]
        modes += [
            ("ocdsmerge compiled", [*driver, "compiled", str(grouped), str(schema)], None, releases),
            ("ocdsmerge versioned", [*driver, "versioned", str(grouped), str(schema)], None, releases),
            ("ocdsmerge compiled + versioned", [*driver, "both", str(grouped), str(schema)], None, releases),
            ("ocdskit compile", [str(BIN / "ocdskit"), "compile", "--schema", str(schema)], grouped, releases),
        ]
        subset_size = min(args.kit_package_limit, releases)
        subset = head(grouped, subset_size)
        modes += [
            (
                f"ocdskit compile --package --versioned (first {subset_size:,})",
                [str(BIN / "ocdskit"), "compile", "--schema", str(schema), "--package", "--versioned"],
                subset,
                subset_size,
            ),
            (
                f"ocds-regency compile --package --versioned (first {subset_size:,})",
                [*ours, "--package", "--versioned", str(subset)],
                None,
                subset_size,
            ),
        ]
    rows = []
    loads: list[float] = []
    for mode, command, stdin, count in modes:
        for label, env in trees:  # the trees in turn, mode by mode: the same conditions for each
            name = f"{mode} [{label}]" if label else mode
            before = os.getloadavg()[0]
            wall, cpu, rss, tree = timed(command, stdin=stdin, env=env)
            after = os.getloadavg()[0]
            loads += [before, after]
            rows.append((name, count, wall, cpu, rss, tree))
            print(
                f"{name}: {count / wall:,.0f} releases/s ({wall:.1f} s wall, {cpu:.1f} s CPU = "
                f"{count / cpu:,.0f}/CPU-s), peak RSS {rss} MB (all processes {tree} MB), load {before:.1f} -> "
                f"{after:.1f}",
                flush=True,
            )
    if args.markdown:
        print()
        print(f"Data: `gen_merge_set.py -n {args.n}` = {releases:,} releases, {grouped.stat().st_size / 1e6:,.0f} MB")
        print(
            f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
            f"1-minute load average {min(loads):.1f}-{max(loads):.1f} (before and after each mode)"
        )
        print()
        print("| mode | releases | wall s | releases/s | CPU s | releases/CPU-s | peak RSS MB (PSS, all processes) |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, count, wall, cpu, rss, tree in rows:
            print(
                f"| {name} | {count:,} | {wall:.1f} | {count / wall:,.0f} | {cpu:.1f} | {count / cpu:,.0f} "
                f"| {rss} ({tree}) |"
            )
        print_ratios(rows, [label for label, _ in trees], subset_size)


#: The ratios the figures of record name: ours / peer, releases per CPU-second (the mode names above).
RATIOS = [
    ("compiled, ours `--workers 1` / ocdsmerge", "ocds-regency compile (compiled), --workers 1", "ocdsmerge compiled"),
    (
        "versioned, ours `--workers 1` / ocdsmerge",
        "ocds-regency compile --versioned, --workers 1",
        "ocdsmerge versioned",
    ),
    (
        "records with versioned releases, `--workers 1` / ocdsmerge both",
        "ocds-regency compile --package --versioned, --workers 1",
        "ocdsmerge compiled + versioned",
    ),
    ("ours (default) / `ocdskit compile`", "ocds-regency compile (compiled)", "ocdskit compile"),
    (
        "`--package --versioned`, first {subset:,}, ours / ocdskit",
        "ocds-regency compile --package --versioned (first {subset:,})",
        "ocdskit compile --package --versioned (first {subset:,})",
    ),
]


def print_ratios(rows: list[tuple[str, int, float, float, int, int]], labels: list[str], subset: int) -> None:
    """A Markdown table of the ratios by CPU time, one column per tree (each against the peers run beside it)."""
    rate = {name: count / cpu for name, count, _wall, cpu, _rss, _tree in rows}
    print()
    print("| comparison (releases/CPU-s, ours / peer) | " + " | ".join(label or "ratio" for label in labels) + " |")
    print("|---|" + "---:|" * len(labels))
    for title, ours, peer in RATIOS:
        cells = []
        for label in labels:
            suffix = f" [{label}]" if label else ""
            mine = rate.get(ours.format(subset=subset) + suffix)
            theirs = rate.get(peer.format(subset=subset) + suffix)
            cells.append(f"{mine / theirs:.1f}×" if mine and theirs else "–")
        print(f"| {title.format(subset=subset)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--ocdsmerge-driver":
        ocdsmerge_driver(*sys.argv[2:5])
    else:
        main()
