"""``quality.value_realistic``: every amount is within ± ``QualityConfig.value_limit_usd`` (5 billion US
dollars) once converted with the configured rate of its currency (Pelican's ``coherent.value_realistic``;
no rates are fetched, a currency without a configured rate is not checked)."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.value_realistic"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per amount out of range; ``None`` if no amount has a currency with a rate."""
    rates = view.config.usd_rate
    limit = view.config.value_limit_usd
    applied = False
    problems = []
    for path, value in view.values:
        currency, number = value.get("currency"), value.get("amount")
        if type(currency) is not str or currency not in rates:
            continue
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            continue
        applied = True
        in_usd = number / rates[currency]
        if abs(in_usd) > limit:
            params: dict[str, object] = {
                "amount": number,
                "currency": currency,
                "usd": round(in_usd),
                "limit": f"{limit:,.0f}",
            }
            problems.append(Problem(f"{path}/amount", number, params))
    return problems if applied else None
