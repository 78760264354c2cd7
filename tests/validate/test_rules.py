"""Schema errors and the OCDS rules beyond JSON Schema, on small hand-built packages."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency.standard import Extension, load_profile
from ocds_regency.validate import validate
from ocds_regency.validate.fields import (
    compile_rules,
    fused_schema,
    ids_clean,
    lint_schema,
    lint_validator,
    walk_ids,
    walk_release,
)
from ocds_regency.validate.schema import SchemaSet, schema_set


def _codes_at(report: Any) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in report.findings}


def test_valid_release_has_no_findings_but_currency_passes(make_package: Any, make_release: Any) -> None:
    report = validate(make_package(make_release()))
    assert report.ok
    assert dict(report.counts) == {}


@pytest.mark.parametrize(
    ("changes", "code", "path"),
    [
        ({"date": "2024-01-01"}, "schema.date_time", "/releases/0/date"),
        ({"date": "2024-01-01T10:00:00"}, "schema.date_time", "/releases/0/date"),
        ({"ocid": ""}, "schema.min_length", "/releases/0/ocid"),
        ({"tag": []}, "schema.min_items", "/releases/0/tag"),
        ({"buyer": "Dinas"}, "schema.type", "/releases/0/buyer"),
        ({"initiationType": "auction"}, "codelist.closed", "/releases/0/initiationType"),
        ({"language": 5}, "schema.type", "/releases/0/language"),
    ],
)
def test_schema_errors(make_package: Any, make_release: Any, changes: dict[str, Any], code: str, path: str) -> None:
    report = validate(make_package(make_release(**changes)), quality=False)
    assert (code, path) in _codes_at(report)
    assert not report.ok


def test_all_errors_not_just_the_first(make_package: Any, make_release: Any) -> None:
    release = make_release(date="x")
    del release["id"]
    release["tender"]["value"]["amount"] = "9"
    release["parties"][0]["address"] = {"countryName": 3}
    report = validate(make_package(release), quality=False)
    assert {
        ("schema.date_time", "/releases/0/date"),
        ("schema.required", "/releases/0/id"),
        ("schema.number", "/releases/0/tender/value/amount"),
        ("schema.type", "/releases/0/parties/0/address/countryName"),
    } <= _codes_at(report)


def test_uri_format_is_checked_and_iris_are_rejected(make_package: Any, make_release: Any) -> None:
    release = make_release()
    release["tender"]["documents"] = [
        {"id": "1", "url": "https://example.org/ok.pdf"},
        {"id": "2", "url": "www.example.org/x"},
        {"id": "3", "url": "https://example.org/ñandú.pdf"},
    ]
    paths = validate(make_package(release)).paths("schema.uri")
    assert paths == {"/releases/0/tender/documents/1/url", "/releases/0/tender/documents/2/url"}


def test_language_variants_are_type_checked_not_additional(make_package: Any, make_release: Any) -> None:
    release = make_release()
    release["tender"]["title"] = "Jalan"
    release["tender"]["title_id"] = "Jalan desa"
    release["tender"]["description_en"] = 5
    report = validate(make_package(release))
    assert ("ocds.language_variant", "/releases/0/tender/description_en") in _codes_at(report)
    assert report.counts["ocds.additional_field"] == 0


def test_closed_and_open_codelists_report_every_path(make_package: Any, make_release: Any) -> None:
    first = make_release(tag=["tender", "Tender"])
    second = make_release(id="2")
    second["tender"]["value"]["currency"] = "Rp"
    second["tender"]["procurementMethodDetails"] = "Tender Cepat"
    second["tender"]["documents"] = [{"id": "d", "documentType": "rks"}]
    second["awards"][0]["value"]["currency"] = "Rp"
    report = validate(make_package(first, second))
    assert report.paths("codelist.closed") == {
        "/releases/0/tag/1",
        "/releases/1/tender/value/currency",
        "/releases/1/awards/0/value/currency",
    }
    assert report.paths("codelist.open") == {"/releases/1/tender/documents/0/documentType"}
    assert report.counts["schema.enum"] == 0, "closed codelists are not reported twice"


def test_extension_codelist_additions(make_package: Any, make_release: Any) -> None:
    release = make_release()
    release["parties"][1]["details"] = {"scale": "sme"}
    plain = validate(make_package(release))
    assert plain.paths("ocds.additional_field") == {"/releases/0/parties/1/details/scale"}
    extended = validate(make_package(release), extensions=["partyScale"])
    assert extended.counts["ocds.additional_field"] == 0
    assert extended.extensions == ("partyScale",)
    release["parties"][1]["details"] = {"scale": "huge"}
    report = validate(make_package(release), extensions=["partyScale"])
    assert report.paths("codelist.closed") | report.paths("codelist.open") == {"/releases/0/parties/1/details/scale"}


def test_declared_extensions_are_matched_by_url_and_unknown_ones_warn(make_package: Any, make_release: Any) -> None:
    release = make_release()
    release["tender"]["procurementMethodRationaleClassifications"] = []
    release["bids"] = {"statistics": [{"id": "1", "measure": "validBids", "value": 3}]}
    url = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
    unknown = "https://example.org/ocds_lots_extension/extension.json"
    with pytest.warns(Warning, match="can't be resolved offline"):
        report = validate(make_package(release, extensions=[url, unknown]))
    assert report.extensions == ("bids",)
    assert ("ocds.extension_unresolved", "/extensions/1") in _codes_at(report)
    assert "/releases/0/bids" not in report.paths("ocds.additional_field")


def test_deprecated_fields(make_package: Any, make_release: Any) -> None:
    release = make_release()
    release["planning"]["budget"]["source"] = "https://example.org/apbd"
    release["contracts"][0]["implementation"]["transactions"][0]["amount"] = {"amount": 1, "currency": "IDR"}
    report = validate(make_package(release))
    assert report.paths("ocds.deprecated") == {
        "/releases/0/planning/budget/source",
        "/releases/0/contracts/0/implementation/transactions/0/amount",
    }
    assert report.findings[0].params["version"] == "1.1"


def test_ids_missing_and_duplicated(make_package: Any, make_release: Any) -> None:
    release = make_release()
    release["tender"]["documents"] = [{"id": "d1"}, {"id": "d1"}, {"title": "no id"}]
    release["tender"]["items"] = [{"id": "1"}, {"id": "1"}]
    release["parties"].append({"name": "Tanpa id"})
    report = validate(make_package(release), quality=False)
    assert report.paths("ocds.duplicate_id") == {"/releases/0/tender/documents/1/id"}
    assert report.paths("schema.unique_ids") == {"/releases/0/tender/items/1/id"}
    # Document requires an id (a schema error); Organization doesn't (a merge warning).
    assert report.paths("schema.required") == {"/releases/0/tender/documents/2/id"}
    assert report.paths("ocds.missing_id") == {"/releases/0/parties/2/id"}


def test_ids_of_different_types_are_different(make_package: Any, make_release: Any) -> None:
    release = make_release()
    release["tender"]["items"] = [{"id": "1"}, {"id": 1}]
    assert validate(make_package(release), quality=False).counts["schema.unique_ids"] == 0


def test_duplicate_strings_in_unique_arrays(make_package: Any, make_release: Any) -> None:
    extension = Extension(
        id="keywords",
        name="Keywords",
        release_patch={"properties": {"keywords": {"type": "array", "items": {"type": "string"}, "uniqueItems": True}}},
        codelists={},
    )
    release = make_release(keywords=["jalan", "desa", "jalan"])
    report = validate(make_package(release), extensions=[extension])
    assert report.paths("schema.unique_items") == {"/releases/0/keywords/2"}


def test_empty_values(make_package: Any, make_release: Any) -> None:
    release = make_release()
    release["tender"]["title"] = " \t"
    release["tender"]["description"] = ""
    release["tender"]["items"] = []
    release["planning"]["rationale"] = None
    release["tender"]["value"] = {}
    report = validate(make_package(release, license=""), quality=False)
    assert report.paths("ocds.empty_value") == {
        "/releases/0/tender/title",
        "/releases/0/tender/description",
        "/releases/0/tender/items",
        "/releases/0/tender/value",
        "/license",
    }


def test_release_uniqueness_by_ocid_and_id(make_package: Any, make_release: Any) -> None:
    a = make_release()
    b = make_release(ocid="ocds-abc123-0002")  # same id, other ocid: fine
    c = make_release()  # same (ocid, id) as a
    report = validate(make_package(a, b, c))
    assert report.paths("schema.unique_release") == {"/releases/2/id"}


def test_ocid_prefix(make_package: Any, make_release: Any) -> None:
    report = validate(
        make_package(make_release(ocid="OCDS-ABC-1"), make_release(ocid="ocds-zzz999-1")), prefix="ocds-abc123"
    )
    assert report.paths("ocds.ocid_prefix") == {"/releases/0/ocid"}
    assert report.paths("ocds.ocid_prefix_mismatch") == {"/releases/1/ocid"}
    assert validate(make_package(make_release()), prefix="ocds-abc123-").ok


def test_package_metadata(make_package: Any, make_release: Any) -> None:
    data = make_package(make_release(), version="1.1.5", publisher={"name": ""}, extra="x")
    del data["uri"]
    report = validate(data)
    assert {
        ("schema.pattern", "/version"),
        ("schema.required", "/uri"),
        ("ocds.additional_field", "/extra"),
        ("ocds.empty_value", "/publisher/name"),
    } <= _codes_at(report)
    empty = validate(make_package())
    assert ("schema.min_items", "/releases") in _codes_at(empty)


def test_non_object_release(make_package: Any) -> None:
    report = validate(make_package("not a release", None))
    assert report.paths("schema.type") == {"/releases/0", "/releases/1"}


def test_schemas_never_touch_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    schema_set.cache_clear()
    schemas = schema_set(load_profile(["bids"]))
    assert list(schemas.record_package.iter_errors({})) != []
    # Every schema compiles and resolves its references offline, the versioned release's too.
    assert list(schemas.versioned_release.iter_errors({"id": []})) != []
    assert list(schemas.linked_release.iter_errors({})) != []
    assert not schemas.record.is_valid({}) and not schemas.release.is_valid({})


def test_a_package_compiles_only_the_schemas_it_checks(
    make_package: Any, make_release: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled: list[str] = []
    original = SchemaSet._compile

    def counted(self: SchemaSet, schema: Any) -> Any:
        compiled.append(str(schema.get("title") or sorted(schema.get("properties", {}))))
        return original(self, schema)

    monkeypatch.setattr(SchemaSet, "_compile", counted)
    schema_set.cache_clear()
    # A release package: the linted release schema and the metadata's.
    assert validate(make_package(make_release(), make_release(id="2"))).releases == 2
    assert len(compiled) == 2
    compiled.clear()
    schema_set.cache_clear()
    record = {
        "ocid": "ocds-213czf-1",
        "releases": [{"url": "https://example.org/r.json#1", "date": "2024-01-01T00:00:00Z"}],
    }
    package = {"uri": "https://example.org/p.json", "publishedDate": "2024-01-01T00:00:00Z", "version": "1.1"}
    validate({**package, "publisher": {"name": "x"}, "records": [record]})
    assert len(compiled) == 4  # and the record package's, a record's and a linked release's; no versioned release
    schema_set.cache_clear()


ID_CODES = {"ocds.missing_id", "ocds.duplicate_id", "schema.unique_ids", "schema.unique_items"}


def _walk_codes(release: dict[str, Any], profile: Any) -> set[str]:
    found: list[Any] = []
    walk_release(release, compile_rules(profile), "", found.append)
    return {f.code for f in found}


def test_lint_schema_is_conservative_on_the_dirty_set(generated: dict[str, Any]) -> None:
    """Whenever the lint schema passes a release, the full walk finds nothing but id problems."""
    profile = load_profile()
    lint = lint_validator(profile)
    releases = json.loads(Path(generated["dirty"]).read_text())["releases"]
    failing = 0
    for release in releases:
        codes = _walk_codes(release, profile)
        if lint.is_valid(release):
            assert codes <= ID_CODES, codes
        else:
            failing += 1
    assert failing >= len(generated["manifest"]) // 2


@pytest.mark.parametrize(
    "change",
    [
        {"tender": {"id": "t", "title": "\x1c"}},
        {"tender": {"id": "t", "title_id": 5, "description_xx-latn": "ok", "notes_": "x"}},
        {"planning": {"budget": {"source": "https://example.org"}}},
        {"tag": ["tender", "Tender"]},
        {"tender": {"id": "t", "documents": [{"id": "1", "documentType": "rks"}]}},
        {"parties": [{"id": "1", "details": {"scale": "sme"}}]},
        {"tender": {"id": "t", "items": [{}]}},
    ],
)
def test_lint_schema_fails_whenever_the_walk_reports(change: dict[str, Any], make_release: Any) -> None:
    profile = load_profile()
    release = {**make_release(), **change}
    codes = _walk_codes(release, profile)
    assert codes - ID_CODES, "the case must give the walk something to report"
    assert not lint_validator(profile).is_valid(release)


_BLANKISH = st.sampled_from(
    ["", " ", "\t", "\n", "\x1c", "\x1f", "\x85", "\u00a0", "\u2003", "\u2028", "\u3000", "\ufeff", "a", "Z", "é", "-"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(_BLANKISH, max_size=4).map("".join) | st.text(max_size=6))
def test_lint_schema_passes_no_blank_string(text: str, make_release: Any) -> None:
    """A string the lint schema passes is not blank for the walk: the check of its first character is stricter
    than the walk's (leading white space sends a release to the walk, which decides), wherever the string is:
    a free text, a codelist value (the codes refuse blank strings themselves), an array of codes."""
    profile = load_profile()
    lint = lint_validator(profile)
    clear = schema_set(profile).release_clear
    for change in (
        {"tender": {"id": "t", "title": text}},
        {"tender": {"id": "t", "procurementMethod": text}},
        {"tender": {"id": "t", "submissionMethod": [text]}},
        {"parties": [{"id": "1", "roles": [text]}]},
    ):
        release = {**make_release(), **change}
        if lint.is_valid(release):
            assert not _walk_codes(release, profile) - ID_CODES, (change, text)
            assert text.strip() and not text[0].isspace()
        if clear.is_valid(release):
            assert lint.is_valid(release), (change, text)


def test_fused_schema_clears_only_what_the_linted_schema_passes(generated: dict[str, Any]) -> None:
    """The release and lint schemas fused node by node pass no release the linted schema (both, side by side)
    fails: a release they clear has nothing to report, and the others get the linted schema's errors."""
    schemas = schema_set(load_profile())
    clear, linted = schemas.release_clear, schemas.release_linted
    assert clear is not linted, "the bundled schema is fused"
    cleared = refused = 0
    for name in ("dirty", "clean"):
        for release in json.loads(Path(generated[name]).read_text())["releases"]:
            if clear.is_valid(release):
                cleared += 1
                assert linted.is_valid(release)
            else:
                refused += 1
    assert cleared and refused


