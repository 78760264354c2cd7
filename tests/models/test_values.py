"""Field-level behaviour: exact money, dates kept as given, ids, nulls, codelists, unknown fields, errors."""

from __future__ import annotations

import copy
import json
import pickle
import warnings
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ocds_regency.errors import InputError, ParseError
from ocds_regency.models import (
    Award,
    BidsStatistic,
    Budget,
    Contract,
    Document,
    Geometry,
    Item,
    Milestone,
    Organization,
    OrganizationDetails,
    Period,
    PrecisionWarning,
    Record,
    Release,
    Tender,
    Value,
    dumps,
    json_number,
    loads,
    parse_datetime,
    to_dict,
    to_json,
)

RELEASE = {
    "ocid": "ocds-x-1",
    "id": "1",
    "date": "2024-01-01T00:00:00+07:00",
    "tag": ["tender"],
    "initiationType": "tender",
}


def release_with(**fields: Any) -> dict[str, Any]:
    return {**RELEASE, **fields}


# ---------------------------------------------------------------------------------------------- money


@pytest.mark.parametrize("amount", [999995334.78, Decimal("999995334.78"), "999995334.78"])
def test_money_keeps_its_exact_value(amount: Any) -> None:
    value = Value(amount=amount, currency="IDR")
    assert value.amount == Decimal("999995334.78")
    assert value.to_json() == b'{"amount":999995334.78,"currency":"IDR"}'
    assert value.model_dump_json() == '{"amount":999995334.78,"currency":"IDR"}'
    assert value.model_dump(mode="json") == {"amount": 999995334.78, "currency": "IDR"}
    assert value.to_dict() == {"amount": Decimal("999995334.78"), "currency": "IDR"}


def test_money_is_written_as_a_json_number_never_a_string() -> None:
    release = Release.from_dict(release_with(tender={"id": "1", "value": {"amount": 999995334.78, "currency": "IDR"}}))
    for text in (release.to_json(), release.model_dump_json(), json.dumps(release.model_dump(mode="json"))):
        amount = json.loads(text)["tender"]["value"]["amount"]
        assert type(amount) is float
        assert amount == 999995334.78
    assert b'"amount":999995334.78' in release.to_json()


def test_float_text_is_read_exactly() -> None:
    text = '{"amount": 0.1000000000000000055511151231257827, "currency": "IDR"}'
    value = Value.from_json(text)
    assert value.amount == Decimal("0.1000000000000000055511151231257827")
    assert value.to_json() == b'{"amount":0.1000000000000000055511151231257827,"currency":"IDR"}'


def test_json_modes_warn_when_a_number_needs_more_than_a_float() -> None:
    value = Value(amount=Decimal("0.1000000000000000055511151231257827"))
    with pytest.warns(PrecisionWarning, match="to_json"):
        assert value.model_dump(mode="json", exclude_unset=True) == {"amount": 0.1}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Value(amount=Decimal("123456789012.34")).model_dump_json()  # 14 digits: exact, no warning


@pytest.mark.parametrize(
    ("given_value", "written"),
    [
        (5, b"5"),
        (5.0, b"5.0"),
        (-0.0, b"-0.0"),
        (10**30, b"1000000000000000000000000000000"),
        (-1.1079270422433236e16, b"-11079270422433236.0"),
        (1e20, b"1E+20"),
        (Decimal("1.10"), b"1.10"),
    ],
)
def test_integers_stay_integers_and_floats_stay_floats(given_value: Any, written: bytes) -> None:
    value = Value(amount=given_value)
    assert value.to_json() == b'{"amount":' + written + b"}"
    expected = float(given_value) if isinstance(given_value, Decimal) else given_value
    for text in (value.to_json(), value.model_dump_json().encode()):
        decoded = json.loads(text)["amount"]
        assert decoded == expected and type(decoded) is type(expected)


