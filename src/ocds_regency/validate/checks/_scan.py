"""One pass over a compiled release that settles the data-quality checks when they pass.

Most compiled releases pass most checks. The checks themselves build a JSON Pointer and a
:class:`~ocds_regency.validate.checks.Problem` for what they look at, in about twenty walks over the
same awards, contracts and periods. :func:`scan` walks the release once, with no paths and no
objects, and works out for each check whether it is *not applicable* (``None``), *passed*
(``True``) or *failed or undecided* (``False``). :func:`~ocds_regency.validate.checks.run_checks`
trusts the first two and runs the check itself on ``False``, so findings always come from the
check's own code. The scan must follow the checks' rules exactly (what applies, what passes); a test
compares the two on generated dirty packages and on randomly mutated releases.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from ocds_regency.validate.checks import QualityConfig
from ocds_regency.validate.checks._util import _DATES, amount
from ocds_regency.validate.checks.values import _payment, repeat_reason

__all__ = ["SCANNED", "scan"]

#: The checks :func:`scan` settles (``None``: not applicable, ``True``: passed, ``False``: failed).
SCANNED = frozenset(
    {
        "quality.period_order",
        "quality.duration",
        "quality.date_order",
        "quality.date_after_release",
        "quality.party_reference",
        "quality.party_role",
        "quality.party_name",
        "quality.tender_status",
        "quality.award_status",
        "quality.contract_status",
        "quality.milestone_status",
        "quality.number_of_tenderers",
        "quality.contract_award",
        "quality.contract_value",
        "quality.tender_budget",
        "quality.transactions_value",
        "id.currency",
        "id.hps_over_pagu",
        "id.contract_over_hps",
        "id.npwp",
        "quality.amendment_date",
        "quality.procurement_method_tenderers",
        "quality.party_unnamed",
        "quality.party_role_unreferenced",
        "quality.supplier_split",
        "quality.value_realistic",
        "quality.duplicate_transaction",
    }
)
_REFERENCED_ROLES = frozenset({"buyer", "procuringEntity", "tenderer", "supplier", "payer", "payee"})
_UNAWARDED_TENDER = frozenset({"planning", "planned", "cancelled", "unsuccessful", "withdrawn"})
_INACTIVE_AWARD = frozenset({"pending", "cancelled", "unsuccessful"})
_INACTIVE_CONTRACT = frozenset({"pending", "cancelled"})

_NONE: dict[str, Any] = {}
_TENDER_PERIODS = ("tenderPeriod", "enquiryPeriod", "awardPeriod", "contractPeriod")


_APPLIED, _FAILED = 1, 2


@functools.lru_cache(maxsize=8)
def _rates(pairs: tuple[tuple[str, float], ...]) -> dict[str, float]:
    """``QualityConfig.usd_rates`` as a mapping (built once per setting)."""
    return dict(pairs)


def _amended_before(amended: list[object], moment: Any) -> int:
    """0 if no amendment date parses, :data:`_FAILED` if one is before ``moment``, else :data:`_APPLIED`."""
    state = 0
    for value in amended:
        amended_at = _DATES[value] if type(value) is str else None
        if amended_at is not None:
            if amended_at < moment:
                return _FAILED
            state = _APPLIED
    return state


def _repeats(transactions: list[Any]) -> bool:
    """Two of these payments (of one amount) repeat each other, by the rules of ``quality.duplicate_transaction``."""
    seen: list[tuple[object, object, object]] = []
    for tx in transactions:
        payment = _payment(tx)
        if any(repeat_reason(payment, other) is not None for other in seen):
            return True
        seen.append(payment)
    return False


def _status(applied: bool, failed: bool) -> bool | None:
    return (not failed) if applied else None


def scan(release: Mapping[str, Any], config: QualityConfig) -> dict[str, bool | None]:
    """Status of each check in :data:`SCANNED` on ``release`` (a compiled release)."""
    dates = _DATES
    get = release.get

    tender = get("tender")
    tender = tender if type(tender) is dict else _NONE
    planning = get("planning")
    planning = planning if type(planning) is dict else _NONE
    budget = planning.get("budget")
    budget = budget if type(budget) is dict else _NONE
    awards = get("awards")
    awards = awards if type(awards) is list else []
    contracts = get("contracts")
    contracts = contracts if type(contracts) is list else []

    # ------------------------------------------------------------------ periods and durations
    periods: list[Any] = [tender[key] for key in _TENDER_PERIODS if isinstance(tender.get(key), dict)]
    if isinstance(budget.get("period"), dict):
        periods.append(budget["period"])
    for award in awards:
        if isinstance(award, dict) and isinstance(award.get("contractPeriod"), dict):
            periods.append(award["contractPeriod"])
    for contract in contracts:
        if isinstance(contract, dict) and isinstance(contract.get("period"), dict):
            periods.append(contract["period"])
    order_applied = order_failed = duration_applied = duration_failed = False
    tolerance = config.duration_tolerance
    for period in periods:
        start = dates[v] if type(v := period.get("startDate")) is str else None
        end_value = period.get("endDate")
        end = dates[end_value] if type(end_value) is str else None
        if start is not None and end is not None:
            order_applied = True
            if start > end:
                order_failed = True
        declared = period.get("durationInDays")
        if type(declared) is bool or not isinstance(declared, (int, float)) or start is None:
            continue
        if end_value is None:
            end = dates[v] if type(v := period.get("maxExtentDate")) is str else None
        if end is None:
            continue
        duration_applied = True
        if abs(round((end - start).total_seconds() / 86400) - declared) > tolerance:
            duration_failed = True

    # ------------------------------------------------------- date order and dates after the release
    release_date = dates[v] if type(v := get("date")) is str else None
    pair_applied = pair_failed = False
    after_applied = after_failed = False
    dated: list[object] = []  # every date date_after_release looks at
    tender_period = tender.get("tenderPeriod")
    tender_end = (
        (dates[v] if type(v := tender_period.get("endDate")) is str else None) if type(tender_period) is dict else None
    )
    contract_period = tender.get("contractPeriod")
    if tender_end is not None and type(contract_period) is dict:
        moment = dates[v] if type(v := contract_period.get("startDate")) is str else None
        if moment is not None:
            pair_applied = True
            if moment < tender_end:
                pair_failed = True
    amend_applied = amend_failed = False
    tender_start = (
        (dates[v] if type(v := tender_period.get("startDate")) is str else None)
        if type(tender_period) is dict
        else None
    )
    award_dates: dict[object, object] = {}
    for award in awards:
        if type(award) is not dict:
            continue
        award_date = award.get("date")
        dated.append(award_date)
        moment = dates[award_date] if type(award_date) is str else None
        if tender_end is not None and moment is not None:
            pair_applied = True
            if moment < tender_end:
                pair_failed = True
        ident = award.get("id")
        if isinstance(ident, (str, int)) and not isinstance(ident, bool):
            award_dates[ident] = award_date
        amendments = award.get("amendments")
        if type(amendments) is list:
            dated.extend(amended := [a.get("date") if type(a) is dict else None for a in amendments])
            if moment is not None and (state := _amended_before(amended, moment)):
                amend_applied = True
                amend_failed |= state == _FAILED
    amendments = tender.get("amendments")
    if type(amendments) is list:
        dated.extend(amended := [a.get("date") if type(a) is dict else None for a in amendments])
        if tender_start is not None and (state := _amended_before(amended, tender_start)):
            amend_applied = True
            amend_failed |= state == _FAILED
    owners: list[Any] = [planning, tender]  # of milestones
    doc_owners: list[Any] = [planning, tender, *(a for a in awards if type(a) is dict)]
    for contract in contracts:
        if type(contract) is not dict:
            continue
        signed_value = contract.get("dateSigned")
        dated.append(signed_value)
        signed = dates[signed_value] if type(signed_value) is str else None
        if signed is not None and tender_end is not None:
            pair_applied = True
            if signed < tender_end:
                pair_failed = True
        award_id = contract.get("awardID")
        if isinstance(award_id, (str, int)) and award_id in award_dates:
            awarded = dates[v] if type(v := award_dates[award_id]) is str else None
            if awarded is not None and signed is not None:
                pair_applied = True
                if signed < awarded:
                    pair_failed = True
        amendments = contract.get("amendments")
        if type(amendments) is list:
            dated.extend(amended := [a.get("date") if type(a) is dict else None for a in amendments])
            if signed is not None and (state := _amended_before(amended, signed)):
                amend_applied = True
                amend_failed |= state == _FAILED
        implementation = contract.get("implementation")
        implementation = implementation if type(implementation) is dict else _NONE
        transactions = implementation.get("transactions")
        if type(transactions) is list:
            for tx in transactions:
                tx_value = tx.get("date") if type(tx) is dict else None
                dated.append(tx_value)
                moment = dates[tx_value] if type(tx_value) is str else None
                if signed is not None and moment is not None:
                    pair_applied = True
                    if moment < signed:
                        pair_failed = True
        owners.append(contract)
        owners.append(implementation)
        doc_owners.append(contract)
        doc_owners.append(implementation)
    for owner in owners:
        milestones = owner.get("milestones")
        if type(milestones) is list:
            for milestone in milestones:
                if type(milestone) is dict:
                    dated.append(milestone.get("dateMet"))
                    dated.append(milestone.get("dateModified"))
                else:
                    dated.append(None)
    for owner in doc_owners:
        documents = owner.get("documents")
        if type(documents) is not list:
            continue
        for doc in documents:
            if not isinstance(doc, dict):
                continue
            published_value = doc.get("datePublished")
            modified_value = doc.get("dateModified")
            dated.append(published_value)
            dated.append(modified_value)
            published, modified = (
                (dates[published_value] if type(published_value) is str else None),
                (dates[modified_value] if type(modified_value) is str else None),
            )
            if published is not None and modified is not None:
                pair_applied = True
                if modified < published:
                    pair_failed = True
    if release_date is not None:
        for value in dated:
            if type(value) is not str:
                continue
            moment = dates[value]
            if moment is not None:
                after_applied = True
                if moment > release_date:
                    after_failed = True
                    break

    # ---------------------------------------------------------------------------- party references
    ref_applied = ref_failed = role_applied = role_failed = name_applied = name_failed = False
    by_id: dict[tuple[type[Any], Any], list[Any]] = {}
    parties = get("parties")
    unnamed_applied = unnamed_failed = False
    if type(parties) is list:
        for party in parties:
            if isinstance(party, dict):
                ident = party.get("id")
                if isinstance(ident, (str, int, float)) and not isinstance(ident, bool):
                    by_id.setdefault((type(ident), ident), []).append(party)
                unnamed_applied = True
                name = party.get("name")
                if type(name) is not str or not name.strip():
                    unnamed_failed = True
    references: list[tuple[str, Any]] = []
    buyer = get("buyer")
    if isinstance(buyer, dict):
        references.append(("buyer", buyer))
    if isinstance(tender.get("procuringEntity"), dict):
        references.append(("procuringEntity", tender["procuringEntity"]))
    tenderers = tender.get("tenderers")
    if type(tenderers) is list:
        references.extend(("tenderer", ref) for ref in tenderers if isinstance(ref, dict))
    for award in awards:
        suppliers = award.get("suppliers") if type(award) is dict else None
        if type(suppliers) is list:
            references.extend(("supplier", ref) for ref in suppliers if isinstance(ref, dict))
    for contract in contracts:
        implementation = contract.get("implementation") if type(contract) is dict else None
        transactions = implementation.get("transactions") if type(implementation) is dict else None
        if type(transactions) is not list:
            continue
        for tx in transactions:
            if type(tx) is not dict:
                continue
            for role in ("payer", "payee"):
                if isinstance(tx.get(role), dict):
                    references.append((role, tx[role]))
    referenced: set[tuple[str, type[Any], Any]] = set()
    supplier_ids: set[tuple[type[Any], Any]] = set()
    for role, ref in references:
        ref_applied = True
        ident = ref.get("id")
        kind = type(ident)
        if kind is not str and kind is not int and kind is not float:
            ref_failed = True
            continue
        referenced.add((role, kind, ident))
        if role == "supplier":
            supplier_ids.add((kind, ident))
        matches = by_id.get((kind, ident))
        if matches is None or len(matches) != 1:
            ref_failed = True
            continue
        party = matches[0]
        role_applied = True
        roles = party.get("roles")
        if not isinstance(roles, list) or role not in roles:
            role_failed = True
        ref_name, party_name = ref.get("name"), party.get("name")
        if isinstance(ref_name, str) and isinstance(party_name, str):
            name_applied = True
            if ref_name != party_name:
                name_failed = True

    unreferenced_applied = unreferenced_failed = False
    if type(parties) is list:
        for party in parties:
            roles = party.get("roles") if type(party) is dict else None
            if type(roles) is not list:
                continue
            ident = party.get("id")
            hashable = isinstance(ident, (str, int, float)) and not isinstance(ident, bool)
            for role in roles:
                if type(role) is str and role in _REFERENCED_ROLES:
                    unreferenced_applied = True
                    if not hashable or (role, type(ident), ident) not in referenced:
                        unreferenced_failed = True
    # One supplier can't be split; with two or more, the check decides whether they are one.
    split_status: bool | None = None if not supplier_ids else len(supplier_ids) == 1

    # ------------------------------------------------------------------------------------ currency
    currency_applied = currency_failed = False
    expected = config.expected_currency
    values: list[Any] = [budget.get("amount"), tender.get("value"), tender.get("minValue")]
    for award in awards:
        if isinstance(award, dict):
            values.append(award.get("value"))
    for contract in contracts:
        if not isinstance(contract, dict):
            continue
        values.append(contract.get("value"))
        implementation = contract.get("implementation")
        transactions = implementation.get("transactions") if type(implementation) is dict else None
        if type(transactions) is list:
            values.extend(tx.get("value") for tx in transactions if isinstance(tx, dict))
    rates = _rates(config.usd_rates)
    limit = config.value_limit_usd
    realistic_applied = realistic_failed = False
    for value in values:
        if type(value) is dict:
            code = value.get("currency")
            if type(code) is str:
                currency_applied = True
                if code != expected:
                    currency_failed = True
                if code in rates:
                    number = value.get("amount")
                    if type(number) is int or type(number) is float:
                        realistic_applied = True
                        if abs(number / rates[code]) > limit:
                            realistic_failed = True

    # ------------------------------------------------------------------------------------ statuses
    status = tender.get("status")
    tender_status: bool | None = None
    if isinstance(status, str):
        tender_status = not (status in _UNAWARDED_TENDER and bool(awards or contracts))
    award_statuses: dict[object, object] = {}
    award_counts: dict[tuple[type[Any], Any], int] = {}
    for award in awards:
        if type(award) is not dict:
            continue
        ident = award.get("id")
        if isinstance(ident, (str, int)) and not isinstance(ident, bool):
            award_statuses[ident] = award.get("status")
        if isinstance(ident, (str, int, float)) and not isinstance(ident, bool):
            key = (type(ident), ident)
            award_counts[key] = award_counts.get(key, 0) + 1
    award_applied = award_failed = contract_applied = contract_failed = False
    link_failed = False  # contract_award: applies whenever there are contracts
    for contract in contracts:
        if type(contract) is not dict:
            link_failed = True  # no awardID
            continue
        award_id = contract.get("awardID")
        if isinstance(award_id, (str, int)) and award_id in award_statuses:
            award_status = award_statuses[award_id]
            if isinstance(award_status, str):
                award_applied = True
                if award_status in _INACTIVE_AWARD:
                    award_failed = True
        if (
            not isinstance(award_id, (str, int, float))
            or isinstance(award_id, bool)
            or award_counts.get((type(award_id), award_id), 0) != 1
        ):
            link_failed = True
        contract_state = contract.get("status")
        if isinstance(contract_state, str):
            contract_applied = True
            if contract_state in _INACTIVE_CONTRACT:
                implementation = contract.get("implementation")
                transactions = implementation.get("transactions") if type(implementation) is dict else None
                if type(transactions) is list and transactions:
                    contract_failed = True
    milestone_applied = milestone_failed = False
    for owner in owners:
        milestones = owner.get("milestones")
        if type(milestones) is not list:
            continue
        for milestone in milestones:
            if type(milestone) is not dict:
                continue
            milestone_state = milestone.get("status")
            if isinstance(milestone_state, str):
                milestone_applied = True
                if milestone.get("dateMet") is not None and milestone_state != "met":
                    milestone_failed = True
    declared_tenderers = tender.get("numberOfTenderers")
    method_status: bool | None = None
    if (
        tender.get("procurementMethod") == "direct"
        and type(declared_tenderers) is not bool
        and isinstance(declared_tenderers, (int, float))
    ):
        method_status = declared_tenderers <= 1
    tenderers_status: bool | None = None
    if type(declared_tenderers) is not bool and isinstance(declared_tenderers, int) and isinstance(tenderers, list):
        tenderers_status = declared_tenderers == len(tenderers)

    # -------------------------------------------------------------------------------------- amounts
    budget_amount = amount(budget.get("amount"))
    tender_value = amount(tender.get("value"))
    budget_status: bool | None = None
    pagu_status: bool | None = None
    if budget_amount is not None and tender_value is not None and budget_amount[1] == tender_value[1]:
        pagu_status = tender_value[0] <= budget_amount[0]
        if tender_value[0] != 0:
            low, high = config.tender_budget_ratio
            budget_status = low <= budget_amount[0] / tender_value[0] <= high
    totals: dict[object, float] = {}
    currencies: dict[object, list[object]] = {}
    hps_applied = hps_failed = paid_applied = paid_failed = False
    duplicate_status: bool | None = None
    for contract in contracts:
        if type(contract) is not dict:
            continue
        if duplicate_status is not False:
            implementation = contract.get("implementation")
            transactions = implementation.get("transactions") if type(implementation) is dict else None
            if type(transactions) is list and len(transactions) > 1:
                valued = 0
                by_amount: dict[tuple[float, object], list[Any]] = {}
                for tx in transactions:
                    paid_value = tx.get("value") if type(tx) is dict else None
                    if type(paid_value) is not dict:
                        continue
                    number, code = paid_value.get("amount"), paid_value.get("currency")
                    if (type(number) is int or type(number) is float) and (code is None or type(code) is str):
                        valued += 1
                        by_amount.setdefault((float(number), code), []).append(tx)
                if valued > 1:
                    # Only payments of the same amount can repeat each other.
                    duplicate_status = len(by_amount) == valued or not any(
                        _repeats(same) for same in by_amount.values() if len(same) > 1
                    )
        value = amount(contract.get("value"))
        if value is None:
            continue
        award_id = contract.get("awardID")
        if isinstance(award_id, (str, int)):
            totals[award_id] = totals.get(award_id, 0.0) + value[0]
            currencies.setdefault(award_id, []).append(value[1])
        if tender_value is not None and value[1] == tender_value[1]:
            hps_applied = True
            if value[0] > tender_value[0]:
                hps_failed = True  # unless documented: the check decides
        implementation = contract.get("implementation")
        transactions = implementation.get("transactions") if type(implementation) is dict else None
        if type(transactions) is not list or not transactions:
            continue
        same = []
        for tx in transactions:
            paid = amount(tx.get("value")) if type(tx) is dict else None
            if paid is not None and paid[1] == value[1]:
                same.append(paid[0])
        if same:
            paid_applied = True
            if sum(same) > value[0] + 1e-6 * max(1.0, abs(value[0])):
                paid_failed = True
    value_applied = value_failed = False
    low, high = config.contract_award_ratio
    for award in awards:
        if type(award) is not dict:
            continue
        award_id = award.get("id")
        if not isinstance(award_id, (str, int)) or award_id not in totals:
            continue
        value = amount(award.get("value"))
        if value is None or value[0] == 0 or any(other != value[1] for other in currencies[award_id]):
            continue
        value_applied = True
        if not low <= totals[award_id] / value[0] <= high:
            value_failed = True

    # ----------------------------------------------------------------------------------------- NPWP
    npwp_status: bool | None = None  # any ID-DJP identifier: the check decides
    if type(parties) is list:
        for party in parties:
            if type(party) is not dict:
                continue
            identifier = party.get("identifier")
            if type(identifier) is dict and identifier.get("scheme") == "ID-DJP":
                npwp_status = False
                break
            extras = party.get("additionalIdentifiers")
            if type(extras) is list and any(type(x) is dict and x.get("scheme") == "ID-DJP" for x in extras):
                npwp_status = False
                break

    return {
        "quality.tender_status": tender_status,
        "quality.award_status": _status(award_applied, award_failed),
        "quality.contract_status": _status(contract_applied, contract_failed),
        "quality.milestone_status": _status(milestone_applied, milestone_failed),
        "quality.number_of_tenderers": tenderers_status,
        "quality.contract_award": (not link_failed) if contracts else None,
        "quality.contract_value": _status(value_applied, value_failed),
        "quality.tender_budget": budget_status,
        "quality.transactions_value": _status(paid_applied, paid_failed),
        "id.hps_over_pagu": pagu_status,
        "id.contract_over_hps": None if tender_value is None else _status(hps_applied, hps_failed),
        "id.npwp": npwp_status,
        "quality.period_order": _status(order_applied, order_failed),
        "quality.duration": _status(duration_applied, duration_failed),
        "quality.date_order": _status(pair_applied, pair_failed),
        "quality.date_after_release": _status(after_applied, after_failed),
        "quality.party_reference": _status(ref_applied, ref_failed),
        "quality.party_role": _status(role_applied, role_failed),
        "quality.party_name": _status(name_applied, name_failed),
        "id.currency": _status(currency_applied, currency_failed),
        "quality.amendment_date": _status(amend_applied, amend_failed),
        "quality.procurement_method_tenderers": method_status,
        "quality.party_unnamed": _status(unnamed_applied, unnamed_failed),
        "quality.party_role_unreferenced": _status(unreferenced_applied, unreferenced_failed),
        "quality.supplier_split": split_status,
        "quality.value_realistic": _status(realistic_applied, realistic_failed),
        "quality.duplicate_transaction": duplicate_status,
    }
