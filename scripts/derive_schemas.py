#!/usr/bin/env python3
"""Derive the schema data that ocds-regency ships from the OCDS reference material.

Reads the official OCDS schemas and codelists of each version in :data:`STANDARDS` (1.1.5 today), the
bundled extensions (by default from ``../shared/standard`` next to the project root) and writes their
*structure* into ``schemas/`` (the one copy in the repository; the wheel installs it as
``ocds_regency.schemas``). Each OCDS version gets its own directory, ``ocds/<major.minor>/``:

* ``ocds/1.1/release-schema.json``, ``release-package-schema.json``, ``record-package-schema.json`` and
  ``versioned-release-validation-schema.json``: every keyword kept (types, required, enums, formats,
  patterns, ``$ref``s, merge keywords, ``codelist``/``openCodelist``, ``deprecated``) except the prose
  keywords ``title`` and ``description`` (and ``deprecated.description``). The ``id`` of the release
  schema names the full version (``1__1__5``): the library reads the version from it.
* ``ocds/1.1/codelists.json``: for each core codelist its codes and whether the release schema uses it as
  an open or a closed codelist.

To add an OCDS version, put its release in the source directory (``ocds-1.2.0/``), add it to
:data:`STANDARDS` and run the script: ``schemas/ocds/1.2/`` is all the library needs.
* ``extensions/<id>.json``: for each bundled extension its id, repository name, version and the versioned
  URL of its ``extension.json`` (the URL packages declare), English name,
  compatibility, the release-schema JSON Merge Patch (prose dropped) and the codes of each codelist file
  (``+name.csv`` additions and ``-name.csv`` removals keep their prefix).

* ``isb/<dataset>.json``: for each ISB dataset the readers accept, a JSON Schema of one row as the ISB
  API gives it, derived from the typed ISB records (``ocds_regency.isb``): the fields and the raw JSON
  types each accepts (a code may come as a number, an amount as text...), the key fields as required,
  unknown fields allowed. An integrator can check an export with it before converting it.

Run it again whenever the reference material or the ISB records change::

    python scripts/derive_schemas.py [--source ../shared/standard] [--check]

``--check`` compares instead of writing and exits 1 when the committed files are stale.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "standard"
TARGET = ROOT / "schemas"

#: The OCDS versions bundled: schema directory (major.minor) -> the source directory of its schemas.
STANDARDS = {"1.1": "ocds-1.1.5"}
#: The version whose core codelists tell whether an extension's codelist is open (the library's default).
DEFAULT_STANDARD = "1.1"

SCHEMA_FILES = (
    "release-schema.json",
    "release-package-schema.json",
    "record-package-schema.json",
    "versioned-release-validation-schema.json",
)

#: Bundled extensions: short id -> repository directory name.
EXTENSIONS = {
    "bids": "ocds_bid_extension",
    "location": "ocds_location_extension",
    "budgetBreakdown": "ocds_budget_breakdown_extension",
    "partyScale": "ocds_partyDetails_scale_extension",
    "procedure": "ocds_procedure_extension",
}
#: The version of each bundled extension (the tag its files were taken from; see ../shared/README.md:
#: the v1.1.5 tags where they exist, else the default branch). Packages declare the extension by the URL
#: of its ``extension.json`` at that version.
EXTENSION_VERSIONS = {
    "bids": "v1.1.5",
    "location": "v1.1.5",
    "budgetBreakdown": "v1.1.5",
    "partyScale": "v1.1.5",
    "procedure": "master",
}
EXTENSION_URL = "https://raw.githubusercontent.com/open-contracting-extensions/{repository}/{version}/extension.json"

PROSE = frozenset({"title", "description"})
#: Keywords whose value maps names to subschemas (the names themselves are data, never prose).
SCHEMA_MAPS = frozenset({"properties", "definitions", "patternProperties"})


def strip_prose(node: Any) -> Any:
    """Return a copy of a schema (or merge patch) with prose keywords removed."""
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in PROSE and not isinstance(value, dict):
            continue
        if key in PROSE and isinstance(value, dict) and "type" not in value and "$ref" not in value:
            # e.g. a multilingual {"en": "..."} prose object
            continue
        if key in SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: strip_prose(sub) for name, sub in value.items()}
        elif key == "deprecated" and isinstance(value, dict):
            out[key] = {k: v for k, v in value.items() if k != "description"}
        else:
            out[key] = strip_prose(value)
    return out


def read_codes(path: Path) -> list[str]:
    """Return the ``Code`` column of a codelist CSV, in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["Code"] for row in csv.DictReader(handle)]


def codelist_usage(schema: Any, found: dict[str, set[bool]]) -> None:
    """Collect, for each codelist file named in a schema, the ``openCodelist`` values it is used with."""
    if isinstance(schema, dict):
        if "codelist" in schema:
            found.setdefault(schema["codelist"], set()).add(bool(schema.get("openCodelist", False)))
        for value in schema.values():
            codelist_usage(value, found)
    elif isinstance(schema, list):
        for value in schema:
            codelist_usage(value, found)


def derive_version(core: Path) -> tuple[dict[str, Any], dict[str, set[bool]]]:
    """The files of one OCDS version's directory, and the openness of each codelist its release schema uses."""
    files: dict[str, Any] = {}
    raw_release = json.loads((core / "release-schema.json").read_text(encoding="utf-8"))
    for name in SCHEMA_FILES:
        files[name] = strip_prose(json.loads((core / name).read_text(encoding="utf-8")))

    usage: dict[str, set[bool]] = {}
    codelist_usage(raw_release, usage)
    codelists: dict[str, Any] = {}
    for csv_path in sorted((core / "codelists").glob("*.csv")):
        openness = usage.get(csv_path.name, {True})
        codelists[csv_path.stem] = {
            "codes": read_codes(csv_path),
            # A codelist used anywhere as closed is validated as closed there; the flag records the
            # strictest use (every core codelist is used consistently in 1.1.5).
            "open": all(openness),
        }
    files["codelists.json"] = codelists
    return files, usage


