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
    for path, role, ref, party, _reason in view.references:
        if party is None:
            continue
        applied = True
        roles = party.get("roles")
        if not isinstance(roles, list) or role not in roles:
            problems.append(Problem(path, ref.get("id"), {"role": role}))
    return problems if applied else None
