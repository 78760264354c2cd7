"""Benchmark the release store: a full publication, then a re-publication with 1 % of processes changed.

The real half-year (``../shared/domain/isb-real-2025``) is scaled ``--copies`` times: copy ``k`` of
every file gets every process key and document number shifted (the shift of ``bench_convert.py``), so
each copy forms distinct processes with the same joins and quirks. Then, in a second input, 1 % of the
processes change: every hundredth row of each dataset that starts a process (RUP plan, tender, non-tender,
pencatatan, swakelola, e-Katalog package) gets another ``pagu``/``hps``/``total_harga``, and where such a process
has a contract, the contract gets another value and end date (a contract of a process not chosen is left alone,
so that no more than 1 % of the processes change).

Each publication runs in a fresh process of its own, as a nightly job does, timed by the kernel's count for
that process (wall-clock and CPU time, SQLite included; compare CPU times on a shared machine), on one store
(SQLite by default, or ``--store postgresql://…``), one run each per round, every run reading the folder
``WORK/isb`` (a link to the day's input: a nightly job reads the same folder every night, and file names
and row positions are part of what the store's process cache compares):

- *plain*: ``publish`` without a store (for reference);
- *full*: ``publish --store`` on an empty store (every release is new);
- *again*: ``publish --store`` on the same input (nothing changed);
- *changed*: ``publish --store`` on the input with 1 % of processes changed.

and the store's size per 100,000 releases. The package's bytecode is compiled first, as a wheel's install does::

    python benchmarks/bench_store.py --copies 20
    python benchmarks/bench_store.py --copies 20 --rounds 3 --work /tmp/bench-store   # three rounds, the median
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import ocds_regency
from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish

ROOT = Path(__file__).resolve().parent
REAL = ROOT.parent.parent / "shared" / "domain" / "isb-real-2025"
sys.path.insert(0, str(ROOT))

from bench_convert import _shift  # noqa: E402 - the one key shifter of the benchmarks

#: The datasets whose rows start a process: dataset -> (the field naming its process, the field changed).
_ROOTS: dict[str, tuple[str, str]] = {
    "RUP-PaketPenyedia-Terumumkan": ("kd_rup", "pagu"),
    "RUP-PaketSwakelola-Terumumkan": ("kd_rup", "pagu"),
    "SPSE-TenderPengumuman": ("kd_tender", "hps"),
    "SPSE-NonTenderPengumuman": ("kd_nontender", "hps"),
    "SPSE-PencatatanNonTender": ("kd_nontender_pct", "pagu"),
    "SPSE-PencatatanSwakelola": ("kd_swakelola_pct", "pagu"),
    "Ecat-PaketEPurchasingV6": ("kd_paket", "total_harga"),
}
#: The contracts of a process: dataset -> the root dataset whose process they belong to (by the same field).
_CONTRACTS: dict[str, str] = {
    "SPSE-TenderEkontrak-2Kontrak": "SPSE-TenderPengumuman",
    "SPSE-NonTenderEkontrak-2Kontrak": "SPSE-NonTenderPengumuman",
}


def _publishable(row: dict[str, Any]) -> dict[str, Any]:
    # Older mappings published dok_realisasi as a document URL; the real data has free text there
    # ("Tanda Bukti Pembayaran"), which failed validation and blocked every publication (so the store was
    # never committed). The benchmark drops such values, as it did when it was measured.
    value = row.get("dok_realisasi")
    if isinstance(value, str) and value and not value.startswith(("http://", "https://")):
        row = {**row, "dok_realisasi": None}
    return row


def scale(source: Path, target: Path, copies: int) -> int:
    """Write ``copies`` key-shifted copies of every file of ``source`` into ``target``; return the rows."""
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    for path in sorted(source.glob("*.json")):
        rows = json.loads(path.read_bytes())
        scaled = [_publishable(_shift(row, copy)) for copy in range(copies) for row in rows]
        (target / path.name).write_bytes(json.dumps(scaled, ensure_ascii=False).encode())
        total += len(scaled)
    return total


def change(source: Path, target: Path, every: int = 100) -> tuple[int, int]:
    """Copy ``source`` to ``target`` with every ``every``-th process changed (see the module documentation);
    return the processes and the rows changed."""
    shutil.copytree(source, target)
    chosen: dict[str, set[Any]] = {}  # root dataset -> the keys of the processes changed
    rows_changed = 0
    for name, (key, field) in _ROOTS.items():
        keys = chosen[name] = set()
        rows = _rows(target, name)
        for row in rows[::every]:
            if isinstance(row.get(field), int | float):
                row[field] += 1_000
                keys.add(row.get(key))
                rows_changed += 1
        _save(target, name, rows)
    for name, of in _CONTRACTS.items():
        key, keys = _ROOTS[of][0], chosen[of]
        rows = _rows(target, name)
        for row in rows:
            if row.get(key) in keys and isinstance(row.get("nilai_kontrak"), int | float):
                row["nilai_kontrak"] += 1_000
                row["tgl_kontrak_akhir"] = "2025-12-30T00:00:00.000000Z"
                rows_changed += 1
        _save(target, name, rows)
    return sum(len(keys) for keys in chosen.values()), rows_changed


def _rows(folder: Path, name: str) -> list[dict[str, Any]]:
    """The rows of a dataset's file in ``folder`` (none if the file is not there)."""
    path = folder / f"{name}.json"
    return json.loads(path.read_bytes()) if path.is_file() else []


