"""Texts of the publication report in Bahasa Indonesia (``"id"``, the default) and English (``"en"``).

The texts, and the labels for OCDS codes (stages, tender statuses, methods, categories) and for the
conversion's reason codes, are kept in the message catalog (:mod:`ocds_regency.i18n`, ``report.toml``); a
test checks that every code the report can show has a label, so a reader of the HTML page never sees a bare
code without a translation. The number and date formats are here.
"""

from __future__ import annotations

from decimal import Decimal

from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_compact_decimal, format_decimal
from babel.numbers import format_percent as babel_format_percent

from ocds_regency.i18n import CATALOG, LANGS, Lang
from ocds_regency.i18n import text as render

__all__ = [
    "LANGS",
    "Lang",
    "format_count",
    "format_datetime",
    "format_idr",
    "format_idr_short",
    "format_percent",
    "label",
    "text",
]


def text(key: str, lang: Lang, **params: object) -> str:
    """The report text ``key`` (``report.text.<key>`` of the message catalog) in ``lang``, with ``{params}``
    filled in."""
    return render(f"report.text.{key}", lang, **params)


def label(kind: str, code: str | None, lang: Lang) -> str:
    """A human label for an OCDS or reason ``code`` of ``kind`` (``report.label.<kind>.<code>`` of the message
    catalog); unknown codes are returned as they are."""
    if code is None:
        return render("report.text.unknown", lang)
    entry = CATALOG.get(f"report.label.{kind}.{code}")
    return entry[lang] if entry else code


#: The Babel locale of each language, for numbers.
_LOCALES: dict[Lang, str] = {"id": "id_ID", "en": "en"}


def format_count(number: int, lang: Lang) -> str:
    """An integer with the thousands separator of ``lang`` (``1.234`` in id, ``1,234`` in en; Babel)."""
    return str(format_decimal(number, format="#,##0", locale=_LOCALES[lang]))


#: Indonesia's time zones by UTC offset in hours.
_ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}


#: The Babel pattern of a date and time in each language: ``1 Desember 2026, 19.27`` / ``1 December 2026, 19:27``.
_DATETIME_PATTERNS: dict[Lang, str] = {"id": "d MMMM y, HH.mm", "en": "d MMMM y, HH:mm"}


def format_datetime(value: str, lang: Lang) -> str:
    """A timestamp as people read it: ``1 Desember 2026, 19.27 WIB`` (id) or ``1 December 2026, 19:27 WIB``
    (en), in Indonesian local time (WIB unless the timestamp has the WITA or WIT offset); text that is not
    a timestamp is returned as it is. Month names and digits come from Babel."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        return value
    offset = moment.utcoffset()
    hours = int(offset.total_seconds() // 3600) if offset is not None else 0
    if hours not in _ZONES:
        hours = 7
    local = moment.astimezone(dt.timezone(dt.timedelta(hours=hours)))
    shown = babel_format_datetime(local, _DATETIME_PATTERNS[lang], tzinfo=local.tzinfo, locale=_LOCALES[lang])
    return f"{shown} {_ZONES[hours]}"


def format_percent(share: Decimal | float | None, lang: Lang) -> str:
    """A share as a percentage with one decimal, as ``lang`` writes it: ``12,3%`` (id), ``12.3%`` (en);
    ``–`` when there is none (Babel)."""
    if share is None:
        return "–"
    return str(babel_format_percent(share, format="#,##0.0%", locale=_LOCALES[lang]))


def format_idr(amount: Decimal | int | float, lang: Lang) -> str:
    """A full rupiah amount, exact: ``Rp 1.234.567,50`` (id) or ``IDR 1,234,567.50`` (en); the fraction
    only when there is one (every digit of it). Digits are grouped by Babel for the language."""
    value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    whole = value == value.to_integral_value()
    places = 0 if whole else max(2, -int(value.normalize().as_tuple().exponent))
    pattern = "#,##0" + ("." + "0" * places if places else "")
    body = format_decimal(value, format=pattern, locale=_LOCALES[lang])
    return f"Rp {body}" if lang == "id" else f"IDR {body}"


def format_idr_short(amount: Decimal | int, lang: Lang) -> str:
    """An abbreviated rupiah amount, three significant digits in the short form of the language (Babel,
    CLDR): ``Rp 4,85 M`` (miliar), ``Rp 250 jt``, ``Rp 12,5 rb`` in id; ``IDR 4.85B``, ``IDR 250M`` in en.
    Below a thousand, the full amount."""
    value = Decimal(amount)
    if abs(value) < 1000:
        return format_idr(value, lang)
    whole_digits = (len(str(int(abs(value)))) - 1) % 3 + 1  # before the decimal sign once scaled: 1 to 3
    body = format_compact_decimal(value, format_type="short", locale=_LOCALES[lang], fraction_digits=3 - whole_digits)
    return f"Rp {body}" if lang == "id" else f"IDR {body}"
