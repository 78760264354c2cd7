"""``quality.party_name``: the ``name`` in a reference equals the name of the party it points to."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.party_name"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per reference named otherwise than its party; ``None`` if no named reference matches a
    named party."""
    applied = False
    problems = []
    for path, _role, ref, party, _reason in view.references:
        if party is None:
            continue
        name, party_name = ref.get("name"), party.get("name")
        if not isinstance(name, str) or not isinstance(party_name, str):
            continue
        applied = True
        if name != party_name:
            problems.append(Problem(f"{path}/name", name, {"party_name": party_name}))
    return problems if applied else None
