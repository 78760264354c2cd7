"""Data-quality checks on compiled releases.

Each check is a function ``check(release, config) -> list[Problem] | None`` registered under its
finding code in :data:`CHECKS`:

* ``None`` means *not applicable*: the release lacks what the check needs (no tender period, no
  contracts, ...). It is counted apart from a pass.
* ``[]`` means the check applied and passed.
* Otherwise each :class:`Problem` is a JSON Pointer relative to the compiled release, the offending
  value and the message parameters.

Checks work on plain dicts; dates are compared as instants (a date without a time zone is taken as
UTC), amounts only when both sides are numbers in the same currency. Families:
:mod:`~ocds_regency.validate.checks.coherence` (dates, periods, statuses),
:mod:`~ocds_regency.validate.checks.references` (parties, awards),
:mod:`~ocds_regency.validate.checks.values` (amounts, durations, payments) and
:mod:`~ocds_regency.validate.checks.indonesia` (HPS, pagu, IDR, NPWP). The checks that need the whole
publication (release dates against ``publishedDate``, related processes) are apart, in
:mod:`~ocds_regency.validate.checks.publication`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = ["CHECKS", "Check", "Problem", "QualityConfig", "run_checks"]


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


Check = Callable[[Mapping[str, Any], QualityConfig], "list[Problem] | None"]


def _registry() -> dict[str, Check]:
    from ocds_regency.validate.checks import coherence, indonesia, references, values

    return {**coherence.CHECKS, **references.CHECKS, **values.CHECKS, **indonesia.CHECKS}


#: Every check by finding code.
CHECKS: dict[str, Check] = _registry()


def run_checks(
    release: Mapping[str, Any], config: QualityConfig, *, fast: bool = True
) -> list[tuple[str, list[Problem] | None]]:
    """Run the configured checks on one compiled release; return ``(code, problems or None)`` pairs.

    With ``fast`` (the default), the date, period, party-reference and currency checks are first
    settled by one shared pass over the release (:func:`~ocds_regency.validate.checks._scan.scan`);
    a check runs in full only when that pass finds it failed. The results are the same either way.
    """
    from ocds_regency.validate.checks._scan import scan
    from ocds_regency.validate.checks._util import caching

    selected = config.checks
    scanned = scan(release, config) if fast else None
    results: list[tuple[str, list[Problem] | None]] = []
    with caching():
        for code, check in CHECKS.items():
            if selected is not None and code not in selected:
                continue
            if code == "id.currency" and config.expected_currency is None:
                continue
            if scanned is not None and code in scanned:
                status = scanned[code]
                if status is None:
                    results.append((code, None))
                    continue
                if status:
                    results.append((code, []))
                    continue
            results.append((code, check(release, config)))
    return results
