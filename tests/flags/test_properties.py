"""Properties of a run over arbitrary, often malformed, compiled releases."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.flags import cardinal_profile, compute_flags, indonesia_profile

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
