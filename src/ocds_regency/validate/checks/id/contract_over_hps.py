"""``id.contract_over_hps``: a contract value above the HPS (``tender.value``) needs a documented reason,
i.e. an amendment of that contract with a non-empty ``rationale``."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import as_list, as_map
from ocds_regency.validate.checks.view import ReleaseView

CODE = "id.contract_over_hps"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per undocumented contract above the HPS; ``None`` if no contract compares with an HPS."""
    hps = view.tender_value
    if hps is None:
        return None
    applied = False
    problems = []
    for at, contract, _implementation, _transactions, value in view.contracts:
        if value is None or value[1] != hps[1]:
            continue
        applied = True
        if value[0] > hps[0]:
            documented = any(
                isinstance(as_map(a).get("rationale"), str) and as_map(a)["rationale"].strip()
                for a in as_list(contract.get("amendments"))
            )
            if not documented:
                path = f"/contracts/{at}/value/amount"
                problems.append(Problem(path, value[0], {"contract": value[0], "hps": hps[0]}))
    return problems if applied else None
