"""Benchmark the data-quality checks alone: the CPU time of each source tree's checks, in one run.

The data-quality checks are a few percent of a validation's CPU time, less than the spread of the
whole-validation runs of ``bench_validate.py`` on a shared machine; this measures them alone. Each
source tree (``NAME=DIR``, ``DIR`` the ``src`` directory of a checkout, e.g. a ``git worktree`` of an
older commit) is run in subprocesses of its own, taking turns round after round on the same files, so
that every tree meets the same load. A subprocess validates each file with
:func:`ocds_regency.validate.validate` (every check on) and times, in CPU seconds
(``time.process_time``), every call of the validator's per-compiled-release quality step
(``_Validation.run_quality``: the checks and their findings, the same method in every version since the
checks became modules): *first pass* is that time during the validation (dates and names met for the
first time), *replay* the best of ``--replay`` repetitions of the same calls afterwards (warm caches,
garbage collection off), per compiled release. The figure of each tree is its best round: the load only
ever adds time.

Examples::

    git worktree add --detach /tmp/old 996aa97^
    python benchmarks/bench_quality.py --tree old=/tmp/old/src --tree new=src --rounds 5 \\
        benchmarks/data/validation-2000.json benchmarks/data/validation-2000-dirty.json PUBLICATION/record-package.json
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def _use_schemas(schemas: Path) -> None:
    """Import ``ocds_regency.schemas`` from ``schemas`` (the tree's own schemas, beside its ``src``), not
    from wherever the installed package points."""
    import importlib.abc
    import importlib.util

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
            if fullname != "ocds_regency.schemas":
                return None
            init = schemas / "__init__.py"
            return importlib.util.spec_from_file_location(fullname, init, submodule_search_locations=[str(schemas)])

    sys.meta_path.insert(0, Finder())


def child(paths: list[str], replay: int, schemas: str | None) -> dict[str, Any]:
    """Validate ``paths`` with the checks timed; the figures of this source tree."""
    if schemas:
        _use_schemas(Path(schemas))
    import ocds_regency.validate as validate_module

    cls = validate_module._Validation
    original = cls.run_quality
    calls: list[tuple[Any, ...]] = []
    spent = [0.0]

    def timed(self: Any, compiled: Any, base: str, index: int | None, ocid: str | None) -> Any:
        start = time.process_time()
        result = original(self, compiled, base, index, ocid)
        spent[0] += time.process_time() - start
        if replay:
            calls.append((self, compiled, base, index, ocid))
        return result

    cls.run_quality = timed  # type: ignore[method-assign]
    import importlib

    importlib.import_module("ocds_regency.isb.parse")  # the NPWP check imports it on first use: not timed
    schemas_module = importlib.import_module("ocds_regency.schemas")
    figures: dict[str, Any] = {"tree": validate_module.__file__, "schemas": schemas_module.__file__}
    for path in paths:
        calls.clear()
        spent[0] = 0.0
        start = time.process_time()
        report = validate_module.validate(path)
        total = time.process_time() - start
        result: dict[str, Any] = {
            "validate_cpu": total,
            "quality_cpu": spent[0],
            "compiled": len(calls) if replay else None,
            "findings": len(report),
        }
        if replay:
            gc.collect()
            gc.disable()
            best = float("inf")
            for _ in range(replay):
                start = time.process_time()
                for call in calls:
                    original(*call)
                best = min(best, time.process_time() - start)
            gc.enable()
            result["replay_cpu"] = best
        figures[path] = result
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", help="packages to validate")
    parser.add_argument("--tree", action="append", required=True, help="NAME=DIR: a src directory to measure")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--replay", type=int, default=5, help="repetitions of the checks after each validation")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--schemas", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.files, args.replay, args.schemas)))
        return
    trees = dict(tree.split("=", 1) for tree in args.tree)
    files = [str(Path(f).resolve()) for f in args.files]
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    print(f"load average at start: {os.getloadavg()}", file=sys.stderr)
    for round_ in range(args.rounds):
        order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
        for name in order:
            env = {**os.environ, "PYTHONPATH": str(Path(trees[name]).resolve())}
            command = [sys.executable, __file__, "--child", "--replay", str(args.replay), "--tree", "x=x", *files]
            schemas = Path(trees[name]).resolve().parent / "schemas"
            if (schemas / "__init__.py").is_file():
                command += ["--schemas", str(schemas)]
            out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
            runs[name].append(json.loads(out.splitlines()[-1]))
        print(f"round {round_ + 1} done, load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    print(f"load average at end: {os.getloadavg()}", file=sys.stderr)
    for name in trees:
        print(f"{name}: {runs[name][0]['tree']} (schemas: {runs[name][0]['schemas']})", file=sys.stderr)
    header = "| file | tree | compiled releases | validate CPU s | checks CPU s (first pass) | µs / release | "
    print(header + "replay µs / release | findings |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for path in files:
        for name in trees:
            figures = [run[path] for run in runs[name]]
            compiled = figures[0]["compiled"] or 1
            validate_cpu = min(f["validate_cpu"] for f in figures)
            quality = min(f["quality_cpu"] for f in figures)
            replay = min(f.get("replay_cpu", float("nan")) for f in figures)
            print(
                f"| {Path(path).name} | {name} | {compiled:,} | {validate_cpu:.2f} | {quality:.3f} | "
                f"{quality / compiled * 1e6:.1f} | {replay / compiled * 1e6:.1f} | {figures[0]['findings']:,} |"
            )


if __name__ == "__main__":
    main()