@pytest.mark.parametrize(
    "change",
    [
        {"tender": {"id": "t", "title": " "}},
        {"tender": {"id": "t", "title_id": 5, "description_xx-latn": "ok", "notes_": "x"}},
        {"tender": {"id": "t", "title_fr": "ok", "extra": 1}},
        {"tender": {"id": "t", "title_abcd": "ok"}},
        {"tender": {"id": "t", "title_en": 5}},
        {"planning": {"budget": {"source": "https://example.org"}}},
        {"tag": ["tender", "Tender"]},
        {"tender": {"id": "t", "documents": [{"id": "1", "documentType": "rks"}]}},
        {"parties": [{"id": "1", "details": {"scale": "sme"}}]},
        {"parties": [{"id": "1", "identifier": {"id": "X1"}}]},
        {"tender": {"id": "t", "items": [{}]}},
        {"tender": {"id": "t", "items": []}},
        {"tender": {}},
        {"awards": [{"id": "A1", "suppliers": [{"id": "1", "name": ""}]}]},
    ],
)
def test_fused_schema_refuses_what_the_linted_schema_refuses(change: dict[str, Any], make_release: Any) -> None:
    profile = load_profile()
    release = {**make_release(), **change}
    schemas = schema_set(profile)
    assert not schemas.release_linted.is_valid(release), "the case must fail the linted schema"
    assert not schemas.release_clear.is_valid(release)


