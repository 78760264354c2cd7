"""A standalone HTML page for a :class:`~ocds_regency.validate.findings.Report` (no external resources)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import jinja2

from ocds_regency.i18n import Lang, children, template
from ocds_regency.validate.messages import severity_of, title_for

if TYPE_CHECKING:
    from ocds_regency.validate.findings import Report

__all__ = ["render_html"]


def _words(lang: str) -> dict[str, str]:
    """The words of the page in ``lang`` (English for an unknown language), as templates, from the catalog."""
    chosen: Lang = "id" if lang == "id" else "en"
    return {word: template(f"validation.page.{word}", chosen) for word in children("validation", "page")}


_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}.ok{color:#176c2e}.bad{color:#a4161a}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}code{font-size:.9em;word-break:break-all}
.error{color:#a4161a}.warning{color:#9a6700}.information{color:#0b5cad}details{margin:.4rem 0}
summary{cursor:pointer;font-weight:600}
"""


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("ocds_regency.validate", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["pyrepr"] = repr
    return environment.get_template("validation.html.j2")


def render_html(report: Report, lang: Lang = "en", examples: int = 20) -> str:
    """Render ``report`` as one self-contained HTML page in ``lang`` (a Jinja2 template, autoescaped)."""
    return _template().render(
        report=report,
        lang=lang,
        w=_words(lang),
        style=_STYLE,
        totals=report.severity_counts,
        severities=("error", "warning", "information"),
        groups=report.by_code(),
        examples=examples,
        severity_of=severity_of,
        title_for=title_for,
    )
