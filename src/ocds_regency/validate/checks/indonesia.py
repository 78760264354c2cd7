"""Indonesian rules on OCDS fields: HPS and pagu, IDR, NPWP.

* ``id.hps_over_pagu``: the owner's estimate (HPS, ``tender.value``) must not exceed the budget ceiling
  (pagu, ``planning.budget.amount``).
* ``id.contract_over_hps``: a contract value above the HPS needs a documented reason, i.e. an
  amendment of that contract with a non-empty ``rationale``.
* ``id.currency``: values are in Rupiah (``IDR``) unless another currency is configured.
* ``id.npwp``: identifiers with scheme ``ID-DJP`` are 16 digits: ``"0"`` + a 15-digit NPWP whose
  check digit (Luhn over its first nine digits) is right, or an individual's NIK.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ocds_regency.errors import ParseError
from ocds_regency.validate.checks import Check, Problem, QualityConfig
from ocds_regency.validate.checks._util import amount, as_list, as_map, values_with_paths

__all__ = ["CHECKS", "npwp_problem"]

_SIXTEEN = re.compile(r"\d{16}")


def hps_over_pagu(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """HPS (``tender.value``) ≤ pagu (``planning.budget.amount``), same currency."""
    pagu = amount(as_map(as_map(release.get("planning")).get("budget")).get("amount"))
    hps = amount(as_map(release.get("tender")).get("value"))
    if pagu is None or hps is None or pagu[1] != hps[1]:
        return None
    if hps[0] > pagu[0]:
        return [Problem("/tender/value/amount", hps[0], {"hps": hps[0], "pagu": pagu[0]})]
    return []


def contract_over_hps(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """Each contract value ≤ HPS, unless the contract has an amendment with a rationale."""
    hps = amount(as_map(release.get("tender")).get("value"))
    if hps is None:
        return None
    applied = False
    problems = []
    for i, contract in enumerate(as_list(release.get("contracts"))):
        contract = as_map(contract)
        value = amount(contract.get("value"))
        if value is None or value[1] != hps[1]:
            continue
        applied = True
        if value[0] > hps[0]:
            documented = any(
                isinstance(as_map(a).get("rationale"), str) and as_map(a)["rationale"].strip()
                for a in as_list(contract.get("amendments"))
            )
            if not documented:
                problems.append(
                    Problem(f"/contracts/{i}/value/amount", value[0], {"contract": value[0], "hps": hps[0]})
                )
    return problems if applied else None


def currency(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """Every amount is in the expected currency (``IDR`` by default); one finding per other currency."""
    expected = config.expected_currency
    applied = False
    problems = []
    reported: set[str] = set()
    for path, value in values_with_paths(release):
        code = value.get("currency")
        if not isinstance(code, str):
            continue
        applied = True
        if code != expected and code not in reported:
            reported.add(code)
            problems.append(Problem(f"{path}/currency", code, {"currency": code, "expected": expected}))
    return problems if applied else None


def npwp_problem(value: object) -> str | None:
    """Why ``value`` is not a valid NPWP-16 identifier (a reason code), or ``None`` if it is valid."""
    if not isinstance(value, str) or not _SIXTEEN.fullmatch(value):
        return "npwp_length"
    # Imported on first use: the ISB package (its pydantic models) takes most of the import time.
    from ocds_regency.isb.parse import normalise_npwp

    try:
        normalise_npwp(value)
    except ParseError:
        return "npwp_check_digit" if value.startswith("0") else "npwp_nik"
    return None


def _djp_identifiers(release: Mapping[str, Any]) -> Iterator[tuple[str, object]]:
    for i, party in enumerate(as_list(release.get("parties"))):
        party = as_map(party)
        identifier = as_map(party.get("identifier"))
        if identifier.get("scheme") == "ID-DJP":
            yield f"/parties/{i}/identifier/id", identifier.get("id")
        for k, extra in enumerate(as_list(party.get("additionalIdentifiers"))):
            extra = as_map(extra)
            if extra.get("scheme") == "ID-DJP":
                yield f"/parties/{i}/additionalIdentifiers/{k}/id", extra.get("id")


def npwp(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """Identifiers with scheme ``ID-DJP`` are valid NPWP-16s."""
    applied = False
    problems = []
    for path, value in _djp_identifiers(release):
        applied = True
        reason = npwp_problem(value)
        if reason is not None:
            problems.append(Problem(path, value, {"reason": reason}))
    return problems if applied else None


CHECKS: dict[str, Check] = {
    "id.hps_over_pagu": hps_over_pagu,
    "id.contract_over_hps": contract_over_hps,
    "id.currency": currency,
    "id.npwp": npwp,
}
