"""Cardinal's 11 red-flag indicators, written from Cardinal's documentation (methodology, exclusions, fences).

Each indicator sees every process once (:meth:`Indicator.add`, which returns ``None`` when it assessed the
process, else the reason code it could not) and raises its flags then, or in :meth:`Indicator.finish` when
it compares with a quartile fence. Fences are computed over compact per-process or per-organisation
numbers, never over releases.

Where Cardinal's documentation is silent, the behaviour follows its fixtures; docs/flags.md lists these
readings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import ClassVar

from ocds_regency.flags.base import (
    AWARD_PENDING,
    FEW_VALID_BIDS,
    JOINT_SUPPLIERS,
    JOINT_TENDERERS,
    METHOD,
    NO_ACTIVE_AWARD,
    NO_BID_AMOUNTS,
    NO_BID_DATE,
    NO_BIDS,
    NO_CLASSIFICATION,
    NO_PERIOD,
    NO_PRICE_COMPARISON,
    NO_TENDERERS,
    NOT_ONE_AWARD,
    WINNER_NOT_LOWEST,
    ZERO_AMOUNT,
    Indicator,
)
from ocds_regency.flags.fences import Fence, quantile
from ocds_regency.flags.model import Context, Results
from ocds_regency.flags.process import Bid, Process
from ocds_regency.flags.settings import Settings

__all__ = ["INDICATORS"]


def _awards_final(process: Process) -> bool:
    return not any(a.status in ("pending", "invalid") for a in process.awards)


def _joint(process: Process) -> str | None:
    """Cardinal's exclusions of joint bids and joint awards (issue #17)."""
    if any(len(b.tenderers) > 1 for b in process.bids):
        return JOINT_TENDERERS
    if any(len(a.suppliers) > 1 for a in process.active_awards):
        return JOINT_SUPPLIERS
    return None


