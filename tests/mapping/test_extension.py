"""The ``indonesia`` extension: every field the mapping writes is declared, personal data stays opt-in."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ocds_regency.mapping import EXTENSIONS, Reason, SourceRow, convert, extension_urls
from ocds_regency.standard import find_bundled_extension, load_extension, load_profile
from ocds_regency.validate import validate
from ocds_regency.write import dumps
from tests.conftest import ISB_SAMPLES

from .conftest import PREFIX, Converted, run
from .test_rows import rows, tender

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kabupaten-contoh-2025"
URL = "https://ocds-regency.readthedocs.io/en/latest/extension/indonesia/extension.json"
#: Where each field of the extension lives (definition -> properties it adds).
DECLARED = {
    "Tender": {"statusDetails", "mainProcurementCategoryDetails", "selectionCommittee"},
    "Contract": {"statusDetails"},
    "Bid": {"statusDetails", "correctedValue"},
    "ContactPoint": {"nip"},
}


def _package(inputs: list[Path], personal_data: tuple[str, ...]) -> dict[str, Any]:
    conversion = convert(inputs, prefix=PREFIX, personal_data=personal_data)
    releases = [json.loads(dumps(release)) for release in conversion]
    return {
        "uri": "https://example.org/releases.json",
        "version": "1.1",
        "publishedDate": "2025-12-31T00:00:00+07:00",
        "publisher": {"name": "Kabupaten Contoh"},
        "extensions": extension_urls(),
        "releases": releases,
    }


def _walk(value: Any, path: str = "") -> list[str]:
    """Every object key path in a JSON value, array indexes written as ``[]``."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, sub in value.items():
            found.append(f"{path}/{key}")
            found.extend(_walk(sub, f"{path}/{key}"))
    elif isinstance(value, list):
        for item in value:
            found.extend(_walk(item, f"{path}/[]"))
    return found


@pytest.fixture(scope="module", params=["samples", "example"])
def source(request: pytest.FixtureRequest) -> Path:
    return ISB_SAMPLES if request.param == "samples" else EXAMPLE


@pytest.mark.parametrize("personal_data", [(), ("all",)], ids=["default", "all-personal-data"])
def test_no_additional_fields_and_no_errors(source: Path, personal_data: tuple[str, ...]) -> None:
    package = _package([source], personal_data)
    report = validate(package, prefix=PREFIX)
    codes = Counter(finding.code for finding in report.findings)
    assert codes["ocds.additional_field"] == report.counts["ocds.additional_field"] == 0, [
        (f.path, f.value) for f in report.findings if f.code == "ocds.additional_field"
    ][:10]
    assert codes["ocds.extension_unresolved"] == 0
    assert [(f.code, f.path) for f in report.errors] == []
    assert report.ok


def test_the_extension_fields_are_really_used(shared: Path) -> None:
    # Guard against a vacuous zero: the samples exercise every field of the extension, and without the
    # extension the validator reports them.
    package = _package([ISB_SAMPLES, EXAMPLE], ("all",))
    paths = set(_walk(package["releases"]))
    for expected in (
        "/[]/tender/statusDetails",
        "/[]/tender/mainProcurementCategoryDetails",
        "/[]/tender/selectionCommittee/[]/name",
        "/[]/tender/selectionCommittee/[]/nip",
        "/[]/contracts/[]/statusDetails",
        "/[]/bids/details/[]/correctedValue",
        "/[]/parties/[]/contactPoint/nip",
        "/[]/parties/[]/details/legalEntityTypeDetail",
        "/[]/parties/[]/details/bankAccount",
    ):
        assert expected in paths, expected
    package["extensions"] = [url for url in package["extensions"] if url != URL]
    report = validate(package, prefix=PREFIX)
    undeclared = {f.path.split("/")[-1] for f in report.findings if f.code == "ocds.additional_field"}
    assert {"statusDetails", "correctedValue", "nip", "bankAccount", "selectionCommittee"} <= undeclared


