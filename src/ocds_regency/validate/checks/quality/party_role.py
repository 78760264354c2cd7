"""``quality.party_role``: the party a reference points to has the matching role (``buyer``,
``tenderer``, ``supplier``, ...)."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.party_role"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per reference whose party lacks the role; ``None`` if no reference matches a party."""
    applied = False
    problems = []
    for ref, party, _reason in view.resolved:
        if party is None:
            continue
        applied = True
        roles = party.get("roles")
        if not isinstance(roles, list) or ref.role not in roles:
            problems.append(Problem(ref.path, ref.ref.get("id"), {"role": ref.role}))
    return problems if applied else None
