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
    for ref, party, _reason in view.resolved:
        if party is None or not isinstance(ref.ref.get("name"), str) or not isinstance(party.get("name"), str):
            continue
        applied = True
        if ref.ref["name"] != party["name"]:
            problems.append(Problem(f"{ref.path}/name", ref.ref["name"], {"party_name": party["name"]}))
    return problems if applied else None
