"""A standalone HTML page for a :class:`~ocds_regency.validate.findings.Report` (no external resources)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ocds_regency.validate.messages import severity_of, title_for

if TYPE_CHECKING:
    from ocds_regency.validate.findings import Lang, Report

__all__ = ["render_html"]

_WORDS = {
    "en": {
        "title": "OCDS validation report",
        "valid": "Valid",
        "invalid": "Invalid",
        "code": "Code",
        "severity": "Severity",
        "count": "Count",
        "path": "Path",
        "value": "Value",
        "message": "Message",
        "checks": "Data-quality checks",
        "passed": "passed",
        "failed": "failed",
        "na": "not applicable",
        "shown": "showing {shown} of {count}",
        "error": "error",
        "warning": "warning",
        "information": "information",
        "nothing": "No problems found.",
    },
    "id": {
        "title": "Laporan validasi OCDS",
        "valid": "Sah",
        "invalid": "Tidak sah",
        "code": "Kode",
        "severity": "Tingkat",
        "count": "Jumlah",
        "path": "Lokasi",
        "value": "Nilai",
        "message": "Pesan",
        "checks": "Pemeriksaan kualitas data",
        "passed": "lulus",
        "failed": "gagal",
        "na": "tidak berlaku",
        "shown": "menampilkan {shown} dari {count}",
        "error": "kesalahan",
        "warning": "peringatan",
        "information": "informasi",
        "nothing": "Tidak ditemukan masalah.",
    },
}

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}.ok{color:#176c2e}.bad{color:#a4161a}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}code{font-size:.9em;word-break:break-all}
.error{color:#a4161a}.warning{color:#9a6700}.information{color:#0b5cad}details{margin:.4rem 0}
summary{cursor:pointer;font-weight:600}
"""


def render_html(report: Report, lang: Lang = "en", examples: int = 20) -> str:
    """Render ``report`` as one self-contained HTML page in ``lang``."""
    w = _WORDS.get(lang, _WORDS["en"])
    totals = report.severity_counts
    verdict = f'<span class="ok">{w["valid"]}</span>' if report.ok else f'<span class="bad">{w["invalid"]}</span>'
    parts = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{escape(w['title'])}: {escape(report.source)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(w['title'])}: <code>{escape(report.source)}</code> — {verdict}</h1>",
        f"<p>{escape(report.kind)} · {report.releases} releases · {report.records} records · "
        + " · ".join(f'<span class="{s}">{totals[s]} {w[s]}</span>' for s in ("error", "warning", "information"))
        + "</p>",
    ]
    groups = report.by_code()
    if not groups:
        parts.append(f"<p>{escape(w['nothing'])}</p>")
    else:
        parts.append(f"<table><tr><th>{w['severity']}</th><th>{w['code']}</th><th>{w['count']}</th></tr>")
        for code in groups:
            severity = severity_of(code)
            parts.append(
                f'<tr><td class="{severity}">{w[severity]}</td><td><a href="#{escape(code)}">{escape(code)}</a> '
                f"{escape(title_for(code, lang))}</td><td>{report.counts[code]}</td></tr>"
            )
        parts.append("</table>")
        for code, findings in groups.items():
            shown = findings[:examples]
            note = escape(w["shown"].format(shown=len(shown), count=report.counts[code]))
            parts.append(
                f'<details id="{escape(code)}" open><summary class="{severity_of(code)}">{escape(code)} — '
                f"{escape(title_for(code, lang))} ({note})"
                f"</summary><table><tr><th>{w['path']}</th><th>{w['value']}</th><th>{w['message']}</th></tr>"
            )
            for finding in shown:
                value = "" if finding.value is None else escape(repr(finding.value))
                parts.append(
                    f"<tr><td><code>{escape(finding.path or '/')}</code></td><td><code>{value}</code></td>"
                    f"<td>{escape(finding.message(lang))}</td></tr>"
                )
            parts.append("</table></details>")
    if report.checks:
        parts.append(
            f"<h2>{escape(w['checks'])}</h2><table><tr><th>{w['code']}</th><th>{w['passed']}</th>"
            f"<th>{w['failed']}</th><th>{w['na']}</th></tr>"
        )
        for code, tally in sorted(report.checks.items()):
            parts.append(
                f"<tr><td>{escape(code)} {escape(title_for(code, lang))}</td><td>{tally.passed}</td>"
                f"<td>{tally.failed}</td><td>{tally.not_applicable}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)
