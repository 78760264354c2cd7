"""``quality.value_realistic``: every amount is within ± ``QualityConfig.value_limit_usd`` (5 billion US
dollars) once converted with the configured rate of its currency (Pelican's ``coherent.value_realistic``;
no rates are fetched, a currency without a configured rate is not checked)."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import amount
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.value_realistic"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per amount out of range; ``None`` if no amount has a currency with a rate."""
    rates = dict(view.config.usd_rates)
    limit = view.config.value_limit_usd
    applied = False
    problems = []
    for path, value in view.values:
        found = amount(value)
        if found is None or type(found[1]) is not str or found[1] not in rates:
            continue
        applied = True
        in_usd = found[0] / rates[found[1]]
        if abs(in_usd) > limit:
            params = {"amount": value["amount"], "currency": found[1], "usd": round(in_usd), "limit": f"{limit:,.0f}"}
            problems.append(Problem(f"{path}/amount", value["amount"], params))
    return problems if applied else None
