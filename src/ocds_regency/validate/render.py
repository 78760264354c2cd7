"""Plain-text rendering of a :class:`~ocds_regency.validate.findings.Report`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ocds_regency._words import count_of
from ocds_regency.i18n import Lang, children, template
from ocds_regency.validate.messages import severity_of, title_for

if TYPE_CHECKING:
    from ocds_regency.validate.findings import Finding, Report

__all__ = ["render_text"]


def _words(lang: str) -> dict[str, str]:
    """The words of the text report in ``lang`` (English for an unknown language), from the catalog."""
    chosen: Lang = "id" if lang == "id" else "en"
    return {word: template(f"validation.word.{word}", chosen) for word in children("validation", "word")}


def _plural(count: int, word: str, lang: Lang) -> str:
    if lang == "id":  # Indonesian nouns don't change for the plural
        return f"{count:,} {word}".replace(",", ".")
    return count_of(count, word)


def _place(finding: Finding, lang: Lang) -> str:
    """Where a finding is: its ocid and release id (when known), then its JSON Pointer."""
    parts = []
    if finding.ocid is not None:
        parts.append(f"ocid {finding.ocid}")
    if finding.release_id is not None:
        parts.append(f"{_words(lang)['release']} {finding.release_id}")
    where = finding.path or "/"
    return f"[{', '.join(parts)}] {where}" if parts else where


def render_text(report: Report, lang: Lang = "en", examples: int = 5, *, verbose: bool = False) -> str:
    """A readable summary: verdict, counts per severity, then each code with a few example places (each
    naming its ocid and release id); with ``verbose``, the tally of each data-quality check."""
    words = _words(lang)
    totals = report.severity_counts
    verdict = words["valid"] if report.ok else words["invalid"]
    if report.kind in ("record package", "records"):
        size = _plural(report.records, words["record"], lang)
    else:
        size = _plural(report.releases, words["release"], lang)
    lines = [
        f"{report.source}: {verdict} ({words.get(report.kind, report.kind)}, {size}; "
        + ", ".join(_plural(totals[s], words[s], lang) for s in ("error", "warning", "information"))
        + ")",
        f"  {words['extensions']}: {', '.join(report.extensions) or words['none']}",
    ]
    groups = report.by_code()
    if not groups:
        lines.append(words["nothing"])
    for code, findings in groups.items():
        count = report.counts[code]
        lines.append("")
        lines.append(f"[{words[severity_of(code)]}] {code} — {title_for(code, lang)} ×{count:,}")
        for finding in findings[:examples]:
            value = "" if finding.value is None else f" = {finding.value!r}"
            lines.append(f"    {_place(finding, lang)}{value}: {finding.message(lang)}")
        if count > min(examples, len(findings)):
            lines.append(f"    {words['more'].format(n=count - min(examples, len(findings)))}")
    if report.checks and verbose:
        lines.append("")
        lines.append(words["checks"] + ":")
        for code, tally in sorted(report.checks.items()):
            lines.append(f"    {code:<30} {tally.passed:>7} / {tally.failed:>7} / {tally.not_applicable:>7}")
    return "\n".join(lines)
