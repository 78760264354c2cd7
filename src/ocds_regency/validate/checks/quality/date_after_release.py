"""``quality.date_after_release``: no award, contract, transaction, milestone, amendment or document date
after the release ``date``."""

from __future__ import annotations

from collections.abc import Iterator

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import as_list, as_map, parse_date
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.date_after_release"


def _dated(view: ReleaseView) -> Iterator[tuple[object, tuple[object, ...]]]:
    """``(value, pointer parts)`` of each date the check looks at, in the order of its findings."""
    for i, award in view.awards:
        yield award.get("date"), ("awards", i, "date")
        for a, amendment in enumerate(as_list(award.get("amendments"))):
            yield as_map(amendment).get("date"), ("awards", i, "amendments", a, "date")
    for a, amendment in enumerate(as_list(view.tender.get("amendments"))):
        yield as_map(amendment).get("date"), ("tender", "amendments", a, "date")
    for i, contract, _implementation, transactions in view.contracts:
        yield contract.get("dateSigned"), ("contracts", i, "dateSigned")
        for a, amendment in enumerate(as_list(contract.get("amendments"))):
            yield as_map(amendment).get("date"), ("contracts", i, "amendments", a, "date")
        for t, tx in enumerate(transactions):
            yield as_map(tx).get("date"), ("contracts", i, "implementation", "transactions", t, "date")
    for base, owner in view.milestone_owners:
        for m, milestone in enumerate(as_list(owner.get("milestones"))):
            milestone = as_map(milestone)
            yield milestone.get("dateMet"), (base, "milestones", m, "dateMet")
            yield milestone.get("dateModified"), (base, "milestones", m, "dateModified")
    for base, doc in view.documents:
        yield doc.get("datePublished"), (base, "datePublished")
        yield doc.get("dateModified"), (base, "dateModified")


def _pointer(parts: tuple[object, ...]) -> str:
    # A part that starts with "/" is an owner's pointer already.
    first, *rest = parts
    head = first if type(first) is str and first.startswith("/") else f"/{first}"
    return "/".join((head, *(str(part) for part in rest)))


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per date later than the release's; ``None`` if the release or nothing in it is dated."""
    release_date = view.date
    if release_date is None:
        return None
    applied = False
    problems = []
    for value, parts in _dated(view):
        moment = parse_date(value)
        if moment is None:
            continue
        applied = True
        if moment > release_date:
            problems.append(Problem(_pointer(parts), value, {"release_date": view.release.get("date")}))
    return problems if applied else None
