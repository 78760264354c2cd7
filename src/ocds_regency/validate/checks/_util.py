"""Small helpers shared by the checks: dates, amounts, safe access."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Set
from typing import Any

_EMPTY: Mapping[str, Any] = {}

__all__ = [
    "LEGAL_FORMS",
    "amount",
    "as_list",
    "as_map",
    "caching",
    "identifier_keys",
    "memo",
    "npwp_16",
    "organisation_name",
    "parse_date",
    "told_apart",
    "values_with_paths",
]

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


class _DateCache(dict[object, "dt.datetime | None"]):
    """Parsed dates by their value, parsed on first lookup (``None`` for anything but a date-time)."""

    limit = 65536

    def __missing__(self, value: object) -> dt.datetime | None:
        moment: dt.datetime | None = None
        if type(value) is str and len(value) >= 10:
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                moment = None
            if moment is not None and moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
        if len(self) >= self.limit:
            self.clear()
        self[value] = moment
        return moment


#: A bounded cache shared by every check: dates repeat a lot, and a lookup is cheaper than a parse.
_DATES = _DateCache()


def parse_date(value: object) -> dt.datetime | None:
    """Parse an ISO 8601 date-time (a missing time zone is taken as UTC); ``None`` if it isn't one."""
    try:
        return _DATES[value]
    except TypeError:  # unhashable: not a date
        return None


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


#: Legal-form tokens set aside when names of organisations are compared ("CV. Maju" is "Maju").
LEGAL_FORMS = frozenset({"pt", "cv", "ud", "pd", "fa", "firma", "tbk", "persero", "perum"})
_WORD = re.compile(r"[^\W_]+")
_NOT_DIGIT = re.compile(r"[^0-9]")


def organisation_name(name: object) -> str | None:
    """The name of an organisation for comparison: case-folded words without punctuation or legal form.

    ``"CV. ARATA SAGARA"``, ``"Arata Sagara, CV"`` and ``"C.V. Arata-Sagara"`` all give
    ``"arata sagara"``; ``None`` when nothing is left (no name, or only a legal form).
    """
    if type(name) is not str:
        return None
    return _organisation_name(name)


@functools.lru_cache(maxsize=65536)  # supplier names repeat across a publication's releases
def _organisation_name(name: str) -> str | None:
    words: list[str] = []
    letters = ""  # a run of single letters ("P.T." -> "pt")
    for word in _WORD.findall(name.casefold()):
        if len(word) == 1:
            letters += word
            continue
        if letters:
            words.append(letters)
            letters = ""
        words.append(word)
    if letters:
        words.append(letters)
    kept = [word for word in words if word not in LEGAL_FORMS]
    return " ".join(kept) or None


def npwp_16(value: object) -> str | None:
    """An NPWP as 16 digits (punctuation dropped, a 15-digit NPWP gets a leading 0); ``None`` if no digits."""
    if type(value) is int:
        value = str(value)
    if type(value) is not str:
        return None
    digits = _NOT_DIGIT.sub("", value)
    if len(digits) == 15:
        digits = "0" + digits
    return digits if digits.strip("0") else None


def identifier_keys(party: Mapping[str, Any]) -> set[tuple[str, str]]:
    """``(scheme, id)`` of each identifier of a party (``identifier`` and ``additionalIdentifiers``).

    NPWPs (scheme ``ID-DJP``) are read with :func:`npwp_16`, so every written form of one NPWP gives
    one key; other ids are compared as text without surrounding spaces.
    """
    found: set[tuple[str, str]] = set()
    for identifier in (party.get("identifier"), *as_list(party.get("additionalIdentifiers"))):
        if type(identifier) is not dict:
            continue
        scheme, ident = identifier.get("scheme"), identifier.get("id")
        if type(scheme) is not str:
            continue
        if scheme == "ID-DJP":
            key = npwp_16(ident)
        else:
            key = str(ident).strip() if type(ident) in (str, int) else None
        if key:
            found.add((scheme, key))
    return found


def told_apart(first: Set[tuple[str, str]], second: Set[tuple[str, str]]) -> bool:
    """Two sets of :func:`identifier_keys` name different organisations: a scheme with different ids in each."""
    if not first or not second:
        return False
    if len(first) == 1 and len(second) == 1:  # the usual case: one identifier each
        ((scheme, ident),), ((other_scheme, other_ident),) = first, second
        return scheme == other_scheme and ident != other_ident
    schemes = {scheme for scheme, _ in first} & {scheme for scheme, _ in second}
    return any(
        {ident for s, ident in first if s == scheme}.isdisjoint({ident for s, ident in second if s == scheme})
        for scheme in schemes
    )
