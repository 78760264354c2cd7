"""Small helpers shared by the checks: dates, amounts, safe access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

_EMPTY: Mapping[str, Any] = {}

__all__ = ["amount", "as_list", "as_map", "caching", "memo", "parse_date", "values_with_paths"]

# While run_checks() runs the checks of one release, helpers shared by several checks (the release's
# periods, documents, dated fields, resolved references) are computed once: see caching() and memo().
_memo_release: list[Any] = [None]
_memo: dict[str, Any] = {}
_active = [False]


class caching:  # noqa: N801 - a context manager, named like contextlib's helpers
    """Within this context, :func:`memo` reuses results computed for the same release object."""

    def __enter__(self) -> None:
        _active[0] = True

    def __exit__(self, *exc: object) -> None:
        _active[0] = False
        _memo_release[0] = None
        _memo.clear()


def memo(release: Mapping[str, Any], name: str, compute: Callable[[Mapping[str, Any]], Any]) -> Any:
    """``compute(release)``, reused for the same release inside :class:`caching`."""
    if not _active[0]:
        return compute(release)
    if _memo_release[0] is not release:
        _memo_release[0] = release
        _memo.clear()
    if name not in _memo:
        _memo[name] = compute(release)
    return _memo[name]


#: Parsed dates by their text (a bounded cache shared by every check: dates repeat a lot).
_DATES: dict[str, dt.datetime | None] = {}
_DATES_MAX = 65536


def parse_date(value: object) -> dt.datetime | None:
    """Parse an ISO 8601 date-time (a missing time zone is taken as UTC); ``None`` if it isn't one."""
    if type(value) is not str:
        return None
    try:
        return _DATES[value]
    except KeyError:
        pass
    moment: dt.datetime | None = None
    if len(value) >= 10:
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
    if len(_DATES) >= _DATES_MAX:
        _DATES.clear()
    _DATES[value] = moment
    return moment


def as_map(value: object) -> Mapping[str, Any]:
    """``value`` if it is an object, else an empty one."""
    return value if type(value) is dict else _EMPTY


def as_list(value: object) -> list[Any]:
    """``value`` if it is an array, else an empty one."""
    return value if type(value) is list else []


def amount(value: object) -> tuple[float, object] | None:
    """``(amount, currency)`` of an OCDS Value object whose amount is a number, else ``None``."""
    if not isinstance(value, dict):
        return None
    number = value.get("amount")
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        return None
    return float(number), value.get("currency")


def values_with_paths(release: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield ``(pointer, Value object)`` for the release's main amounts."""
    planning = as_map(release.get("planning"))
    budget = as_map(planning.get("budget"))
    if isinstance(budget.get("amount"), dict):
        yield "/planning/budget/amount", budget["amount"]
    tender = as_map(release.get("tender"))
    for key in ("value", "minValue"):
        if isinstance(tender.get(key), dict):
            yield f"/tender/{key}", tender[key]
    for i, award in enumerate(as_list(release.get("awards"))):
        if isinstance(award, dict) and isinstance(award.get("value"), dict):
            yield f"/awards/{i}/value", award["value"]
    for i, contract in enumerate(as_list(release.get("contracts"))):
        if not isinstance(contract, dict):
            continue
        if isinstance(contract.get("value"), dict):
            yield f"/contracts/{i}/value", contract["value"]
        implementation = as_map(contract.get("implementation"))
        for t, tx in enumerate(as_list(implementation.get("transactions"))):
            if isinstance(tx, dict) and isinstance(tx.get("value"), dict):
                yield f"/contracts/{i}/implementation/transactions/{t}/value", tx["value"]
