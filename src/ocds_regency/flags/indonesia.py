"""Indonesian indicators: the rules of Perpres 16/2018 (as amended by Perpres 12/2021 and 46/2025), ICW's
Potential Fraud Analysis, and the concentration patterns local monitors look for.

Each indicator has a stable code (``ID-…``); its name, explanation and legal basis in English and Bahasa
Indonesia are in :mod:`ocds_regency.flags.texts`, its settings (keyed by budget year where the rule
changed over time) in :class:`~ocds_regency.flags.settings.IndonesiaSettings`. Amounts are compared in
the settings' currency (IDR); values in another currency are not assessed.

A flag says a process is worth a second look, never that a rule was broken: the data may be incomplete,
and the regulation lists exceptions the data does not show.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from ocds_regency.flags.base import (
    METHOD,
    NO_ACTIVE_AWARD,
    NO_BIDS,
    NO_BUYER,
    NO_PERIOD,
    NOT_ONE_AWARD,
    Indicator,
)
from ocds_regency.flags.model import Context, Results
from ocds_regency.flags.process import Award, Bid, Money, Process, normalise
from ocds_regency.flags.settings import IndonesiaSettings, Settings

__all__ = ["INDICATORS", "ceiling_category", "icw_contract_hps_score", "icw_days_score", "icw_value_score"]

NO_AMOUNT = "no-amount"
NO_HPS = "no-hps"
NO_PAGU = "no-pagu"
NO_CONTRACT_VALUE = "no-contract-value"
NO_CATEGORY = "no-category"
NO_YEAR = "no-budget-year"
NO_DATE = "no-date"
NO_OFFER = "no-winning-offer"
NOT_PRICE_ONLY = "not-price-only"
NO_BID_STATUS = "no-bid-status"
NO_CONTRACT_DATE = "no-contract-date"
NO_AWARD_DATE = "no-award-date"
NO_TITLE = "no-title"


def ceiling_category(process: Process) -> str | None:
    """The category whose Pengadaan Langsung ceiling applies: ``consultingServices`` or the main category."""
    if "consultingServices" in process.additional_categories:
        return "consultingServices"
    return process.category


def working_days(start: datetime, end: datetime) -> int:
    """Weekdays after ``start``'s date up to ``end``'s date (public holidays are not known, so not skipped)."""
    first, last = start.date(), end.date()
    if last <= first:
        return 0
    days = (last - first).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    day = first + timedelta(days=weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        count += day.weekday() < 5
    return count


def icw_days_score(days: int) -> int:
    """ICW PFA 1: days from announcement to winner: 0–25 → 1, 26–35 → 2, 36–45 → 3, 46–70 → 4, > 70 → 5."""
    for limit, score in ((25, 1), (35, 2), (45, 3), (70, 4)):
        if days <= limit:
            return score
    return 5


def icw_contract_hps_score(contract: float, hps: float) -> int:
    """ICW PFA 2: contract value against HPS (above → 5; 4–7.99 % below scores lowest, 1)."""
    if contract > hps:
        return 5
    below = (hps - contract) / hps * 100
    for limit, score in ((1, 5), (2, 4), (3, 3), (4, 2), (8, 1), (12, 2), (16, 3), (20, 4)):
        if below < limit:
            return score
    return 5


def icw_value_score(contract: float) -> int:
    """ICW PFA 3: contract value: ≤ Rp 500 juta → 1, ≤ 1 M → 2, ≤ 5 M → 3, ≤ 10 M → 4, above → 5."""
    for limit, score in ((500e6, 1), (1e9, 2), (5e9, 3), (10e9, 4)):
        if contract <= limit:
            return score
    return 5


class _Names(dict[str, str]):
    """The names of the buyers and suppliers an indicator has seen, by identifier (the first name seen wins)."""

    def see_supplier(self, process: Process, supplier: str) -> None:
        """Keep the name the process gives ``supplier``, if any."""
        if supplier in process.names:
            self.setdefault(supplier, process.names[supplier])

    def see_buyer(self, process: Process) -> None:
        """Keep the name of the process's buyer, if it has one."""
        if process.buyer_name and process.buyer_id is not None:
            self.setdefault(process.buyer_id, process.buyer_name)

    def merge(self, other: Mapping[str, str]) -> None:
        """Take the names another worker's indicator has seen."""
        for identifier, name in other.items():
            self.setdefault(identifier, name)


