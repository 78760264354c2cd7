"""``quality.party_role_unreferenced``: a party with the role ``buyer``, ``procuringEntity``, ``tenderer``,
``supplier``, ``payer`` or ``payee`` is referenced from the matching field (Pelican's
``consistent.parties_roles``, with ``buyer`` too): a party with role ``procuringEntity`` and no
``tender.procuringEntity`` is the usual case."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

__all__ = ["CODE", "ROLE_FIELDS", "check"]

CODE = "quality.party_role_unreferenced"

#: Where each role must be referenced from (``parties[].roles`` -> the field that points at the party).
ROLE_FIELDS: dict[str, str] = {
    "buyer": "buyer",
    "procuringEntity": "tender.procuringEntity",
    "tenderer": "tender.tenderers",
    "supplier": "awards.suppliers",
    "payer": "contracts.implementation.transactions.payer",
    "payee": "contracts.implementation.transactions.payee",
}


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per role of a party that nothing refers to in that role; ``None`` if no party has one."""
    referenced = view.referenced
    applied = False
    problems = []
    for i, party in view.parties:
        roles = party.get("roles")
        if type(roles) is not list:
            continue
        kind = type(ident := party.get("id"))
        known = kind is str or kind is int or kind is float
        for role in roles:
            if type(role) is not str or role not in ROLE_FIELDS:
                continue
            applied = True
            if not known or (role, kind, ident) not in referenced:
                problems.append(Problem(f"/parties/{i}/roles", role, {"role": role, "field": ROLE_FIELDS[role]}))
    return problems if applied else None