@settings(max_examples=50, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_float_comes_back_as_the_same_float(number: float) -> None:
    value = Value(amount=number)
    for text in (value.to_json(), value.model_dump_json().encode()):
        decoded = json.loads(text)["amount"]
        assert decoded == number and type(decoded) is float
    assert value.model_dump(mode="json")["amount"] == number


@settings(max_examples=50, deadline=None)
@given(st.integers())
def test_every_integer_comes_back_as_the_same_integer(number: int) -> None:
    value = Value(amount=number)
    assert json.loads(value.to_json())["amount"] == number
    assert type(json.loads(value.to_json())["amount"]) is int
    assert value.model_dump(mode="json")["amount"] == number


@pytest.mark.parametrize("bad", [True, "1,5", "abc", float("nan"), float("inf"), Decimal("NaN"), "Infinity", [1]])
def test_bad_numbers_are_rejected(bad: Any) -> None:
    with pytest.raises(ValidationError, match="amount"):
        Value(amount=bad)


def test_numeric_text_is_a_number_in_python_code_but_not_in_data() -> None:
    assert Value(amount="100.5").amount == Decimal("100.5")
    with pytest.raises(ValidationError, match="not a string"):
        Value.from_dict({"amount": "100.5"})
    with pytest.raises(ValidationError, match=r"tender\.value\.amount"):
        Release.from_json(json.dumps(release_with(tender={"id": "1", "value": {"amount": "100.5"}})))


def test_other_numbers_are_exact_too() -> None:
    item = Item.from_json('{"id": 1, "quantity": 2.5, "unit": {"value": {"amount": 0.3, "currency": "IDR"}}}')
    assert item.quantity == Decimal("2.5")
    assert item.unit is not None and item.unit.value is not None and item.unit.value.amount == Decimal("0.3")
    statistic = BidsStatistic(id="1", measure="lowestValidBidValue", value=1234567.89)
    assert statistic.to_json() == b'{"id":"1","measure":"lowestValidBidValue","value":1234567.89}'


def test_coordinates_are_exact_numbers_at_any_depth() -> None:
    text = '{"type":"Polygon","coordinates":[[[106.8272,-6.1754],[106.83,-6.18],[107,-6]]]}'
    geometry = Geometry.from_json(text)
    assert geometry.coordinates is not None
    assert geometry.coordinates[0][0][0] == Decimal("106.8272")  # type: ignore[index]
    assert geometry.to_json() == text.encode()
    assert geometry.model_dump_json(exclude_unset=True) == text
    with pytest.raises(ValidationError, match="coordinates"):
        Geometry.from_dict({"coordinates": [True]})


# ---------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-01T09:30:00+07:00",
        "2024-03-01T02:30:00Z",
        "2024-03-01t02:30:00z",
        "2024-02-29T23:59:59.123456789-03:30",
        "2016-12-31T23:59:60Z",
    ],
)
def test_dates_are_written_back_exactly_as_given(text: str) -> None:
    period = Period.from_dict({"startDate": text})
    assert period.start_date == text
    assert period.to_json() == json.dumps({"startDate": text}, separators=(",", ":")).encode()


@pytest.mark.parametrize(
    "text",
    ["2024-03-01", "2024-03-01T09:30:00", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "01/03/2024", "kemarin"],
)
def test_dates_without_offset_or_impossible_are_rejected(text: str) -> None:
    with pytest.raises(ValidationError, match="startDate"):
        Period.from_dict({"startDate": text})


def test_aware_datetimes_are_accepted_and_naive_ones_rejected() -> None:
    wib = timezone(timedelta(hours=7))
    assert Period(start_date=datetime(2024, 3, 1, 9, 30, tzinfo=wib)).start_date == "2024-03-01T09:30:00+07:00"
    with pytest.raises(ValidationError, match="naive"):
        Period(start_date=datetime(2024, 3, 1, 9, 30))


def test_parse_datetime_gives_aware_datetimes() -> None:
    assert parse_datetime("2024-03-01T09:30:00+07:00") == datetime(2024, 3, 1, 2, 30, tzinfo=UTC)
    assert parse_datetime("2024-03-01t02:30:00.1234567z") == datetime(2024, 3, 1, 2, 30, 0, 123456, tzinfo=UTC)
    assert parse_datetime("2024-03-01T00:00:00-03:30").utcoffset() == timedelta(hours=-3, minutes=-30)
    with pytest.raises(ParseError, match="2024-03-01"):
        parse_datetime("2024-03-01")
    with pytest.raises(ParseError, match="represent"):
        parse_datetime("2016-12-31T23:59:60Z")


# ---------------------------------------------------------------------------------------------- ids, scalars


