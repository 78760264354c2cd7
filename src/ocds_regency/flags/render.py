"""The flags as HTML: the section of ``report.html`` and the standalone page of ``ocds-regency flags --format html``.

The section has, per indicator, its name, explanation and source, the number of flags, the processes assessed
and why the others could not be; the flags per satker; and the processes with the most flags, with their
evidence and a link to the process. No script, no external resource.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

import jinja2
import orjson
from markupsafe import Markup

from ocds_regency.flags.model import Flag, FlagsReport
from ocds_regency.flags.texts import INDICATOR_TEXTS, reason_label, text
from ocds_regency.i18n import Lang

__all__ = ["render_page", "render_section"]

_TOP = 20


def _count(number: int, lang: Lang) -> str:
    # Imported here: the reporting package imports this module (its report embeds the flags section).
    from ocds_regency.reporting.texts import format_count

    return format_count(number, lang)


def _evidence(evidence: dict[str, Any]) -> list[tuple[str, str]]:
    return [(key, value if isinstance(value, str) else orjson.dumps(value).decode()) for key, value in evidence.items()]


def _indicators(report: FlagsReport, lang: Lang) -> list[dict[str, Any]]:
    rows = []
    for code, coverage in report.coverage.items():
        info = INDICATOR_TEXTS.get(code)
        rows.append(
            {
                "code": code,
                "name": info.name[lang] if info else code,
                "explanation": info.explanation[lang] if info else "",
                "source": info.source[lang] if info else "",
                "flagged": coverage.flagged,
                "assessed": coverage.assessed,
                "not_assessed": sum(coverage.not_assessed.values()),
                "reasons": [(reason_label(reason, lang), n) for reason, n in coverage.not_assessed.most_common()],
            }
        )
    return rows


def _buyer_of(report: FlagsReport, flag: Flag) -> tuple[str, str] | None:
    if flag.group == "Buyer":
        name = flag.evidence.get("buyer.name")
        return flag.id, name if isinstance(name, str) else flag.id
    if flag.group == "OCID":
        info = report.info.get(flag.id)
        if info is not None and info.buyer_id is not None:
            return info.buyer_id, info.buyer_name or info.buyer_id
    return None


def _by_buyer(report: FlagsReport) -> list[dict[str, Any]]:
    counts: Counter[tuple[str, str]] = Counter()
    codes: dict[tuple[str, str], Counter[str]] = {}
    for flag in report.flags:
        buyer = _buyer_of(report, flag)
        if buyer is None:
            continue
        counts[buyer] += 1
        codes.setdefault(buyer, Counter())[flag.code] += 1
    return [
        {"identifier": identifier, "name": name, "flags": n, "codes": codes[(identifier, name)].most_common()}
        for (identifier, name), n in counts.most_common()
    ]


def _top(report: FlagsReport, lang: Lang) -> list[dict[str, Any]]:
    per_process: dict[str, list[Flag]] = {}
    for flag in report.flags:
        if flag.group == "OCID":
            per_process.setdefault(flag.id, []).append(flag)
    ranked = sorted(per_process.items(), key=lambda item: (-len(item[1]), item[0]))[:_TOP]
    rows = []
    for ocid, flags in ranked:
        info = report.info.get(ocid)
        rows.append(
            {
                "ocid": ocid,
                "link": info.link if info else None,
                "title": info.title if info else None,
                "buyer": info.buyer_name if info else None,
                "flags": [
                    {
                        "code": f.code,
                        "name": INDICATOR_TEXTS[f.code].name[lang] if f.code in INDICATOR_TEXTS else f.code,
                        "evidence": _evidence(dict(f.evidence)),
                    }
                    for f in flags
                ],
            }
        )
    return rows


_CSS = (
    "body{font:15px/1.5 system-ui,sans-serif;margin:24px;color:#1f2933}table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #d9dee3;vertical-align:top}"
    ".num{text-align:right}.muted{color:#52606d}code{font-size:13px}"
)


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("ocds_regency.flags", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=lambda value: "" if value is None else value,  # an absent value shows as nothing, not "None"
    )
    return environment.get_template("flags.html.j2")


def _context(report: FlagsReport, lang: Lang) -> dict[str, Any]:
    return {
        "lang": lang,
        "t": lambda key: text(key, lang),
        "count": lambda number: _count(number, lang),
        "css": Markup(_CSS),
        "any_flags": bool(report.flags),
        "indicators": _indicators(report, lang),
        "buyers": _by_buyer(report),
        "top": _top(report, lang),
    }


def render_section(report: FlagsReport, lang: Lang = "id") -> str:
    """The ``<section id="flags">`` of the report, in ``lang`` (the macro ``section`` of ``flags.html.j2``)."""
    macros: Any = _template().make_module(_context(report, lang))
    return str(macros.section())


def render_page(report: FlagsReport, lang: Lang = "id") -> str:
    """A standalone HTML page with the flags section (the template ``flags/templates/flags.html.j2``)."""
    return _template().render(_context(report, lang)) + "\n"
