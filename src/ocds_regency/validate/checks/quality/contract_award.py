"""``quality.contract_award``: every ``contracts[].awardID`` matches exactly one ``awards[].id``."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import as_map
from ocds_regency.validate.checks.view import ReleaseView, hashable_id

CODE = "quality.contract_award"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per contract without its one award (with the reason); ``None`` if there are no contracts."""
    contracts = view.contract_list
    if not contracts:
        return None
    counts: dict[object, int] = {}
    for _, award in view.awards:
        kind = type(ident := award.get("id"))
        if kind is str or kind is int or kind is float:
            key = (kind, ident)
            counts[key] = counts.get(key, 0) + 1
    problems = []
    for i, contract in enumerate(contracts):
        award_id = as_map(contract).get("awardID")
        if award_id is None or not hashable_id(award_id):
            problems.append(Problem(f"/contracts/{i}/awardID", award_id, {"reason": "no_award_id"}))
            continue
        found = counts.get((type(award_id), award_id), 0)
        if found != 1:
            reason = "no_award" if found == 0 else "multiple_awards"
            problems.append(Problem(f"/contracts/{i}/awardID", award_id, {"reason": reason}))
    return problems
