"""The compile engine (:class:`Compiler`): runs are independent, and merge errors keep their location.

Regression tests for two bugs of the engine's first shape (worker state in module globals, errors sent back
as text): two runs interleaved in one process corrupted each other, and a merge error coming back from a
worker lost its ``path`` and ``index``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ocds_regency.compile import Compiler, Output, engine, pool
from ocds_regency.compile.work import Range
from ocds_regency.errors import MergeError, OcdsRegencyError
from ocds_regency.merge import InconsistentTypeError, MissingDateKeyError
from ocds_regency.merge.rules import rules_for_profile
from ocds_regency.read.releases import ReleaseReader
from ocds_regency.standard import load_profile

RULES = rules_for_profile(load_profile())


def release(ocid: str, stage: int, **fields: Any) -> dict[str, Any]:
    value: dict[str, Any] = {"ocid": ocid, "id": f"{ocid}-{stage}", "date": f"2024-0{stage + 1}-01T00:00:00Z"}
    value["tag"] = ["tender"]
    value.update(fields)
    return value


def write_lines(path: Path, releases: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in releases))
    return path


def grouped_file(tmp_path: Path, processes: int = 4) -> Path:
    releases = [
        release(f"ocds-{number:04d}", stage, tender={"title": f"t{number}-{stage}"})
        for number in range(processes)
        for stage in range(2)
    ]
    return write_lines(tmp_path / "grouped.jsonl", releases)


def is_versioned(output: bytes) -> bool:
    """A versioned release holds lists of versioned values; a compiled one has ``tag: ["compiled"]``."""
    data = json.loads(output)
    return "tag" not in data and isinstance(data["tender"]["title"], list)


@pytest.mark.parametrize("workers", [1, 2])
def test_two_runs_interleaved_in_one_process_stay_independent(workers: int, tmp_path: Path) -> None:
    path = grouped_file(tmp_path)
    compiled = Compiler(RULES, output=Output.COMPILED, stream=True, workers=workers).run([ReleaseReader(str(path))])
    versioned = Compiler(RULES, output=Output.VERSIONED, stream=True, workers=workers).run([ReleaseReader(str(path))])
    outputs: dict[str, list[bytes]] = {"compiled": [], "versioned": []}
    # one output of each in turn, so that each run is suspended while the other one works
    for _ in range(4):
        outputs["compiled"].append(next(compiled))
        outputs["versioned"].append(next(versioned))
    outputs["compiled"] += list(compiled)
    outputs["versioned"] += list(versioned)
    assert len(outputs["compiled"]) == len(outputs["versioned"]) == 4
    assert not any(is_versioned(output) for output in outputs["compiled"])
    assert all(is_versioned(output) for output in outputs["versioned"])
    assert all(json.loads(output)["tag"] == ["compiled"] for output in outputs["compiled"])


def conflicting(tmp_path: Path, processes: int) -> Path:
    """Processes whose second release (in date order) makes ``tender``, a string so far, an object: an
    :class:`InconsistentTypeError` at path ``("tender",)`` for the release at index 1 of each group; and one
    process, the last, whose second release has no date."""
    releases: list[dict[str, Any]] = []
    for number in range(processes):
        ocid = f"ocds-{number:04d}"
        releases.append(release(ocid, 0, tender="not an object"))
        releases.append(release(ocid, 1, tender={"title": "t"}))
    undated = release("ocds-9999", 1)
    del undated["date"]
    releases += [release("ocds-9999", 0), undated]
    return write_lines(tmp_path / "conflicting.jsonl", releases)


def collect(compiler_args: dict[str, Any], path: Path) -> list[OcdsRegencyError]:
    errors: list[OcdsRegencyError] = []
    compiler = Compiler(RULES, on_error=errors.append, stream=True, **compiler_args)
    assert list(compiler.run([ReleaseReader(str(path), lazy=True)])) == []
    return errors


@pytest.mark.parametrize("how", ["this process", "workers", "ranges"])
def test_merge_errors_keep_class_ocid_path_and_index(how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Errors merged in this process, by worker processes from batches, and by worker processes from ranges
    of the file carry the same location."""
    processes = 150  # more than are merged in this process before the workers start
    if how == "ranges":  # a small file, in small ranges read by the workers
        monkeypatch.setattr(engine, "RANGE_MIN_SIZE", 0)
        monkeypatch.setattr(engine, "RANGE_BYTES", 700)
    path = conflicting(tmp_path, processes)
    sent: list[Range] = []
    original = pool.Workers.send_range
    monkeypatch.setattr(pool.Workers, "send_range", lambda self, task: (sent.append(task), original(self, task)))
    errors = collect({"workers": 1 if how == "this process" else 2}, path)
    assert bool(sent) is (how == "ranges")
    assert len(errors) == processes + 1
    for number, error in enumerate(errors[:-1]):
        assert isinstance(error, InconsistentTypeError), error
        assert (error.ocid, error.path, error.index) == (f"ocds-{number:04d}", ("tender",), 1)
        assert f"line {2 * number + 2}: ocds-{number:04d}:" in str(error)
    last = errors[-1]
    assert isinstance(last, MissingDateKeyError) and isinstance(last, MergeError)
    assert (last.ocid, last.path, last.index) == ("ocds-9999", ("date",), 1)


