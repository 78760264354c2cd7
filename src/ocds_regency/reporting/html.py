"""Render a :class:`~ocds_regency.reporting.model.PublishReport` as one standalone HTML page.

The page has no script and no external resource (styles inline, charts as inline SVG, an empty data-URL
favicon so the browser requests nothing), so it opens offline from a USB stick or an e-mail attachment.
Bahasa Indonesia is the default language; ``lang="en"`` gives English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from html import escape
from typing import Any

from ocds_regency.flags.render import render_section as render_flags
from ocds_regency.reporting.model import (
    APART_KINDS,
    IMPLAUSIBLE_FACTOR,
    VALUE_BANDS,
    VALUE_KINDS,
    Figures,
    PublishReport,
    ValueStats,
)
from ocds_regency.reporting.svg import bar_chart, grouped_histogram
from ocds_regency.reporting.texts import (
    LANGS,
    Lang,
    format_count,
    format_datetime,
    format_idr,
    format_idr_short,
    label,
    text,
)

__all__ = ["render_html"]

_EXAMPLES = 5

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


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _band_labels(lang: Lang) -> list[str]:
    labels: list[str] = []
    lower: Decimal | None = None
    for bound in VALUE_BANDS:
        upper = format_idr_short(bound, lang).replace("Rp ", "").replace("IDR ", "")
        labels.append(f"< {upper}" if lower is None else f"{_short_plain(lower, lang)}–{upper}")
        lower = bound
    assert lower is not None
    labels.append(f"≥ {_short_plain(lower, lang)}")
    return labels


def _short_plain(amount: Decimal, lang: Lang) -> str:
    return format_idr_short(amount, lang).replace("Rp ", "").replace("IDR ", "")


def _optional_keys(counts: Mapping[str, int]) -> dict[str | None, int]:
    return {key: value for key, value in counts.items()}  # noqa: C416 - widens the key type


def _card(key: str, figure: str, lang: Lang, css: str = "") -> str:
    return (
        f'<div class="card {css}" data-figure="{key}"><div class="figure" id="fig-{key}">{_e(figure)}</div>'
        f'<div class="label">{_e(text(key, lang))}</div></div>'
    )


def _counts_chart(title_key: str, counts: Mapping[str | None, int], kind: str, lang: Lang, width: int = 560) -> str:
    items = [(label(kind, code, lang), n) for code, n in counts.items()]
    chart = bar_chart(
        items,
        width=width,
        label_width=width * 2 // 5,
        title=text(title_key, lang),
        value_label=text("chart_processes", lang),
        format_value=lambda n: format_count(int(n), lang),
    )
    return f'<div class="chart-box" id="chart-{title_key}"><h3>{_e(text(title_key, lang))}</h3>{chart}</div>'


def _value_table(values: Mapping[str, ValueStats], lang: Lang, kinds: Iterable[str] = VALUE_KINDS) -> str:
    head = "".join(
        f'<th class="num">{_e(text(k, lang))}</th>' for k in ("count", "total", "median", "minimum", "maximum")
    )
    rows = []
    factor = format(IMPLAUSIBLE_FACTOR, "f")
    for kind in kinds:
        stats = values[kind]

        def money(amount: Decimal | None) -> str:
            return "–" if amount is None else format_idr(amount, lang)

        rows.append(
            f'<tr data-value="{kind}"><th>{_e(text(kind, lang, factor=factor))}</th>'
            f'<td class="num">{format_count(stats.count, lang)}</td>'
            f'<td class="num">{money(stats.total if stats.count else None)}</td>'
            f'<td class="num">{money(stats.median)}</td>'
            f'<td class="num">{money(stats.minimum)}</td><td class="num">{money(stats.maximum)}</td></tr>'
        )
    return f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _how_computed(figures: Figures, lang: Lang) -> str:
    """How each total is computed, and the values kept out of them."""
    factor = format(IMPLAUSIBLE_FACTOR, "f")
    processes = format_count(figures.pagu_processes, lang)
    notes = "".join(
        f'<li id="how-{kind}">{_e(text(f"how_{kind}", lang, processes=processes, factor=factor))}</li>'
        for kind in VALUE_KINDS
    )
    apart = ""
    if any(figures.apart[kind].count for kind in APART_KINDS):
        apart = f"<h3 id='apart'>{_e(text('apart', lang))}</h3>{_value_table(figures.apart, lang, APART_KINDS)}"
    return f"<ul class='how'>{notes}</ul>{apart}"


def _percent(share: Decimal | None, lang: Lang) -> str:
    if share is None:
        return "–"
    figure = f"{share * 100:.1f}"
    return f"{figure.replace('.', ',') if lang == 'id' else figure} %"


def _budgets(figures: Figures, lang: Lang) -> str:
    """Each buyer's procurement budget (RUP-StrukturAnggaranPD) beside the pagu published for it."""
    if not figures.budgets:
        return ""

    def money(amount: Decimal | None) -> str:
        return "–" if amount is None else format_idr(amount, lang)

    keys = (
        "budget_procurement", "budget_capital", "budget_operating", "budget_pagu", "budget_processes", "budget_share"
    )
    head = "".join(f'<th class="num">{_e(text(k, lang))}</th>' for k in keys)
    rows = "".join(
        f'<tr data-buyer="{_e(b.buyer)}"><td>{_e(b.name or b.buyer)}<br><code>{_e(b.code or "")}</code></td>'
        f'<td class="num">{money(b.procurement)}</td><td class="num">{money(b.capital)}</td>'
        f'<td class="num">{money(b.operating)}</td><td class="num">{money(b.pagu)}</td>'
        f'<td class="num">{format_count(b.processes, lang)}</td><td class="num">{_percent(b.share, lang)}</td></tr>'
        for b in figures.budgets
    )
    # The total compares like with like: the units that have a procurement budget (their share is known).
    budgeted = [b for b in figures.budgets if b.share is not None]
    budget = sum((b.procurement or Decimal(0) for b in budgeted), Decimal(0))
    pagu = sum((b.pagu for b in budgeted), Decimal(0))
    total = (
        f"<tfoot><tr><th>{_e(text('budget_total', lang))}</th><td class='num'>{money(budget)}</td><td></td><td></td>"
        f"<td class='num'>{money(pagu)}</td><td></td>"
        f"<td class='num'>{_percent(pagu / budget if budget > 0 else None, lang)}</td></tr></tfoot>"
    )
    return (
        f"<section id='budgets'><h2>{_e(text('budgets', lang))}</h2><p class='muted'>"
        f"{_e(text('budgets_intro', lang))}</p><table id='budget-coverage'><thead><tr>"
        f"<th>{_e(text('budget_unit', lang))}</th>{head}</tr></thead><tbody>{rows}</tbody>{total}</table></section>"
    )