def test_fused_schema_passes_language_variants_both_pass(make_release: Any) -> None:
    profile = load_profile()
    release = {**make_release(), "tender": {"id": "t", "title": "Jalan", "title_en": "Road", "description_id-ID": "x"}}
    assert schema_set(profile).release_linted.is_valid(release)
    assert schema_set(profile).release_clear.is_valid(release)


def test_fused_schema_refuses_a_property_a_pattern_of_its_own_matches(make_release: Any) -> None:
    """A name the release schema's own patterns match and the lint's pattern doesn't is refused by the fused schema
    (the lint refuses it); a property of such a name too: stricter than both, the release goes to the linted
    schema."""
    profile = load_profile()
    rules = compile_rules(profile)
    schemas = schema_set(profile)
    release_schema = dict(schemas._release_schema)
    value = {**release_schema["definitions"]["Value"], "patternProperties": {"^(cur.*)$": {"type": "string"}}}
    fused = fused_schema({**release_schema, "definitions": {**release_schema["definitions"], "Value": value}}, rules)
    assert fused is not None
    clear = schemas._compile(fused)
    release = make_release()
    assert schemas.release_clear.is_valid(release)
    assert release["tender"]["value"]["currency"], "the test release has a Value with a currency"
    assert not clear.is_valid(release)
    tender = fused["definitions"]["fused-Tender"]["patternProperties"]
    assert any(pattern.startswith("(?!") for pattern in tender), "title_abcd: refused by its own twin"