@pytest.mark.parametrize(
    ("stream", "memory_limit", "shuffle"),
    [
        (True, 64 * 1024 * 1024, False),  # streamed: groups handed on as they complete
        (False, 64 * 1024 * 1024, True),  # collected in memory
        (False, 2_000, True),  # spilled to SQLite
        (None, 64 * 1024 * 1024, True),  # probed, found out of order, then collected
    ],
)
def test_expected_records_once_the_input_is_read_is_what_the_run_yields(
    tmp_path: Path, stream: bool | None, memory_limit: int, shuffle: bool
) -> None:
    # the total of compile's progress bar: known once every input is read
    releases = [
        release(f"ocds-{n:04d}", stage, tender={"title": f"t{n}-{stage}"}) for n in range(40) for stage in (0, 1)
    ]
    if shuffle:
        releases = releases[1::2] + releases[0::2]
    path = write_lines(tmp_path / "releases.jsonl", releases)
    compiler = Compiler(RULES, output=Output.COMPILED, stream=stream, workers=1, memory_limit=memory_limit)
    assert compiler.expected_records() is None  # nothing read yet
    seen: list[int | None] = []
    compiler.on_input_done = lambda: seen.append(compiler.expected_records())
    outputs = list(compiler.run([ReleaseReader(str(path))]))
    assert len(outputs) == 40
    assert seen == [40]
    assert compiler.expected_records() is None  # the run is over


@pytest.mark.parametrize("how", ["this process", "workers", "ranges"])
@pytest.mark.parametrize("output", [Output.RECORD, Output.RECORD_VERSIONED])
def test_records_report_the_extensions_they_use_from_every_process(
    how: str, output: Output, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The extensions a record package must declare are found where each record is merged (in this process or
    in a worker) and come back with it; a field that was set and then nulled is in no compiled release."""
    if how == "ranges":
        monkeypatch.setattr(engine, "RANGE_MIN_SIZE", 0)
        monkeypatch.setattr(engine, "RANGE_BYTES", 700)
    processes = 150  # more than are merged in this process before the workers start
    releases = [release(f"ocds-{n:04d}", stage) for n in range(processes) for stage in (0, 1)]
    releases[-4]["bids"] = {"details": [{"id": "1"}]}  # the second-to-last process, merged by a worker
    releases[2]["parties"] = [{"id": "1", "details": {"scale": "sme"}}]
    releases[3]["parties"] = [{"id": "1", "details": {"scale": None}}]
    path = write_lines(tmp_path / "releases.jsonl", releases)
    sent: list[Range] = []
    original = pool.Workers.send_range
    monkeypatch.setattr(pool.Workers, "send_range", lambda self, task: (sent.append(task), original(self, task)))
    compiler = Compiler(RULES, output=output, stream=True, workers=1 if how == "this process" else 2)
    records = list(compiler.run([ReleaseReader(str(path), lazy=True)]))
    assert len(records) == processes
    assert bool(sent) is (how == "ranges")
    assert compiler.extensions == {"bids"}
    assert Compiler(RULES, output=output, workers=1).extensions == set()  # nothing before a run