def _findings(report: PublishReport, lang: Lang) -> str:
    groups = report.validation.groups
    if not groups:
        return f'<p id="findings-none">{_e(text("findings_none", lang))}</p>'
    rows = []
    for group in groups[:25]:
        examples = "".join(
            f"<li><code>{_e(ex.source)}</code> <code>{_e(ex.path or '/')}</code>"
            + (f" <span class='muted'>{_e(ex.ocid)}</span>" if ex.ocid else "")
            + f" — {_e(ex.message.get(lang) or ex.message.get('en', ''))}</li>"
            for ex in group.examples[:_EXAMPLES]
        )
        more = group.count - min(len(group.examples), _EXAMPLES)
        if more > 0:
            examples += f"<li class='muted'>{_e(text('more', lang, n=format_count(more, lang)))}</li>"
        rows.append(
            f'<tr data-code="{_e(group.code)}"><td class="sev-{_e(group.severity)}">'
            f"{_e(label('severity', group.severity, lang))}"
            f"</td><td><strong>{_e(group.title.get(lang) or group.code)}</strong><br><code>{_e(group.code)}</code>"
            f"<details><summary>{_e(text('examples', lang))}</summary><ul>{examples}</ul></details></td>"
            f'<td class="num">{format_count(group.count, lang)}</td></tr>'
        )
    return (
        f"<table><thead><tr><th>{_e(text('severity', lang))}</th><th>{_e(text('code', lang))}</th>"
        f'<th class="num">{_e(text("count", lang))}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _rows_by_reason(
    groups: Mapping[str, list[dict[str, Any]]], lang: Lang, *, fields: bool, counts: Mapping[str, int] | None = None
) -> str:
    rows = []
    for reason, items in groups.items():
        total = (counts or {}).get(reason, len(items))  # the examples are a sample; the count is complete
        examples = "".join(
            f"<li><code>{_e(item.get('source'))}</code> {_e(item.get('position'))}"
            + (f" <code>{_e(item.get('field'))}</code> = <code>{_e(item.get('value'))}</code>" if fields else "")
            + f" — {_e((lang == 'id' and item.get('message_id')) or item.get('message'))}</li>"
            for item in items[:_EXAMPLES]
        )
        if total > _EXAMPLES:
            examples += f"<li class='muted'>{_e(text('more', lang, n=format_count(total - _EXAMPLES, lang)))}</li>"
        rows.append(
            f'<tr data-reason="{_e(reason)}"><td><strong>{_e(label("reason", reason, lang))}</strong><br>'
            f"<code>{_e(reason)}</code><details><summary>{_e(text('examples', lang))}</summary><ul>{examples}</ul>"
            f'</details></td><td class="num">{format_count(total, lang)}</td></tr>'
        )
    return (
        f"<table><thead><tr><th>{_e(text('reason', lang))}</th><th class='num'>{_e(text('rows', lang))}</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _accounting(files: Iterable[Mapping[str, Any]], lang: Lang) -> str:
    keys = ("read", "used", "rejected", "duplicate", "uncited")
    head = "".join(f'<th class="num">{_e(text(k if k != "rejected" else "rejected_col", lang))}</th>' for k in keys)
    rows = "".join(
        f"<tr><td><code>{_e(f.get('source', ''))}</code></td>"  # whole (relative) name: 2024/x.json, 2025/x.json
        f"<td>{_e(f.get('dataset') or text('unknown', lang))}</td>"
        + "".join(f'<td class="num">{format_count(int(f.get(k, 0)), lang)}</td>' for k in keys)
        + "</tr>"
        for f in files
    )
    return (
        f"<table id='accounting'><thead><tr><th>{_e(text('file', lang))}</th><th>{_e(text('dataset', lang))}</th>"
        f"{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


_LISTED_PROCESSES = 20


def _changes(changes: Mapping[str, Any] | None, lang: Lang) -> str:
    """The "changes since the last publication" block of the first screen (empty without a store)."""
    if changes is None:
        return ""
    first = changes.get("previous_seen") is None
    intro = text("changes_first", lang) if first else text("changes_since", lang, seen=changes["previous_seen"])
    cards = "".join(
        (
            _card("changes_new", format_count(int(changes.get("new", 0)), lang), lang),
            _card("changes_changed", format_count(int(changes.get("changed", 0)), lang), lang),
            _card("changes_unchanged", format_count(int(changes.get("unchanged", 0)), lang), lang),
            _card("changes_gone", format_count(int(changes.get("gone", 0)), lang), lang),
            _card("changes_new_releases", format_count(int(changes.get("new_releases", 0)), lang), lang),
        )
    )
    lists = []
    processes = changes.get("processes", [])
    for status in () if first else ("changed", "gone", "new"):
        chosen = [p for p in processes if p.get("status") == status]
        if not chosen:
            continue
        items = []
        for process in chosen[:_LISTED_PROCESSES]:
            stages = ", ".join(label("stage", s, lang) for s in process.get("stages", []))
            detail = "".join(f"<li>{_e(line)}</li>" for line in process.get("changes", []))
            items.append(
                f"<li><code>{_e(process['ocid'])}</code>{f' — {_e(stages)}' if stages else ''}"
                + (f"<ul>{detail}</ul>" if detail else "")
                + "</li>"
            )
        if len(chosen) > _LISTED_PROCESSES:
            more = format_count(len(chosen) - _LISTED_PROCESSES, lang)
            items.append(f"<li>{_e(text('changes_more', lang, n=more))}</li>")
        note = f"<p class='muted'>{_e(text('changes_gone_note', lang))}</p>" if status == "gone" else ""
        lists.append(
            f"<details id='changes-{status}'{' open' if status == 'changed' else ''}><summary>"
            f"{_e(text('changes_' + status, lang))} ({format_count(len(chosen), lang)})</summary>{note}"
            f"<ul>{''.join(items)}</ul></details>"
        )
    return (
        f"<h3>{_e(text('changes', lang))}</h3><p class='muted'>{_e(intro)}</p>"
        f"<div class='cards' id='changes'>{cards}</div>{''.join(lists)}"
    )


def render_html(report: PublishReport, lang: Lang = "id") -> str:
    """Render ``report`` as a standalone HTML page in Bahasa Indonesia (``"id"``) or English (``"en"``).

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
    status = (
        f'<span class="badge ok" id="status">{_e(text("status_ok", lang))}</span>'
        if report.published
        else f'<span class="badge bad" id="status">{_e(text("status_blocked", lang))}</span>'
    )
    blocking = (
        "<ul class='blocking'>" + "".join(f"<li>{_e(reason)}</li>" for reason in report.blocking) + "</ul>"
        if report.blocking
        else ""
    )
    values = figures.values
    cards = "".join(
        (
            _card("processes", format_count(figures.processes, lang), lang),
            _card("releases", format_count(figures.releases, lang), lang),
            _card("rows_read", format_count(totals["read"], lang), lang),
            _card("rows_used", format_count(totals["used"], lang), lang),
            _card("rows_rejected", format_count(totals["rejected"], lang), lang),
            _card("rows_duplicate", format_count(totals["duplicate"], lang), lang),
            _card("rows_uncited", format_count(totals["uncited"], lang), lang),
            _card("total_pagu", format_idr_short(values["pagu"].total, lang), lang),
            _card("total_hps", format_idr_short(values["hps"].total, lang), lang),
            _card("total_contract", format_idr_short(values["contract"].total, lang), lang),
            _card("errors", format_count(sev.get("error", 0), lang), lang, "error" if sev.get("error") else ""),
            _card("warnings", format_count(sev.get("warning", 0), lang), lang, "warning" if sev.get("warning") else ""),
        )
    )
    methods = figures.by_method_details if any(k is not None for k in figures.by_method_details) else figures.by_method
    charts = "".join(
        (
            _counts_chart("by_stage", _optional_keys(figures.by_stage), "stage", lang),
            _counts_chart("by_status", figures.by_status, "status", lang),
            _counts_chart("by_method", methods, "method", lang),
            _counts_chart("by_category", figures.by_category, "category", lang),
        )
    )
    buyers = _counts_chart("by_buyer", figures.by_buyer, "buyer", lang, width=760) if figures.by_buyer else ""
    histogram = grouped_histogram(
        _band_labels(lang),
        [(text(kind, lang), values[kind].bands) for kind in VALUE_KINDS],
        title=f"{text('values', lang)}: {text('band', lang)}",
        value_label=text("chart_processes", lang),
    )
    rejections = report.rejections_by_reason()
    rejected = (
        _rows_by_reason(rejections, lang, fields=False, counts=report.reason_counts("rejection"))
        if rejections
        else f"<p id='rejected-none'>{_e(text('rejected_none', lang))}</p>"
    )
    issues = report.issues_by_reason()
    issues_html = (
        f"<section id='issues'><h2>{_e(text('issues', lang))}</h2><p class='muted'>{_e(text('issues_intro', lang))}</p>"
        f"{_rows_by_reason(issues, lang, fields=True, counts=report.reason_counts('issue'))}</section>"
        if issues
        else ""
    )
    published = (
        f'<time datetime="{_e(report.published_date)}">{_e(format_datetime(report.published_date, lang))}</time>'
    )
    withheld = report.conversion.get("withheld") or {}
    withheld_html = (
        f"<h3>{_e(text('withheld', lang))}</h3><ul>"
        + "".join(
            f"<li>{_e(label('personal', k, lang))} (<code>{_e(k)}</code>): {format_count(int(v), lang)}</li>"
            for k, v in withheld.items()
        )
        + "</ul>"
        if withheld
        else ""
    )
    outputs = "".join(
        f'<li><a href="{_e(o.name)}">{_e(o.name)}</a> — {_e(label("output", o.kind, lang))}'
        + (f" ({format_count(o.items, lang)})" if o.items else "")
        + "</li>"
        for o in report.outputs
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ocds-regency {_e(report.version)}">
<link rel="icon" href="data:,">
<title>{_e(text("title", lang))} — {_e(report.publisher)}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{_e(text("title", lang))}</h1>
<p>{_e(text("subtitle", lang))}</p>
<dl>
<div><dt>{_e(text("publisher", lang))}</dt><dd id="publisher">{_e(report.publisher)}</dd></div>
<div><dt>{_e(text("prefix", lang))}</dt><dd><code>{_e(report.prefix)}</code></dd></div>
<div><dt>{_e(text("published", lang))}</dt><dd>{published}</dd></div>
<div><dt>{_e(text("status", lang))}</dt><dd>{status}</dd></div>
</dl>
</header>
<main>
<section id="summary"><h2>{_e(text("summary", lang))}</h2>{blocking}<div class="cards">{cards}</div>
{_changes(report.changes, lang)}
{f"<h3>{_e(text('outputs', lang))}</h3><ul id='outputs'>{outputs}</ul>" if outputs else ""}</section>
<section id="processes"><h2>{_e(text("processes", lang))}</h2><div class="grid2">{charts}</div>{buyers}</section>
<section id="values"><h2>{_e(text("values", lang))}</h2><p class="muted">{_e(text("values_intro", lang))}</p>
{_value_table(values, lang)}{_how_computed(figures, lang)}<h3>{_e(text("band", lang))}</h3>{histogram}</section>
{_budgets(figures, lang)}
<section id="findings"><h2>{_e(text("findings", lang))}</h2><p class="muted">{_e(text("findings_intro", lang))}</p>
{_findings(report, lang)}</section>
<section id="rejected"><h2>{_e(text("rejected", lang))}</h2><p class="muted">{_e(text("rejected_intro", lang))}</p>
{rejected}<h3>{_e(text("accounting", lang))}</h3>{_accounting(report.conversion.get("files", []), lang)}
{withheld_html}</section>
{issues_html}
{render_flags(report.flags, lang) if report.flags is not None else ""}
</main>
<footer>{_e(text("footer", lang, version=report.version))}</footer>
</body>
</html>
"""