@pytest.mark.parametrize("identifier", [1, "1", 10**20, "0001"])
def test_ids_keep_the_type_given(identifier: int | str) -> None:
    tender = Tender.from_dict({"id": identifier})
    assert tender.id == identifier and type(tender.id) is type(identifier)
    assert json.loads(tender.to_json())["id"] == identifier


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (Tender, {"id": True}, "id"),
        (Tender, {"id": 1.5}, "id"),
        (Tender, {"id": "1", "numberOfTenderers": "3"}, "numberOfTenderers"),
        (Tender, {"id": "1", "numberOfTenderers": 3.0}, "numberOfTenderers"),
        (Tender, {"id": "1", "hasEnquiries": 1}, "hasEnquiries"),
        (Tender, {"id": "1", "title": 5}, "title"),
        (Organization, {"id": 5}, "id"),
        (Release, {**RELEASE, "tag": "tender"}, "tag"),
    ],
)
def test_scalars_are_not_coerced(model: type[Tender], data: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        model.from_dict(data)


def test_required_fields_are_required() -> None:
    with pytest.raises(ValidationError) as caught:
        Release.from_dict({"ocid": "x"})
    assert {error["loc"][0] for error in caught.value.errors()} == {"id", "date", "tag", "initiationType"}
    with pytest.raises(ValidationError, match="awardID"):
        Contract.from_dict({"id": "1"})
    with pytest.raises(ValidationError, match="url"):
        Record.from_dict({"ocid": "x", "releases": [{"date": "2024-01-01T00:00:00Z"}]})


def test_errors_name_the_json_path() -> None:
    data = release_with(awards=[{"id": "a1"}, {"id": "a2", "value": {"amount": "lots", "currency": "IDR"}}])
    with pytest.raises(ValidationError) as caught:
        Release.from_dict(data)
    assert [error["loc"] for error in caught.value.errors()] == [("awards", 1, "value", "amount")]


# ---------------------------------------------------------------------------------------------- null and absent


def test_explicit_nulls_are_kept_and_absent_fields_are_not_written() -> None:
    tender = Tender.from_dict({"id": "1", "procurementMethod": None, "title": None})
    assert tender.to_dict() == {"id": "1", "procurementMethod": None, "title": None}
    assert Tender(id="1").to_dict() == {"id": "1"}


def test_empty_lists_and_objects_are_kept() -> None:
    data = release_with(parties=[], tender={"id": "1", "items": [], "value": {}}, buyer={})
    assert Release.from_dict(data).to_dict() == data


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (Tender, {"id": "1", "items": None}, "items"),
        (Tender, {"id": "1", "value": None}, "value"),
        (Tender, {"id": None}, "id"),
        (Release, {**RELEASE, "tender": None}, "tender"),
        (Organization, {"id": None}, "id"),
        (Item, {"id": "1", "unit": None}, "unit"),
    ],
)
def test_null_is_rejected_where_the_schema_does_not_allow_it(
    model: type[Tender], data: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError, match=field):
        model.from_dict(data)


def test_null_is_accepted_where_the_schema_allows_it() -> None:
    organization = Organization.from_dict({"id": "1", "details": None, "roles": None, "name": None})
    assert organization.to_dict() == {"id": "1", "details": None, "roles": None, "name": None}


# ---------------------------------------------------------------------------------------------- codelists


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (Tender, {"id": "1", "status": "aktif"}),
        (Tender, {"id": "1", "procurementMethod": "Tender"}),
        (Tender, {"id": "1", "mainProcurementCategory": "Barang"}),
        (Award, {"id": "1", "status": "Active"}),
        (Contract, {"id": "1", "awardID": "1", "status": "signed"}),
        (Milestone, {"id": "1", "status": "done"}),
        (Value, {"currency": "Rp"}),
        (Release, {**RELEASE, "tag": ["tender", "lelang"]}),
        (Release, {**RELEASE, "initiationType": "auction"}),
        (OrganizationDetails, {"scale": "umkm"}),
        (Geometry, {"type": "Circle"}),
    ],
)
def test_closed_codelist_violations_are_errors(model: type[Tender], data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="Input should be"):
        model.from_dict(data)


