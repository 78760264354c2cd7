"""``quality.milestone_status``: a milestone has a ``dateMet`` only when its status is ``met``."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.milestone_status"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per milestone met but not ``met``; ``None`` if no milestone has a status."""
    applied = False
    problems = []
    for base, owner in view.milestone_owners:
        milestones = owner.get("milestones")
        if type(milestones) is not list:
            continue
        for m, milestone in enumerate(milestones):
            if type(milestone) is not dict:
                continue
            status = milestone.get("status")
            if not isinstance(status, str):
                continue
            applied = True
            if milestone.get("dateMet") is not None and status != "met":
                problems.append(Problem(f"{base}/milestones/{m}/dateMet", milestone.get("dateMet"), {"status": status}))
    return problems if applied else None
