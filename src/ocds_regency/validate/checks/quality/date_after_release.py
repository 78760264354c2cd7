"""``quality.date_after_release``: no award, contract, transaction, milestone, amendment or document date
after the release ``date``."""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import as_list, as_map, parse_date
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.date_after_release"


def _dated(view: ReleaseView) -> list[tuple[object, str, tuple[object, ...]]]:
    """``(value, owner pointer, rest of the pointer)`` of each date the check looks at but the documents'
    (the view has those parsed), in the order of the findings (a pointer is put together only for a date
    that is late)."""
    found: list[tuple[object, str, tuple[object, ...]]] = []
    append = found.append
    for i, award in view.awards:
        append((award.get("date"), "/awards", (i, "date")))
        if "amendments" in award:
            for a, amendment in enumerate(as_list(award["amendments"])):
                append((as_map(amendment).get("date"), "/awards", (i, "amendments", a, "date")))
    for a, amendment in enumerate(as_list(view.tender.get("amendments"))):
        append((as_map(amendment).get("date"), "/tender/amendments", (a, "date")))
    for i, contract, _implementation, transactions, _value in view.contracts:
        append((contract.get("dateSigned"), "/contracts", (i, "dateSigned")))
        if "amendments" in contract:
            for a, amendment in enumerate(as_list(contract["amendments"])):
                append((as_map(amendment).get("date"), "/contracts", (i, "amendments", a, "date")))
        for t, tx in enumerate(transactions):
            if type(tx) is dict:
                append((tx.get("date"), "/contracts", (i, "implementation", "transactions", t, "date")))
    for base, owner in view.milestone_owners:
        milestones = owner.get("milestones")
        if milestones and type(milestones) is list:
            for m, milestone in enumerate(milestones):
                if type(milestone) is dict:
                    append((milestone.get("dateMet"), base, ("milestones", m, "dateMet")))
                    append((milestone.get("dateModified"), base, ("milestones", m, "dateModified")))
    return found


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per date later than the release's; ``None`` if the release or nothing in it is dated."""
    release_date = view.date
    if release_date is None:
        return None
    applied = False
    problems = []
    for value, base, rest in _dated(view):
        if type(value) is not str or (moment := parse_date(value)) is None:
            continue
        applied = True
        if moment > release_date:
            pointer = "/".join((base, *map(str, rest)))
            problems.append(Problem(pointer, value, {"release_date": view.release.get("date")}))
    for path, doc, published, modified in view.documents:
        for moment, field in ((published, "datePublished"), (modified, "dateModified")):
            if moment is None:
                continue
            applied = True
            if moment > release_date:
                problems.append(Problem(f"{path}/{field}", doc[field], {"release_date": view.release.get("date")}))
    return problems if applied else None
