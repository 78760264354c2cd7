"""Every code the publication report shows has a label in both languages: no raw code on report.html."""

from __future__ import annotations

from ocds_regency.i18n import LANGS
from ocds_regency.pipeline import PublishResult
from ocds_regency.reporting.texts import label


def test_every_output_and_reason_of_the_sample_has_a_label(published: PublishResult) -> None:
    report = published.report
    kinds = {output.kind for output in report.outputs}
    reasons = set(report.conversion["rejection_counts"]) | set(report.conversion["issue_counts"])
    assert {"release-package", "report-html", "flags-json"} <= kinds
    assert reasons  # the sample has rejections (superseded snapshots among them)
    for lang in LANGS:
        assert all(label("output", kind, lang) != kind for kind in kinds)
        assert all(label("reason", reason, lang) != reason for reason in reasons)


def test_report_html_shows_labels_not_codes_for_superseded_and_empty_rows(published: PublishResult) -> None:
    html = (published.location / "report.html").read_text(encoding="utf-8")
    for reason in ("superseded", "empty"):
        if reason in published.report.conversion["rejection_counts"]:
            assert f"<strong>{label('reason', reason, 'id')}</strong>" in html
            assert f"<strong>{reason}</strong>" not in html
