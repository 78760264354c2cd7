"""Dates that are not facts yet: what was dated after the data's extraction.

The extraction time is the end of the newest extraction stamp of the input (``_event_date``, or
``tgl_penarikan`` of the SPSE result datasets; see :attr:`~ocds_regency.mapping._rows.Context.extracted`).
Rows entered ahead of time (monthly hand-overs typed in for the whole year, a payment dated 31 December,
the scheduled close of a selection that is still running) say what is planned, not what happened:

- such a row's date is reported as a field issue (``inconsistent``) and never dates a release;
- a milestone dated after the extraction is not ``met``: it is ``scheduled``, with the date as its
  ``dueDate``;
- no release is dated after the extraction (:class:`~ocds_regency.mapping._draft.Draft` caps the date).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ocds_regency.mapping._rows import Context, Row

__all__ = ["flag_future", "past_dates", "unmet_future_milestones"]


def flag_future(rows: Iterable[Row], *fields: str) -> set[int]:
    """Report every row whose first non-blank ``fields`` date is after the extraction; their indexes."""
    return {row.index for row in rows if row.after_extraction(*fields) is not None}


def past_dates(ctx: Context, dates: Iterable[str | None]) -> list[str]:
    """The dates that are not after the extraction (all of them when the extraction time is unknown)."""
    extracted = ctx.extracted
    return [d for d in dates if d is not None and (extracted is None or d <= extracted)]


def unmet_future_milestones(ctx: Context, contracts: Iterable[dict[str, Any]]) -> None:
    """Make milestones ``met`` after the extraction ``scheduled`` (their date becomes the ``dueDate``)."""
    extracted = ctx.extracted
    if extracted is None:
        return
    for contract in contracts:
        for milestone in contract.get("implementation", {}).get("milestones", ()):
            met = milestone.get("dateMet")
            if milestone.get("status") == "met" and met is not None and met > extracted:
                milestone["status"] = "scheduled"
                milestone["dueDate"] = milestone.pop("dateMet")
