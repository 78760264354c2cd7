#!/usr/bin/env python3
"""Benchmark decoding OCDS JSON Lines: orjson alone against the one JSON decoder (``codec.loads``).

Reads a JSON Lines file of releases with ``ReleaseReader(lazy=True)`` (the lines undecoded, as ``compile``
reads them), then decodes every line with ``orjson.loads`` and with ``codec.loads(duplicates="refuse")``,
and reads the file whole with ``ReleaseReader`` (decoded). Best of ``--repeat`` runs, in one process.

Usage (from the project root):

    python ../shared/bench/gen_merge_set.py -n 1000 -o benchmarks/data/merge-1000.jsonl
    python benchmarks/bench_decode.py benchmarks/data/merge-1000.jsonl
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import orjson

try:  # the one decoder; before it, read/jsontext.py (to run this on an older checkout)
    from ocds_regency import codec as decoder

    decoder.loads(b"1", duplicates="refuse", nesting=False)
except TypeError:
    from ocds_regency.read import jsontext as decoder  # type: ignore[no-redef]
from ocds_regency.read.releases import ReleaseReader


def best(function: Callable[[], Any], repeat: int) -> float:
    """The shortest wall time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="a JSON Lines file of releases")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    lines = [item.raw for item in ReleaseReader(args.path, lazy=True) if item.raw is not None]
    size = sum(map(len, lines)) / 1e6
    print(f"{len(lines):,} lines, {size:.1f} MB")
    steps: dict[str, Callable[[], Any]] = {
        "lazy read": lambda: list(ReleaseReader(args.path, lazy=True)),
        "decode with orjson.loads": lambda: [orjson.loads(line) for line in lines],
        "decode with the decoder": lambda: [decoder.loads(line, duplicates="refuse", nesting=False) for line in lines],
        "full read (ReleaseReader)": lambda: list(ReleaseReader(args.path)),
    }
    for name, step in steps.items():
        print(f"{name:28} {best(step, args.repeat):6.2f} s")


if __name__ == "__main__":
    main()
