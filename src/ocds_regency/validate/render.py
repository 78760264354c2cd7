"""Plain-text rendering of a :class:`~ocds_regency.validate.findings.Report`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ocds_regency.validate.messages import severity_of, title_for

if TYPE_CHECKING:
    from ocds_regency.validate.findings import Lang, Report

__all__ = ["render_text"]

_WORDS = {
    "en": {
        "valid": "VALID",
        "invalid": "INVALID",
        "error": "error",
        "warning": "warning",
        "information": "information",
        "releases": "releases",
        "records": "records",
        "extensions": "extensions",
        "none": "none",
        "more": "… and {n} more",
        "checks": "Data-quality checks (passed / failed / not applicable)",
        "nothing": "No problems found.",
    },
    "id": {
        "valid": "SAH",
        "invalid": "TIDAK SAH",
        "error": "galat",
        "warning": "peringatan",
        "information": "informasi",
        "releases": "rilis",
        "records": "rekaman",
        "extensions": "ekstensi",
        "none": "tidak ada",
        "more": "… dan {n} lainnya",
        "checks": "Pemeriksaan kualitas data (lulus / gagal / tidak berlaku)",
        "nothing": "Tidak ditemukan masalah.",
    },
}


def render_text(report: Report, lang: Lang = "en", examples: int = 5) -> str:
    """A readable summary: verdict, counts per severity, then each code with a few example places."""
    words = _WORDS.get(lang, _WORDS["en"])
    totals = report.severity_counts
    verdict = words["valid"] if report.ok else words["invalid"]
    size = (
        f"{report.records} {words['records']}"
        if report.kind in ("record package", "records")
        else f"{report.releases} {words['releases']}"
    )
    lines = [
        f"{report.source}: {verdict} ({report.kind}, {size}; "
        + ", ".join(f"{totals[s]} {words[s]}" for s in ("error", "warning", "information"))
        + ")",
        f"  {words['extensions']}: {', '.join(report.extensions) or words['none']}",
    ]
    groups = report.by_code()
    if not groups:
        lines.append(words["nothing"])
    for code, findings in groups.items():
        count = report.counts[code]
        lines.append("")
        lines.append(f"[{words[severity_of(code)]}] {code} — {title_for(code, lang)} ×{count}")
        for finding in findings[:examples]:
            where = finding.path or "/"
            value = "" if finding.value is None else f" = {finding.value!r}"
            lines.append(f"    {where}{value}: {finding.message(lang)}")
        if count > min(examples, len(findings)):
            lines.append(f"    {words['more'].format(n=count - min(examples, len(findings)))}")
    if report.checks:
        lines.append("")
        lines.append(words["checks"] + ":")
        for code, tally in sorted(report.checks.items()):
            lines.append(f"    {code:<30} {tally.passed:>7} / {tally.failed:>7} / {tally.not_applicable:>7}")
    return "\n".join(lines)