def _whole_days(process: Process) -> int | None:
    if process.tender_start is None or process.tender_end is None:
        return None
    return int((process.tender_end - process.tender_start).total_seconds() // 86400)


class R003(Indicator):
    """Short submission period: fewer whole days than the threshold (per method details if set)."""

    code = "R003"

    def add(self, process: Process) -> str | None:
        methods = self.cardinal.r003_methods
        if methods is not None and process.method not in methods:
            return METHOD
        days = _whole_days(process)
        if days is None:
            return NO_PERIOD
        threshold = self.cardinal.r003_method_details.get(process.method_details or "", self.cardinal.r003_threshold)
        if days < threshold:
            self.flag_process(
                process,
                1.0,
                {
                    "tender.tenderPeriod.startDate": process.tender_start_text,
                    "tender.tenderPeriod.endDate": process.tender_end_text,
                    "days": days,
                    "threshold": threshold,
                },
            )
        return None


class R018(Indicator):
    """Single bid received in a competitive method (``numberOfTenderers`` is 1)."""

    code = "R018"

    def add(self, process: Process) -> str | None:
        if process.method not in self.cardinal.r018_methods:
            return METHOD
        if process.number_of_tenderers is None:
            return NO_TENDERERS
        if process.number_of_tenderers == 1:
            self.flag_process(
                process,
                1.0,
                {"tender.numberOfTenderers": 1, "tender.procurementMethod": process.method},
            )
        return None


class _PriceGap(Indicator):
    """The difference between the winning bid and the second-lowest valid bid (R024 and R058)."""

    side: ClassVar[str]

    def __init__(self, settings: Settings, context: Context, results: Results) -> None:
        super().__init__(settings, context, results)
        self.gaps: list[tuple[str, float, str, str, float, float]] = []  # ocid, gap, winner, second, amounts

    def add(self, process: Process) -> str | None:
        if not self.settings.compares_bids(process.method_details):
            return METHOD
        if not self.settings.compares_prices(process.method_details):
            return NO_PRICE_COMPARISON
        if not _awards_final(process):
            return AWARD_PENDING
        active = process.active_awards
        if len(active) != 1:
            return NOT_ONE_AWARD
        if (reason := _joint(process)) is not None:
            return reason
        if not active[0].suppliers:
            return NOT_ONE_AWARD
        winner = active[0].suppliers[0]
        valid: list[tuple[float, int, Bid]] = []
        for bid in process.bids:
            amount = self.context.amount(bid.value)
            if bid.status == "valid" and amount is not None:
                valid.append((amount, 0 if winner in bid.tenderers else 1, bid))
        if len(valid) < 2:
            return FEW_VALID_BIDS
        valid.sort(key=lambda entry: entry[:2])
        lowest, first, _ = valid[0]
        second_amount, _, second = valid[1]
        if first != 0:
            return WINNER_NOT_LOWEST
        if lowest == 0:
            return ZERO_AMOUNT
        second_id = second.tenderers[0] if second.tenderers else ""
        self.gaps.append((process.ocid, (second_amount - lowest) / lowest, winner, second_id, lowest, second_amount))
        return None

    def threshold(self) -> float | None:
        raise NotImplementedError

    def merge(self, other: Indicator) -> None:
        assert isinstance(other, _PriceGap)
        self.gaps.extend(other.gaps)

    def finish(self) -> None:
        fence = Fence.of(gap for _, gap, *_ in self.gaps)
        if fence is None:
            return
        self.results.meta[self.code] = fence.meta(self.side)
        limit = self.threshold()
        if limit is None:
            limit = fence.lower if self.side == "lower" else fence.upper
        for ocid, gap, winner, second, lowest, second_amount in self.gaps:
            # no discount is never a heavy discount, even when the fence is 0
            if (gap <= limit) if self.side == "lower" else (gap >= limit and gap > 0):
                evidence = {
                    "winner": winner,
                    "winning bid": lowest,
                    "second-lowest bidder": second,
                    "second-lowest valid bid": second_amount,
                    "difference": gap,
                    f"{self.side} fence": limit,
                }
                self.results.flag(self.code, "OCID", ocid, gap, evidence, (ocid,))
                self.flag_tenderer(winner, 0.0, (ocid,))
                if self.side == "lower" and second:
                    self.flag_tenderer(second, 0.0, (ocid,))


class R024(_PriceGap):
    """Price close to winning bid: the difference to the second-lowest valid bid is a low outlier."""

    code = "R024"
    side = "lower"

    def threshold(self) -> float | None:
        return self.cardinal.r024_threshold


class R058(_PriceGap):
    """Heavily discounted bid: the difference to the second-lowest valid bid is a high outlier."""

    code = "R058"
    side = "upper"

    def threshold(self) -> float | None:
        return self.cardinal.r058_threshold


class R025(Indicator):
    """Excessive unsuccessful bids: a top tenderer's ratio of wins to valid bids is a low outlier."""

    code = "R025"

    def __init__(self, settings: Settings, context: Context, results: Results) -> None:
        super().__init__(settings, context, results)
        self.bids: Counter[str] = Counter()
        self.wins: Counter[str] = Counter()

    def add(self, process: Process) -> str | None:
        if not self.settings.compares_bids(process.method_details):
            return METHOD
        if not _awards_final(process):
            return AWARD_PENDING
        active = process.active_awards
        if not active:
            return NO_ACTIVE_AWARD
        if len(active) > 1:
            return NOT_ONE_AWARD
        if (reason := _joint(process)) is not None:
            return reason
        tenderers = {t for b in process.bids if b.status == "valid" for t in b.tenderers}
        if not tenderers:
            return NO_BIDS
        winners = set(active[0].suppliers)
        for tenderer in tenderers:
            self.bids[tenderer] += 1
            if tenderer in winners:
                self.wins[tenderer] += 1
        return None

    def merge(self, other: Indicator) -> None:
        assert isinstance(other, R025)
        self.bids.update(other.bids)
        self.wins.update(other.wins)

    def finish(self) -> None:
        if not self.bids:
            return
        counts = sorted(float(n) for n in self.bids.values())
        top = quantile(counts, self.cardinal.r025_percentile / 100.0)
        ratios = {t: self.wins[t] / n for t, n in self.bids.items()}
        fence = Fence.of(ratios.values())
        assert fence is not None
        meta = fence.meta("lower")
        meta["upper_percentile"] = round(top, 4)
        self.results.meta[self.code] = meta
        limit = self.cardinal.r025_threshold if self.cardinal.r025_threshold is not None else fence.lower
        for tenderer, ratio in ratios.items():
            if self.bids[tenderer] >= top and ratio <= limit and ratio < 1:  # winning every bid is not losing
                self.flag_tenderer(
                    tenderer, ratio, (), **{"valid bids": self.bids[tenderer], "wins": self.wins[tenderer]}
                )


class R028(Indicator):
    """Identical bid prices: different tenderers submitted bids with the same price."""

    code = "R028"

    def add(self, process: Process) -> str | None:
        if not self.settings.compares_bids(process.method_details):
            return METHOD
        if not self.settings.compares_prices(process.method_details):
            return NO_PRICE_COMPARISON
        by_amount: defaultdict[float, set[frozenset[str]]] = defaultdict(set)
        for bid in process.bids:
            amount = self.context.amount(bid.value)
            if bid.submitted and bid.tenderers and amount is not None:
                by_amount[amount].add(frozenset(bid.tenderers))
        if not by_amount:
            return NO_BID_AMOUNTS
        flagged: set[str] = set()
        amounts = []
        for amount, groups in by_amount.items():
            if len(groups) > 1:
                amounts.append(amount)
                for group in groups:
                    flagged.update(group)
        if flagged:
            self.flag_process(process, 1.0, {"identical bid amounts": sorted(amounts), "tenderers": sorted(flagged)})
            for tenderer in sorted(flagged):
                self.flag_tenderer(tenderer, 1.0, (process.ocid,))
        return None


class R030(Indicator):
    """Late bid won: a valid bid received after the deadline is from a supplier of an active award."""

    code = "R030"

    def add(self, process: Process) -> str | None:
        if not self.settings.compares_bids(process.method_details):
            return METHOD
        if process.tender_end is None:
            return NO_PERIOD
        valid = [b for b in process.bids if b.status == "valid"]
        if not valid:
            return NO_BIDS
        dated = [b for b in valid if b.date is not None]
        if not dated:
            return NO_BID_DATE
        suppliers = {s for a in process.active_awards for s in a.suppliers}
        late = {
            t: b.date_text for b in dated if b.date is not None and b.date > process.tender_end for t in b.tenderers
        }
        winners = sorted(t for t in late if t in suppliers)
        if winners:
            evidence: dict[str, object] = {"tender.tenderPeriod.endDate": process.tender_end_text}
            evidence.update({f"bid date of {t}": late[t] for t in winners})
            self.flag_process(process, 1.0, evidence)
            for tenderer in winners:
                self.flag_tenderer(tenderer, 1.0, (process.ocid,))
        return None


class R035(Indicator):
    """All except the winning bid disqualified."""

    code = "R035"

    def add(self, process: Process) -> str | None:
        if not self.settings.compares_bids(process.method_details):
            return METHOD
        if not _awards_final(process):
            return AWARD_PENDING
        if not process.bids:
            return NO_BIDS
        valid = {t for b in process.bids if b.status == "valid" for t in b.tenderers}
        suppliers = {s for a in process.active_awards for s in a.suppliers}
        if len(valid) != 1 or valid != suppliers:
            return None
        disqualified = {t for b in process.bids if b.status == "disqualified" for t in b.tenderers} - valid
        if len(disqualified) >= self.cardinal.r035_threshold:
            (winner,) = valid
            self.flag_process(
                process, float(len(disqualified)), {"winner": winner, "disqualified": sorted(disqualified)}
            )
            self.flag_tenderer(winner, 0.0, (process.ocid,))
        return None


class R036(Indicator):
    """Lowest bid disqualified, with active awards and valid bids with amounts."""

    code = "R036"

    def add(self, process: Process) -> str | None:
        if not self.settings.compares_bids(process.method_details):
            return METHOD
        if not self.settings.compares_prices(process.method_details):
            return NO_PRICE_COMPARISON
        if not process.active_awards:
            return NO_ACTIVE_AWARD
        submitted = [(a, b) for b in process.bids if b.submitted and (a := self.context.amount(b.value)) is not None]
        if not any(b.status == "valid" for _, b in submitted):
            return NO_BID_AMOUNTS
        lowest = min(a for a, _ in submitted)
        losers = [b for a, b in submitted if a == lowest and b.status == "disqualified"]
        if losers:
            self.flag_process(
                process,
                1.0,
                {"lowest bid": lowest, "disqualified": sorted(t for b in losers for t in b.tenderers)},
            )
        return None


class R038(Indicator):
    """Excessive disqualified bids: a buyer's, procuring entity's or tenderer's ratio is a high outlier.

    Cardinal's fixture counts a buyer's contracting processes for the minimum before excluding cancelled
    ones (its cancelled process counts towards the minimum of 2, not towards the ratio); so does this one.
    """

    code = "R038"

    def __init__(self, settings: Settings, context: Context, results: Results) -> None:
        super().__init__(settings, context, results)
        self.processes: dict[str, Counter[str]] = {"Buyer": Counter(), "ProcuringEntity": Counter()}
        self.ratios: dict[str, dict[str, list[int]]] = {"Buyer": {}, "ProcuringEntity": {}, "Tenderer": {}}

    def observe(self, process: Process) -> None:
        for group, identifier in (("Buyer", process.buyer_id), ("ProcuringEntity", process.procuring_entity_id)):
            if identifier is not None:
                self.processes[group][identifier] += 1

    def add(self, process: Process) -> str | None:
        if not self.settings.compares_bids(process.method_details):
            return METHOD
        submitted = [b for b in process.bids if b.submitted]
        if not submitted:
            return NO_BIDS
        disqualified = sum(1 for b in submitted if b.status == "disqualified")
        for group, identifier in (("Buyer", process.buyer_id), ("ProcuringEntity", process.procuring_entity_id)):
            if identifier is not None:
                entry = self.ratios[group].setdefault(identifier, [0, 0])
                entry[0] += disqualified
                entry[1] += len(submitted)
        for bid in submitted:
            for tenderer in bid.tenderers:
                entry = self.ratios["Tenderer"].setdefault(tenderer, [0, 0])
                entry[0] += bid.status == "disqualified"
                entry[1] += 1
        return None

    def merge(self, other: Indicator) -> None:
        assert isinstance(other, R038)
        for group, counts in other.processes.items():
            self.processes[group].update(counts)
        for group, entries in other.ratios.items():
            mine = self.ratios[group]
            for identifier, (disqualified, submitted) in entries.items():
                entry = mine.setdefault(identifier, [0, 0])
                entry[0] += disqualified
                entry[1] += submitted

    def finish(self) -> None:
        meta: dict[str, float] = {}
        for group, entries in self.ratios.items():
            if group == "Tenderer":
                minimum = self.cardinal.r038_minimum_submitted_bids
                eligible = {k: v[0] / v[1] for k, v in entries.items() if v[1] >= minimum}
            else:
                minimum = self.cardinal.r038_minimum_contracting_processes
                counts = self.processes[group]
                eligible = {k: v[0] / v[1] for k, v in entries.items() if v[1] and counts[k] >= minimum}
            fence = Fence.of(eligible.values())
            if fence is None:
                continue
            prefix = {"Buyer": "buyer", "ProcuringEntity": "procuring_entity", "Tenderer": "tenderer"}[group]
            meta.update({f"{prefix}_{key}": value for key, value in fence.meta("upper").items()})
            limit = self.cardinal.r038_threshold if self.cardinal.r038_threshold is not None else fence.upper
            for identifier, ratio in eligible.items():
                if ratio >= limit and ratio > 0:  # nothing disqualified is never excessive
                    disqualified, submitted = entries[identifier]
                    evidence = {"disqualified bids": disqualified, "submitted bids": submitted, "upper fence": limit}
                    self.results.flag(self.code, group, identifier, ratio, evidence)
        if meta:
            self.results.meta[self.code] = meta


class R048(Indicator):
    """Heterogeneous supplier: the variety of item classifications awarded to a tenderer is a high outlier."""

    code = "R048"

    def __init__(self, settings: Settings, context: Context, results: Results) -> None:
        super().__init__(settings, context, results)
        self.classes: defaultdict[str, set[str]] = defaultdict(set)
        self.processes: Counter[str] = Counter()

    def add(self, process: Process) -> str | None:
        awards = [a for a in process.active_awards if len(a.suppliers) == 1]
        if not awards:
            return NO_ACTIVE_AWARD
        digits = self.cardinal.r048_digits
        suppliers: set[str] = set()
        for award in awards:
            supplier = award.suppliers[0]
            suppliers.add(supplier)
            for code in award.classifications:
                self.classes[supplier].add(code[:digits])
        for supplier in suppliers:
            self.processes[supplier] += 1
        if not any(a.classifications for a in awards):
            return NO_CLASSIFICATION
        return None

    def merge(self, other: Indicator) -> None:
        assert isinstance(other, R048)
        for supplier, classes in other.classes.items():
            self.classes[supplier] |= classes
        self.processes.update(other.processes)

    def finish(self) -> None:
        minimum = self.cardinal.r048_minimum_contracting_processes
        eligible = {k: float(len(v)) for k, v in self.classes.items() if v and self.processes[k] >= minimum}
        fence = Fence.of(eligible.values())
        if fence is None:
            return
        self.results.meta[self.code] = fence.meta("upper")
        limit = self.cardinal.r048_threshold if self.cardinal.r048_threshold is not None else fence.upper
        for supplier, variety in eligible.items():
            if variety >= limit and variety > 1:  # one category is never heterogeneous
                self.flag_tenderer(
                    supplier, variety, (), classifications=sorted(self.classes[supplier]), **{"upper fence": limit}
                )


#: Cardinal's indicators by code.
INDICATORS: dict[str, type[Indicator]] = {
    cls.code: cls for cls in (R003, R018, R024, R025, R028, R030, R035, R036, R038, R048, R058)
}
