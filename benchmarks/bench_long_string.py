#!/usr/bin/env python3
"""Benchmark reading one huge JSON string: the time must grow linearly with its length.

Each size is one file holding a single string of N MB (an ISB row's ``nama_paket``, or a release's
``description``) in every JSON form the readers take: an ISB JSON array and ISB JSON Lines (``read_isb``),
an OCDS release package, JSON Lines and concatenated JSON (``ReleaseReader``). Each read runs in its own
process under ``/usr/bin/time`` (wall time, peak RSS), so sizes don't share memory. The files are written
to a temporary directory and removed.

Usage (from the project root):

    python benchmarks/bench_long_string.py                    # 25, 50, 100 and 200 MB
    python benchmarks/bench_long_string.py --mb 200 --markdown
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS = ("isb-array", "isb-jsonl", "ocds-package", "ocds-jsonl", "ocds-concatenated")

_READ = """
import sys
from ocds_regency.read import read_isb
from ocds_regency.read.releases import ReleaseReader
form, path, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
if form.startswith("isb"):
    rows = list(read_isb(path, dataset="SPSE-TenderPengumuman"))
    assert len(rows[0].record.nama_paket) == size, "string not read whole"
else:
    releases = list(ReleaseReader(path))
    assert len(releases[0].release["description"]) == size, "string not read whole"
"""


def write(form: str, directory: Path, size: int) -> Path:
    """The file of ``form`` holding one string of ``size`` characters."""
    text = "x" * size
    if form.startswith("isb"):
        row = {"kd_tender": 1, "kd_lpse": 1, "nama_paket": text, "mtd_pemilihan": "Tender", "hps": 1000}
        path = directory / f"{form}.{'json' if form == 'isb-array' else 'jsonl'}"
        path.write_text(json.dumps([row]) if form == "isb-array" else json.dumps(row) + "\n")
        return path
    release = json.dumps({"ocid": "ocds-zz9999-1", "id": "1", "date": "2025-01-01T00:00:00Z", "description": text})
    content = {
        "ocds-package": '{"uri": "u", "releases": [' + release + "]}",
        "ocds-jsonl": release + "\n",
        "ocds-concatenated": release + " " + release,
    }[form]
    path = directory / f"{form}.json"
    path.write_text(content)
    return path


def measure(form: str, path: Path, size: int) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of reading ``path`` in a fresh process."""
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", sys.executable, "-c", _READ, form, str(path), str(size)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, rss = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, action="append", help="string sizes in MB (default 25 50 100 200)")
    parser.add_argument("--markdown", action="store_true", help="print a table for docs/benchmarks.md")
    args = parser.parse_args()
    sizes = args.mb or [25, 50, 100, 200]
    results: dict[tuple[str, int], tuple[float, int]] = {}
    with tempfile.TemporaryDirectory() as temp:
        for mb in sizes:
            for form in FORMS:
                path = write(form, Path(temp), mb << 20)
                results[form, mb] = measure(form, path, mb << 20)
                path.unlink()
                seconds, rss = results[form, mb]
                if not args.markdown:
                    print(f"{form:18} {mb:4} MB  {seconds:6.2f} s  {mb / seconds:6.1f} MB/s  peak {rss >> 10:5} MB")
    if args.markdown:
        print("| form | " + " | ".join(f"{mb} MB" for mb in sizes) + " |")
        print("| --- |" + " --- |" * len(sizes))
        for form in FORMS:
            cells = [f"{results[form, mb][0]:.1f} s, {results[form, mb][1] >> 10} MB" for mb in sizes]
            print(f"| {form} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
