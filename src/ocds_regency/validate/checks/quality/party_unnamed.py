"""``quality.party_unnamed``: every party has a ``name``: a party nobody can name can't be audited."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.party_unnamed"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per party without a name; ``None`` if there are no parties."""
    parties = view.parties
    if not parties:
        return None
    problems = []
    for i, party in parties:
        name = party.get("name")
        if type(name) is not str or not name.strip():
            problems.append(Problem(f"/parties/{i}/name", party.get("id"), {}))
    return problems
