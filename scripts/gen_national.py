#!/usr/bin/env python3
"""Generate a synthetic national year of ISB datasets from the real half-year of one regency.

The source is ``../shared/domain/isb-real-2025`` (half a real year of Kab. Bandung, every dataset). The
output is ``N`` regencies, each with a year made of ``--halves`` copies of the source's processes, written
as one JSON array per dataset with the source's file names, so ``ocds-regency convert`` reads it as it reads
the source. Every copy keeps the source's joins and quirks (re-tenders, addenda, duplicates, orphans,
superseded snapshots, swapped fields) because only keys change:

- process keys (``kd_tender``, ``kd_nontender``, ``lls_id``, ``kd_rup``, ``kd_pkt_dce``, ``kd_paket``,
  ``order_id``, ...) get the copy's number appended, so the processes of two copies never meet;
- each regency has its own ``kd_klpd`` (``D1000`` + regency), ``kd_lpse`` (``10000`` + regency), work-unit
  codes (``kd_satker`` with the regency appended, ``kd_satker_str`` with the regency put in front) and its
  own copy of the regency-level reference datasets (RUP programme/activity masters, satker lists);
- reference datasets without a regency (provinces, regencies, e-Katalog products and suppliers) are written
  once, as a national extraction would have them. Suppliers keep their codes and NPWPs: a national
  supplier serves many regencies.

The source half-year converts to 1,880 processes, so a regency's year (two halves) is 3,760. The output
is streamed: the source (≈ 15,000 rows) is held in memory, the output never is, so a 1-million-process
year is written in little memory::

    python scripts/gen_national.py --regencies 27 --out /tmp/national   # 101,520 processes
    python scripts/gen_national.py --regencies 266 --out /tmp/national  # 1,000,160 processes
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "domain" / "isb-real-2025"

sys.path.insert(0, str(ROOT / "src"))
from ocds_regency.isb.datasets import DATASETS, Use  # noqa: E402  (the one registry of ISB datasets)

#: Fields that name a process or join processes: the copy's number is appended to each number in them.
PROCESS_KEYS = (
    "kd_tender",
    "kd_nontender",
    "lls_id",
    "kd_nontender_pct",
    "kd_swakelola_pct",
    "kd_paket",
    "order_id",
    "kd_rup",
    "kd_rup_paket",
    "kd_pkt_dce",
    "kd_paket_dce",
)
#: Digits of the copy number appended to process keys (up to 100,000 copies) and of the regency number
#: appended to numeric work-unit codes.
COPY_DIGITS = 5
REGENCY_DIGITS = 4
_NUMBER = re.compile(r"\d+")


def _suffix(value: Any, number: int, digits: int) -> Any:
    """``value`` with ``number`` appended to each run of digits, keeping ints ints and strings strings."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(f"{value}{number:0{digits}d}")
    if isinstance(value, str):
        return _NUMBER.sub(lambda m: f"{m.group(0)}{number:0{digits}d}", value)
    return value


def _satker_str(value: Any, regency: int) -> Any:
    """A dotted unit code made the regency's own: the regency's number put in front."""
    if isinstance(value, str) and value.strip():
        return f"{regency + 1}.{value.strip()}"
    return value


def shift(row: dict[str, Any], *, regency: int, copy: int | None) -> dict[str, Any]:
    """A row of regency ``regency`` (and, for process rows, of copy ``copy``), keys shifted."""
    out = dict(row)
    if "kd_klpd" in out and out["kd_klpd"] is not None:
        out["kd_klpd"] = f"D{1000 + regency}"
    for field in ("kd_lpse", "lpse_id"):
        if out.get(field) is not None:
            out[field] = 10000 + regency
    if out.get("kd_satker_str") is not None:
        out["kd_satker_str"] = _satker_str(out["kd_satker_str"], regency)
    satker = out.get("kd_satker")
    if isinstance(satker, str) and "." in satker:  # the dotted code in the wrong field (TenderSelesaiNilai)
        out["kd_satker"] = _satker_str(satker, regency)
    elif satker is not None:
        out["kd_satker"] = _suffix(satker, regency, REGENCY_DIGITS)
    if copy is not None:
        for field in PROCESS_KEYS:
            if field in out:
                out[field] = _suffix(out[field], copy, COPY_DIGITS)
    return out


def load_source(source: Path) -> dict[str, list[dict[str, Any]]]:
    """The source datasets by name (file stem)."""
    datasets = {}
    for path in sorted(source.glob("*.json")):
        rows = json.loads(path.read_bytes())
        if not isinstance(rows, list):
            raise SystemExit(f"{path}: not a JSON array of rows")
        datasets[path.stem] = rows
    if not datasets:
        raise SystemExit(f"{source}: no ISB datasets (*.json) found")
    return datasets


def _kind(name: str, rows: list[dict[str, Any]]) -> str:
    """``process`` (copied per regency and half), ``regency`` (per regency) or ``national`` (once).

    Only the datasets of processes are copied per half: the registry also names reference datasets
    (regions, catalogue products, budget masters), which a copy per half would only repeat word for word.
    """
    processes = (dataset for dataset, spec in DATASETS.items() if spec.use is Use.PROCESS)
    if any(name == dataset or name.endswith(f"-{dataset}") for dataset in processes):  # "x-SPSE-TenderSelesai"
        return "process"
    if any("kd_klpd" in row for row in rows):
        return "regency"
    return "national"


def generated_rows(name: str, rows: list[dict[str, Any]], regencies: int, halves: int) -> Iterator[dict[str, Any]]:
    """The rows of one output dataset, regency by regency."""
    kind = _kind(name, rows)
    if kind == "national":
        yield from rows
        return
    for regency in range(regencies):
        copies: list[int | None] = [regency * halves + h for h in range(halves)] if kind == "process" else [None]
        for copy in copies:
            for row in rows:
                yield shift(row, regency=regency, copy=copy)


def write_array(path: Path, rows: Iterator[dict[str, Any]]) -> int:
    """Stream ``rows`` into a JSON array file (written beside, then moved into place); the number written."""
    temporary = path.with_name(f".{path.name}.part")
    count = 0
    with temporary.open("wb") as stream:
        stream.write(b"[")
        for row in rows:
            stream.write(b"\n" if count == 0 else b",\n")
            stream.write(orjson.dumps(row))
            count += 1
        stream.write(b"\n]\n")
    temporary.replace(path)
    return count


def generate(
    source: Path, out: Path, *, regencies: int, halves: int = 2, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Write the national year into ``out``; rows written per dataset."""
    if regencies < 1 or halves < 1:
        raise SystemExit("--regencies and --halves must be at least 1")
    datasets = load_source(source)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, rows in datasets.items():
        written[name] = write_array(out / f"{name}.json", generated_rows(name, rows, regencies, halves))
        if progress is not None:
            progress(name, written[name])
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the real half-year (default: %(default)s)")
    parser.add_argument("--out", type=Path, required=True, help="output directory (one JSON array per dataset)")
    parser.add_argument("--regencies", type=int, required=True, help="number of regencies")
    parser.add_argument("--halves", type=int, default=2, help="copies of the source per regency (default: a year)")
    args = parser.parse_args(argv)

    def say(name: str, count: int) -> None:
        print(f"{name}: {count:,} rows", file=sys.stderr)

    written = generate(args.source, args.out, regencies=args.regencies, halves=args.halves, progress=say)
    print(f"{sum(written.values()):,} rows in {len(written)} datasets written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