def test_personal_data_is_withheld_by_default(shared: Path) -> None:
    package = _package([ISB_SAMPLES, EXAMPLE], ())
    paths = set(_walk(package["releases"]))
    for personal in (
        "/[]/parties/[]/contactPoint/nip",
        "/[]/parties/[]/contactPoint/name",
        "/[]/parties/[]/details/bankAccount",
        "/[]/tender/selectionCommittee",
    ):
        assert personal not in paths, personal


def test_extension_is_bundled_and_found_by_url() -> None:
    extension = find_bundled_extension(URL)
    assert extension is not None
    assert extension is find_bundled_extension("indonesia") is load_extension("indonesia")
    assert extension.url == URL
    assert extension.bundled
    # Any version of the documentation site names the same extension; other names under it don't.
    assert find_bundled_extension(URL.replace("/en/latest/", "/en/1.0/")) is extension
    assert find_bundled_extension(URL.replace("indonesia", "nowhere")) is None
    assert "indonesia" in EXTENSIONS
    assert URL in extension_urls()
    assert EXTENSIONS.index("indonesia") > EXTENSIONS.index("bids")  # it extends the bids extension's Bid


def test_extension_schema_types() -> None:
    profile = load_profile(EXTENSIONS)
    schema = profile.release_schema
    jsonschema.Draft4Validator.check_schema(dict(schema))
    definitions = schema["definitions"]
    for definition, names in DECLARED.items():
        assert names <= set(definitions[definition]["properties"]), definition
    details = definitions["Organization"]["properties"]["details"]["properties"]
    assert {"scale", "legalEntityTypeDetail", "bankAccount"} <= set(details)
    assert set(details["bankAccount"]["properties"]) == {"bankName", "accountNumber", "accountHolder"}
    # Like the core arrays of objects with ids (merged by id, versioned member by member): never null.
    committee = definitions["Tender"]["properties"]["selectionCommittee"]
    assert committee["type"] == "array"
    assert committee["items"] == {"$ref": "#/definitions/SelectionCommitteeMember"}
    assert definitions["SelectionCommitteeMember"]["required"] == ["id"]
    assert definitions["Bid"]["properties"]["correctedValue"] == {
        "title": "Corrected value",
        "description": definitions["Bid"]["properties"]["correctedValue"]["description"],
        "$ref": "#/definitions/Value",
    }
    # The patch types its fields: a corrected value that is not a Value is a schema error.
    validator = jsonschema.Draft4Validator(dict(schema), registry=profile.registry())
    release = {
        "ocid": f"{PREFIX}-x",
        "id": "1",
        "date": "2025-01-01T00:00:00+07:00",
        "tag": ["award"],
        "initiationType": "tender",
        "bids": {"details": [{"id": "1", "correctedValue": "921692940"}]},
        "tender": {"id": "1", "selectionCommittee": "Andi Contoh"},
    }
    failing = {tuple(error.absolute_path) for error in validator.iter_errors(release)}
    assert ("bids", "details", 0, "correctedValue") in failing
    assert ("tender", "selectionCommittee") in failing


