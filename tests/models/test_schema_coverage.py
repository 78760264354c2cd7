"""Every property of the bundled schemas of the models' OCDS version (``models.MODELED_VERSION``, all five
extensions applied) has a model field, and vice versa.

The walk follows the schema and the models side by side: for each object it compares the JSON property
names with the field aliases, then checks each field against its property: required or not, JSON types
(nullability included), closed codelist codes, and the model class of nested objects and array items.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ocds_regency import models
from ocds_regency.models import codelists
from ocds_regency.models._types import NOT_NULLABLE
from ocds_regency.standard import BUNDLED_EXTENSION_IDS, Profile, bundled_versions, load_profile, standard_version
from tests.fake_versions import make_ocds_12

BASE_URL = standard_version(models.MODELED_VERSION).base_url
RELEASE_URL = BASE_URL + "release-schema.json"
VERSIONED_URL = BASE_URL + "versioned-release-validation-schema.json"


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile(BUNDLED_EXTENSION_IDS, version=models.MODELED_VERSION)


def _flatten(annotation: Any) -> Iterator[Any]:
    """Yield the leaf types of an annotation: through Annotated, unions and the items of lists."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        yield from _flatten(get_args(annotation)[0])
    elif origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            yield from _flatten(arg)
    else:
        yield annotation


def _json_types(annotation: Any) -> set[str]:
    kinds: set[str] = set()
    for leaf in _flatten(annotation):
        origin = get_origin(leaf)
        if leaf is type(None):
            kinds.add("null")
        elif origin is Literal:
            kinds |= {"null" if code is None else "string" for code in get_args(leaf)}
        elif origin is list:
            kinds.add("array")
        elif origin is dict or (isinstance(leaf, type) and issubclass(leaf, BaseModel)):
            kinds.add("object")
        elif leaf is Any:
            kinds.add("any")
        else:
            kinds.add({str: "string", int: "integer", Decimal: "number", bool: "boolean"}[leaf])
    return kinds


def _rejects_null(field: FieldInfo) -> bool:
    return any(item is NOT_NULLABLE for item in field.metadata)


def _field_json_types(field: FieldInfo) -> set[str]:
    kinds = _json_types(field.annotation)
    if _rejects_null(field):
        kinds.discard("null")
    return kinds


def _models_in(annotation: Any) -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    for leaf in _flatten(annotation):
        if get_origin(leaf) is list:
            found |= _models_in(get_args(leaf)[0])
        elif isinstance(leaf, type) and issubclass(leaf, BaseModel):
            found.add(leaf)
    return found


def _literal_codes(annotation: Any) -> set[str] | None:
    for leaf in _flatten(annotation):
        if get_origin(leaf) is list:
            return _literal_codes(get_args(leaf)[0])
        if get_origin(leaf) is Literal:
            return set(get_args(leaf))
    return None


class Walker:
    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.definitions: Mapping[str, Any] = schema.get("definitions", {})
        self.visited: set[tuple[int, type[BaseModel]]] = set()
        self.objects: list[str] = []

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        ref = node.get("$ref", "")
        if ref.startswith("#/definitions/"):
            return self.resolve(self.definitions[ref.rsplit("/", 1)[1]])
        return node

    def walk(self, node: Mapping[str, Any], model: type[BaseModel], path: str) -> None:
        key = (id(node), model)
        if key in self.visited:
            return
        self.visited.add(key)
        self.objects.append(f"{path} -> {model.__name__}")
        model.model_rebuild()
        properties: Mapping[str, Any] = node["properties"]
        fields = {field.alias or name: field for name, field in model.model_fields.items()}
        missing = sorted(set(properties) - set(fields))
        assert not missing, f"{path}: {model.__name__} has no field for {missing}"
        invented = sorted(set(fields) - set(properties))
        assert not invented, f"{path}: {model.__name__} has fields the schema lacks: {invented}"
        required = set(node.get("required", ()))
        for name, sub in properties.items():
            self.check_field(self.resolve(sub), sub, fields[name], name in required, f"{path}/{name}")

    def check_field(
        self, node: Mapping[str, Any], raw: Mapping[str, Any], field: FieldInfo, required: bool, path: str
    ) -> None:
        assert field.is_required() == required, f"{path}: required is {required} in the schema"
        if "$ref" in raw and not raw["$ref"].startswith("#"):
            self.check_external(raw["$ref"], field.annotation, path)
            return
        if "oneOf" in node:
            self.check_one_of(node, field, path)
            return
        schema_types = node.get("type", "object" if "properties" in node else None)
        schema_types = {schema_types} if isinstance(schema_types, str) else set(schema_types or ())
        model_types = _field_json_types(field)
        if not schema_types or schema_types >= {"string", "number", "array", "object", "null"}:  # any JSON value
            assert model_types == {"any"}, f"{path}: any JSON value expected, model has {model_types}"
        else:
            assert model_types == schema_types, f"{path}: schema types {schema_types}, model types {model_types}"
        self.check_codes(node, field.annotation, path)
        self.check_nested(node, field.annotation, path)

    def check_codes(self, node: Mapping[str, Any], annotation: Any, path: str) -> None:
        enum = node.get("enum") or (node.get("items") or {}).get("enum")
        codes = _literal_codes(annotation)
        if enum is None:
            assert codes is None, f"{path}: open in the schema, closed in the model"
        else:
            assert codes == {code for code in enum if code is not None}, f"{path}: closed codes differ"

    def check_nested(self, node: Mapping[str, Any], annotation: Any, path: str) -> None:
        target = node
        if "items" in node and isinstance(node["items"], dict):
            items = node["items"]
            if "$ref" in items and not items["$ref"].startswith("#"):
                self.check_external(items["$ref"], annotation, path)
                return
            target = self.resolve(items)
        nested = _models_in(annotation)
        if "properties" in target:
            assert len(nested) == 1, f"{path}: expected one model class, found {nested}"
            self.walk(target, nested.pop(), path)
        else:
            assert not nested, f"{path}: the schema has no object here, the model has {nested}"

    def check_external(self, ref: str, annotation: Any, path: str) -> None:
        if ref == RELEASE_URL:
            assert _models_in(annotation) == {models.Release}, path
        elif ref == VERSIONED_URL:
            assert _models_in(annotation) == set() and "object" in _json_types(annotation), path
        else:  # pragma: no cover - the bundled schemas have no other external references
            pytest.fail(f"{path}: unexpected $ref {ref}")

    def check_one_of(self, node: Mapping[str, Any], field: FieldInfo, path: str) -> None:
        # record.releases: an array of linked releases, or an array of embedded releases.
        alternatives = get_args(field.annotation)
        assert len(alternatives) == len(node["oneOf"]), path
        options = [self.resolve(option) for option in node["oneOf"]]
        linked = next(option for option in options if "properties" in option.get("items", {}))
        embedded = next(option for option in options if "$ref" in option.get("items", {}))
        models_found = _models_in(field.annotation)
        assert models_found == {models.Release, models.LinkedRelease}, path
        self.walk(linked["items"], models.LinkedRelease, f"{path}[linked]")
        self.check_external(embedded["items"]["$ref"], list[models.Release], f"{path}[embedded]")


