"""Where the single-machine ``convert`` holds its memory, on a generated national year.

Runs :func:`ocds_regency.mapping.convert` on a directory and serialises every release (as ``convert -o``
does, to nowhere), with ``tracemalloc`` on. A snapshot is taken when the first release comes out (every row
has been read and indexed: the joins' peak) and at the end; the top allocation sites of the first are
printed by file and line, with the traced peak. Tracing slows the run several times; the peak resident
memory of the plain command is measured apart, e.g. with ``/usr/bin/time -v``::

    python scripts/gen_national.py --regencies 27 --out /tmp/national        # 101,520 processes
    /usr/bin/time -v ocds-regency convert /tmp/national --prefix ocds-bench0 -o /dev/null -q
    python benchmarks/bench_convert_memory.py /tmp/national --top 15
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

from ocds_regency.mapping import convert
from ocds_regency.write import dumps


def _mib(value: float) -> str:
    return f"{value / 2**20:,.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="ISB files (a generated national year)")
    parser.add_argument("--top", type=int, default=15, help="allocation sites to print")
    args = parser.parse_args()
    tracemalloc.start(1)
    start = time.perf_counter()
    conversion = convert([args.source], prefix="ocds-bench0")
    releases = 0
    indexed = None
    for release in conversion:
        if indexed is None:
            indexed = tracemalloc.take_snapshot()
            print(
                f"first release after {time.perf_counter() - start:,.0f} s; traced now "
                f"{_mib(tracemalloc.get_traced_memory()[0])}",
                flush=True,
            )
        dumps(release)
        releases += 1
    current, peak = tracemalloc.get_traced_memory()
    print(
        f"{releases:,} releases in {time.perf_counter() - start:,.0f} s; traced at the end {_mib(current)}, "
        f"traced peak {_mib(peak)}"
    )
    if indexed is None:
        return
    stats = indexed.statistics("lineno")
    total = sum(stat.size for stat in stats)
    print(f"when the first release came out: {_mib(total)} traced in {len(stats):,} sites; top {args.top}:")
    for stat in stats[: args.top]:
        frame = stat.traceback[0]
        where = "/".join(Path(frame.filename).parts[-3:])
        print(f"  {_mib(stat.size):>10}  {stat.count:>10,} blocks  {where}:{frame.lineno}")
    print("by file:")
    for stat in indexed.statistics("filename")[: args.top]:
        where = "/".join(Path(stat.traceback[0].filename).parts[-3:])
        print(f"  {_mib(stat.size):>10}  {stat.count:>10,} blocks  {where}")


if __name__ == "__main__":
    main()