def lint_body(rules: Any) -> Any:
    """The lint schema's definition of the tender."""
    lint = lint_schema(rules)
    tender = lint["definitions"][lint["$ref"].removeprefix("#/definitions/")]["properties"]["tender"]
    return lint["definitions"][tender["$ref"].removeprefix("#/definitions/")]


def test_fused_schema_keeps_apart_what_it_cannot_fuse() -> None:
    rules_profile = load_profile()
    rules = compile_rules(rules_profile)
    release = dict(schema_set(rules_profile)._release_schema)
    assert fused_schema({**release, "definitions": {**release["definitions"], "r0": {}}}, rules) is None
    tender = {**release["definitions"]["Tender"], "additionalProperties": {"type": "string"}}
    fused = fused_schema({**release, "definitions": {**release["definitions"], "Tender": tender}}, rules)
    assert fused is not None
    kept = fused["definitions"]["fused-Tender"]["allOf"]
    assert kept[0] == tender, "the release schema's own, unchanged"
    assert fused["definitions"][kept[1]["$ref"].removeprefix("#/definitions/")] == lint_body(rules)


def test_local_extension_directory(tmp_path: Path, make_package: Any, make_release: Any) -> None:
    directory = tmp_path / "ocds_lots_count_extension"
    (directory / "codelists").mkdir(parents=True)
    (directory / "extension.json").write_text(
        json.dumps({"name": {"en": "Lots count"}, "schemas": ["release-schema.json"], "codelists": ["+method.csv"]})
    )
    (directory / "release-schema.json").write_text(
        json.dumps({"definitions": {"Tender": {"properties": {"lotsCount": {"type": "integer"}}}}})
    )
    (directory / "codelists" / "+method.csv").write_text("Code,Title\nquick,Quick\n")
    release = make_release()
    release["tender"]["lotsCount"] = "two"
    release["tender"]["procurementMethod"] = "quick"
    url = "https://example.org/ocds_lots_count_extension/extension.json"
    report = validate(make_package(release, extensions=[url]), extensions=[directory])
    assert report.extensions == ("ocds_lots_count_extension",)
    assert report.counts["ocds.extension_unresolved"] == 0
    assert report.paths("schema.number") == {"/releases/0/tender/lotsCount"}
    assert report.counts["codelist.closed"] == 0, "the extension adds 'quick' to the method codelist"


