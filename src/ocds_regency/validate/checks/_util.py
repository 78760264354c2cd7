"""Small helpers shared by the checks: dates, amounts, safe access."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Set
from typing import Any

from ocds_regency.validate.checks import Problem

_EMPTY: Mapping[str, Any] = {}

__all__ = [
    "LEGAL_FORMS",
    "amount",
    "as_list",
    "as_map",
    "identifier_keys",
    "npwp_16",
    "order_problem",
    "organisation_name",
    "out_of_order",
    "parse_date",
    "ratio_text",
    "told_apart",
]


_ISO = dt.datetime.fromisoformat


def parse_date(value: object) -> dt.datetime | None:
    """Parse an ISO 8601 date-time (a missing time zone is taken as UTC); ``None`` if it isn't one.

    Parsed each time it is asked for, not cached: ``fromisoformat`` (C) costs about what a cache lookup did,
    and a cache's misses cost several times a parse each (the dates of generated releases are nearly all
    different; the view's dates cost 30 % of its instructions with the cache).
    """
    if type(value) is not str or len(value) < 10:
        return None
    try:
        moment = _ISO(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def out_of_order(earlier: object, later: object) -> bool | None:
    """Whether the date-time ``later`` is before ``earlier``; ``None`` unless both are date-times."""
    first, second = parse_date(earlier), parse_date(later)
    if first is None or second is None:
        return None
    return second < first


def order_problem(path: str, earlier: str, earlier_value: object, later: str, later_value: object) -> Problem:
    """The problem of two dates out of order: ``later`` (at ``path``) is before ``earlier``."""
    params = {"earlier": earlier, "earlier_date": earlier_value, "later": later, "later_date": later_value}
    return Problem(path, later_value, params)


def ratio_text(value: float) -> str:
    """A ratio as a percentage for a message (``1.5`` -> ``"150%"``)."""
    return f"{value:.0%}"


def as_map(value: object) -> Mapping[str, Any]:
    """``value`` if it is an object, else an empty one."""
    return value if type(value) is dict else _EMPTY


def as_list(value: object) -> list[Any]:
    """``value`` if it is an array, else an empty one."""
    return value if type(value) is list else []


def amount(value: object) -> tuple[float, object] | None:
    """``(amount, currency)`` of an OCDS Value object whose amount is a number, else ``None``."""
    if type(value) is not dict and not isinstance(value, dict):
        return None
    number = value.get("amount")
    if type(number) is float or type(number) is int:  # the exact types first: JSON numbers are those
        return float(number), value.get("currency")
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        return None
    return float(number), value.get("currency")


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