def test_derive_schemas_leaves_the_project_extension_alone(shared: Path) -> None:
    spec = importlib.util.spec_from_file_location("derive_schemas", ROOT / "scripts" / "derive_schemas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("derive_schemas", module)
    spec.loader.exec_module(module)
    derived = module.derive(shared / "standard")
    assert "extensions/indonesia.json" not in derived
    assert (ROOT / "schemas" / "extensions" / "indonesia.json").is_file()


POKJA = {
    "nama_pokja": "ASEP MUSLIM, SE;Puji Suwandhi;Uri Zaenuri",
    "nip_pokja": "198001012005011001; 198101012006021002;198201012007031003",
}


def _pokja(personal_data: tuple[str, ...], **fields: Any) -> tuple[Any, Converted]:
    out = run(rows(("SPSE-TenderPengumuman", tender(**fields))), personal_data=personal_data)
    (release,) = out.releases
    return release["tender"].get("selectionCommittee"), out


def test_selection_committee_pairs_names_and_nips_as_allowed() -> None:
    committee, out = _pokja((), **POKJA)
    assert committee is None
    assert out.report.withheld == {"official_names": 2, "nip": 2}  # PPK and pokja, names and NIPs
    committee, out = _pokja(("official_names",), **POKJA)
    assert committee == [
        {"id": "1", "name": "ASEP MUSLIM, SE"},
        {"id": "2", "name": "Puji Suwandhi"},
        {"id": "3", "name": "Uri Zaenuri"},
    ]
    committee, out = _pokja(("nip",), **POKJA)
    assert [m["nip"] for m in committee] == ["198001012005011001", "198101012006021002", "198201012007031003"]
    assert all("name" not in m for m in committee)
    # A non-tender names its pokja as "NIP - NAMA" parts (nip_nama_pokja); a tender announcement has no such field.
    nontender = {**tender(nama_pokja=None, nip_pokja=None), "kd_nontender": 10000002000, "status_nontender": "Selesai"}
    nontender.pop("kd_tender")
    nontender.pop("status_tender")
    nontender["nip_nama_pokja"] = "198001012005011001 - ANI;BUDI"
    out = run(rows(("SPSE-NonTenderPengumuman", nontender)), personal_data=("all",))
    (release,) = out.releases
    committee = release["tender"].get("selectionCommittee")
    assert committee == [{"id": "1", "name": "ANI", "nip": "198001012005011001"}, {"id": "2", "name": "BUDI"}]
    assert not out.report.withheld


def test_selection_committee_lists_that_do_not_pair_are_reported() -> None:
    committee, out = _pokja(("all",), nama_pokja="A;B;C", nip_pokja="198001012005011001;198101012006021002")
    assert committee == [{"id": "1", "name": "A"}, {"id": "2", "name": "B"}, {"id": "3", "name": "C"}]
    (issue,) = [i for i in out.report.issues if i.field == "nip_pokja"]
    assert issue.reason == Reason.INCONSISTENT
    assert issue.value == "198001012005011001;198101012006021002"
    # Without the nip opt-in the report names the problem but not the NIPs.
    committee, out = _pokja(("official_names",), nama_pokja="A;B;C", nip_pokja="198001012005011001;198101012006021002")
    assert committee == [{"id": "1", "name": "A"}, {"id": "2", "name": "B"}, {"id": "3", "name": "C"}]
    (issue,) = [i for i in out.report.issues if i.field == "nip_pokja"]
    assert issue.value is None
    assert "198001012005011001" not in json.dumps(out.report.as_dict())


def test_rejections_carry_an_indonesian_message(shared: Path) -> None:
    out = run([ISB_SAMPLES, EXAMPLE])
    rejections = out.report.rejections
    assert {r.reason for r in rejections} >= {
        Reason.ORPHAN,
        Reason.DUPLICATE,
        Reason.EMPTY,
        Reason.UNREFERENCED,
    }
    for rejection in rejections:
        assert rejection.message_id, rejection
        assert rejection.text("id") == rejection.message_id != rejection.message == rejection.text("en")
        assert rejection.as_dict()["message_id"] == rejection.message_id
    orphan = next(r for r in rejections if r.reason == Reason.ORPHAN)
    assert orphan.message_id.startswith("tidak ada ")
    blank = next(r for r in rejections if r.message.startswith("none of"))
    assert (
        blank.message_id
        == "tidak satu pun dari " + blank.message.removeprefix("none of ").removesuffix(" is given") + " diisi"
    )
    unknown = run([SourceRow(None, {"x": 1}, "x.json", "row 1")]).report.rejections[0]
    assert unknown.reason == Reason.UNKNOWN_DATASET
    assert unknown.text("id") == "tidak ada dataset ISB yang cocok dengan field baris ini"


def test_reader_messages_of_unknown_files_are_in_indonesian_too(tmp_path: Path) -> None:
    path = tmp_path / "strange.json"
    path.write_text('[{"foo": 1, "bar": 2}]')
    (rejection,) = run([path]).report.rejections
    assert rejection.reason == Reason.UNKNOWN_DATASET
    assert "bar, foo" in rejection.message
    assert rejection.text("id") == (
        "tidak ada dataset ISB yang dikenal dengan kolom-kolom ini (bar, foo); bila memang dataset ISB, "
        "beri kolomnya nama field ISB"
    )
