"""Dates that are not facts yet: what was dated after the data's extraction.

The extraction time is the end of the newest extraction stamp of the input (``_event_date``, or
``tgl_penarikan`` of the SPSE result datasets; see :attr:`~ocds_regency.mapping._rows.Context.extracted`).
Rows entered ahead of time (monthly hand-overs typed in for the whole year, a payment dated 31 December,
the scheduled close of a selection that is still running) say what is planned, not what happened:

- such a row's date is reported as a field issue (``inconsistent``) and never dates a release;
- a milestone dated after the extraction is not ``met``: it is ``scheduled``, with the date as its
  ``dueDate``;
- no release is dated after the extraction (:class:`~ocds_regency.mapping._draft.Draft` caps the date).

Durations (``waktu_penyelesaian``) give ``durationInDays`` only when the number is right
(:func:`work_duration`): calendar days and weeks as written; months and years counted on the calendar from
the period's start date (``python-dateutil``'s ``relativedelta``: 6 months from 2 January end on 1 July, 181
days); working days ("20 hari kerja") never, because their calendar length depends on the holidays of the
year, which the data don't give. A duration that can't be counted, is ambiguous, or disagrees with the
period's own dates is left out and reported as a field issue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta

from ocds_regency.errors import ParseError
from ocds_regency.i18n import Message
from ocds_regency.isb.parse import Duration, parse_duration
from ocds_regency.mapping._rows import Context, Row
from ocds_regency.mapping.report import Reason

__all__ = ["duration_in_days", "past_dates", "unmet_future_milestones", "work_duration"]


def _days(duration: Duration, start: dt.date | None) -> int | None:
    if duration.working_days:
        return None
    if not (duration.months or duration.years):
        return duration.days
    if start is None:
        return None
    end = start + relativedelta(years=duration.years, months=duration.months, days=duration.days)
    return (end - start).days


def duration_in_days(text: str, start: dt.date | None = None) -> int | None:
    """Calendar days of a duration text, or ``None`` when they can't be known exactly.

    "150 Hari Kalender" → 150, "2 Minggu" → 14; "6 Bulan" → ``None`` without a start date, 181 from 2 January
    2025; "20 hari kerja" (working days) and ambiguous texts → ``None``.
    """
    try:
        duration = parse_duration(text)
    except ParseError:
        return None
    return None if duration is None else _days(duration, start)


def work_duration(row: Row, field: str, text: str | None, period: dict[str, Any]) -> int | None:
    """``durationInDays`` for ``period`` from the duration ``text`` of the row's ``field``, or ``None`` with a
    field issue.

    The issue says why: not a duration, ambiguous, working days, months without a start date, or a number of
    days that disagrees with the period's start and end dates (which are published; the duration is not).
    """
    if text is None:
        return None
    start = dt.date.fromisoformat(period["startDate"][:10]) if period.get("startDate") else None
    try:
        duration = parse_duration(text)
    except ParseError as exc:
        ambiguous = exc.problem is not None and exc.problem.code == "parse.ambiguous-duration"
        code = "conversion.issue.duration-ambiguous" if ambiguous else "conversion.issue.duration-none"
        row.issue(field, text, Reason.UNPARSEABLE, Message(code))
        return None
    if duration is None:
        return None
    days = _days(duration, start)
    if days is None:
        working = bool(duration.working_days)
        row.issue(
            field,
            text,
            Reason.UNPARSEABLE,
            Message("conversion.issue.duration-working-days" if working else "conversion.issue.duration-months"),
        )
        return None
    if start is not None and period.get("endDate"):
        end = dt.date.fromisoformat(period["endDate"][:10])
        spanned = (end - start).days + 1  # the end date is the last day of work
        if days not in (spanned, spanned - 1):
            row.issue(
                field,
                text,
                Reason.INCONSISTENT,
                Message("conversion.issue.duration-differs", days=days, spanned=spanned),
            )
            return None
    return days


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
