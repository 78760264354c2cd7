"""Each buyer's procurement budget (RUP-StrukturAnggaranPD) beside the pagu the publication publishes for it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish
from ocds_regency.reporting.html import _parts, render_html
from ocds_regency.reporting.model import FiguresBuilder
from tests.publish.conftest import DATE, PREFIX

REAL = Path(__file__).parents[1] / "fixtures" / "isb-real-2025-budget"


def _rows(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((REAL / f"{name}.json").read_text(encoding="utf-8"))
    return rows


def _expected(structure: dict[str, Any], packages: list[dict[str, Any]]) -> dict[str, Any]:
    """The coverage row computed from the source rows alone: each RUP's pagu once, cancelled packages out."""
    code = structure["kd_satker_str"]
    pagu_per_rup: dict[str, Decimal] = {}
    for row in packages:
        if row["kd_satker_str"] == code and "batal" not in str(row["status_nontender_pct"]).lower():
            rup = str(row["kd_rup"])
            pagu_per_rup[rup] = max(pagu_per_rup.get(rup, Decimal(0)), Decimal(row["pagu"]))
    pagu = sum(pagu_per_rup.values(), Decimal(0))
    procurement = Decimal(structure["belanja_pengadaan"])
    return {
        "buyer": f"SATKER-{code}",
        "name": structure["nama_satker"],
        "kd_satker_str": code,
        "procurement": str(procurement),
        "capital": str(structure["belanja_modal"]),
        "operating": str(structure["belanja_operasi"]),
        "pagu": str(pagu),
        "processes": sum(row["kd_satker_str"] == code for row in packages),
        "share": str((pagu / procurement).quantize(Decimal("0.0001"))),
    }


def test_real_budget_structure_gives_the_buyers_coverage(tmp_path: Path) -> None:
    result = publish(
        [REAL], PackageMetadata(published_date=DATE), PublishOptions(prefix=PREFIX, out_dir=tmp_path / "out")
    )
    report = json.loads((tmp_path / "out" / "report.json").read_bytes())
    structures = {row["kd_satker_str"]: row for row in _rows("RUP-StrukturAnggaranPD")}
    packages = _rows("SPSE-PencatatanNonTender")
    buyers = {row["kd_satker_str"] for row in packages}
    assert len(buyers) == 1 and len({row["kd_rup"] for row in packages}) < len(packages)  # a RUP cited twice
    (cited,) = buyers
    # the buyer's table row, computed independently from the source rows
    assert report["figures"]["budgets"] == [_expected(structures[cited], packages)]
    # its structure row is used; the other unit's is not cited, and not rejected
    (counts,) = [f for f in report["conversion"]["files"] if f["dataset"] == "RUP-StrukturAnggaranPD"]
    assert (counts["read"], counts["used"], counts["uncited"], counts["rejected"]) == (2, 1, 1, 0)
    (uncited,) = [r for r in report["conversion"]["rejections"] if r["dataset"] == "RUP-StrukturAnggaranPD"]
    assert uncited["reason"] == "unreferenced" and "7.01.0.00.0.00.11.0000" in uncited["message"]
    assert report["conversion"]["balanced"]
    totals = report["conversion"]["totals"]
    assert totals["read"] == totals["used"] + totals["rejected"] + totals["duplicate"] + totals["uncited"]
    # the buyer party carries the unit's budget-structure code
    release = json.loads((tmp_path / "out" / "releases.jsonl").read_text(encoding="utf-8").splitlines()[0])
    (buyer,) = [p for p in release["parties"] if p["id"] == release["buyer"]["id"]]
    assert buyer["identifier"]["id"] == cited
    # the HTML report shows it, saying the total is partial
    for lang, partial in (("en", "partial"), ("id", "sebagian")):
        page = render_html(result.report, lang)
        section = page[page.index("<section id='budgets'>") :]
        section = section[: section.index("</section>")]
        assert structures[cited]["nama_satker"] in section and partial in section
        assert "KECAMATAN PANGALENGAN" not in section
        assert section.count("<tr data-buyer=") == 1