def test_open_codelists_accept_any_code() -> None:
    document = Document.from_dict({"id": "1", "documentType": "dokumenPemilihan"})
    assert document.document_type == "dokumenPemilihan"
    organization = Organization.from_dict({"id": "1", "roles": ["buyer", "pejabatPembuatKomitmen"]})
    assert organization.roles == ["buyer", "pejabatPembuatKomitmen"]
    tender = Tender.from_dict({"id": "1", "awardCriteria": "hargaTerendah", "submissionMethod": ["spse"]})
    assert tender.award_criteria == "hargaTerendah"


# ---------------------------------------------------------------------------------------------- unknown fields


def test_unknown_fields_are_kept_in_place() -> None:
    text = (
        '{"id":"1","title":"Pembangunan Jalan","title_id":"Pembangunan Jalan","x_kodeRup":41234567,'
        '"lots":[{"id":"L1","value":{"amount":1.10}}],"value":{"amount":5.5,"currency":"IDR","x_pagu":7.25}}'
    )
    tender = Tender.from_json(text)
    assert tender.model_extra == {
        "title_id": "Pembangunan Jalan",
        "x_kodeRup": 41234567,
        "lots": [{"id": "L1", "value": {"amount": Decimal("1.10")}}],
    }
    assert tender.to_json() == text.encode()
    assert json.loads(tender.model_dump_json(exclude_unset=True)) == json.loads(text)


def test_python_names_in_data_are_unknown_fields_not_aliases() -> None:
    tender = Tender.from_dict({"id": "1", "procurement_method": "whatever"})
    assert tender.procurement_method is None
    assert tender.to_dict() == {"id": "1", "procurement_method": "whatever"}


def test_python_code_may_use_either_name() -> None:
    assert Tender(id="1", procurement_method="open") == Tender(id="1", procurementMethod="open")  # type: ignore[call-arg]


# ---------------------------------------------------------------------------------------------- building and writing


def test_fields_set_later_are_written_after_the_original_ones() -> None:
    tender = Tender.from_dict({"title": "T", "id": "1"})
    tender.status = "active"
    tender.items = [Item(id="i1")]
    assert list(tender.to_dict()) == ["title", "id", "status", "items"]


def test_assignments_are_validated() -> None:
    tender = Tender(id="1")
    with pytest.raises(ValidationError, match="status"):
        tender.status = "aktif"  # type: ignore[assignment]
    with pytest.raises(ValidationError, match="items"):
        tender.items = None
    tender.tender_period = {"startDate": "2024-03-01T08:00:00+07:00"}  # type: ignore[assignment]
    assert isinstance(tender.tender_period, Period)
    tender.tender_period.start_date = datetime(2024, 3, 1, 8, tzinfo=timezone(timedelta(hours=7)))  # type: ignore[assignment]
    assert tender.to_dict() == {"id": "1", "tenderPeriod": {"startDate": "2024-03-01T08:00:00+07:00"}}


def test_unset_removes_fields_and_unknown_fields() -> None:
    tender = Tender.from_dict({"id": "1", "title": "T", "items": [], "procurementMethod": None, "x_local": 1})
    tender.unset("items", "procurementMethod", "x_local")
    assert tender.to_dict() == {"id": "1", "title": "T"}
    assert tender.items is None and tender.model_extra == {}
    tender.unset("title")
    assert tender.to_dict() == {"id": "1"}
    with pytest.raises(AttributeError, match="nonsense"):
        tender.unset("nonsense")


def test_copies_keep_key_order_and_are_independent() -> None:
    tender = Tender.from_dict({"title": "T", "id": "1", "items": [{"id": "i1"}]})
    for duplicate in (copy.copy(tender), copy.deepcopy(tender), tender.model_copy(deep=True)):
        assert list(duplicate.to_dict()) == ["title", "id", "items"]
        assert duplicate == tender
    deep = copy.deepcopy(tender)
    assert deep.items is not None
    deep.items[0].description = "changed"
    assert tender.items is not None and tender.items[0].description is None
    unpickled = pickle.loads(pickle.dumps(tender))
    assert unpickled == tender
    assert list(unpickled.to_dict()) == ["title", "id", "items"]


def test_repr_shows_only_what_is_set() -> None:
    assert repr(Tender.from_dict({"id": "1", "title": None, "x": 1})) == "Tender(id='1', title=None, x=1)"


