#!/usr/bin/env python3
"""Write the files of ocds-regency's own extensions into the documentation site.

Each project-authored extension bundled in ``src/ocds_regency/schemas/extensions/`` (``indonesia``) is
declared in published packages by a URL under the documentation site,
``.../extension/<id>/extension.json``. This script writes that ``extension.json`` (in the standard
extension format) and its ``release-schema.json`` into ``docs/extension/<id>/`` so that mkdocs publishes
them at exactly that URL. ``--check`` reports stale files instead of writing (a test runs it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "src" / "ocds_regency" / "schemas" / "extensions"
SITE = ROOT / "docs" / "extension"
PROJECT_EXTENSIONS = ("indonesia",)


def files_for(data: dict[str, Any]) -> dict[str, Any]:
    """The site files of one bundled project extension, as ``{file name: JSON value}``."""
    names = data.get("names") or {"en": data["name"]}
    documentation = data.get("documentationUrl")
    meta: dict[str, Any] = {
        "name": names,
        "description": data.get("description", {}),
        "documentationUrl": {"en": documentation} if isinstance(documentation, str) else documentation,
        "compatibility": data.get("compatibility", ["1.1"]),
        "schemas": ["release-schema.json"],
    }
    if data.get("dependencies"):
        meta["dependencies"] = data["dependencies"]
    if data.get("codelists"):
        meta["codelists"] = sorted(data["codelists"])
    return {"extension.json": meta, "release-schema.json": data["release-schema"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report whether the files are current")
    args = parser.parse_args(argv)
    stale: list[str] = []
    for ext_id in PROJECT_EXTENSIONS:
        data = json.loads((BUNDLED / f"{ext_id}.json").read_text(encoding="utf-8"))
        expected_url = f"/extension/{ext_id}/extension.json"
        if not str(data.get("url", "")).endswith(expected_url):
            print(f"{ext_id}: its url must end with {expected_url}", file=sys.stderr)
            return 1
        for name, value in files_for(data).items():
            path = SITE / ext_id / name
            text = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
            if args.check:
                if not path.is_file() or path.read_text(encoding="utf-8") != text:
                    stale.append(str(path.relative_to(ROOT)))
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"stale: {path} (run python scripts/extension_docs.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