def derive(source: Path) -> dict[str, Any]:
    """Compute every derived file as ``{relative path: JSON value}``."""
    files: dict[str, Any] = {}
    usage: dict[str, set[bool]] = {}
    for version, directory in STANDARDS.items():
        version_files, version_usage = derive_version(source / directory)
        files.update({f"ocds/{version}/{name}": value for name, value in version_files.items()})
        if version == DEFAULT_STANDARD:
            usage = version_usage

    for ext_id, repo in EXTENSIONS.items():
        directory = source / "extensions" / repo
        meta = json.loads((directory / "extension.json").read_text(encoding="utf-8"))
        patch = json.loads((directory / "release-schema.json").read_text(encoding="utf-8"))
        ext_usage: dict[str, set[bool]] = {}
        codelist_usage(patch, ext_usage)
        ext_codelists: dict[str, Any] = {}
        for csv_name in meta.get("codelists", []):
            plain = csv_name.lstrip("+-")
            ext_codelists[csv_name] = {
                "codes": read_codes(directory / "codelists" / csv_name),
                "open": all(ext_usage.get(plain, usage.get(plain, {True}))),
            }
        files[f"extensions/{ext_id}.json"] = {
            "id": ext_id,
            "repository": repo,
            "version": EXTENSION_VERSIONS[ext_id],
            "url": EXTENSION_URL.format(repository=repo, version=EXTENSION_VERSIONS[ext_id]),
            "name": meta["name"]["en"],
            "compatibility": meta.get("compatibility", []),
            "release-schema": strip_prose(patch),
            "codelists": ext_codelists,
        }
    return files


#: The raw JSON types the ISB readers accept for each kind of field, and what the kind means.
ISB_KINDS: dict[str, tuple[list[str], str]] = {
    "text": (["string", "number", "integer", "null"], "Text."),
    "longtext": (["string", "null"], "Text of several lines."),
    "html": (["string", "null"], "Text with HTML markup (converted to plain text)."),
    "url": (["string", "null"], "A web address (an absolute http or https URL)."),
    "code": (["string", "integer", "null"], "An identifier or code (a number is read as its digits)."),
    "codes": (["string", "array", "null"], "A list of codes: an array, or text separated by ';' or ','."),
    "names": (["string", "array", "null"], "A list of names: an array, or text separated by ';'."),
    "mak": (["string", "array", "null"], "Budget account codes (MAK): an array, or text separated by ';' or ','."),
    "rupiah": (
        ["number", "integer", "string", "null"],
        "An amount in Rupiah: a number or text (Rp 1.000.000,00); 0 is read as unknown.",
    ),
    "rupiah_or_zero": (["number", "integer", "string", "null"], "An amount in Rupiah, where 0 is a real zero."),
    "number": (["number", "integer", "string", "null"], "A number, or numeric text."),
    "int": (["integer", "number", "string", "null"], "A whole number, or numeric text."),
    "bool": (["boolean", "integer", "string", "null"], "Yes or no: true/false, 1/0, or text such as 'ya'/'tidak'."),
    "date": (["string", "null"], "A date, or date and time, in one of the ISB forms."),
    "npwp": (["string", "integer", "null"], "A taxpayer number (NPWP, 15 or 16 digits, with or without punctuation)."),
    "satker": (["string", "integer", "null"], "A work-unit code (kd_satker_str)."),
}


def derive_isb() -> dict[str, Any]:
    """JSON Schemas of the ISB datasets' rows, from the typed records: ``{"isb/<name>.json": schema}``."""
    sys.path.insert(0, str(ROOT / "src"))
    from ocds_regency.isb import DATASETS

    files: dict[str, Any] = {}
    for name, dataset in sorted(DATASETS.items()):
        properties = {}
        for field, kind in dataset.model.field_kinds().items():
            types, meaning = ISB_KINDS[kind]
            properties[field] = {"type": types, "description": meaning}
        schema: dict[str, Any] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://ocds-regency.readthedocs.io/en/latest/schemas/isb/{name}.json",
            "title": name,
            "description": (
                f"One row of the LKPP ISB dataset {name} ({dataset.description}), as ocds-regency reads it. "
                f"Rows without {', '.join(dataset.keys)} are rejected."
            ),
            "type": "object",
            "required": list(dataset.keys),
            "properties": properties,
            "additionalProperties": True,
        }
        if dataset.names_any:
            schema["anyOf"] = [{"required": [field]} for field in dataset.names_any]
        files[f"isb/{name}.json"] = schema
    return files


def dump(value: Any) -> str:
    """Serialise a derived file deterministically."""
    return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the shared/standard directory")
    parser.add_argument("--target", type=Path, default=TARGET, help="where to write the derived files")
    parser.add_argument("--check", action="store_true", help="only report whether the target is up to date")
    args = parser.parse_args(argv)

    files = {**derive(args.source), **derive_isb()}
    stale = []
    for relative, value in files.items():
        path = args.target / relative
        text = dump(value)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(relative)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if args.check:
        for relative in stale:
            print(f"stale: {relative}", file=sys.stderr)
        return 1 if stale else 0
    print(f"wrote {len(files)} files to {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
