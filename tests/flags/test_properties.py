"""Properties of a run over arbitrary, often malformed, compiled releases."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.flags import cardinal_profile, compute_flags, indonesia_profile
from ocds_regency.flags.process import view

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            "x",
            "valid",
            "disqualified",
            "pending",
            "active",
            "Tender",
            "Pengadaan Langsung",
            "2025-03-01T00:00:00+07:00",
            "2025-12-20",
            "not a date",
            "IDR",
            "USD",
        ]
    ),
)
values = st.one_of(scalars, st.fixed_dictionaries({}, optional={"amount": scalars, "currency": scalars}))
orgs = st.lists(st.fixed_dictionaries({}, optional={"id": scalars, "name": scalars}), max_size=3)
bids = st.lists(
    st.fixed_dictionaries(
        {}, optional={"id": scalars, "status": scalars, "tenderers": orgs, "value": values, "date": scalars}
    ),
    max_size=4,
)
awards = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "status": scalars,
            "suppliers": st.one_of(orgs, st.fixed_dictionaries({"id": scalars})),
            "value": values,
            "date": scalars,
            "relatedBid": scalars,
            "items": st.lists(st.fixed_dictionaries({"classification": st.fixed_dictionaries({"id": scalars})})),
        },
    ),
    max_size=3,
)
tenders = st.fixed_dictionaries(
    {},
    optional={
        "status": scalars,
        "procurementMethod": st.sampled_from(["open", "selective", "direct", "limited"]) | scalars,
        "procurementMethodDetails": scalars,
        "mainProcurementCategory": st.sampled_from(["goods", "works", "services"]) | scalars,
        "numberOfTenderers": scalars,
        "value": values,
        "title": scalars,
        "tenderPeriod": st.fixed_dictionaries({}, optional={"startDate": scalars, "endDate": scalars}),
        "awardCriteriaDetails": scalars,
    },
)
releases = st.fixed_dictionaries(
    {"ocid": st.one_of(st.sampled_from(["a", "b", "c", "d"]), scalars)},
    optional={
        "buyer": st.fixed_dictionaries({}, optional={"id": scalars, "name": scalars}),
        "tender": tenders,
        "bids": st.fixed_dictionaries({}, optional={"details": bids}),
        "awards": awards,
        "contracts": st.lists(st.fixed_dictionaries({}, optional={"value": values, "dateSigned": scalars})),
        "planning": st.fixed_dictionaries({"budget": st.fixed_dictionaries({"amount": values})}),
        "date": scalars,
    },
)


@settings(max_examples=150, deadline=None)
@given(st.lists(releases, max_size=12), st.booleans())
def test_every_process_is_assessed_or_has_a_reason(data: list[dict[str, Any]], cardinal: bool) -> None:
    report = compute_flags(data, cardinal_profile() if cardinal else indonesia_profile())
    processes = sum(isinstance(release.get("ocid"), str) for release in data)
    assert report.processes == processes
    for code, coverage in report.coverage.items():
        assert coverage.assessed + sum(coverage.not_assessed.values()) == processes, code
    flagged = {flag.id for flag in report.flags if flag.group == "OCID"}
    assert flagged <= {release["ocid"] for release in data if isinstance(release.get("ocid"), str)}
    report.to_dict(), report.to_csv(), report.cardinal()


@settings(max_examples=60, deadline=None)
@given(
    tender=st.sampled_from([None, "2024-12-30T00:00:00+07:00"]),
    awards=st.lists(st.sampled_from(["2025-02-01T00:00:00Z", "2023-06-01", "not a date"]), max_size=3),
    signed=st.lists(st.sampled_from(["2022-01-05T00:00:00Z", None]), max_size=2),
    date=st.sampled_from([None, "2026-01-01T00:00:00Z"]),
)
def test_budget_year_is_the_year_of_the_first_event_in_order(
    tender: str | None, awards: list[str], signed: list[str | None], date: str | None
) -> None:
    release: dict[str, Any] = {
        "ocid": "ocds-x",
        "tender": {"tenderPeriod": {"startDate": tender}},
        "awards": [{"id": str(n), "date": text} for n, text in enumerate(awards)],
        "contracts": [{"id": str(n), "dateSigned": text} for n, text in enumerate(signed)],
    }
    if date is not None:
        release["date"] = date
    # tender start, then the awards, then the contracts in their order, then the release date
    candidates = [tender, *awards, *signed, date]
    expected = next((int(text[:4]) for text in candidates if text is not None and text != "not a date"), None)
    process = view(release)
    assert process is not None
    assert process.budget_year == expected
