"""The publication report: what a conversion did, what validation found, and what the data says.

:class:`PublishReport` gathers the conversion's row accounting, the validation findings of every package
published and summary figures computed from the compiled releases (:class:`FiguresBuilder`). It is
written as ``report.json`` (:meth:`PublishReport.to_dict`) and as a standalone ``report.html`` with inline
SVG charts (:func:`render_html`), in Bahasa Indonesia by default or in English.

Example:
    >>> from ocds_regency.reporting import FiguresBuilder
    >>> figures = FiguresBuilder().add_all([{"ocid": "ocds-x-1", "tender": {"status": "complete"}}]).build()
    >>> figures.processes, figures.by_status
    (1, {'complete': 1})
"""

from __future__ import annotations

from ocds_regency.reporting.html import render_html
from ocds_regency.reporting.model import (
    APART_KINDS,
    STAGES,
    VALUE_BANDS,
    VALUE_KINDS,
    ExampleFinding,
    Figures,
    FiguresBuilder,
    FindingGroup,
    OutputFile,
    ProcessFigures,
    PublishReport,
    ValidationSummary,
    ValueStats,
    latest_stage,
)
from ocds_regency.reporting.texts import LANGS, Lang

__all__ = [
    "APART_KINDS",
    "LANGS",
    "STAGES",
    "VALUE_BANDS",
    "VALUE_KINDS",
    "ExampleFinding",
    "Figures",
    "FiguresBuilder",
    "FindingGroup",
    "Lang",
    "OutputFile",
    "ProcessFigures",
    "PublishReport",
    "ValidationSummary",
    "ValueStats",
    "latest_stage",
    "render_html",
]
