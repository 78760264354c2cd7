"""A fake "OCDS 1.2" for the tests of the version setting: the bundled 1.1 directory copied with its ids
changed to ``1__2__0``, two new release fields (``newIn12``, and ``listIn12``, a list merged whole) and one
more required release-package field (``license``), so that each change can show through the public API,
the commands and the models' coverage test.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from ocds_regency.standard import DEFAULT_VERSION

OLD = "/schema/1__1__5/"
NEW = "/schema/1__2__0/"


def bundled_directory(version: str = DEFAULT_VERSION) -> Path:
    """The directory of a bundled version's schemas."""
    return Path(str(resources.files("ocds_regency.schemas") / "ocds" / version))


def make_ocds_12(target: Path) -> Path:
    """Write the fake OCDS 1.2 schema directory at ``target`` (created) and return it."""
    source = bundled_directory()
    target.mkdir()
    for entry in source.iterdir():
        if entry.name.endswith(".json"):
            text = entry.read_text(encoding="utf-8")
            assert entry.name == "codelists.json" or OLD in text
            (target / entry.name).write_text(text.replace(OLD, NEW), encoding="utf-8")
    release = json.loads((target / "release-schema.json").read_text())
    release["properties"]["newIn12"] = {"type": ["string", "null"]}
    release["properties"]["listIn12"] = {
        "type": "array",
        "items": {"type": "object", "properties": {"id": {"type": ["string", "integer"]}}},
        "wholeListMerge": True,
    }
    (target / "release-schema.json").write_text(json.dumps(release))
    package = json.loads((target / "release-package-schema.json").read_text())
    package["required"] = [*package["required"], "license"]
    (target / "release-package-schema.json").write_text(json.dumps(package))
    return target
