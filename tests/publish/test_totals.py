"""Report totals equal totals computed independently from the source rows.

The expected figures are computed here in plain Python over the ISB JSON rows, with the rules that
``docs/mapping.md`` states (never through ocds-regency's mapping): pagu once per RUP, without cancelled
packages; HPS and contract values without failed or cancelled packages; a contract value of 5× its HPS
(or pagu) or more shown apart (a digit too many makes it about 10×). They must equal ``report.json`` and
appear in ``report.html``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish
from ocds_regency.reporting.texts import format_idr

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "isb-real-2025"
PREFIX = "ocds-xxxxxx"

# (root dataset, result dataset or None, key, status field, contract dataset or None)
_KINDS = (
    ("SPSE-TenderPengumuman", "SPSE-TenderSelesai", "kd_tender", "status_tender", "SPSE-TenderEkontrak-2Kontrak"),
    (
        "SPSE-NonTenderPengumuman",
        "SPSE-NonTenderSelesai",
        "kd_nontender",
        "status_nontender",
        "SPSE-NonTenderEkontrak-2Kontrak",
    ),
    ("SPSE-PencatatanNonTender", None, "kd_nontender_pct", "status_nontender_pct_ket", None),
    ("SPSE-PencatatanSwakelola", None, "kd_swakelola_pct", "status_swakelola_pct_ket", None),
)
_REALISATIONS = {
    "kd_nontender_pct": "SPSE-PencatatanNonTenderRealisasi",
    "kd_swakelola_pct": "SPSE-PencatatanSwakelolaRealisasi",
}


def _amount(value: Any) -> Decimal | None:
    """A rupiah amount of a JSON row; 0 means unknown in LKPP exports."""
    if value is None or value == "":
        return None
    amount = Decimal(str(value))
    return None if amount == 0 else amount


def _state(row: dict[str, Any], field: str) -> str:
    """'cancelled', 'failed' or 'open' from a package's status label."""
    label = " ".join(str(row.get(field) or "").lower().split())
    if label == "paket dibatalkan":
        return "cancelled"
    if label == "gagal/batal":
        return "cancelled" if (row.get("ket_ditutup") or row.get("alasan_pembatalan") or "").strip() else "failed"
    return "open"


def _rups(*rows: dict[str, Any]) -> frozenset[str]:
    codes: set[str] = set()
    for row in rows:
        for field in ("kd_rup", "kd_rup_paket"):
            codes.update(c.strip() for c in re.split(r"[;,]", str(row.get(field) or "")) if c.strip())
    return frozenset(codes)


def _budget_total(entries: list[tuple[frozenset[str], Decimal]]) -> tuple[int, Decimal]:
    """Pagu once per RUP: processes sharing a RUP form one unit; see docs/mapping.md."""
    alone = [amount for rups, amount in entries if not rups]
    cited = [(rups, amount) for rups, amount in entries if rups]
    units: list[set[str]] = []
    for rups, _ in cited:
        joined = set(rups)
        for unit in [u for u in units if u & rups]:
            joined |= unit
            units.remove(unit)
        units.append(joined)
    per_rup: dict[str, Decimal] = {}
    for rups, amount in cited:
        if len(rups) == 1:
            (code,) = rups
            per_rup[code] = max(per_rup.get(code, amount), amount)
    totals = list(alone)
    for unit in units:
        candidates = []
        if any(code in per_rup for code in unit):
            candidates.append(sum(per_rup.get(code, Decimal(0)) for code in unit))
        for rups, amount in cited:
            if len(rups) > 1 and rups <= unit:
                candidates.append(amount + sum(per_rup.get(code, Decimal(0)) for code in unit - rups))
        if candidates:
            totals.append(max(candidates))
    return len(totals), sum(totals, Decimal(0))


