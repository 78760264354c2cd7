"""The flags as HTML (a Jinja2 template): what comes from the data is escaped, in the section and the page."""

from __future__ import annotations

from collections import Counter

from ocds_regency.flags.model import Coverage, Flag, FlagsReport, ProcessInfo
from ocds_regency.flags.render import render_page, render_section

EVIL = '<script>alert("x")</script>'


def _report() -> FlagsReport:
    ocid = "ocds-zz9999-1"
    flag = Flag("R058", "OCID", ocid, 1.0, {"tender.title": EVIL, "bids": [EVIL, 2]}, (ocid,))
    info = ProcessInfo("SATKER-1", EVIL, EVIL, None, "https://lpse.contoh.go.id/x?a=1&b='q'")
    coverage = {"R058": Coverage(assessed=1_234, not_assessed=Counter({"no-bids": 2}), flagged=1)}
    return FlagsReport("default", 1, [flag], coverage, {}, {ocid: info})


def test_data_is_escaped_in_the_section_and_the_page() -> None:
    for html in (render_section(_report(), "id"), render_page(_report(), "en")):
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "href='https://lpse.contoh.go.id/x?a=1&amp;b=&#39;q&#39;'" in html  # the quote can't end the attribute


def test_counts_read_as_the_language_writes_them() -> None:
    assert '<td class="num">1.234</td>' in render_section(_report(), "id")
    assert '<td class="num">1,234</td>' in render_section(_report(), "en")
    page = render_page(_report(), "en")
    assert page.startswith("<!DOCTYPE html><html lang='en'>") and page.endswith("</html>\n")
