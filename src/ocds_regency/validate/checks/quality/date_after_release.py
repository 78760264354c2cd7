"""``quality.date_after_release``: no award, contract, transaction, milestone, amendment or document date
after the release ``date``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

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
    late = _Late(release_date)
    see = late.see
    for i, award in view.awards:
        see(award.get("date"), "/awards", i, "date")
        if "amendments" in award:
            _amendments(see, award["amendments"], "/awards", i)
    if "amendments" in view.tender:
        _amendments(see, view.tender["amendments"], "/tender")
    for i, contract, _implementation, transactions, _value in view.contracts:
        see(contract.get("dateSigned"), "/contracts", i, "dateSigned")
        if "amendments" in contract:
            _amendments(see, contract["amendments"], "/contracts", i)
        for t, tx in enumerate(transactions):
            if type(tx) is dict:
                see(tx.get("date"), "/contracts", i, "implementation/transactions", t, "date")
    for base, owner in view.milestone_owners:
        milestones = owner.get("milestones")
        if milestones and type(milestones) is list:
            for m, milestone in enumerate(milestones):
                if type(milestone) is dict:
                    see(milestone.get("dateMet"), base, "milestones", m, "dateMet")
                    see(milestone.get("dateModified"), base, "milestones", m, "dateModified")
    found = late.found
    for path, doc, published, modified in view.documents:  # dates parsed by the view: compared here
        if published is not None:
            late.dated = True
            if published > release_date:
                found.append((doc["datePublished"], f"{path}/datePublished"))
        if modified is not None:
            late.dated = True
            if modified > release_date:
                found.append((doc["dateModified"], f"{path}/dateModified"))
    if not late.dated:
        return None
    params = {"release_date": view.release.get("date")}
    return [Problem(pointer, value, dict(params)) for value, pointer in late.found]


class _Late:
    """The dates found after the release's, with their pointers; whether anything was dated at all."""

    __slots__ = ("dated", "found", "release_date")

    def __init__(self, release_date: dt.datetime) -> None:
        self.release_date = release_date
        self.dated = False
        self.found: list[tuple[object, str]] = []  # (value, pointer)

    def see(self, value: object, *pointer: object) -> None:
        """Take ``value``, found at the ``/``-joined ``pointer`` parts, if it is a date (parsed dates are
        cached: the documents' dates, parsed by the view, are not parsed again)."""
        moment = parse_date(value)
        if moment is not None:
            self.dated = True
            if moment > self.release_date:
                self.found.append((value, "/".join(map(str, pointer))))


def _amendments(see: Callable[..., None], amendments: object, *owner: object) -> None:
    """Pass the date of each amendment of ``owner`` (pointer parts) to ``see`` (:meth:`_Late.see`)."""
    for a, amendment in enumerate(as_list(amendments)):
        if type(amendment) is dict:
            see(amendment.get("date"), *owner, "amendments", a, "date")