class _Indonesian(Indicator):
    """Base of the Indonesian indicators: their settings and rupiah amounts."""

    def __init__(self, settings: Settings, context: Context, results: Results) -> None:
        super().__init__(settings, context, results)
        assert settings.indonesia is not None
        self.id: IndonesiaSettings = settings.indonesia

    def rupiah(self, money: object) -> float | None:
        """The amount of an OCDS value if it is in the settings' currency (or has none)."""
        if not isinstance(money, Money) or (money.currency is not None and money.currency != self.id.currency):
            return None
        return money.amount

    def contract_value(self, process: Process) -> tuple[str, float] | None:
        """The process's contracted value: its largest contract, else its largest active award.

        The largest, not the sum: several contracts of one process are usually versions of one contract (an
        addendum renumbers it in e-Kontrak), and summing them would double the value.
        """
        values = [v for c in process.contracts if (v := self.rupiah(c.value)) is not None]
        if values:
            return "contracts.value.amount", max(values)
        values = [v for a in process.active_awards if (v := self.rupiah(a.value)) is not None]
        if values:
            return "awards.value.amount", max(values)
        return None

    def value_or_hps(self, process: Process) -> tuple[str, float | None]:
        """The field and amount a ceiling is compared with: the contracted value, else the HPS."""
        value = self.contract_value(process)
        return value if value else ("tender.value.amount", self.rupiah(process.hps))

    def ceiling_key(self, process: Process) -> tuple[str, int] | str:
        """The category and budget year whose Pengadaan Langsung ceiling applies, or why there is none."""
        category = ceiling_category(process)
        year = process.budget_year
        if category is None:
            return NO_CATEGORY
        if year is None:
            return NO_YEAR
        return category, year

    def competitive(self, process: Process) -> bool:
        """Tender, Tender Cepat or Seleksi (or an open/selective method when the details are unknown)."""
        if process.method_details is not None:
            return process.details_key in self.id.competitive_details
        return process.method in ("open", "selective")


def _winner_bids(process: Process, award: Award) -> list[Bid]:
    """The bids an award was made on: those it links (``relatedBid``), else those of its suppliers."""
    if award.related_bids:
        linked = [b for b in process.bids if b.id is not None and b.id in award.related_bids]
        if linked:
            return linked
    return [b for b in process.bids if set(award.suppliers) & set(b.tenderers)]


def _price(bid: Bid) -> object:
    return bid.corrected if bid.corrected is not None else bid.value


