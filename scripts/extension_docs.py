#!/usr/bin/env python3
"""Publish ocds-regency's own extensions on the documentation site (an mkdocs hook, and a script).

Each project-authored extension bundled in ``schemas/extensions/`` (``indonesia``) is declared in
published packages by a URL under the documentation site, ``.../extension/<id>/extension.json``. When
mkdocs builds the site, this hook (``hooks:`` in ``mkdocs.yml``) writes that ``extension.json`` (in the
standard extension format) and its ``release-schema.json`` into ``<site>/extension/<id>/``, from the one
bundled copy: nothing is committed twice. As a script, it writes them into a directory of your choice::

    python scripts/extension_docs.py DIRECTORY
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "schemas" / "extensions"
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


def write(target: Path) -> list[Path]:
    """Write the site files of every project extension under ``target`` (``target/<id>/...``)."""
    written = []
    for ext_id in PROJECT_EXTENSIONS:
        data = json.loads((BUNDLED / f"{ext_id}.json").read_text(encoding="utf-8"))
        expected_url = f"/extension/{ext_id}/extension.json"
        if not str(data.get("url", "")).endswith(expected_url):
            raise ValueError(f"{ext_id}: its url must end with {expected_url}")
        for name, value in files_for(data).items():
            path = target / ext_id / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            written.append(path)
    return written


def on_post_build(config: Any, **kwargs: Any) -> None:
    """mkdocs hook: publish the extensions at ``<site>/extension/<id>/``."""
    write(Path(config["site_dir"]) / "extension")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path, help="where to write <id>/extension.json and release-schema.json")
    args = parser.parse_args(argv)
    for path in write(args.directory):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
