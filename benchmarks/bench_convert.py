"""Benchmark ``convert``: input rows per second, and the cost relative to reading + writing alone.

The real ISB samples (``../shared/domain/isb-samples``) are scaled up synthetically: copy ``k`` of every
file gets every process key (``kd_rup``, ``kd_tender``, ``kd_nontender``, ``kd_nontender_pct``,
``kd_swakelola_pct``, ``kd_paket``) and participant/contract number shifted, so each copy forms distinct
processes with the same joins, duplicates, orphans and quirks as the samples.

Three timings, best of ``--repeat`` runs:

- *read*: :func:`ocds_regency.read.read_isb` over the files (parsing the input);
- *floor*: *read* plus serialising the releases with :func:`ocds_regency.write.dumps` (writing the
  output), i.e. the cost of any conversion that reads these files and writes these releases;
- *convert*: :func:`ocds_regency.mapping.convert` (which reads with ``read_isb``) plus the same
  serialisation.

The ratio *convert / floor* is the overhead of the mapping itself (the target is at most 3×)::

    python benchmarks/bench_convert.py --copies 200
"""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path
from typing import Any

from ocds_regency.mapping import convert
from ocds_regency.read import read_isb
from ocds_regency.write import dumps

ROOT = Path(__file__).resolve().parent
SAMPLES = ROOT.parent.parent / "shared" / "domain" / "isb-samples"

_KEYS = (
    "kd_rup",
    "kd_tender",
    "kd_nontender",
    "kd_nontender_pct",
    "kd_swakelola_pct",
    "lls_id",
    "kd_rup_paket",
    "kd_pkt_dce",  # re-tenders are linked by it: copies must not be versions of one package
)
_TEXT_KEYS = ("kd_paket", "no_kontrak", "no_sppbj", "no_spmk_spp", "no_bast", "no_bap", "no_realisasi")
_STEP = 1_000_000_000_000


def _shift(row: dict[str, Any], copy: int) -> dict[str, Any]:
    out = dict(row)
    for key in _KEYS:
        value = out.get(key)
        if isinstance(value, int):
            out[key] = value + copy * _STEP
        elif isinstance(value, str) and value:
            out[key] = ";".join(
                str(int(part) + copy * _STEP) if part.strip().isdigit() else part for part in value.split(";")
            )
    for key in _TEXT_KEYS:
        if isinstance(out.get(key), str) and out[key]:
            out[key] = f"{out[key]}-{copy}"
    if isinstance(out.get("kd_peserta"), int):
        out["kd_peserta"] += copy * _STEP
    return out


def generate(copies: int, target: Path) -> int:
    """Write ``copies`` shifted copies of every sample file into ``target``; return the row count."""
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    for path in sorted(SAMPLES.glob("*.json")):
        rows = json.loads(path.read_bytes())
        scaled = [_shift(row, copy) for copy in range(copies) for row in rows]
        (target / path.name).write_bytes(json.dumps(scaled, ensure_ascii=False).encode())
        total += len(scaled)
    return total


def _best(repeat: int, run: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=100, help="copies of the samples (391 rows each)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = ROOT / "data" / f"convert-{args.copies}"
    rows = generate(args.copies, data)

    def read_only() -> int:
        return sum(1 for _ in read_isb(data, unknown="report"))

    def convert_and_write() -> int:
        # Stream like the command line does: releases are written and dropped, not kept.
        sink = io.BytesIO()
        count = 0
        for release in convert([data], prefix="ocds-bench1"):
            sink.write(dumps(release) + b"\n")
            count += 1
        return count

    convert_time, count = _best(args.repeat, convert_and_write)
    releases = list(convert([data], prefix="ocds-bench1"))  # the output, for the write-only timing
    assert count == len(releases)

    def write_only() -> int:
        sink = io.BytesIO()
        for release in releases:
            sink.write(dumps(release) + b"\n")
        return sink.tell()

    read_time, _ = _best(args.repeat, read_only)
    write_time, size = _best(args.repeat, write_only)
    floor = read_time + write_time
    files = len(list(data.glob("*.json")))
    print(f"input: {rows} rows in {files} files; output: {len(releases)} releases, {size / 1e6:.1f} MB")
    print(f"read (read_isb):        {read_time:7.2f} s  {rows / read_time:9.0f} rows/s")
    print(f"floor (read + write):   {floor:7.2f} s  {rows / floor:9.0f} rows/s")
    print(f"convert + write:        {convert_time:7.2f} s  {rows / convert_time:9.0f} rows/s")
    print(f"ratio convert / floor:  {convert_time / floor:7.2f}×")


if __name__ == "__main__":
    main()
