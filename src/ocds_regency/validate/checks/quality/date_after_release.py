"""``quality.date_after_release``: no award, contract, transaction, milestone, amendment or document date
after the release ``date``."""

from __future__ import annotations

import datetime as dt

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import as_list, parse_date
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.date_after_release"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per date later than the release's; ``None`` if the release or nothing in it is dated.

    The dates are read in the order of the findings (awards with their amendments, the tender's
    amendments, contracts with their amendments and transactions, milestones, documents); a pointer
    is put together only for a date that is late.
    """
    release_date = view.date
    if release_date is None:
        return None
    applied = False
    late: list[tuple[object, str]] = []  # (value, pointer)
    for i, award in view.awards:
        if (moment := parse_date(value := award.get("date"))) is not None:
            applied = True
            if moment > release_date:
                late.append((value, f"/awards/{i}/date"))
        if "amendments" in award:
            applied |= _amendments(award["amendments"], f"/awards/{i}", release_date, late)
    if "amendments" in view.tender:
        applied |= _amendments(view.tender["amendments"], "/tender", release_date, late)
    for i, contract, _implementation, transactions, _value in view.contracts:
        if (moment := parse_date(value := contract.get("dateSigned"))) is not None:
            applied = True
            if moment > release_date:
                late.append((value, f"/contracts/{i}/dateSigned"))
        if "amendments" in contract:
            applied |= _amendments(contract["amendments"], f"/contracts/{i}", release_date, late)
        for t, tx in enumerate(transactions):
            if type(tx) is dict and (moment := parse_date(value := tx.get("date"))) is not None:
                applied = True
                if moment > release_date:
                    late.append((value, f"/contracts/{i}/implementation/transactions/{t}/date"))
    for base, owner in view.milestone_owners:
        milestones = owner.get("milestones")
        if milestones and type(milestones) is list:
            for m, milestone in enumerate(milestones):
                if type(milestone) is not dict:
                    continue
                for field in ("dateMet", "dateModified"):
                    if (moment := parse_date(value := milestone.get(field))) is not None:
                        applied = True
                        if moment > release_date:
                            late.append((value, f"{base}/milestones/{m}/{field}"))
    for path, doc, published, modified in view.documents:
        for moment, field in ((published, "datePublished"), (modified, "dateModified")):
            if moment is not None:
                applied = True
                if moment > release_date:
                    late.append((doc[field], f"{path}/{field}"))
    if not applied:
        return None
    params = {"release_date": view.release.get("date")}
    return [Problem(pointer, value, dict(params)) for value, pointer in late]


def _amendments(amendments: object, owner: str, release_date: dt.datetime, late: list[tuple[object, str]]) -> bool:
    """Add each amendment dated after the release to ``late``; whether any amendment is dated."""
    applied = False
    for a, amendment in enumerate(as_list(amendments)):
        if type(amendment) is dict and (moment := parse_date(value := amendment.get("date"))) is not None:
            applied = True
            if moment > release_date:
                late.append((value, f"{owner}/amendments/{a}/date"))
    return applied
