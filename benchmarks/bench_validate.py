"""Benchmark ``validate`` against libcoveocds (offline) and plain jsonschema, in one run.

Data comes from ``../shared/bench/gen_validation_set.py`` (written to ``benchmarks/data/``, git-ignored).
Every engine runs in its own subprocess, so that its peak RSS (``ru_maxrss``) is its own; rates are
releases per CPU-second of that subprocess (``time.process_time``), as in the peers' figures.

Engines:

- ``ours``: :func:`ocds_regency.validate.validate` with every check (schema, codelists, OCDS rules,
  data quality), streaming files above 32 MB;
- ``ours-noquality``: the same without the data-quality checks;
- ``jsonschema``: jsonschema Draft 4 + ``FORMAT_CHECKER`` on the whole package, schemas from the
  bundled profile through an offline registry (stock ``uniqueItems``, so O(n²) on ``releases``);
- ``libcoveocds``: ``libcoveocds.api.ocds_json_output`` with a local standard zip built from
  ``../shared`` (``standard_zip``), a local ``$ref`` loader for record packages, sockets refused.

Examples::

    python benchmarks/bench_validate.py --sizes 1000 10000 --peer-size 1000
    python benchmarks/bench_validate.py --big 100000      # peak RSS on a ~1 GB package (ours only)
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from _bytecode import compile_bytecode  # benchmarks/, first on sys.path when run as a script

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data"
SHARED = ROOT.parent.parent / "shared"
GENERATOR = SHARED / "bench" / "gen_validation_set.py"


def generate(n: int, dirty: bool = False) -> Path:
    """Generate (once) a release package of ``n`` releases."""
    DATA.mkdir(exist_ok=True)
    path = DATA / (f"validation-{n}-dirty.json" if dirty else f"validation-{n}.json")
    if not path.exists():
        args = [sys.executable, str(GENERATOR), "-n", str(n), "-o", str(path)]
        if dirty:
            args += ["--dirty", "0.1", "--manifest", str(path.with_suffix(".manifest.json"))]
        subprocess.run(args, check=True)
    return path


def standard_zip() -> Path:
    """The OCDS 1.1.5 schemas and codelists from ``../shared`` in the zip layout libcoveocds expects."""
    out = DATA / "standard-1__1__5.zip"
    if not out.exists():
        source = SHARED / "standard" / "ocds-1.1.5"
        with zipfile.ZipFile(out, "w") as archive:
            for directory in ("standard-1__1__5/", "standard-1__1__5/schema/", "standard-1__1__5/schema/codelists/"):
                archive.writestr(directory, "")
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    archive.write(path, f"standard-1__1__5/schema/{path.relative_to(source)}")
    return out


# ------------------------------------------------------------------------------------------- engines
def run_ours(path: Path, quality: bool) -> dict[str, Any]:
    from ocds_regency.validate import validate

    report = validate(path, quality=quality)
    return {"releases": report.releases, "findings": len(report), "errors": report.severity_counts["error"]}


def run_jsonschema(path: Path) -> dict[str, Any]:
    import jsonschema
    import orjson

    from ocds_regency.standard import load_profile

    profile = load_profile()
    data = orjson.loads(path.read_bytes())
    validator = jsonschema.Draft4Validator(
        dict(profile.release_package_schema),
        registry=profile.registry(),
        format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
    )
    errors = sum(1 for _ in validator.iter_errors(data))
    return {"releases": len(data["releases"]), "findings": errors}


def run_libcoveocds(path: Path) -> dict[str, Any]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access attempted")

    socket.socket.connect = refuse  # type: ignore[method-assign,assignment]
    from libcoveocds import schema as libcove_schema
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    local = SHARED / "standard" / "ocds-1.1.5"
    original = libcove_schema.jsonref.replace_refs

    def loader(uri: str, **kwargs: object) -> Any:
        match = re.fullmatch(r"https?://standard\.open-contracting\.org/schema/1__1__5/([\w-]+\.json)", uri)
        if not match:
            raise OSError(f"refusing to fetch {uri}")
        return json.loads((local / match.group(1)).read_text(encoding="utf-8"))

    def replace_refs(obj: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("loader", loader)
        return original(obj, **kwargs)

    libcove_schema.jsonref.replace_refs = replace_refs
    config = LibCoveOCDSConfig()
    config.config["context"] = "api"
    config.config["standard_zip"] = standard_zip().as_uri()
    result = ocds_json_output(file=str(path), lib_cove_ocds_config=config)
    return {"releases": result.get("count"), "findings": len(result["validation_errors"])}


def child(engine: str, path: Path) -> None:
    """Run one engine on one file and print a JSON line with its figures."""
    if engine == "libcoveocds":
        standard_zip()
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    if engine == "ours":
        result = run_ours(path, quality=True)
    elif engine == "ours-noquality":
        result = run_ours(path, quality=False)
    elif engine == "jsonschema":
        result = run_jsonschema(path)
    elif engine == "libcoveocds":
        result = run_libcoveocds(path)
    else:
        raise SystemExit(f"unknown engine {engine}")
    result["cpu"] = time.process_time() - start_cpu
    result["wall"] = time.perf_counter() - start_wall
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(engine: str, path: Path) -> dict[str, Any]:
    """Run ``engine`` on ``path`` in a subprocess and return its figures."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", engine, str(path)], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    result.update(engine=engine, file=path.name, size_mb=path.stat().st_size / 2**20)
    result["rate"] = result["releases"] / result["cpu"] if result["cpu"] else float("nan")
    return result


