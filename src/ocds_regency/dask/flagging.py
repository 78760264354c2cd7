"""Red flags on Dask: the indicators of :mod:`ocds_regency.flags` over many files of compiled releases.

The indicators need statistics over every process (the quartile fences of price gaps, of tenderers' win
ratios and of disqualification ratios; a supplier's share of a satker's value; a satker's repeated direct
awards), so a file can't be flagged alone. The run is a map, a combine and a second pass:

1. *the main currency* (only when the settings name none): each file's first currency, the first file's
   that has one winning, as one machine reading the files in order finds it;
2. *map*: one task per file feeds a :class:`~ocds_regency.flags.FlagsRunner` with its compiled releases:
   flags that need one process are raised there, the fenced indicators gather their compact numbers;
3. *combine*: the runners are merged in input order (:meth:`FlagsRunner.merge`, a tree of merges), which
   gives the state one runner would have after reading every file; :meth:`FlagsRunner.finish` then computes
   the fences and raises the rest;
4. *second pass*: each file is read again for the buyer, title and link of the processes a flag names
   (so no runner carries every process's details through the combine).

The report is the one :func:`ocds_regency.flags.compute_flags` gives on the files in the same order. What
the combine carries is the fenced indicators' compact numbers (a few floats and ids per assessed process or
organisation), never releases.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ocds_regency.dask._engine import _bag
from ocds_regency.dask.storage import fetched, input_files
from ocds_regency.errors import OcdsRegencyError
from ocds_regency.flags import FlagsReport, FlagsRunner, ProcessInfo, Settings, indonesia_profile
from ocds_regency.flags.model import Context
from ocds_regency.flags.process import view
from ocds_regency.flags.read import compiled_releases

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["FlagsResult", "compute_flags"]


@dataclass
class FlagsResult:
    """What :func:`compute_flags` did.

    Attributes:
        report: the flags, coverage and fences of every process of every file.
        problems: one line per release that could not be read (the rest were assessed).
    """

    report: FlagsReport
    problems: list[str]


@dataclass
class _Part:
    runner: FlagsRunner
    problems: list[str]


def _releases(location: str, problems: list[str]) -> Iterable[dict[str, Any]]:
    with fetched(location) as path:

        def on_error(error: OcdsRegencyError) -> None:
            problems.append(str(error).replace(path, location))

        yield from compiled_releases([path], on_error=on_error, merge=False)


def _first_currency(location: str) -> str | None:
    context = Context(None)
    for release in _releases(location, []):
        process = view(release)
        if process is not None:
            context.observe(process)
            if context.currency is not None:
                return context.currency
    return None


def _flag_file(location: str, settings: Settings, currency: str | None) -> _Part:
    runner = FlagsRunner(settings, info=False)
    runner.context.currency = currency
    problems: list[str] = []
    for release in _releases(location, problems):
        runner.add(release)
    return _Part(runner, problems)


def _combine(parts: Sequence[_Part]) -> _Part:
    first, *rest = parts
    for part in rest:
        first.runner.merge(part.runner)
        first.problems += part.problems
    return first


def _info(location: str, concerned: frozenset[str]) -> dict[str, ProcessInfo]:
    found: dict[str, ProcessInfo] = {}
    for release in _releases(location, []):
        process = view(release)
        if process is not None and process.ocid in concerned:
            found[process.ocid] = ProcessInfo.of(process)
    return found


def compute_flags(
    files: Iterable[str | os.PathLike[str]], *, client: Client, settings: Settings | None = None
) -> FlagsResult:
    """Run the indicators over the compiled releases of ``files`` on the Dask cluster of ``client``.

    Args:
        files: files or directories (paths or fsspec URLs) of compiled releases, one per contracting process:
            record packages with compiled releases (what :func:`ocds_regency.dask.run` writes) or JSON Lines of
            compiled releases (what :func:`ocds_regency.dask.compile_releases` writes). A process must not be
            split over two files.
        client: a connected ``distributed.Client``.
        settings: the indicators' settings (default: :func:`~ocds_regency.flags.indonesia_profile`).

    Returns:
        A :class:`FlagsResult`: the report :func:`ocds_regency.flags.compute_flags` gives on the same files
        in the same order, and the problems met.

    Raises:
        DaskUnavailableError: the ``dask`` extra is not installed.
        InputError: a file can't be read, or holds releases that are not compiled.
    """
    bag = _bag()
    settings = settings or indonesia_profile()
    names = input_files(files)
    if not names:
        return FlagsResult(FlagsRunner(settings).finish(), [])
    located = bag.from_sequence(names, npartitions=len(names))
    currency = settings.currency
    if currency is None:
        currency = next((c for c in located.map(_first_currency).compute(scheduler=client) if c is not None), None)
    parts = located.map(_flag_file, settings, currency)
    merged: _Part = parts.reduction(_combine, _combine, split_every=8).compute(scheduler=client)
    report = merged.runner.finish()
    concerned = frozenset(ocid for flag in report.flags for ocid in flag.ocids)
    if concerned:
        info: dict[str, ProcessInfo] = {}
        for found in located.map(_info, concerned).compute(scheduler=client):
            info.update(found)  # the last file's wins, as in one pass
        report.info = {ocid: info[ocid] for ocid in concerned if ocid in info}
    return FlagsResult(report, merged.problems)