def _release(ocid: str, buyer: str, pagu: int, rups: tuple[str, ...] = (), status: str = "active") -> dict[str, Any]:
    return {
        "ocid": ocid,
        "buyer": {"id": buyer, "name": buyer},
        "planning": {"budget": {"amount": {"amount": pagu, "currency": "IDR"}}},
        "tender": {"status": status},
        "relatedProcesses": [{"relationship": ["planning"], "identifier": r, "scheme": "ocid"} for r in rups],
    }


def test_coverage_counts_each_rup_once_and_leaves_cancelled_packages_out() -> None:
    builder = FiguresBuilder().add_all(
        [
            _release("x-1", "SATKER-1", 100, ("rup-a",)),
            _release("x-2", "SATKER-1", 100, ("rup-a",)),  # a re-tender of the same RUP
            _release("x-3", "SATKER-1", 50, ("rup-b",), status="cancelled"),
            _release("x-4", "SATKER-2", 70),
            _release("x-5", "SATKER-3", 10),  # a buyer without budget structure: not in the table
        ]
    )
    budgets = {
        "SATKER-1": {"name": "A", "kd_satker_str": "1", "procurement": "1000", "capital": "400", "operating": "600"},
        "SATKER-2": {"name": "B", "kd_satker_str": "2", "procurement": None, "capital": None, "operating": None},
        "SATKER-4": {"name": "D", "kd_satker_str": "4", "procurement": "500", "capital": "0", "operating": "500"},
    }
    table = {b.buyer: b for b in builder.build(budgets=budgets).budgets}
    assert set(table) == {"SATKER-1", "SATKER-2", "SATKER-4"}
    assert (table["SATKER-1"].pagu, table["SATKER-1"].processes, table["SATKER-1"].share) == (100, 3, Decimal("0.1"))
    assert (table["SATKER-2"].pagu, table["SATKER-2"].share) == (70, None)  # no budget: no share
    assert (table["SATKER-4"].pagu, table["SATKER-4"].share) == (0, 0)
    assert [b.buyer for b in builder.build(budgets=budgets).budgets] == ["SATKER-1", "SATKER-4", "SATKER-2"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("AB"), st.integers(1, 10**9), st.sampled_from(["r1", "r2", ""])), max_size=9))
def test_coverage_sums_to_the_pagu_total_of_the_buyers(entries: list[tuple[str, int, str]]) -> None:
    """Buyers never share a RUP here, so the table's pagu adds up to the report's pagu total."""
    releases = [
        _release(f"x-{n}", f"SATKER-{buyer}", pagu, (f"{buyer}-{rup}",) if rup else ())
        for n, (buyer, pagu, rup) in enumerate(entries)
    ]
    budgets = {f"SATKER-{b}": {"procurement": "1000000"} for b in "AB"}
    figures = FiguresBuilder().add_all(releases).build(budgets=budgets)
    assert sum(b.pagu for b in figures.budgets) == figures.values["pagu"].total
    assert sum(b.processes for b in figures.budgets) == figures.pagu_processes


def test_the_total_row_compares_only_units_with_a_procurement_budget() -> None:
    builder = FiguresBuilder().add_all([_release("x-1", "SATKER-1", 100), _release("x-2", "SATKER-2", 900)])
    budgets = {
        "SATKER-1": {"name": "A", "kd_satker_str": "1", "procurement": "400"},
        "SATKER-2": {"name": "B", "kd_satker_str": "2", "procurement": "0"},  # no budget: pagu left out of total
    }
    figures = builder.build(budgets=budgets)
    html = str(_parts("en").budgets(figures))
    footer = html[html.index("<tfoot>") :]
    assert "IDR 400" in footer and "IDR 100" in footer and "25.0%" in footer and "IDR 900" not in footer