class Split(_Indonesian):
    """ID-SPLIT: non-tender packages of one satker, same supplier or same object, each below the Pengadaan
    Langsung ceiling, within a window of days, together above it (Perpres 16/2018 Pasal 20 ayat (2) huruf d)."""

    code = "ID-SPLIT"
    _DIGITS = re.compile(r"[\d\W_]+")

    def __init__(self, settings: Settings, context: Context, results: Results) -> None:
        super().__init__(settings, context, results)
        self.groups: defaultdict[tuple[str, ...], list[tuple[date, float, str]]] = defaultdict(list)
        self.ceilings: dict[tuple[str, ...], float] = {}
        self.labels: dict[tuple[str, ...], str] = {}

    def add(self, process: Process) -> str | None:
        if process.details_key not in self.id.non_tender_details:
            return METHOD
        if process.buyer_id is None:
            return NO_BUYER
        applies = self.ceiling_key(process)
        if isinstance(applies, str):
            return applies
        category, year = applies
        _field, amount = self.value_or_hps(process)
        if amount is None or amount <= 0:
            return NO_AMOUNT
        moment = next(
            (
                m
                for m in (
                    *(c.signed for c in process.contracts),
                    *(a.date for a in process.awards),
                    process.tender_start,
                    process.date,
                )
                if m
            ),
            None,
        )
        if moment is None:
            return NO_DATE
        ceiling = self.id.pl_ceiling.get(year).get(category)
        if ceiling is None:
            return NO_CATEGORY
        if amount > ceiling:
            return None  # assessed: not a part below the ceiling
        entry = (moment.date(), amount, process.ocid)
        keys = []
        suppliers = {s for a in process.active_awards for s in a.suppliers}
        if len(suppliers) == 1:
            (supplier,) = suppliers
            keys.append(
                ((process.buyer_id, str(year), category, "supplier", supplier), process.names.get(supplier, supplier))
            )
        if process.title:
            title = self._DIGITS.sub(" ", process.title.lower()).strip()
            if title:
                keys.append(((process.buyer_id, str(year), category, "object", title), process.title))
        for key, label in keys:
            self.groups[key].append(entry)
            self.ceilings[key] = ceiling
            self.labels.setdefault(key, label)
        return None

    def merge(self, other: Indicator) -> None:
        assert isinstance(other, Split)
        for key, entries in other.groups.items():
            self.groups[key].extend(entries)
        self.ceilings.update(other.ceilings)
        for key, label in other.labels.items():
            self.labels.setdefault(key, label)

    def finish(self) -> None:
        window = self.id.split_window_days
        done: set[str] = set()
        for key, entries in self.groups.items():
            if len(entries) < 2:
                continue
            entries.sort()
            ceiling = self.ceilings[key]
            start = 0
            total = 0.0
            for end, (day, amount, _) in enumerate(entries):
                total += amount
                while (day - entries[start][0]).days > window:
                    total -= entries[start][1]
                    start += 1
                if end > start and total > ceiling:
                    members = entries[start : end + 1]
                    ocids = tuple(ocid for _, _, ocid in members)
                    evidence = {
                        "buyer.id": key[0],
                        "budget year": int(key[1]),
                        "same": key[3],
                        ("supplier" if key[3] == "supplier" else "tender.title"): self.labels[key],
                        "packages": len(members),
                        "amounts": [a for _, a, _ in members],
                        "total": total,
                        "ceiling": ceiling,
                        "from": members[0][0].isoformat(),
                        "to": members[-1][0].isoformat(),
                    }
                    for ocid in ocids:
                        if ocid not in done:
                            done.add(ocid)
                            self.results.flag(self.code, "OCID", ocid, float(len(members)), evidence, ocids)


class PlCeiling(_Indonesian):
    """ID-PL-CEILING: a Pengadaan Langsung above its ceiling (Perpres 16/2018 Pasal 38 ayat (3), 41 ayat (3))."""

    code = "ID-PL-CEILING"

    def add(self, process: Process) -> str | None:
        if process.details_key not in self.id.direct_details:
            return METHOD
        applies = self.ceiling_key(process)
        if isinstance(applies, str):
            return applies
        category, year = applies
        ceiling = self.id.pl_ceiling.get(year).get(category)
        if ceiling is None:
            return NO_CATEGORY
        field, amount = self.value_or_hps(process)
        if amount is None:
            return NO_AMOUNT
        if amount > ceiling:
            self.flag_process(
                process,
                amount / ceiling,
                {field: amount, "ceiling": ceiling, "category": category, "budget year": year},
            )
        return None


class ShortPeriod(_Indonesian):
    """ID-SHORT-PERIOD: a submission period shorter than the legal minimum of its method (working days)."""

    code = "ID-SHORT-PERIOD"

    def add(self, process: Process) -> str | None:
        minimum = self.id.minimum_working_days.get(process.budget_year).get(process.details_key)
        if minimum is None:
            return METHOD
        if process.tender_start is None or process.tender_end is None:
            return NO_PERIOD
        days = working_days(process.tender_start, process.tender_end)
        if days < minimum:
            self.flag_process(
                process,
                1.0,
                {
                    "tender.tenderPeriod.startDate": process.tender_start_text,
                    "tender.tenderPeriod.endDate": process.tender_end_text,
                    "working days": days,
                    "minimum": minimum,
                    "tender.procurementMethodDetails": process.method_details,
                },
            )
        return None


class AboveHps(_Indonesian):
    """ID-ABOVE-HPS: a contract (or award) above the HPS, the owner's estimate that caps offers."""

    code = "ID-ABOVE-HPS"

    def add(self, process: Process) -> str | None:
        hps = self.rupiah(process.hps)
        if hps is None or hps <= 0:
            return NO_HPS
        value = self.contract_value(process)
        if value is None:
            return NO_CONTRACT_VALUE
        if value[1] > hps:
            self.flag_process(process, value[1] / hps, {value[0]: value[1], "tender.value.amount": hps})
        return None