def expected_totals(directory: Path) -> dict[str, tuple[int, Decimal]]:
    """The report's totals, computed from the ISB JSON files of ``directory``."""
    data: dict[str, list[dict[str, Any]]] = {
        path.stem: json.loads(path.read_text(encoding="utf-8")) for path in directory.glob("*.json")
    }
    values: dict[str, list[Decimal]] = defaultdict(list)
    pagu_open: list[tuple[frozenset[str], Decimal]] = []
    pagu_cancelled: list[tuple[frozenset[str], Decimal]] = []
    for root_set, result_set, key, status, contract_set in _KINDS:
        roots = {row[key]: row for row in data.get(root_set, [])}
        results = {row[key]: row for row in data.get(result_set, [])} if result_set else {}
        children: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for dataset in (contract_set, _REALISATIONS.get(key), "SPSE-TenderSelesaiNilai"):
            for row in data.get(dataset or "", []):
                if row.get(key) is not None:
                    children[row[key]].append(row)
        for package in sorted(set(roots) | set(results)):
            root = roots.get(package) or results[package]
            latest = results.get(package, root)
            state = _state(latest, status)
            pagu = _amount(latest.get("pagu")) or _amount(root.get("pagu"))
            hps = _amount(latest.get("hps"))
            if hps is None:
                hps = _amount(root.get("hps"))
            if pagu is not None:
                rups = _rups(root, latest, *children[package])
                (pagu_cancelled if state == "cancelled" else pagu_open).append((rups, pagu))
            if hps is not None:
                values["hps" if state == "open" else "hps_closed"].append(hps)
            open_total: Decimal | None = None
            closed_total: Decimal | None = None
            if contract_set:
                chains: dict[str, list[dict[str, Any]]] = defaultdict(list)
                for row in children[package]:
                    if "nilai_kontrak" in row and "no_kontrak" in row:
                        chains[row.get("no_sppbj") or row.get("no_kontrak") or ""].append(row)
                for versions in chains.values():
                    current = max(versions, key=lambda r: r.get("versi_addendum") or 0)
                    if (value := _amount(current.get("nilai_kontrak"))) is None:
                        continue
                    if state != "open" or "batal" in str(current.get("status_kontrak") or "").lower():
                        closed_total = (closed_total or Decimal(0)) + value
                    else:
                        open_total = (open_total or Decimal(0)) + value
            else:
                total = _amount(root.get("total_realisasi"))
                if total is not None:
                    if state == "open":
                        open_total = total
                    else:
                        closed_total = total
            if closed_total is not None:
                values["contract_closed"].append(closed_total)
            if open_total is not None:
                reference = hps if hps is not None else pagu
                implausible = reference is not None and open_total >= reference * 5
                values["contract_implausible" if implausible else "contract"].append(open_total)
    for row in data.get("Ecat-PaketEPurchasingV6", []):
        if (total := _amount(row.get("total_harga"))) is not None:
            values["contract"].append(total)
    # Bela Toko Daring orders: a failed order ("gagal") is an unsuccessful tender whose value is shown apart;
    # any other order is a contract.
    for row in data.get("Bela-TokoDaringRealisasi", []):
        if (value := _amount(row.get("valuasi"))) is not None:
            failed = str(row.get("status_konfirmasi_ppmse") or "").strip().lower() == "gagal"
            values["hps_closed" if failed else "contract"].append(value)
    open_rups = frozenset().union(*(rups for rups, _ in pagu_open))
    result = {kind: (len(amounts), sum(amounts, Decimal(0))) for kind, amounts in values.items()}
    result["pagu"] = _budget_total(pagu_open)
    result["pagu_cancelled"] = _budget_total([e for e in pagu_cancelled if not e[0] & open_rups])
    return result


def _check(directory: Path, out: Path) -> dict[str, tuple[int, Decimal]]:
    result = publish(
        [directory], PackageMetadata(published_date="2026-01-01T00:00:00Z"), PublishOptions(prefix=PREFIX, out_dir=out)
    )
    report = json.loads((result.location / "report.json").read_text(encoding="utf-8"))
    figures = report["figures"]
    expected = expected_totals(directory)
    found = {
        kind: (stats["count"], Decimal(stats["total"]))
        for group in ("values", "apart")
        for kind, stats in figures[group].items()
    }
    for kind in found:
        assert found[kind] == expected.get(kind, (0, Decimal(0))), kind
    page = (result.location / "report.html").read_text(encoding="utf-8")
    for kind in ("pagu", "hps", "contract"):
        row = re.search(rf'<tr data-value="{kind}">(.*?)</tr>', page, re.DOTALL)
        assert row is not None and format_idr(expected[kind][1], "id") in row.group(1), kind
        assert f'id="how-{kind}"' in page
    return expected