def row(result: dict[str, Any]) -> str:
    return (
        f"| {result['engine']} | {result['file']} | {result['size_mb']:.0f} MB | {result['releases']} | "
        f"{result['cpu']:.1f} s | {result['rate']:,.0f} | {result['max_rss_mb']:,.0f} MB |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000], help="package sizes for ours")
    parser.add_argument("--peer-size", type=int, default=1000, help="package size for libcoveocds and jsonschema")
    parser.add_argument("--dirty", action="store_true", help="also run ours and libcoveocds on a dirty set")
    parser.add_argument("--big", type=int, help="also measure ours (peak RSS) on a package this big")
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    # Our modules compiled to bytecode first, as the peers' were by pip (see benchmarks/_bytecode.py).
    print(f"ocds_regency from {compile_bytecode()}", flush=True)
    results = []
    print("| engine | file | size | releases | CPU | releases/CPU-s | peak RSS |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        for engine in ("ours", "ours-noquality"):
            results.append(measure(engine, generate(n)))
            print(row(results[-1]), flush=True)
    if not args.skip_peers:
        peer = generate(args.peer_size)
        for engine in ("ours", "libcoveocds", "jsonschema"):
            results.append(measure(engine, peer))
            print(row(results[-1]), flush=True)
    if args.dirty:
        dirty = generate(args.peer_size, dirty=True)
        for engine in ("ours", "libcoveocds"):
            results.append(measure(engine, dirty))
            print(row(results[-1]), flush=True)
    if args.big:
        results.append(measure("ours", generate(args.big)))
        print(row(results[-1]), flush=True)
    ours = {r["releases"]: r for r in results if r["engine"] == "ours"}
    if len(args.sizes) >= 2:
        small, large = ours[min(args.sizes)], ours[max(args.sizes)]
        growth = large["cpu"] / small["cpu"]
        print(f"\nScaling: {max(args.sizes) / min(args.sizes):.0f}× releases -> {growth:.2f}× CPU time")
    libcove = [r for r in results if r["engine"] == "libcoveocds"]
    mine = [r for r in results if r["engine"] == "ours"]
    if libcove and mine:
        best = max(mine, key=lambda r: r["releases"])
        ratio = best["rate"] / libcove[0]["rate"]
        rates = f"{best['rate']:,.0f} vs {libcove[0]['rate']:,.0f} rel/CPU-s"
        print(f"Throughput vs libcoveocds: {ratio:.1f}× ({rates})")


if __name__ == "__main__":
    main()
