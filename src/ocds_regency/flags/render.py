"""The flags as HTML: the section of ``report.html`` and the standalone page of ``ocds-regency flags --format html``.

The section has, per indicator, its name, explanation and source, the number of flags, the processes assessed
and why the others could not be; the flags per satker; and the processes with the most flags, with their
evidence and a link to the process. No script, no external resource.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

import orjson

from ocds_regency.flags.model import Flag, FlagsReport
from ocds_regency.flags.texts import INDICATOR_TEXTS, Lang, reason_label, text

__all__ = ["render_page", "render_section"]

_TOP = 20


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _count(number: int, lang: Lang) -> str:
    formatted = f"{number:,}"
    return formatted.replace(",", ".") if lang == "id" else formatted


def _value(value: float) -> str:
    return f"{value:g}"


def _evidence(evidence: dict[str, Any]) -> str:
    items = "".join(
        f"<li><code>{_e(key)}</code>: {_e(value if isinstance(value, str) else orjson.dumps(value).decode())}</li>"
        for key, value in evidence.items()
    )
    return f"<ul class='evidence'>{items}</ul>"


def _indicators(report: FlagsReport, lang: Lang) -> str:
    rows = []
    for code, coverage in report.coverage.items():
        info = INDICATOR_TEXTS.get(code)
        name = info.name[lang] if info else code
        explanation = info.explanation[lang] if info else ""
        source = info.source[lang] if info else ""
        reasons = "".join(
            f"<li>{_e(reason_label(reason, lang))}: {_count(n, lang)}</li>"
            for reason, n in coverage.not_assessed.most_common()
        )
        rows.append(
            f'<tr data-indicator="{_e(code)}"><td><strong>{_e(name)}</strong> <code>{_e(code)}</code>'
            f"<br><span class='muted'>{_e(explanation)}</span><br><small>{_e(text('source', lang))}: "
            f"{_e(source)}</small></td>"
            f'<td class="num flagged">{_count(coverage.flagged, lang)}</td>'
            f'<td class="num">{_count(coverage.assessed, lang)}</td>'
            f"<td><details><summary>{_count(sum(coverage.not_assessed.values()), lang)}</summary>"
            f"<ul>{reasons}</ul></details></td></tr>"
        )
    return (
        f"<table id='flags-indicators'><thead><tr><th>{_e(text('indicator', lang))}</th>"
        f"<th class='num'>{_e(text('flagged', lang))}</th><th class='num'>{_e(text('assessed', lang))}</th>"
        f"<th>{_e(text('not_assessed', lang))}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _buyer_of(report: FlagsReport, flag: Flag) -> tuple[str, str] | None:
    if flag.group == "Buyer":
        name = flag.evidence.get("buyer.name")
        return flag.id, name if isinstance(name, str) else flag.id
    if flag.group == "OCID":
        info = report.info.get(flag.id)
        if info is not None and info.buyer_id is not None:
            return info.buyer_id, info.buyer_name or info.buyer_id
    return None


def _by_buyer(report: FlagsReport, lang: Lang) -> str:
    counts: Counter[tuple[str, str]] = Counter()
    codes: dict[tuple[str, str], Counter[str]] = {}
    for flag in report.flags:
        buyer = _buyer_of(report, flag)
        if buyer is None:
            continue
        counts[buyer] += 1
        codes.setdefault(buyer, Counter())[flag.code] += 1
    if not counts:
        return ""
    rows = "".join(
        f"<tr><td>{_e(name)}<br><code>{_e(identifier)}</code></td><td class='num'>{_count(n, lang)}</td><td>"
        + ", ".join(f"<code>{_e(code)}</code> {_count(k, lang)}" for code, k in codes[(identifier, name)].most_common())
        + "</td></tr>"
        for (identifier, name), n in counts.most_common()
    )
    return (
        f"<h3>{_e(text('by_buyer', lang))}</h3><table id='flags-by-buyer'><thead><tr>"
        f"<th>{_e(text('buyer', lang))}</th><th class='num'>{_e(text('flagged', lang))}</th>"
        f"<th>{_e(text('indicator', lang))}</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _top(report: FlagsReport, lang: Lang) -> str:
    per_process: dict[str, list[Flag]] = {}
    for flag in report.flags:
        if flag.group == "OCID":
            per_process.setdefault(flag.id, []).append(flag)
    if not per_process:
        return ""
    ranked = sorted(per_process.items(), key=lambda item: (-len(item[1]), item[0]))[:_TOP]
    rows = []
    for ocid, flags in ranked:
        info = report.info.get(ocid)
        title = info.title if info else None
        link = info.link if info else None
        heading = f"<a href='{_e(link)}' rel='nofollow'>{_e(ocid)}</a>" if link else f"<code>{_e(ocid)}</code>"
        details = "".join(
            f"<details><summary><code>{_e(f.code)}</code> "
            f"{_e(INDICATOR_TEXTS[f.code].name[lang] if f.code in INDICATOR_TEXTS else f.code)}</summary>"
            f"{_evidence(dict(f.evidence))}</details>"
            for f in flags
        )
        buyer = info.buyer_name if info else None
        rows.append(
            f"<tr data-ocid='{_e(ocid)}'><td>{heading}<br>{_e(title)}<br><span class='muted'>{_e(buyer)}</span></td>"
            f"<td class='num'>{_count(len(flags), lang)}</td><td>{details}</td></tr>"
        )
    return (
        f"<h3>{_e(text('top', lang))}</h3><table id='flags-top'><thead><tr><th>{_e(text('process', lang))}</th>"
        f"<th class='num'>{_e(text('flagged', lang))}</th><th>{_e(text('evidence', lang))}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def render_section(report: FlagsReport, lang: Lang = "id") -> str:
    """The ``<section id="flags">`` of the report, in ``lang``."""
    body = _indicators(report, lang) + _by_buyer(report, lang) + _top(report, lang)
    none = "" if report.flags else f"<p id='flags-none'>{_e(text('none', lang))}</p>"
    return (
        f"<section id='flags'><h2>{_e(text('flags', lang))}</h2><p class='muted'>{_e(text('flags_intro', lang))}</p>"
        f"{none}{body}</section>"
    )


_CSS = (
    "body{font:15px/1.5 system-ui,sans-serif;margin:24px;color:#1f2933}table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #d9dee3;vertical-align:top}"
    ".num{text-align:right}.muted{color:#52606d}code{font-size:13px}"
)


def render_page(report: FlagsReport, lang: Lang = "id") -> str:
    """A standalone HTML page with the flags section."""
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><link rel='icon' href='data:,'>"
        f"<title>{_e(text('flags', lang))}</title><style>{_CSS}</style></head><body>"
        f"{render_section(report, lang)}</body></html>\n"
    )
