"""Finding codes: severity, title and message in English and Bahasa Indonesia.

Every code a validator can emit is registered in :data:`CODES`, built from the message catalog
(:mod:`ocds_regency.i18n`, ``validation.toml``); a test enforces that each one has a title and a message
in both languages. Messages are :meth:`str.format` templates filled from the
finding's ``params``; a missing parameter shows as ``?`` rather than failing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ocds_regency._words import count_of
from ocds_regency.i18n import CATALOG, LANGS, Message, attribute, children
from ocds_regency.i18n import text as render

__all__ = ["CODES", "LANGS", "REASONS", "CodeInfo", "message_for", "severity_of", "title_for"]


@dataclass(frozen=True)
class CodeInfo:
    """What a finding code means.

    Attributes:
        severity: ``"error"``, ``"warning"`` or ``"information"``.
        title: short name of the problem per language.
        message: message template per language.
    """

    severity: Literal["error", "warning", "information"]
    title: Mapping[str, str]
    message: Mapping[str, str]


def _info(code: str) -> CodeInfo:
    entry = f"validation.code.{code}"
    severity = attribute(entry, "severity")
    if severity not in ("error", "warning", "information"):  # pragma: no cover - a test checks the catalog
        raise ValueError(f"{entry}: unknown severity {severity!r}")
    return CodeInfo(severity, dict(CATALOG[f"{entry}.title"]), dict(CATALOG[f"{entry}.message"]))  # type: ignore[arg-type]


#: Every finding code, by family: ``schema.*`` (JSON Schema), ``codelist.*``, ``ocds.*`` (OCDS rules the
#: schema can't express), ``quality.*`` (data-quality checks on compiled releases), ``id.*`` (Indonesian rules).
#: The texts and severities are kept in the message catalog (:mod:`ocds_regency.i18n`, ``validation.toml``).
CODES: dict[str, CodeInfo] = {code: _info(code) for code in children("validation", "code")}

#: Reasons used as the ``reason`` parameter, translated when a message is rendered.
REASONS: dict[str, Mapping[str, str]] = {
    reason: dict(CATALOG[f"validation.reason.{reason}"]) for reason in children("validation", "reason")
}


def severity_of(code: str) -> Literal["error", "warning", "information"]:
    """The severity registered for ``code``.

    Raises:
        KeyError: unknown code.
    """
    return CODES[code].severity


def title_for(code: str, lang: str = "en") -> str:
    """The short title of ``code`` in ``lang`` (English if the language is unknown)."""
    info = CODES[code]
    return info.title.get(lang, info.title["en"])


#: Message parameters that are amounts of money (written exactly, as Rupiah: ``Rp 990.000.000`` in id).
AMOUNT_PARAMS = frozenset({"hps", "pagu", "contract", "total"})


def _amount(value: object, lang: str, currency: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return value
    from ocds_regency.reporting.texts import format_idr

    text = format_idr(value, "id" if lang == "id" else "en")
    if isinstance(currency, str) and currency and currency != "IDR":
        text = f"{currency} {text.split(' ', 1)[1]}"
    return text


def message_for(code: str, lang: str = "en", params: Mapping[str, object] | None = None) -> str:
    """The message of ``code`` in ``lang``, filled with ``params`` (amounts written exactly, as Rupiah)."""
    if code not in CODES:
        raise KeyError(code)
    values = dict(params or {})
    for key in AMOUNT_PARAMS & values.keys():
        values[key] = _amount(values[key], lang, values.get("currency"))
    reason = values.get("reason")
    if isinstance(reason, str) and reason in REASONS:
        values["reason"] = Message(f"validation.reason.{reason}")
    text = render(f"validation.code.{code}.message", "id" if lang == "id" else "en", **values)
    # "1 day(s)" -> "1 day", "3 day(s)" -> "3 days"
    return _COUNTED.sub(lambda m: count_of(int(m.group(1)), m.group(2)), text)


#: A count followed by a word with an optional plural: ``3 day(s)``.
_COUNTED = re.compile(r"\b(\d+) (\w+)\(s\)")
