"""Data-quality checks on compiled releases.

Each check is a module named after its finding code: ``quality.period_order`` is
:mod:`ocds_regency.validate.checks.quality.period_order`, ``id.npwp`` is
:mod:`ocds_regency.validate.checks.id.npwp`. A module holds ``CODE`` and ``check(view)``, which reads one
:class:`~ocds_regency.validate.checks.view.ReleaseView` (the compiled release's facts, found once and
shared by every check, with the :class:`QualityConfig`) and returns:

* ``None``: *not applicable*, the release lacks what the check needs (no tender period, no contracts,
  ...). It is counted apart from a pass.
* ``[]``: the check applied and passed.
* Otherwise each :class:`Problem` is a JSON Pointer relative to the compiled release, the offending
  value and the message parameters.

:data:`CHECKS` registers them in report order. Checks work on plain dicts; dates are compared as instants
(a date without a time zone is taken as UTC), amounts only when both sides are numbers in the same
currency. The checks that need the whole publication (release dates against ``publishedDate``, related
processes, one supplier under several ids) are apart, in
:mod:`~ocds_regency.validate.checks.publication`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ocds_regency.validate.checks.view import ReleaseView

__all__ = ["CHECKS", "Check", "Problem", "QualityCheck", "QualityConfig", "run_checks"]


class Problem(NamedTuple):
    """One problem found by a check: where (relative pointer), what value, message parameters."""

    path: str
    value: object
    params: dict[str, object]


@dataclass(frozen=True)
class QualityConfig:
    """Settings of the data-quality checks.

    Attributes:
        contract_award_ratio: allowed range of (sum of an award's contracts) / (award value).
        tender_budget_ratio: allowed range of (budget amount) / (tender value).
        duration_tolerance: days ``durationInDays`` may differ from the period's span.
        expected_currency: the currency ``id.currency`` expects (``None`` turns that check off).
        value_limit_usd: ``quality.value_realistic``: the largest realistic amount, in US dollars.
        usd_rates: ``quality.value_realistic``: units of each currency per US dollar (rough, fixed rates:
            nothing is fetched; amounts in other currencies are not checked).
        checks: codes of the checks to run (``None``: all of them).
    """

    contract_award_ratio: tuple[float, float] = (0.5, 1.5)
    tender_budget_ratio: tuple[float, float] = (0.5, 1.5)
    duration_tolerance: int = 1
    expected_currency: str | None = "IDR"
    value_limit_usd: float = 5e9
    usd_rates: tuple[tuple[str, float], ...] = (("USD", 1.0), ("IDR", 16_000.0))
    checks: frozenset[str] | None = None

    @functools.cached_property
    def usd_rate(self) -> dict[str, float]:
        """:attr:`usd_rates` as a mapping: units of each currency per US dollar."""
        return dict(self.usd_rates)

    def runs(self, code: str) -> bool:
        """Whether the check ``code`` runs under these settings (selected, and ``id.currency`` has a currency)."""
        if self.checks is not None and code not in self.checks:
            return False
        return not (code == "id.currency" and self.expected_currency is None)


Check = Callable[["ReleaseView"], "list[Problem] | None"]


@dataclass(frozen=True)
class QualityCheck:
    """A registered check: its finding code and its ``check(view)`` function."""

    code: str
    check: Check

    def __call__(self, release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
        """Run this check alone on one compiled release (a view of its own)."""
        from ocds_regency.validate.checks.view import ReleaseView

        return self.check(ReleaseView(release, config))


def _registry() -> dict[str, QualityCheck]:
    from ocds_regency.validate.checks.id import contract_over_hps, currency, hps_over_pagu, npwp
    from ocds_regency.validate.checks.quality import (
        amendment_date,
        award_status,
        contract_award,
        contract_status,
        contract_value,
        date_after_release,
        date_order,
        duplicate_transaction,
        duration,
        milestone_status,
        number_of_tenderers,
        party_name,
        party_reference,
        party_role,
        party_role_unreferenced,
        party_unnamed,
        period_order,
        procurement_method_tenderers,
        supplier_split,
        tender_budget,
        tender_status,
        transactions_value,
        value_realistic,
    )

    modules = (
        # dates, periods and statuses
        period_order,
        date_order,
        date_after_release,
        tender_status,
        award_status,
        contract_status,
        milestone_status,
        amendment_date,
        procurement_method_tenderers,
        # references between parts: parties, tenderers, awards
        number_of_tenderers,
        party_reference,
        party_role,
        party_name,
        contract_award,
        party_unnamed,
        party_role_unreferenced,
        supplier_split,
        # amounts, durations, payments
        contract_value,
        tender_budget,
        transactions_value,
        duration,
        value_realistic,
        duplicate_transaction,
        # Indonesian rules
        hps_over_pagu,
        contract_over_hps,
        currency,
        npwp,
    )
    return {module.CODE: QualityCheck(module.CODE, module.check) for module in modules}


#: Every check on one compiled release, by finding code, in report order.
CHECKS: dict[str, QualityCheck] = _registry()


def run_checks(release: Mapping[str, Any], config: QualityConfig) -> list[tuple[str, list[Problem] | None]]:
    """Run the configured checks on one compiled release; return ``(code, problems or None)`` pairs.

    The release's :class:`~ocds_regency.validate.checks.view.ReleaseView` is built once and passed to
    every check.
    """
    from ocds_regency.validate.checks.view import ReleaseView

    view = ReleaseView(release, config)
    return [(code, each.check(view)) for code, each in CHECKS.items() if config.runs(code)]
