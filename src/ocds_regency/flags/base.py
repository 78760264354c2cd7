"""What every indicator is: it sees each process once, says whether it could assess it, raises flags.

:meth:`Indicator.add` returns ``None`` when the indicator assessed the process, else the code of the reason
it could not (labels in both languages in :mod:`ocds_regency.flags.texts`); indicators that compare with a
quartile fence raise their flags in :meth:`Indicator.finish`.
"""

from __future__ import annotations

from typing import ClassVar

from ocds_regency.flags.model import Context, Results
from ocds_regency.flags.process import Process
from ocds_regency.flags.settings import Settings

__all__ = ["Indicator"]

# Reasons a process could not be assessed (labels in ocds_regency.flags.texts).
NO_PRICE_COMPARISON = "no-price-comparison"
AWARD_PENDING = "award-pending-or-invalid"
NOT_ONE_AWARD = "not-one-active-award"
NO_ACTIVE_AWARD = "no-active-award"
JOINT_SUPPLIERS = "several-suppliers"
JOINT_TENDERERS = "several-tenderers"
FEW_VALID_BIDS = "fewer-than-two-valid-bids"
WINNER_NOT_LOWEST = "winner-not-lowest"
ZERO_AMOUNT = "zero-amount"
NO_BIDS = "no-bids"
NO_BID_AMOUNTS = "no-bid-amounts"
NO_PERIOD = "no-tender-period"
METHOD = "method-not-covered"
NO_TENDERERS = "no-number-of-tenderers"
NO_BUYER = "no-buyer"
NO_CLASSIFICATION = "no-item-classification"
NO_BID_DATE = "no-bid-date"


class Indicator:
    """An indicator: :meth:`add` each process, then :meth:`finish`."""

    code: ClassVar[str]

    def __init__(self, settings: Settings, context: Context, results: Results) -> None:
        self.settings = settings
        self.cardinal = settings.cardinal
        self.context = context
        self.results = results

    def observe(self, process: Process) -> None:
        """See every process, even those excluded from all indicators (most indicators ignore it)."""

    def add(self, process: Process) -> str | None:
        """Assess ``process``: ``None`` when assessed, else why it could not be."""
        raise NotImplementedError

    def finish(self) -> None:
        """Raise the flags that need every process (fences)."""

    def merge(self, other: Indicator) -> None:
        """Take in what ``other`` (the same indicator, run on the processes that follow) gathered for :meth:`finish`.

        After ``a.merge(b)``, ``a`` holds what one indicator would hold had it seen ``a``'s processes, then
        ``b``'s: this is how a run split into partitions (:mod:`ocds_regency.dask`) gets the same fences and
        flags as one pass. Indicators that raise every flag in :meth:`add` keep nothing, so there is nothing
        to merge.
        """

    def flag_process(self, process: Process, value: float, evidence: dict[str, object]) -> None:
        """Flag ``process`` (group ``OCID``)."""
        self.results.flag(self.code, "OCID", process.ocid, value, evidence, (process.ocid,))

    def flag_tenderer(self, identifier: str, value: float, ocids: tuple[str, ...] = (), **evidence: object) -> None:
        """Flag an economic operator (group ``Tenderer``)."""
        self.results.flag(self.code, "Tenderer", identifier, value, evidence, ocids)