def _save(folder: Path, name: str, rows: list[dict[str, Any]]) -> None:
    """Write the rows back to the dataset's file (a file that was not there stays absent)."""
    path = folder / f"{name}.json"
    if path.is_file():
        path.write_bytes(json.dumps(rows, ensure_ascii=False).encode())


def _point(link: Path, target: Path) -> None:
    """Make ``link`` a symbolic link to the directory ``target``."""
    if link.is_symlink():
        link.unlink()
    link.symlink_to(target.resolve(), target_is_directory=True)


def _publish(label: str, inputs: Path, out: Path, store: str | None, date: str) -> None:
    """One publication (run in a child process of its own): print its summary line's second half."""
    result = publish(
        [inputs], PackageMetadata(published_date=date), PublishOptions(prefix="ocds-bench1", out_dir=out, store=store)
    )
    if not result.published:
        raise SystemExit(f"{label}: not published: {'; '.join(result.report.blocking)}")
    changes = result.report.changes or {}
    keys = ("new", "changed", "unchanged", "gone", "new_releases")
    summary = ", ".join(f"{k} {changes[k]:,}" for k in keys if k in changes)
    print(f"{result.report.figures.releases:,} releases  {summary}", flush=True)


def _timed(label: str, inputs: Path, out: Path, store: str | None, date: str) -> float:
    """Run one publication in a fresh process, as a nightly job does; print and return its CPU seconds (the
    kernel's count for the child: user + system, SQLite included, as it runs in that process)."""
    command = [sys.executable, __file__, "--child", label, str(inputs), str(out), store or "", date]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    output = child.stdout.read() if child.stdout is not None else ""
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{label}: the publication failed (exit {child.returncode}): {output.strip()}")
    cpu = usage.ru_utime + usage.ru_stime
    print(f"{label:<9} {elapsed:8.1f} s wall {cpu:8.1f} s CPU  {output.strip()}", flush=True)
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=20, help="copies of the real half-year")
    parser.add_argument("--store", help="a postgresql:// address (default: an SQLite file in the work folder)")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one, removed after)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of the four runs, each on an empty store")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        label, inputs, out, store, date = args.child
        _publish(label, Path(inputs), Path(out), store or None, date)
        return
    if not REAL.is_dir():
        parser.exit(2, f"bench_store: the real half-year is not at {REAL} (../shared beside the project)\n")
    if args.store and args.rounds > 1:
        parser.exit(
            2, "bench_store: --rounds needs the SQLite store (a PostgreSQL one is not emptied between rounds)\n"
        )
    # Each publication starts a fresh interpreter: its modules' bytecode is compiled once here, as installing the
    # package from its wheel does (where PYTHONDONTWRITEBYTECODE is set, each run would compile them all again).
    compileall.compile_dir(Path(ocds_regency.__file__).parent, quiet=1)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        data = work / f"real-x{args.copies}"
        if not data.is_dir():
            rows = scale(REAL, data, args.copies)
            print(f"input: {rows:,} rows (real half-year x {args.copies})", flush=True)
        changed_input = work / f"real-x{args.copies}-changed"
        if not changed_input.is_dir():
            processes, rows = change(data, changed_input)
            print(f"changed: {processes:,} processes ({rows:,} rows)", flush=True)
        store = args.store or str(work / "store.sqlite")
        # A nightly job reads the same folder every night (file names and row positions are part of what
        # the store compares): "isb" points at the day's input.
        isb = work / "isb"
        ratios: list[float] = []
        for round_ in range(1, args.rounds + 1):
            if args.rounds > 1:
                print(f"round {round_}", flush=True)
            if not args.store:
                for path in Path(store).parent.glob(Path(store).name + "*"):  # the store and its WAL files
                    path.unlink()
            _point(isb, data)
            times = {"plain": _timed("plain", isb, work / "plain", None, "2025-11-04T08:00:00Z")}
            times["full"] = _timed("full", isb, work / "out", store, "2025-11-04T08:00:00Z")
            times["again"] = _timed("again", isb, work / "out", store, "2025-11-05T08:00:00Z")
            _point(isb, changed_input)
            times["changed"] = _timed("changed", isb, work / "out", store, "2025-11-06T08:00:00Z")
            full = times["full"]
            ratios.append(times["changed"] / full)
            print(f"CPU time, changed / full: {times['changed'] / full:.0%}; again / full: {times['again'] / full:.0%}")
        if len(ratios) > 1:
            shown = ", ".join(f"{ratio:.0%}" for ratio in ratios)
            print(f"changed / full, the rounds: {shown}; median {statistics.median(ratios):.0%}")
        if not args.store:
            size = os.path.getsize(store)
            releases = _releases(work / "out")
            per = size / releases * 100_000 / 1e6
            print(f"store: {size / 1e6:,.1f} MB for {releases:,} releases: {per:,.0f} MB per 100,000 releases")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


def _releases(out: Path) -> int:
    """The releases the store holds after the last run: the figure of its report."""
    report = json.loads((out / "report.json").read_bytes())
    return int(report["figures"]["releases"])


if __name__ == "__main__":
    main()
