"""Render a :class:`~ocds_regency.reporting.model.PublishReport` as one standalone HTML page.

The page has no script and no external resource (styles inline, charts as inline SVG, an empty data-URL
favicon so the browser requests nothing), so it opens offline from a USB stick or an e-mail attachment.
Bahasa Indonesia is the default language; ``lang="en"`` gives English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from ocds_regency.flags.render import render_section as render_flags
from ocds_regency.reporting.model import (
    APART_KINDS,
    IMPLAUSIBLE_FACTOR,
    VALUE_BANDS,
    VALUE_KINDS,
    Figures,
    PublishReport,
)
from ocds_regency.reporting.svg import bar_chart, grouped_histogram
from ocds_regency.reporting.texts import (
    LANGS,
    Lang,
    format_count,
    format_datetime,
    format_idr,
    format_idr_short,
    format_percent,
    label,
    text,
)

__all__ = ["render_html"]

_EXAMPLES = 5
_LISTED_PROCESSES = 20

_CSS = """
:root{--ink:#1f2933;--muted:#52606d;--line:#d9dee3;--bg:#f5f7fa;--ok:#0b7a43;--bad:#b42318;--warn:#a15c07}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#0b3d5c;color:#fff;padding:24px 32px}
header h1{margin:0 0 4px;font-size:24px}
header p{margin:0;opacity:.9}
header dl{display:flex;flex-wrap:wrap;gap:4px 28px;margin:14px 0 0}
header dt{font-size:12px;text-transform:uppercase;letter-spacing:.04em;opacity:.8}
header dd{margin:0;font-weight:600}
main{max-width:1100px;margin:0 auto;padding:8px 24px 40px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 22px;margin:18px 0}
h2{font-size:19px;margin:0 0 10px}
h3{font-size:16px;margin:18px 0 6px}
.badge{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;background:#fff}
.badge.ok{color:var(--ok)}.badge.bad{color:var(--bad)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .figure{font-size:24px;font-weight:700}
.card .label{color:var(--muted);font-size:13px}
.card.error .figure{color:var(--bad)}.card.warning .figure{color:var(--warn)}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:8px 28px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--bg);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
svg.chart{max-width:560px;display:block}
#chart-by_buyer svg.chart{max-width:760px}
#values svg.chart{max-width:860px}
header code{background:rgba(255,255,255,.18);color:#fff}
code{font-size:13px;background:var(--bg);padding:1px 4px;border-radius:3px;word-break:break-all}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:var(--warn);font-weight:600}
.sev-information{color:var(--muted)}
details{margin:2px 0}summary{cursor:pointer;color:#0b3d5c}
.muted{color:var(--muted)}
ul.evidence{margin:4px 0;padding-left:18px;font-size:13px}
ul.blocking{color:var(--bad)}
footer{max-width:1100px;margin:0 auto;padding:0 24px 32px;color:var(--muted);font-size:13px}
"""


def _band_labels(lang: Lang) -> list[str]:
    labels: list[str] = []
    lower: Decimal | None = None
    for bound in VALUE_BANDS:
        upper = _short_plain(bound, lang)
        labels.append(f"< {upper}" if lower is None else f"{_short_plain(lower, lang)}–{upper}")
        lower = bound
    assert lower is not None
    labels.append(f"≥ {_short_plain(lower, lang)}")
    return labels


def _short_plain(amount: Decimal, lang: Lang) -> str:
    return format_idr_short(amount, lang).replace("Rp ", "").replace("IDR ", "")


@dataclass(frozen=True, slots=True)
class _BudgetTotal:
    budget: Decimal
    pagu: Decimal
    share: Decimal | None


def _budget_total(figures: Figures) -> _BudgetTotal:
    """The total row compares like with like: the units that have a procurement budget (their share is known)."""
    budgeted = [b for b in figures.budgets if b.share is not None]
    budget = sum((b.procurement or Decimal(0) for b in budgeted), Decimal(0))
    pagu = sum((b.pagu for b in budgeted), Decimal(0))
    return _BudgetTotal(budget, pagu, pagu / budget if budget > 0 else None)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("ocds_regency.reporting", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=lambda value: "" if value is None else value,  # an absent value shows as nothing, not "None"
        keep_trailing_newline=True,
    )


def _context(lang: Lang) -> dict[str, Any]:
    """What the templates use besides the report: texts, labels and numbers in ``lang``."""

    def money(amount: Decimal | None) -> str:
        return "–" if amount is None else format_idr(amount, lang)

    def chart(key: str, counts: Mapping[str | None, int], kind: str, width: int) -> Markup:
        items = [(label(kind, code, lang), n) for code, n in counts.items()]
        return Markup(  # svg.py escapes every text it puts in the chart
            bar_chart(
                items,
                width=width,
                label_width=width * 2 // 5,
                title=text(key, lang),
                value_label=text("chart_processes", lang),
                format_value=lambda n: format_count(int(n), lang),
            )
        )

    return {
        "lang": lang,
        "t": lambda key, **params: text(key, lang, **params),
        "l": lambda kind, code: label(kind, code, lang),
        "count": lambda number: format_count(number, lang),
        "money": money,
        "short": lambda amount: format_idr_short(amount, lang),
        "percent": lambda share: format_percent(share, lang),
        "when": lambda value: format_datetime(value, lang),
        "bar_chart": chart,
        "budget_total": _budget_total,
        "apart_shown": lambda figures: any(figures.apart[kind].count for kind in APART_KINDS),
        "with_status": lambda processes, status: [p for p in processes if p.get("status") == status],
        "factor": format(IMPLAUSIBLE_FACTOR, "f"),
        "value_kinds": VALUE_KINDS,
        "apart_kinds": APART_KINDS,
        "examples": _EXAMPLES,
        "listed": _LISTED_PROCESSES,
    }


def _parts(lang: Lang) -> Any:
    """The macros of ``report_parts.html.j2`` bound to ``lang`` (for rendering one part, e.g. in tests)."""
    return _environment().get_template("report_parts.html.j2").make_module(_context(lang))


def render_html(report: PublishReport, lang: Lang = "id") -> str:
    """Render ``report`` as a standalone HTML page in Bahasa Indonesia (``"id"``) or English (``"en"``).

    The page is the Jinja2 template ``reporting/templates/report.html.j2`` (autoescaped) and its parts.

    Args:
        report: the publication report.
        lang: ``"id"`` (default) or ``"en"``.

    Returns:
        The whole HTML document.

    Raises:
        ValueError: ``lang`` is not one of ``"id"``, ``"en"``.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    figures = report.figures
    totals = report.totals
    sev = report.validation.severities
    values = figures.values
    short = format_idr_short
    cards = [
        ("processes", format_count(figures.processes, lang), ""),
        ("releases", format_count(figures.releases, lang), ""),
        ("rows_read", format_count(totals["read"], lang), ""),
        ("rows_used", format_count(totals["used"], lang), ""),
        ("rows_rejected", format_count(totals["rejected"], lang), ""),
        ("rows_duplicate", format_count(totals["duplicate"], lang), ""),
        ("rows_uncited", format_count(totals["uncited"], lang), ""),
        ("total_pagu", short(values["pagu"].total, lang), ""),
        ("total_hps", short(values["hps"].total, lang), ""),
        ("total_contract", short(values["contract"].total, lang), ""),
        ("errors", format_count(sev.get("error", 0), lang), "error" if sev.get("error") else ""),
        ("warnings", format_count(sev.get("warning", 0), lang), "warning" if sev.get("warning") else ""),
    ]
    methods = figures.by_method_details if any(k is not None for k in figures.by_method_details) else figures.by_method
    by_stage: dict[str | None, int] = {key: n for key, n in figures.by_stage.items()}  # noqa: C416 - widens the key
    charts = [
        ("by_stage", by_stage, "stage"),
        ("by_status", figures.by_status, "status"),
        ("by_method", methods, "method"),
        ("by_category", figures.by_category, "category"),
    ]
    histogram = grouped_histogram(
        _band_labels(lang),
        [(text(kind, lang), values[kind].bands) for kind in VALUE_KINDS],
        title=f"{text('values', lang)}: {text('band', lang)}",
        value_label=text("chart_processes", lang),
    )
    flags = render_flags(report.flags, lang) if report.flags is not None else ""
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            _context(lang),
            report=report,
            figures=figures,
            css=Markup(_CSS),
            cards=cards,
            charts=charts,
            histogram=Markup(histogram),  # svg.py escapes every text it puts in the chart
            rejections=report.rejections_by_reason(),
            issues=report.issues_by_reason(),
            withheld=report.conversion.get("withheld") or {},
            flags=Markup(flags),  # flags/render.py escapes every value it writes
        )
    )