def test_release_schema_with_all_extensions_is_fully_modelled(profile: Profile) -> None:
    walker = Walker(profile.release_schema)
    walker.walk(profile.release_schema, models.Release, "release")
    reached = {line.rsplit(" -> ", 1)[1] for line in walker.objects}
    expected = {
        "Release", "Planning", "Budget", "BudgetBreakdown", "Tender", "Award", "Contract", "Implementation",
        "Transaction", "Milestone", "Document", "Item", "Unit", "Classification", "Identifier", "Organization",
        "OrganizationDetails", "OrganizationReference", "Address", "ContactPoint", "Amendment",
        "AmendmentChange", "RelatedProcess", "Value", "Period", "Bids", "BidsStatistic", "Bid", "Location",
        "Geometry", "Gazetteer", "Procedure",
    }  # fmt: skip
    assert reached == expected
    # Every definition of the schema was reached by the walk.
    assert set(profile.release_schema["definitions"]) <= reached


def test_release_package_schema_is_fully_modelled(profile: Profile) -> None:
    schema = profile.release_package_schema
    Walker(schema).walk(schema, models.ReleasePackage, "releasePackage")


def test_record_package_schema_is_fully_modelled(profile: Profile) -> None:
    schema = profile.record_package_schema
    walker = Walker(schema)
    walker.walk(schema, models.RecordPackage, "recordPackage")
    assert any(line.endswith("-> Record") for line in walker.objects)
    assert any(line.endswith("-> LinkedRelease") for line in walker.objects)


def test_walker_notices_a_property_without_a_field(profile: Profile) -> None:
    schema = {"properties": {**profile.release_schema["definitions"]["Value"]["properties"], "exchangeRate": {}}}
    with pytest.raises(AssertionError, match="exchangeRate"):
        Walker(schema).walk(schema, models.Value, "value")


def test_walker_notices_a_wrong_nullability(profile: Profile) -> None:
    period = profile.release_schema["definitions"]["Period"]
    schema = {"properties": {**period["properties"], "durationInDays": {"type": "integer"}}}
    with pytest.raises(AssertionError, match="durationInDays"):
        Walker(schema).walk(schema, models.Period, "period")


@pytest.mark.parametrize(
    ("literal", "codelist"),
    [
        (codelists.ReleaseTag, "releaseTag"),
        (codelists.InitiationType, "initiationType"),
        (codelists.TenderStatus, "tenderStatus"),
        (codelists.ProcurementMethod, "method"),
        (codelists.ProcurementCategory, "procurementCategory"),
        (codelists.AwardStatus, "awardStatus"),
        (codelists.ContractStatus, "contractStatus"),
        (codelists.MilestoneStatus, "milestoneStatus"),
        (codelists.Currency, "currency"),
        (codelists.PartyScale, "partyScale"),
        (codelists.BidStatus, "bidStatus"),
        (codelists.GeometryType, "geometryType"),
    ],
)
def test_closed_codelist_literals_match_the_bundled_codelists(profile: Profile, literal: Any, codelist: str) -> None:
    assert profile.codelists[codelist].open is False
    assert get_args(literal) == profile.codelists[codelist].codes


def test_every_closed_codelist_has_a_literal(profile: Profile) -> None:
    closed = {name for name, codelist in profile.codelists.items() if not codelist.open}
    assert len(closed) == len(codelists.__all__)


def test_the_models_version_is_a_bundled_one() -> None:
    assert models.MODELED_VERSION in bundled_versions()


def test_a_new_version_lists_what_the_models_lack(tmp_path: Path) -> None:
    """Adding OCDS 1.2 (here a fake one with two new release fields): this test names what to model."""
    profile_12 = load_profile(BUNDLED_EXTENSION_IDS, version=make_ocds_12(tmp_path / "1.2"))
    with pytest.raises(AssertionError, match=re.escape("Release has no field for ['listIn12', 'newIn12']")):
        Walker(profile_12.release_schema).walk(profile_12.release_schema, models.Release, "release")