def test_record_releases_are_linked_or_embedded() -> None:
    linked = Record.from_dict({"ocid": "x", "releases": [{"url": "https://e.org/p.json#1", "date": RELEASE["date"]}]})
    embedded = Record.from_dict({"ocid": "x", "releases": [RELEASE]})
    assert type(linked.releases[0]).__name__ == "LinkedRelease"
    assert isinstance(embedded.releases[0], Release)
    with pytest.raises(ValidationError):
        Record.from_dict({"ocid": "x", "releases": [RELEASE, {"url": None, "date": RELEASE["date"]}]})


def test_versioned_release_is_plain_json() -> None:
    versioned = {"ocid": "x", "tender": {"id": [{"releaseID": "1", "releaseDate": RELEASE["date"], "value": 1.5}]}}
    record = Record.from_dict({"ocid": "x", "releases": [RELEASE], "versionedRelease": versioned})
    assert record.versioned_release == versioned
    assert json.loads(record.to_json())["versionedRelease"] == versioned


def test_helpers_write_models_inside_plain_json() -> None:
    value = Value(amount=Decimal("1.10"), currency="IDR")
    assert to_dict(value) == {"amount": Decimal("1.10"), "currency": "IDR"}
    assert to_json(value) == value.to_json()
    assert (
        to_json({"values": [value], "n": 10**25})
        == b'{"values":[{"amount":1.10,"currency":"IDR"}],"n":' + str(10**25).encode() + b"}"
    )
    assert to_json([value], indent=True) == b'[\n  {\n    "amount": 1.10,\n    "currency": "IDR"\n  }\n]'


def test_dumps_writes_exact_numbers() -> None:
    value = {"a": [1, {"b": Decimal("2.50"), "c": None, "d": True, "e": 'é"\n'}], "f": {}, "g": [], "n": 123456789}
    assert dumps(value) == '{"a":[1,{"b":2.50,"c":null,"d":true,"e":"é\\"\\n"}],"f":{},"g":[],"n":123456789}'.encode()


@pytest.mark.parametrize("indent", [False, True])
def test_dumps_writes_big_integers_in_the_same_layout(indent: bool) -> None:
    value = {"a": [1, {"b": Decimal("2.50"), "c": None, "d": True, "e": 'é"\n'}], "f": {}, "g": [], "n": 123456789}
    big = 10**30
    expected = dumps(value, indent=indent).replace(b"123456789", str(big).encode())
    assert dumps({**value, "n": big}, indent=indent) == expected
    assert loads(expected)["n"] == big


def test_dumps_rejects_what_is_not_json() -> None:
    with pytest.raises(TypeError):
        dumps({"x": object()})
    with pytest.raises(TypeError):
        dumps({"x": Decimal("NaN"), "big": 10**30})
    with pytest.raises(TypeError):
        dumps({"x": "\ud800"})


def test_loads_reports_where_the_json_is_broken() -> None:
    with pytest.raises(InputError, match=r"rup\.json, line 2 column 1: "):
        loads('{"a": 1,\n}', source="rup.json")
    with pytest.raises(InputError, match="NaN"):
        loads('{"amount": NaN}')
    with pytest.raises(InputError):
        Release.from_json(b"\xff")


def test_json_number_of_integers_and_fractions() -> None:
    assert json_number(Decimal(7)) == 7 and type(json_number(Decimal(7))) is int
    assert json_number(Decimal("7.0")) == 7.0 and type(json_number(Decimal("7.0"))) is float
    assert json_number(Decimal("1E+400")) == 10**400


def test_budget_project_id_alias() -> None:
    budget = Budget.from_dict({"projectID": 12, "budgetBreakdown": [{"id": 1, "sourceParty": {"id": "p"}}]})
    assert budget.project_id == 12
    assert budget.budget_breakdown is not None and budget.budget_breakdown[0].source_party is not None
    assert budget.to_dict() == {"projectID": 12, "budgetBreakdown": [{"id": 1, "sourceParty": {"id": "p"}}]}


def test_datetime_of_other_offsets_round_trip() -> None:
    moment = datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=9)))
    assert parse_datetime(Period(start_date=moment).start_date or "") == moment
