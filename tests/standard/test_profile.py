"""The bundled schemas, codelists and extensions load offline and apply correctly."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from ocds_regency.errors import ExtensionError, UnknownExtensionError
from ocds_regency.standard import (
    BUNDLED_EXTENSION_IDS,
    SCHEMA_BASE_URL,
    apply_merge_patch,
    core_schema,
    find_bundled_extension,
    load_extension,
    load_profile,
)
from tests.conftest import STANDARD


def test_core_profile_is_the_plain_release_schema() -> None:
    profile = load_profile()
    assert profile.extensions == ()
    original = json.loads((STANDARD / "ocds-1.1.5/release-schema.json").read_text())
    assert set(profile.release_schema["properties"]) == set(original["properties"])
    assert set(profile.release_schema["definitions"]) == set(original["definitions"])
    assert "bids" not in profile.release_schema["properties"]


def test_prose_is_dropped_but_structure_kept() -> None:
    schema = core_schema("release-schema.json")
    tender = schema["definitions"]["Tender"]
    assert "description" not in tender and "title" not in tender
    # property *names* called title/description survive
    assert {"title", "description"} <= set(tender["properties"])
    assert tender["properties"]["status"]["codelist"] == "tenderStatus.csv"
    assert tender["properties"]["status"]["openCodelist"] is False
    assert "wholeListMerge" not in tender["properties"]["items"]
    assert schema["definitions"]["Organization"]["properties"]["additionalIdentifiers"]["wholeListMerge"] is True
    assert schema["properties"]["date"]["format"] == "date-time"
    assert schema["definitions"]["Organization"]["properties"]["identifier"]["$ref"] == "#/definitions/Identifier"
    assert schema["properties"]["id"]["omitWhenMerged"] is True
    assert schema["definitions"]["Budget"]["properties"]["source"]["deprecated"] == {"deprecatedVersion": "1.1"}


def test_codelists_match_the_csv_files() -> None:
    profile = load_profile()
    folder = STANDARD / "ocds-1.1.5/codelists"
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            expected = [row["Code"] for row in csv.DictReader(handle)]
        assert list(profile.codelists[path.stem].codes) == expected
    assert profile.codelists["method"].open is False
    assert profile.codelists["documentType"].open is True
    assert "IDR" in profile.codelists["currency"]
    assert "XXX-NOT-A-CODE" not in profile.codelists["currency"]


def test_bids_extension_adds_bids_and_related_bid() -> None:
    profile = load_profile(["bids"])
    assert "bids" in profile.release_schema["properties"]
    assert "relatedBid" in profile.release_schema["definitions"]["Award"]["properties"]
    assert "Bid" in profile.release_schema["definitions"]
    assert "bidStatus" in profile.codelists
    assert profile.codelists["bidStatus"].open is False
    assert profile.codelists["bidStatistics"].open is True


def test_codelist_additions_are_applied() -> None:
    assert "sourceParty" not in load_profile().codelists["partyRole"]
    profile = load_profile(["budgetBreakdown"])
    assert "sourceParty" in profile.codelists["partyRole"]
    assert "budgetBreakdown" in profile.release_schema["definitions"]["Budget"]["properties"]


def test_every_bundled_extension_applies() -> None:
    profile = load_profile(BUNDLED_EXTENSION_IDS)
    assert profile.extension_ids == BUNDLED_EXTENSION_IDS
    definitions = profile.release_schema["definitions"]
    assert "deliveryLocation" in definitions["Item"]["properties"]
    assert "scale" in definitions["Organization"]["properties"]["details"]["properties"]
    assert "procedure" in definitions["Tender"]["properties"]
    jsonschema.Draft4Validator.check_schema(dict(profile.release_schema))


def test_extensions_found_by_url_and_repository_name() -> None:
    url = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
    assert find_bundled_extension(url) is find_bundled_extension("bids")
    assert load_extension("ocds_location_extension").id == "location"
    assert find_bundled_extension("https://example.com/unknown/extension.json") is None


def test_profiles_are_cached_and_deduplicated() -> None:
    assert load_profile(["bids", "bids"]) is load_profile(["bids"])
    assert load_profile(["bids", "location"]) is not load_profile(["location", "bids"])


def test_unknown_extension_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UnknownExtensionError, match="no-such-extension"):
        load_profile(["no-such-extension"])
    with pytest.raises(UnknownExtensionError, match="never downloads"):
        load_profile(["https://example.com/ocds_unknown/extension.json"])
    with pytest.raises(ExtensionError, match=r"extension\.json"):
        load_profile([tmp_path])


def test_local_extension_directory(tmp_path: Path) -> None:
    ext = tmp_path / "ocds_local_extension"
    (ext / "codelists").mkdir(parents=True)
    (ext / "extension.json").write_text(
        json.dumps(
            {
                "name": {"en": "Local"},
                "codelists": ["+method.csv", "fundingSource.csv"],
                "schemas": ["release-schema.json"],
            }
        )
    )
    (ext / "release-schema.json").write_text(
        json.dumps(
            {
                "definitions": {
                    "Tender": {
                        "properties": {
                            "fundingSource": {
                                "type": "string",
                                "codelist": "fundingSource.csv",
                                "openCodelist": False,
                                "enum": ["APBD", "APBN"],
                            }
                        }
                    }
                }
            }
        )
    )
    (ext / "codelists" / "+method.csv").write_text("Code,Title\nswakelola,Self-managed\n")
    (ext / "codelists" / "fundingSource.csv").write_text("Code,Title\nAPBD,APBD\nAPBN,APBN\n")
    profile = load_profile([ext])
    assert profile.extensions[0].id == "ocds_local_extension"
    assert "fundingSource" in profile.release_schema["definitions"]["Tender"]["properties"]
    # a closed codelist gains the code both in the codelist and in the schema enum
    assert "swakelola" in profile.codelists["method"]
    method_enum = profile.release_schema["definitions"]["Tender"]["properties"]["procurementMethod"]["enum"]
    assert "swakelola" in method_enum and None in method_enum
    assert profile.codelists["fundingSource"].open is False
    assert load_profile([ext]) is profile


def test_broken_local_extension(tmp_path: Path) -> None:
    ext = tmp_path / "broken"
    shutil.copytree(STANDARD / "extensions/ocds_procedure_extension", ext)
    (ext / "release-schema.json").write_text("{not json")
    with pytest.raises(ExtensionError, match=r"release-schema\.json"):
        load_profile([ext])


def test_merge_patch_semantics() -> None:
    target = {"a": 1, "b": {"c": 2, "d": 3}, "e": [1]}
    patched = apply_merge_patch(target, {"b": {"c": None, "x": 4}, "e": [2], "f": {"g": 1}})
    assert patched == {"a": 1, "b": {"d": 3, "x": 4}, "e": [2], "f": {"g": 1}}
    assert target == {"a": 1, "b": {"c": 2, "d": 3}, "e": [1]}


def test_refs_resolve_offline_to_the_profile() -> None:
    profile = load_profile(["bids"])
    validator = jsonschema.Draft4Validator(dict(profile.release_package_schema), registry=profile.registry())
    release = {
        "ocid": "ocds-a-1",
        "id": "1",
        "date": "2024-01-01T00:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "bids": {"details": [{"id": 1}]},
    }
    package = {
        "uri": "https://example.com/p.json",
        "publisher": {"name": "X"},
        "publishedDate": "2024-01-01T00:00:00Z",
        "version": "1.1",
        "releases": [release],
    }
    messages = [error.message for error in validator.iter_errors(package)]
    # the bids extension is in force through the canonical $ref
    assert any("1 is not of type 'string'" in message for message in messages)
    assert SCHEMA_BASE_URL.startswith("https://standard.open-contracting.org/")


def test_bundled_data_is_up_to_date(shared: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, str(root / "scripts/derive_schemas.py"), "--check", "--source", str(shared / "standard")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
