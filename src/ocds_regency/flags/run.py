"""Run the indicators over compiled releases, one release at a time.

:class:`FlagsRunner` turns each compiled release into a compact :class:`~ocds_regency.flags.process.Process`,
applies the exclusions that hold for every indicator (cancelled processes, excluded methods) and hands it
to each indicator; :meth:`FlagsRunner.finish` computes the fences and returns a
:class:`~ocds_regency.flags.model.FlagsReport`. Memory grows with the compact per-process numbers the
fenced indicators keep (a few floats and ids), not with the releases.

A run can be split: runners fed with consecutive parts of the input and joined with
:meth:`FlagsRunner.merge` (in input order) finish with the same flags, fences and coverage as one runner fed
with all of it, which is how :func:`ocds_regency.dask.flags` computes them on a cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ocds_regency.flags import cardinal, indonesia
from ocds_regency.flags.base import Indicator
from ocds_regency.flags.model import Context, Coverage, FlagsReport, ProcessInfo, Results
from ocds_regency.flags.process import Process, view
from ocds_regency.flags.settings import CARDINAL_CODES, Settings, indonesia_profile

__all__ = ["FlagsRunner", "compute_flags"]

CANCELLED = "cancelled"
EXCLUDED = "excluded-method"


class FlagsRunner:
    """Feed compiled releases with :meth:`add`, then call :meth:`finish` once.

    Args:
        settings: the settings (default: :func:`~ocds_regency.flags.settings.indonesia_profile`).
        info: keep each process's :class:`~ocds_regency.flags.model.ProcessInfo` for the report (a runner
            whose caller looks the flagged processes up afterwards does without, and holds less).
    """

    def __init__(self, settings: Settings | None = None, *, info: bool = True) -> None:
        self.settings = settings or indonesia_profile()
        self.context = Context(self.settings.currency)
        self.results = Results()
        self.processes = 0
        self.indicators: list[Indicator] = [
            cardinal.INDICATORS[code](self.settings, self.context, self.results)
            for code in CARDINAL_CODES
            if code in self.settings.cardinal.enabled
        ]
        if self.settings.indonesia is not None:
            enabled = self.settings.indonesia.enabled
            self.indicators += [
                cls(self.settings, self.context, self.results)
                for code, cls in indonesia.INDICATORS.items()
                if enabled is None or code in enabled
            ]
        # only the indicators that override observe() see excluded processes too
        self._observers = [i for i in self.indicators if type(i).observe is not Indicator.observe]
        # each indicator's add (bound once: called for every process) and its coverage
        self._coverage: list[tuple[Callable[[Process], str | None], Coverage]] = [
            (indicator.add, self.results.coverage.setdefault(indicator.code, Coverage()))
            for indicator in self.indicators
        ]
        self._info: dict[str, ProcessInfo] = {}
        self._keep_info = info

    def add(self, release: Mapping[str, Any]) -> None:
        """Assess one compiled release (a release whose ``ocid`` is not a string is skipped)."""
        self.add_process(view(release))

    def add_process(self, process: Process | None) -> None:
        """Assess one compiled release by its :func:`~ocds_regency.flags.process.view` (``None`` is skipped)."""
        if process is None:
            return
        self.processes += 1
        self.context.observe(process)
        if self._keep_info:
            self._info[process.ocid] = ProcessInfo.of(process)
        if process.status == "cancelled":
            reason: str | None = CANCELLED
        elif process.method_details is not None and process.method_details in self.settings.exclusions:
            reason = EXCLUDED
        else:
            reason = None
        for observer in self._observers:
            observer.observe(process)
        if reason is not None:
            for _, coverage in self._coverage:
                coverage.not_assessed[reason] += 1
            return
        for add, coverage in self._coverage:
            outcome = add(process)
            if outcome is None:
                coverage.assessed += 1
            else:
                coverage.not_assessed[outcome] += 1

    def add_all(self, releases: Iterable[Mapping[str, Any]]) -> FlagsRunner:
        """:meth:`add` every release; returns ``self``."""
        for release in releases:
            self.add(release)
        return self

    def merge(self, other: FlagsRunner) -> FlagsRunner:
        """Take in ``other``, a runner with the same settings fed with the releases that follow; returns ``self``.

        Call it before :meth:`finish` on both. The main currency is the first one either runner saw (give the
        settings a currency, or find the input's first, so that every part compares amounts in the same one).
        """
        if self.context.currency is None:
            self.context.currency = other.context.currency
        self.processes += other.processes
        self._info.update(other._info)
        self.results.flags.extend(other.results.flags)
        for code, counted in other.results.coverage.items():
            mine = self.results.coverage.setdefault(code, Coverage())
            mine.assessed += counted.assessed
            mine.not_assessed.update(counted.not_assessed)
            mine.flagged += counted.flagged
        for indicator, same in zip(self.indicators, other.indicators, strict=True):
            indicator.merge(same)
        return self

    def finish(self) -> FlagsReport:
        """Compute the fences, raise the remaining flags and return the report."""
        for indicator in self.indicators:
            indicator.finish()
        concerned = {ocid for flag in self.results.flags for ocid in flag.ocids}
        info = {ocid: self._info[ocid] for ocid in concerned if ocid in self._info}
        return FlagsReport(
            profile=self.settings.profile,
            processes=self.processes,
            flags=self.results.flags,
            coverage=self.results.coverage,
            meta=self.results.meta,
            info=info,
        )


def compute_flags(releases: Iterable[Mapping[str, Any]], settings: Settings | None = None) -> FlagsReport:
    """Run every enabled indicator over compiled ``releases`` (one per contracting process).

    Example:
        >>> from ocds_regency.flags import cardinal_profile, compute_flags
        >>> report = compute_flags(
        ...     [{"ocid": "x", "tender": {"numberOfTenderers": 1, "procurementMethod": "open"}}],
        ...     cardinal_profile(),
        ... )
        >>> report.cardinal(meta=False)
        {'OCID': {'x': {'R018': 1.0}}}
    """
    return FlagsRunner(settings).add_all(releases).finish()