def test_identifier_without_scheme_is_a_warning_wherever_identifier_is_used(
    make_package: Any, make_release: Any
) -> None:
    release = make_release()
    supplier = release["parties"][1]
    del supplier["identifier"]["scheme"]
    supplier["additionalIdentifiers"] = [
        {"scheme": "ID-NIB", "id": "9120001234567"},
        {"id": "9120001234568", "scheme": None},
        {"legalName": "PT Maju Jaya"},  # no id: nothing to tie to a register
    ]
    release["tender"]["tenderers"][0]["identifier"] = {"id": "X1"}  # OrganizationReference (deprecated)
    report = validate(make_package(release), quality=False)
    assert report.paths("ocds.identifier_without_scheme") == {
        "/releases/0/parties/1/identifier/id",
        "/releases/0/parties/1/additionalIdentifiers/1/id",
        "/releases/0/tender/tenderers/0/identifier/id",
    }
    finding = next(f for f in report.findings if f.code == "ocds.identifier_without_scheme")
    assert finding.severity == "warning"
    assert report.ok, "a warning doesn't fail the package"
    assert not lint_validator(load_profile()).is_valid(release), "the lint schema must send it to the walk"


def test_identifier_with_scheme_or_without_id_is_not_reported(make_package: Any, make_release: Any) -> None:
    release = make_release()
    release["parties"][0]["identifier"] = {"legalName": "Dinas PUPR"}
    report = validate(make_package(release), quality=False)
    assert report.counts["ocds.identifier_without_scheme"] == 0


