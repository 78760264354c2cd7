#!/usr/bin/env python3
"""Benchmark the red-flag indicators: ``ocds-regency flags`` over 10,000 to 100,000 compiled releases.

Data: ``../shared/bench/gen_merge_set.py`` makes ``--base`` processes (5 releases each), which
``ocds-regency compile`` merges into compiled releases; these are then replicated, with new ocids, to each
size. The replication also spreads the processes over 200 buyers and 3,000 economic operators and gives
every process bids with statuses and amounts, so that the organisation-level and fenced indicators (R024,
R025, R038, R048, R058, supplier shares, repeat awards, splitting) have real work. Files are written to
``benchmarks/data/`` (git-ignored) and reused.

Each run is a separate process under ``/usr/bin/time`` (wall time, CPU time, peak RSS), end to end (JSON
Lines in, output to /dev/null); on a shared machine compare CPU seconds, which the load barely changes:

- **read (floor)**: reading and decoding every line with orjson, nothing else;
- **flags json**: ``ocds-regency flags FILE`` (Indonesian profile: 11 + 16 indicators, flags.json);
- **flags cardinal**: ``ocds-regency flags --profile cardinal --format cardinal FILE`` (Cardinal's 11).

Usage (from the project root):

    python benchmarks/bench_flags.py --sizes 10000 50000 100000 [--base 10000] [--markdown]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
from pathlib import Path

import orjson

from _bytecode import compile_bytecode  # benchmarks/, first on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_merge_set.py"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
STATUSES = ("valid", "valid", "valid", "disqualified", "pending")
DETAILS = ("Tender", "Seleksi", "Pengadaan Langsung", "Pengadaan Langsung", "E-Purchasing")


def base_compiled(processes: int) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    releases = DATA / f"merge-{processes}.jsonl"
    compiled = DATA / f"flags-compiled-{processes}.jsonl"
    if not releases.exists():
        subprocess.run([PYTHON, str(GENERATOR), "-n", str(processes), "-o", str(releases)], check=True)
    if not compiled.exists():
        subprocess.run([str(BIN / "ocds-regency"), "compile", str(releases), "-o", str(compiled)], check=True)
    return compiled


def _vary(release: dict, copy: int, rng: random.Random) -> dict:
    """A copy of a compiled release as another process: new ocid, shared buyers and operators, bids."""
    release = dict(release)
    release["ocid"] = f"{release['ocid']}-c{copy}"
    release["buyer"] = {"id": f"SATKER-{rng.randrange(200)}", "name": "Satker"}
    tender = dict(release.get("tender") or {})
    tender["procurementMethodDetails"] = rng.choice(DETAILS)
    tender["tenderPeriod"] = {
        "startDate": "2025-03-03T08:00:00+07:00",
        "endDate": f"2025-03-{rng.randint(4, 28):02d}T16:00:00+07:00",
    }
    release["tender"] = tender
    operators = [f"OP-{rng.randrange(3000)}" for _ in range(rng.randint(1, 5))]
    awards = []
    for award in release.get("awards") or []:
        award = dict(award)
        award["suppliers"] = [{"id": operators[0], "name": operators[0]}]
        awards.append(award)
    release["awards"] = awards
    base = rng.uniform(50e6, 900e6)
    release["bids"] = {
        "details": [
            {
                "id": str(n),
                "status": "valid" if n == 0 else rng.choice(STATUSES),
                "tenderers": [{"id": operator}],
                "value": {"amount": round(base * (1 + 0.02 * n + rng.uniform(0, 0.05)), -3), "currency": "IDR"},
                "date": "2025-03-03T09:00:00+07:00",
            }
            for n, operator in enumerate(operators)
        ]
    }
    return release


def replicated(base: Path, size: int) -> Path:
    processes = base.stem.rsplit("-", 1)[-1]  # flags-compiled-N
    path = DATA / f"flags-{size}-from-{processes}.jsonl"
    if path.exists():
        return path
    rng = random.Random(size)
    lines = base.read_bytes().splitlines()
    with path.open("wb") as out:
        for number in range(size):
            release = orjson.loads(lines[number % len(lines)])
            out.write(orjson.dumps(_vary(release, number // len(lines), rng)) + b"\n")
    return path


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS in bytes of ``command``."""
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", *command], capture_output=True, text=True, check=True
    )
    wall, user, system, rss = result.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) * 1024


FLOOR = "import orjson,sys\nfor line in open(sys.argv[1], 'rb'):\n    orjson.loads(line)\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--base", type=int, default=10_000, help="processes generated and compiled")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    print(f"ocds_regency from {compile_bytecode()}", flush=True)
    base = base_compiled(args.base)
    cli = str(BIN / "ocds-regency")
    rows = []
    for size in args.sizes:
        path = replicated(base, size)
        mb = path.stat().st_size / 1e6
        modes = {
            "read (floor)": [PYTHON, "-c", FLOOR, str(path)],
            "flags json": [cli, "flags", str(path), "-o", os.devnull],
            "flags cardinal": [
                cli,
                "flags",
                "--profile",
                "cardinal",
                "--format",
                "cardinal",
                str(path),
                "-o",
                os.devnull,
            ],
        }
        for mode, command in modes.items():
            wall, cpu, rss = timed(command)
            rows.append((size, mb, mode, wall, cpu, cpu / size * 10_000, rss / 1e6))
            print(
                f"{size:>7,} releases {mb:7.0f} MB  {mode:<15} wall {wall:7.2f} s  CPU {cpu:7.2f} s  "
                f"{cpu / size * 10_000:5.2f} CPU-s/10k  peak {rss / 1e6:6.0f} MB",
                flush=True,
            )
    if args.markdown:
        print(f"\n{platform.python_implementation()} {platform.python_version()}, load {os.getloadavg()[0]:.1f}\n")
        print("| compiled releases | file | mode | wall | CPU | CPU per 10,000 | peak RSS |")
        print("| ---: | ---: | --- | ---: | ---: | ---: | ---: |")
        for size, mb, mode, wall, cpu, per, rss in rows:
            print(f"| {size:,} | {mb:,.0f} MB | {mode} | {wall:.1f} s | {cpu:.1f} s | {per:.2f} s | {rss:,.0f} MB |")


if __name__ == "__main__":
    main()