def test_totals_of_the_real_fixture_equal_the_source_rows(tmp_path: Path) -> None:
    expected = _check(REAL, tmp_path / "out")
    # the re-tender's RUP 53613709 (pagu 600,000,000 on both packages) is counted once
    assert expected["hps_closed"][0] >= 1 and expected["contract_closed"][0] >= 4
    assert expected["pagu_cancelled"][0] >= 1  # the double-input swakelola RUP that no live package carries


def test_totals_of_the_real_half_year_equal_the_source_rows(shared: Path, tmp_path: Path) -> None:
    _check(shared / "domain" / "isb-real-2025", tmp_path / "out")


def test_budget_units_count_each_rup_once() -> None:
    from ocds_regency.reporting.model import budget_units

    d = Decimal
    entries = [
        (frozenset({"A"}), d(100)),  # a failed tender
        (frozenset({"A"}), d(100)),  # its re-tender
        (frozenset({"A", "B"}), d(250)),  # a package citing A;B
        (frozenset({"C"}), d(40)),
        (frozenset(), d(7)),  # no RUP cited: its own unit
    ]
    assert sorted(budget_units(entries)) == [d(7), d(40), d(250)]
    assert _budget_total(entries) == (3, d(297))
    # B is known alone too: A + B beats the multi-RUP package's pagu
    assert sorted(budget_units([*entries, (frozenset({"B"}), d(200))])) == [d(7), d(40), d(300)]


@pytest.mark.parametrize("factor", [4, 5, 10])
def test_a_contract_ten_times_its_hps_is_shown_apart(factor: int) -> None:
    from ocds_regency.reporting.model import FiguresBuilder

    release = {
        "ocid": "ocds-x-1",
        "tender": {"status": "complete", "value": {"amount": 1_000_000, "currency": "IDR"}},
        "contracts": [{"id": "1", "value": {"amount": 1_000_000 * factor, "currency": "IDR"}}],
    }
    figures = FiguresBuilder().add_all([release]).build()
    apart = figures.apart["contract_implausible"].total
    value = Decimal(1_000_000 * factor)
    assert (figures.values["contract"].total, apart) == ((Decimal(0), value) if factor >= 5 else (value, Decimal(0)))


_codes = st.frozensets(st.sampled_from("ABCDEFG"), max_size=3)
_entries = st.lists(st.tuples(_codes, st.integers(1, 10**12).map(Decimal)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(_entries, st.randoms())
def test_budget_units_never_count_a_rup_twice_and_ignore_order(entries: Any, rnd: Any) -> None:
    from ocds_regency.reporting.model import budget_units

    units = budget_units(entries)
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert sorted(budget_units(shuffled)) == sorted(units)
    # at most the sum of all pagu; at least the largest single pagu; re-tenders of one RUP count once
    assert sum(units, Decimal(0)) <= sum((amount for _, amount in entries), Decimal(0))
    if entries:
        assert sum(units, Decimal(0)) >= max(amount for _, amount in entries)
    singles = [(rups, amount) for rups, amount in entries if len(rups) == 1]
    if singles and len(singles) == len(entries):
        best: dict[frozenset[str], Decimal] = {}
        for rups, amount in singles:
            best[rups] = max(best.get(rups, amount), amount)
        assert sorted(units) == sorted(best.values())


def test_a_real_contract_with_a_ten_times_typo_is_shown_apart(tmp_path: Path) -> None:
    # The real contract of non-tender 10107297000 (HPS 177,6 m) given one digit too many, the typo of §9.2.
    data = tmp_path / "in"
    data.mkdir()
    for path in REAL.glob("*.json"):
        rows = json.loads(path.read_text(encoding="utf-8"))
        for row in rows:
            if path.stem.endswith("2Kontrak") and row.get("kd_nontender") == 10107297000:
                row["nilai_kontrak"] = Decimal(str(row["nilai_kontrak"])) * 10
        (data / path.name).write_text(json.dumps(rows, default=str), encoding="utf-8")
    expected = _check(data, tmp_path / "out")
    assert expected["contract_implausible"][0] == 1