class HpsPagu(_Indonesian):
    """ID-HPS-PAGU: HPS equal to the budget ceiling (pagu): a sign the price survey was not done."""

    code = "ID-HPS-PAGU"

    def add(self, process: Process) -> str | None:
        hps = self.rupiah(process.hps)
        pagu = self.rupiah(process.pagu)
        if hps is None or hps <= 0:
            return NO_HPS
        if pagu is None:
            return NO_PAGU
        if hps == pagu:
            self.flag_process(process, 1.0, {"tender.value.amount": hps, "planning.budget.amount.amount": pagu})
        return None


class NearHps(_Indonesian):
    """ID-NEAR-HPS: in a Tender or Seleksi, the winning offer within a hair (default 1 %) below the HPS."""

    code = "ID-NEAR-HPS"

    def add(self, process: Process) -> str | None:
        if not self.competitive(process):
            return METHOD  # a Pengadaan Langsung's one offer is negotiated from the HPS: near it by design
        hps = self.rupiah(process.hps)
        if hps is None or hps <= 0:
            return NO_HPS
        offers = [
            amount
            for award in process.active_awards
            for bid in _winner_bids(process, award)
            if (amount := self.rupiah(bid.value)) is not None
        ]
        if not offers:
            return NO_OFFER
        offer = min(offers)
        below = (hps - offer) / hps
        if 0 <= below < self.id.near_hps_margin:
            self.flag_process(
                process,
                below,
                {
                    "winning bid (bids.details.value.amount)": offer,
                    "tender.value.amount": hps,
                    "margin": self.id.near_hps_margin,
                },
            )
        return None


class _Icw(_Indonesian):
    """An ICW Potential Fraud Analysis score (1 low – 5 high), on Tender and Seleksi processes."""

    def score(self, process: Process) -> tuple[int, dict[str, object]] | str:
        raise NotImplementedError

    def add(self, process: Process) -> str | None:
        if not self.competitive(process):
            return METHOD
        outcome = self.score(process)
        if isinstance(outcome, str):
            return outcome
        score, evidence = outcome
        if score >= self.id.icw_flag_score:
            self.flag_process(process, float(score), {**evidence, "ICW score": score})
        return None


class IcwDays(_Icw):
    """ID-ICW-DAYS: days from the announcement (the earliest tender or enquiry period start) to the winner."""

    code = "ID-ICW-DAYS"

    def score(self, process: Process) -> tuple[int, dict[str, object]] | str:
        starts = [m for m in (process.tender_start, process.enquiry_start) if m is not None]
        if not starts:
            return NO_PERIOD
        winners = [a.date for a in process.active_awards if a.date is not None]
        winner = min(winners) if winners else process.award_period_start
        if winner is None:
            return NO_AWARD_DATE
        days = (winner.date() - min(starts).date()).days
        return icw_days_score(days), {
            "announcement": min(starts).isoformat(),
            "winner": winner.isoformat(),
            "days": days,
        }


class IcwContractHps(_Icw):
    """ID-ICW-CONTRACT-HPS: contract value against HPS, ICW's scale."""

    code = "ID-ICW-CONTRACT-HPS"

    def score(self, process: Process) -> tuple[int, dict[str, object]] | str:
        hps = self.rupiah(process.hps)
        if hps is None or hps <= 0:
            return NO_HPS
        value = self.contract_value(process)
        if value is None:
            return NO_CONTRACT_VALUE
        return icw_contract_hps_score(value[1], hps), {value[0]: value[1], "tender.value.amount": hps}


class IcwValue(_Icw):
    """ID-ICW-VALUE: contract size, ICW's scale."""

    code = "ID-ICW-VALUE"

    def score(self, process: Process) -> tuple[int, dict[str, object]] | str:
        value = self.contract_value(process)
        if value is None:
            return NO_CONTRACT_VALUE
        return icw_value_score(value[1]), {value[0]: value[1]}


class IcwTitle(_Icw):
    """ID-ICW-TITLE: a tender title shorter than 20 characters scores 5 (ICW's scale above is not published)."""

    code = "ID-ICW-TITLE"

    def score(self, process: Process) -> tuple[int, dict[str, object]] | str:
        if process.title is None:
            return NO_TITLE
        length = len(process.title.strip())
        return (5 if length < self.id.icw_short_title else 1), {"tender.title": process.title, "length": length}


