"""``quality.tender_status``: no awards or contracts under a tender that is planned, cancelled, unsuccessful
or withdrawn."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.tender_status"

_UNAWARDED_TENDER = frozenset({"planning", "planned", "cancelled", "unsuccessful", "withdrawn"})


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem on ``tender.status``; ``None`` if the tender has no status."""
    status = view.tender.get("status")
    if not isinstance(status, str):
        return None
    if status in _UNAWARDED_TENDER and (view.award_list or view.contract_list):
        return [Problem("/tender/status", status, {"status": status})]
    return []
