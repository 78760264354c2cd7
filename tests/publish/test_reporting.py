"""The report model, figures, texts and the HTML page (without a browser)."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.reporting import (
    STAGES,
    VALUE_BANDS,
    Figures,
    FiguresBuilder,
    OutputFile,
    PublishReport,
    ValidationSummary,
    latest_stage,
    render_html,
)
from ocds_regency.reporting.svg import bar_chart, grouped_histogram
from ocds_regency.reporting.texts import format_count, format_idr, format_idr_short, label, text
from ocds_regency.validate import validate


@pytest.mark.parametrize(
    ("amount", "lang", "expected"),
    [
        (Decimal("1234567890"), "id", "Rp 1.234.567.890"),
        (Decimal("1234567890"), "en", "IDR 1,234,567,890"),
        (Decimal("999995334.78"), "id", "Rp 999.995.334,78"),
        (Decimal("999995334.78"), "en", "IDR 999,995,334.78"),
        (0, "id", "Rp 0"),
    ],
)
def test_format_idr(amount: Decimal, lang: Any, expected: str) -> None:
    assert format_idr(amount, lang) == expected


@pytest.mark.parametrize(
    ("amount", "lang", "expected"),
    [
        # CLDR's short forms (Babel), a no-break space before the Indonesian unit: three significant digits
        (4_850_000_000, "id", "Rp 4,85\u00a0M"),
        (4_850_000_000, "en", "IDR 4.85B"),
        (100_000_000, "id", "Rp 100\u00a0jt"),  # trailing zeros of whole numbers are kept
        (200_000_000, "en", "IDR 200M"),
        (35_537_100_000, "id", "Rp 35,5\u00a0M"),
        (2_000_000_000_000, "id", "Rp 2\u00a0T"),
        (12_500, "id", "Rp 12,5\u00a0rb"),
        (999_999, "id", "Rp 1\u00a0jt"),  # rounded up to the next unit, not "1.000 rb"
        (950, "id", "Rp 950"),
    ],
)
def test_format_idr_short(amount: int, lang: Any, expected: str) -> None:
    assert format_idr_short(amount, lang) == expected


def test_format_count_and_labels() -> None:
    assert format_count(1234567, "id") == "1.234.567"
    assert format_count(1234567, "en") == "1,234,567"
    assert label("status", "unsuccessful", "id") == "Gagal"
    assert label("category", "works", "en") == "Works"
    assert label("method", "something-new", "id") == "something-new"  # unknown codes shown as they are
    assert label("status", None, "en") == "(unknown)"
    assert text("more", "id", n=3) == "dan 3 lainnya"


@pytest.mark.parametrize(
    ("release", "stage"),
    [
        ({}, "planning"),
        ({"tender": {"status": "planned"}}, "planning"),
        ({"tender": {"status": "active"}}, "tender"),
        ({"tender": {"status": "complete"}, "awards": [{"id": "1"}]}, "award"),
        ({"awards": [{"id": "1"}], "contracts": [{"id": "c"}]}, "contract"),
        ({"contracts": [{"id": "c", "implementation": {"transactions": [{"id": "t"}]}}]}, "implementation"),
        ({"contracts": [{"id": "c", "implementation": {"milestones": [{"id": "m"}]}}]}, "implementation"),
        ({"contracts": [{"id": "c", "implementation": {}}]}, "contract"),
    ],
)
def test_latest_stage(release: dict[str, Any], stage: str) -> None:
    assert latest_stage(release) == stage


def _release(pagu: int | None = None, hps: Any = None, contracts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    release: dict[str, Any] = {"ocid": "ocds-zz9999-x", "tender": {"status": "active"}}
    if pagu is not None:
        release["planning"] = {"budget": {"amount": {"amount": pagu, "currency": "IDR"}}}
    if hps is not None:
        release["tender"]["value"] = hps
    if contracts is not None:
        release["contracts"] = contracts
    return release


def test_figures_values_bands_median_and_exclusions() -> None:
    builder = FiguresBuilder()
    builder.add(_release(pagu=5_000_000, hps={"amount": Decimal("4999999.50"), "currency": "IDR"}))
    builder.add(_release(pagu=300_000_000, hps={"amount": 10, "currency": "USD"}))  # not IDR: not summed
    builder.add(
        _release(
            pagu=30_000_000_000,
            contracts=[
                {"id": "a", "value": {"amount": 100_000_000, "currency": "IDR"}},
                {"id": "b", "status": "cancelled", "value": {"amount": 999, "currency": "IDR"}},
                {"id": "c", "value": {"amount": 50_000_000, "currency": "IDR"}},
            ],
        )
    )
    figures = builder.build(releases=7)
    assert figures.processes == 3 and figures.releases == 7
    pagu = figures.values["pagu"]
    assert pagu.count == 3
    assert pagu.total == Decimal(30_305_000_000)
    assert pagu.median == Decimal(300_000_000)
    assert pagu.bands == [1, 0, 0, 1, 0, 0, 1]
    hps = figures.values["hps"]
    assert (hps.count, hps.total) == (1, Decimal("4999999.50"))
    assert figures.other_currency == 1
    contract = figures.values["contract"]
    assert (contract.count, contract.total) == (1, Decimal(150_000_000))  # cancelled contract left out
    assert contract.bands[2] == 1  # 150 jt is in the 50 jt – 200 jt band
    assert figures.by_stage == {"planning": 0, "tender": 2, "award": 0, "contract": 1, "implementation": 0}
    data = figures.to_dict()
    assert data["values"]["hps"]["total"] == "4999999.50"
    assert data["values"]["pagu"]["bands"][-1] == {"below": None, "count": 1}


def test_even_median_and_buyer_top_ten() -> None:
    builder = FiguresBuilder()
    for i in range(12):
        release = _release(pagu=(i + 1) * 1_000_000)
        release["buyer"] = {"name": f"Dinas {i % 11}"}
        builder.add(release)
    figures = builder.build()
    assert figures.values["pagu"].median == Decimal("6500000")
    assert len(figures.by_buyer) == 10
    assert next(iter(figures.by_buyer.items())) == ("Dinas 0", 2)


amounts = st.integers(min_value=0, max_value=10**14)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(amounts, st.sampled_from(STAGES), st.booleans()), max_size=40))
def test_figures_properties(items: list[tuple[int, str, bool]]) -> None:
    builder = FiguresBuilder()
    for amount, stage, with_pagu in items:
        release: dict[str, Any] = {"ocid": "x"}
        if with_pagu:
            release["planning"] = {"budget": {"amount": {"amount": amount, "currency": "IDR"}}}
        if stage != "planning":
            release["tender"] = {"status": "active"}
        if stage in ("award", "contract", "implementation"):
            release["awards"] = [{"id": "a"}]
        if stage in ("contract", "implementation"):
            impl = {"transactions": [{"id": "t"}]} if stage == "implementation" else {}
            release["contracts"] = [{"id": "c", "implementation": impl}]
        builder.add(release)
    figures = builder.build()
    assert figures.processes == len(items)
    assert sum(figures.by_stage.values()) == len(items)
    for stage in STAGES:
        assert figures.by_stage[stage] == sum(1 for _, s, _ in items if s == stage)
    pagu = [a for a, _, with_pagu in items if with_pagu]
    stats = figures.values["pagu"]
    assert stats.count == len(pagu) == sum(stats.bands)
    assert stats.total == sum(pagu)
    if pagu:
        assert stats.minimum == min(pagu) and stats.maximum == max(pagu)
        assert stats.minimum is not None and stats.maximum is not None and stats.median is not None
        assert stats.minimum <= stats.median <= stats.maximum
        for amount in pagu:
            band = sum(1 for bound in VALUE_BANDS if amount >= bound)
            assert stats.bands[band] >= 1


def _package(ocid: str) -> dict[str, Any]:
    return {
        "uri": "https://example.org/p.json",
        "publishedDate": "2025-01-01T00:00:00Z",
        "version": "1.1",
        "publisher": {"name": "X"},
        "releases": [
            {
                "ocid": ocid,
                "id": "1",
                "date": "2025-01-01T00:00:00+07:00",
                "tag": ["planning"],
                "initiationType": "tender",
            }
        ],
    }


def test_validation_summary_merges_files_and_keeps_both_languages() -> None:
    summary = ValidationSummary()
    bad = validate(_package("bad-ocid-1"), quality=False, name="a.json")
    good = validate(_package("ocds-zz9999-1"), quality=False, name="b.json")
    summary.add("a.json", bad)
    summary.add("b.json", good)
    summary.add("c.json", bad)
    assert not summary.ok
    assert summary.files == {"a.json": False, "b.json": True, "c.json": False}
    group = next(g for g in summary.groups if g.code == "ocds.ocid_prefix")
    assert group.severity == "error"
    assert group.count == 2 * bad.counts["ocds.ocid_prefix"]
    assert group.title["en"] == "Bad ocid prefix" and group.title["id"] == "Prefiks ocid salah"
    assert group.examples[0].source == "a.json" and group.examples[0].path.startswith("/releases/0")
    assert group.examples[0].message["id"] != group.examples[0].message["en"]
    assert summary.severities["error"] == 2 * bad.severity_counts["error"]
    severities = [g.severity for g in summary.groups]
    assert severities == sorted(severities, key=["error", "warning", "information"].index)


def _report(**changes: Any) -> PublishReport:
    builder = FiguresBuilder()
    builder.add(_release(pagu=250_000_000, hps={"amount": 240_000_000, "currency": "IDR"}))
    values: dict[str, Any] = {
        "published": True,
        "publisher": "Pemerintah Kabupaten Contoh",
        "prefix": "ocds-zz9999",
        "published_date": "2025-11-04T08:00:00Z",
        "version": "9.9",
        "figures": builder.build(releases=3),
        "conversion": {
            "totals": {"read": 12, "used": 9, "rejected": 2, "duplicate": 1},
            "files": [
                {
                    "source": "d/SPSE-PesertaTender.json",
                    "dataset": "SPSE-PesertaTender",
                    "read": 12,
                    "used": 9,
                    "rejected": 2,
                    "duplicate": 1,
                }
            ],
            "rejections": [
                {"source": "d/x.json", "position": "row 3", "dataset": None, "reason": "orphan", "message": "m1"},
                {"source": "d/x.json", "position": "row 4", "dataset": None, "reason": "orphan", "message": "m2"},
                {"source": "d/x.json", "position": "row 5", "dataset": None, "reason": "duplicate", "message": "m3"},
            ],
            "issues": [
                {
                    "source": "d/y.json",
                    "position": "row 1",
                    "dataset": "D",
                    "field": "nilai_realisasi",
                    "value": "3.8OO.OOO",
                    "reason": "unparseable",
                    "message": "not an amount",
                }
            ],
            "withheld": {"nip": 4},
        },
        "validation": ValidationSummary(),
        "outputs": (OutputFile("release-package.json", "release-package", 10, 3),),
    }
    values.update(changes)
    return PublishReport(**values)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, str] = {}
        self.urls: list[str] = []
        self.scripts = 0
        self._current: str | None = None
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for name in ("src", "href"):
            if attributes.get(name):
                self.urls.append(str(attributes[name]))
        self._current = attributes.get("id")
        if self._current:
            self.ids[self._current] = ""

    def handle_data(self, data: str) -> None:
        if self._current:
            self.ids[self._current] += data

    def handle_endtag(self, tag: str) -> None:
        self._current = None


@pytest.mark.parametrize("lang", ["id", "en"])
def test_html_is_standalone_and_shows_the_figures(lang: Any) -> None:
    page = render_html(_report(), lang)
    parser = _Collector()
    parser.feed(page)
    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
    assert parser.scripts == 0
    # nothing is loaded from elsewhere: only the empty favicon and links to the published files
    assert all(url in ("data:,", "release-package.json") for url in parser.urls), parser.urls
    assert parser.ids["fig-processes"] == "1"
    assert parser.ids["fig-rows_read"] == "12"
    assert parser.ids["fig-rows_rejected"] == "2"
    assert parser.ids["fig-total_pagu"] == ("Rp 250\u00a0jt" if lang == "id" else "IDR 250M")
    assert parser.ids["publisher"] == "Pemerintah Kabupaten Contoh"
    assert page.count("<svg") == 6  # stage, status, method, category, buyer (unknown here), histogram
    assert ("Baris yatim" if lang == "id" else "Orphan row") in page
    assert "3.8OO.OOO" in page
    assert ("Laporan publikasi" if lang == "id" else "publication report") in page


def test_html_escapes_everything_from_the_data() -> None:
    evil = '<script>alert("x")</script>'
    report = _report(publisher=evil, blocking=(evil,), published=False)
    page = render_html(report, "id")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert 'id="status"' in page and "Tidak diterbitkan" in page


def test_html_rejects_unknown_language() -> None:
    with pytest.raises(ValueError, match="lang"):
        render_html(_report(), "fr")  # type: ignore[arg-type]


def test_report_to_dict_is_json_ready() -> None:
    data = _report().to_dict()
    assert data["published"] is True
    assert data["figures"]["processes"] == 1
    assert data["conversion"]["totals"]["read"] == 12
    assert data["outputs"][0] == {"name": "release-package.json", "kind": "release-package", "size": 10, "items": 3}
    assert _report().rejections_by_reason() == {
        "orphan": _report().conversion["rejections"][:2],
        "duplicate": _report().conversion["rejections"][2:],
    }


def test_svg_charts_have_one_shape_per_value() -> None:
    svg = bar_chart([("a", 3), ("b & c", 0), ("d", 1)], title="T <1>", value_label="x")
    assert svg.count("<rect") == 3
    assert 'aria-label="T &lt;1&gt;"' in svg and "b &amp; c" in svg
    hist = grouped_histogram(["1", "2"], [("p", [1, 2]), ("q", [0, 5])], title="H", value_label="x")
    assert hist.count("<rect") == 4 + 2  # bars plus legend swatches
    assert isinstance(Figures().to_dict(), dict)


def test_accounting_table_tells_files_of_the_same_name_apart() -> None:
    # Two years of the same dataset: the table showed "SPSE-TenderPengumuman.json" twice.
    row = {"dataset": "SPSE-TenderPengumuman", "read": 1, "used": 1, "rejected": 0, "duplicate": 0}
    files = [
        {**row, "source": "isb/2024/SPSE-TenderPengumuman.json"},
        {**row, "source": "isb/2025/SPSE-TenderPengumuman.json"},
    ]
    base = _report()
    report = _report(conversion={**base.conversion, "files": files})
    page = render_html(report, "en")
    table = page.split("id='accounting'", 1)[1].split("</table>", 1)[0]
    assert "<code>isb/2024/SPSE-TenderPengumuman.json</code>" in table
    assert "<code>isb/2025/SPSE-TenderPengumuman.json</code>" in table