class NotLowest(_Indonesian):
    """ID-NOT-LOWEST: under price-only evaluation (Harga Terendah), the winner's offer is not the lowest valid one."""

    code = "ID-NOT-LOWEST"

    def add(self, process: Process) -> str | None:
        details = normalise(process.award_criteria_details or "")
        if process.award_criteria != "priceOnly" and "harga terendah" not in details:
            return NOT_PRICE_ONLY
        active = process.active_awards
        if len(active) != 1:
            return NOT_ONE_AWARD
        if not process.bids:
            return NO_BIDS
        if not any(b.status for b in process.bids):
            return NO_BID_STATUS
        winner_prices = [p for b in _winner_bids(process, active[0]) if (p := self.rupiah(_price(b))) is not None]
        if not winner_prices:
            return NO_OFFER
        winner = min(winner_prices)
        others = [(p, b) for b in process.bids if b.status == "valid" and (p := self.rupiah(_price(b))) is not None]
        lowest, lowest_bid = min(others, key=lambda entry: entry[0]) if others else (winner, None)
        if lowest < winner and lowest_bid is not None:
            self.flag_process(
                process,
                (winner - lowest) / lowest if lowest else 1.0,
                {
                    "winner": active[0].suppliers[0] if active[0].suppliers else None,
                    "winning offer": winner,
                    "lowest valid offer": lowest,
                    "lowest bidder": list(lowest_bid.tenderers),
                    "tender.awardCriteriaDetails": process.award_criteria_details,
                },
            )
        return None


class SingleBid(_Indonesian):
    """ID-SINGLE-BID: a Tender or Seleksi with one bidder (bids submitted, or with an offer when no status)."""

    code = "ID-SINGLE-BID"

    def add(self, process: Process) -> str | None:
        if not self.competitive(process):
            return METHOD
        if not process.bids:
            return NO_BIDS
        if any(b.status for b in process.bids):
            bidders = {t for b in process.bids if b.submitted for t in b.tenderers}
        else:
            bidders = {t for b in process.bids if b.value is not None for t in b.tenderers}
        if not bidders:
            return NO_BIDS
        if len(bidders) == 1:
            self.flag_process(process, 1.0, {"bidders": sorted(bidders), "bids.details": len(process.bids)})
        return None


class _Share(_Indonesian):
    """A supplier's share of a satker's awarded value (all methods, or e-Katalog orders only)."""

    def __init__(self, settings: Settings, context: Context, results: Results) -> None:
        super().__init__(settings, context, results)
        self.totals: defaultdict[str, float] = defaultdict(float)
        self.values: defaultdict[tuple[str, str], float] = defaultdict(float)
        self.ocids: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
        self.processes: Counter[str] = Counter()
        self.names = _Names()

    def covers(self, process: Process) -> bool:
        raise NotImplementedError

    def limits(self) -> tuple[float, int]:
        raise NotImplementedError

    def add(self, process: Process) -> str | None:
        if not self.covers(process):
            return METHOD
        if process.buyer_id is None:
            return NO_BUYER
        awards = [a for a in process.active_awards if len(a.suppliers) == 1]
        if not awards:
            return NO_ACTIVE_AWARD
        counted = False
        for award in awards:
            amount = self.rupiah(award.value)
            if amount is None or amount <= 0:
                continue
            supplier = award.suppliers[0]
            key = (process.buyer_id, supplier)
            self.totals[process.buyer_id] += amount
            self.values[key] += amount
            if not self.ocids[key] or self.ocids[key][-1] != process.ocid:
                self.ocids[key].append(process.ocid)
            counted = True
            self.names.see_supplier(process, supplier)
        if not counted:
            return NO_AMOUNT
        self.processes[process.buyer_id] += 1
        self.names.see_buyer(process)
        return None

    def merge(self, other: Indicator) -> None:
        assert isinstance(other, _Share)
        for buyer, total in other.totals.items():
            self.totals[buyer] += total
        for key, value in other.values.items():
            self.values[key] += value
        for key, ocids in other.ocids.items():
            mine = self.ocids[key]
            # one process counted once, as add() does when its awards repeat a supplier
            mine.extend(ocids[1:] if mine and ocids and mine[-1] == ocids[0] else ocids)
        self.processes.update(other.processes)
        self.names.merge(other.names)

    def finish(self) -> None:
        share, minimum = self.limits()
        for (buyer, supplier), value in self.values.items():
            total = self.totals[buyer]
            if self.processes[buyer] < minimum or not total:
                continue
            if value / total >= share:
                evidence = {
                    "buyer.name": self.names.get(buyer),
                    "supplier": supplier,
                    "supplier name": self.names.get(supplier),
                    "supplier value": value,
                    "buyer total": total,
                    "supplier processes": len(self.ocids[(buyer, supplier)]),
                    "buyer processes": self.processes[buyer],
                }
                self.results.flag(
                    self.code, "Buyer", buyer, value / total, evidence, tuple(self.ocids[(buyer, supplier)])
                )