def _id_findings(release: dict[str, Any]) -> list[Any]:
    found: list[Any] = []
    walk_ids(release, compile_rules(load_profile()), "", found.append)
    return found


def test_ids_clean_is_conservative_on_the_generated_sets(generated: dict[str, Any]) -> None:
    """Whenever the quick id check clears a release, the id walk finds nothing in it."""
    rules = compile_rules(load_profile())
    cleared = reported = 0
    for name in ("dirty", "clean"):
        for release in json.loads(Path(generated[name]).read_text())["releases"]:
            found = _id_findings(release)
            reported += bool(found)
            if ids_clean(release, rules):
                cleared += 1
                assert found == [], found
    assert cleared and reported, "both kinds of release must occur"


@pytest.mark.parametrize(
    "change",
    [
        {"tender": {"id": "t", "documents": [{"id": "1"}, {"id": "1"}]}},
        {"tender": {"id": "t", "tenderers": [{"name": "PT Maju"}]}},
        {"tender": {"id": "t", "items": [{"id": "i"}, {"id": "i"}]}},
        {"parties": [{"id": "1", "name": "A"}, {"id": "1", "name": "B"}]},
        {"awards": [{"id": "A1", "documents": [{"id": "d"}, {"id": "d"}]}]},
        {"contracts": [{"id": "C1", "awardID": "A1", "implementation": {"transactions": [{"id": 1}, {"id": 1}]}}]},
    ],
)
def test_ids_clean_refuses_every_id_problem(change: dict[str, Any], make_release: Any) -> None:
    release = {**make_release(), **change}
    assert _id_findings(release), "the case must give the id walk something to report"
    assert not ids_clean(release, compile_rules(load_profile()))


def test_ids_clean_accepts_the_test_release(make_release: Any) -> None:
    assert ids_clean(make_release(), compile_rules(load_profile()))
