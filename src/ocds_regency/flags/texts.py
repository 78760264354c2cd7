"""Names, explanations and sources of every indicator, and the reasons a process could not be assessed,
in English and Bahasa Indonesia.

The wording is neutral: an indicator shows a process is worth a second look, never that something wrong
happened. The texts are kept in the message catalog (:mod:`ocds_regency.i18n`, ``flags.toml``); a test checks
that every indicator and every reason code has both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ocds_regency.i18n import CATALOG, Lang, children
from ocds_regency.i18n import text as render

__all__ = ["INDICATOR_TEXTS", "REASONS", "TEXTS", "IndicatorText", "reason_label", "text"]


@dataclass(frozen=True)
class IndicatorText:
    """What an indicator looks at and where it comes from, per language."""

    name: Mapping[str, str]
    explanation: Mapping[str, str]
    source: Mapping[str, str]


def _indicator(code: str) -> IndicatorText:
    entry = f"flags.indicator.{code}"
    return IndicatorText(
        dict(CATALOG[f"{entry}.name"]), dict(CATALOG[f"{entry}.explanation"]), dict(CATALOG[f"{entry}.source"])
    )


#: Every indicator's texts, by code.
INDICATOR_TEXTS: dict[str, IndicatorText] = {code: _indicator(code) for code in children("flags", "indicator")}

#: Why a process could not be assessed, by reason code.
REASONS: dict[str, dict[str, str]] = {
    code: dict(CATALOG[f"flags.reason.{code}"]) for code in children("flags", "reason")
}

#: Texts of the flags section of the report and the flags page.
TEXTS: dict[str, dict[str, str]] = {key: dict(CATALOG[f"flags.text.{key}"]) for key in children("flags", "text")}


def text(key: str, lang: Lang) -> str:
    """The text ``key`` of the flags section in ``lang``."""
    return render(f"flags.text.{key}", lang)


def reason_label(code: str, lang: Lang) -> str:
    """The label of a not-assessed reason (the code itself when unknown)."""
    entry = REASONS.get(code)
    return entry[lang] if entry else code