class SupplierShare(_Share):
    """ID-SUPPLIER-SHARE: one supplier holds a large share of a satker's awarded value."""

    code = "ID-SUPPLIER-SHARE"

    def covers(self, process: Process) -> bool:
        return True

    def limits(self) -> tuple[float, int]:
        return self.id.concentration_share, self.id.concentration_minimum_processes


class EcatShare(_Share):
    """ID-ECAT-SHARE: a satker's e-Katalog orders concentrated on one supplier."""

    code = "ID-ECAT-SHARE"

    def covers(self, process: Process) -> bool:
        return process.details_key in self.id.epurchasing_details

    def limits(self) -> tuple[float, int]:
        return self.id.ecatalog_share, self.id.ecatalog_minimum_orders


class RepeatDirect(_Indonesian):
    """ID-REPEAT-DIRECT: one satker's repeated direct awards (Pengadaan/Penunjukan Langsung) to one supplier."""

    code = "ID-REPEAT-DIRECT"

    def __init__(self, settings: Settings, context: Context, results: Results) -> None:
        super().__init__(settings, context, results)
        self.ocids: defaultdict[tuple[str, str, int], list[str]] = defaultdict(list)
        self.names = _Names()

    def add(self, process: Process) -> str | None:
        if process.details_key not in self.id.non_tender_details:
            return METHOD
        if process.buyer_id is None:
            return NO_BUYER
        year = process.budget_year
        if year is None:
            return NO_YEAR
        suppliers = {s for a in process.active_awards for s in a.suppliers}
        if not suppliers:
            return NO_ACTIVE_AWARD
        for supplier in suppliers:
            self.ocids[(process.buyer_id, supplier, year)].append(process.ocid)
            self.names.see_supplier(process, supplier)
        self.names.see_buyer(process)
        return None

    def merge(self, other: Indicator) -> None:
        assert isinstance(other, RepeatDirect)
        for key, ocids in other.ocids.items():
            self.ocids[key].extend(ocids)
        self.names.merge(other.names)

    def finish(self) -> None:
        for (buyer, supplier, year), ocids in self.ocids.items():
            if len(ocids) >= self.id.repeat_direct_minimum:
                evidence = {
                    "buyer.name": self.names.get(buyer),
                    "supplier": supplier,
                    "supplier name": self.names.get(supplier),
                    "budget year": year,
                    "direct awards": len(ocids),
                }
                self.results.flag(self.code, "Buyer", buyer, float(len(ocids)), evidence, tuple(ocids))


class YearEnd(_Indonesian):
    """ID-YEAR-END: a contract signed at the end of its budget year (default: in December)."""

    code = "ID-YEAR-END"

    def add(self, process: Process) -> str | None:
        signed = [c for c in process.contracts if c.signed is not None]
        if not signed:
            return NO_CONTRACT_DATE
        year = process.budget_year
        if year is None:
            return NO_YEAR
        month, day = self.id.year_end_from.get(year)
        late = [
            c
            for c in signed
            if c.signed is not None and c.signed.year == year and (c.signed.month, c.signed.day) >= (month, day)
        ]
        if late:
            self.flag_process(
                process,
                1.0,
                {
                    "contracts.dateSigned": late[0].signed_text,
                    "budget year": year,
                    "from": f"{year}-{month:02d}-{day:02d}",
                },
            )
        return None


#: The Indonesian indicators by code, in the order of the report.
INDICATORS: dict[str, type[Indicator]] = {
    cls.code: cls
    for cls in (
        Split,
        PlCeiling,
        ShortPeriod,
        AboveHps,
        HpsPagu,
        NearHps,
        NotLowest,
        SingleBid,
        SupplierShare,
        RepeatDirect,
        YearEnd,
        EcatShare,
        IcwDays,
        IcwContractHps,
        IcwValue,
        IcwTitle,
    )
}
