"""The "Add an OCDS version" checklist of ``docs/architecture.md`` names files and names that exist.

Each backticked path of the section (``standard/versions.py``, ``schemas/titles-id.json``,
``tests/validate/test_versions.py``) is a file of the project (a path under the package is written from
the package's folder), and each ``file.py:NAME`` names something that file defines.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "ocds_regency"
DOC = ROOT / "docs" / "architecture.md"


def _section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"### {title}\n")
    end = text.find("\n## ", start)
    following = text.find("\n### ", start + 1)
    ends = [i for i in (end, following) if i != -1]
    return text[start : min(ends) if ends else len(text)]


def _references(section: str) -> list[tuple[str, str | None]]:
    found = []
    for token in re.findall(r"`([^`\s]+)`", section):
        path, _, name = token.partition(":")
        if "<" in path or path.startswith(("..", "http", "path/")) or not re.search(r"/.*\.(py|json)$|/$|\.py$", path):
            continue
        word = re.match(r"\w+", name)
        found.append((path, word.group() if word else None))
    return found


def _locate(path: str) -> Path | None:
    for base in (ROOT, PACKAGE):
        if (base / path).exists():
            return base / path
    return None


def _defines(path: Path, name: str) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return True
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            return True
    return False


def test_the_add_an_ocds_version_checklist_names_real_files_and_names() -> None:
    references = _references(_section("Add an OCDS version"))
    paths = {path for path, _ in references}
    # the files a maintainer adding a version touches, and the test that holds the section
    assert {
        "standard/versions.py",
        "scripts/derive_schemas.py",
        "models/__init__.py",
        "schemas/titles-id.json",
    } <= paths
    assert "tests/validate/test_versions.py" in paths
    missing = []
    for path, name in references:
        if path.startswith("schemas/ocds/1.2"):  # the directory the step creates
            continue
        located = _locate(path)
        if located is None:
            missing.append(path)
        elif name is not None and located.suffix == ".py" and not _defines(located, name):
            missing.append(f"{path}:{name}")
    assert missing == []


def test_the_check_notices_a_missing_file(tmp_path: Path) -> None:
    assert _references("`standard/nowhere.py:THING`, `models/`, `<major.minor>/`, `codelists.json`, `kit.py`") == [
        ("standard/nowhere.py", "THING"),
        ("models/", None),
        ("kit.py", None),
    ]
    assert _locate("standard/nowhere.py") is None
    assert not _defines(PACKAGE / "standard" / "versions.py", "NO_SUCH_NAME")
    assert _defines(PACKAGE / "standard" / "versions.py", "DEFAULT_VERSION")
