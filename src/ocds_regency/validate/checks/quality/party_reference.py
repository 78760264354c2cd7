"""``quality.party_reference``: every buyer, procuring entity, tenderer, supplier, payer and payee ``id``
matches exactly one party."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.party_reference"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per reference that matches no party or several (with the reason); ``None`` if none."""
    references = view.references
    if not references:
        return None
    problems = []
    for path, role, ref, _party, reason in references:
        if reason is not None:
            problems.append(Problem(f"{path}/id", ref.get("id"), {"role": role, "reason": reason}))
    return problems
